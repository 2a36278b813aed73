"""``quiz lint``: checks of deck items against published item-writing rules.

Each rule family is a module (:mod:`.choices`, :mod:`.hints`, :mod:`.typos`,
:mod:`.duplicates`, :mod:`.framing`); :mod:`.rules` lists them, :mod:`.runner` applies them
to deck files and locates each finding, :mod:`.baseline` compares findings with a recorded
baseline. A card silences a rule with ``lint: {ignore: [rule-id], why: "..."}``.
"""
