"""Attention over time as server-side SVG: bars that need no JavaScript to draw.

Two panels from the same periods: the number of matches, and their share of
everything archived for the period (Media Cloud's normalised view, which a
crawl that reached more of one year cannot inflate). Every bar carries a
``<title>``, the browser's own tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup, escape

from indexer.timeline import PeriodCount

WIDTH, HEIGHT = 760, 150
LEFT, BOTTOM, TOP, RIGHT = 52, 22, 8, 6
MAX_LABELS = 12


def _tooltip(row: PeriodCount) -> str:
    share = "—" if row.share is None else f"{row.share:.1%}"
    return f"{row.period}: {row.matches} bài khớp / {row.total} bài lưu trữ ({share})"


def _labels(rows: list[PeriodCount]) -> list[int]:
    """Indexes of the bars that get an x label: years (January of each), thinned to fit."""
    starts = [i for i, r in enumerate(rows) if len(r.period) == 4 or r.period.endswith("-01")]
    if not starts:
        starts = [0]
    step = math.ceil(len(starts) / MAX_LABELS)
    return starts[::step]


def bars(rows: list[PeriodCount], value: Callable[[PeriodCount], float],
         say: Callable[[float], str], name: str) -> Markup:
    """One panel: a bar per period, height ``value(row)``, the axis labelled with ``say``."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    peak = max((value(r) for r in rows), default=0) or 1
    step = plot_w / max(len(rows), 1)
    parts = [f'<svg class="chart" data-chart="{escape(name)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(name)}">',
             f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
             f'y2="{TOP + plot_h}"/>',
             f'<text class="ylabel" x="{LEFT - 6}" y="{TOP + 10}">{escape(say(peak))}</text>',
             f'<text class="ylabel" x="{LEFT - 6}" y="{TOP + plot_h}">0</text>']
    for i, row in enumerate(rows):
        height = plot_h * value(row) / peak
        x = LEFT + i * step
        parts.append(f'<rect class="bar" data-period="{row.period}" x="{x:.1f}" '
                     f'y="{TOP + plot_h - height:.1f}" width="{max(step - 1, 1):.1f}" '
                     f'height="{height:.1f}"><title>{escape(_tooltip(row))}</title></rect>')
    for i in _labels(rows):
        parts.append(f'<text class="xlabel" x="{LEFT + i * step:.1f}" '
                     f'y="{HEIGHT - 6}">{escape(rows[i].period[:4])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline_panels(rows: list[PeriodCount]) -> list[tuple[str, Markup]]:
    """(title, svg) of the matches panel and the share panel."""
    return [
        ("Số bài khớp", bars(rows, lambda r: r.matches, lambda v: f"{v:g}", "matches")),
        ("Tỉ lệ trên tổng số bài lưu trữ cùng kỳ",
         bars(rows, lambda r: r.share or 0.0, lambda v: f"{v:.0%}", "share")),
    ]
