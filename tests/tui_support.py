"""Driving the app in tests: waiting for its first screen to settle."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.screen import Screen

from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.error import ErrorScreen


async def wait_for_deck_list(pilot: Pilot, pauses: int = 50) -> Screen:
    """Pause until the deck list shows its rows, or an error screen took its place (at most
    ``pauses`` pauses); return the screen on top then."""
    for _ in range(pauses):
        screen = pilot.app.screen
        if isinstance(screen, ErrorScreen) or (isinstance(screen, DecksScreen) and screen.ready):
            break
        await pilot.pause()
    return pilot.app.screen
