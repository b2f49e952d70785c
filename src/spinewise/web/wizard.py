"""The intake wizard: one topic per step, plain questions, the contract's fields behind them.

Each question names the intake field it fills (``pain.now``). The web only turns form
strings into JSON values; whether a value is allowed is decided by the domain's
``parse_intake``, so the pages, the API and the CLI accept and reject the same answers.
The worries step covers the topics of the STarT Back tool in spinewise's own words.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from spinewise.domain.errors import InputError
from spinewise.domain.intake import Intake, parse_intake
from spinewise.web import words

Kind = Literal["number", "scale", "choice", "check", "checks"]
Options = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Question:
    """One question on a step, bound to one intake field (a dotted path)."""

    path: str
    label: str
    kind: Kind
    name: str = ""
    """Short name used in error messages (defaults to the label)."""
    hint: str = ""
    options: Options = ()
    required: bool = False
    whole: bool = True
    low: float | None = None
    high: float | None = None
    unit: str = ""
    numeric: bool = False
    """A choice whose values are numbers (days a week, hours to settle)."""

    @property
    def title(self) -> str:
        return self.name or self.label

    @property
    def html_id(self) -> str:
        return "q-" + self.path.replace(".", "-").replace("_", "-")


@dataclass(frozen=True, slots=True)
class Group:
    """Questions shown together in one fieldset."""

    legend: str
    questions: tuple[Question, ...]
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    slug: str
    title: str
    intro: str
    groups: tuple[Group, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for g in self.groups for q in g.questions)


def _checks(section: str, labels: Iterable[tuple[str, str]]) -> tuple[Question, ...]:
    return tuple(Question(f"{section}.{key}", label, "check") for key, label in labels)


SETTLE_OPTIONS: Options = (
    ("0.5", "Within half an hour"),
    ("2", "Within an hour or two"),
    ("12", "Within the same day"),
    ("48", "It takes a day or more"),
)
"""Hours until a flare settles; the domain sorts them into low, moderate and high irritability."""

ABOUT = Step("about", "About you and your pain",
             "Start with the basics. Only your age and today's pain are needed; skip anything you are not sure of.",
             (
                 Group("You", (
                     Question("age", "How old are you?", "number", name="Age", required=True,
                              low=16, high=100, unit="years"),
                     Question("units", "Which weights do you use?", "choice", name="Weight units",
                              options=(("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)"))),
                 )),
                 Group("Your pain", (
                     Question("pain.now", "How bad is your back pain right now?", "scale", name="Pain right now",
                              hint="0 is no pain, 10 is the worst pain you can imagine.", required=True),
                     Question("pain.average_week", "On an average day this past week?", "scale",
                              name="Pain on an average day"),
                     Question("pain.worst_week", "At its worst this past week?", "scale", name="Worst pain this week"),
                     Question("pain.duration_weeks", "How many weeks have you had this back pain?", "number",
                              name="Weeks with this pain", hint="About 4 weeks in a month, 52 in a year.",
                              whole=False, low=0, high=5200, unit="weeks"),
                     Question("pain.settles_within_hours",
                              "When something sets it off, how long until it calms back down?", "choice",
                              name="Time to settle", options=SETTLE_OPTIONS, numeric=True, whole=False),
                     Question("onset", "How did it start?", "choice", name="How it started", options=(
                         ("gradual", "Slowly, for no clear reason"),
                         ("lifting_or_strain", "Lifting something or a strain"),
                         ("minor_trauma", "A small fall or knock"),
                         ("major_trauma", "A big accident or a bad fall"),
                         ("unknown", "I don't know"),
                     )),
                     Question("clinician_cleared",
                              "A physio, doctor or sports chiropractor has checked my back and said I can exercise",
                              "check", name="Checked and cleared"),
                 )),
             ))

RED_FLAGS = Step("warning-signs", "Warning signs",
                 "These are rare, but they matter. Tick any that are true for you now.",
                 (
                     Group("Anything new like this?", _checks("red_flags", (
                         ("saddle_numbness", "Numbness or pins and needles around your bottom, groin or inner thighs"),
                         ("bladder_change", "New trouble peeing: hard to start, can't empty, or leaking"),
                         ("bowel_incontinence", "New loss of control of your bowels"),
                         ("sexual_dysfunction", "New loss of feeling or function in your genitals"),
                         ("bilateral_leg_symptoms", "Pain, numbness or weakness in both legs"),
                         ("progressive_weakness", "A leg getting weaker, for example a foot that drags or slaps"),
                         ("pulsating_abdomen", "A throbbing or pulsing feeling in your belly with the back pain"),
                     ))),
                     Group("Your health", _checks("red_flags", (
                         ("cancer_history", "You have had cancer"),
                         ("unexplained_weight_loss", "You have lost weight without trying"),
                         ("fever_or_chills", "Fever, chills or night sweats with the back pain"),
                         ("systemically_unwell", "You feel generally unwell, not just your back"),
                         ("recent_infection", "A recent infection, for example of the bladder, skin, or after surgery"),
                         ("immunosuppressed", "A weakened immune system, from illness or medicine"),
                         ("iv_drug_use", "You inject drugs"),
                         ("osteoporosis", "Osteoporosis (thin, fragile bones)"),
                         ("long_term_steroids", "You have taken steroid tablets for months"),
                     ))),
                     Group("How the pain behaves", _checks("red_flags", (
                         ("night_pain_unrelieved", "Pain at night that no position or rest eases"),
                         ("constant_progressive_pain", "Constant pain that keeps getting worse, whatever you do"),
                         ("morning_stiffness_over_30min", "Stiffness in the morning that lasts more than half an hour"),
                     ))),
                 ))

LEGS = Step("legs", "Legs and nerves",
            "Back pain sometimes travels. Tick what you have noticed in the last two weeks.",
            (
                Group("In your legs", _checks("symptoms", (
                    ("leg_pain", "Pain spreads from your back into a leg"),
                    ("pain_below_knee", "It goes below the knee"),
                    ("sharp_shooting_leg_pain", "Sharp, shooting or electric pain down the leg"),
                    ("numbness_or_tingling", "Numbness or pins and needles in a leg or foot"),
                    ("numbness_explained", "A clinician has checked that numbness or tingling and explained it"),
                    ("one_sided_weakness", "One leg or foot feels weak"),
                ))),
                Group("Elsewhere", _checks("symptoms", (
                    ("worse_with_light_activity", "Even light activity, like a short walk or chores, makes it worse"),
                    ("neck_or_shoulder_pain", "Pain in your neck or shoulders too"),
                    ("localized_tender_muscle", "A sore spot in a back muscle that hurts to press"),
                ))),
            ))

WORSE_BETTER = Step("worse-better", "What makes it worse or better",
                    "This shows which movements your back dislikes, so your plan can work around them.",
                    (
                        Group("It gets worse with", _checks("aggravating", (
                            ("sitting", "Sitting"),
                            ("bending_forward", "Bending forward"),
                            ("lifting", "Lifting things"),
                            ("cough_sneeze", "Coughing or sneezing"),
                            ("morning", "First thing in the morning"),
                            ("standing_long", "Standing for a long time"),
                            ("walking", "Walking"),
                            ("arching_back", "Leaning or arching backwards"),
                            ("overhead", "Reaching or lifting overhead"),
                            ("twisting", "Twisting"),
                            ("lying_flat", "Lying flat on your back"),
                        ))),
                        Group("It gets better with", _checks("easing", (
                            ("sitting", "Sitting down"),
                            ("bending_forward", "Bending forward, like leaning on a trolley"),
                            ("walking", "Walking"),
                            ("standing", "Standing up"),
                            ("lying_down", "Lying down"),
                            ("movement", "Moving around"),
                            ("rest", "Resting"),
                        ))),
                    ))

WORRIES = Step("worries", "How your back affects you",
               "How pain affects daily life and mood shapes how fast to build up. "
               "Think of the last two weeks and tick what fits.",
               (
                   Group("Over the last two weeks", _checks("psychosocial", (
                       ("walked_only_short_distances", "You have kept walks short because of your back"),
                       ("dressed_more_slowly", "Your back has made getting dressed slower than usual"),
                       ("unsafe_to_be_active", "You feel being active may not be safe for a back like yours"),
                       ("worrying_thoughts", "Worries about your back have been on your mind a lot"),
                       ("never_get_better", "You doubt your back will ever get better"),
                       ("lost_enjoyment", "You have been enjoying things less than you used to"),
                   ))),
                   Group("Overall", (
                       Question("psychosocial.bothersomeness",
                                "How much has your back pain bothered you over the last two weeks?", "choice",
                                name="How much it bothered you", options=(
                                    ("not_at_all", "Not at all"),
                                    ("slightly", "A little"),
                                    ("moderately", "Moderately"),
                                    ("very_much", "A lot"),
                                    ("extremely", "Extremely"),
                                )),
                   )),
               ))

TRAINING = Step("training", "Training and gear",
                "Last step: how you like to train and what you can use.",
                (
                    Group("Your training", (
                        Question("training.experience", "How much have you lifted weights?", "choice",
                                 name="Lifting experience", options=(
                                     ("none", "Never"),
                                     ("beginner", "A little: under a year"),
                                     ("intermediate", "Regularly for 1 to 3 years"),
                                     ("advanced", "Regularly for more than 3 years"),
                                 )),
                        Question("training.days_per_week", "How many days a week can you train?", "choice",
                                 name="Days a week", options=tuple((str(n), f"{n} days") for n in range(2, 7)),
                                 numeric=True),
                        Question("training.session_minutes", "How long can a session be?", "number",
                                 name="Session length", low=20, high=150, unit="minutes",
                                 hint="From 20 to 150 minutes."),
                    )),
                    Group("What you can use", (
                        Question("training.equipment", "Tick all the gear you have", "checks", name="Gear",
                                 options=tuple(words.EQUIPMENT.items())),
                    )),
                    Group("What you want", (
                        Question("training.goals", "Tick your goals", "checks", name="Goals", options=(
                            ("pain_relief", "Less pain"),
                            ("strength", "Get stronger"),
                            ("muscle", "Build muscle"),
                            ("sport", "Do better at my sport"),
                            ("general_fitness", "Feel fitter overall"),
                        )),
                    )),
                ))

STEPS: tuple[Step, ...] = (ABOUT, RED_FLAGS, LEGS, WORSE_BETTER, WORRIES, TRAINING)
"""The wizard's steps in order."""

_BASELINE: dict[str, Any] = {"age": 35, "pain": {"now": 0}}
"""A valid intake used to check one answer at a time."""


def step_by_slug(slug: str) -> Step | None:
    return next((s for s in STEPS if s.slug == slug), None)


def step_index(step: Step) -> int:
    return STEPS.index(step)


def step_of_field(path: str) -> Step:
    """The step that asks for a field (the first step when no step does)."""
    for step in STEPS:
        for q in step.questions:
            if path == q.path or path.startswith(q.path + "[") or q.path.startswith(path + "."):
                return step
    return STEPS[0]


# --- reading answers ------------------------------------------------------------

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
    """A question's answer as a JSON value (``None`` when left empty).

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
    doc = copy.deepcopy(_BASELINE)
    set_path(doc, q.path, value)
    try:
        parse_intake(doc)
    except InputError as exc:
        return plain(exc.message)
    return None


def plain(message: str) -> str:
    """Domain messages in the words of the pages."""
    return message.replace("an integer", "a whole number")


@dataclass(slots=True)
class StepAnswers:
    """What a submitted step says: the values read and the problems found, by field."""

    values: dict[str, Any]
    errors: dict[str, str]
    raw: dict[str, str]
    """Text exactly as typed, to show back in a field that had an error."""


def read_step(step: Step, form: Mapping[str, Sequence[str]]) -> StepAnswers:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    raw: dict[str, str] = {}
    for q in step.questions:
        typed = form.get(q.path, ())
        if typed and q.kind in ("number", "scale", "choice"):
            raw[q.path] = typed[-1]
        try:
            value = read_answer(q, form)
        except InputError as exc:
            errors[q.path] = plain(exc.message)
            continue
        problem = check_answer(q, value)
        if problem:
            errors[q.path] = problem
            continue
        values[q.path] = value
    return StepAnswers(values, errors, raw)


def apply_answers(doc: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the draft with these answers written in (empty answers removed)."""
    out = copy.deepcopy(doc)
    for path, value in values.items():
        set_path(out, path, value if value != [] else None)
    return out


def complete_intake(doc: Mapping[str, Any]) -> Intake:
    """The draft as an intake (raises ``InputError`` naming the first field still wrong)."""
    return parse_intake(dict(doc))


def shown_value(q: Question, doc: Mapping[str, Any]) -> Any:
    """The value to show in a question's field, from the draft."""
    value = get_path(doc, q.path)
    if q.kind == "checks" and value is None and q.path == "training.equipment":
        return ["bodyweight"]
    if q.kind == "choice" and value is None:
        return {"units": "kg", "onset": None}.get(q.path)
    return value


def as_text(value: Any) -> str:
    """A JSON value as the text of a form field (``0.5``, ``3``, ``kg``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(q: Question, value: Any) -> str:
    """One answer in words, for the printable summary (``Pain right now: 6/10``)."""
    if q.kind == "scale":
        return f"{q.title}: {value}/10"
    if q.kind == "number":
        return f"{q.title}: {as_text(value)} {q.unit}".rstrip()
    if q.kind == "choice":
        label = dict(q.options).get(as_text(value), as_text(value))
        return f"{q.title}: {label}"
    if q.kind == "checks":
        labels = dict(q.options)
        return f"{q.title}: " + ", ".join(labels.get(v, v) for v in value)
    return q.label


SUMMARY_SKIPS: dict[str, object] = {"units": None, "onset": "unknown"}
"""Answers a clinician does not need on the printed summary (any value, or this value)."""


def summary(doc: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """The health answers, step by step, in the wizard's words, for a clinician
    (training and gear left out, empty steps left out)."""
    out: list[tuple[str, list[str]]] = []
    for step in STEPS:
        if step is TRAINING:
            continue
        lines = [describe(q, value) for q in step.questions
                 if (value := get_path(doc, q.path)) not in (None, False, [])
                 and not (q.path in SUMMARY_SKIPS and SUMMARY_SKIPS[q.path] in (None, value))]
        if lines:
            out.append((step.title, lines))
    return out
