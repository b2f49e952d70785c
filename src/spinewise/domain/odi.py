"""The Oswestry Disability Index (ODI) as a clinic enters it: ten section scores, 0-5
each, turned into a percentage, its published band and the change that matters.

The questionnaire's wording is licensed (Fairbank's ODI, version 2.1a): spinewise never
shows or stores it. It keeps only what a clinician copies off the completed form: the
section number (1-10, in the form's order) and the score the person chose (0-5). The
sections are named here by short topic names of spinewise's own.

Scoring (Fairbank & Pynsent 2000): the section scores are summed and divided by the
most they could reach over the sections answered (5 per answered section), as a
percentage. A section left blank is left out of both; with fewer than
``ODI_MIN_ANSWERED`` (8) answered sections the score is not computed (too much is
missing to compare it with the bands).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from spinewise.domain.errors import InputError
from spinewise.domain.json_values import shown

ODI_SECTIONS: tuple[tuple[int, str], ...] = (
    (1, "pain intensity"),
    (2, "personal care"),
    (3, "lifting"),
    (4, "walking"),
    (5, "sitting"),
    (6, "standing"),
    (7, "sleeping"),
    (8, "sex life"),
    (9, "social life"),
    (10, "travelling"),
)
"""Section numbers in the published form's order, with spinewise's short topic names
(never the form's wording). Section 8 is the one people most often leave blank."""

ODI_TOPICS: dict[int, str] = dict(ODI_SECTIONS)
ODI_SECTION_MAX = 5
"""Each section is scored 0 (no difficulty) to 5 (the most difficulty)."""
ODI_MIN_ANSWERED = 8
"""Fewest answered sections for a score: with three or more blank, the percentage
rests on too little to be read against the bands."""
ODI_MEANINGFUL_POINTS = 10.0
"""A change of about 10 percentage points is the smallest that matters to the person
(Ostelo et al. 2008, Spine 33:90)."""

OdiBand = Literal["minimal", "moderate", "severe", "very_severe", "extreme"]

ODI_BANDS: tuple[tuple[float, OdiBand, str], ...] = (
    (20.0, "minimal", "minimal limitation: daily life is mostly manageable"),
    (40.0, "moderate", "moderate limitation: sitting, lifting and standing are harder"),
    (60.0, "severe", "severe limitation: pain gets in the way of much of daily life"),
    (80.0, "very_severe", "very severe limitation: pain affects most parts of daily life"),
    (100.0, "extreme", "the highest band: the person may be largely confined to bed, or the "
                       "answers may overstate the effect; talk it through with them"),
)
"""The published bands (Fairbank & Pynsent 2000): 0-20, 21-40, 41-60, 61-80, 81-100,
each with its upper bound (a percentage up to and including it falls in the band: a
score between two whole numbers, such as 20.5, falls in the higher band). The
descriptions are spinewise's own words."""

ODI_SOURCE = "Fairbank & Pynsent 2000, Spine 25:2940"
ODI_CHANGE_SOURCE = "Ostelo et al. 2008, Spine 33:90"


@dataclass(frozen=True, slots=True)
class OdiScore:
    """A scored ODI: the sections answered, the total, the percentage and its band."""

    sections: dict[int, int]
    """Answered sections only: section number -> score 0-5."""
    total: int
    answered: int
    percent: float
    """Rounded to one decimal."""
    band: OdiBand
    band_text: str

    @property
    def unanswered(self) -> tuple[int, ...]:
        return tuple(n for n, _ in ODI_SECTIONS if n not in self.sections)

    def to_json(self) -> dict[str, object]:
        return {"percent": self.percent, "total": self.total, "answered": self.answered,
                "unanswered": list(self.unanswered), "band": self.band,
                "band_text": self.band_text, "rule": "PROG-OUTCOME-ODI"}


def odi_sections(values: object) -> dict[int, int]:
    """Read ``{"sections": {"1": 3, "2": 1, ...}}``: the section numbers 1-10 (as text,
    JSON's keys) with the score 0-5 the person chose; a section the person left blank
    is left out. Every fault names its field (``sections.4``)."""
    if not isinstance(values, Mapping):
        raise InputError("values", "must be an object like {\"sections\": {\"1\": 3, ...}}")
    extra = sorted(str(k) for k in set(values) - {"sections"})
    if extra:
        raise InputError(extra[0], "is not a field of an ODI: give only sections")
    given = values.get("sections")
    if not isinstance(given, Mapping):
        raise InputError("sections", "must be an object of section numbers 1-10 to scores 0-5, "
                                     f"got {shown(given)}")
    answered: dict[int, int] = {}
    for key, score in given.items():
        if key not in _SECTION_KEYS:
            raise InputError("sections", f"section numbers are 1 to 10, got {key!r}")
        number = int(key)
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= ODI_SECTION_MAX:
            raise InputError(f"sections.{number}", f"must be an integer from 0 to {ODI_SECTION_MAX} "
                                                   f"(leave a blank section out), got {shown(score)}")
        answered[number] = score
    return dict(sorted(answered.items()))


_SECTION_KEYS = frozenset(str(n) for n, _ in ODI_SECTIONS)


def score_odi(sections: Mapping[int, int]) -> OdiScore:
    """Score answered sections: total / (5 x answered) x 100. Refused (``InputError``
    on ``sections``) with fewer than ``ODI_MIN_ANSWERED`` answered."""
    for number, score in sections.items():
        if number not in ODI_TOPICS:
            raise InputError("sections", f"section numbers are 1 to 10, got {number!r}")
        if not 0 <= score <= ODI_SECTION_MAX:
            raise InputError(f"sections.{number}", f"must be an integer from 0 to 5, got {score}")
    answered = len(sections)
    if answered < ODI_MIN_ANSWERED:
        blank = ", ".join(str(n) for n, _ in ODI_SECTIONS if n not in sections)
        raise InputError("sections", f"at least {ODI_MIN_ANSWERED} of the 10 sections must be answered "
                                     f"to score the index, got {answered} (blank: {blank})")
    total = sum(sections.values())
    exact = total / (ODI_SECTION_MAX * answered) * 100
    band, text = odi_band(exact)
    return OdiScore(dict(sorted(sections.items())), total, answered, round(exact, 1), band, text)


def odi_band(percent: float) -> tuple[OdiBand, str]:
    """The published band of a percentage 0-100, and its description."""
    if not 0 <= percent <= 100:
        raise InputError("percent", f"must be a number from 0 to 100, got {percent}")
    for upper, band, text in ODI_BANDS:
        if percent <= upper:
            return band, text
    raise AssertionError("unreachable: the last band ends at 100")
