"""The class report's charts as inline SVG: plain shapes and escaped text, no script, no
font or image from anywhere else. Each chart is drawn from the report's own figures."""

from __future__ import annotations

from html import escape

from quiz.server.report.shape import DayReport, ItemReport, TopicReport

BAR = 16  # height of one horizontal bar row
LABEL = 230  # width kept for a row's label
PLOT = 380  # width of the bars' area


def e(text: object) -> str:
    """Text (or a number) escaped for HTML and SVG, quotes too."""
    return escape(str(text), quote=True)


def _label(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><title>{e(title)}</title>' + "".join(body) + "</svg>"
    )


def daily_chart(days: list[DayReport]) -> str:
    """Reviews each day of the window (bars) and that day's retention (dots, right axis)."""
    width, height, top, bottom, left = 640, 200, 12, 28, 40
    inner = height - top - bottom
    most = max([d["reviews"] for d in days] + [1])
    step = (width - left - 40) / max(1, len(days))
    body = [
        f'<text x="4" y="{top + 8}" class="axis">{most:,}</text>',
        f'<text x="4" y="{top + inner}" class="axis">0</text>',
        f'<text x="{width - 36}" y="{top + 8}" class="axis">100%</text>',
        f'<line x1="{left}" y1="{top + inner}" x2="{width - 40}" y2="{top + inner}" class="rule"/>',
    ]
    for index, day in enumerate(days):
        x = left + index * step
        h = inner * day["reviews"] / most
        body.append(
            f'<rect x="{x + 1:.1f}" y="{top + inner - h:.1f}" width="{max(1.0, step - 2):.1f}"'
            f' height="{h:.1f}" class="bar"><title>{e(day["date"])}: {day["reviews"]:,} reviews,'
            f" {day['students']} students</title></rect>"
        )
        if day["retention_percent"] is not None:
            y = top + inner * (1 - day["retention_percent"] / 100)
            body.append(
                f'<circle cx="{x + step / 2:.1f}" cy="{y:.1f}" r="3" class="dot"><title>'
                f"{e(day['date'])}: retention {day['retention_percent']:g}%</title></circle>"
            )
    if days:
        body.append(f'<text x="{left}" y="{height - 8}" class="axis">{e(days[0]["date"])}</text>')
        body.append(
            f'<text x="{width - 40}" y="{height - 8}" class="axis" text-anchor="end">'
            f"{e(days[-1]['date'])}</text>"
        )
    return _svg(width, height, "Reviews per day (bars) and retention (dots)", body)


def percent_bars(items: list[ItemReport], threshold: float, limit: int = 30) -> str:
    """The items with the lowest first-try correct %, a line at ``threshold``."""
    shown = sorted(
        (i for i in items if i["first_try_correct_percent"] is not None),
        key=lambda i: (i["first_try_correct_percent"], i["item_id"]),
    )[:limit]
    height = BAR * len(shown) + 24
    body = []
    for row, item in enumerate(shown):
        value = item["first_try_correct_percent"] or 0.0
        y = row * BAR
        body.append(f'<text x="0" y="{y + 12}" class="label">{e(_label(item["item_id"]))}</text>')
        body.append(
            f'<rect x="{LABEL}" y="{y + 2}" width="{PLOT * value / 100:.1f}" height="{BAR - 4}"'
            f' class="{"bar low" if value < threshold else "bar"}"><title>{e(item["item_id"])}: '
            f"{value:g}% right on first try, {item['students']} students</title></rect>"
        )
        body.append(f'<text x="{LABEL + PLOT + 6}" y="{y + 12}" class="axis">{value:g}%</text>')
    x = LABEL + PLOT * threshold / 100
    body.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}" class="limit"/>')
    body.append(f'<text x="{x:.1f}" y="{height - 6}" class="axis">{threshold:g}%</text>')
    return _svg(LABEL + PLOT + 50, height, "First-try correct, lowest first", body)


def discrimination_bars(items: list[ItemReport], limit: int = 30) -> str:
    """The items with the lowest discrimination, as bars either side of 0."""
    shown = sorted(
        (i for i in items if i["discrimination"] is not None),
        key=lambda i: (i["discrimination"], i["item_id"]),
    )[:limit]
    height = BAR * len(shown) + 24
    zero = LABEL + PLOT / 2
    body = [f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height - 20}" class="limit"/>',
            f'<text x="{zero}" y="{height - 6}" class="axis">0</text>',
            f'<text x="{LABEL}" y="{height - 6}" class="axis">-1</text>',
            f'<text x="{LABEL + PLOT - 8}" y="{height - 6}" class="axis">+1</text>']  # fmt: skip
    for row, item in enumerate(shown):
        value = item["discrimination"] or 0.0
        y = row * BAR
        w = PLOT / 2 * abs(value)
        x = zero - w if value < 0 else zero
        body.append(f'<text x="0" y="{y + 12}" class="label">{e(_label(item["item_id"]))}</text>')
        body.append(
            f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{BAR - 4}" class='
            f'"{"bar low" if value < 0 else "bar"}"><title>{e(item["item_id"])}: '
            f"{value:+.2f} over {item['discrimination_students']} students</title></rect>"
        )
        body.append(f'<text x="{LABEL + PLOT + 6}" y="{y + 12}" class="axis">{value:+.2f}</text>')
    return _svg(LABEL + PLOT + 50, height, "Discrimination, lowest first", body)


def choice_bars(item: ItemReport) -> str:
    """How often each option of a choice card was picked (right options marked)."""
    choices = item["choices"] or []
    most = max([c["picks"] for c in choices] + [1])
    height = BAR * len(choices) + 4
    body = []
    for row, choice in enumerate(choices):
        y = row * BAR
        mark = "✓ " if choice["correct"] else ""
        label = f"{mark}{choice['index'] + 1}. {choice['text']}"
        body.append(f'<text x="0" y="{y + 12}" class="label">{e(_label(label))}</text>')
        body.append(
            f'<rect x="{LABEL}" y="{y + 2}" width="{PLOT * choice["picks"] / most:.1f}"'
            f' height="{BAR - 4}" class="{"bar right" if choice["correct"] else "bar low"}">'
            f"<title>{e(choice['text'])}: {choice['picks']} picks</title></rect>"
        )
        body.append(
            f'<text x="{LABEL + PLOT + 6}" y="{y + 12}" class="axis">{choice["picks"]}</text>'
        )
    return _svg(LABEL + PLOT + 50, height, f"Options of {item['item_id']}", body)


def topic_bars(topics: list[TopicReport]) -> str:
    """Retention of each deck and tag over the window."""
    shown = [t for t in topics if t["retention_percent"] is not None]
    height = BAR * len(shown) + 4
    body = []
    for row, topic in enumerate(shown):
        y = row * BAR
        name = topic["deck_id"] if topic["tag"] is None else f"  #{topic['tag']}"
        value = topic["retention_percent"] or 0.0
        body.append(f'<text x="0" y="{y + 12}" class="label">{e(_label(name))}</text>')
        body.append(
            f'<rect x="{LABEL}" y="{y + 2}" width="{PLOT * value / 100:.1f}" height="{BAR - 4}"'
            f' class="bar"><title>{e(name.strip())}: {value:g}% over {topic["window_reviews"]:,}'
            " reviews</title></rect>"
        )
        body.append(f'<text x="{LABEL + PLOT + 6}" y="{y + 12}" class="axis">{value:g}%</text>')
    return _svg(LABEL + PLOT + 50, height, "Retention by deck and tag", body)
