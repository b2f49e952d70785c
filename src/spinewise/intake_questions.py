"""The intake's question bank: every question spinewise asks before any lifting, in plain
words, in the order both doors ask them (the web wizard's steps and ``spinewise init``).

Each question names the intake field it fills (``pain.now``), its plain prompt, an
optional help text, its kind (a number, a 0-10 scale, one choice, a tick, several
ticks) and its choices. Questions are grouped as the wizard shows them (one topic per
step, fieldsets within a step); the command line asks the same groups in the same order.
Whether an answer is allowed is decided by the domain's ``parse_intake`` (see
``spinewise.intake_answers``), so every door accepts and rejects the same answers.
The worries step covers the topics of the STarT Back tool in spinewise's own words.

Pure data and small pure helpers: no web framework, no terminal, no IO.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["number", "scale", "choice", "check", "checks"]
Options = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Question:
    """One question on a step, bound to one intake field (a dotted path)."""

    path: str
    """The intake field it fills, as a dotted path (``pain.now``); never shown."""
    label: str
    """The question (or, for a tick, the statement) in plain words."""
    kind: Kind
    name: str = ""
    """Short name used in error messages and summaries (defaults to the label)."""
    hint: str = ""
    """Help text shown with the question."""
    options: Options = ()
    """The choices as (value stored, words shown)."""
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


EQUIPMENT: Final = {
    "bodyweight": "Just my body",
    "barbell": "Barbell",
    "trap_bar": "Trap (hex) bar",
    "dumbbells": "Dumbbells",
    "kettlebells": "Kettlebells",
    "cable": "Cable machine",
    "bands": "Resistance bands",
    "bench": "Bench",
    "pullup_bar": "Pull-up bar",
    "machines": "Weight machines",
    "lifting_blocks": "Lifting blocks",
    "slant_board": "Slant board",
    "neutral_grip_bar": "Neutral-grip bar",
    "landmine": "Landmine",
    "treadmill": "Treadmill",
    "bike": "Exercise bike",
    "foam_roller": "Foam roller",
    "belt": "Lifting belt",
}
"""The gear the intake asks about, in plain words (the pages use the same words)."""


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
                         ("recent_infection", "A recent infection (for example of the bladder or skin), "
                                              "or a recent operation or injection in your spine"),
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
                                 options=tuple(EQUIPMENT.items())),
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
"""The steps in the order both doors ask them."""


def all_questions() -> tuple[Question, ...]:
    """Every question, in the order asked."""
    return tuple(q for step in STEPS for q in step.questions)


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


