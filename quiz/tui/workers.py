"""Running a screen's reads of the store in a thread, so that a slow store never holds up a key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker


def run_in_thread(node: DOMNode, work: Callable[[], Any], name: str) -> Worker[Any]:
    """Run ``work`` in a worker thread of ``node`` named ``name``, cancelling one of the same
    name still running (its result is then never delivered). The outcome arrives as a
    ``Worker.StateChanged`` message; an error is left to the handler, never raised here."""
    return node.run_worker(
        work, name=name, group=name, thread=True, exclusive=True, exit_on_error=False
    )
