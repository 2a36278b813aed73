"""Benchmarks of quiz: speed and scale figures, each against a floor measured in the same run.

Run ``uv run python -m benchmarks`` (``--quick`` for fewer runs, ``--only FIGURE`` for one
figure, ``--list`` to see them). See ``benchmarks/README.md``.
"""
