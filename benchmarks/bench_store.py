"""Storage benchmarks on SQLite (a temporary file).

1. Logging one set through the service (validation, the monitor, one transaction and
   its commit): median per set, beside a bare SQLAlchemy Core insert + commit of the
   same row measured in the same run. Target: <= 0.5 ms median.
2. ``today`` for a person with five years of history (about 60,000 sets). Target:
   <= 100 ms.
3. Peak memory (tracemalloc) while loading that whole history. Target: < 100 MB.

Run: ``.venv/bin/python benchmarks/bench_store.py`` (writes benchmarks/out/bench_store.json).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

from spinewise import training
from spinewise.config import load_settings
from spinewise.library import example_intake

OUT = Path(__file__).parent / "out"
SETS_TO_LOG = 2000
SETS_PER_SESSION = 25
HISTORY_SETS = 60_000
YEARS = 5
TODAY = date(2026, 1, 5)  # a Monday: the active plan starts here
TARGETS = {"log_set_median_ms": 0.5, "today_ms": 100.0, "history_peak_mb": 100.0}


def machine() -> dict[str, str]:
    """The shared machine description, plus uname and the database library versions."""
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    return {**_common.machine(), "uname": uname,
            "sqlalchemy": __import__("sqlalchemy").__version__, "sqlite": __import__("sqlite3").sqlite_version}


def bench_log_set(store: Any, person_id: int) -> dict[str, float]:
    """Sets logged through the service, a new session every ``SETS_PER_SESSION`` sets
    (starting a session is not timed)."""
    times: list[float] = []
    session = None
    for n in range(SETS_TO_LOG):
        if n % SETS_PER_SESSION == 0:
            if session is not None:
                training.end_session(store=store, session_id=session.id, pain_after=2,
                                     session_rpe=5, duration_minutes=45)
            session = training.start_session(store=store, person_id=person_id,
                                              on=TODAY - timedelta(days=1 + n // SETS_PER_SESSION),
                                              baseline_pain=2, free=True)
        start = time.perf_counter()
        training.log_set(store=store, session_id=session.id, client_id=f"bench-{n}",
                         exercise="goblet_squat", reps=8, load=16, rpe=6, pain=2, tempo="3-1-2")
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": sorted(times)[int(len(times) * 0.95)]}


def bench_bare_insert(store: Any, person_id: int) -> dict[str, float]:
    from spinewise.store.tables import sets

    session = training.start_session(store=store, person_id=person_id, on=TODAY - timedelta(days=2),
                                      baseline_pain=2, free=True)
    times: list[float] = []
    now = datetime(2026, 1, 1)
    statement = sets.insert()  # built once, as the service does
    for n in range(SETS_TO_LOG):
        row = dict(session_id=session.id, person_id=person_id, client_id=f"bare-{n}", number=n + 1,
                   exercise="goblet_squat", reps=8, seconds=None, load_kg=16.0, load_entered=16.0,
                   unit="kg", tempo="3-1-2", rpe=6.0, reps_in_reserve=None, belt=False, pain=2,
                   symptoms=[], notes=None, logged_at=now, action="continue", decision={})
        start = time.perf_counter()
        with store.engine.begin() as conn:
            conn.execute(statement, row)
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": sorted(times)[int(len(times) * 0.95)]}


def seed_history(store: Any, person_id: int, *, until: date = TODAY) -> int:
    """Five years of three sessions a week of today's plan exercises, with check-ins,
    ending in the week before ``until``."""
    from spinewise.store.tables import checkins, sets, workout_sessions

    plan = training.get_person(store=store, person_id=person_id).plan
    sessions_of_plan = plan.document["weeks"][0]["sessions"]
    first = until - timedelta(weeks=52 * YEARS)
    now = datetime(2026, 1, 1)
    session_rows: list[dict[str, Any]] = []
    for week in range(52 * YEARS):
        for index, offset in enumerate((0, 2, 4)):
            on = first + timedelta(weeks=week, days=offset)
            template = sessions_of_plan[index % len(sessions_of_plan)]
            items = [i for b in template["blocks"] for i in b["items"]]
            prescriptions = {i["exercise"]: {"sets": i["sets"], "reps": i["reps"], "seconds": i["seconds"],
                                             "tempo": i["tempo"], "load_kg": 16.0, "rpe_max": i["rpe_max"]}
                             for i in items}
            session_rows.append(dict(person_id=person_id, plan_id=None, plan_week=None, plan_day=None,
                                     focus=template["focus"], on_date=on, started_at=now, ended_at=now,
                                     baseline_pain=2, pain_after=2, session_rpe=5.0, duration_minutes=50,
                                     notes=None, prescriptions=prescriptions, _items=items))
    total = 0
    with store.engine.begin() as conn:
        for chunk in range(0, len(session_rows), 200):
            batch = session_rows[chunk:chunk + 200]
            set_rows: list[dict[str, Any]] = []
            for row in batch:
                items = row.pop("_items")
                sid = conn.execute(workout_sessions.insert().values(**row)
                                   .returning(workout_sessions.c.id)).scalar_one()
                # every exercise of the session, set after set, round-robin, until the
                # session holds its share of the ~60,000 sets
                quota = HISTORY_SETS // len(session_rows)
                rounds = [i for i in items for _ in range(i["sets"])]
                for number in range(1, quota + 1):
                    item = rounds[(number - 1) % len(rounds)]
                    set_rows.append(dict(
                        session_id=sid, person_id=person_id, client_id=f"h{sid}-{number}",
                        number=number, exercise=item["exercise"], reps=item["reps"],
                        seconds=item["seconds"], load_kg=16.0, load_entered=16.0, unit="kg",
                        tempo=item["tempo"], rpe=6.0, reps_in_reserve=None, belt=False, pain=2,
                        symptoms=[], notes=None, logged_at=now, action="continue", decision={}))
            conn.execute(sets.insert(), set_rows)
            total += len(set_rows)
        conn.execute(checkins.insert(), [dict(
            person_id=person_id, on_date=r["on_date"] + timedelta(days=1), pain=2, stiffness=1,
            stiff_hours=0.0, sleep_hours=7.5, sleep_quality=4, locked_up=False, symptoms=[],
            baseline_pain=2, action="continue", decision={}, created_at=now) for r in session_rows])
    return total


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = training.open_store(load_settings(f"sqlite:///{Path(folder) / 'bench.sqlite3'}"))
        intake = example_intake("desk-worker-flexion.json")
        person = training.create_person(store=store, name="Bench", intake=intake, start=TODAY)
        pid = person.person.id
        bare = bench_bare_insert(store, pid)
        logged = bench_log_set(store, pid)

        other = training.create_person(store=store, name="Five years", intake=intake, start=TODAY)
        seeded = seed_history(store, other.person.id)
        with store.reading() as tx:
            set_count = tx.workouts.count_sets(other.person.id)
        cold_start = time.perf_counter()
        result = training.today(store=store, person_id=other.person.id, on=TODAY)
        cold_ms = (time.perf_counter() - cold_start) * 1000
        runs: list[float] = []
        for _ in range(20):
            start = time.perf_counter()
            training.today(store=store, person_id=other.person.id, on=TODAY)
            runs.append((time.perf_counter() - start) * 1000)
        assert result.status == "training" and result.items

        tracemalloc.start()
        loaded = training.history(store=store, person_id=other.person.id, limit=10_000)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        loaded_sets = sum(len(h.sets) for h in loaded)
        store.close()

    report = {
        "machine": machine(),
        "log_set": {"sets": SETS_TO_LOG, "service_median_ms": round(logged["median_ms"], 3),
                    "service_p95_ms": round(logged["p95_ms"], 3),
                    "bare_insert_commit_median_ms": round(bare["median_ms"], 3),
                    "bare_insert_commit_p95_ms": round(bare["p95_ms"], 3),
                    "target_ms": TARGETS["log_set_median_ms"]},
        "today": {"history_sets": set_count, "seeded_sets": seeded, "cold_ms": round(cold_ms, 2),
                  "median_ms": round(statistics.median(runs), 2), "max_ms": round(max(runs), 2),
                  "target_ms": TARGETS["today_ms"]},
        "history_memory": {"sessions": len(loaded), "sets": loaded_sets,
                           "peak_mb": round(peak / 1e6, 1), "target_mb": TARGETS["history_peak_mb"]},
    }
    rows = [
        ("log one set (service, median)", f"{report['log_set']['service_median_ms']:.3f} ms", "<= 0.5 ms"),
        ("bare insert + commit (median)", f"{report['log_set']['bare_insert_commit_median_ms']:.3f} ms", "baseline"),
        (f"today, {set_count} sets of history (median of 20)", f"{report['today']['median_ms']:.1f} ms", "<= 100 ms"),
        ("today, first call", f"{report['today']['cold_ms']:.1f} ms", "<= 100 ms"),
        (f"load whole history ({loaded_sets} sets), peak", f"{report['history_memory']['peak_mb']:.1f} MB", "< 100 MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>12}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>12}  {target}")
    print(f"machine: {report['machine']['cpu']} | {report['machine']['uname']}")
    (OUT / "bench_store.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
