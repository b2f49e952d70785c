"""Importing a Strong export on SQLite (issue 11).

A generated 50,000-row Strong CSV (comma layout, about five years: four workouts a week,
each with warm-ups, working sets, a rest timer and a note) is imported into a fresh
SQLite file through ``spinewise import strong`` (``--json``, in a subprocess, so the
time is what a person waits: start-up, reading, parsing, matching, one transaction).
Target: <= 5 s. Baselines measured in the same run: reading the same file with the
standard library's ``csv.DictReader`` (no types, no storage), and the in-process parse
alone (``domain.imported_history.parse_strong``).

Run: ``.venv/bin/python benchmarks/bench_import.py`` (writes benchmarks/out/bench_import.json).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

from spinewise.domain.imported_history import STRONG_COMMA, parse_strong

ROWS = 50_000
TARGET_S = 5.0
EXERCISES = ["Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)", "Overhead Press (Barbell)",
             "Bent Over Row (Barbell)", "Lat Pulldown (Cable)", "Romanian Deadlift (Barbell)",
             "Bicep Curl (Dumbbell)", "Lateral Raise (Dumbbell)", "Plank", "Hip Thrust (Barbell)",
             "Zercher Squat", "Leg Press", "Face Pull (Cable)", "Triceps Pushdown (Cable - Straight Bar)"]


def strong_export(rows: int, seed: int = 11) -> str:
    """A Strong comma-layout export of ``rows`` rows, four workouts a week from 2021."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG_COMMA)
    written = 0
    start = datetime(2021, 1, 4, 18, 0, 0)
    workout = 0
    while written < rows:
        when = start + timedelta(days=(workout // 4) * 7 + (0, 1, 3, 5)[workout % 4], minutes=rng.randint(0, 90))
        date = when.strftime("%Y-%m-%d %-I:%M:%S\u202f%p") if workout % 2 else when.strftime("%Y-%m-%d %H:%M:%S")
        title = f"Day {workout % 4 + 1}, week {workout // 4 + 1}"
        duration = f"1h {rng.randint(0, 59)}m"
        for exercise in rng.sample(EXERCISES, 6):
            load = rng.randint(8, 60) * 2.5
            orders = ["W", "W", "1", "Rest Timer", "2", "3", "4", "5", "Note"]
            for order in orders:
                if written >= rows:
                    break
                if order == "Rest Timer":
                    cells = [0, 0, 0, 120, "", ""]
                elif order == "Note":
                    cells = [0, 0, 0, 0, "Brace, then breathe", ""]
                else:
                    weight = load * (0.5 if order == "W" else 1)
                    cells = [weight, rng.randint(3, 12), 0, 0, "", rng.choice(["", "7", "8", "8.5", "9"])]
                writer.writerow([date, title, duration, exercise, order, cells[0], cells[1], cells[2], cells[3],
                                 cells[4], "Felt fine, slept well" if order == "1" else "", cells[5]])
                written += 1
        workout += 1
    return out.getvalue()


def _children_cpu() -> float:
    """CPU seconds (user + system) used by finished child processes so far: on a busy
    machine the wall time includes waiting for a core, this does not."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    text = strong_export(ROWS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "strong.csv"
        path.write_text(text, encoding="utf-8")

        def dict_reader() -> None:
            with path.open(encoding="utf-8", newline="") as handle:
                for _ in csv.DictReader(handle):
                    pass

        baseline = statistics.median(_common.timed(dict_reader, repeat=5, warmup=1))
        parse = statistics.median(_common.timed(lambda: parse_strong(path.read_text(encoding="utf-8"),
                                                                     file="strong.csv"), repeat=5, warmup=1))
        spinewise = str(Path(sys.executable).with_name("spinewise"))
        runs: list[float] = []
        cpu: list[float] = []
        for attempt in range(3):
            db = f"sqlite:///{Path(folder) / f'bench{attempt}.sqlite3'}"
            subprocess.run([spinewise, "init", "--from", str(Path(__file__).resolve().parents[1] / "src" / "spinewise"
                                                             / "data" / "intakes" / "gym-regular-5-days.json"),
                            "--name", "Bench", "--db", db, "--json"], check=True, capture_output=True)
            cpu_before = _children_cpu()
            began = time.perf_counter()
            done = subprocess.run([spinewise, "import", "strong", str(path), "--db", db, "--json"],
                                  check=True, capture_output=True, text=True)
            runs.append(time.perf_counter() - began)
            cpu.append(_children_cpu() - cpu_before)
            summary = json.loads(done.stdout)
        again_began = time.perf_counter()
        again = json.loads(subprocess.run([spinewise, "import", "strong", str(path), "--db", db, "--json"],
                                          check=True, capture_output=True, text=True).stdout)
        again_s = time.perf_counter() - again_began
    result = {
        "machine": _common.machine(), "rows": ROWS, "bytes": len(text.encode("utf-8")),
        "workouts": summary["workouts"], "sets": summary["sets"], "skipped_rows": summary["skipped_rows"],
        "csv_dictreader_s": round(baseline, 3), "parse_s": round(parse, 3),
        "cli_import_s": [round(r, 3) for r in runs], "cli_import_median_s": round(statistics.median(runs), 3),
        "cli_import_cpu_s": [round(c, 3) for c in cpu], "cli_import_cpu_median_s": round(statistics.median(cpu), 3),
        "load_average": list(os.getloadavg()),
        "second_import_s": round(again_s, 3), "second_import_added_sets": again["added_sets"],
        "target_s": TARGET_S,
    }
    _common.OUT.mkdir(exist_ok=True)
    (_common.OUT / "bench_import.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
