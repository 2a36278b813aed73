"""Answer items in a stream of study sessions, printing each committed review's id.

Run by the store fault tests as a separate process:

    python review_writer.py DATABASE DECK_YAML START_EPOCH COUNT [GO_FILE]

DATABASE is a progress file or a class database URL.

It prints ``ready``, waits for GO_FILE to exist (when given), opens the store (creating
it if needed) and answers COUNT items. Simulated time starts at START_EPOCH and moves on a
minute per answer, and a day whenever nothing is left to study. A line with the review id
is printed only after the review's transaction has committed.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from quiz.deck.model import Deck
from quiz.kinds.base import Reveal
from quiz.progress.open import open_store
from quiz.rating import Rating
from quiz.study.session import StudySession

RATINGS = (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.GOOD, Rating.HARD)


def main(argv: list[str]) -> int:
    database, deck_file, start_epoch, count = argv[:4]
    go_file = Path(argv[4]) if len(argv) > 4 else None
    deck = Deck.model_validate(yaml.safe_load(Path(deck_file).read_text(encoding="utf-8")))
    now = datetime.fromtimestamp(int(start_epoch), tz=UTC)
    print("ready", flush=True)
    while go_file is not None and not go_file.exists():
        time.sleep(0.001)
    store = open_store(database if "://" in database else Path(database))  # a file or a URL
    session = StudySession.start(store, [deck], now, tz=UTC)
    for index in range(int(count)):
        while session.current is None:
            now += timedelta(days=1)
            session = StudySession.start(store, [deck], now, tz=UTC)
        session.answer(Reveal(), now)
        session.rate(RATINGS[index % len(RATINGS)])
        row = session.accept(now)
        assert row is not None
        print(row.id, flush=True)
        now += timedelta(minutes=1)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
