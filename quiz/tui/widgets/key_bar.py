"""The keys that work right now, on one line at the bottom of a screen."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    """Like Textual's footer, drawn as a single widget so that it redraws cheaply.

    It shows the shown bindings of the focused widget, the screen and the app, one entry per
    action (a binding group, such as ``a b c d Pick``, as one entry). Clicking a key presses it.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="key-bar")
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.refresh_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh_keys()

    def refresh_keys(self) -> None:
        """Redraw from the screen's active bindings."""
        app = self.app
        entries: dict[str, tuple[list[str], str, list[str]]] = {}  # label -> keys, desc, raw
        palette: tuple[str, str] | None = None
        for key, active in self.screen.active_bindings.items():
            binding: Binding = active.binding
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = (app.get_key_display(binding), key)
                continue
            if not binding.show or not active.enabled:
                continue
            label = binding.group.description if binding.group else binding.action
            description = binding.group.description if binding.group else binding.description
            shown, _desc, raw = entries.setdefault(label, ([], description, []))
            if binding.group or not shown:
                shown.append(app.get_key_display(binding))
                raw.append(key)
        parts: list[Content] = []
        spans: list[tuple[int, int, str]] = []
        position = 0
        for shown, description, raw in entries.values():
            # a group's keys in their own order (a b c ... h), not their bindings' order
            keys = sorted(zip(shown, raw, strict=True), key=lambda pair: (len(pair[1]), pair[1]))
            for display, key in keys:
                spans.append((position, position + len(display), key))
                parts.append(Content.styled(display, "bold $text-accent"))
                parts.append(Content(" "))
                position += len(display) + 1
            parts.append(Content(f"{description}  "))
            position += len(description) + 2
        width = self.content_size.width or app.size.width
        tail = f"{palette[0]} palette" if palette is not None else ""
        if palette is not None and width - position - len(tail) >= 1:
            gap = width - position - len(tail)
            parts.append(Content(" " * gap))
            spans.append((position + gap, position + gap + len(palette[0]), palette[1]))
            parts.append(Content.assemble((palette[0], "bold $text-accent"), " palette"))
        self._spans = spans
        self.update(Content("").join(parts))

    def on_resize(self) -> None:
        self.refresh_keys()

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
