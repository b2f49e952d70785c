"""Planning rules: substitutions, exclusions, phases, overload, belts and messages.

Each substitution names the lift a typical gym program would use, the back-friendlier
options in the order the planner tries them, and why (in plain words, with a source).
"""

from __future__ import annotations

from dataclasses import dataclass

from spinewise.domain.rules import Rule

ARTICLE = "Source article (Wulansari, 'Safe Weight Lifting With Back Pain That Actually Works')"
MCGILL = "McGill, Low Back Disorders 3rd ed. 2016"


@dataclass(frozen=True, slots=True)
class Substitution:
    """``original`` is replaced by the first allowed of ``replacements``."""

    rule: str
    original: str
    replacements: tuple[str, ...]
    reason: str


SUBSTITUTIONS: tuple[Substitution, ...] = (
    Substitution("PLAN-SUB-SQUAT", "barbell_back_squat",
                 ("goblet_squat", "slant_board_goblet_squat", "kettlebell_goblet_squat"),
                 "holding the weight in front keeps your trunk upright, so your lower back carries far less than with a bar across your shoulders"),
    Substitution("PLAN-SUB-DEADLIFT", "conventional_deadlift",
                 ("trap_bar_deadlift", "block_pull"),
                 "the load sits closer to your body (trap bar) or starts higher (block pull), which shortens the lever on your lower back"),
    Substitution("PLAN-SUB-SITUP", "sit_up",
                 ("mcgill_curl_up", "dead_bug"),
                 "sit-ups bend the spine forward over and over under load; the curl-up and dead bug train the same muscles with the spine kept still"),
    Substitution("PLAN-SUB-ROW", "bent_over_barbell_row",
                 ("chest_supported_dumbbell_row", "seated_cable_row", "inverted_row", "one_arm_dumbbell_row_bench_supported", "band_row"),
                 "supporting your chest (or sitting) removes the long bent-over lever that loads your lower back while you row"),
    Substitution("PLAN-SUB-OHP", "barbell_overhead_press",
                 ("half_kneeling_landmine_press", "neutral_grip_dumbbell_press_incline", "half_kneeling_dumbbell_press", "seated_dumbbell_shoulder_press"),
                 "standing presses overhead tend to arch the lower back; an angled or half-kneeling press keeps your ribs down over your pelvis"),
    Substitution("PLAN-SUB-BACK-EXTENSION", "back_extension",
                 ("bird_dog", "glute_bridge", "hip_thrust"),
                 "a full-range back extension loads the spine at the end of its range; the bird-dog and bridge train the back and hip extensors with the spine neutral"),
    Substitution("PLAN-SUB-TOE-TOUCH", "toe_touch_stretch",
                 ("hamstring_floss", "supine_hamstring_stretch_strap", "hip_hinge_dowel"),
                 "toe touches round the lower back; these stretch the hamstrings while the spine stays neutral"),
)

SUBSTITUTION_RULES = tuple(
    Rule(id=s.rule, area="plan", level="info", title=f"Substitute {s.original.replace('_', ' ')}",
         message=f"Replaces {s.original}: {s.reason}.",
         rationale="The article's back-friendly substitutions (goblet squats over barbell squats, trap-bar instead of conventional deadlifts) and McGill's neutral-spine principle; the alternatives lower the lumbar moment or remove loaded spinal flexion.",
         source=f"{ARTICLE}; {MCGILL}; docs/spine-ratings.md")
    for s in SUBSTITUTIONS
)


def _r(id: str, title: str, message: str, rationale: str, source: str, level: str = "info") -> Rule:
    return Rule(id=id, area="plan", level=level, title=title, message=message, rationale=rationale, source=source)


RULES: list[Rule] = [
    *SUBSTITUTION_RULES,
    _r("PLAN-EXCLUDE-EQUIPMENT", "Gear you have",
       "Left out because it needs gear you did not list.", "Plans only use what the person has.", "spinewise design"),
    _r("PLAN-EXCLUDE-FLEXION", "No loaded bending for a flexion-sensitive back",
       "Left out because it bends or loads your lower back forward, which your pattern does not tolerate yet.",
       "Flexion-intolerant backs should avoid loaded spinal flexion; spinewise excludes flexion demand 2 and 3 (the method's 'only with care' band is treated conservatively).",
       f"{MCGILL}; docs/spine-ratings.md"),
    _r("PLAN-EXCLUDE-EXTENSION", "No loaded arching for an extension-sensitive back",
       "Left out because it arches your lower back under load, which your pattern does not tolerate yet.",
       "Extension-intolerant backs should avoid loaded extension (extension demand 2 and 3).", f"{MCGILL}; docs/spine-ratings.md"),
    _r("PLAN-EXCLUDE-ROTATION", "No loaded twisting when twisting hurts",
       "Left out because it twists or side-loads your trunk, which makes your pain worse.",
       "Rotation-sensitive backs: exclude rotation demand 2 and 3.", f"{MCGILL}; docs/spine-ratings.md"),
    _r("PLAN-EXCLUDE-AXIAL", "Go easy on compression",
       "Left out because it puts high compression through your spine, which your back is not ready for.",
       "Compression-sensitive backs: exclude axial demand 3 (at or above the NIOSH action limit).", "Waters et al. 1993, Ergonomics 36:749; docs/spine-ratings.md"),
    _r("PLAN-EXCLUDE-ASYMMETRIC", "No off-centre loads yet",
       "Left out because the load sits on one side, which your back does not tolerate yet.",
       "The article warns about sharp pain especially in one-sided movements; nerve-related and twist-sensitive backs start with symmetric loads.", ARTICLE),
    _r("PLAN-EXCLUDE-IRRITABILITY", "Caps for an irritable back",
       "Left out for now because your back is irritable: the plan keeps compression and impact low until it settles.",
       "High irritability: low load, short bouts, comfortable positions (no axial demand 3, no loaded exercise with axial demand 2, no high impact); moderate: no loaded exercise with axial demand 3, no high impact.",
       "Maitland; Petersen et al. 2021 (SINSS), JOSPT 51(11)"),
    _r("PLAN-EXCLUDE-END-RANGE-FLEXION", "No end-range loaded flexion with back pain",
       "Left out because it bends your spine to its end range repeatedly or under load; with back pain there are better ways to train the same muscles.",
       "Repeated flexion under compression is the main disc-injury mechanism in McGill's lab work; sit-ups and crunches are avoided with back pain.",
       f"{MCGILL}; Axler & McGill 1997, Med Sci Sports Exerc 29:804"),
    _r("PLAN-EXCLUDE-ARTICLE", "The article's substitutions",
       "Left out because the plan uses a back-friendlier version of this lift (see its substitute).",
       "The article: goblet squats over barbell squats, trap-bar instead of conventional deadlifts.", ARTICLE),
    _r("PLAN-EXCLUDE-SKILL", "Skill before load",
       "Left out for now because it is a technical lift; the plan builds the pattern first.",
       "Form over ego: perfect form, light weight and controlled tempo first (article); technical lifts wait for experience.", ARTICLE),
    _r("PLAN-EXCLUDE-PHASE", "Later in the program",
       "Not yet: it belongs to a later phase of your program.",
       "Foundation first (mobility, core control), then movement patterning, then intensity.", ARTICLE),
    _r("PLAN-PHASE-FOUNDATION", "Foundation phase",
       "Foundation: mobility, core control and the basic patterns with little or no load.",
       "The article's 'foundation first'; Treatment-Based Classification's symptom-modulation stage.",
       f"{ARTICLE}; Alrwaily et al. 2016, Phys Ther 96:1057"),
    _r("PLAN-PHASE-PATTERNING", "Patterning phase",
       "Patterning: the main lifts with light load and strict tempo.",
       "The article's 'then structure (movement patterning)'; TBC movement-control stage.", f"{ARTICLE}; Alrwaily et al. 2016"),
    _r("PLAN-PHASE-STRENGTH", "Strength phase",
       "Strength: progressive overload, by tempo, pauses and volume first and load last.",
       "The article's 'then intensity'; TBC function-optimisation stage; low irritability allows heavier loading.", f"{ARTICLE}; Alrwaily et al. 2016"),
    _r("PLAN-OVERLOAD", "Overload without chasing numbers",
       "Each week makes one thing harder: a slower lowering, a pause at the bottom, one more set, or a tempo change. Load goes up last, and only when your back answered well.",
       "The article's four overload techniques before load; one variable at a time.", ARTICLE),
    _r("PLAN-DELOAD", "Deload week",
       "A lighter week: one set fewer and a lower effort cap, so your back and body absorb the work.",
       "Planned reductions in volume every few weeks manage fatigue; the article warns against grinding every session.", ARTICLE),
    _r("PLAN-BELT-NOT-YET", "No belt yet",
       "No lifting belt in this phase: build your own bracing first with planks, carries and hollow holds.",
       "Belts raise intra-abdominal pressure but do not prevent back pain; NICE advises against belts as treatment.",
       "Harman et al. 1989; van Duijvenbode et al. 2008, Cochrane CD001823; NICE NG59; source article"),
    _r("PLAN-BELT-OPTIONAL", "Belt as an option on heavy lifts",
       "A belt is an option on your heaviest sets of this lift only, once you hold a side plank for 60 s each side and a front plank for 90 s with good form. Brace first, then tighten the belt around that brace.",
       "Belts add intra-abdominal pressure on heavy lifts; they do not replace intrinsic core strength.",
       "Harman et al. 1989; Lander et al. 1992; McGill 1990; van Duijvenbode et al. 2008"),
    _r("PLAN-BREATHING", "Breathe and brace",
       "On every loaded rep: inhale and brace before you move, exhale with control as you finish.",
       "The article's breathwork cue; bracing stiffens the trunk (Grenier & McGill 2007).",
       f"{ARTICLE}; Grenier & McGill 2007, Arch Phys Med Rehabil 88:54"),
    _r("PLAN-WARMUP", "A real warm-up",
       "Warm-ups are dynamic mobility and activation for your hips, glutes and upper back, not just a walk.",
       "The article: 'a five-minute treadmill walk doesn't cut it'.", ARTICLE),
    _r("PLAN-UNILATERAL", "One side at a time",
       "Single-leg work (split squats, step-ups) builds balance between sides.",
       "The article's unilateral work for balance.", ARTICLE),
    _r("PLAN-PSY-EDUCATION", "Confidence before load",
       "Pain during exercise is not a sign of damage by itself. This plan exposes you gradually to the movements you worry about, and builds confidence before it adds load.",
       "Medium or high STarT Back risk: reassurance, graded exposure and psychologically informed care.",
       "Hill et al. 2011, Lancet 378:1560; NICE NG59; source article ('the mindset shift')"),
    _r("PLAN-PAIN-RULES", "How much pain is acceptable",
       "During exercise pain up to 5/10 is acceptable if it settles back to your usual level by the next morning; if not, the next session holds or goes back a step.",
       "The pain-monitoring model used as a conservative gate.", "Silbernagel et al. 2007, AJSM 35:897; Thomee 1997"),
    _r("PLAN-REDUCED-VOLUME", "Full-body day with reduced volume",
       "The full-body day uses one set fewer per lift.", "The article's weekly structure: full-body lift with reduced volume.", ARTICLE),
]
