"""``quiz class``: what an instructor does to a class database (``--db URL`` or ``$QUIZ_DB``).

- ``quiz class init`` creates the schema, or upgrades it, and is the only thing that does;
- ``quiz class add-student NAME`` makes a student's role and prints the URL they connect with,
  once (``--instructor``: an instructor's, who reads every student's progress and writes none);
- ``quiz class publish DECK...`` validates deck files exactly as ``quiz validate`` does and,
  only when every one is valid, stores their YAML and version in the database, where every
  student's app finds them;
- ``quiz class report`` shows what an instructor learns from the class
  (:mod:`quiz.cli.class_report`).

Messages name the database by host, port and name, never with its user or password.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from quiz.progress.errors import StoreError
from quiz.safe_text import visible_line

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SERVER_EXTRA = "quiz[server]"


def add_class_parser(commands: argparse._SubParsersAction, parents: list) -> None:
    """Register ``quiz class`` and its commands."""
    parser = commands.add_parser(
        "class",
        parents=parents,
        help="set up a class database, add students, publish decks (instructors)",
        description="Manage the class database named by --db URL (or $QUIZ_DB).",
    )
    actions = parser.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    actions.add_parser(
        "init", parents=parents, help="create or upgrade the class database's schema"
    )
    student = actions.add_parser(
        "add-student", parents=parents, help="add a student; prints their connection URL once"
    )
    student.add_argument("name", metavar="NAME", help="the student's role name (a-z, 0-9, _)")
    student.add_argument(
        "--instructor",
        action="store_true",
        help="add an instructor instead: reads every student's progress, writes none of it",
    )
    publish = actions.add_parser(
        "publish", parents=parents, help="validate decks and publish them to the class"
    )
    publish.add_argument(
        "paths", nargs="+", type=Path, metavar="DECK", help="deck files or folders"
    )
    from quiz.cli.class_report import add_report_parser

    add_report_parser(actions, parents)


def _fail(action: str, message: str) -> int:
    print(f"quiz class {action}: {visible_line(message)}", file=sys.stderr)
    return EXIT_FAILED


def run_class(args: argparse.Namespace, url: str | None) -> int:
    """Run one ``quiz class`` action against the class database at ``url``."""
    action = args.class_command
    if not url:
        print(
            f"quiz class {action}: name the class database with --db URL or $QUIZ_DB",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        from quiz.progress import postgres_class
    except ImportError:
        return _fail(action, f"a class database needs the optional extra {SERVER_EXTRA} "
                     f"(pip install '{SERVER_EXTRA}'); it is not installed")  # fmt: skip
    try:
        if action == "init":
            before, after = postgres_class.init_class(url)
            shown = postgres_class.Location(url).shown
            change = "is up to date" if before == after else f"upgraded from schema {before}"
            print(f"{shown}: class database at schema {after} ({change})")
            return EXIT_OK
        if action == "report":
            from quiz.cli.class_report import run_report

            return run_report(url, args)
        if action == "add-student":
            return _add_member(postgres_class, url, args.name, args.instructor)
        return _publish(postgres_class, url, args.paths)
    except StoreError as error:
        return _fail(action, str(error))


def _add_member(postgres_class, url: str, name: str, instructor: bool) -> int:
    try:
        postgres_class.check_role_name(name)
    except ValueError as error:
        print(f"quiz class add-student: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    member = postgres_class.add_member(url, name, instructor=instructor)
    who = "instructor" if instructor else "student"
    print(member)
    print(
        f"Added {who} {name!r}. Give them the URL above (it holds their password, which is "
        "not shown again); they study with `quiz --db URL`"
        + (
            "."
            if instructor
            else f", or log in as {name!r} with that password where `quiz serve` serves the class."
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def _publish(postgres_class, url: str, paths: list[Path]) -> int:
    from quiz.cli.validate import run_validate
    from quiz.deck.loader import load_paths, load_text

    code = run_validate(paths, "text", strict=False)
    if code != EXIT_OK:
        print("quiz class publish: nothing was published", file=sys.stderr)
        return code
    decks = []
    for loaded in load_paths(paths, keep_decks=False).decks:
        raw = loaded.path.read_bytes()
        text = raw.decode("utf-8")
        deck, _ = load_text(text, str(loaded.path))  # the very text published, valid
        if deck is None:
            return _fail("publish", f"{loaded.path}: changed while it was published; try again")
        digest = hashlib.sha256(raw).hexdigest()
        name = loaded.path.name
        decks.append(postgres_class.PublishedDeck(deck.id, deck.version, name, text, digest))
    postgres_class.publish(url, decks)
    for deck in decks:
        print(
            f"Published {deck.deck_id} (version {deck.version}) from {visible_line(deck.file_name)}"
        )
    return EXIT_OK
