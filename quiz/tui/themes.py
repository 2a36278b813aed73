"""The app's two themes, Textual's dark and light ones with text colours that reach WCAG AA,
and the one of them the student chose last.

Textual derives muted, accent and status text from its theme colours by blending, which in the
light theme leaves the accent text at about 2.8:1 and muted text below 3:1. These variables
replace the text colours only (backgrounds stay Textual's), each chosen to keep at least 4.5:1
on the background, surface and panel of its theme, also where a 256-colour terminal draws the
nearest palette colour (tests/test_tui_contrast.py measures it).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.theme import BUILTIN_THEMES, Theme

from quiz.safe_text import visible_line

if TYPE_CHECKING:
    from textual.app import App

DARK_THEME = "quiz-dark"
LIGHT_THEME = "quiz-light"

_DARK_TEXT = {
    "text-muted": "#b0b0b0",
    "text-disabled": "#b0b0b0",
    "text-primary": "#6cb8f0",
    "text-success": "#6fd08c",
    "text-error": "#f2849c",
    "text-warning": "#ffb859",
    "block-cursor-background": "#0a3d66",
    "block-cursor-foreground": "#f4f4f4",
    "block-cursor-blurred-background": "#2f3b45",
    "block-cursor-blurred-foreground": "#e8e8e8",
    "input-cursor-foreground": "#121212",
}
_LIGHT_TEXT = {
    "text-muted": "#4d4d4d",
    "text-disabled": "#4d4d4d",
    "text-accent": "#5c2a00",
    "text-primary": "#002a5c",
    "text-success": "#155227",
    "text-error": "#8e1a37",
    "text-warning": "#5c2a00",
    "footer-key-foreground": "#002a5c",
    "block-cursor-background": "#a9c8e2",
    "block-cursor-foreground": "#101010",
    "block-cursor-blurred-background": "#c4cdd4",
    "block-cursor-blurred-foreground": "#101010",
}


def _readable(base: str, name: str, text: dict[str, str]) -> Theme:
    theme = BUILTIN_THEMES[base]
    return replace(theme, name=name, variables={**theme.variables, **text})


QUIZ_THEMES = (
    _readable("textual-dark", DARK_THEME, _DARK_TEXT),
    _readable("textual-light", LIGHT_THEME, _LIGHT_TEXT),
)

THEME_NAMES = {"dark": DARK_THEME, "light": LIGHT_THEME}


def start_in_remembered_theme(app: App, folder: Path) -> str | None:
    """Give ``app``, before it runs, the theme remembered in ``folder``'s preferences; a
    message when the preferences file is broken (the defaults are used then).

    Set without Textual's theme watcher, which would parse every rule of the stylesheet a
    second time once the app runs (a tenth of the start-up): the stylesheet is first parsed
    with this theme's colours. The classes the watcher gives are given here."""
    from quiz.preferences import load_preferences

    preferences, problem = load_preferences(folder)
    name = THEME_NAMES[preferences.theme]
    theme = app.get_theme(name)
    dark = theme is None or theme.dark
    app.set_reactive(type(app).theme, name)
    app.set_class(True, f"-theme-{name}", update=False)
    app.set_class(dark, "-dark-mode", update=False)
    app.set_class(not dark, "-light-mode", update=False)
    app.stylesheet.set_variables(app.get_css_variables())  # nothing is parsed yet
    return None if problem is None else visible_line(problem)


def remember_switches(app: App, folder: Path) -> None:
    """Remember each switch of ``app`` between the dark and the light theme in ``folder``'s
    preferences (other themes are not kept); a broken preferences file is replaced."""
    from quiz.preferences import load_preferences, save_preferences

    def switched(theme: Theme) -> None:
        chosen = next((key for key, name in THEME_NAMES.items() if name == theme.name), None)
        preferences, _problem = load_preferences(folder)
        if chosen is None or chosen == preferences.theme:
            return
        try:
            save_preferences(folder, preferences.model_copy(update={"theme": chosen}))
        except OSError as error:
            app.notify(f"The theme could not be remembered: {error}", severity="warning")

    app.theme_changed_signal.subscribe(app, switched)
