"""``quiz lint``: check deck items against item-writing rules, like a linter checks code.

Prints ``path:line:col: warning: message [rule-id]`` (or JSON) and exits 1 when anything is
found, 0 when nothing is, 2 on a usage error. With ``--baseline FILE`` only findings not
recorded there count; ``--write-baseline FILE`` records the current ones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.deck.lint.rule_ids import RULE_IDS
from quiz.paths import bundled_decks_dir
from quiz.safe_text import json_text, visible_line

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


def add_lint_parser(commands: argparse._SubParsersAction, parents: list) -> None:
    """Register the ``lint`` command."""
    lint = commands.add_parser(
        "lint",
        parents=parents,
        help="check deck items against item-writing rules",
        description="Check deck items for item-writing flaws (cues that give the answer away, "
        "duplicates, lenient typo matching). Exit 0 if nothing is found, 1 if something is, "
        "2 on a usage error.",
        epilog=f"rules: {', '.join(RULE_IDS)}",
    )
    lint.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="deck files or folders (default: the bundled decks)",
    )
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--select", metavar="IDS", help="only these rules (comma-separated)")
    lint.add_argument("--ignore", metavar="IDS", help="not these rules (comma-separated)")
    lint.add_argument(
        "--baseline", type=Path, metavar="FILE", help="report only findings not recorded in FILE"
    )
    lint.add_argument(
        "--write-baseline", type=Path, metavar="FILE", help="record the findings in FILE"
    )


def _rule_ids(text: str | None, option: str) -> set[str] | None:
    if text is None:
        return None
    ids = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(ids - set(RULE_IDS))
    if unknown:
        raise ValueError(f"{option}: unknown rule {unknown[0]!r} (rules: {', '.join(RULE_IDS)})")
    return ids


def run_lint(args: argparse.Namespace) -> int:
    """Run ``quiz lint`` with parsed arguments; return the exit code."""
    from quiz.deck.lint.baseline import baseline_text, compare, read_baseline
    from quiz.deck.lint.runner import lint_paths

    try:
        selected = _rule_ids(args.select, "--select")
        ignored = _rule_ids(args.ignore, "--ignore") or set()
        baseline = None if args.baseline is None else read_baseline(args.baseline)
    except ValueError as error:
        print(f"quiz lint: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        shown = visible_line(str(missing[0]))
        print(f"quiz lint: '{shown}': no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    rules = [rule for rule in (selected or RULE_IDS) if rule not in ignored]
    result = lint_paths(args.paths or [bundled_decks_dir()], rules)
    if args.write_baseline is not None:
        args.write_baseline.write_text(baseline_text(result.findings), encoding="utf-8")
    findings, fixed = result.findings, []
    if baseline is not None:
        comparison = compare(findings, baseline)
        findings, fixed = comparison.new, comparison.fixed
    if args.format == "json":
        print(
            json_text(
                {
                    "findings": [finding.to_dict() for finding in findings],
                    "invalid": [problem.to_dict() for problem in result.invalid],
                    "fixed": fixed,
                },
                indent=2,
            )
        )
    else:
        for problem in result.invalid:
            print(visible_line(problem.format()))
        for finding in findings:
            print(visible_line(finding.format()))
        for entry in fixed:
            print(
                visible_line(
                    f"{entry['file']}: fixed since the baseline: {entry['card']}: "
                    f"{entry['message']} [{entry['rule']}]"
                )
            )
        files = len(result.files)
        print(
            f"{files} file{'s' * (files != 1)}, {len(findings)} findings"
            + (f", {len(fixed)} fixed since the baseline" if baseline is not None else "")
            + (f", {len(result.invalid)} errors" if result.invalid else "")
        )
    return EXIT_FOUND if findings or result.invalid else EXIT_OK
