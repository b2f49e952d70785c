"""The clinician follow-up after a seek-care answer: from a set, from "something's
wrong" or from the morning check-in, no session starts until the person records that a
clinician has seen them (``record_clinician_seen``), and Today and the plan say so,
with what to tell the clinician (``follow_up``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from spinewise.store.records import Person
from spinewise.training.store_access import _now, _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store, Transaction


FOLLOW_UP_MESSAGE = ("See a clinician (a doctor or a physiotherapist) before your next session. "
                     "If it gets worse, or numbness around the groin, a change in bladder or bowel "
                     "control, or weakness in a leg appears, go to an emergency department now.")


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An open follow-up: when spinewise said to get care, where (a session or the
    morning check-in), the answer's messages, and what to tell the clinician."""

    since: date
    source: str
    session_id: int | None
    answer: tuple[str, ...]
    tell_them: tuple[str, ...]

    @property
    def message(self) -> str:
        return FOLLOW_UP_MESSAGE

    def to_json(self) -> dict[str, Any]:
        return {"status": "see_clinician", "since": self.since.isoformat(), "source": self.source,
                "session_id": self.session_id, "message": self.message, "answer": list(self.answer),
                "tell_them": list(self.tell_them)}


def _messages(decision: dict[str, Any] | None) -> tuple[str, ...]:
    return tuple(str(r.get("message", "")) for r in (decision or {}).get("rules", []) if r.get("message"))


def open_follow_up(tx: Transaction, person: Person) -> FollowUp | None:
    """The follow-up still open for the person: the latest seek-care answer given after
    the last time they recorded that a clinician has seen them; ``None`` when there is
    none."""
    seen = person.clinician_seen_at
    found: list[tuple[datetime, FollowUp]] = []
    session = tx.workouts.last_seek_care_stop(person.id)
    if session is not None and session.stopped_at is not None and (seen is None or session.stopped_at > seen):
        answer = _messages(session.stop_decision)
        sets = tx.workouts.sets_of([session.id])
        reports = tx.workouts.symptom_reports(session.id)
        noticed = sorted({*(s for x in sets for s in x.symptoms), *(s for r in reports for s in r.symptoms)})
        worst = max((s.pain for s in sets if s.pain is not None), default=None)
        tell = [f"On {session.on_date.isoformat()}, during a training session, spinewise told you to get care."]
        if noticed:
            tell.append("What you noticed: " + ", ".join(n.replace("_", " ") for n in noticed) + ".")
        tell.append(f"Your usual back pain then: {session.baseline_pain}/10"
                    + (f"; the worst during the session: {worst}/10." if worst is not None else "."))
        if sets:
            tell.append("What you were doing: " + sets[-1].exercise.replace("_", " ") + ".")
        tell.append("Ask when and how you can go back to training, and re-screen in spinewise afterwards.")
        found.append((session.stopped_at, FollowUp(session.on_date, "session", session.id, answer, tuple(tell))))
    checked = tx.workouts.last_seek_care_checkin(person.id)
    if checked is not None and (seen is None or checked[1] > seen):
        checkin, at = checked
        tell = [f"On the morning of {checkin.on_date.isoformat()}, at the check-in, spinewise told you to get care.",
                f"Your pain that morning: {checkin.pain}/10 (usual {checkin.baseline_pain}/10)."]
        if checkin.symptoms:
            tell.append("What you noticed: " + ", ".join(s.replace("_", " ") for s in checkin.symptoms) + ".")
        tell.append("Ask when and how you can go back to training, and re-screen in spinewise afterwards.")
        found.append((at, FollowUp(checkin.on_date, "checkin", None, _messages(checkin.decision), tuple(tell))))
    if not found:
        return None
    return max(found, key=lambda f: f[0])[1]


def follow_up(*, store: Store, person_id: int) -> FollowUp | None:
    """The person's open follow-up after a seek-care answer, if any."""
    with store.reading() as tx:
        return open_follow_up(tx, _person_or_fail(tx, person_id))


def record_clinician_seen(*, store: Store, person_id: int) -> Person:
    """Record that a clinician has seen the person (now): it closes the follow-up, and
    sessions can start again. Re-screening with the clinician's findings is the next step."""
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        tx.people.record_clinician_seen(person_id, _now())
        person = tx.people.get(person_id)
        assert person is not None
        return person
