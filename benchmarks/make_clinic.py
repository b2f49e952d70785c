"""Builds a clinic on PostgreSQL for the scale benchmark (issue 10): 50 coach accounts and
N clients, each with an account, a person, a screening, a 52-week plan and a year of
training up to today (sets, symptom reports, next-morning check-ins).

Rows exactly as the app makes them, fast:

1. **Lives.** A few typical clients (``LIVES``: four of the example intakes, each with a
   calm, a usual and a flaring pain profile) live their year through spinewise's own
   services on a scratch SQLite file, day by day, on a simulated clock: ``today``,
   ``start_session``, ``log_set`` with Today's prescriptions (the monitor answers every
   set, a stopped session takes no more), ``report_symptoms`` now and then,
   ``end_session``, the next morning's ``checkin``, and ``record_clinician_seen`` a few
   days after an answer to get care. So every decision, prescription, plan document and
   canonical kg load is the app's own.
2. **Clients.** Client *i* gets life ``i % len(LIVES)``'s rows, shifted back by
   ``(i // len(LIVES)) % 7`` days (so last sessions differ), with ids of its own, its own
   account and its name, written with PostgreSQL's ``COPY`` (psycopg ``cursor.copy``) in
   batches. Every table with a person in it (``store.tables``, and coaching tables once
   they exist) is copied this way; accounts are made here (one Argon2id hash, made by
   ``accounts.passwords`` once, for every account's password ``CLINIC_PASSWORD``).
3. **Coaches.** 50 coach accounts. Client *i* is a client of the big coaches *c* < 32
   with ``c % 10 == i % 10`` (so each of them has N/10 clients: 200 at 2,000) and of one
   of the 18 others (``32 + i % 18``).

The schema is made by the app's migrations (``training.open_store``). Run again with a
larger ``--clients`` to grow the same clinic (the benchmark measures 200, 500, 1,000 and
2,000 that way).

Run: ``.venv/bin/python benchmarks/make_clinic.py --db postgresql://... --clients 2000``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

COACHES = 50
BIG_COACHES = 32
"""Coaches whose dashboards the benchmark loads: each has one client in ten."""
CLIENTS = 2000
CLINIC_PASSWORD = "clinic pass phrase"
"""Every generated account's password (the benchmark logs in with tokens it issues)."""
PLAN_WEEKS = 52
LIVES = [(intake, profile) for intake in ("desk-worker-flexion.json", "gym-regular-5-days.json",
                                          "older-lifter-extension.json", "pain-free-prehab.json")
         for profile in ("calm", "usual", "flaring")]
"""Each life: an example intake (all four that screening allows to train) and a pain profile."""
ADHERENCE = {"calm": 0.55, "usual": 0.5, "flaring": 0.4}
"""The share of planned sessions each profile turns up to (half of people with low back
pain do not do the exercise they were given, issue 10: 50-70%)."""
LOGGED_EXTRAS = 0.1
"""The share of warm-up, conditioning and cool-down items logged set by set (the main
and core work always is): about 2,000 sets a client a year, 4 million at 2,000."""
OUT = Path(__file__).resolve().parent / "out"


# --- 1. lives, through the services on a simulated clock ---------------------------------

class Clock:
    """The services' ``_now`` (UTC, no zone), set by the simulation."""

    def __init__(self) -> None:
        self.at = datetime(2000, 1, 1)

    def __call__(self) -> datetime:
        return self.at

    def set(self, on: date, hour: int, minute: int = 0) -> None:
        self.at = datetime(on.year, on.month, on.day, hour, minute)

    def tick(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@contextmanager
def simulated_clock() -> Iterator[Clock]:
    """Every service module's ``_now`` (the name it imported from ``store_access``) reads
    the clock while inside; put back afterwards."""
    from spinewise.training import store_access

    clock = Clock()
    original = store_access._now
    patched = [module for name, module in list(sys.modules.items())
               if name.startswith("spinewise.") and getattr(module, "_now", None) is original]
    for module in patched:
        module._now = clock  # type: ignore[attr-defined]
    try:
        yield clock
    finally:
        for module in patched:
            module._now = original  # type: ignore[attr-defined]


@contextmanager
def plans_read_once() -> Iterator[None]:
    """Inside, a person's active plan is parsed from its database once, not at every
    ``today`` (a year's plan is about 1 MB of JSON): the same record, much sooner.
    Only for living the lives (nothing in them changes a plan)."""
    from spinewise.store.people import PeopleRepository

    original = PeopleRepository.active_plan
    memo: dict[tuple[str, int], Any] = {}

    def active_plan(self: PeopleRepository, person_id: int) -> Any:
        key = (str(self.conn.engine.url), person_id)
        if key not in memo:
            memo[key] = original(self, person_id)
        return memo[key]

    PeopleRepository.active_plan = active_plan  # type: ignore[method-assign]
    try:
        yield
    finally:
        PeopleRepository.active_plan = original  # type: ignore[method-assign]


@dataclass
class Life:
    """One client's year as the app stored it: rows per table (column name -> value)."""

    intake: str
    profile: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


def _pain(rng: random.Random, usual: int, profile: str, flaring_week: bool) -> int:
    if profile == "calm":
        step = rng.choices([-2, -1, 0, 1], [2, 4, 5, 1])[0]
    elif profile == "usual":
        step = rng.choices([-1, 0, 1, 2, 3], [3, 6, 4, 2, 0.4])[0]
    else:
        step = rng.choices([-1, 0, 1, 2, 3, 4], [2, 4, 4, 3, 2, 1] if flaring_week else [3, 6, 4, 2, 0.5, 0.1])[0]
    return max(0, min(10, usual + step))


def live(intake_name: str, profile: str, *, end: date, folder: Path, clock: Clock, seed: int,
         days: int = PLAN_WEEKS * 7) -> Life:
    """A year (or the last ``days`` of it) up to ``end`` for one client, through the services."""
    from sqlalchemy import select

    from spinewise import training
    from spinewise.config import load_settings
    from spinewise.domain.errors import ConflictError, InputError
    from spinewise.domain.loads import load_equipment
    from spinewise.library import example_intake, load_catalog

    rng = random.Random(f"{seed}-{intake_name}-{profile}")
    catalog = load_catalog()
    intake = example_intake(intake_name)
    usual = int(intake["pain"].get("average_week", intake["pain"]["now"]))
    database = folder / f"{intake_name}-{profile}-{seed}-{days}.sqlite3"
    database.unlink(missing_ok=True)
    store = training.open_store(load_settings(f"sqlite:///{database}"))
    start = end - timedelta(days=days - 1)
    start -= timedelta(days=start.weekday())  # a Monday
    clock.set(start - timedelta(days=2), 19, 30)
    person = training.create_person(store=store, name="Life", intake=intake, start=start, weeks=PLAN_WEEKS,
                                    on=start - timedelta(days=2), catalog=catalog).person
    care_since: date | None = None
    day = start
    while day <= end:
        flaring_week = profile == "flaring" and (day - start).days // 7 % 9 in (4, 5)
        now = training.today(store=store, person_id=person.id, on=day, catalog=catalog)
        if now.status == "see_clinician":
            care_since = care_since or day
            if (day - care_since).days >= 3:
                clock.set(day, 12)
                training.record_clinician_seen(store=store, person_id=person.id)
                care_since = None
        elif now.status == "training" and rng.random() < ADHERENCE[profile]:
            _train(store, person.id, now, day, rng, clock, catalog, usual, profile, flaring_week, load_equipment,
                   ConflictError, InputError)
        # the next morning's check-in, on most days after a session and some others
        tomorrow = day + timedelta(days=1)
        if tomorrow <= end and rng.random() < (0.75 if now.status == "training" else 0.25):
            clock.set(tomorrow, 7, rng.randrange(0, 50))
            pain = _pain(rng, usual, profile, flaring_week)
            training.checkin(store=store, person_id=person.id, on=tomorrow, pain=pain,
                             stiffness=max(0, pain - 1), stiff_hours=round(rng.choice([0.0, 0.25, 0.5, 1.0]), 2),
                             sleep_hours=round(rng.uniform(5.5, 8.5), 1), sleep_quality=rng.randint(2, 5))
        day = tomorrow
    life = Life(intake_name, profile)
    with store.reading() as tx:
        for table in cloned_tables():
            rows = tx.conn.execute(select(table).order_by(*table.primary_key.columns)).mappings().all()
            life.rows[table.name] = [dict(r) for r in rows]
    store.close()
    return life


def _train(store: Any, person_id: int, now: Any, day: date, rng: random.Random, clock: Clock,
           catalog: Any, usual: int, profile: str, flaring_week: bool, load_equipment: Any,
           ConflictError: type[Exception], InputError: type[Exception]) -> None:
    from spinewise import training

    clock.set(day, rng.choice([7, 12, 17, 18, 19]), rng.randrange(0, 60))
    try:
        session = training.start_session(store=store, person_id=person_id, on=day, catalog=catalog)
    except (ConflictError, InputError):
        return
    number = 0
    stopped = False
    for item in now.items:
        if item.block not in ("main", "core") and rng.random() >= LOGGED_EXTRAS:
            continue
        exercise = catalog.get(item.exercise)
        load = item.load
        if load is None and exercise is not None and load_equipment(exercise.equipment) is not None:
            load = 8.0 if item.unit == "kg" else 20.0
        # a conditioning item may prescribe more time than one set can hold (the API
        # takes 0-600 s): logged as the longest set it takes
        seconds = None if item.seconds is None else min(item.seconds, 600)
        for _ in range(item.sets):
            clock.tick(rng.uniform(90, 180))
            number += 1
            pain = _pain(rng, usual, profile, flaring_week)
            symptoms = ["sharp_pain"] if profile != "calm" and rng.random() < 0.002 else []
            if item.rpe_max is not None:  # mostly within the cap, now and then over it
                rpe = max(1.0, min(10.0, item.rpe_max + rng.choice([-1.5, -1, -0.5, -0.5, 0, 0, 0.5])))
            else:
                rpe = float(rng.choice([6, 6.5, 7, 7, 7.5, 8]))
            try:
                outcome = training.log_set(store=store, session_id=session.id, client_id=f"s{number}",
                                           exercise=item.exercise, reps=item.reps, seconds=seconds,
                                           load=load, tempo=item.tempo, rpe=rpe, pain=pain, symptoms=symptoms,
                                           catalog=catalog)
            except ConflictError:
                stopped = True
                break
            if outcome.decision["action"] in ("end_session", "seek_care"):
                stopped = True
                break
        if stopped:
            break
        if profile == "flaring" and rng.random() < 0.01:  # "something's wrong" between exercises
            clock.tick(30)
            decision = training.report_symptoms(store=store, session_id=session.id, symptoms=["tingling"],
                                                exercise=item.exercise, catalog=catalog)
            if decision["action"] in ("end_session", "seek_care"):
                stopped = True
                break
    clock.tick(300)
    training.end_session(store=store, session_id=session.id, pain_after=_pain(rng, usual, profile, flaring_week),
                         session_rpe=float(rng.choice([5, 6, 6, 7, 7, 8])),
                         duration_minutes=max(1, number * 3 + rng.randrange(0, 10)))


def lives_for(url: str, *, today: date, seed: int, log: Any = print) -> list[Life]:
    """The lives (``LIVES``) ending ``today``, lived once per day, seed and schema
    (kept in ``benchmarks/out``, so growing a clinic step by step lives them once)."""
    import pickle

    from sqlalchemy import create_engine, text

    from spinewise.store.engine import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    made_by = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]  # this script, as it is now
    cache = OUT / f"clinic-lives-{today.isoformat()}-{seed}-{head}-{made_by}.pickle"
    if cache.exists():  # plain tuples: this script may run as __main__ or be imported
        return [Life(intake, profile, rows) for intake, profile, rows in pickle.loads(cache.read_bytes())]
    with tempfile.TemporaryDirectory() as tmp, simulated_clock() as clock, plans_read_once():
        lives: list[Life] = []
        for intake, profile in LIVES:
            began = time.perf_counter()
            lives.append(live(intake, profile, end=today, folder=Path(tmp), clock=clock, seed=seed))
            log(f"lived {intake}/{profile} in {time.perf_counter() - began:.1f} s: {lives[-1].count('sets')} sets")
    OUT.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps([(life.intake, life.profile, life.rows) for life in lives]))
    return lives


# --- 2. COPY text lines: a life's rows, with ids, names and dates of each client ---------

def copy_text(value: Any, column: Any) -> str:
    """One field in PostgreSQL's COPY text format, as SQLAlchemy would have sent it."""
    from sqlalchemy import JSON

    if value is None:
        return r"\N"
    if isinstance(column.type, JSON):
        value = json.dumps(value)  # SQLAlchemy's default serializer on PostgreSQL
    elif isinstance(value, bool):
        return "t" if value else "f"
    elif isinstance(value, float):
        value = repr(value)
    else:
        value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@dataclass(frozen=True)
class Slot:
    """A field that differs per client: ``base`` plus the client's value for ``key``
    (a table's id offset, ``account``, ``number``)."""

    base: int
    key: str


@dataclass
class TableCopy:
    """The COPY statement of one table, and per life and shift the lines to fill."""

    name: str
    columns: list[str]
    lines: dict[tuple[int, int], list[tuple[str, tuple[Slot, ...]]]] = field(default_factory=dict)


ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def shifted_days(text: str, delta: timedelta) -> str:
    """The text with every ISO day in it moved by ``delta``."""
    def move(found: re.Match[str]) -> str:
        try:
            return (date(int(found[1]), int(found[2]), int(found[3])) + delta).isoformat()
        except ValueError:
            return found[0]
    return ISO_DAY.sub(move, text)


def cloned_tables() -> list[Any]:
    """``people`` and every table that refers to it or to a table that does (in the
    order they fill): what a life holds. Accounts, tokens and coaching links are not."""
    from spinewise.store import tables

    found: list[Any] = []
    names: set[str] = set()
    for table in tables.metadata.sorted_tables:
        refs = {fk.column.table.name for fk in table.foreign_keys}
        if table.name == "people" or refs & names:
            found.append(table)
            names.add(table.name)
    return found


def table_copies(lives: list[Life], shifts: int) -> list[TableCopy]:
    """Every cloned table's lines with dates shifted and ids left as slots."""
    from sqlalchemy import Date, DateTime, Integer

    out = []
    cloned = cloned_tables()
    names = {t.name for t in cloned}
    for table in cloned:
        copy = TableCopy(table.name, [c.name for c in table.columns])
        kinds: list[tuple[str, str | None]] = []
        for column in table.columns:
            refs = {fk.column.table.name for fk in column.foreign_keys}
            if refs & names:
                kinds.append(("id", next(iter(refs & names))))
            elif column.primary_key and isinstance(column.type, Integer):
                kinds.append(("id", table.name))
            elif table.name == "people" and column.name == "account_id":
                kinds.append(("account", None))
            elif refs:  # another account (a coach who handled an alert): none in a life
                kinds.append(("none", None))
            elif table.name == "people" and column.name == "name":
                kinds.append(("name", None))
            elif isinstance(column.type, DateTime):
                kinds.append(("datetime", None))
            elif isinstance(column.type, Date):
                kinds.append(("date", None))
            else:
                kinds.append(("const", None))
        for li, life in enumerate(lives):
            rows = life.rows.get(table.name, [])
            for shift in range(shifts):
                delta = timedelta(days=-shift)
                made = []
                for row in rows:
                    parts: list[str] = []
                    slots: list[Slot] = []
                    for column, (kind, ref) in zip(table.columns, kinds, strict=True):
                        value = row[column.name]
                        if kind == "account":  # the client's own account (none in a life)
                            parts.append("{}")
                            slots.append(Slot(0, "account"))
                        elif kind == "name":
                            parts.append("Client {}")
                            slots.append(Slot(0, "number"))
                        elif value is None:
                            parts.append(r"\N")
                        elif kind == "none":
                            raise ValueError(f"{table.name}.{column.name}: a life holds {value!r}")
                        elif kind == "id":
                            parts.append("{}")
                            slots.append(Slot(int(value), str(ref)))
                        elif kind in ("date", "datetime"):
                            parts.append(str(value + delta))
                        else:
                            if isinstance(value, str) and shift:  # "Check-in of 2026-12-01, ..."
                                value = shifted_days(value, delta)
                            parts.append(copy_text(value, column).replace("{", "{{").replace("}", "}}"))
                    made.append(("\t".join(parts) + "\n", tuple(slots)))
                copy.lines[(li, shift)] = made
        out.append(copy)
    return out


def id_spans(lives: list[Life]) -> dict[str, tuple[int, int]]:
    """Per table: the smallest id any life used, and how many ids a client takes."""
    bounds: dict[str, tuple[int, int]] = {}
    for life in lives:
        for table, rows in life.rows.items():
            ids = [r["id"] for r in rows if isinstance(r.get("id"), int)]
            if ids:
                low, high = bounds.get(table, (min(ids), max(ids)))
                bounds[table] = (min(low, *ids), max(high, *ids))
    return {table: (low, high - low + 1) for table, (low, high) in bounds.items()}


# --- 3. the clinic -------------------------------------------------------------------------

def coaches_of(client: int) -> list[int]:
    """The coach numbers (0-49) of client number ``client`` (0-based)."""
    return [c for c in range(BIG_COACHES) if c % 10 == client % 10] + [BIG_COACHES + client % (COACHES - BIG_COACHES)]


def conninfo(url: str) -> str:
    """A psycopg connection string for an SQLAlchemy PostgreSQL URL."""
    from spinewise.store.engine import normalise_url

    parsed = normalise_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def recreate_database(url: str) -> None:
    """Drop and create the database named in ``url`` (the role needs CREATEDB), so a
    benchmark starts from an empty clinic."""
    import psycopg
    from psycopg import sql

    from spinewise.store.engine import normalise_url

    parsed = normalise_url(url)
    name = parsed.database
    if not name:
        raise SystemExit("make_clinic: the URL names no database")
    maintenance = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _existing(cur: Any) -> tuple[int, int]:
    """(coaches, clients) already in the clinic."""
    cur.execute("SELECT count(*) FILTER (WHERE role = 'coach'), count(*) FILTER (WHERE role = 'lifter') FROM accounts")
    coaches, clients = cur.fetchone()
    return int(coaches), int(clients)


def _next_ids(cur: Any, names: list[str]) -> dict[str, int]:
    found = {}
    for name in names:
        cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {name}")
        found[name] = int(cur.fetchone()[0])
    return found


def _chunks(lines: Iterator[str], size: int = 1 << 20) -> Iterator[bytes]:
    buffer: list[str] = []
    length = 0
    for line in lines:
        buffer.append(line)
        length += len(line)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


def client_lines(copy: TableCopy, offsets: list[tuple[int, dict[str, int]]], lives: int,
                 shifts: int) -> Iterator[str]:
    """The table's COPY lines for these clients (number, slot values)."""
    for number, keys in offsets:
        for text, slots in copy.lines[(number % lives, (number // lives) % shifts)]:
            yield text.format(*[s.base + keys[s.key] for s in slots]) if slots else text


def write_links(cur: Any, numbers: range, *, first_account: int, accepted: datetime) -> None:
    """Each client's consent to their coaches (``coaches_of``), accepted a year ago; one
    client in 25 also left another coach earlier (a revoked link: a former client)."""
    from spinewise.store import tables

    if "coach_links" not in tables.metadata.tables:  # before coaching (revision 0006)
        return
    cur.execute("SELECT id, email FROM accounts WHERE role = 'coach'")
    coach_ids = {email: ident for ident, email in cur.fetchall()}
    with cur.copy("COPY coach_links (coach_id, client_id, accepted_at, revoked_at) FROM STDIN") as copy:
        for position, number in enumerate(numbers):
            client = first_account + position
            for coach in coaches_of(number):
                copy.write(f"{coach_ids[f'coach{coach}@clinic.example']}\t{client}\t{accepted}\t\\N\n")
            if number % 25 == 0:
                former = (number % 10 + 5) % 10
                copy.write(f"{coach_ids[f'coach{former}@clinic.example']}\t{client}\t{accepted}\t"
                           f"{accepted + timedelta(days=60)}\n")


HANDLED_AFTER = timedelta(days=14)
"""Alerts older than this (before today) were handled by the client's first coach, a
day after they were raised (a coach who looks after a clinic's dashboard); newer
ones are open."""
HANDLED_NOTE = "Talked it through at the next appointment."


def handle_old_alerts(cur: Any, *, first_account: int, last_account: int, today: date) -> None:
    """What ``coaching.handle_alert`` stores for each old alert of these clients: the
    alert marked handled, with a note, and the coach's change in the access log."""
    from spinewise.store import tables

    if "coach_alerts" not in tables.metadata.tables:  # before coaching (revision 0006)
        return
    cur.execute("""
        WITH coach_of AS (
            SELECT p.id AS person_id, p.account_id, min(l.coach_id) AS coach_id
            FROM people p JOIN coach_links l ON l.client_id = p.account_id AND l.revoked_at IS NULL
            WHERE p.account_id BETWEEN %(first)s AND %(last)s
            GROUP BY p.id, p.account_id),
        handled AS (
            UPDATE coach_alerts a SET handled_at = a.at + interval '1 day', handled_by = c.coach_id,
                                      handled_note = %(note)s
            FROM coach_of c
            WHERE a.person_id = c.person_id AND a.handled_at IS NULL AND a.at < %(cutoff)s
            RETURNING c.account_id, c.coach_id, a.handled_at)
        INSERT INTO coach_access_log (client_id, coach_id, coach_name, action, what, at)
        SELECT h.account_id, h.coach_id, coalesce(coach.name, coach.email), 'change', 'alert', h.handled_at
        FROM handled h JOIN accounts coach ON coach.id = h.coach_id""",
                {"first": first_account, "last": last_account, "note": HANDLED_NOTE,
                 "cutoff": datetime.combine(today - HANDLED_AFTER, datetime.min.time())})


def write_accounts(cur: Any, *, first: int, numbers: range, role: str, password_hash: str, now: datetime,
                   email: str) -> None:
    with cur.copy("COPY accounts (id, email, password_hash, role, name, created_at, password_changed_at) "
                  "FROM STDIN") as copy:
        for offset, number in enumerate(numbers):
            name = f"{role.title()} {number}"
            copy.write(f"{first + offset}\t{email.format(number)}\t{password_hash}\t{role}\t{name}\t{now}\t{now}\n")


def build(url: str, clients: int, *, seed: int, batch: int, today: date, log: Any = print,
          lives: list[Life] | None = None) -> dict[str, Any]:
    """Grow the clinic at ``url`` to ``clients`` clients (and its 50 coaches), from
    ``lives`` (default: ``LIVES``, lived once and kept)."""
    import psycopg

    from spinewise import training
    from spinewise.accounts.passwords import hash_password
    from spinewise.config import load_settings
    from spinewise.store import tables

    started = time.perf_counter()
    training.open_store(load_settings(url)).close()  # the schema, by the app's migrations
    lives = lives or lives_for(url, today=today, seed=seed, log=log)
    lived = time.perf_counter()
    log(f"{len(lives)} lives in {lived - started:.1f} s: "
        + ", ".join(f"{life.intake.split('.')[0]}/{life.profile} {life.count('sets')} sets" for life in lives))
    shifts = 7
    copies = table_copies(lives, shifts)
    spans = id_spans(lives)
    password_hash = hash_password(CLINIC_PASSWORD)
    now = datetime.combine(today - timedelta(weeks=PLAN_WEEKS + 1), datetime.min.time()) + timedelta(hours=9)
    with psycopg.connect(conninfo(url)) as conn, conn.cursor() as cur:
        coaches, have = _existing(cur)
        if coaches == 0:
            account_id = _next_ids(cur, ["accounts"])["accounts"]
            write_accounts(cur, first=account_id, numbers=range(COACHES), role="coach",
                           password_hash=password_hash, now=now, email="coach{}@clinic.example")
            conn.commit()
        for low in range(have, clients, batch):
            numbers = range(low, min(clients, low + batch))
            next_ids = _next_ids(cur, ["accounts", *spans])  # the tables with ids of their own
            write_accounts(cur, first=next_ids["accounts"], numbers=numbers, role="lifter",
                           password_hash=password_hash, now=now, email="client{}@clinic.example")
            offsets = []
            for position, number in enumerate(numbers):
                keys: dict[str, int] = {"account": next_ids["accounts"] + position, "number": number}
                for name, (lowest, width) in spans.items():
                    keys[name] = next_ids[name] + position * width - lowest
                offsets.append((number, keys))
            for copy in copies:
                with cur.copy(f"COPY {copy.name} ({', '.join(copy.columns)}) FROM STDIN") as pipe:
                    for chunk in _chunks(client_lines(copy, offsets, len(lives), shifts)):
                        pipe.write(chunk)
            write_links(cur, numbers, first_account=next_ids["accounts"], accepted=now)
            handle_old_alerts(cur, first_account=next_ids["accounts"],
                              last_account=next_ids["accounts"] + len(numbers) - 1, today=today)
            conn.commit()
            log(f"clients {numbers.start}-{numbers.stop - 1} written ({time.perf_counter() - lived:.0f} s)")
        for name in ["accounts", *spans]:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {name}))")
        conn.commit()
        conn.autocommit = True
        for name in ["accounts", *[c.name for c in copies], "coach_links", "coach_access_log"]:
            if name in tables.metadata.tables:
                cur.execute(f"ANALYZE {name}")
        cur.execute("SELECT (SELECT count(*) FROM accounts WHERE role = 'lifter'), (SELECT count(*) FROM sets), "
                    "(SELECT count(*) FROM workout_sessions), (SELECT count(*) FROM checkins), "
                    "pg_database_size(current_database())")
        clients_n, sets_n, sessions_n, checkins_n, size = cur.fetchone()
    summary = {"clients": clients_n, "coaches": COACHES, "sets": sets_n, "sessions": sessions_n,
               "checkins": checkins_n, "database_mb": round(size / 2**20), "seconds": round(time.perf_counter() - started, 1),
               "lives_seconds": round(lived - started, 1)}
    log(json.dumps(summary))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="PostgreSQL URL (an empty database, or a clinic to grow)")
    parser.add_argument("--clients", type=int, default=CLIENTS, help="clients in the clinic afterwards")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100, help="clients per transaction")
    parser.add_argument("--fresh", action="store_true", help="drop and create the database first")
    options = parser.parse_args()
    if not options.db.startswith(("postgresql", "postgres")):
        sys.exit("make_clinic: --db must be a postgresql:// URL")
    if options.fresh:
        recreate_database(options.db)
    build(options.db, options.clients, seed=options.seed, batch=options.batch, today=date.today())


if __name__ == "__main__":
    main()
