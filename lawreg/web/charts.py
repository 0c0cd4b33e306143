"""Charts drawn on the server as inline SVG: no JavaScript, readable without CSS.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that states the
figures in words, so a screen reader announces it; the page puts the same numbers in an HTML
table beside it.  Every text that reaches the SVG is escaped here.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from markupsafe import Markup, escape

PALETTE = ("#0b4f8a", "#c2410c", "#11612f", "#7a4b00")
WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 22
GAP = 8


def _uid(title: str) -> str:
    return "chart-" + "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:40] + f"-{zlib.crc32(title.encode()) % 10_000}"


def _number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def bar_chart(title: str, rows: Sequence[tuple[str, float]], desc: str | None = None,
              unit: str | None = None) -> Markup:
    """A horizontal bar chart of (label, value) rows; labels on the left, values at the bar ends,
    and ``unit`` ("Unit: flags") written under the bars, so a reader knows what they count."""
    uid = _uid(title)
    peak = max((value for _, value in rows), default=0) or 1
    bars_height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    height = bars_height + (20 if unit else 0)
    span = WIDTH - LABEL_WIDTH - 60
    summary = desc or "; ".join(f"{label}: {_number(value)}" for label, value in rows)
    if unit and not desc:
        summary = f"{unit}. {summary}"
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(summary)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = span * value / peak
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.72:.1f}" text-anchor="end" font-size="13">'
            f"{escape(str(label)[:34])}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1):.1f}" height="{BAR_HEIGHT}" fill="{PALETTE[0]}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT * 0.72:.1f}" font-size="13">'
            f"{escape(_number(value))}</text>"
        )
    if unit:
        parts.append(f'<text class="chart-unit" x="{LABEL_WIDTH}" y="{bars_height + 12}" font-size="12">{escape(unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    desc: str | None = None,
) -> Markup:
    """A line chart of one or more series over ``x_labels``; ``None`` values leave a gap.

    Series are told apart by colour *and* dash pattern, and named in a legend.
    """
    uid = _uid(title)
    height, left, right, top, bottom = 280, 48, 16, 16, 56
    values = [v for _, points in series for v in points if v is not None]
    peak = max(values, default=0) or 1
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(1, len(x_labels) - 1)
    start = left + (plot_w / 2 if len(x_labels) == 1 else 0)  # a lone point sits mid-axis

    def at(index: int, value: float) -> tuple[float, float]:
        return start + index * step, top + plot_h * (1 - value / peak)

    summary = desc or " ".join(
        f"{name}: " + ", ".join(f"{x} {_number(v)}" for x, v in zip(x_labels, points, strict=False) if v is not None) + "."
        for name, points in series
    )
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(summary)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#4a5360"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#4a5360"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="12">{escape(_number(peak))}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="12">0</text>',
    ]
    every = max(1, len(x_labels) // 8)
    for index, label in enumerate(x_labels):
        last = len(x_labels) - 1
        if (index % every == 0 and last - index >= every) or index == last:
            x = start + index * step
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="11">{escape(label)}</text>')
    dashes = ("", ' stroke-dasharray="6 4"', ' stroke-dasharray="2 3"', ' stroke-dasharray="8 3 2 3"')
    for number, (name, points) in enumerate(series):
        colour, dash = PALETTE[number % len(PALETTE)], dashes[number % len(dashes)]
        segments: list[list[str]] = [[]]
        for index, value in enumerate(points):
            if value is None:
                segments.append([])
                continue
            x, y = at(index, value)
            segments[-1].append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        for points_text in segments:
            if len(points_text) > 1:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{" ".join(points_text)}"/>')
        legend_x = left + number * 200
        parts.append(
            f'<line x1="{legend_x}" y1="{height - 12}" x2="{legend_x + 24}" y2="{height - 12}" stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{legend_x + 30}" y="{height - 8}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
