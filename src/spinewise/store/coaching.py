"""Coaching, the stored side: invitations, the lifter's consent to a coach (links), the
access log, alerts and each person's latest activity days. The rules about them (who
may see whom, what an alert is) live in ``spinewise.coaching`` and ``domain.coaching``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, case, delete, func, or_, select, true, update

from spinewise.store.dialect import insert_for
from spinewise.store.tables import (
    accounts,
    client_activity,
    coach_access_log,
    coach_alerts,
    coach_invitations,
    coach_links,
    people,
    plan_adjustments,
    plans,
)


def touch_dashboard(conn: Connection, *, person_id: int | None = None, session_id: int | None = None) -> None:
    """Count a change of what the coaches' dashboards show of a person (given directly,
    or as the owner of ``session_id``): their kept copies are made again. Call it in the
    transaction that makes the change."""
    from spinewise.store.tables import workout_sessions

    if person_id is None:
        if session_id is None:
            raise ValueError("touch_dashboard needs a person or a session")
        found = conn.execute(select(workout_sessions.c.person_id)
                             .where(workout_sessions.c.id == session_id)).scalar_one_or_none()
        if found is None:
            return
        person_id = int(found)
    stmt = insert_for(conn, client_activity).values(person_id=person_id, dashboard_changes=1)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=[client_activity.c.person_id],
        set_={"dashboard_changes": client_activity.c.dashboard_changes + 1}))


@dataclass(frozen=True, slots=True)
class DashboardStamp:
    """What a coach's dashboard was made from, in three numbers: their live clients who
    have a person (how many; the sum of their link and person ids) and the sum of those
    clients' ``dashboard_changes``. Every change the dashboard shows moves at least one
    of them: a link made or revoked, a person made or erased, a counted change (counts
    only grow, ids only grow, so no two different states share a stamp)."""

    clients: int
    ids: int
    changes: int


@dataclass(frozen=True, slots=True)
class Invitation:
    id: int
    coach_id: int
    expires_at: datetime
    used_at: datetime | None
    signed_up_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CoachLink:
    """A lifter's consent to a coach, with the coach's email and name."""

    coach_id: int
    coach_email: str
    coach_name: str | None
    accepted_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class AccessEntry:
    coach_id: int | None
    coach_name: str
    action: str
    what: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Alert:
    """A stored alert (see ``tables.coach_alerts``)."""

    id: int
    person_id: int
    kind: str
    severity: str
    at: datetime
    rule: str
    message: str
    session_id: int | None
    handled_at: datetime | None = None
    handled_note: str | None = None


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One of a coach's live clients, as the dashboard needs them: the person, the latest
    activity days and the active plan's weekly rhythm (``None`` without a plan)."""

    person_id: int
    name: str
    client_id: int
    accepted_at: datetime
    last_session_on: date | None
    last_checkin_on: date | None
    plan_start: date | None
    plan_weeks: int | None
    days_per_week: int | None
    last_live_session_on: date | None = None
    """The latest session logged here (not imported): the check-in follows those."""


_ALERT_COLUMNS = (coach_alerts.c.id, coach_alerts.c.person_id, coach_alerts.c.kind, coach_alerts.c.severity,
                  coach_alerts.c.at, coach_alerts.c.rule, coach_alerts.c.message, coach_alerts.c.session_id,
                  coach_alerts.c.handled_at, coach_alerts.c.handled_note)
"""An ``Alert``'s fields in order (rows are unpacked by position: the dashboard reads hundreds)."""


def _alert(row: Any) -> Alert:
    return Alert(*row)


class CoachingRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- invitations --------------------------------------------------------------------

    def add_invitation(self, *, code_hash: str, coach_id: int, now: datetime, expires_at: datetime) -> None:
        self.conn.execute(coach_invitations.insert().values(code_hash=code_hash, coach_id=coach_id,
                                                            created_at=now, expires_at=expires_at))

    def invitation(self, code_hash: str) -> Invitation | None:
        row = self.conn.execute(select(coach_invitations).where(coach_invitations.c.code_hash == code_hash)
                                ).fetchone()
        return None if row is None else Invitation(row.id, row.coach_id, row.expires_at, row.used_at,
                                                   row.signed_up_at)

    def claim_signup(self, code_hash: str, now: datetime) -> bool:
        """Take the invitation's one sign-up: ``False`` when it is not live (answered,
        expired, unknown) or an account was created with it already. One statement, so
        two sign-ups at the same moment cannot both take it."""
        done = self.conn.execute(update(coach_invitations)
                                 .where(coach_invitations.c.code_hash == code_hash,
                                        coach_invitations.c.used_at.is_(None),
                                        coach_invitations.c.signed_up_at.is_(None),
                                        coach_invitations.c.expires_at > now)
                                 .values(signed_up_at=now))
        return bool(done.rowcount)

    def use_invitation(self, invitation_id: int, now: datetime) -> bool:
        """Mark it used; ``False`` when another request used it first (single use)."""
        done = self.conn.execute(update(coach_invitations)
                                 .where(coach_invitations.c.id == invitation_id,
                                        coach_invitations.c.used_at.is_(None))
                                 .values(used_at=now))
        return bool(done.rowcount)

    # --- links ----------------------------------------------------------------------------

    def live_link(self, coach_id: int, client_id: int) -> bool:
        found = self.conn.execute(select(coach_links.c.id).where(
            coach_links.c.client_id == client_id, coach_links.c.coach_id == coach_id,
            coach_links.c.revoked_at.is_(None)).limit(1)).scalar_one_or_none()
        return found is not None

    def add_link(self, *, coach_id: int, client_id: int, now: datetime) -> None:
        self.conn.execute(coach_links.insert().values(coach_id=coach_id, client_id=client_id, accepted_at=now))

    def revoke(self, *, coach_id: int, client_id: int, now: datetime) -> bool:
        done = self.conn.execute(update(coach_links).where(
            coach_links.c.client_id == client_id, coach_links.c.coach_id == coach_id,
            coach_links.c.revoked_at.is_(None)).values(revoked_at=now))
        return bool(done.rowcount)

    def links_of_client(self, client_id: int) -> list[CoachLink]:
        """Every coach the lifter has accepted, live ones first, then newest first."""
        query = (select(coach_links.c.coach_id, accounts.c.email, accounts.c.name, coach_links.c.accepted_at,
                        coach_links.c.revoked_at)
                 .select_from(coach_links.join(accounts, accounts.c.id == coach_links.c.coach_id))
                 .where(coach_links.c.client_id == client_id)
                 .order_by(coach_links.c.revoked_at.is_not(None), coach_links.c.accepted_at.desc(),
                           coach_links.c.id.desc()))
        return [CoachLink(*row) for row in self.conn.execute(query)]

    def coach_reads_person(self, coach_id: int, person_id: int) -> int | None:
        """The client account behind ``person_id`` when it has a live link to this coach
        (one indexed read), else ``None``."""
        query = (select(coach_links.c.client_id)
                 .select_from(people.join(coach_links, coach_links.c.client_id == people.c.account_id))
                 .where(people.c.id == person_id, coach_links.c.coach_id == coach_id,
                        coach_links.c.revoked_at.is_(None)).limit(1))
        found = self.conn.execute(query).scalar_one_or_none()
        return None if found is None else int(found)

    def dashboard_stamp(self, coach_id: int) -> DashboardStamp:
        """The coach's ``DashboardStamp``: one aggregate over the same indexed joins as
        ``clients`` (one short row per client, no plan, no alert)."""
        query = (select(func.count(), func.coalesce(func.sum(coach_links.c.id + people.c.id), 0),
                        func.coalesce(func.sum(client_activity.c.dashboard_changes), 0))
                 .select_from(coach_links.join(people, people.c.account_id == coach_links.c.client_id)
                              .outerjoin(client_activity, client_activity.c.person_id == people.c.id))
                 .where(coach_links.c.coach_id == coach_id, coach_links.c.revoked_at.is_(None)))
        clients, ids, changes = self.conn.execute(query).one()
        return DashboardStamp(int(clients), int(ids), int(changes))

    def clients(self, coach_id: int) -> list[ClientRow]:
        """The coach's live clients who have a person, with their activity days and
        their active plan's rhythm: one query over indexed joins."""
        plan = and_(plans.c.person_id == people.c.id, plans.c.active == true())  # the partial index's predicate
        query = (select(people.c.id, people.c.name, coach_links.c.client_id, coach_links.c.accepted_at,
                        client_activity.c.last_session_on, client_activity.c.last_checkin_on,
                        plans.c.start_date, plans.c.weeks, plans.c.days_per_week,
                        client_activity.c.last_live_session_on)
                 .select_from(coach_links.join(people, people.c.account_id == coach_links.c.client_id)
                              .outerjoin(client_activity, client_activity.c.person_id == people.c.id)
                              .outerjoin(plans, plan))
                 .where(coach_links.c.coach_id == coach_id, coach_links.c.revoked_at.is_(None))
                 .order_by(people.c.id))
        seen: set[int] = set()
        out: list[ClientRow] = []
        for row in self.conn.execute(query):
            if row[0] in seen:  # two live links to the same coach (never made, but harmless)
                continue
            seen.add(row[0])
            out.append(ClientRow(*row[:9], last_live_session_on=row[9]))
        return out

    def remove_for_clients(self, client_ids: Sequence[int]) -> None:
        """Erase a lifter's links and access log (their account is being erased)."""
        if not client_ids:
            return
        self.conn.execute(delete(coach_access_log).where(coach_access_log.c.client_id.in_(client_ids)))
        self.conn.execute(delete(coach_links).where(coach_links.c.client_id.in_(client_ids)))

    def remove_coach(self, coach_id: int) -> None:
        """A coach's account is being erased: their invitations and links go; the
        clients' access logs keep the coach's name, without the account."""
        self.conn.execute(delete(coach_invitations).where(coach_invitations.c.coach_id == coach_id))
        self.conn.execute(delete(coach_links).where(coach_links.c.coach_id == coach_id))
        self.conn.execute(update(coach_access_log).where(coach_access_log.c.coach_id == coach_id)
                          .values(coach_id=None))
        self.conn.execute(update(coach_alerts).where(coach_alerts.c.handled_by == coach_id)
                          .values(handled_by=None))
        self.conn.execute(update(plan_adjustments).where(plan_adjustments.c.coach_id == coach_id)
                          .values(coach_id=None))  # the plan keeps the changes, by the coach's name

    # --- the access log --------------------------------------------------------------------

    def log_access(self, *, client_id: int, coach_id: int, coach_name: str, action: str, what: str,
                   now: datetime) -> None:
        self.conn.execute(coach_access_log.insert().values(client_id=client_id, coach_id=coach_id,
                                                           coach_name=coach_name, action=action, what=what, at=now))

    def access_log(self, client_id: int, limit: int | None = None) -> list[AccessEntry]:
        query = (select(coach_access_log.c.coach_id, coach_access_log.c.coach_name, coach_access_log.c.action,
                        coach_access_log.c.what, coach_access_log.c.at)
                 .where(coach_access_log.c.client_id == client_id)
                 .order_by(coach_access_log.c.at.desc(), coach_access_log.c.id.desc()))
        if limit is not None:
            query = query.limit(limit)
        return [AccessEntry(*row) for row in self.conn.execute(query)]

    # --- alerts -------------------------------------------------------------------------------

    def add_alert(self, *, person_id: int, kind: str, severity: str, at: datetime, rule: str, message: str,
                  session_id: int | None) -> None:
        self.conn.execute(coach_alerts.insert().values(person_id=person_id, kind=kind, severity=severity, at=at,
                                                       rule=rule, message=message[:2000], session_id=session_id))
        touch_dashboard(self.conn, person_id=person_id)

    def has_alert_since(self, person_id: int, kind: str, since: datetime) -> bool:
        found = self.conn.execute(select(coach_alerts.c.id).where(
            coach_alerts.c.person_id == person_id, coach_alerts.c.kind == kind,
            coach_alerts.c.at >= since).limit(1)).scalar_one_or_none()
        return found is not None

    def open_alerts(self, coach_id: int, per_person: int) -> tuple[list[Alert], dict[int, int]]:
        """The alerts not yet handled of the coach's live clients, at most ``per_person``
        each (the most urgent: severity, then newest), and how many each has open: one
        indexed query (a window over ``ix_coach_alerts_person_open``), however long the
        alerts pile up. The clients are chosen in the same statement, not sent as a list
        of ids, so its text is the same whatever their number and PostgreSQL prepares it
        once per connection (a list of 200 ids was parsed and planned at every call)."""
        c = coach_alerts.c
        live = (select(people.c.id)
                .select_from(people.join(coach_links, coach_links.c.client_id == people.c.account_id))
                .where(coach_links.c.coach_id == coach_id, coach_links.c.revoked_at.is_(None)))
        rank = case({"high": 0, "medium": 1}, value=c.severity, else_=2)
        numbered = (select(*_ALERT_COLUMNS,
                           func.row_number().over(partition_by=c.person_id,
                                                  order_by=(rank, c.at.desc(), c.id.desc())).label("n"),
                           func.count().over(partition_by=c.person_id).label("open"))
                    .where(c.person_id.in_(live.scalar_subquery()), c.handled_at.is_(None))).subquery()
        query = select(numbered).where(numbered.c.n <= per_person)
        alerts: list[Alert] = []
        counts: dict[int, int] = {}
        for row in self.conn.execute(query):
            alerts.append(Alert(*row[:10]))
            counts[row[1]] = int(row[11])
        return alerts, counts

    def alerts_of(self, person_id: int, limit: int = 50) -> list[Alert]:
        query = (select(*_ALERT_COLUMNS).where(coach_alerts.c.person_id == person_id)
                 .order_by(coach_alerts.c.at.desc(), coach_alerts.c.id.desc()).limit(limit))
        return [_alert(row) for row in self.conn.execute(query)]

    def alert(self, alert_id: int) -> Alert | None:
        row = self.conn.execute(select(*_ALERT_COLUMNS).where(coach_alerts.c.id == alert_id)).fetchone()
        return None if row is None else _alert(row)

    def handle_alert(self, *, alert_id: int, coach_id: int, note: str, now: datetime) -> None:
        self.conn.execute(update(coach_alerts).where(coach_alerts.c.id == alert_id)
                          .values(handled_at=now, handled_by=coach_id, handled_note=note))
        person = self.conn.execute(select(coach_alerts.c.person_id)
                                   .where(coach_alerts.c.id == alert_id)).scalar_one_or_none()
        if person is not None:
            touch_dashboard(self.conn, person_id=int(person))

    # --- activity ---------------------------------------------------------------------------

    def saw_session(self, person_id: int, on: date, *, imported: bool = False) -> None:
        """A session on ``on`` arrived: the person's latest session day moves forward (and,
        for one logged here rather than ``imported``, the latest live session day)."""
        columns = ("last_session_on",) if imported else ("last_session_on", "last_live_session_on")
        self._activity(person_id, columns, on)

    def saw_checkin(self, person_id: int, on: date) -> None:
        self._activity(person_id, ("last_checkin_on",), on)

    def _activity(self, person_id: int, columns: tuple[str, ...], on: date) -> None:
        stmt = insert_for(self.conn, client_activity).values(person_id=person_id, dashboard_changes=1,
                                                             **dict.fromkeys(columns, on))
        latest = func.max if self.conn.dialect.name == "sqlite" else func.greatest
        moves = [or_(client_activity.c[column].is_(None), client_activity.c[column] < on) for column in columns]
        self.conn.execute(stmt.on_conflict_do_update(
            index_elements=[client_activity.c.person_id],
            set_={**{column: latest(func.coalesce(client_activity.c[column], on), on) for column in columns},
                  # counted only when a day moves (a second session the same day shows nothing new)
                  "dashboard_changes": client_activity.c.dashboard_changes + case((or_(*moves), 1), else_=0)},
        ))

    def activity(self, person_id: int) -> tuple[date | None, date | None]:
        row = self.conn.execute(select(client_activity.c.last_session_on, client_activity.c.last_checkin_on)
                                .where(client_activity.c.person_id == person_id)).fetchone()
        return (None, None) if row is None else (row[0], row[1])


