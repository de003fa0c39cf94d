"""Inline SVG line charts for the HTML report: no script, no external resource.

The chart draws figures it is given (an index by year and the expected path); the only
arithmetic here is layout. Coordinates are written with one decimal, so the same figures
give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Final

import attrs

from dxplan.record import Record

WIDTH: Final = 340
HEIGHT: Final = 180
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 16, 14, 26


@attrs.frozen(repr=False)
class Chart(Record):
    """What one chart shows. Years run from `first` to `last` on the horizontal axis."""

    title: str
    values: tuple[tuple[int, float], ...]  # the line: (year, figure)
    expected: tuple[tuple[int, float], ...] = ()  # the dashed path: (year, figure)
    first: int = 0
    last: int = 0
    now: int | None = None  # the year evaluated, marked with a light vertical line
    goal: tuple[int, float] | None = None  # the target point, drawn hollow


def line_chart(chart: Chart) -> str:
    years = [y for y, _ in (*chart.values, *chart.expected)]
    first = min([chart.first, *years]) if chart.first else min(years, default=0)
    last = max([chart.last, *years])
    figures = [v for _, v in (*chart.values, *chart.expected)]
    if chart.goal is not None:
        last = max(last, chart.goal[0])
        figures.append(chart.goal[1])
    low, high = min([0.0, *figures]), max([100.0, *figures])
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def x(year: float) -> float:
        return _LEFT + (year - first) / max(last - first, 1) * plot_w

    def y(value: float) -> float:
        return _TOP + (high - value) / (high - low) * plot_h

    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" role="img" aria-label="{escape(chart.title)}">',
           f"<title>{escape(chart.title)}</title>"]
    for level in (0, 50, 100):
        style = "grid" if level != 50 else "grid mid"
        out.append(f'<line class="{style}" x1="{_f(_LEFT)}" y1="{_f(y(level))}" '
                   f'x2="{_f(WIDTH - _RIGHT)}" y2="{_f(y(level))}"/>')
        out.append(f'<text class="axis" x="{_f(_LEFT - 4)}" y="{_f(y(level) + 3)}" '
                   f'text-anchor="end">{level}</text>')
    for year in range(first, last + 1):
        out.append(f'<text class="axis" x="{_f(x(year))}" y="{_f(HEIGHT - 8)}" '
                   f'text-anchor="middle">{year}</text>')
    if chart.now is not None and first <= chart.now <= last:
        out.append(f'<line class="now" x1="{_f(x(chart.now))}" y1="{_f(_TOP)}" '
                   f'x2="{_f(x(chart.now))}" y2="{_f(_TOP + plot_h)}"/>')
    if len(chart.expected) > 1:
        out.append(f'<polyline class="expected" points="{_points(chart.expected, x, y)}"/>')
    if chart.goal is not None:
        gx, gy = x(chart.goal[0]), y(chart.goal[1])
        out.append(f'<circle class="goal" cx="{_f(gx)}" cy="{_f(gy)}" r="4"/>')
        out.append(f'<text class="axis" x="{_f(gx)}" y="{_f(gy - 7)}" '
                   'text-anchor="end">目標</text>')
    if len(chart.values) > 1:
        out.append(f'<polyline class="line" points="{_points(chart.values, x, y)}"/>')
    for year, value in chart.values:
        out.append(f'<circle class="dot" cx="{_f(x(year))}" cy="{_f(y(value))}" r="2.5"/>')
    if chart.values:
        year, value = chart.values[-1]
        out.append(f'<text class="value" x="{_f(x(year))}" y="{_f(y(value) - 6)}" '
                   f'text-anchor="middle">{value:.1f}</text>')
    out.append("</svg>")
    return "".join(out)


def _points(points: Sequence[tuple[int, float]], x: Callable[[float], float],
            y: Callable[[float], float]) -> str:
    return " ".join(f"{_f(x(a))},{_f(y(b))}" for a, b in points)


def _f(v: float) -> str:
    text = f"{v:.1f}"
    return "0.0" if text == "-0.0" else text

