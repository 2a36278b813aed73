"""The class report as one self-contained HTML file: its style inline, its charts inline SVG
(:mod:`.html_charts`), no script and nothing fetched from anywhere; every text escaped. The
tables and charts are made from the same :class:`~quiz.server.report.shape.Report` as the
JSON."""

from __future__ import annotations

from collections.abc import Iterable

from quiz.server.report import html_charts as charts
from quiz.server.report.html_charts import e
from quiz.server.report.shape import Report

STYLE = """
:root { color-scheme: light dark; --ink: #1b1f24; --paper: #ffffff; --muted: #505a66;
  --bar: #2f6db3; --low: #b3261e; --right: #1e7a34; --rule: #8c959f; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6edf3; --paper: #0d1117;
  --muted: #9ea7b3; --bar: #58a6ff; --low: #ff7b72; --right: #56d364; --rule: #6e7681; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: var(--paper);
  max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid var(--rule); text-align: left;
  vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted, .rule-text { color: var(--muted); } .risk { color: var(--low); font-weight: 600; }
svg { display: block; margin: .5rem 0 1rem; max-width: 100%; height: auto; }
svg .bar { fill: var(--bar); } svg .low { fill: var(--low); } svg .right { fill: var(--right); }
svg .dot { fill: var(--low); } svg .rule, svg .limit { stroke: var(--rule); }
svg .limit { stroke-dasharray: 4 3; } svg text { fill: var(--ink); font-size: 11px; }
svg .axis { fill: var(--muted); }
"""


def _cell(value: object, numeric: bool = False) -> str:
    if value is None:
        value = "–"
    elif isinstance(value, float):
        value = f"{value:g}"
    elif isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:,}"
    return f'<td class="n">{e(value)}</td>' if numeric else f"<td>{e(value)}</td>"


def _table(header: list[str], rows: Iterable[list[object]], numeric: set[int]) -> str:
    head = "".join(f"<th>{e(name)}</th>" for name in header)
    body = "".join(
        "<tr>" + "".join(_cell(v, i in numeric) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _look_at(report: Report) -> list[str]:
    parts = [f'<h2 id="look-at">Cards to look at ({len(report["cards_to_look_at"])})</h2>',
             f'<p class="rule-text">{e(report["rules"]["cards_to_look_at"])}</p>']  # fmt: skip
    if not report["cards_to_look_at"]:
        parts.append("<p>None: no card meets these.</p>")
    items = {(i["deck_id"], i["item_id"]): i for i in report["items"]}
    for card in report["cards_to_look_at"]:
        parts.append(f"<h3>{e(card['deck_id'])} / {e(card['item_id'])}</h3>")
        if card["prompt"]:
            parts.append(f"<p>{e(card['prompt'])}</p>")
        parts.append("<ul>" + "".join(f"<li>{e(r)}</li>" for r in card["reasons"]) + "</ul>")
        item = items.get((card["deck_id"], card["item_id"]))
        if item is not None and item["choices"]:
            parts.append(charts.choice_bars(item))
    return parts


def _overruled(report: Report) -> list[str]:
    parts = ['<h2 id="overruled">Answers students said were right</h2>']
    if not report["overruled"]:
        parts.append("<p>None yet.</p>")
    for card in report["overruled"]:
        parts.append(f"<h3>{e(card['deck_id'])} / {e(card['item_id'])}</h3>")
        if card["prompt"]:
            parts.append(f"<p>{e(card['prompt'])}</p>")
        parts.append(f'<p class="muted">Accepted now: {e("; ".join(card["accepted"]))}</p>')
        parts.append(_table(["Answer", "Students", "Times"],
                            ([a["text"], a["students"], a["times"]] for a in card["answers"]),
                            {1, 2}))  # fmt: skip
        if card["answers_line"]:
            parts.append("<p>To accept them all, the card's line becomes:</p>"
                         f"<pre>{e(card['answers_line'])}</pre>")  # fmt: skip
    return parts


def report_html(report: Report) -> str:
    """The whole report as one HTML document."""
    scope = f"deck {report['deck']}" if report["deck"] else "every deck"
    title = f"Class report, {scope}"
    items = report["items"]
    limits = report["thresholds"]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="muted">{report["students_total"]:,} students, {report["reviews_total"]:,} '
        f"reviews; made {e(report['generated_at'])}.</p>",
        f"<h2>Reviews over the last {limits['window_days']} days</h2>",
        charts.daily_chart(report["days"]),
    ]  # fmt: skip
    parts += _look_at(report)
    parts += _overruled(report)
    parts += ['<h2 id="topics">Decks and topics</h2>', charts.topic_bars(report["topics"]),
              _table(["Deck / tag", "Items", "Reviews", "Retention %", "Due", "Leeches"],
                     ([t["deck_id"] if t["tag"] is None else f"#{t['tag']}", t["items"],
                       t["window_reviews"], t["retention_percent"], t["backlog"], t["leeches"]]
                      for t in report["topics"]), {1, 2, 3, 4, 5})]  # fmt: skip
    parts += ['<h2 id="students">Students, at risk first</h2>',
              f'<p class="rule-text">At risk: {e(report["rules"]["at_risk"])}</p>',
              _table(["Student", "Reviews/day", "Due", "Retention %", "Days since study",
                      "At risk"],
                     ([s["name"], s["reviews_per_day"], s["backlog"], s["retention_percent"],
                       "never" if s["days_since_last_study"] is None
                       else s["days_since_last_study"], "; ".join(s["why"])]
                      for s in report["students"]), {1, 2, 3, 4})]  # fmt: skip
    parts += ['<h2 id="cards">Cards</h2>',
              charts.percent_bars(items, limits["low_correct_percent"]),
              charts.discrimination_bars(items),
              _table(["Deck", "Item", "Prompt", "Seen", "First try %", "Mean rating",
                      "Lapses", "Discrimination", "Due", "Leeches"],
                     ([i["deck_id"], i["item_id"], i["prompt"], i["students"],
                       i["first_try_correct_percent"], i["mean_rating"], i["lapses"],
                       i["discrimination"], i["backlog"], i["leeches"]] for i in items),
                     {3, 4, 5, 6, 7, 8, 9})]  # fmt: skip
    parts.append('<h2 id="rules">How figures are made</h2><dl>')
    for name, rule in report["rules"].items():
        parts.append(f"<dt>{e(name.replace('_', ' '))}</dt><dd>{e(rule)}</dd>")
    parts.append("</dl></body></html>")
    return "\n".join(parts) + "\n"
