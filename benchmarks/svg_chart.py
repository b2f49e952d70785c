"""Small SVG line charts written by hand (no plotting library): the clinic benchmark's
growth chart for docs/benchmarks.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

WIDTH, HEIGHT = 360, 280
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 66, 44


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[float, float]]
    color: str
    notes: Sequence[str] = ()
    """A short text over each point (empty: none)."""


def _ticks(high: float) -> list[float]:
    """Round steps from 0 to at least ``high``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if high / step <= 6:
            return [step * i for i in range(int(high // step) + 2)]
    return [high]


def panel(title: str, y_label: str, x_values: Sequence[float], series: Sequence[Series],
          target: float | None, target_label: str, x_offset: int = 0) -> str:
    """One chart (x: clients in the clinic) as an SVG group placed at ``x_offset``."""
    top_value = max([target or 0.0, *(y for s in series for _, y in s.points)]) * 1.1
    y_ticks = _ticks(top_value)
    y_max = y_ticks[-1]
    x_max = max(x_values) * 1.05
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + x / x_max * plot_w

    def sy(y: float) -> float:
        return TOP + plot_h - y / y_max * plot_h

    out = [f'<g transform="translate({x_offset},0)">',
           f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">{escape(title)}</text>']
    for y in y_ticks:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{sy(y) + 4:.1f}" text-anchor="end" font-size="11">{y:g}</text>')
    for x in x_values:
        out.append(f'<text x="{sx(x):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="11">{x:g}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11">'
               'clients in the clinic</text>')
    out.append(f'<text x="14" y="{TOP + plot_h / 2}" text-anchor="middle" font-size="11" '
               f'transform="rotate(-90 14 {TOP + plot_h / 2})">{escape(y_label)}</text>')
    out.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#333"/>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#333"/>')
    if target is not None:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(target):.1f}" y2="{sy(target):.1f}" '
                   'stroke="#c0392b" stroke-dasharray="5 4"/>')
        out.append(f'<text x="{LEFT + 4}" y="{sy(target) - 5:.1f}" text-anchor="start" font-size="11" '
                   f'fill="#c0392b">{escape(target_label)}</text>')
    for i, s in enumerate(series):
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s.points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{s.color}" stroke-width="2"/>')
        for j, (x, y) in enumerate(s.points):
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{s.color}"/>')
            if j < len(s.notes) and s.notes[j]:
                out.append(f'<text x="{sx(x):.1f}" y="{sy(y) - 8:.1f}" text-anchor="middle" font-size="10" '
                           f'fill="{s.color}">{escape(s.notes[j])}</text>')
        out.append(f'<text x="{LEFT}" y="{32 + 13 * i}" font-size="11" fill="{s.color}">'
                   f'{escape(s.label)}</text>')
    out.append("</g>")
    return "\n".join(out)


def clinic_chart(points: Sequence[dict[str, Any]]) -> str:
    """Two panels: the dashboard's latency and set logging's, against clinic size."""
    xs = [float(p["clients"]) for p in points]
    dashboard = panel(
        "Coach's dashboard, 32 coaches", "latency (ms)", xs,
        [Series("p95", [(x, p["dashboard"]["p95_ms"]) for x, p in zip(xs, points, strict=True)], "#1f5fa8",
                [f'{p["dashboard"].get("checked", {}).get("clients", "?")}/coach' for p in points]),
         Series("p50", [(x, p["dashboard"]["p50_ms"]) for x, p in zip(xs, points, strict=True)], "#7fa7d6")],
        150.0, "target p95 150 ms")
    setlog = panel(
        "Set logging, --workers 2", "latency (ms)", xs,
        [Series("p99 (label: % of bare req/s)", [(x, p["setlog"]["p99_ms"]) for x, p in zip(xs, points, strict=True)],
                "#1e8449", [f'{p["setlog"]["ratio"]:.0%}' for p in points]),
         Series("p50", [(x, p["setlog"]["p50_ms"]) for x, p in zip(xs, points, strict=True)], "#82c99a")],
        30.0, "target p99 30 ms", x_offset=WIDTH)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {2 * WIDTH} {HEIGHT}" font-family="sans-serif" role="img" '
            'aria-label="Dashboard and set-logging latency as the clinic grows">\n'
            f'<rect width="{2 * WIDTH}" height="{HEIGHT}" fill="white"/>\n{dashboard}\n{setlog}\n</svg>\n')
