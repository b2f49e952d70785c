"""Charts for the printed report, drawn as SVG in Python (no script: a PDF runs none).

Each function returns one ``<svg>`` element as text, with a ``<title>`` saying what it
shows; every value put into the SVG is a number or escaped text.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

INK = "#1f2a37"
GRID = "#d5dbe3"
LOAD = "#b9d3ea"
DURING = "#c2410c"
MORNING = "#6d28d9"
TRACK = "#0f766e"
BAND = "#e6f2f0"


def _n(value: float) -> str:
    return f"{value:.1f}"


def pain_and_load_svg(weeks: Sequence[dict[str, object]], *, width: int = 680, height: int = 230) -> str:
    """Weekly training load as bars (right scale) under the mean worst set pain and the
    mean next-morning pain as lines (left scale, 0-10). ``weeks`` are the summary's
    ``pain_and_load_by_week`` rows."""
    left, right, top, bottom = 40, 56, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(weeks), 1)
    step = plot_w / count
    loads = [float(w["load"] or 0) for w in weeks]  # type: ignore[arg-type]
    top_load = max([*loads, 1.0])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10" role="img">',
             "<title>Pain and training load by week</title>"]
    for pain in (0, 2, 4, 6, 8, 10):
        y = top + plot_h - pain / 10 * plot_h
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{left + plot_w}" y2="{_n(y)}" stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(f'<text x="{left - 6}" y="{_n(y + 3)}" text-anchor="end" fill="{INK}">{pain}</text>')
    parts.append(f'<text x="{left - 30}" y="{top + plot_h / 2}" fill="{INK}" '
                 f'transform="rotate(-90 {left - 30} {top + plot_h / 2})" text-anchor="middle">pain 0-10</text>')
    parts.append(f'<text x="{width - 8}" y="{top + plot_h / 2}" fill="{INK}" '
                 f'transform="rotate(90 {width - 8} {top + plot_h / 2})" text-anchor="middle">load (RPE x min)</text>')
    parts.append(f'<text x="{left + plot_w + 6}" y="{top + 4}" fill="{INK}">{round(top_load):d}</text>')
    parts.append(f'<text x="{left + plot_w + 6}" y="{top + plot_h + 3}" fill="{INK}">0</text>')
    for i, week in enumerate(weeks):
        x = left + i * step
        bar = loads[i] / top_load * plot_h
        if bar > 0:
            parts.append(f'<rect x="{_n(x + step * 0.18)}" y="{_n(top + plot_h - bar)}" width="{_n(step * 0.64)}" '
                         f'height="{_n(bar)}" fill="{LOAD}"/>')
        label = escape(str(week["week"])[5:])  # MM-DD of the week's Monday
        parts.append(f'<text x="{_n(x + step / 2)}" y="{top + plot_h + 14}" text-anchor="middle" fill="{INK}">{label}</text>')
    for key, colour, dash in (("pain_during", DURING, ""), ("pain_next_morning", MORNING, ' stroke-dasharray="5 3"')):
        points = [(left + i * step + step / 2, top + plot_h - float(w[key]) / 10 * plot_h)  # type: ignore[arg-type]
                  for i, w in enumerate(weeks) if w.get(key) is not None]
        if len(points) > 1:
            path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for x, y in points:
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.6" fill="{colour}"/>')
    legend_y = height - 8
    parts.append(f'<rect x="{left}" y="{legend_y - 8}" width="12" height="8" fill="{LOAD}"/>'
                 f'<text x="{left + 16}" y="{legend_y}" fill="{INK}">training load (week)</text>')
    parts.append(f'<line x1="{left + 140}" y1="{legend_y - 4}" x2="{left + 158}" y2="{legend_y - 4}" stroke="{DURING}" stroke-width="2"/>'
                 f'<text x="{left + 162}" y="{legend_y}" fill="{INK}">worst pain in a set (mean)</text>')
    parts.append(f'<line x1="{left + 310}" y1="{legend_y - 4}" x2="{left + 328}" y2="{legend_y - 4}" stroke="{MORNING}" '
                 f'stroke-width="2" stroke-dasharray="5 3"/>'
                 f'<text x="{left + 332}" y="{legend_y}" fill="{INK}">next-morning pain (mean)</text>')
    parts.append("</svg>")
    return "".join(parts)


def outcome_svg(track: dict[str, object], *, width: int = 320, height: int = 150) -> str:
    """One outcome measure over time (a summary ``outcomes`` entry): its scores as a
    line, and a shaded band around the first score as wide as the smallest change
    that matters, so a point outside the band is a real change."""
    left, right, top, bottom = 34, 12, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = 100.0 if track["measure"] == "odi" else 10.0
    points: list[dict[str, object]] = list(track["points"])  # type: ignore[call-overload]
    band = _smallest_change(str(track["measure"]), float(points[0]["score"]) if points else 0.0)  # type: ignore[arg-type]
    title = escape(f"{track['name']} over time")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10" role="img">',
             f"<title>{title}</title>"]

    def y_of(value: float) -> float:
        return top + plot_h - max(0.0, min(top_value, value)) / top_value * plot_h

    if points:
        first = float(points[0]["score"])  # type: ignore[arg-type]
        high, low = y_of(first + band), y_of(first - band)
        parts.append(f'<rect x="{left}" y="{_n(high)}" width="{plot_w}" height="{_n(low - high)}" fill="{BAND}"/>')
    for tick in (0, top_value / 2, top_value):
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{left + plot_w}" y2="{_n(y)}" stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(f'<text x="{left - 5}" y="{_n(y + 3)}" text-anchor="end" fill="{INK}">{tick:g}</text>')
    count = len(points)
    step = plot_w / max(count - 1, 1)
    coords = [(left + (i * step if count > 1 else plot_w / 2), y_of(float(p["score"])))  # type: ignore[arg-type]
              for i, p in enumerate(points)]
    if len(coords) > 1:
        parts.append(f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in coords)}" fill="none" '
                     f'stroke="{TRACK}" stroke-width="2"/>')
    for (x, y), point in zip(coords, points, strict=True):
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{TRACK}"/>')
        parts.append(f'<text x="{_n(x)}" y="{_n(y - 6)}" text-anchor="middle" fill="{INK}">{float(point["score"]):g}</text>')  # type: ignore[arg-type]
    if points:
        parts.append(f'<text x="{left}" y="{height - 16}" fill="{INK}">{escape(str(points[0]["date"]))}</text>')
        parts.append(f'<text x="{left + plot_w}" y="{height - 16}" text-anchor="end" fill="{INK}">'
                     f'{escape(str(points[-1]["date"]))}</text>')
    parts.append(f'<text x="{left}" y="{height - 3}" fill="{INK}">shaded: no meaningful change from the first score</text>')
    parts.append("</svg>")
    return "".join(parts)


def _smallest_change(measure: str, first: float) -> float:
    """The half-width of the band: the smallest change that matters from ``first``
    (NPRS: 2 points or 30% of the first score, whichever is smaller)."""
    from spinewise.domain.assessments import (
        NPRS_MEANINGFUL_FRACTION,
        NPRS_MEANINGFUL_POINTS,
        PSFS_MEANINGFUL_POINTS,
    )
    from spinewise.domain.odi import ODI_MEANINGFUL_POINTS

    if measure == "nprs":
        return min(NPRS_MEANINGFUL_POINTS, NPRS_MEANINGFUL_FRACTION * first) if first > 0 else NPRS_MEANINGFUL_POINTS
    return ODI_MEANINGFUL_POINTS if measure == "odi" else PSFS_MEANINGFUL_POINTS
