"""Reading and checking the answers to the intake's questions, and stopping the intake
early: the pure helpers both doors (the web wizard and ``spinewise init``) share.

A typed answer becomes a JSON value (``read_answer``); whether the value is allowed is
the domain's decision (``check_answer`` asks ``parse_intake``), so the pages, the API and
the command line accept and reject the same answers. After each answer, ``early_stop``
screens what is known so far with the domain's own screening rules: when the answers
already mean emergency or urgent care, the intake ends there and shows the result.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from spinewise.domain.errors import InputError
from spinewise.domain.intake import Intake, parse_intake
from spinewise.domain.screening import Screening, screen_intake
from spinewise.intake_questions import Question

BASELINE: Final[dict[str, Any]] = {"age": 35, "pain": {"now": 0}}
"""A valid intake used to check one answer at a time (the two answers every intake needs)."""

EMERGENCY_NUMBERS: Final = (("112", "Europe"), ("911", "North America"), ("999", "UK"))
"""The emergency numbers the result gives when someone cannot get to an emergency
department themselves (tap-to-call links on the web)."""

STOPPING_LEVELS: Final = ("emergency", "urgent")
"""Screening levels that end the intake at once: no plan is possible, care comes first."""


# --- the draft as a document ----------------------------------------------------

def get_path(doc: Mapping[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set (or with ``None``/``False``, remove) a field; empty sections are dropped."""
    parts = path.split(".")
    node = doc
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    if value is None or value is False:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value
    if len(parts) > 1 and not node:
        parent = doc
        for part in parts[:-2]:
            parent = parent[part]
        parent.pop(parts[-2], None)


NO_IS_AN_ANSWER: tuple[str, ...] = ("psychosocial.",)
"""Fields where an unticked box is a real answer ("no") and is kept as ``false``: the
screening tells answered-no (scored) from never asked (``not_assessed``)."""


def apply_answers(doc: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the draft with these answers written in (empty answers removed,
    except a "no" where ``NO_IS_AN_ANSWER``)."""
    out = copy.deepcopy(dict(doc))
    for path, value in values.items():
        if value is False and path.startswith(NO_IS_AN_ANSWER):
            _keep_no(out, path)
            continue
        set_path(out, path, value if value != [] else None)
    return out


def _keep_no(doc: dict[str, Any], path: str) -> None:
    """Write ``false`` at ``path`` (``set_path`` removes it)."""
    *sections, name = path.split(".")
    node = doc
    for part in sections:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[name] = False


def complete_intake(doc: Mapping[str, Any]) -> Intake:
    """The draft as an intake (raises ``InputError`` naming the first field still wrong)."""
    return parse_intake(dict(doc))


# --- one answer -----------------------------------------------------------------

def _number(raw: str, q: Question) -> float | int:
    text = raw.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        kind = "a whole number" if q.whole else "a number"
        raise InputError(q.path, f"must be {kind}, got \"{raw.strip()}\"") from None
    if q.whole:
        if not value.is_integer():
            raise InputError(q.path, f"must be a whole number, got {text}")
        return int(value)
    return int(value) if value.is_integer() else value


def read_answer(q: Question, form: Mapping[str, Sequence[str]]) -> Any:
    """A question's answer as a JSON value (``None`` when left empty), from form-like
    text (``{path: [text, ...]}``).

    Raises ``InputError`` when the text cannot be a value of the right kind at all.
    """
    given = [v for v in form.get(q.path, ()) if v != ""]
    if q.kind == "check":
        return bool(given)
    if q.kind == "checks":
        return list(dict.fromkeys(given))
    if not given:
        return None
    raw = given[-1]
    if q.kind in ("number", "scale") or q.numeric:
        return _number(raw, q)
    return raw


def check_answer(q: Question, value: Any) -> str | None:
    """The domain's verdict on one answer, in plain words (``None`` when fine)."""
    if value is None or value == []:
        return "is needed to go on" if q.required else None
    doc = copy.deepcopy(BASELINE)
    set_path(doc, q.path, value)
    try:
        parse_intake(doc)
    except InputError as exc:
        return plain(exc.message)
    return None


def plain(message: str) -> str:
    """Domain messages in the words of the questions."""
    return message.replace("an integer", "a whole number")


# --- stopping early -------------------------------------------------------------

def known_so_far(doc: Mapping[str, Any]) -> Intake:
    """The answers given so far as an intake (the baseline fills what every intake needs)."""
    known = copy.deepcopy(BASELINE)
    for key, value in doc.items():
        if isinstance(value, Mapping) and isinstance(known.get(key), dict):
            known[key] = {**known[key], **value}
        else:
            known[key] = copy.deepcopy(value)
    return parse_intake(known)


def early_stop(doc: Mapping[str, Any], still_to_ask: Iterable[Question]) -> Screening | None:
    """The screening that ends the intake now, or ``None`` while it should go on.

    The intake stops when what is known so far screens as ``emergency``, or as ``urgent``
    unless a question still to ask could make it an emergency (a major injury is urgent
    on its own, an emergency with nerve signs in the legs asked later): a later yes must
    not be lost by stopping too soon. "Could" is judged by screening the known answers
    with every tick still to ask ticked; ticks only ever raise an emergency or urgent
    level (a clinician's clearance lowers ``refer`` only). The screening rules are the
    domain's own (``screen_intake``); none is repeated here.
    """
    screening = screen_intake(known_so_far(doc))
    if screening.level == "emergency":
        return screening
    if screening.level != "urgent":
        return None
    ticks = {q.path: True for q in still_to_ask if q.kind == "check" and get_path(doc, q.path) is None}
    worst = screen_intake(known_so_far(apply_answers(doc, ticks)))
    return screening if worst.level != "emergency" else None
