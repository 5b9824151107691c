"""Charts as server-rendered SVG: a horizontal bar chart and a sparkline (DESIGN.md §8).

One small helper for the dashboards and the PDF report alike: no JavaScript, no inline
style (the CSP forbids it), colours from CSS classes (``mel/static/mel/mel.css``). Every chart
is an image with a title and a description (``role="img"``, ``aria-labelledby``); the
dashboards put a table with the same numbers beside it.

Numbers written into SVG attributes go through ``_n``: Python's own formatting, never the
active locale's (a Russian "0,5" would break the drawing). Texts are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# The drawing's own units (the SVG scales to its box through its viewBox).
WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 170
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PAD = 6
BASELINE = 4.5  # from a row's middle to the baseline of its 13px text


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length (``None``: no bar), and the text written beside it."""

    label: str
    value: float | None
    text: str
    suppressed: bool = False  # drawn as a marked, empty bar, with ``text`` saying why


def _n(number: float) -> str:
    """A number for an SVG attribute: a dot for the decimals whatever the language."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _svg(chart_id: str, title: str, description: str, width: float, height: float, body: str, css: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" preserveAspectRatio="xMinYMin meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        css,
        chart_id,
        chart_id,
        _n(width),
        _n(height),
        chart_id,
        title,
        chart_id,
        description,
        mark_safe(body),  # noqa: S308 (built below from escaped texts and formatted numbers)
    )


def describe(bars: Sequence[Bar]) -> str:
    """The chart in words, for its ``<desc>``: every label with its text."""
    return "; ".join(f"{bar.label}: {bar.text}" for bar in bars)


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    maximum: float | None = None,
) -> SafeString:
    """Horizontal bars, one row each: the label, the bar, the text. ``maximum`` is the full
    length (e.g. 1 for shares); by default the largest value."""
    values = [bar.value for bar in bars if bar.value is not None and not bar.suppressed]
    top = maximum if maximum is not None else max([v for v in values if v > 0], default=1)
    top = top if top > 0 else 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PAD
    x0, text_x = LABEL_WIDTH + PAD, LABEL_WIDTH + span + 2 * PAD
    # Three groups (labels, bars, texts) rather than one per row: what they share is said once,
    # which keeps a page of many charts small.
    labels, shapes, texts = [], [], []
    tall = f'height="{_n(BAR_HEIGHT)}"'
    for index, bar in enumerate(bars):
        y = PAD + index * ROW_HEIGHT
        baseline, bar_y = y + ROW_HEIGHT / 2 + BASELINE, y + (ROW_HEIGHT - BAR_HEIGHT) / 2
        labels.append(f'<text x="{_n(LABEL_WIDTH)}" y="{_n(baseline)}">{escape(bar.label)}</text>')
        if bar.suppressed:
            shapes.append(
                f'<rect class="bar-suppressed" x="{_n(x0)}" y="{_n(bar_y)}" width="{_n(span)}" {tall}></rect>'
            )
        elif bar.value is not None:
            length = max(0.0, min(1.0, bar.value / top)) * span
            shapes.append(f'<rect x="{_n(x0)}" y="{_n(bar_y)}" width="{_n(length)}" {tall}></rect>')
        marked = ' class="suppressed"' if bar.suppressed else ""
        texts.append(f'<text{marked} x="{_n(text_x)}" y="{_n(baseline)}">{escape(bar.text)}</text>')
    body = (
        f'<g class="chart-label" text-anchor="end">{"".join(labels)}</g>'
        f'<g class="bar">{"".join(shapes)}</g><g class="chart-value">{"".join(texts)}</g>'
    )
    height = 2 * PAD + max(1, len(bars)) * ROW_HEIGHT
    return _svg(chart_id, title, description or describe(bars), WIDTH, height, body, "chart bar-chart")


def sparkline(
    values: Sequence[float | None],
    *,
    chart_id: str,
    title: str,
    description: str,
    width: float = 120,
    height: float = 32,
) -> SafeString:
    """A small line over the values, oldest first; a ``None`` (suppressed, or nobody measured)
    breaks the line, and a value alone between gaps is a dot."""
    known = [v for v in values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    spread = (high - low) or 1.0
    step = (width - 2 * PAD) / max(1, len(values) - 1)

    def point(index: int, value: float) -> tuple[float, float]:
        y = height - PAD - (value - low) / spread * (height - 2 * PAD) if high != low else height / 2
        return PAD + index * step, y

    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(point(index, value))
    parts = []
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
            parts.append(f'<polyline class="spark-line" points="{points}"></polyline>')
        elif run:
            x, y = run[0]
            parts.append(f'<circle class="spark-dot" cx="{_n(x)}" cy="{_n(y)}" r="2.5"></circle>')
    if known and values[-1] is not None:
        x, y = point(len(values) - 1, values[-1])
        parts.append(f'<circle class="spark-last" cx="{_n(x)}" cy="{_n(y)}" r="3"></circle>')
    return _svg(chart_id, title, description, width, height, "".join(parts), "chart sparkline")
