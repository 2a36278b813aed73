"""The bundled CAR-T decks meet the content minimums and cite what they teach."""

from collections import Counter

import pytest

from quiz.deck.loader import load_paths
from quiz.kinds.choice import ChoiceCard, MultiCard
from quiz.kinds.cloze import ClozeCard
from quiz.kinds.matching import TextResponse
from quiz.kinds.registry import CARD_TYPES, kind_of
from quiz.kinds.typed import TypedCard
from quiz.paths import bundled_decks_dir

MIN_CARDS = 25
MIN_TYPES = 4
TOPICS = ["mechanisms", "toxicities", "logic-gating", "allogeneic", "microenvironment", "platforms"]


@pytest.fixture(scope="module")
def decks():
    result = load_paths([bundled_decks_dir()])
    assert result.problems == [], [p.format() for p in result.problems]
    return [loaded.deck for loaded in result.decks]


def test_one_deck_per_topic_in_order(decks):
    assert [deck.id for deck in decks] == TOPICS


def test_each_deck_meets_the_card_and_type_minimums(decks):
    report = {
        deck.id: (len(deck.cards), Counter(card.type for card in deck.cards)) for deck in decks
    }
    short = {deck_id: count for deck_id, (count, _) in report.items() if count < MIN_CARDS}
    narrow = {
        deck_id: sorted(types) for deck_id, (_, types) in report.items() if len(types) < MIN_TYPES
    }
    assert not short, f"decks under {MIN_CARDS} cards: {short}"
    assert not narrow, f"decks with fewer than {MIN_TYPES} card types: {narrow}"


def test_every_card_type_appears_across_the_set(decks):
    used = {card.type for deck in decks for card in deck.cards}
    assert used == set(CARD_TYPES)


def test_every_card_cites_a_source_and_explains(decks):
    for deck in decks:
        for card in deck.cards:
            assert card.source.locator.strip(), (deck.id, card.id)
            assert card.explanation and len(card.explanation) >= 40, (deck.id, card.id)
            if isinstance(card, ChoiceCard | MultiCard):
                assert all(c.why for c in card.choices if not c.correct), (deck.id, card.id)


def test_both_documents_are_cited_consistently(decks):
    for deck in decks:
        keys = {source.key for source in deck.sources}
        assert {"klein2025", "rouken2025"} <= keys, deck.id
    first = {s.key: s for s in decks[0].sources}
    for deck in decks[1:]:
        for source in deck.sources:
            if source.key in {"klein2025", "rouken2025"}:
                assert source == first[source.key], (deck.id, source.key)


def test_til_approval_is_taught_with_the_corrected_date(decks):
    cards = [
        card
        for deck in decks
        for card in deck.cards
        if "lifileucel" in card.model_dump_json().lower()
    ]
    assert cards, "no card teaches the lifileucel approval"
    text = " ".join(card.model_dump_json() for card in cards)
    assert "2024" in text


def test_typed_cards_accept_the_usual_spellings(decks):
    answers = {
        answer
        for deck in decks
        for card in deck.cards
        if isinstance(card, TypedCard)
        for answer in card.answers
    }
    assert {"IL-13Rα2", "IL13Ra2"} <= answers


def documented_blog_locators() -> set[str]:
    """The blog's paragraph names, read from the table in decks/README.md."""
    readme = (bundled_decks_dir() / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Blog locators", 1)[1].split("\n## ", 1)[0]
    return {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}


def test_blog_locators_use_the_documented_paragraph_names(decks):
    names = documented_blog_locators()
    assert "section Safety and Side Effects" in names
    undocumented = set()
    for deck in decks:
        for card in deck.cards:
            if card.source.key != "rouken2025":
                continue
            for part in card.source.locator.split("; "):
                name = part.split(", fn ", 1)[0]
                if name not in names:
                    undocumented.add((deck.id, card.id, part))
    assert not undocumented, sorted(undocumented)


# Right answers every typed card and cloze blank must accept, and plausible wrong answers it
# must reject: (deck, card, cloze group or None) -> (accepted, rejected).
GRADING_EXAMPLES: dict[tuple[str, str, int | None], tuple[list[str], list[str]]] = {
    ("mechanisms", "manufacturing-steps", 1): (["collected", "harvested", "isolated"], ["infused"]),
    ("mechanisms", "manufacturing-steps", 2): (
        ["engineer", "transduced", "modified"],
        ["expanded"],
    ),
    ("mechanisms", "manufacturing-steps", 3): (["expanded", "grown", "multiplied"], ["engineered"]),
    ("mechanisms", "manufacturing-steps", 4): (
        ["infused", "reinfused", "given back"],
        ["injected into the tumour"],
    ),
    ("mechanisms", "scfv-name", None): (
        ["scFv", "scFvs", "single chain variable fragment"],
        ["Fab", "nanobody"],
    ),
    ("mechanisms", "car-anatomy-order", 1): (["scFv", "single-chain variable fragment"], ["Fc"]),
    ("mechanisms", "car-anatomy-order", 2): (["hinge", "spacer"], ["linker", "transmembrane"]),
    ("mechanisms", "car-anatomy-order", 3): (["transmembrane", "TM"], ["hinge"]),
    ("mechanisms", "car-anatomy-order", 4): (["co-stimulatory", "costimulatory"], ["inhibitory"]),
    ("mechanisms", "cd3-zeta", None): (["CD3ζ", "CD3 zeta domain", "CD247"], ["CD3ε", "CD28"]),
    ("mechanisms", "activation-chain", 1): (["cluster", "clustering"], ["dimerise"]),
    ("mechanisms", "activation-chain", 2): (["ITAM", "ITAMs"], ["ITIM"]),
    ("mechanisms", "activation-chain", 3): (["ZAP-70", "ZAP70"], ["Lck", "ZAP-60"]),
    ("mechanisms", "ifn-gamma", None): (
        ["IFN-γ", "IFN-y", "IFNy", "interferon gamma"],
        ["interferon-β", "interferon α", "type I interferon"],
    ),
    ("mechanisms", "car-generations", 1): (["second", "2nd"], ["first"]),
    ("mechanisms", "car-generations", 2): (["third", "3rd"], ["fourth"]),
    ("mechanisms", "next-generation-cloze", 1): (["signalling", "signaling"], ["binding"]),
    ("mechanisms", "next-generation-cloze", 2): (
        ["immunosuppressive", "suppressive"],
        ["inflammatory"],
    ),
    ("mechanisms", "next-generation-cloze", 3): (["antigens", "tumour antigens"], ["cells"]),
    ("mechanisms", "bite-cd3", None): (["CD3", "CD3ε", "CD3 epsilon"], ["CD28", "CD19"]),
    ("toxicities", "crs-rate-typed", None): (
        ["10-20%", "~10-20%", "approximately 10-20%", "around 10-20%"],
        ["20-50%", "10-30%"],
    ),
    ("toxicities", "tocilizumab-name", None): (
        ["tocilizumab", "Actemra", "tocilizumb"],
        ["siltuximab", "anakinra"],
    ),
    ("toxicities", "icans-expansion", None): (
        [
            "immune effector cell-associated neurotoxicity syndrome",
            "immune effector cell associated neurotoxicity",
        ],
        ["immune cell-associated neuropathy syndrome"],
    ),
    ("toxicities", "icans-cloze", 1): (["confusion", "encephalopathy", "delirium"], ["fever"]),
    ("toxicities", "icans-cloze", 2): (["seizures", "fits", "convulsions"], ["hypotension"]),
    ("toxicities", "icans-cloze", 3): (
        ["steroids", "corticosteroids", "glucocorticoids", "dexamethasone"],
        ["tocilizumab"],
    ),
    ("toxicities", "ice-score", None): (
        ["ICE", "ICE score", "Immune Effector Cell Encephalopathy score"],
        ["MMSE", "Glasgow Coma Scale"],
    ),
    ("toxicities", "trm-typed", None): (
        ["3%", "below 3 percent", "fewer than 3%", "less than three percent"],
        ["10%", "30%"],
    ),
    ("toxicities", "otot-cloze", 1): (["healthy", "normal"], ["tumour"]),
    ("toxicities", "otot-cloze", 2): (["low", "small", "lower"], ["high"]),
    ("toxicities", "otot-her2-lung", None): (
        ["lung", "the lungs", "alveolar epithelium"],
        ["liver", "heart"],
    ),
    ("toxicities", "nk-liu2020-none", None): (
        ["0", "0 patients", "0/11", "none of them"],
        ["1", "2"],
    ),
    ("toxicities", "longterm-cloze", 1): (["safety", "safety profile"], ["efficacy"]),
    ("toxicities", "longterm-cloze", 2): (["durable", "sustainable", "lasting"], ["rapid"]),
    ("logic-gating", "heterogeneity-within-between", 1): (
        ["heterogeneity", "variability"],
        ["homogeneity", "escape"],
    ),
    ("logic-gating", "ccr-name", None): (
        ["chimeric costimulatory receptor", "CCR"],
        ["inhibitory CAR", "iCAR"],
    ),
    ("logic-gating", "synnotch-tf-car", 1): (
        ["transcription factor", "transcriptional activator"],
        ["kinase"],
    ),
    ("logic-gating", "synnotch-tf-car", 2): (["CAR", "chimeric antigen receptor"], ["TCR"]),
    ("logic-gating", "tandem-car-name", None): (
        ["tandem CAR", "TanCAR", "bivalent CAR"],
        ["split CAR", "iCAR"],
    ),
    ("logic-gating", "icar-domains", 1): (["PD-1", "PD1"], ["CD28"]),
    ("logic-gating", "icar-domains", 2): (["CTLA-4", "CTLA4"], ["4-1BB"]),
    ("logic-gating", "bcma-myeloma", 1): (["BCMA", "B-cell maturation antigen"], ["CD19", "CD38"]),
    ("logic-gating", "bcma-cleaving-enzyme", None): (
        ["γ-secretase", "gamma-secretease", "gamma secretase"],
        ["β-secretase", "alpha-secretase"],
    ),
    ("logic-gating", "gsi-drug-class", None): (
        ["γ-secretase inhibitors", "GSI", "gamma-secretase inhibition"],
        ["β-secretase inhibitor", "proteasome inhibitor"],
    ),
    ("allogeneic", "cell-source-cloze", 1): (["Allogeneic", "allogenic"], ["autologous"]),
    ("allogeneic", "cell-source-cloze", 2): (["autologous", "patient-derived"], ["allogeneic"]),
    ("allogeneic", "cost-lower-bound-typed", None): (
        ["$375,000", "375,000$", "about $375,000", "$375,000 USD"],
        ["$600,000", "$37,500"],
    ),
    ("allogeneic", "next-steps-aims-cloze", 1): (["expand", "widen", "broaden"], ["restrict"]),
    ("allogeneic", "next-steps-aims-cloze", 2): (["safer", "more safe"], ["faster"]),
    ("allogeneic", "next-steps-aims-cloze", 3): (["cost", "costs", "price"], ["toxicity"]),
    ("allogeneic", "talen-crispr-cloze", 1): (["TALEN", "TALENs"], ["ZFN"]),
    ("allogeneic", "talen-crispr-cloze", 2): (["CRISPR", "CRISPR-Cas9", "CRISPR/Cas9"], ["shRNA"]),
    ("allogeneic", "tcr-knockout-typed", None): (
        ["TCR", "TCRs", "native TCR", "endogenous TCR"],
        ["TRAC", "B-cell receptor", "MHC"],
    ),
    ("allogeneic", "trac-gene-typed", None): (["TRAC", "TRAC locus"], ["TRBC", "TRBC gene", "B2M"]),
    ("allogeneic", "in-vivo-cloze", 1): (["in vivo", "invivo"], ["ex vivo"]),
    ("allogeneic", "in-vivo-cloze", 2): (
        ["vectors", "lentiviral vectors", "lipid nanoparticles"],
        ["antibodies"],
    ),
    ("allogeneic", "autologous-success-antigen-typed", None): (
        ["CD19", "CD-19", "CD19-positive"],
        ["CD20", "BCMA"],
    ),
    ("microenvironment", "mdsc-full-name", None): (
        ["myeloid-derived suppressor cells", "myeloid derived suppressor cell"],
        ["mast cell-derived suppressor cells"],
    ),
    ("microenvironment", "tgf-beta-typed", None): (
        ["TGF-β", "TGF-beta", "transforming growth factor beta"],
        ["TGF-α", "TNF-α", "IL-6"],
    ),
    ("microenvironment", "il10-cloze", 1): (["IL-10", "interleukin 10"], ["IL-12", "IL-2"]),
    ("microenvironment", "pd-l1-typed", None): (
        ["PD-L1", "CD274", "programmed death ligand 1"],
        ["PD-1", "PD-L2", "CTLA-4"],
    ),
    ("microenvironment", "tme-hurdles-cloze", 1): (["stromal", "stroma"], ["vascular"]),
    ("microenvironment", "tme-hurdles-cloze", 2): (["hypoxia", "low oxygen"], ["acidosis"]),
    ("microenvironment", "three-strategies-cloze", 1): (["resist", "withstand"], ["enhance"]),
    ("microenvironment", "three-strategies-cloze", 2): (
        ["stroma", "stromal components"],
        ["vasculature"],
    ),
    ("microenvironment", "three-strategies-cloze", 3): (
        ["modulate", "modify", "remodel", "reprogram"],
        ["ignore"],
    ),
    ("microenvironment", "heparanase-typed", None): (
        ["heparanase", "HPSE", "heparanase-1"],
        ["heparinase", "hyaluronidase"],
    ),
    ("microenvironment", "armored-payloads-cloze", 1): (["cytokines", "cytokine"], ["antibodies"]),
    ("microenvironment", "armored-payloads-cloze", 2): (
        ["checkpoint", "immune checkpoint", "PD-1"],
        ["protease"],
    ),
    ("microenvironment", "reprogram-tme-cloze", 1): (
        ["permissive", "conducive", "favourable"],
        ["suppressive", "resistant"],
    ),
    ("microenvironment", "retention-typed", None): (
        ["retention", "tumour retention", "retention in the tumour"],
        ["expansion", "persistence"],
    ),
    ("microenvironment", "four-challenges-cloze", 1): (["specificity", "specificty"], ["density"]),
    ("microenvironment", "four-challenges-cloze", 2): (
        ["resistance", "therapy resistance"],
        ["toxicity"],
    ),
    ("microenvironment", "four-challenges-cloze", 3): (
        ["delivery", "tumour delivery"],
        ["manufacturing"],
    ),
    ("platforms", "til-approval-year", None): (
        ["2024", "February 2024", "16 February 2024", "February 16, 2024"],
        ["2022", "2023"],
    ),
    ("platforms", "dc-vaccine-cloze", 1): (["prime", "activate"], ["kill"]),
    ("platforms", "dc-vaccine-cloze", 2): (
        ["synergistic", "synergy"],
        ["antagonistic", "additive"],
    ),
    ("platforms", "outpatient-cloze", 1): (
        ["outpatient", "out-patient", "ambulatory"],
        ["inpatient"],
    ),
    ("platforms", "outpatient-cloze", 2): (["toxicity", "toxicities", "side effect"], ["cost"]),
    ("platforms", "gbm-second-target", None): (
        ["IL-13Rα2", "IL13Ra2", "interleukin-13 receptor alpha 2"],
        ["IL-13Rα1", "EGFRvIII", "HER2"],
    ),
    ("platforms", "gbm-cloze", 1): (
        ["glioblastoma", "glioblastoma multiforme", "GBM"],
        ["astrocytoma", "medulloblastoma"],
    ),
    ("platforms", "gbm-cloze", 2): (["62%", "62", "62 percent", "about 62%"], ["52%", "26%"]),
    ("platforms", "cldn18-2-target", None): (
        ["CLDN18.2", "claudin 18.2", "claudin-18 isoform 2"],
        ["CLDN18.1", "CLDN6", "HER2"],
    ),
    ("platforms", "manufacturing-consistency", 1): (
        ["consistent", "reliable", "reproducible"],
        ["cheaper"],
    ),
    ("platforms", "manufacturing-consistency", 2): (["efficient", "streamlined"], ["expensive"]),
    ("platforms", "research-persistence-exhaustion", 1): (
        ["persistence", "longevity", "durability"],
        ["toxicity"],
    ),
    ("platforms", "research-persistence-exhaustion", 2): (
        ["exhaustion", "dysfunction"],
        ["expansion"],
    ),
    ("platforms", "better-antigens-solid", None): (
        ["solid tumours", "solid tumors", "solid malignancies"],
        ["blood cancers", "lymphoma"],
    ),
}


def grades(card: ClozeCard | TypedCard, group: int | None, text: str) -> bool | None:
    return kind_of(card).grade(card, TextResponse(text), group).correct


def test_every_typed_card_and_cloze_blank_has_grading_examples(decks):
    wanted = {
        (deck.id, card.id, group)
        for deck in decks
        for card in deck.cards
        if isinstance(card, ClozeCard | TypedCard)
        for group in (card.groups if isinstance(card, ClozeCard) else [None])
    }
    assert wanted == set(GRADING_EXAMPLES)
    for accepted, rejected in GRADING_EXAMPLES.values():
        assert len(accepted) >= 2 and len(rejected) >= 1


def test_right_answers_are_accepted_and_plausible_wrong_ones_rejected(decks):
    cards = {(deck.id, card.id): card for deck in decks for card in deck.cards}
    wrong = []
    for (deck_id, card_id, group), (accepted, rejected) in GRADING_EXAMPLES.items():
        card = cards[deck_id, card_id]
        assert isinstance(card, ClozeCard | TypedCard)
        wrong += [(card_id, group, "rejects", a) for a in accepted if not grades(card, group, a)]
        wrong += [(card_id, group, "accepts", r) for r in rejected if grades(card, group, r)]
    assert not wrong, wrong
