"""Engine benchmarks (issue 2): build_plan latency, screening+planning throughput, CLI start-up.

Run: ``.venv/bin/python benchmarks/bench_engine.py`` (or ``make bench``).
Baselines in the same run: validating the intake alone (for build_plan), and a bare
``python -c pass`` interpreter start (for the CLI timings).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import summary_ms, table, timed, write

from spinewise import build_plan
from spinewise.domain.intake import parse_intake
from spinewise.domain.planner import build_plan_for
from spinewise.domain.screening import screen_intake
from spinewise.jsonout import dumps
from spinewise.library import example_intake, example_intake_names, load_catalog

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("spinewise")


def main() -> None:
    catalog = load_catalog()
    doc = example_intake("gym-regular-5-days.json")
    intake = parse_intake(doc)
    screening = screen_intake(intake)

    baseline = summary_ms(timed(lambda: parse_intake(doc), repeat=500))
    plan_only = summary_ms(timed(lambda: build_plan_for(intake, screening, catalog, 12), repeat=300))
    full = summary_ms(timed(lambda: build_plan(doc, weeks=12), repeat=300))

    docs = [example_intake(n) for n in example_intake_names()]
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < 3.0:
        for d in docs:
            dumps(build_plan(d, weeks=12).to_json())
            count += 1
    throughput = count / (time.perf_counter() - start)

    example_path = ROOT / "src" / "spinewise" / "data" / "intakes" / "gym-regular-5-days.json"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def run(args: list[str]) -> None:
        subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    interp = summary_ms(timed(lambda: run([sys.executable, "-c", "pass"]), repeat=15))
    helptime = summary_ms(timed(lambda: run([str(EXE), "--help"]), repeat=15))
    plancli = summary_ms(timed(lambda: run([str(EXE), "plan", str(example_path), "--json"]), repeat=15))

    results = {
        "baseline_parse_intake": baseline,
        "build_plan_for_12_weeks": plan_only,
        "build_plan_12_weeks_incl_validation_and_screening": full,
        "throughput_intakes_per_s_one_core": round(throughput, 1),
        "baseline_python_start": interp,
        "cli_help_wall": helptime,
        "cli_plan_json_wall": plancli,
    }
    path = write("engine", results)
    print(table([
        ("intake validation (baseline)", f"{baseline['median_ms']} ms", "-", "-"),
        ("build_plan 12 weeks (domain)", f"{plan_only['median_ms']} ms", "<= 10 ms", "ok" if plan_only["median_ms"] <= 10 else "MISS"),
        ("build_plan 12 weeks (incl. validation)", f"{full['median_ms']} ms", "<= 10 ms", "ok" if full["median_ms"] <= 10 else "MISS"),
        ("screen+plan+serialize", f"{throughput:.0f} intakes/s", ">= 200/s", "ok" if throughput >= 200 else "MISS"),
        ("python -c pass (baseline)", f"{interp['median_ms']} ms", "-", "-"),
        ("spinewise --help", f"{helptime['median_ms']} ms", "<= 300 ms", "ok" if helptime["median_ms"] <= 300 else "MISS"),
        ("spinewise plan FILE --json", f"{plancli['median_ms']} ms", "<= 600 ms", "ok" if plancli["median_ms"] <= 600 else "MISS"),
    ]))
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
