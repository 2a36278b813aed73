"""quiz: study CAR-T cell therapy in the terminal, with question decks and spaced repetition."""

__version__ = "0.1.0"
