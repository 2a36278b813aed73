"""Running a screen's store calls in a thread, so that a slow store never holds up a key."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, WorkerCancelled, WorkerFailed

if TYPE_CHECKING:
    from quiz.study.store_calls import StoreCalls

Result = TypeVar("Result")


def run_in_thread(node: DOMNode, work: Callable[[], Any], name: str) -> Worker[Any]:
    """Run ``work`` in a worker thread of ``node`` named ``name``, cancelling one of the same
    name still running (its result is then never delivered). The outcome arrives as a
    ``Worker.StateChanged`` message; an error is left to the handler, never raised here."""
    return node.run_worker(
        work, name=name, group=name, thread=True, exclusive=True, exit_on_error=False
    )


async def in_order(calls: StoreCalls, work: Callable[[], Result]) -> Result:
    """The result of ``work``, run among ``calls`` (after the writes asked for before it, off
    the UI thread), awaited without holding up the app; its error is raised here."""
    return await asyncio.wrap_future(calls.submit(work))


async def finished(worker: Worker | None) -> None:
    """Wait until ``worker`` (if any) has ended, however it ends: its failure is reported
    where its result is used."""
    if worker is not None and not worker.is_finished:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await worker.wait()
