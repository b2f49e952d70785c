"""What gym mode shows beside today's prescription: "last time" for each exercise, and
the plates for a barbell or trap-bar load from the bar and plates the person owns
(stored per person, in their unit; the defaults of ``domain.plates`` until they say).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from spinewise.domain.catalog import Exercise
from spinewise.domain.errors import InputError
from spinewise.domain.plates import (
    DEFAULT_BAR,
    DEFAULT_PLATES,
    DEFAULT_TRAP_BAR,
    PlateError,
    PlateLoad,
    Unit,
    check_inventory,
    plate_load,
)
from spinewise.store.gym import EarlierSet, GymRepository
from spinewise.store.records import from_kg
from spinewise.training.store_access import _now, _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

# --- bar and plates ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GymSettings:
    """The person's bar weights and plates (weight -> how many), in ``unit``."""

    unit: Unit
    bar: float
    trap_bar: float
    plates: dict[float, int]
    saved: bool
    """False: the defaults for the unit, never saved by the person."""

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "bar": self.bar, "trap_bar": self.trap_bar,
                "plates": {f"{w:g}": c for w, c in sorted(self.plates.items(), reverse=True)},
                "saved": self.saved}

    def plates_text(self) -> str:
        """The plates as the settings form writes them: ``25x2, 20x2, ...``."""
        return ", ".join(f"{w:g}x{c}" for w, c in sorted(self.plates.items(), reverse=True))

    def bar_for(self, exercise: Exercise) -> float | None:
        """The bar an exercise is loaded on, or ``None`` when it takes no plates (a
        landmine is loaded on one end only: no per-side breakdown)."""
        if "trap_bar" in exercise.equipment:
            return self.trap_bar
        if "barbell" in exercise.equipment and "landmine" not in exercise.equipment:
            return self.bar
        return None

    def plates_for(self, exercise: Exercise, load: float | None) -> PlateLoad | None:
        bar = self.bar_for(exercise)
        if bar is None or load is None:
            return None
        return plate_load(target=load, bar=bar, plates=self.plates, unit=self.unit)


def _defaults(unit: Unit) -> GymSettings:
    return GymSettings(unit, DEFAULT_BAR[unit], DEFAULT_TRAP_BAR[unit], dict(DEFAULT_PLATES[unit]), False)


def gym_settings(*, store: Store, person_id: int) -> GymSettings:
    """The person's bar and plates, or the defaults for their unit (also when they
    saved some in the other unit: plates do not convert)."""
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        saved = GymRepository(tx.conn).settings(person_id)
    if saved is None or saved.unit != person.units:
        return _defaults(person.units)
    return GymSettings(person.units, saved.bar, saved.trap_bar, saved.plates, True)


_PLATE_ENTRY = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:[x×*]\s*([0-9]+))?\s*\Z")


def parse_plates(text: str) -> dict[float, int]:
    """Plates as a person types them: ``25x2, 20x2, 1.25x4`` (weight x how many; a weight
    alone is one pair). ``InputError`` on the field ``plates`` otherwise."""
    plates: dict[float, int] = {}
    for entry in (e for e in re.split(r"[;\n]|,(?!\d)", text) if e.strip()):
        found = _PLATE_ENTRY.match(entry)
        if found is None:
            raise InputError("plates", f"write each plate as weight x count, like 20x2; got {entry.strip()!r}")
        weight = float(found[1].replace(",", "."))
        plates[weight] = plates.get(weight, 0) + int(found[2] or 2)
    return plates


def _checked_plates(plates: object) -> dict[float, int]:
    if isinstance(plates, str):
        return parse_plates(plates)
    if not isinstance(plates, Mapping):
        raise InputError("plates", "must be an object of plate weight -> how many, like {\"20\": 2}")
    out: dict[float, int] = {}
    for weight, count in plates.items():
        try:
            value = float(str(weight).replace(",", "."))
        except ValueError:
            raise InputError("plates", f"{weight!r} is not a plate weight") from None
        if isinstance(count, bool) or not isinstance(count, int):
            raise InputError("plates", f"the count of {weight} plates must be a whole number, got {count!r}")
        out[value] = out.get(value, 0) + count
    return out


def _weight(name: str, value: object) -> float:
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "."))
        except ValueError:
            raise InputError(name, f"must be a number from 0 to 100, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise InputError(name, f"must be a number from 0 to 100, got {value!r}")
    return float(value)


def save_gym_settings(*, store: Store, person_id: int, bar: object, trap_bar: object,
                      plates: object) -> GymSettings:
    """Save the person's bar, trap bar and plates (in their unit)."""
    bar_kg, trap, owned = _weight("bar", bar), _weight("trap_bar", trap_bar), _checked_plates(plates)
    try:
        check_inventory(bar_kg, owned)
    except PlateError as exc:
        field, _, message = str(exc).partition(": ")
        raise InputError(field, message) from None
    with store.transaction() as tx:
        person = _person_or_fail(tx, person_id)
        GymRepository(tx.conn).save_settings(person_id, unit=person.units, bar=bar_kg, trap_bar=trap,
                                             plates=owned, updated_at=_now())
    return GymSettings(person.units, bar_kg, trap, owned, True)


# --- last time --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LastTime:
    """One exercise in the most recent earlier session that held it."""

    exercise: str
    on: date
    session_id: int
    sets: int
    what: str
    """The sets in words: ``3 × 8 @ 20 kg`` when all were the same, else each one."""
    pain: int | None
    """The worst pain during those sets; ``None`` when none was recorded (an imported
    session: the other app records no pain, and none is made up)."""

    def to_json(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "date": self.on.isoformat(), "session_id": self.session_id,
                "sets": self.sets, "what": self.what, "pain": self.pain}


def _dose(s: EarlierSet, unit: str) -> tuple[str, str]:
    amount = f"{s.reps}" if s.reps is not None else f"{s.seconds} s"
    load = "" if s.load_kg is None else f"{from_kg(s.load_kg, unit):g} {unit}"
    return amount, load


def describe_sets(found: Iterable[EarlierSet], unit: str) -> str:
    doses = [_dose(s, unit) for s in found]
    if len(set(doses)) == 1:
        amount, load = doses[0]
        return f"{len(doses)} × {amount}" + (f" @ {load}" if load else "")
    return ", ".join(amount + (f" @ {load}" if load else "") for amount, load in doses)


def last_time(*, store: Store, person_id: int, session_id: int, on: date,
              exercises: Iterable[str]) -> dict[str, LastTime]:
    """For each exercise, what the person did the last time before this session
    (``session_id`` on ``on``) that they did it; exercises never done are left out.
    One query for all of them (``GymRepository.last_time``)."""
    wanted = list(dict.fromkeys(exercises))
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        found = GymRepository(tx.conn).last_time(person_id, before=(on, session_id), exercises=wanted)
    by_exercise: dict[str, list[EarlierSet]] = {}
    for s in found:
        by_exercise.setdefault(s.exercise, []).append(s)
    return {exercise: LastTime(exercise, done[0].on_date, done[0].session_id, len(done),
                               describe_sets(done, person.units),
                               max((s.pain for s in done if s.pain is not None), default=None))
            for exercise, done in by_exercise.items()}
