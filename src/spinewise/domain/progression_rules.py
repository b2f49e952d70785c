"""Rules of the pain-monitored overload ladder (area ``progression``).

Each rule's ``level`` is the change it leads to: one of the contract's ``change``
values (``tempo``, ``pause``, ``sets``, ``reps``, ``load``, ``hold``, ``regress``),
``advance``/``stay`` for phase decisions, or ``info`` for criteria and measures.
"""

from __future__ import annotations

from spinewise.domain.rule import Rule

_PAIN_MODEL = "Thomee 1997, Phys Ther 77:1690; Silbernagel et al. 2007, AJSM 35:897"
_ARTICLE_OVERLOAD = "Source article: Smart overload techniques for pain-free progress"


def _rule(id: str, level: str, title: str, message: str, rationale: str, source: str) -> Rule:
    return Rule(id=id, area="progression", level=level, title=title, message=message,
                rationale=rationale, source=source)


RULES: list[Rule] = [
    # --- the ladder: one variable at a time --------------------------------------
    _rule("PROG-LADDER-TEMPO", "tempo", "Slower lowering",
          "Your back handled the last session well: lower the weight one second slower "
          "this time, everything else the same.",
          "A slower eccentric adds time under tension and control without adding load to "
          "the spine. It is the first and gentlest rung of the ladder; one variable changes "
          "at a time so a bad response can be traced to it.",
          _ARTICLE_OVERLOAD + " (slowing down the eccentric); " + _PAIN_MODEL),
    _rule("PROG-LADDER-PAUSE", "pause", "Pause at the bottom",
          "Good response last time: add a one-second pause at the bottom of each rep "
          "(up to two seconds), keeping everything else the same.",
          "A bottom pause removes the bounce, so the muscles rather than momentum start "
          "the lift. It raises the challenge without adding weight.",
          _ARTICLE_OVERLOAD + " (adding a 2-second pause at the bottom)"),
    _rule("PROG-LADDER-SETS", "sets", "One more set",
          "Your back tolerated this well: add one set, with the same reps, weight and tempo.",
          "More sets with perfect execution raise the volume a little at a time, while the "
          "load on the spine in each set stays the same.",
          _ARTICLE_OVERLOAD + " (more sets with perfect execution)"),
    _rule("PROG-LADDER-REPS", "reps", "More reps",
          "Good response: add two reps to each set (up to 12), same weight and tempo.",
          "Adding reps before weight builds endurance and confidence in the movement; "
          "the cap keeps sets short enough to hold good form.",
          _ARTICLE_OVERLOAD + "; " + _PAIN_MODEL),
    _rule("PROG-LADDER-HOLD-TIME", "reps", "Longer holds",
          "Good response: hold each set five seconds longer (up to 60 seconds).",
          "For holds the work per set is time, so time rises in small steps; the contract's "
          "change value 'reps' stands for the work done in each set.",
          "McGill, Low Back Disorders 3rd ed. 2016 (endurance before strength); "
          + _ARTICLE_OVERLOAD),
    _rule("PROG-LADDER-LOAD", "load", "A little more weight",
          "Every easier step is done and your back is fine with it: go up by the smallest "
          "step your equipment allows, and go back to the starting tempo, sets and reps.",
          "Load is the last rung, taken in the smallest step the equipment offers. Going "
          "back to the base tempo, sets and reps at the new weight keeps the total demand "
          "from jumping, and the ladder is climbed again from there.",
          _ARTICLE_OVERLOAD + " (you don't always need heavier weights); " + _PAIN_MODEL),
    _rule("PROG-LADDER-TOP", "hold", "Ladder complete",
          "You have climbed every step this exercise offers with your equipment: keep it "
          "as it is and ask about moving on to the harder version.",
          "Once tempo, pause, sets, reps and load are all at their caps, progress comes from "
          "a harder exercise, which is a planning decision, not an automatic one.",
          _ARTICLE_OVERLOAD),
    # --- holds --------------------------------------------------------------------
    _rule("PROG-HOLD-NEW", "hold", "New prescription",
          "This is new: do it as written and log your pain during, after and the next "
          "morning before anything changes.",
          "Progression is earned by a logged, tolerated response; with no session at this "
          "prescription yet there is nothing to judge.",
          _PAIN_MODEL),
    _rule("PROG-HOLD-AMBER", "hold", "Hold: pain in the amber zone",
          "Your pain rose more than usual (or had not quite settled by the next morning): "
          "repeat the same prescription until it settles.",
          "In the pain-monitoring model pain up to 5/10 is acceptable, but a rise of more "
          "than 2 points over your usual level, or pain one point above usual the next "
          "morning, says the current dose is enough for now.",
          _PAIN_MODEL),
    _rule("PROG-HOLD-INCOMPLETE", "hold", "Hold: not enough to go on",
          "Keep the same prescription: either not every rep was done at the planned weight, "
          "or we don't yet know how your back felt the next morning.",
          "The next-morning response is the key safety check of the pain-monitoring model, "
          "and progressing before the current dose is fully done stacks two demands.",
          _PAIN_MODEL),
    _rule("PROG-HOLD-EFFORT", "hold", "Hold: effort above the cap",
          "That felt harder than planned (effort above your cap): repeat it until it feels "
          "within the cap.",
          "Effort near failure degrades control of the spine; the cap keeps reps in reserve.",
          "Zourdos et al. 2016, JSCR 30:267; Helms et al. 2016 (RPE from reps in reserve)"),
    _rule("PROG-TREND-RISING", "hold", "Hold: pain rising week to week",
          "Your pain has crept up over the last weeks: hold everything where it is until "
          "the trend settles.",
          "The pain-monitoring model allows pain during and after training but not pain "
          "that rises from week to week; a rise of 1 point or more in the weekly average "
          "is treated as a broken rule.",
          _PAIN_MODEL),
    _rule("PROG-TREND-STABLE", "info", "Pain stable week to week",
          "Your pain has been steady from week to week.",
          "Weekly averages within 1 point of the previous weeks: no trend either way.",
          _PAIN_MODEL),
    _rule("PROG-TREND-FALLING", "info", "Pain easing week to week",
          "Your pain has been easing from week to week.",
          "The weekly average fell by 1 point or more.",
          _PAIN_MODEL),
    # --- regress ------------------------------------------------------------------
    _rule("PROG-REGRESS-RED", "regress", "Step back: pain in the red zone",
          "Your back did not like the last session: go one step lighter (or one step back "
          "on the ladder) and build up again from there.",
          "Pain above 5/10 during or after (for a usual pain above 5: more than 2 points "
          "above it, MON-PAIN-USUAL), or pain 2 or more points above usual the next "
          "morning, breaks the pain-monitoring rules; the model's answer is to reduce the "
          "load, which did as well as rest in the trial.",
          _PAIN_MODEL),
    _rule("PROG-FLARE-UP", "regress", "Flare-up: deload",
          "This looks like a flare-up: halve your sets, take about a fifth off the weight, "
          "swap to the easier version where there is one, and keep moving gently.",
          "A flare-up here means pain 2 or more points above usual for 48 hours or more, a "
          "red next-morning response twice in a row, or new nerve symptoms. Gentle activity "
          "beats bed rest; a deload keeps the habit while the tissues settle.",
          "NICE NG59 (2016, updated 2020): stay active; " + _PAIN_MODEL),
    _rule("PROG-FLARE-UP-RETURN", "info", "Way back from a flare-up",
          "Over the next one to two weeks, climb back one step per session that goes well, "
          "until you are back where you were before the flare-up.",
          "Returning by the same one-variable ladder lets each step be checked against the "
          "next-morning response.",
          _PAIN_MODEL),
    # --- phases -------------------------------------------------------------------
    _rule("PROG-PHASE-ADVANCE", "advance", "Ready for the next phase",
          "Every check for the next phase is met: you can move on.",
          "Foundation, then patterning, then strength: each phase is entered only when the "
          "person's response to the last one is stable.",
          "Source article: build a strong foundation first; Alrwaily et al. 2016, Phys Ther "
          "96:1057 (Treatment-Based Classification)"),
    _rule("PROG-PHASE-STAY", "stay", "Stay in this phase",
          "Not yet: stay in this phase until the checks below are met.",
          "Moving on early stacks a new demand on a back that has not yet shown it is ready.",
          "Alrwaily et al. 2016, Phys Ther 96:1057"),
    _rule("PROG-PHASE-TOP", "stay", "Final phase",
          "You are in the strength phase, the last one: keep progressing within it.",
          "There is no phase after strength; progress continues through the ladder.",
          "Source article: foundation, structure, then intensity"),
    _rule("PROG-PHASE-MIN-WEEKS", "info", "Enough weeks in the phase",
          "At least 3 weeks in a phase before moving on.",
          "Tissue and motor-control adaptations take weeks; 3 weeks is the minimum we allow.",
          "Alrwaily et al. 2016, Phys Ther 96:1057"),
    _rule("PROG-PHASE-NO-FLARE-UP", "info", "No recent flare-up",
          "No flare-up in the last 2 weeks.",
          "A recent flare-up means the current dose is at the edge of what is tolerated.",
          _PAIN_MODEL),
    _rule("PROG-PHASE-ADHERENCE", "info", "Sessions done",
          "At least three quarters of the planned sessions done.",
          "A phase is only judged on the work that was actually done.",
          "Hayden et al. 2021 Cochrane review (exercise for chronic low back pain)"),
    _rule("PROG-PHASE-PAIN-TREND", "info", "Pain not rising",
          "Pain not rising from week to week.",
          "The pain-monitoring model forbids pain that rises from week to week.",
          _PAIN_MODEL),
    _rule("PROG-PHASE-IRRITABILITY", "info", "Irritability low enough",
          "Irritability low enough for the next phase (patterning: not high; strength: low).",
          "High irritability calls for low loads; progressive heavier loading suits low "
          "irritability.",
          "Maitland; Petersen et al. 2021 (SINSS)"),
    _rule("PROG-PHASE-ENDURANCE", "info", "Trunk endurance balanced",
          "McGill endurance tests done with the ratios in range before the strength phase.",
          "Imbalanced trunk endurance has been linked to back trouble; it is worked on before "
          "heavier loading.",
          "McGill, Childs & Liebenson 1999, Arch Phys Med Rehabil 80:941"),
    # --- McGill endurance ratios --------------------------------------------------
    _rule("PROG-ENDURANCE-RATIOS", "info", "Endurance ratios in range",
          "Your trunk endurance times are well balanced front to back and side to side.",
          "Flexion:extension at most 1.0, right:left side bridge 0.95-1.05 and side "
          "bridge:extension at most 0.75.",
          "McGill, Childs & Liebenson 1999, Arch Phys Med Rehabil 80:941"),
    _rule("PROG-ENDURANCE-FLEX-EXT", "info", "Front stronger than back",
          "You held the front (flexor) test longer than the back extensor test: give the "
          "back extensors extra endurance work (bird-dogs, bridges).",
          "A flexion:extension ratio above 1.0 is one of McGill's flags for imbalance.",
          "McGill, Childs & Liebenson 1999, Arch Phys Med Rehabil 80:941"),
    _rule("PROG-ENDURANCE-SIDE-BALANCE", "info", "Sides uneven",
          "Your side bridge times differ between sides by more than 5%: add a set for the "
          "weaker side.",
          "A right:left side bridge ratio outside 0.95-1.05 flags a side-to-side imbalance.",
          "McGill, Childs & Liebenson 1999, Arch Phys Med Rehabil 80:941"),
    _rule("PROG-ENDURANCE-SIDE-EXT", "info", "Sides strong relative to back",
          "Your side bridge holds are long compared with your back extensor hold: build "
          "back extensor endurance.",
          "A side bridge:extension ratio above 0.75 flags weak extensors relative to the "
          "lateral trunk.",
          "McGill, Childs & Liebenson 1999, Arch Phys Med Rehabil 80:941"),
    _rule("PROG-ENDURANCE-NOT-NOW", "info", "Endurance tests not yet",
          "Skip the endurance tests for now: they are for when your back is calm.",
          "Maximal holds are provocative; the tests are used only when irritability is low.",
          "McGill, Low Back Disorders 3rd ed. 2016"),
    # --- outcomes -----------------------------------------------------------------
    _rule("PROG-OUTCOME-NPRS", "info", "Pain score change",
          "A change in your pain score of 2 points or 30% is a real change, not noise.",
          "The minimal clinically important difference of the 0-10 numeric pain rating scale.",
          "Childs et al. 2005, Spine 30:1331; Farrar et al. 2001, Pain 94:149"),
    _rule("PROG-OUTCOME-PSFS", "info", "Function score change",
          "A change of 2 points in the average of your chosen activities is a real change.",
          "The Patient-Specific Functional Scale: 3-5 activities the person names, each 0-10.",
          "Stratford et al. 1995, Physiother Can 47:258"),
    _rule("PROG-OUTCOME-ODI", "info", "Disability index",
          "The disability index is the ten section scores (0-5 each) added up, as a share of the "
          "most they could reach over the sections answered, and read against the published bands.",
          "Oswestry Disability Index, entered as section scores only (its wording is licensed and "
          "never shown): total / (5 x answered sections) x 100, at least 8 of 10 sections answered. "
          "Bands: 0-20 minimal, 21-40 moderate, 41-60 severe, 61-80 very severe, 81-100 the highest "
          "band (largely confined to bed, or answers that overstate the effect: talk it through).",
          "Fairbank & Pynsent 2000, Spine 25:2940"),
    _rule("PROG-OUTCOME-ODI-CHANGE", "info", "Disability index change",
          "A change of 10 points or more in the disability index is a real change, not noise.",
          "The minimal important change of the Oswestry Disability Index agreed by an international "
          "consensus for low back pain: about 10 points on the 0-100 scale.",
          "Ostelo et al. 2008, Spine 33:90"),
]
"""Every progression rule, in the order they are documented."""

_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def explain(rule_id: str, detail: str) -> str:
    """The rule's message with this person's facts (``detail``) in brackets before
    its full stop; the message alone when there are none."""
    message = _BY_ID[rule_id].message
    return f"{message.rstrip('.')} ({detail})." if detail else message
