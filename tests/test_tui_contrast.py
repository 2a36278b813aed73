"""WCAG AA contrast of every piece of text the app draws, in both of its themes.

Each scene is rendered with a Pilot; every visible character of the composed screen is measured
with the WCAG 2 formula from the colours Textual resolved from the theme: letters, digits and
punctuation need 4.5:1, other glyphs (marks such as ✓ ✗ ○ •) 3:1. Dim text is measured as a
terminal draws it, half-way to its background. Box drawing and block elements (borders, rules,
scroll bars) are decoration and emoji are drawn in their own colours, so neither is measured;
over a window (help, explanation, the palette) only the window is measured, as the screen
behind it is faded on purpose.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from rich.segment import Segment
from test_tui_snapshots import FIXTURES, HISTORY_SCENES, NOW, SCENES, answered_before
from textual.screen import ModalScreen
from tui_support import wait_for_deck_list

from quiz.tui.app import DARK_THEME, LIGHT_THEME, build_app

TEXT_RATIO = 4.5
GLYPH_RATIO = 3.0
DIM_FACTOR = 0.5

CONTRAST_SCENES: dict[str, list[str]] = {
    **SCENES,
    "study_multi_partly": ["enter", "space", "enter", "d", "enter", "b", "enter"],
    "settings": ["o"],
    "palette": ["ctrl+p"],
}


def luminance(color: Color) -> float:
    """The relative luminance of a colour (WCAG 2)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: Color, second: Color) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn_contrast(first: Color, second: Color) -> float:
    """The lower of the ratios in a true-colour terminal and in a 256-colour one (such as
    tmux by default), where Textual draws the nearest palette colours."""
    downgraded = [colour.downgrade(ColorSystem.EIGHT_BIT) for colour in (first, second)]
    return min(contrast(first, second), contrast(*downgraded))


def is_decoration(char: str) -> bool:
    """Borders, rules, scroll bars and emoji: not measured."""
    return 0x2500 <= ord(char) <= 0x259F or ord(char) >= 0x1F000


def is_text(char: str) -> bool:
    """Letters, digits and punctuation are read as text; other symbols are glyphs."""
    return unicodedata.category(char)[0] in "LNP"


def drawn_colours(segment: Segment) -> tuple[Color, Color] | None:
    """The foreground and background a terminal draws a segment with."""
    style = segment.style
    if style is None or style.color is None or style.bgcolor is None:
        return None
    fg, bg = style.color, style.bgcolor
    if style.reverse:
        fg, bg = bg, fg
    if style.dim:
        (r1, g1, b1), (r2, g2, b2) = bg.get_truecolor(), fg.get_truecolor()
        fg = Color.from_rgb(
            r1 + (r2 - r1) * DIM_FACTOR, g1 + (g2 - g1) * DIM_FACTOR, b1 + (b2 - b1) * DIM_FACTOR
        )
    return fg, bg


def low_contrast(strips) -> list[str]:
    """Every run of characters drawn below its threshold, with its ratio and colours."""
    failures: list[str] = []
    for row, strip in enumerate(strips):
        for segment in strip:
            shown = "".join(c for c in segment.text if not c.isspace() and not is_decoration(c))
            if not shown:
                continue
            colours = drawn_colours(segment)
            assert colours is not None, f"row {row}: {shown!r} has no resolved colour"
            ratio = drawn_contrast(*colours)
            needed = TEXT_RATIO if any(is_text(c) for c in shown) else GLYPH_RATIO
            if ratio < needed:
                fg, bg = (c.get_truecolor().hex for c in colours)
                failures.append(f"row {row}: {shown!r} {fg} on {bg}: {ratio:.2f} < {needed}")
    return failures


async def render_scene(app, keys: list[str], theme: str, size: tuple[int, int]):
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await wait_for_deck_list(pilot)
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        if isinstance(app.screen, ModalScreen):
            window = app.screen.children[0].region
            rows = strips[window.y : window.bottom]
            return [strip.crop(window.x, window.right) for strip in rows]
        return strips


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "decks", tmp_path / "decks")
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_contrast_formula_matches_wcag() -> None:
    assert contrast(Color.parse("#000000"), Color.parse("#ffffff")) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), Color.parse("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(Color.parse("#ff0000"), Color.parse("#ff0000")) == pytest.approx(1.0)


@pytest.mark.parametrize("theme", [DARK_THEME, LIGHT_THEME])
@pytest.mark.parametrize("name", list(CONTRAST_SCENES))
async def test_every_text_is_readable(workdir: Path, name: str, theme: str) -> None:
    deck_paths = [Path("decks"), Path("broken")] if name.startswith("decks") else [Path("decks")]
    app = build_app(data_dir=Path("home"), deck_paths=deck_paths, clock=lambda: NOW)
    strips = await render_scene(app, CONTRAST_SCENES[name], theme, (80, 24))
    assert low_contrast(strips) == []


@pytest.mark.parametrize("theme", [DARK_THEME, LIGHT_THEME])
@pytest.mark.parametrize("name", list(HISTORY_SCENES))
async def test_every_text_is_readable_with_history(workdir: Path, name: str, theme: str) -> None:
    answered_before(Path("home"))
    app = build_app(data_dir=Path("home"), deck_paths=[Path("decks")], clock=lambda: NOW)
    strips = await render_scene(app, HISTORY_SCENES[name], theme, (80, 24))
    assert low_contrast(strips) == []


async def test_marks_differ_by_glyph(workdir: Path) -> None:
    """A partly right multi-select answer: the picked right option, the missed right one and
    the verdict each carry a glyph of their own, so they read without colour."""
    app = build_app(data_dir=Path("home"), deck_paths=[Path("decks")], clock=lambda: NOW)
    strips = await render_scene(app, CONTRAST_SCENES["study_multi_partly"], DARK_THEME, (80, 24))
    lines = ["".join(segment.text for segment in strip).rstrip() for strip in strips]
    picked = next(line for line in lines if "[x]" in line)
    missed = next(line for line in lines if "[ ]" in line and "○" in line)
    assert picked.lstrip().startswith("✓"), lines
    assert missed.lstrip().startswith("○"), lines
    assert any("✗ Not quite" in line for line in lines), lines
