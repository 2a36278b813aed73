"""The answers the content review found graded wrongly (its §3.4 and §3.5), for the bundled
decks: (deck file, card id, cloze group or None, typed answer, whether it is right).

Each case names the card and blank where its fact lives since the deck revision merged the
duplicates (decks/README.md lists them): the typed card on the knocked-out receptor is
``allogeneic: tcr-knockout-typed`` (it replaced ``toxicities: tcr-knockout``). One case is
no longer asked: the blank ``crs-range-cloze`` c2 ("intensive care") went with its card, and
the fact that severe CRS may need intensive care is taught by ``toxicities: crs-severity-range``
(a choice card) and ``icu-why`` (a basic card), neither of which grades typed text.
"""

from __future__ import annotations

Case = tuple[str, str, int | None, str, bool]

_TOO_STRICT_CLOZE: dict[tuple[str, str, int], list[str]] = {
    ("02-toxicities", "icans-cloze", 3): ["corticosteroids", "glucocorticoids", "dexamethasone"],
    ("01-mechanisms", "car-anatomy-order", 2): ["spacer"],
    ("01-mechanisms", "car-anatomy-order", 1): ["single-chain variable fragment"],
    ("01-mechanisms", "activation-chain", 2): ["ITAMs"],
    ("01-mechanisms", "activation-chain", 1): ["clustering"],
    ("01-mechanisms", "manufacturing-steps", 1): ["collect", "harvested", "isolated"],
    ("01-mechanisms", "manufacturing-steps", 2): ["engineer", "transduced", "modified"],
    ("01-mechanisms", "manufacturing-steps", 3): ["expand"],
    ("01-mechanisms", "manufacturing-steps", 4): ["reinfused"],
    ("04-allogeneic", "talen-crispr-cloze", 2): ["CRISPR-Cas9", "CRISPR/Cas9"],
    ("04-allogeneic", "in-vivo-cloze", 2): [
        "viral vectors",
        "lentiviral vectors",
        "lipid nanoparticles",
    ],
    ("05-microenvironment", "three-strategies-cloze", 3): [
        "modify",
        "remodel",
        "reprogram",
        "alter",
    ],
    ("05-microenvironment", "three-strategies-cloze", 2): ["stromal components"],
    ("05-microenvironment", "reprogram-tme-cloze", 1): ["conducive"],
    ("02-toxicities", "longterm-cloze", 2): ["sustainable", "lasting", "durability"],
    ("02-toxicities", "otot-cloze", 1): ["normal"],
    ("02-toxicities", "otot-cloze", 2): ["small", "lower"],
    ("05-microenvironment", "armored-payloads-cloze", 2): ["immune checkpoint", "PD-1"],
    ("06-platforms", "gbm-cloze", 1): ["glioblastoma multiforme", "GBM"],
    ("06-platforms", "gbm-cloze", 2): ["62 percent", "about 62%"],
    ("06-platforms", "research-persistence-exhaustion", 1): [
        "longevity",
        "survival",
        "durability",
    ],
    ("06-platforms", "research-persistence-exhaustion", 2): ["dysfunction"],
    ("06-platforms", "dc-vaccine-cloze", 2): ["synergy"],
    ("06-platforms", "outpatient-cloze", 2): ["toxicities"],
    ("03-logic-gating", "synnotch-tf-car", 1): ["transcriptional activator"],
    ("02-toxicities", "icans-cloze", 1): ["encephalopathy", "delirium"],
}
_TOO_STRICT_TYPED: dict[tuple[str, str], list[str]] = {
    ("02-toxicities", "crs-rate-typed"): [
        "~10-20%",
        "approximately 10-20%",
        "around 10-20%",
        "roughly 10-20%",
    ],
    ("02-toxicities", "trm-typed"): ["below 3 percent", "fewer than 3%", "less than three percent"],
    ("06-platforms", "til-approval-year"): ["16 February 2024", "February 16, 2024"],
    ("03-logic-gating", "tandem-car-name"): [
        "bivalent CAR",
        "bivalent tandem CAR",
        "dual-specific CAR",
    ],
    ("01-mechanisms", "ifn-gamma"): ["IFN-y", "IFNy"],
    ("01-mechanisms", "cd3-zeta"): ["CD3ζ domain", "CD3 zeta domain"],
    ("01-mechanisms", "scfv-name"): ["scFvs"],
    ("02-toxicities", "otot-her2-lung"): ["the lung", "alveolar epithelium"],
    ("04-allogeneic", "tcr-knockout-typed"): ["endogenous TCR", "native TCR", "TCRs"],
    ("02-toxicities", "nk-liu2020-none"): ["0 patients", "0/11", "none of them"],
    ("04-allogeneic", "cost-lower-bound-typed"): ["375,000$", "about $375,000", "$375,000 USD"],
    ("02-toxicities", "ice-score"): ["Immune Effector Cell Encephalopathy score"],
    ("03-logic-gating", "bcma-cleaving-enzyme"): ["gamma-secretease"],
    ("03-logic-gating", "gsi-drug-class"): ["gamma-secretase inhibition"],
    ("06-platforms", "better-antigens-solid"): ["solid malignancies"],
}
_TOO_LENIENT: dict[tuple[str, str], list[str]] = {
    ("01-mechanisms", "ifn-gamma"): ["interferon-β", "interferon α", "type I interferon"],
    ("05-microenvironment", "heparanase-typed"): ["heparinase"],
    ("04-allogeneic", "tcr-knockout-typed"): ["TRAC"],
}

CASES: list[Case] = [
    *(
        (deck, card, group, answer, True)
        for (deck, card, group), answers in _TOO_STRICT_CLOZE.items()
        for answer in answers
    ),
    *(
        (deck, card, None, answer, True)
        for (deck, card), answers in _TOO_STRICT_TYPED.items()
        for answer in answers
    ),
    *(
        (deck, card, None, answer, False)
        for (deck, card), answers in _TOO_LENIENT.items()
        for answer in answers
    ),
]
