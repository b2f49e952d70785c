"""The psychosocial questions on their own, for the check-in that asks them when the
intake left them unanswered: a view of the question bank's worries step
(``spinewise.intake_questions.WORRIES``), so the check-in page and ``spinewise checkin``
use the very words of the intake. spinewise does not reproduce the STarT Back
questionnaire; these are its topics in spinewise's own words.
"""

from __future__ import annotations

from typing import Final

from spinewise.intake_questions import WORRIES

_FIELD = "psychosocial."
_TOPICS_GROUP = next(g for g in WORRIES.groups if all(q.kind == "check" for q in g.questions))
_BOTHER = next(q for q in WORRIES.questions if q.path == _FIELD + "bothersomeness")

PERIOD: Final = _TOPICS_GROUP.legend
TOPICS: Final[tuple[tuple[str, str], ...]] = tuple(
    (q.path.removeprefix(_FIELD), q.label) for q in _TOPICS_GROUP.questions)
"""Yes/no topics: (field of ``psychosocial``, the statement shown)."""
BOTHERSOMENESS_QUESTION: Final = _BOTHER.label
BOTHERSOMENESS: Final[tuple[tuple[str, str], ...]] = _BOTHER.options
"""The overall question's answers: (value of ``psychosocial.bothersomeness``, words)."""
