"""Migrations run from an empty database and upgrade one at the previous revision."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, inspect, select

from spinewise import training
from spinewise.config import load_settings
from spinewise.store.engine import make_engine
from spinewise.store.schema import current_revision, ensure_schema, head_revision, upgrade
from spinewise.store.tables import metadata, people, plans


def test_an_empty_database_is_migrated_to_the_latest_revision(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        ensure_schema(engine)
        assert current_revision(engine) == head_revision()
        names = set(inspect(engine).get_table_names())
        assert {t.name for t in metadata.sorted_tables} <= names
    finally:
        engine.dispose()


def test_the_migrated_schema_matches_the_tables_the_code_uses(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(db_url)
    try:
        ensure_schema(engine)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()


def test_upgrading_from_the_previous_revision_keeps_the_data(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        assert "habits" not in inspect(engine).get_table_names()
        now = datetime(2026, 1, 1, 8, 0)
        with engine.begin() as conn:
            pid = conn.execute(insert(people).values(name="Old", units="kg", created_at=now)
                               .returning(people.c.id)).scalar_one()
        ensure_schema(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert conn.execute(select(people.c.name).where(people.c.id == pid)).scalar_one() == "Old"
        assert "habits" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    store = training.open_store(load_settings(db_url))
    try:
        day = training.record_habits(store=store, person_id=pid, on=date(2026, 1, 2),
                                     habits={"sleep_hours": 7.5})
        assert day.sleep_hours == 7.5
    finally:
        store.close()


def test_ensure_schema_twice_is_harmless(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        ensure_schema(engine)
        ensure_schema(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_only_one_plan_per_person_can_be_active(store) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from sqlalchemy.exc import IntegrityError

    now = datetime(2026, 1, 1)
    with store.engine.begin() as conn:
        pid = conn.execute(insert(people).values(name="X", units="kg", created_at=now)
                           .returning(people.c.id)).scalar_one()
    from spinewise.store.tables import intakes, screenings

    with store.engine.begin() as conn:
        iid = conn.execute(insert(intakes).values(person_id=pid, taken_at=now, document={})
                           .returning(intakes.c.id)).scalar_one()
        sid = conn.execute(insert(screenings).values(
            person_id=pid, intake_id=iid, screened_at=now, level="clear", irritability="low",
            psychosocial_risk="low", pattern="none", result={}).returning(screenings.c.id)).scalar_one()
    row = dict(person_id=pid, screening_id=sid, created_at=now, start_date=date(2026, 1, 5), weeks=1,
               days_per_week=3, session_minutes=60, active=True, document={})
    with store.engine.begin() as conn:
        conn.execute(insert(plans).values(**row))
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(insert(plans).values(**row))


def test_the_sets_table_has_the_logged_set_fields_in_their_order() -> None:
    """The store reads a set by position (fast for pages of hundreds of sets)."""
    from dataclasses import fields

    from spinewise.store.records import LoggedSet
    from spinewise.store.tables import sets

    assert [c.name for c in sets.columns] == [f.name for f in fields(LoggedSet)]


def test_a_shared_secret_is_made_once_and_read_by_every_store(db_url: str) -> None:
    from spinewise.store.app_secrets import shared_secret

    first, second = training.open_store(load_settings(db_url)), training.open_store(load_settings(db_url))
    try:
        with first.transaction() as tx:
            made = shared_secret(tx.conn, "draft-cookie")
        with second.transaction() as tx:
            assert shared_secret(tx.conn, "draft-cookie") == made
            assert shared_secret(tx.conn, "another") != made
        assert len(made) == 64 and int(made, 16) >= 0
    finally:
        first.close()
        second.close()


def test_upgrading_from_0003_keeps_sessions_and_adds_their_stop_and_the_follow_up(db_url: str) -> None:
    from spinewise.store.tables import workout_sessions

    engine = make_engine(db_url)
    try:
        upgrade(engine, "0003")
        assert "stop_reason" not in {c["name"] for c in inspect(engine).get_columns("workout_sessions")}
        now = datetime(2026, 1, 5, 8, 0)
        with engine.begin() as conn:
            pid = conn.execute(insert(people).values(name="Old", units="kg", created_at=now)
                               .returning(people.c.id)).scalar_one()
            sid = conn.execute(insert(workout_sessions).values(
                person_id=pid, on_date=date(2026, 1, 5), started_at=now, baseline_pain=2, prescriptions={})
                .returning(workout_sessions.c.id)).scalar_one()
        ensure_schema(engine)
        assert current_revision(engine) == head_revision()  # through 0004 (and what came after)
    finally:
        engine.dispose()
    store = training.open_store(load_settings(db_url))
    try:
        detail = training.get_session(store=store, session_id=sid)
        assert detail.session.stop_reason is None and detail.stopped is None
        assert training.get_person(store=store, person_id=pid).person.clinician_seen_at is None
        training.report_symptoms(store=store, session_id=sid, symptoms=[], stop=True)
        assert training.get_session(store=store, session_id=sid).session.stop_reason == "person"
    finally:
        store.close()
