"""The plan as an iCalendar feed (``calendar_ics``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.errors import InputError
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog
from spinewise.training.schedule import planned_days
from spinewise.training.store_access import _person_or_fail

if TYPE_CHECKING:
    from spinewise.domain.catalog import Catalog
    from spinewise.domain.planner import PlanItem
    from spinewise.store.unit_of_work import Store


def _times(name: str, values: Sequence[time]) -> list[time]:
    for value in values:
        if not isinstance(value, time):
            raise InputError(name, f"must be times of day like 10:00, got {value!r}")
    return sorted(set(values))


def _in_words(item: PlanItem, catalog: Catalog) -> str:
    """One exercise of a session for a calendar: its display name and dose
    (``Split squat: 2 x 10 each side``, ``Side plank: 3 x 20 s``)."""
    exercise = catalog.get(item.exercise)
    name = exercise.name if exercise is not None else item.exercise.replace("_", " ")
    rx = item.rx
    dose = str(rx.reps) if rx.reps is not None else f"{rx.seconds} s"
    return f"{name}: {rx.sets} x {dose}{' each side' if rx.per_side else ''}"


def calendar_ics(*, store: Store, person_id: int, start: date, weeks: int = 4,
                 session_time: time = time(18, 0), movement_breaks: Sequence[time] = (),
                 posture_checks: Sequence[time] = (), weekdays_only: bool = True,
                 alarm_minutes: int = 30, now: datetime | None = None,
                 refresh: timedelta | None = None) -> bytes:
    """An iCalendar file: the planned sessions from ``start`` for ``weeks`` weeks, each
    with an alarm ``alarm_minutes`` before, plus daily movement-break and posture-check
    reminders at the chosen times (Monday to Friday when ``weekdays_only``). Times are
    floating local times: they ring at that clock time wherever the person is. With
    ``refresh`` (a subscribed feed), calendar apps are asked to fetch it again that often."""
    from icalendar import Alarm, Calendar, Event

    weeks_i = whole_number("weeks", weeks, 1, 52)
    alarm = whole_number("alarm_minutes", alarm_minutes, 0, 1440)
    assert weeks_i is not None and alarm is not None
    if not isinstance(session_time, time):
        raise InputError("session_time", f"must be a time of day like 18:00, got {session_time!r}")
    breaks = _times("movement_breaks", movement_breaks)
    posture = _times("posture_checks", posture_checks)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    end = start + timedelta(days=7 * weeks_i - 1)
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        plan = tx.people.active_plan(person_id)
    catalog = load_catalog()
    cal = Calendar()
    cal.add("prodid", "-//spinewise//training calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"spinewise: {person.name}")
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", refresh)
    if plan is not None:
        for day in planned_days(plan, start, end):
            event = Event()
            event.add("uid", f"spinewise-{person_id}-plan{plan.id}-w{day.week}d{day.day}@spinewise")
            event.add("dtstamp", stamp)
            begin = datetime.combine(day.on, session_time)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=plan.session_minutes))
            event.add("summary", f"spinewise: {day.focus.replace('_', ' ')} "
                                 f"(week {day.week}, {day.phase}{', deload' if day.deload else ''})")
            lines = [_in_words(item, catalog) for block in day.session.blocks for item in block.items]
            event.add("description", "Run `spinewise today` for today's prescriptions.\n" + "\n".join(lines))
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", "spinewise session soon: warm up, breathe, brace.")
            reminder.add("trigger", timedelta(minutes=-alarm))
            event.add_component(reminder)
            cal.add_component(event)
    days = [start + timedelta(days=i) for i in range(7 * weeks_i)]
    for label, kind, chosen, text in (
            ("Movement break", "move", breaks, "Stand up, walk, move for 2-3 minutes."),
            ("Posture check", "posture", posture, "Check your posture: ribs over hips, shoulders easy.")):
        for at in chosen:
            first = next((d for d in days if not weekdays_only or d.weekday() < 5), None)
            if first is None:
                continue
            event = Event()
            event.add("uid", f"spinewise-{person_id}-{kind}-{at.strftime('%H%M')}-{start.isoformat()}@spinewise")
            event.add("dtstamp", stamp)
            begin = datetime.combine(first, at)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=5))
            event.add("summary", f"spinewise: {label.lower()}")
            rule: dict[str, Any] = {"freq": "daily", "until": datetime.combine(end, time(23, 59))}
            if weekdays_only:
                rule = {"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR"],
                        "until": datetime.combine(end, time(23, 59))}
            event.add("rrule", rule)
            event.add("description", text)
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", f"{label}: {text}")
            reminder.add("trigger", timedelta(0))
            event.add_component(reminder)
            cal.add_component(event)
    payload: bytes = cal.to_ical()
    return payload
