"""The coach's dashboard: their live clients, most urgent first, each with the alerts not
yet handled (stored ones, and the two read from the activity days: missed sessions and a
check-in not done), and marking an alert handled with a note.

Two indexed queries whatever the number of clients: the clients with their activity days
and active plan's rhythm (``CoachingRepository.clients``), then their open alerts
(``open_alerts``). Nothing scans the training log.

A coach opens the dashboard far more often than their clients' data changes, so each app
process keeps every coach's last dashboard (``DashboardCache``, ``kept_dashboard``) and
answers it again while its day and the coach's ``DashboardStamp`` (one aggregate row,
moved by every change the dashboard shows) are the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from spinewise.domain.coaching import (
    KIND_WORDS,
    SEVERITY_RANK,
    checkin_missing,
    missed_sessions,
    urgency,
)
from spinewise.domain.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from spinewise.store.accounts import Account
    from spinewise.store.coaching import Alert, DashboardStamp
    from spinewise.store.unit_of_work import Store

MAX_NOTE = 1000
ALERTS_PER_CLIENT = 20
"""Open alerts listed per client on the dashboard, the most urgent first (``open_alerts``
says how many there are in all): a client whose alerts piled up for months does not
make the dashboard heavy."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _utc(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert as the coach sees it. ``id`` is null for the derived kinds (missed
    sessions, check-in not done), which clear themselves when the lifter trains or checks in."""

    kind: str
    severity: str
    at: datetime
    rule: str
    message: str
    id: int | None = None
    session_id: int | None = None
    handled_at: datetime | None = None
    handled_note: str | None = None

    @property
    def title(self) -> str:
        return KIND_WORDS.get(self.kind, self.kind)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "at": _utc(self.at), "rule": self.rule,
                "message": self.message, "id": self.id, "session_id": self.session_id,
                "handled_at": _utc(self.handled_at) if self.handled_at else None,
                "handled_note": self.handled_note}


def _view(alert: Alert) -> AlertView:
    return AlertView(alert.kind, alert.severity, alert.at, alert.rule, alert.message, alert.id, alert.session_id,
                     alert.handled_at, alert.handled_note)


@dataclass(frozen=True, slots=True)
class ClientSummary:
    person_id: int
    name: str
    last_session: date | None
    last_checkin: date | None
    alerts: list[AlertView] = field(default_factory=list)
    open_alerts: int = 0
    """Stored alerts not yet handled, in all (``alerts`` lists at most ``ALERTS_PER_CLIENT``)."""

    def to_json(self) -> dict[str, Any]:
        """The contract's element of ``GET /api/v1/coach/clients`` (with ``last_checkin`` besides)."""
        return {"person_id": self.person_id, "name": self.name,
                "last_session": self.last_session.isoformat() if self.last_session else None,
                "last_checkin": self.last_checkin.isoformat() if self.last_checkin else None,
                "alerts": [a.to_json() for a in self.alerts], "open_alerts": self.open_alerts}


def _offsets(days_per_week: int) -> tuple[int, ...]:
    from spinewise.training.schedule import day_offsets

    return day_offsets(days_per_week) if days_per_week > 0 else ()


def _most_urgent_first(alerts: list[AlertView]) -> None:
    """Sort in place by severity, then newest first (two stable sorts: cheaper than a
    computed key for the hundreds of alerts a dashboard holds)."""
    alerts.sort(key=lambda a: a.at, reverse=True)
    alerts.sort(key=lambda a: SEVERITY_RANK.get(a.severity, 3))


def dashboard(*, store: Store, coach: Account, today: date) -> list[ClientSummary]:
    """The coach's live clients, most urgent first (the most urgent alert's severity,
    then its recency); clients without alerts follow, by name. A lifter has no clients."""
    if coach.role != "coach":
        return []
    with store.reading() as tx:
        rows = tx.coaching.clients(coach.id)
        stored, counts = tx.coaching.open_alerts(coach.id, ALERTS_PER_CLIENT) if rows else ([], {})
    by_person: dict[int, list[AlertView]] = {}
    for alert in stored:
        by_person.setdefault(alert.person_id, []).append(_view(alert))
    out: list[ClientSummary] = []
    offsets: dict[int, tuple[int, ...]] = {}
    for row in rows:
        alerts = by_person.get(row.person_id, [])
        per_week = row.days_per_week or 0
        if per_week not in offsets:
            offsets[per_week] = _offsets(per_week)
        derived = [missed_sessions(today=today, last_session_on=row.last_session_on, start=row.plan_start,
                                   weeks=row.plan_weeks, days_per_week=row.days_per_week,
                                   offsets=offsets[per_week]),
                   # imported history had no check-in here to miss: live sessions only
                   checkin_missing(today=today, last_session_on=row.last_live_session_on,
                                   last_checkin_on=row.last_checkin_on)]
        alerts = alerts + [AlertView(d.kind, d.severity, d.at, d.rule, d.message) for d in derived if d]
        _most_urgent_first(alerts)
        out.append(ClientSummary(row.person_id, row.name, row.last_session_on, row.last_checkin_on, alerts,
                                 counts.get(row.person_id, 0)))
    out.sort(key=lambda c: (0, *urgency(c.alerts[0].severity, c.alerts[0].at), "") if c.alerts
             else (1, 0, 0.0, c.name.lower()))
    return out


@dataclass(slots=True)
class KeptDashboard:
    """A coach's dashboard as made for one day and one ``DashboardStamp``, with its JSON
    answer once a route has written it (written once, then sent again as it is)."""

    day: date
    stamp: DashboardStamp | None
    clients: list[ClientSummary]
    _answer: bytes | None = None

    def answer(self, write: Callable[[list[ClientSummary]], bytes]) -> bytes:
        if self._answer is None:
            self._answer = write(self.clients)
        return self._answer


class DashboardCache:
    """Each coach's last dashboard in this app process, the most recently used
    ``size`` coaches kept (a dashboard of 200 clients is about 60 KB of JSON). Safe
    from several threads. What it keeps is only ever answered to the same coach, and
    only while the database says nothing shown has changed (``kept_dashboard``)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._kept: OrderedDict[int, KeptDashboard] = OrderedDict()
        self._lock = threading.Lock()
        self.made = 0
        """Dashboards made from the database so far (for tests and benchmarks)."""

    def get(self, coach_id: int, day: date, stamp: DashboardStamp) -> KeptDashboard | None:
        with self._lock:
            kept = self._kept.get(coach_id)
            if kept is None or kept.day != day or kept.stamp != stamp:
                return None
            self._kept.move_to_end(coach_id)
            return kept

    def put(self, coach_id: int, kept: KeptDashboard) -> None:
        with self._lock:
            self.made += 1
            self._kept[coach_id] = kept
            self._kept.move_to_end(coach_id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


def kept_dashboard(*, store: Store, coach: Account, today: date,
                   cache: DashboardCache | None) -> KeptDashboard:
    """``dashboard``, answered from ``cache`` while the coach's stamp and the day are the
    ones it was made for (without a cache: made every time). The stamp is read before
    the dashboard: a change landing in between is in the dashboard kept under the older
    stamp, and the next request, seeing the newer stamp, makes it again; a dashboard
    older than its stamp is never kept."""
    if coach.role != "coach" or cache is None:
        return KeptDashboard(today, None, dashboard(store=store, coach=coach, today=today))
    with store.glance() as tx:  # one statement: no transaction needed around it
        stamp = tx.coaching.dashboard_stamp(coach.id)
    kept = cache.get(coach.id, today, stamp)
    if kept is None:
        kept = KeptDashboard(today, stamp, dashboard(store=store, coach=coach, today=today))
        cache.put(coach.id, kept)
    return kept


def client_alerts(*, store: Store, person_id: int, limit: int = 50) -> list[AlertView]:
    """A client's alerts, handled or not, newest first (the client page)."""
    with store.reading() as tx:
        return [_view(a) for a in tx.coaching.alerts_of(person_id, limit)]


def handle_alert(*, store: Store, coach: Account, alert_id: int, note: str) -> AlertView:
    """Mark an alert of one of the coach's live clients handled, with a note (what was
    done: "called her, rest two days"). ``NotFoundError`` for an alert of anyone else,
    exactly like a missing one; ``InputError`` naming ``note``."""
    if not isinstance(note, str) or not note.strip():
        raise InputError("note", "is needed: say what was done")
    if len(note) > MAX_NOTE:
        raise InputError("note", f"must be at most {MAX_NOTE} characters")
    if coach.role != "coach":
        raise NotFoundError("alert", str(alert_id))
    now = _now()
    with store.transaction() as tx:
        alert = tx.coaching.alert(alert_id)
        client = tx.coaching.coach_reads_person(coach.id, alert.person_id) if alert is not None else None
        if alert is None or client is None:
            raise NotFoundError("alert", str(alert_id))
        tx.coaching.handle_alert(alert_id=alert_id, coach_id=coach.id, note=note.strip(), now=now)
        tx.coaching.log_access(client_id=client, coach_id=coach.id, coach_name=coach.name or coach.email,
                               action="change", what="alert", now=now)
        updated = tx.coaching.alert(alert_id)
    assert updated is not None
    return _view(updated)
