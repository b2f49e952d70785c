"""The clinic benchmark's growth chart (``benchmarks/svg_chart.py``) is a well-formed SVG
that shows every measured point, the targets, and each point's share of the bare rate."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from svg_chart import clinic_chart

SVG = "{http://www.w3.org/2000/svg}"


def _point(clients: int, p95: float, ratio: float) -> dict[str, object]:
    return {"clients": clients,
            "dashboard": {"p50_ms": p95 / 2, "p95_ms": p95, "checked": {"clients": clients // 10}},
            "setlog": {"p50_ms": 5.0, "p99_ms": 12.5, "ratio": ratio}}


def test_the_chart_shows_each_point_and_the_targets() -> None:
    points = [_point(200, 20.0, 0.41), _point(2000, 180.0, 0.33)]
    root = ET.fromstring(clinic_chart(points))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "target p95 150 ms" in texts and "target p99 30 ms" in texts
    assert "20/coach" in texts and "200/coach" in texts
    assert "41%" in texts and "33%" in texts
    lines = [p.get("points", "").split() for p in root.iter(f"{SVG}polyline")]
    assert len(lines) == 4 and all(len(line) == 2 for line in lines)
    # a point over the target is drawn above the target line (smaller y)
    target_y = next(float(line.get("y1", "0")) for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray"))
    dashboard_p95 = [float(xy.split(",")[1]) for xy in lines[0]]
    assert dashboard_p95[0] > target_y > dashboard_p95[1]
