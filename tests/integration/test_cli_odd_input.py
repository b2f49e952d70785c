"""The real ``spinewise`` console script, in a subprocess, on every odd input found: closed
standard streams, stdout on a full device or a closed pipe, a folder or a FIFO given as
a file, bytes that are not UTF-8, JSON of the wrong kind, out-of-range dates, huge
numbers, deep nesting, Ctrl-C, a database that cannot be made.

The contract each time: bad input exits 2 with exactly one stderr line naming the field;
an environment problem exits 1 with one line; Ctrl-C exits 130 with one line; never a
traceback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spinewise import training
from spinewise.config import load_settings
from spinewise.library import _data_text, example_intake

SPINEWISE = str(Path(sys.executable).parent / "spinewise")
MONDAY = "2026-01-05"
TIMEOUT = 60

pytestmark = pytest.mark.skipif(os.name != "posix", reason="closed descriptors, FIFOs and /dev/full are POSIX")

MONITOR_INPUT = {"exercise": "goblet_squat",
                 "set": {"reps": 8, "seconds": None, "load": 16, "unit": "kg", "rpe": 7, "pain": 3},
                 "baseline_pain": 2, "symptoms": []}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPINEWISE_")}
    env.update(extra)
    return env


def spinewise(*args: str, stdin: Any = subprocess.DEVNULL, stdout: Any = subprocess.PIPE,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The console script, as a user runs it."""
    return subprocess.run([SPINEWISE, *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          env=env or _env(), timeout=TIMEOUT, check=False)


def in_shell(script: str) -> subprocess.CompletedProcess[bytes]:
    """A shell line (for redirections such as ``0<&-``); ``$SW`` is the console script."""
    return subprocess.run(["bash", "-c", script], capture_output=True, env=_env(SW=SPINEWISE),
                          timeout=TIMEOUT, check=False)


def one_line(result: subprocess.CompletedProcess[bytes], code: int, *words: str) -> str:
    """Assert the exit code and exactly one stderr line holding ``words``; return the line."""
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert result.returncode == code, (result.returncode, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def refused(result: subprocess.CompletedProcess[bytes], *words: str) -> str:
    """Bad input: exit 2, one line ``error: ...`` naming the field, nothing on stdout."""
    line = one_line(result, 2, *words)
    assert line.startswith("error: ")
    assert result.stdout == b""
    return line


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder of documents: a good intake and monitor input, and odd ones."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "intake.json").write_text(_data_text("intakes/desk-worker-flexion.json"), encoding="utf-8")
    (folder / "monitor.json").write_text(json.dumps(MONITOR_INPUT), encoding="utf-8")
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    (folder / "number.json").write_text("42", encoding="utf-8")
    (folder / "string.json").write_text('"hello"', encoding="utf-8")
    (folder / "null.json").write_text("null", encoding="utf-8")
    (folder / "folder").mkdir()
    os.mkfifo(folder / "fifo")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite database holding one person with a plan from Monday 2026-01-05."""
    url = f"sqlite:///{tmp_path / 'odd.sqlite3'}"
    store = training.open_store(load_settings(url))
    try:
        training.create_person(store=store, name="Ana", intake=example_intake("desk-worker-flexion.json"),
                               start=date.fromisoformat(MONDAY))
    finally:
        store.close()
    return url


# --- JSON of the wrong kind ----------------------------------------------------------------


@pytest.mark.parametrize(("args", "doc", "words"), [
    (["screen", "{doc}", "--json"], "list.json", ("intake:", "must be a JSON object", "a list")),
    (["plan", "{doc}", "--json"], "number.json", ("intake:", "must be a JSON object")),
    (["explain", "goblet_squat", "--intake", "{doc}"], "string.json", ("intake:", "must be a JSON object")),
    (["exercises", "--intake", "{doc}"], "null.json", ("intake:", "must be a JSON object, got null")),
    (["monitor", "{doc}", "--json"], "list.json", ("input must be a JSON object",)),
    (["next", "{doc}", "--json"], "null.json", ("input must be a JSON object",)),
    (["init", "--from", "{doc}", "--db", "{db}"], "string.json", ("intake:", "must be a JSON object")),
    (["rescreen", "--from", "{doc}", "--db", "{db}"], "list.json", ("intake:", "must be a JSON object")),
    (["log", "--file", "{doc}", "--db", "{db}"], "null.json", ("file:", "must be a JSON object")),
    (["assess", "endurance", "--file", "{doc}", "--db", "{db}"], "number.json", ("values:", "must be an object")),
])
def test_json_that_is_not_an_object_is_refused_naming_the_document(
        docs: Path, db: str, args: list[str], doc: str, words: tuple[str, ...]) -> None:
    filled = [a.replace("{doc}", str(docs / doc)).replace("{db}", db) for a in args]
    refused(spinewise(*filled), *words)


@pytest.mark.parametrize(("replace", "by", "words"), [
    ('{"reps": 8,', '[8], "x": {', ("set:", "must be an object")),
    ('"reps": 8', '"reps": ' + "9" * 5000, ("set.reps:", "5000 digits")),
    ('"load": 16', '"load": 1e400', ("set.load:", "Infinity")),
    ('"load": 16', '"load": NaN', ("set.load:", "NaN")),
])
def test_wrong_kinds_and_huge_numbers_inside_a_document_name_the_field(
        tmp_path: Path, replace: str, by: str, words: tuple[str, ...]) -> None:
    text = json.dumps(MONITOR_INPUT)
    assert replace in text
    path = tmp_path / "input.json"
    path.write_text(text.replace(replace, by), encoding="utf-8")
    refused(spinewise("monitor", str(path), "--json"), *words)


def test_json_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    refused(spinewise("screen", str(path), "--json"), "intake:", "nested too deeply")


def test_log_file_sets_and_end_of_the_wrong_kind_name_the_field(tmp_path: Path, db: str) -> None:
    path = tmp_path / "log.json"
    path.write_text('{"sets": [1]}', encoding="utf-8")
    refused(spinewise("log", "--file", str(path), "--db", db), "sets.0:", "must be an object")
    path.write_text('{"sets": [], "end": [1]}', encoding="utf-8")
    refused(spinewise("log", "--file", str(path), "--db", db), "end:", "must be an object")


# --- folders, FIFOs, missing files ---------------------------------------------------------


@pytest.mark.parametrize(("args", "what"), [
    (["screen", "{path}"], "intake:"),
    (["monitor", "{path}"], "input:"),
    (["init", "--from", "{path}", "--db", "{db}"], "intake:"),
    (["log", "--file", "{path}", "--db", "{db}"], "file:"),
])
@pytest.mark.parametrize(("name", "kind"), [("folder", "is a folder, not a file"),
                                            ("fifo", "is a named pipe (FIFO), not a file")])
def test_a_folder_or_a_fifo_given_as_a_file_is_refused_without_blocking(
        docs: Path, db: str, args: list[str], what: str, name: str, kind: str) -> None:
    filled = [a.replace("{path}", str(docs / name)).replace("{db}", db) for a in args]
    refused(spinewise(*filled), what, kind)  # a FIFO opened to read would wait for a writer


def test_a_missing_file_is_named(docs: Path) -> None:
    refused(spinewise("screen", str(docs / "absent.json")), "intake:", "file not found")


@pytest.mark.parametrize(("name", "words"), [("folder", ("out:", "is a folder")),
                                             ("fifo", ("out:", "named pipe (FIFO)"))])
def test_calendar_out_to_a_folder_or_a_fifo_is_refused_before_writing(
        docs: Path, db: str, name: str, words: tuple[str, ...]) -> None:
    refused(spinewise("calendar", "--out", str(docs / name), "--start", MONDAY, "--db", db), *words)


# --- bytes that are not UTF-8 --------------------------------------------------------------


def test_invalid_utf8_in_the_notes_of_a_log_file_is_refused(tmp_path: Path, db: str) -> None:
    path = tmp_path / "log.json"
    path.write_bytes(b'{"sets": [{"exercise": "goblet_squat", "reps": 8, "pain": 1,\n'
                     b'  "notes": "caf\xe9"}]}')
    refused(spinewise("log", "--file", str(path), "--db", db, "--date", MONDAY),
            "file:", "not UTF-8", "0xe9", "line 2")
    history = spinewise("history", "--json", "--db", db)
    assert history.returncode == 0 and json.loads(history.stdout) == []  # nothing was stored


def test_invalid_utf8_on_standard_input_is_refused(docs: Path) -> None:
    with (docs / "bad.json").open("wb+") as handle:
        handle.write(b'{"age": 30, "notes": "\xff\xfe"}')
        handle.seek(0)
        refused(spinewise("screen", "-", "--json", stdin=handle), "intake:", "not UTF-8", "0xff")


def test_invalid_utf8_in_notes_on_the_command_line_names_the_option(db: str) -> None:
    result = spinewise("log", "--exercise", "goblet_squat", "--reps", "8", "--pain", "1",
                       "--notes", "caf\udce9", "--db", db, "--date", MONDAY)  # argv byte 0xe9
    refused(result, "notes:", "not UTF-8", "0xe9")
    history = spinewise("history", "--json", "--db", db)
    assert history.returncode == 0 and json.loads(history.stdout) == []


def test_a_byte_order_mark_before_the_json_is_accepted(docs: Path) -> None:
    path = docs / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (docs / "intake.json").read_bytes())
    result = spinewise("screen", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["level"] == "modify"


# --- dates ---------------------------------------------------------------------------------


def test_out_of_range_dates_are_refused_wherever_the_cli_reads_one(tmp_path: Path, db: str, docs: Path) -> None:
    path = tmp_path / "log.json"
    path.write_text('{"date": "9999-12-31", "sets": []}', encoding="utf-8")
    refused(spinewise("log", "--file", str(path), "--db", db), "date:", "1900-01-01 to 2200-12-31")
    path.write_text('{"date": 20260105, "sets": []}', encoding="utf-8")
    refused(spinewise("log", "--file", str(path), "--db", db), "date:", "must be a date")
    refused(spinewise("today", "--date", "1899-12-31", "--db", db), "date:", "1900-01-01 to 2200-12-31")
    refused(spinewise("init", "--from", str(docs / "intake.json"), "--start", "2201-01-01", "--db", db),
            "start:", "2200-12-31")
    next_input = {"exercise": "goblet_squat", "unit": "kg", "current": {"sets": 3, "reps": 8, "load": 16},
                  "history": [{"date": "0001-01-01", "sets": 3, "reps": [8, 8, 8], "pain_during": 1,
                               "pain_after": 1, "baseline_pain": 1}]}
    path.write_text(json.dumps(next_input), encoding="utf-8")
    refused(spinewise("next", str(path), "--json"), "history[0].date:", "1900-01-01 to 2200-12-31")


def test_the_last_day_in_range_is_accepted(db: str) -> None:
    result = spinewise("checkin", "--pain", "1", "--date", "2200-12-31", "--db", db, "--json")
    assert result.returncode == 0, result.stderr


# --- huge numbers and odd values on the command line ---------------------------------------


@pytest.mark.parametrize(("args", "words"), [
    (["plan", "{intake}", "--weeks", "9" * 30], ("weeks:", "less than or equal to 52", "spinewise plan --help")),
    (["log", "--pain", "9" * 5000, "--exercise", "goblet_squat"], ("pain:",)),
    (["log", "--session", "9" * 20, "--exercise", "goblet_squat", "--reps", "8", "--pain", "1",
      "--db", "{db}"], ("session", "9" * 20)),
    (["today", "--person", "9" * 5000, "--db", "{db}"], ("person:", "...")),
    (["today", "--person", "²", "--db", "{db}"], ("person:",)),
    (["plan"], ("intake:", "is required")),
    (["plan", "{intake}", "--bogus"], ("--bogus",)),
    (["frobnicate"], ("frobnicate",)),
])
def test_usage_errors_and_huge_numbers_are_one_line(docs: Path, db: str, args: list[str],
                                                    words: tuple[str, ...]) -> None:
    filled = [a.replace("{intake}", str(docs / "intake.json")).replace("{db}", db) for a in args]
    line = refused(spinewise(*filled), *words)
    assert len(line) < 400


# --- standard streams ----------------------------------------------------------------------


def test_closed_stdin_reads_as_empty_for_a_document() -> None:
    refused(in_shell('exec "$SW" screen - --json 0<&-'), "intake:", "empty")
    refused(in_shell('exec "$SW" monitor - --json < /dev/null'), "input:", "empty")


def test_closed_stdin_at_a_question_ends_it_with_one_line(db: str) -> None:
    result = in_shell(f'exec "$SW" checkin --db "{db}" 0<&-')
    one_line(result, 2, "error: input ended before an answer", "Back pain")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["screen", "{intake}", "--json"], ["plan", "{intake}"], ["exercises"],
                                  ["--help"], ["people", "--db", "{db}"]])
def test_stdout_on_a_full_device_is_one_line_and_exit_1(docs: Path, db: str, args: list[str]) -> None:
    filled = [a.replace("{intake}", str(docs / "intake.json")).replace("{db}", db) for a in args]
    with open("/dev/full", "wb") as full:
        result = spinewise(*filled, stdout=full)
    one_line(result, 1, "error: cannot write the output: No space left on device")


def test_closed_stdout_is_one_line_and_exit_1(docs: Path) -> None:
    one_line(in_shell(f'exec "$SW" screen "{docs / "intake.json"}" --json 1>&-'), 1,
             "error: cannot write the output: standard output is closed")


def test_a_closed_stdout_stops_the_command_before_it_stores_anything(tmp_path: Path, docs: Path) -> None:
    db = tmp_path / "fd.sqlite3"
    result = in_shell(f'exec "$SW" init --from "{docs / "intake.json"}" --db "{db}" --json 1>&-')
    one_line(result, 1, "standard output is closed")
    assert not db.exists()


def test_a_closed_stdin_or_stderr_cannot_become_the_database(tmp_path: Path, docs: Path) -> None:
    """Closed descriptors are held on /dev/null before anything is opened, so the SQLite
    file cannot be given descriptor 0 or 2: the command works and the file stays whole."""
    db = tmp_path / "fd.sqlite3"
    stored = in_shell(f'exec "$SW" init --from "{docs / "intake.json"}" --db "{db}" --json 0<&- 2>&-')
    assert stored.returncode == 0, stored.stderr
    refused_bad = in_shell(f'exec "$SW" today --date 1800-01-01 --db "{db}" 0<&- 2>&-')
    assert refused_bad.returncode == 2
    people = spinewise("people", "--json", "--db", str(db))
    assert people.returncode == 0, people.stderr
    assert [p["name"] for p in json.loads(people.stdout)] == ["me"]


@pytest.mark.parametrize("args", [["exercises", "--json"], ["plan", "{intake}"], ["rules"]])
def test_a_reader_that_goes_away_ends_quietly(docs: Path, args: list[str]) -> None:
    """``spinewise exercises | head -1``: nothing on stderr, exit 0 as when it all fitted."""
    filled = [a.replace("{intake}", str(docs / "intake.json")) for a in args]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before anything is written
    try:
        result = spinewise(*filled, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_ctrl_c_at_a_question_is_one_line_and_exit_130(db: str) -> None:
    child = subprocess.Popen([SPINEWISE, "checkin", "--db", db], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        assert child.stdout is not None
        os.set_blocking(child.stdout.fileno(), False)
        shown = b""
        deadline = time.monotonic() + TIMEOUT
        while b"0-10" not in shown and time.monotonic() < deadline:  # wait for the question
            shown += child.stdout.read() or b""
            time.sleep(0.05)
        assert b"0-10" in shown, shown
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    result = subprocess.CompletedProcess(child.args, child.returncode, b"", err)
    one_line(result, 130, "error: interrupted")


# --- the database ----------------------------------------------------------------------------


def test_a_db_in_a_folder_that_cannot_be_created_is_one_line_and_exit_1() -> None:
    one_line(spinewise("people", "--db", "/proc/spinewise-none/db.sqlite3"), 1,
             "error: cannot create the data folder /proc/spinewise-none")


def test_a_db_under_a_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    one_line(spinewise("people", "--db", str(tmp_path / "a-file" / "db.sqlite3")), 1,
             "error: cannot create the data folder")


def test_a_db_that_is_a_folder_or_not_a_database_is_one_line_and_exit_1(docs: Path) -> None:
    one_line(spinewise("people", "--db", str(docs / "folder")), 1, "error: cannot open the database")
    one_line(spinewise("people", "--db", str(docs / "intake.json")), 1, "error: cannot open the database")


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_db_in_a_folder_where_no_file_can_be_made_is_one_line_and_exit_1() -> None:
    """/proc takes no new files, even from root (the read-only case below skips as root)."""
    one_line(spinewise("people", "--db", "/proc/spinewise.sqlite3"), 1, "error: cannot open the database")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_db_in_a_read_only_folder_is_one_line_and_exit_1(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        one_line(spinewise("people", "--db", str(locked / "db.sqlite3")), 1, "error: cannot open the database")
    finally:
        locked.chmod(0o755)


def test_serve_on_a_port_in_use_is_one_line_and_exit_1(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = spinewise("serve", "--port", str(port), "--db", str(tmp_path / "s.sqlite3"))
    one_line(result, 1, "error: port:", str(port), "already in use")


def test_serve_with_a_database_out_of_reach_stops_before_serving(docs: Path) -> None:
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    one_line(spinewise("serve", "--port", str(port), "--db", str(docs / "folder")), 1,
             "error: cannot open the database")


# --- bugs ----------------------------------------------------------------------------------

BUG = """
import sys
import spinewise.services
def broken():
    raise RuntimeError("the registry broke\\nover two lines")
spinewise.services.rules = broken
from spinewise.cli import main
sys.argv = ["spinewise", "rules"]
main()
"""


def test_an_unexpected_error_is_one_line_asking_for_a_report() -> None:
    result = subprocess.run([sys.executable, "-c", BUG], capture_output=True, env=_env(), timeout=TIMEOUT,
                            check=False)
    one_line(result, 1, "error: internal error: RuntimeError: the registry broke over two lines",
             "please report", "SPINEWISE_DEBUG=1")


def test_spinewise_debug_shows_the_traceback_of_an_unexpected_error() -> None:
    result = subprocess.run([sys.executable, "-c", BUG], capture_output=True, env=_env(SPINEWISE_DEBUG="1"),
                            timeout=TIMEOUT, check=False)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.startswith("error: internal error: RuntimeError")
    assert "Traceback (most recent call last)" in err and "in broken" in err
