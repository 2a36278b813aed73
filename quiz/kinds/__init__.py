"""Card kinds: each kind of card, declared once (model, responses, grading, items, order)."""
