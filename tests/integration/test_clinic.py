"""What a clinician reads about a client, on a real SQLite file and a real PostgreSQL:
the summary (adherence, days with data, pain and load by week, outcome measures), its
fixed number of queries, the alerts read whether or not their table exists, and the
client report and exercise handout as PDF (their text read back with pypdf)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, event

from spinewise import training
from spinewise.printouts import client_report_html, client_report_pdf, handout_pdf
from spinewise.training.handout import exercise_handout
from tests.clinic_data import ON, START, seed_client


def pdf_text(payload: bytes) -> str:
    """The PDF's text, its white space (line breaks inside table cells) as single spaces."""
    assert payload.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages).split())


@pytest.fixture
def client(store: Any, desk_worker: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    person = training.create_person(store=store, name="Ana Client", intake=desk_worker, start=START)
    return person.person.id, seed_client(store, person.person.id)


def test_the_summary_reads_adherence_data_days_weeks_and_outcomes(store: Any, client: tuple[int, Any]) -> None:
    person_id, _ = client
    s = training.client_summary(store=store, person_id=person_id, on=ON).to_json()
    assert s["person"]["name"] == "Ana Client"
    assert s["screening"]["level"] == "modify" and s["screening"]["reasons"]
    assert s["plan"]["week"] == 3 and s["plan"]["phase"] == "foundation"
    # 3 sessions a week; the last planned one (Fri 23 Jan) was missed
    two, six = s["adherence"]
    assert (two["planned"], two["done"], two["ratio"]) == (6, 5, 0.83)
    assert (six["planned"], six["done"]) == (9, 8)
    # 8 session days, 8 next-morning check-ins on other days, the last outcome day (24 Jan)
    assert s["days_with_data"] == {"days": 17, "of": 30, "since": "2025-12-27"}
    weeks = s["pain_and_load_by_week"]
    assert [(w["week"], w["sessions"], w["load"]) for w in weeks] == [
        ("2026-01-05", 3, 720.0), ("2026-01-12", 3, 720.0), ("2026-01-19", 2, 480.0)]
    assert weeks[0]["pain_next_morning"] == 2.0
    assert s["checkins"]["count"] == 8 and s["habits"]["days_recorded"] == 8
    odi = next(t for t in s["outcomes"] if t["measure"] == "odi")
    assert (odi["first"], odi["latest"]) == (51.1, 30.0)
    assert odi["change"]["meaningful"] and odi["change"]["direction"] == "better"
    assert odi["band"] == "moderate" and odi["smallest_change"] == "10 points"
    assert [t["measure"] for t in s["outcomes"]] == ["nprs", "psfs", "odi"]
    assert s["alerts"] == []


def test_the_summary_costs_the_same_few_queries_whatever_the_history(store: Any, desk_worker: dict[str, Any]) -> None:
    counts = []
    for weeks in (1, 3):
        person = training.create_person(store=store, name=f"P{weeks}", intake=desk_worker, start=START)
        seed_client(store, person.person.id, weeks=weeks, skip=0)
        statements: list[str] = []

        def count(*args: Any, seen: list[str] = statements) -> None:
            seen.append(args[2])

        event.listen(store.engine, "before_cursor_execute", count)
        try:
            training.client_summary(store=store, person_id=person.person.id, on=ON)
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 16, counts


def _alerts_table() -> tuple[MetaData, Table]:
    """The coaching alerts' table as the coaching part stores it."""
    metadata = MetaData()
    table = Table("coach_alerts", metadata,
                  Column("id", Integer, primary_key=True),
                  Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
                  Column("kind", String(24), nullable=False), Column("severity", String(8), nullable=False),
                  Column("at", DateTime, nullable=False), Column("rule", String(40), nullable=False),
                  Column("message", Text, nullable=False), Column("session_id", Integer, nullable=True),
                  Column("handled_at", DateTime, nullable=True), Column("handled_note", Text, nullable=True))
    Table("people", metadata, Column("id", Integer, primary_key=True))
    return metadata, table


def test_alerts_are_read_once_their_table_exists_and_printed_in_the_report(store: Any, client: tuple[int, Any]) -> None:
    person_id, _ = client
    metadata, table = _alerts_table()
    metadata.create_all(store.engine, tables=[table], checkfirst=True)
    at = datetime(2026, 1, 21, 18, 2, tzinfo=UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:
        conn.execute(table.insert().values(person_id=person_id, kind="flare_up", severity="medium", at=at,
                                           rule="PROG-FLARE-UP", message="Morning pain 5 against a usual 2",
                                           handled_at=at + timedelta(hours=20), handled_note="Eased the squats"))
    alerts = training.client_summary(store=store, person_id=person_id, on=ON).to_json()["alerts"]
    assert [(a["kind"], a["rule"], a["handled_note"]) for a in alerts] == [
        ("flare_up", "PROG-FLARE-UP", "Eased the squats")]
    text = pdf_text(client_report_pdf(store=store, person_id=person_id, on=ON))
    assert "Morning pain 5 against a usual 2" in text and "Eased the squats" in text


def test_the_report_pdf_holds_the_name_the_plans_exercises_and_the_outcome_figures(
        store: Any, client: tuple[int, Any]) -> None:
    person_id, _ = client
    text = pdf_text(client_report_pdf(store=store, person_id=person_id, on=ON))
    assert "Client report" in text and "Ana Client" in text
    assert "Goblet squat" in text and "Bird-dog" in text  # this week's plan
    assert "51.1" in text and "30.0" in text and "-21.1" in text  # ODI first, latest, change
    assert "a meaningful change" in text and "5 / 6" in text
    assert "No alerts recorded." in text
    assert "does not diagnose" in text


def test_the_handout_pdf_lists_each_session_with_its_doses_and_each_exercises_cues(
        store: Any, client: tuple[int, Any]) -> None:
    person_id, _ = client
    handout = exercise_handout(store=store, person_id=person_id, on=ON, weeks=2)
    assert (handout.first_week, handout.last_week) == (3, 4)
    assert len(handout.sessions) == 6
    assert any(i.per_side for s in handout.sessions for i in s.items)
    text = pdf_text(handout_pdf(store=store, person_id=person_id, on=ON, weeks=2))
    assert "Ana Client" in text and "Week 3" in text and "Week 4" in text
    side_plank = next(e for e in handout.exercises if e.id == "side_plank")
    assert side_plank.per_side and side_plank.cues[0][:30] in text
    assert "each side" in text and "Split squat" in text


def test_without_a_plan_the_report_says_so_and_the_handout_is_not_found(store: Any) -> None:
    from spinewise.domain.errors import NotFoundError
    from spinewise.library import example_intake

    person = training.create_person(store=store, name="Red <b>&", intake=example_intake("saddle-numbness.json"))
    summary = training.client_summary(store=store, person_id=person.person.id, on=ON)
    assert summary.plan is None and summary.screening is not None and summary.screening["level"] == "emergency"
    assert [a["planned"] for a in summary.adherence] == [0, 0]
    html = client_report_html(summary, generated=ON)
    assert "Red &lt;b&gt;&amp;" in html and "<b>&" not in html  # the name is text, never markup
    text = pdf_text(client_report_pdf(store=store, person_id=person.person.id, on=ON))
    assert "No active plan." in text and "Emergency care advised" in text
    with pytest.raises(NotFoundError):
        exercise_handout(store=store, person_id=person.person.id, on=ON)


# --- the command line ---------------------------------------------------------------------

def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_assess_odi_on_the_command_line_scores_bands_and_refuses_too_many_blanks(run, intake_file) -> None:  # type: ignore[no-untyped-def]
    run("init", "--from", str(intake_file), "--name", "Ana", "--start", "2026-01-05")
    sections = [f"--section={n}={s}" for n, s in ((1, 3), (2, 2), (3, 3), (4, 2), (5, 3), (6, 2), (7, 2), (9, 3), (10, 3))]
    first = _json(run("assess", "odi", *sections, "--date", "2026-01-05", "--json"))
    assert first["score"] == 51.1 and first["result"]["band"] == "severe"
    assert first["values"] == {"sections": {"1": 3, "2": 2, "3": 3, "4": 2, "5": 3, "6": 2, "7": 2, "9": 3, "10": 3}}
    later = run("assess", "odi", *[f"--section={n}=1" for n in range(1, 11)], "--date", "2026-02-02")
    assert later.exit_code == 0, later.output
    assert "Disability index 20% (10 of 50)" in later.stdout and "a meaningful change" in later.stdout
    refused = run("assess", "odi", "--section", "1=2", "--section", "2=2", "--section", "3=2")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.startswith("error: sections: at least 8 of the 10")
    wrong = run("assess", "odi", "--section", "4=6")
    assert wrong.exit_code == 2 and "sections.4: must be an integer from 0 to 5" in wrong.stderr


def test_report_and_handout_commands_write_pdfs(run, intake_file, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run("init", "--from", str(intake_file), "--name", "Ana Cli", "--start", "2026-01-05")
    assert run("assess", "nprs", "--pain", "5", "--date", "2026-01-05").exit_code == 0
    report, handout = tmp_path / "report.pdf", tmp_path / "handout.pdf"
    done = run("report", "--out", str(report), "--date", "2026-01-14")
    assert done.exit_code == 0, done.output
    text = pdf_text(report.read_bytes())
    assert "Ana Cli" in text and "Pain score (NPRS)" in text
    done = run("handout", "--out", str(handout), "--date", "2026-01-14", "--weeks", "1")
    assert done.exit_code == 0, done.output
    assert "Week 2" in pdf_text(handout.read_bytes())
    folder = run("report", "--out", str(tmp_path))
    assert folder.exit_code == 2 and "out: " in folder.stderr


def test_without_weasyprint_the_commands_say_so_in_one_line_and_exit_1(run, intake_file, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from spinewise.printouts import pdf

    def missing() -> Any:
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    run("init", "--from", str(intake_file), "--name", "Ana", "--start", "2026-01-05")
    result = run("report", "--out", str(tmp_path / "r.pdf"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: PDFs cannot be made on this server") and result.stderr.count("\n") == 1
    assert not (tmp_path / "r.pdf").exists()
