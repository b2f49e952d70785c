"""Rules of the in-session monitor and the next-morning check-in (area ``monitor``).

Each rule's ``level`` is the action it leads to, from least to most serious:
``continue``, ``adjust``, ``skip_exercise``, ``end_session``, ``seek_care``.
"""

from __future__ import annotations

from spinewise.domain.rule import Rule

_PAIN_MODEL = "Thomee 1997, Phys Ther 77:1690; Silbernagel et al. 2007, AJSM 35:897"
_ARTICLE_RED_FLAGS = "Source article: Red flags to watch during workouts"
_CES = "GIRFT national cauda equina syndrome pathway (2023); NICE CKS: sciatica (lumbar radiculopathy)"


def _rule(id: str, level: str, title: str, message: str, rationale: str, source: str) -> Rule:
    return Rule(id=id, area="monitor", level=level, title=title, message=message,
                rationale=rationale, source=source)


RULES: list[Rule] = [
    # --- symptoms: whatever the pain score -----------------------------------------
    _rule("MON-EMERGENCY-SIGN", "seek_care", "Emergency: possible cauda equina",
          "Stop now and go to an emergency department, without waiting to see if it "
          "passes. Numbness around the saddle area or a change in bladder or bowel control "
          "is consistent with pressure on the nerves at the base of the spine (possible "
          "cauda equina syndrome), which needs urgent assessment.",
          "New saddle numbness, bladder or bowel change are the signs of possible cauda "
          "equina syndrome; outcomes depend on how fast it is assessed and treated.",
          _CES),
    _rule("MON-WEAKNESS-ONE-SIDE", "seek_care", "Sudden weakness on one side",
          "Stop training today. Sudden loss of strength on one side needs to be checked by "
          "a doctor or physiotherapist before you train again; if it is getting worse, or "
          "both legs are affected, go to an emergency department now.",
          "New or progressive weakness is a sign of nerve root compromise; progressive "
          "neurological deficit is never trained through.",
          _ARTICLE_RED_FLAGS + " (sudden loss of strength on one side); NICE NG59; " + _CES),
    _rule("MON-NEURO-SYMPTOM", "end_session", "Tingling, numbness or burning",
          "Stop the session here. Tingling, numbness or burning are consistent with an irritated nerve. "
          "Rest and move gently; if it has not settled by tomorrow, see a physiotherapist "
          "or doctor before you train again.",
          "New nerve symptoms stop the exercise whatever the pain score (the override of "
          "the pain-monitoring model); they may point to nerve irritation.",
          _ARTICLE_RED_FLAGS + "; " + _PAIN_MODEL + " (override)"),
    _rule("MON-LEG-SPREAD", "end_session", "Pain spreading down the leg",
          "Stop the session here: pain moving further down the leg is consistent with "
          "an irritated nerve, so leave the movement that brought it on. Walk gently; if "
          "it does not settle by tomorrow, see a physiotherapist or doctor before your "
          "next session.",
          "Peripheralisation (symptoms moving down the leg) is the signal to stop loading "
          "in that direction; centralisation is the good sign.",
          "May et al. 2018 (centralisation and directional preference); " + _PAIN_MODEL
          + " (override)"),
    _rule("MON-LOCKED-UP", "end_session", "Locked up",
          "Stop lifting for today. Feeling locked up is consistent with your back muscles guarding: walk "
          "gently, use heat if it helps, and log how it feels tomorrow morning.",
          "Protective muscle spasm reduces control of the spine; adding load on top of it "
          "invites a flare-up.",
          _ARTICLE_RED_FLAGS + " (feeling locked up or stiff)"),
    _rule("MON-SHARP-PAIN", "skip_exercise", "Sharp pain",
          "Sharp pain: stop this exercise and move on to the next one if it feels fine. "
          "Don't repeat the movement that brought it on today.",
          "Sharp (rather than dull, achy) pain is the article's first warning sign; the "
          "exercise that provoked it is dropped for the day.",
          _ARTICLE_RED_FLAGS + " (sharp pain)"),
    _rule("MON-SHARP-ONE-SIDED", "end_session", "Sharp pain in a one-sided movement",
          "Sharp pain in a one-sided movement (or on one side of your back): end the "
          "session for today and log how you feel tomorrow.",
          "The article singles out sharp pain in one-sided movements; uneven load twists "
          "and side-bends the spine, and one-sided sharp pain may point to a nerve root. "
          "spinewise ends the session rather than only the exercise.",
          _ARTICLE_RED_FLAGS + " (sharp pain, especially in one-sided movements)"),
    # --- the pain score ----------------------------------------------------------------
    _rule("MON-PAIN-SEVERE", "end_session", "Pain 7/10 or more (10 when your usual is above 5)",
          "That is too much pain to keep training: end the session, move gently and log "
          "how it feels tomorrow.",
          "Pain of 7/10 or more is in the high-risk zone and marks a highly irritable "
          "state; the rest of the session would only add to it. For someone whose usual "
          "pain is above 5 the line is read against their usual pain (MON-PAIN-USUAL): a "
          "rise beyond the allowance is red, and pain at the top of the scale ends it.",
          _PAIN_MODEL + "; Maitland irritability (pain >= 7/10 is high)"),
    _rule("MON-PAIN-RED-REPEAT", "end_session", "Pain in the red zone again",
          "This is the second time today pain went into the red zone (above 5/10, or more "
          "than 2 points above a usual pain that is above 5): end the session here.",
          "One red set stops the exercise; a second one says today's whole session is "
          "more than the back will tolerate.",
          _PAIN_MODEL),
    _rule("MON-PAIN-RED", "skip_exercise", "Pain in the red zone",
          "Pain in the red zone (above 5/10, or more than 2 points above a usual pain "
          "that is above 5): stop this exercise for today. Carry on with the rest only "
          "if they feel fine.",
          "In the pain-monitoring model pain up to 5/10 during exercise is acceptable and "
          "above 5 is high risk; for a usual pain above 5 the model is read relative to "
          "it (MON-PAIN-USUAL). The answer is to reduce the load.",
          _PAIN_MODEL),
    _rule("MON-PAIN-USUAL", "continue", "Pain read against your usual pain",
          "Your pain is above 5 but within 2 points of your usual pain: for you this is "
          "acceptable, carry on as planned.",
          "The pain-monitoring model is applied relative to the person's own baseline: "
          "what adjusts or stops a session is a rise of more than 2 points above the "
          "usual pain, or pain above 5/10 for someone whose usual pain is 5 or less. "
          "Someone whose usual pain is 6 can train at 6 (and at 7 or 8), finish the "
          "session and progress; 9 is red for them, 10 ends the session. Fixed "
          "thresholds alone would stop them before they start.",
          "Silbernagel et al. 2007, AJSM 35:897 (pain allowed to rise a set amount above "
          "the patient's own level, which must settle by the next morning); Thomee 1997, "
          "Phys Ther 77:1690; Smith et al. 2017, BJSM 51:1679 (exercising into some pain)"),
    _rule("MON-PAIN-AMBER", "adjust", "Pain rising",
          "Your pain has gone up more than 2 points over your usual: make the next set "
          "easier as suggested.",
          "Pain of 3-5/10 is acceptable, but a rise of more than 2 points above the "
          "person's usual pain says the dose is at its limit; easing it keeps training "
          "within the acceptable zone.",
          _PAIN_MODEL),
    _rule("MON-PAIN-CLIMBING", "adjust", "Pain climbing set to set",
          "Pain went up 2 or more points since the last set of this exercise: make the "
          "next set easier before it climbs further.",
          "A rise of 2 points between sets of one exercise is an early warning even inside "
          "the acceptable zone; spinewise eases off before the red zone.",
          _PAIN_MODEL + " (a conservative reading)"),
    _rule("MON-RPE-OVER-CAP", "adjust", "Effort above the cap",
          "That set was harder than planned: lighten the next one so you stay within your "
          "effort cap.",
          "Working close to failure costs control of the spine; the cap keeps reps in "
          "reserve.",
          "Zourdos et al. 2016, JSCR 30:267; Helms et al. 2016 (RPE from reps in reserve)"),
    _rule("MON-PAIN-GREEN", "continue", "Pain acceptable",
          "Pain is within the acceptable range: carry on as planned.",
          "Pain 0-2/10 is safe; up to 5/10 is acceptable as long as it is not more than 2 "
          "points above the person's usual pain.",
          _PAIN_MODEL),
    _rule("MON-PERSON-STOPPED", "end_session", "You chose to stop",
          "You chose to stop the session here: no more sets today. Move gently, log how "
          "your back feels tomorrow morning, and tell a clinician if it does not settle.",
          "Stopping is always the person's call: how the back feels is known best by the "
          "person in it, and a session the person has stopped is not resumed the same day.",
          _ARTICLE_RED_FLAGS + "; " + _PAIN_MODEL),
    _rule("MON-NOTHING-REPORTED", "continue", "No warning signs",
          "None of the warning signs: carry on, and report again if anything changes.",
          "The symptom check found nothing from the warning list.",
          _ARTICLE_RED_FLAGS),
    # --- the next-morning check-in ---------------------------------------------------------
    _rule("MON-NEURO-PERSISTING", "seek_care", "Nerve symptoms still there",
          "The tingling, numbness, burning or leg pain has not settled: see a "
          "physiotherapist or doctor before your next session. If it spreads, or any "
          "weakness or bladder, bowel or saddle change appears, go to an emergency "
          "department.",
          "Nerve symptoms that outlast the session are the article's 'signs you shouldn't "
          "be lifting (yet)': a clinician's assessment comes first.",
          "Source article: Signs you shouldn't be lifting (yet); NICE NG59"),
    _rule("MON-CHECKIN-RED", "adjust", "Pain not settled: reduce",
          "Your pain is 2 or more points above usual this morning: make the next session "
          "lighter (about a fifth off the loads) and swap the exercises that hurt for "
          "their easier versions.",
          "Pain must settle to the usual level by the next morning; when it does not, the "
          "model's answer is to reduce the load.",
          _PAIN_MODEL),
    _rule("MON-CHECKIN-AMBER", "adjust", "Pain not quite settled",
          "Your pain is a point above usual this morning: keep the next session a little "
          "lighter and don't progress anything.",
          "Pain that has not fully settled by the next morning breaks a rule of the "
          "pain-monitoring model, gently; a small reduction is enough.",
          _PAIN_MODEL),
    _rule("MON-CHECKIN-STIFF", "adjust", "Stiff or locked up for hours",
          "Stiff or locked up for hours after training: start the next session with extra "
          "mobility, keep the loads lighter and the volume lower.",
          "The article lists feeling locked up or stiff for hours after a workout as a sign "
          "to adjust; lasting stiffness says the last session was more than the back "
          "recovered from.",
          _ARTICLE_RED_FLAGS + " (locked up or stiff for hours post-workout)"),
    _rule("MON-CHECKIN-SETTLED", "continue", "Settled by the morning",
          "Back to your usual by this morning: your next session can go ahead as planned.",
          "Settling to the usual pain level by the next morning is the check that allows "
          "training to carry on and progress.",
          _PAIN_MODEL),
]
"""Every monitor rule, most serious first within each group."""
