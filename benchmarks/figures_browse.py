"""Browse at scale, in a real pseudo-terminal: opening a large deck's card list, and a search
keystroke updating it.

The app runs with the medium deck (10,000 cards) and the 100,000-item store. A Browse screen
is open once its status says how many cards it lists, which it says when the list with every
card's state is on screen; a keystroke has updated the list once the status shows the new
count. The keys typed are words of the synthetic decks, a letter at a time and then erased;
how many cards each prefix matches is worked out here the way Browse matches (every word of
the query in the card's text), so only keys that change the count are timed; after any other
key, the next waits until the search field shows it.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path

from benchmarks.figures_tui import (
    DECKS_LISTED,
    FIRST_FRAME,
    MS,
    bare_keypress,
    quiz_command,
    settle,
)
from benchmarks.inputs import Inputs
from benchmarks.measure import Figure, Goal, Measurement
from benchmarks.terminal import Terminal

# Words typed into the search field, a letter at a time, then erased: common and rare words
# of the synthetic decks, a two-word query, a card id, and a word no card holds.
QUERIES = (
    "cytokine",
    "hypoxia marrow",
    "card-0012",
    "bispecific",
    "zeta",
    "relapse",
    "lentiviral dose",
)
BROWSE_TITLE = "› Browse"
PLACEHOLDER = "Search: / then type"
BACKSPACE = b"\x7f"
ESCAPE = b"\x1b"


def status_text(shown: int, total: int) -> str:
    """The Browse status for ``shown`` of ``total`` cards (as the screen words it)."""
    if shown == total:
        return f"{total} card" + ("" if total == 1 else "s")
    return f"{shown} of {total} cards"


def status_pattern(shown: int, total: int) -> re.Pattern[str]:
    """The status, not as the tail of a longer one ("5 of 10 cards" holds "10 cards")."""
    return re.compile(r"(?<!of )(?<!\d)" + re.escape(status_text(shown, total)))


def echo_pattern(query: str) -> re.Pattern[str]:
    """The search field showing ``query`` (the rest of its line blank), or its placeholder."""
    return re.compile(re.escape(query) + " {30,}" if query else re.escape(PLACEHOLDER))


def search_keys(texts: list[str], count: int) -> list[tuple[bytes, str, int]]:
    """``count`` keys typed into the search field, each with the query it leaves and how many
    cards match that."""
    keys: list[tuple[bytes, str, int]] = []
    while len(keys) < count:
        for query in QUERIES:
            typed = [query[: end + 1] for end in range(len(query))]
            erased = [query[:end] for end in range(len(query) - 1, -1, -1)]
            presses = [(q[-1].encode(), q) for q in typed] + [(BACKSPACE, q) for q in erased]
            for key, text in presses:
                words = text.casefold().split()
                keys.append((key, text, sum(all(w in card for w in words) for card in texts)))
    return keys[:count]


def _card_texts(deck_path: Path) -> list[str]:
    from quiz.deck.loader import load_paths
    from quiz.tui.text import search_text

    deck = load_paths([deck_path]).decks[0].deck
    return [search_text(deck, card) for card in deck.cards]


def _open_browse(terminal: Terminal, total: int) -> float:
    """Seconds from ``b`` on the deck list until Browse lists the deck.

    The status is looked for after Browse's title, as the deck list's detail also counts the
    deck's cards."""
    start = len(terminal.text)
    pressed = terminal.press(b"b")
    title, _ = terminal.wait_for(BROWSE_TITLE, start=start, timeout=120)
    terminal.wait_for(status_pattern(total, total), start=title.end(), timeout=120)
    return time.perf_counter() - pressed


def _back_to_decks(terminal: Terminal) -> None:
    start = len(terminal.text)
    terminal.press(ESCAPE)
    terminal.wait_for(DECKS_LISTED, start=start)


def browse_figures(inputs: Inputs, runs: int, work: Path) -> list[Figure]:
    """Open Browse on the medium deck ``runs`` times, then type search keys into it."""
    data = work / "tui-browse"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(inputs.store, data / "progress.db")
    texts = _card_texts(inputs.medium)
    total = len(texts)
    keys = search_keys(texts, inputs.scale.keypress_cards)
    rng = random.Random(total)
    opens: list[float] = []
    typed: list[float] = []
    with Terminal(quiz_command(data, "study", str(inputs.medium))) as terminal:
        terminal.wait_for(FIRST_FRAME)
        terminal.wait_for(DECKS_LISTED, timeout=120)
        terminal.drain(0.2)  # the rest of the list, and the deck's detail under it
        _open_browse(terminal, total)  # untimed: waits for the deck to be built
        _back_to_decks(terminal)
        for _ in range(runs):
            settle(terminal, rng)
            opens.append(_open_browse(terminal, total))
            settle(terminal, rng)
            _back_to_decks(terminal)
        settle(terminal, rng)
        _open_browse(terminal, total)
        start = len(terminal.text)
        terminal.press(b"/")
        # Focus moves once the keys already sent are handled: a key sent before that goes to
        # the list. The focused field's cursor blinks, drawing the field again each time: two
        # draws say it has the focus and the app is idle.
        for _ in range(2):
            start = terminal.wait_for(echo_pattern(""), start=start, timeout=300)[0].end()
        shown = total
        for key, query, matching in keys:
            settle(terminal, rng)
            start = len(terminal.text)
            pressed = terminal.press(key)
            if matching != shown:
                terminal.wait_for(status_pattern(matching, total), start=start, timeout=300)
                typed.append(time.perf_counter() - pressed)
            else:  # nothing to time: wait until the key was handled, as a slow app may lag
                terminal.wait_for(echo_pattern(query), start=start, timeout=300)
            shown = matching
    floor = Measurement(
        "bare Textual app, key to new text", "ms", [s * MS for s in bare_keypress(len(keys))]
    )
    history = f"{inputs.shape.items:,}-item store"
    return [
        Figure(
            "browse-open",
            f"`b` on a {total:,}-card deck → Browse lists its cards with their states",
            Measurement("b → card list", "ms", [s * MS for s in opens]),
            floor,
            (Goal.absolute(150.0),),
            note=f"the deck already built; its states read from the {history}",
        ),
        Figure(
            "browse-keystroke",
            f"a search keystroke in Browse ({total:,} cards) → the list updated",
            Measurement("key → list and count updated", "ms", [s * MS for s in typed]),
            floor,
            (Goal.absolute(16.7),),
            note=f"{len(typed)} of {len(keys)} keys change the count and are timed",
        ),
    ]
