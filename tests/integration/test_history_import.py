"""Strong and Hevy history stored, on a real SQLite file and a real PostgreSQL: past
sessions on their dates, loads in the person's unit, no pain made up, all of a file or
none of it, nothing added by a second import; and a Strong CSV export that imports back
to the same log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise import training
from spinewise.config import load_settings
from spinewise.domain.errors import InputError
from spinewise.domain.imported_history import ImportedHistory, parse_hevy, parse_strong
from spinewise.store.unit_of_work import StorageError
from spinewise.training.history_import import import_history, strong_csv

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"
MONDAY = date(2026, 1, 5)


def _read(name: str) -> ImportedHistory:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return (parse_hevy if name.startswith("hevy") else parse_strong)(text, file=name)


def _log(store: Any, person_id: int) -> list[tuple[Any, ...]]:
    """The stored log as comparable tuples: (day, start, [(exercise, load in the person's
    unit, reps, seconds, rpe, warm-up)])."""
    with store.reading() as tx:
        person = tx.people.get(person_id)
        sessions = tx.workouts.sessions(person_id)
        sets = tx.workouts.sets_of([s.id for s in sessions])
    out = []
    for session in sessions:
        done = [(s.exercise, s.load_in(person.units), s.reps, s.seconds, s.rpe, s.warmup)
                for s in sets if s.session_id == session.id]
        out.append((session.on_date, session.started_at, done))
    return out


def test_a_strong_export_becomes_past_sessions_with_no_pain_made_up(store: Any, person: Any) -> None:
    summary = import_history(store=store, person_id=person.person.id, history=_read("strong_comma.csv"))
    assert summary.to_json()["workouts"] == 2 and summary.added_sets == 8
    assert summary.to_json()["exercises"]["matched"]["Squat (Barbell)"] == "barbell_back_squat"
    assert summary.to_json()["exercises"]["unmatched"] == ["Zercher Squat"]
    past = training.history(store=store, person_id=person.person.id)
    assert [h.session.on_date for h in past] == [date(2024, 3, 7), date(2024, 3, 5)]
    legs = past[1]
    assert legs.session.baseline_pain is None and legs.session.source == "strong"
    assert legs.session.title == "Legs, heavy" and legs.session.ended_at is not None
    assert all(s.pain is None for s in legs.sets)
    assert [s.exercise for s in legs.sets] == ["barbell_back_squat"] * 3 + ["Zercher Squat", "plank"]
    assert [s.warmup for s in legs.sets] == [True, False, False, False, False]
    assert legs.sets[1].load_kg == 100 and legs.sets[1].unit == "kg" and legs.sets[1].rpe == 8


def test_pounds_are_converted_and_kept_in_kilograms(store: Any, person: Any) -> None:
    import_history(store=store, person_id=person.person.id, history=_read("strong_units.csv"))
    upper = training.history(store=store, person_id=person.person.id)[-1]
    bench = upper.sets[1]
    assert bench.load_kg == pytest.approx(185 * 0.45359237) and bench.unit == "kg"
    assert bench.load_entered == pytest.approx(83.91)
    assert bench.notes == "Paused; touch and go on the last"
    assert upper.sets[3].notes == "distance 40 m"


def test_importing_the_same_file_twice_adds_nothing(store: Any, person: Any) -> None:
    history = _read("hevy_kg.csv")
    first = import_history(store=store, person_id=person.person.id, history=history)
    again = import_history(store=store, person_id=person.person.id, history=history)
    assert (first.added_workouts, first.duplicates) == (2, 0)
    assert (again.added_workouts, again.added_sets, again.duplicates) == (0, 0, 2)
    with store.reading() as tx:
        assert tx.workouts.count_sets(person.person.id) == 6


def test_a_dry_run_stores_nothing(store: Any, person: Any) -> None:
    summary = import_history(store=store, person_id=person.person.id, history=_read("hevy_lbs.csv"), dry_run=True)
    assert summary.to_json()["sets"] == 3 and summary.to_json()["dry_run"] is True
    with store.reading() as tx:
        assert tx.workouts.count_sets(person.person.id) == 0


def test_a_file_is_stored_whole_or_not_at_all(store: Any, person: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from spinewise.store.workouts import WorkoutRepository

    original = WorkoutRepository.add_imported

    def fails_after_writing(self: WorkoutRepository, *args: Any) -> None:
        original(self, *args)  # every session and set written, then the disk fills up
        raise StorageError("cannot write: disk full")

    monkeypatch.setattr(WorkoutRepository, "add_imported", fails_after_writing)
    with pytest.raises(StorageError):
        import_history(store=store, person_id=person.person.id, history=_read("strong_numbered.csv"))
    with store.reading() as tx:
        assert tx.workouts.sessions(person.person.id) == [] and tx.workouts.count_sets(person.person.id) == 0


def test_a_mapping_to_an_exercise_not_in_the_library_is_refused(store: Any, person: Any) -> None:
    with pytest.raises(InputError, match=r"mapping\.Zercher Squat: no exercise 'zercher'"):
        import_history(store=store, person_id=person.person.id, history=_read("strong_comma.csv"),
                       mapping={"Zercher Squat": "zercher"})


def test_imported_history_counts_for_progress_never_as_pain(store: Any, person: Any) -> None:
    import_history(store=store, person_id=person.person.id, history=_read("strong_comma.csv"))
    report = training.progress(store=store, person_id=person.person.id, on=date(2024, 3, 10),
                               since=date(2024, 2, 1)).to_json()
    legs = next(p for p in report["pain"] if p["date"] == "2024-03-05")
    assert legs["during"] is None and legs["baseline"] is None
    assert any(v["tonnage_kg"] > 0 for v in report["volume_by_pattern"])
    assert report["flare_up"]["count"] == 0


def test_imported_history_leaves_todays_plan_and_usual_pain_alone(store: Any, person: Any) -> None:
    before = training.today(store=store, person_id=person.person.id, on=MONDAY).to_json()
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    import_history(store=store, person_id=person.person.id, history=_read("strong_comma.csv"))
    after = training.today(store=store, person_id=person.person.id, on=MONDAY + timedelta(days=2)).to_json()
    assert [i["exercise"] for i in before["items"]] and after["items"]
    later = training.start_session(store=store, person_id=person.person.id, on=MONDAY + timedelta(days=2))
    assert session.baseline_pain == 2 and later.baseline_pain is not None


def test_an_export_imports_back_to_the_same_log(store: Any, person: Any, tmp_path: Path) -> None:
    for name in ("strong_comma.csv", "strong_units.csv", "strong_numbered.csv", "hevy_kg.csv"):
        import_history(store=store, person_id=person.person.id, history=_read(name))
    text = strong_csv(store=store, person_id=person.person.id)
    other = training.open_store(load_settings(f"sqlite:///{tmp_path / 'other.sqlite3'}"))
    try:
        again = training.create_person(store=other, name="Ana", intake=_intake(), start=MONDAY)
        import_history(store=other, person_id=again.person.id, history=parse_strong(text, file="export.csv"))
        assert _log(other, again.person.id) == _log(store, person.person.id)
    finally:
        other.close()


def _intake() -> dict[str, Any]:
    from spinewise.library import example_intake

    return example_intake("desk-worker-flexion.json")


# --- the round trip, as a property -------------------------------------------------------

_names = st.sampled_from(["Squat (Barbell)", "Deadlift (Barbell)", "Plank", "Zercher Squat",
                          "Cable Fly, wide", 'Curl "21s"; strict'])
_weights = st.one_of(st.none(), st.integers(1, 8000).map(lambda q: q / 4))
_sets = st.tuples(_names, st.booleans(), _weights, st.one_of(st.none(), st.integers(1, 30)),
                  st.one_of(st.none(), st.integers(1, 600)),
                  st.one_of(st.none(), st.integers(2, 20).map(lambda h: h / 2)))
_workouts = st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 86399),
                               st.sampled_from(["Legs", "Upper, heavy", "A; B"]),
                               st.lists(_sets, min_size=1, max_size=6)),
                     min_size=1, max_size=5, unique_by=lambda w: (w[0], w[1], w[2]))


def _as_strong_csv(workouts: list[Any]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
                     "Distance", "Seconds", "Notes", "Workout Notes", "RPE"])
    for day, second, title, sets in workouts:
        start = datetime(2020, 1, 1) + timedelta(days=day, seconds=second)
        for n, (name, warmup, weight, reps, seconds, rpe) in enumerate(sets, start=1):
            writer.writerow([start.strftime("%Y-%m-%d %H:%M:%S"), title, "1h", name, "W" if warmup else n,
                             weight or 0, reps or 0, 0, seconds or 0, "", "", rpe or ""])
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workouts=_workouts, unit=st.sampled_from(["kg", "lb"]))
def test_export_then_import_into_an_empty_database_gives_back_the_same_log(tmp_path: Path, workouts: list[Any],
                                                                          unit: str) -> None:
    import uuid

    intake = {**_intake(), "units": unit}
    stores = [training.open_store(load_settings(f"sqlite:///{tmp_path / uuid.uuid4().hex}.sqlite3"))
              for _ in range(2)]
    try:
        first, second = (training.create_person(store=s, name="Ana", intake=intake, start=MONDAY) for s in stores)
        import_history(store=stores[0], person_id=first.person.id,
                       history=parse_strong(_as_strong_csv(workouts), file="made.csv"))
        exported = strong_csv(store=stores[0], person_id=first.person.id)
        import_history(store=stores[1], person_id=second.person.id, history=parse_strong(exported, file="export.csv"))
        original, back = _log(stores[0], first.person.id), _log(stores[1], second.person.id)
        assert back == original
        assert sum(len(s[2]) for s in original) == sum(len(w[3]) for w in workouts)
    finally:
        for s in stores:
            s.close()


def test_the_clinicians_summary_reads_an_imported_history_without_pain(store: Any, person: Any) -> None:
    from spinewise.training.client_summary import client_summary

    import_history(store=store, person_id=person.person.id, history=_read("strong_comma.csv"))
    summary = client_summary(store=store, person_id=person.person.id, on=date(2024, 3, 10)).to_json()
    assert summary["person"]["name"] == "Ana"
    with store.reading() as tx:
        sessions = tx.workouts.sessions(person.person.id)
        assert tx.workouts.worst_pain([s.id for s in sessions]) == {}
