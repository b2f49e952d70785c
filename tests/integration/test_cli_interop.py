"""``spinewise import strong|hevy`` and ``spinewise export --format``, as the contract
INTEROP.md sets them out, on a temporary SQLite file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"
MONDAY = "2026-01-05"


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def ana(run: Any, intake_file: Path) -> None:
    _json(run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY, "--json"))


def test_import_prints_the_contracts_summary_and_a_second_import_adds_nothing(run: Any, ana: None) -> None:
    file = str(FIXTURES / "strong_comma.csv")
    first = _json(run("import", "strong", file, "--json"))
    assert {k: first[k] for k in ("workouts", "sets", "warmup_sets", "skipped_rows", "duplicates")} == {
        "workouts": 2, "sets": 8, "warmup_sets": 1, "skipped_rows": 2, "duplicates": 0}
    assert first["exercises"]["matched"]["Squat (Barbell)"] == "barbell_back_squat"
    assert first["exercises"]["unmatched"] == ["Zercher Squat"]
    again = _json(run("import", "strong", file, "--json"))
    assert again["duplicates"] == 2 and again["added_sets"] == 0
    past = _json(run("history", "--json"))
    assert len(past) == 2 and sum(len(h["sets"]) for h in past) == 8
    readable = run("history")
    assert "Legs, heavy (imported from strong)" in readable.stdout
    assert "Zercher Squat 8 reps at 60 kg, pain not recorded" in readable.stdout
    assert "barbell_back_squat 10 reps at 40 kg (warm-up), pain not recorded" in readable.stdout


def test_a_dry_run_prints_the_same_summary_and_stores_nothing(run: Any, ana: None) -> None:
    dry = _json(run("import", "hevy", str(FIXTURES / "hevy_kg.csv"), "--dry-run", "--json"))
    assert dry["workouts"] == 2 and dry["sets"] == 6 and dry["exercises"]["unmatched"] == ["Lateral Raise (Dumbbell)"]
    assert _json(run("history", "--json")) == []


def test_the_readable_summary_says_what_matched_and_what_is_kept_as_own(run: Any, ana: None) -> None:
    result = run("import", "strong", str(FIXTURES / "strong_units.csv"))
    assert result.exit_code == 0, result.output
    assert "2 workouts, 7 sets (1 warm-up)" in result.stdout
    assert "Bench Press (Barbell) -> barbell_bench_press" in result.stdout
    assert "kept as your own exercises (no library match): Bicep Curl (Dumbbell)" in result.stdout


@pytest.mark.parametrize(("content", "says"), [
    ("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
     "2024-03-05 18:03:12,Legs,1h,Squat (Barbell),1,100,5,0,0,,,\n"
     "2024-03-05 18:03:12,Legs,1h,Squat (Barbell),2,lots,5,0,0,,,\n",
     "error: bad.csv: row 3, column 'Weight': must be a number, got 'lots'"),
    ("hello,world\n1,2\n", "error: bad.csv: row 1, column 'Date': is missing"),
])
def test_a_bad_file_exits_2_with_one_line_naming_the_file_row_and_column_and_stores_nothing(
        run: Any, ana: None, tmp_path: Path, content: str, says: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    result = run("import", "strong", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(says) and result.stderr.count("\n") == 1
    assert _json(run("history", "--json")) == []


def test_import_of_a_missing_file_or_an_unknown_app_exits_2(run: Any, ana: None, tmp_path: Path) -> None:
    missing = run("import", "strong", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "file not found" in missing.stderr
    unknown = run("import", "fitbod", str(FIXTURES / "strong_comma.csv"))
    assert unknown.exit_code == 2


def test_export_strong_csv_writes_one_row_per_set_and_imports_back(run: Any, ana: None, tmp_path: Path) -> None:
    _json(run("import", "strong", str(FIXTURES / "strong_numbered.csv"), "--json"))
    out = tmp_path / "log.csv"
    done = run("export", "--format", "strong-csv", "--out", str(out))
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 5 and rows[0]["Set Order"] == "W" and rows[0]["Exercise Name"] == "Kettlebell goblet squat"
    assert rows[0]["Date"] == "2023-06-12 17:45:03" and rows[1]["Weight"] == "24"
    again = _json(run("import", "strong", str(out), "--dry-run", "--json"))
    assert again["sets"] == 5 and again["warmup_sets"] == 1


def test_export_json_to_a_file_is_the_same_document_as_before(run: Any, ana: None, tmp_path: Path) -> None:
    printed = _json(run("export"))
    out = tmp_path / "me.json"
    done = run("export", "--format", "json", "--out", str(out))
    assert done.exit_code == 0 and done.stdout == ""
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written.keys() == printed.keys() and written["person"] == printed["person"]
    assert _json(run("export", "--json"))["person"] == printed["person"]  # the old spelling still works


def test_export_to_a_folder_exits_2(run: Any, ana: None, tmp_path: Path) -> None:
    result = run("export", "--format", "strong-csv", "--out", str(tmp_path))
    assert result.exit_code == 2 and "out:" in result.stderr


def _in_a_terminal(args: list[str]) -> str:
    """Run the installed ``spinewise`` with stdout and stderr on a pseudo-terminal; what
    the terminal showed."""
    import os
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    command = [str(Path(sys.executable).with_name("spinewise")), *args]
    process = subprocess.Popen(command, stdout=secondary, stderr=secondary, stdin=subprocess.DEVNULL,
                               env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=120)
    os.close(primary)
    assert process.returncode == 0, shown.decode("utf-8", "replace")
    return shown.decode("utf-8", "replace")


def test_a_big_import_in_a_terminal_shows_a_progress_bar_and_json_does_not(tmp_path: Path,
                                                                             intake_file: Path) -> None:
    import subprocess
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_import import strong_export

    big = tmp_path / "big.csv"
    big.write_text(strong_export(1500), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'tty.sqlite3'}"
    subprocess.run([str(Path(sys.executable).with_name("spinewise")), "init", "--from", str(intake_file),
                    "--name", "Ana", "--db", db, "--json"], check=True, capture_output=True)
    shown = _in_a_terminal(["import", "strong", str(big), "--db", db, "--dry-run"])
    assert "reading rows" in shown and "storing sets" in shown and "1501/1501" in shown
    assert "workouts" in shown
    quiet = _in_a_terminal(["import", "strong", str(big), "--db", db, "--dry-run", "--json"])
    assert "reading rows" not in quiet and '"workouts"' in quiet
    small = _in_a_terminal(["import", "strong", str(FIXTURES / "strong_comma.csv"), "--db", db, "--dry-run"])
    assert "reading rows" not in small
