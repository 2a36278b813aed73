"""``quiz optimize [--deck ID]``: fit FSRS parameters to the student's review log, judge them
against the parameters in use on the latest reviews, and keep them only if they are better.

Every fit is stored with its date and figures, kept or not; a kept fit schedules the deck
(or every deck without one of its own) from the next answer on.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from quiz.paths import store_location
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
from quiz.progress.state import ParameterRecord
from quiz.safe_text import visible_line
from quiz.study.optimizer import (
    FitOutcome,
    OptimizerUnavailable,
    TooFewReviews,
    default_parameters,
    fit,
)


def _fail(message: str) -> int:
    print(f"quiz optimize: {visible_line(message)}", file=sys.stderr)
    return 1


def run_optimize(data_dir: Path, deck_id: str | None, now: datetime) -> int:
    """Fit, judge, store and report; exit 0 when a fit was made (kept or not), else 1."""
    try:
        with open_store(store_location(data_dir)) as store:
            settings = store.settings()
            if deck_id is not None and deck_id not in store.deck_ids():
                return _fail(f"deck {deck_id!r} has no reviews yet")
            in_use = store.parameters_for(deck_id)
            current = default_parameters() if in_use is None else in_use.parameters
            outcome = fit(store.iter_reviews(deck_id), current, settings.rollover_hour)
            record = store.save_parameters(
                ParameterRecord(
                    deck_id=deck_id,
                    parameters=outcome.fitted,
                    fitted_at=now,
                    review_count=outcome.review_count,
                    log_loss_before=outcome.before.log_loss,
                    log_loss_after=outcome.after.log_loss,
                    rmse_before=outcome.before.rmse_bins,
                    rmse_after=outcome.after.rmse_bins,
                    kept=outcome.kept,
                )
            )
    except (OptimizerUnavailable, TooFewReviews) as error:
        return _fail(str(error))
    except StoreError as error:
        return _fail(str(error))
    current_name = "FSRS's defaults" if in_use is None else f"fit {in_use.id}"
    print(report(outcome, current_name, record.id, deck_id))
    return 0


def report(outcome: FitOutcome, current_name: str, fit_id: int, deck_id: str | None) -> str:
    """What ``quiz optimize`` prints about one fit."""
    scope = "every deck" if deck_id is None else f"deck {deck_id}"
    before, after = outcome.before, outcome.after
    lines = [
        f"Fitted FSRS parameters to {outcome.review_count} reviews of {scope}: "
        f"{outcome.train_count} predictions learnt from, the latest {outcome.test_count} "
        "held out to judge by.",
        f"{'':<26}{'log loss':>10}{'RMSE (bins)':>13}",
        f"{'in use (' + current_name + ')':<26}{before.log_loss:>10.4f}{before.rmse_bins:>13.4f}",
        f"{'fitted (fit ' + str(fit_id) + ')':<26}{after.log_loss:>10.4f}{after.rmse_bins:>13.4f}",
    ]
    if outcome.kept:
        lines.append("Kept the fitted parameters: they predict your latest reviews better.")
    else:
        lines.append(
            f"Kept {current_name}: the fitted parameters do not predict your latest reviews "
            "clearly better."
        )
    return "\n".join(visible_line(line) for line in lines)
