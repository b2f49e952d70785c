"""Assessments: record an endurance test, a PSFS, an NPRS or an ODI score with its change
since the first one, and list them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from spinewise.domain.assessments import (
    ENDURANCE_SOURCE,
    EnduranceTest,
    OutcomeChange,
    PsfsAssessment,
    assess_endurance,
    nprs_change,
    odi_change,
    psfs_change,
)
from spinewise.domain.contract_input import parse_model
from spinewise.domain.errors import InputError
from spinewise.domain.odi import odi_sections, score_odi
from spinewise.domain.screening import Irritability
from spinewise.store.records import Assessment
from spinewise.training.store_access import _now, _person_or_fail
from spinewise.training.validators import _pain

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store


ASSESSMENT_KINDS = ("endurance", "psfs", "nprs", "odi")


def record_assessment(*, store: Store, person_id: int, on: date, kind: str,
                      values: Mapping[str, Any]) -> Assessment:
    """Log a McGill endurance test (``flexor``, ``extensor``, ``side_bridge_right``,
    ``side_bridge_left`` in seconds, with the ratio flags), a PSFS (``activities``: 3-5
    of ``{"activity", "score"}``), an NPRS (``{"pain": 0-10}``) or an ODI
    (``{"sections": {"1": 0-5, ...}}``, section numbers only, at least 8 of 10
    answered), with the change since the first one of its kind."""
    if kind not in ASSESSMENT_KINDS:
        raise InputError("kind", f"must be one of {', '.join(ASSESSMENT_KINDS)}, got {kind!r}")
    if not isinstance(values, Mapping):
        raise InputError("values", "must be an object")
    doc = dict(values)
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        earlier = tx.outcomes.assessments(person_id, kind, until=on)
        score: float | None
        if kind == "endurance":
            test = parse_model(EnduranceTest, doc)
            screening = tx.people.latest_screening(person_id)
            irritability: Irritability = screening.irritability if screening else "high"
            outcome = assess_endurance(test, irritability=irritability)
            score = None
            result: dict[str, Any] = {"usable": outcome.usable, "ratios": outcome.ratios,
                                      "balanced": outcome.balanced,
                                      "findings": [f.to_json() for f in outcome.findings],
                                      "reference": outcome.reference_json(),
                                      "reference_source": ENDURANCE_SOURCE}
        elif kind == "psfs":
            psfs = parse_model(PsfsAssessment, doc)
            score = round(psfs.mean, 2)
            result = {"mean": score}
            if earlier:
                change = psfs_change(PsfsAssessment.model_validate(earlier[0].values), psfs)
                result["change"] = _change_json(change)
        elif kind == "odi":
            odi = score_odi(odi_sections(doc))
            doc = {"sections": {str(n): v for n, v in odi.sections.items()}}
            score = odi.percent
            result = odi.to_json()
            if earlier and earlier[0].score is not None:
                result["change"] = _change_json(odi_change(earlier[0].score, odi.percent))
        else:
            if set(doc) != {"pain"}:
                raise InputError("values", "an NPRS is {\"pain\": 0-10}")
            pain = _pain("pain", doc["pain"])
            score = float(pain)
            result = {"pain": pain}
            if earlier and earlier[0].score is not None:
                result["change"] = _change_json(nprs_change(int(earlier[0].score), pain))
        return tx.outcomes.add_assessment(person_id=person_id, on=on, kind=kind, values=doc,
                                          score=score, result=result, now=_now())


def _change_json(change: OutcomeChange) -> dict[str, Any]:
    return {"measure": change.measure, "before": change.before, "after": change.after,
            "direction": change.direction, "meaningful": change.meaningful,
            "rule": change.rule, "message": change.message}


def assessments(*, store: Store, person_id: int, kind: str | None = None) -> list[Assessment]:
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        return tx.outcomes.assessments(person_id, kind)
