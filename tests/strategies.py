"""Hypothesis strategies shared by the test layers."""

from __future__ import annotations

from hypothesis import strategies as st

from spinewise.domain.intake import Aggravating, Easing, RedFlags, Symptoms

EQUIPMENT = ["bodyweight", "barbell", "trap_bar", "dumbbells", "kettlebells", "cable", "bands", "bench",
             "pullup_bar", "machines", "lifting_blocks", "slant_board", "neutral_grip_bar", "landmine",
             "treadmill", "bike", "foam_roller", "belt"]
BOOL_SECTIONS = {
    "red_flags": list(RedFlags.model_fields),
    "symptoms": list(Symptoms.model_fields),
    "aggravating": list(Aggravating.model_fields),
    "easing": list(Easing.model_fields),
}


@st.composite
def valid_intakes(draw: st.DrawFn, *, red_flags: bool = True) -> dict:
    """Random intakes valid under the contract's schema."""
    doc: dict = {"age": draw(st.integers(16, 100)),
                 "pain": {"now": draw(st.integers(0, 10))},
                 "onset": draw(st.sampled_from(["gradual", "lifting_or_strain", "minor_trauma", "major_trauma", "unknown"])),
                 "clinician_cleared": draw(st.booleans()),
                 "units": draw(st.sampled_from(["kg", "lb"]))}
    if draw(st.booleans()):
        doc["pain"]["average_week"] = draw(st.integers(0, 10))
    if draw(st.booleans()):
        doc["pain"]["worst_week"] = draw(st.integers(0, 10))
    if draw(st.booleans()):
        doc["pain"]["duration_weeks"] = draw(st.floats(0, 5200))
    if draw(st.booleans()):
        doc["pain"]["settles_within_hours"] = draw(st.floats(0, 168))
    for section, names in BOOL_SECTIONS.items():
        if section == "red_flags" and not red_flags:
            continue
        chosen = draw(st.sets(st.sampled_from(names), max_size=2 if section == "red_flags" else 5))
        if chosen:
            doc[section] = dict.fromkeys(chosen, True)
    psych = draw(st.sets(st.sampled_from(["walked_only_short_distances", "dressed_more_slowly", "unsafe_to_be_active",
                                          "worrying_thoughts", "never_get_better", "lost_enjoyment"])))
    doc["psychosocial"] = dict.fromkeys(psych, True)
    if draw(st.booleans()):
        doc["psychosocial"]["bothersomeness"] = draw(st.sampled_from(
            ["not_at_all", "slightly", "moderately", "very_much", "extremely"]))
    doc["training"] = {
        "experience": draw(st.sampled_from(["none", "beginner", "intermediate", "advanced"])),
        "days_per_week": draw(st.integers(2, 6)),
        "session_minutes": draw(st.integers(20, 150)),
        "equipment": sorted(draw(st.sets(st.sampled_from(EQUIPMENT), min_size=1))),
    }
    return doc
