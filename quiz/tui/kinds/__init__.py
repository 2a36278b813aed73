"""Card kinds in the app: how each kind is shown, answered and marked, declared once."""
