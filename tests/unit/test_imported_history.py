"""Reading Strong's and Hevy's exports: each layout and its quirks, and errors that name
the file, the row and the column."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from spinewise.domain.imported_history import (
    ImportedHistory,
    UnreadableExport,
    parse_hevy,
    parse_strong,
    workout_key,
)
from spinewise.exercise_matching import ALIASES, match_name, match_names
from spinewise.library import load_catalog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"
CATALOG = load_catalog()


def _read(name: str) -> ImportedHistory:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    parse = parse_hevy if name.startswith("hevy") else parse_strong
    return parse(text, file=name)


def test_strong_comma_layout_reads_12_hour_dates_with_a_narrow_no_break_space() -> None:
    history = _read("strong_comma.csv")
    assert history.layout == "strong-comma"
    assert "\u202f" in (FIXTURES / "strong_comma.csv").read_text(encoding="utf-8")
    legs, pull = history.workouts
    assert legs.started_at == datetime(2024, 3, 5, 18, 3, 12)
    assert pull.started_at == datetime(2024, 3, 7, 7, 15, 0)
    assert legs.duration_seconds == 3900 and pull.duration_seconds == 2700


def test_strong_comma_layout_keeps_commas_inside_quoted_fields() -> None:
    legs = _read("strong_comma.csv").workouts[0]
    assert legs.title == "Legs, heavy"
    assert legs.notes == "Felt good, slept 8h"
    assert legs.sets[1].notes == "Belt on, last rep slow"


def test_a_w_set_is_a_warm_up_and_rest_timer_and_note_rows_are_not_sets() -> None:
    history = _read("strong_comma.csv")
    legs = history.workouts[0]
    squats = [s for s in legs.sets if s.exercise_name == "Squat (Barbell)"]
    assert [s.warmup for s in squats] == [True, False, False]
    assert [s.weight for s in squats] == [40, 100, 100]
    assert history.skipped_rows == 2  # one rest timer, one note
    assert history.set_count == 8 and history.warmup_sets == 1
    # the note row's text belongs to that exercise: kept on its first set
    assert squats[0].notes == "Knees out, brace first"


def test_strong_comma_weights_are_in_the_lifters_unit_and_zeros_mean_not_used() -> None:
    legs = _read("strong_comma.csv").workouts[0]
    plank = next(s for s in legs.sets if s.exercise_name == "Plank")
    assert plank.weight is None and plank.reps is None and plank.seconds == 60
    assert all(s.weight_unit is None for s in legs.sets)
    assert legs.sets[1].rpe == 8 and legs.sets[2].rpe == 8.5


def test_strong_semicolon_layout_with_units_reads_pounds_and_semicolons_in_quotes() -> None:
    history = _read("strong_units.csv")
    assert history.layout == "strong-units"
    upper, lower = history.workouts
    assert upper.notes == "Gym busy; short rests"
    bench = [s for s in upper.sets if s.exercise_name == "Bench Press (Barbell)"]
    assert [(s.weight, s.weight_unit, s.warmup) for s in bench] == [(95, "lb", True), (185, "lb", False),
                                                                     (185, "lb", False)]
    assert bench[1].notes == "Paused; touch and go on the last"
    assert bench[2].rpe == 8.5  # a decimal comma, as a semicolon export may write it
    assert upper.duration_seconds == 62 * 60
    walk = next(s for s in upper.sets if s.exercise_name == "Farmers Walk")
    assert walk.distance_m == 40
    treadmill = lower.sets[-1]
    assert treadmill.distance_m == 1500 and treadmill.seconds == 600 and treadmill.weight is None


def test_strong_numbered_layout_reads_seconds_kilograms_and_metres() -> None:
    history = _read("strong_numbered.csv")
    assert history.layout == "strong-numbered"
    first, second = history.workouts
    assert first.duration_seconds == 3720 and first.title == "Full body A"
    assert [(s.weight, s.weight_unit, s.warmup) for s in first.sets[:2]] == [(12, "kg", True), (24, "kg", False)]
    assert first.sets[2].seconds == 45 and history.skipped_rows == 1
    assert second.sets[0].weight == 80.5 and second.sets[1].distance_m == 2000
    assert second.notes == "Hips sore; took it easy"


def test_hevy_in_kilograms_reads_every_set_type() -> None:
    history = _read("hevy_kg.csv")
    push, legs = history.workouts
    assert [s.kind for s in push.sets] == ["warmup", "normal", "dropset", "failure", "normal"]
    assert push.duration_seconds == 65 * 60 and push.notes == "Deload week, kept it light"
    assert push.sets[0].notes == "Elbows tucked, pause on chest"  # the exercise's note, once
    assert push.sets[1].notes is None
    assert push.sets[4].seconds == 60 and legs.sets[0].weight == 102.5 and legs.sets[0].rpe == 8.5


def test_hevy_in_pounds_and_miles() -> None:
    pull = _read("hevy_lbs.csv").workouts[0]
    assert [(s.weight, s.weight_unit) for s in pull.sets[:2]] == [(135, "lb"), (315, "lb")]
    assert pull.sets[2].distance_m == pytest.approx(2414.016)


def test_the_same_workout_always_gets_the_same_key() -> None:
    first = _read("strong_comma.csv")
    again = _read("strong_comma.csv")
    assert [w.key for w in first.workouts] == [w.key for w in again.workouts]
    assert first.workouts[0].key == workout_key("strong", datetime(2024, 3, 5, 18, 3, 12), "Legs, heavy")
    assert len({w.key for w in first.workouts}) == 2


def test_24_hour_and_12_hour_dates_of_the_same_moment_read_the_same() -> None:
    header = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    rows = ["2024-03-05 18:03:12", "2024-03-05 6:03:12\u202fPM", "2024-03-05 6:03:12 PM", "2024-03-05 6:03:12PM"]
    moments = {parse_strong(header + f"{when},W,1m,Plank,1,0,0,0,30,,,\n", file="x.csv").workouts[0].started_at
               for when in rows}
    assert moments == {datetime(2024, 3, 5, 18, 3, 12)}


@pytest.mark.parametrize(("cells", "row", "column", "says"), [
    ("2024-13-05 18:03:12,W,1m,Plank,1,0,0,0,30,,,", 3, "Date", "must be a date"),
    ("2024-03-05 18:03:12,W,1m,Plank,1,heavy,5,0,0,,,", 3, "Weight", "must be a number, got 'heavy'"),
    ("2024-03-05 18:03:12,W,1m,Plank,X,20,5,0,0,,,", 3, "Set Order", "must be a set number"),
    ("2024-03-05 18:03:12,W,1m,Plank,1,20,5.5,0,0,,,", 3, "Reps", "whole number"),
    ("2024-03-05 18:03:12,W,1m,Plank,1,20,5,0,0,,,11", 3, "RPE", "from 0 to 10"),
    ("2024-03-05 18:03:12,W,soon,Plank,1,20,5,0,0,,,", 3, "Duration", "must be a duration"),
    ("2024-03-05 18:03:12,W,1m,,1,20,5,0,0,,,", 3, "Exercise Name", "is empty"),
])
def test_a_row_that_cannot_be_read_names_the_file_the_row_and_the_column(cells: str, row: int, column: str,
                                                                         says: str) -> None:
    text = ("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
            "2024-03-04 18:00:00,W,1m,Plank,1,0,0,0,30,,,\n" + cells + "\n")
    with pytest.raises(UnreadableExport) as caught:
        parse_strong(text, file="mine.csv")
    assert (caught.value.file, caught.value.row, caught.value.column) == ("mine.csv", row, column)
    assert str(caught.value).startswith(f"mine.csv: row {row}, column {column!r}: ")
    assert says in str(caught.value)


def test_a_file_that_is_not_an_export_is_refused_naming_the_missing_column() -> None:
    with pytest.raises(UnreadableExport, match=r"notes.csv: row 1, column 'Date': is missing"):
        parse_strong("when,what\n2024-01-01,squats\n", file="notes.csv")
    with pytest.raises(UnreadableExport, match="is a Hevy export"):
        parse_strong((FIXTURES / "hevy_kg.csv").read_text(encoding="utf-8"), file="hevy_kg.csv")
    with pytest.raises(UnreadableExport, match="is a Strong export"):
        parse_hevy((FIXTURES / "strong_comma.csv").read_text(encoding="utf-8"), file="strong_comma.csv")
    with pytest.raises(UnreadableExport, match=r"empty.csv: row 1, column 'Date': is missing: the file is empty"):
        parse_strong("", file="empty.csv")


def test_a_hevy_set_type_it_does_not_know_names_the_column() -> None:
    text = (FIXTURES / "hevy_kg.csv").read_text(encoding="utf-8").replace('"dropset"', '"superset"')
    with pytest.raises(UnreadableExport, match=r"row 4, column 'set_type': must be warmup, normal"):
        parse_hevy(text, file="hevy_kg.csv")


def test_every_alias_names_a_library_exercise() -> None:
    assert [target for target in ALIASES.values() if target not in CATALOG] == []


@pytest.mark.parametrize(("name", "exercise", "how"), [
    ("Squat (Barbell)", "barbell_back_squat", "alias"),
    ("Deadlift (Trap bar)", "trap_bar_deadlift", "alias"),
    ("Goblet squat", "goblet_squat", "alias"),
    ("Trap-bar deadlift", "trap_bar_deadlift", "library"),
    ("Pallof Press (Band)", "band_pallof_press", "equipment"),
])
def test_strong_and_hevy_names_match_the_library(name: str, exercise: str, how: str) -> None:
    found = match_name(name, CATALOG)
    assert (found.exercise_id, found.how) == (exercise, how)
    assert found.confidence >= 0.9


def test_a_name_that_matches_nothing_is_kept_as_the_persons_own_with_a_confidence_below_sure() -> None:
    found = match_name("Zercher Squat", CATALOG)
    assert found.exercise_id is None and found.how == "own" and found.confidence < 0.85


def test_what_the_person_chose_overrides_the_matcher() -> None:
    chosen = match_names(["Zercher Squat", "Squat (Barbell)"], CATALOG,
                         {"Zercher Squat": "front_squat", "Squat (Barbell)": None})
    assert chosen["Zercher Squat"].exercise_id == "front_squat" and chosen["Zercher Squat"].how == "mapped"
    assert chosen["Squat (Barbell)"].exercise_id is None


def test_a_byte_order_mark_and_windows_line_endings_are_read() -> None:
    text = "\ufeff" + (FIXTURES / "strong_units.csv").read_text(encoding="utf-8").replace("\n", "\r\n")
    history = parse_strong(text, file="windows.csv")
    assert history.layout == "strong-units" and history.set_count == 7
    assert history.workouts[0].sets[1].notes == "Paused; touch and go on the last"
