"""Screening rules: red flags, the article's "not yet" signs, pattern, irritability and
psychosocial risk. Each rule's message is what the person reads; it never diagnoses.

Sources are listed in full in ``docs/rules.md`` (generated from this registry).
"""

from __future__ import annotations

from spinewise.domain.rule import Rule

CES = "GIRFT National Suspected Cauda Equina Syndrome pathway (2023); NICE CKS Sciatica: cauda equina red flags"
IFOMPT = "Finucane et al. 2020, IFOMPT international framework for red flags, JOSPT 50(7):350"
DOWNIE = "Downie et al. 2013, BMJ 347:f7095 (red flags for fracture and malignancy)"
NG59 = "NICE NG59 Low back pain and sciatica in over 16s (2016, updated 2020)"
ARTICLE = "Source article, 'Signs you shouldn't be lifting (yet)' (Wulansari, Healthusias)"
GO_NOW = "Go to an emergency department now (or call your local emergency number). Do not train."
SEE_DOCTOR = ("See a doctor before any training: only a doctor can arrange the tests this may need "
              "(such as blood tests or a scan). Take this summary with you.")
"""The urgent rules' closing: who, and why them. The timeframe is said once, in the
answer's ``next_step`` (today for a possible infection, else within a day or two)."""
SEE_CLINICIAN = "See a physiotherapist, doctor or sports chiropractor before you lift; spinewise can build a plan once they clear you."
CLEARED = "a clinician has assessed this and cleared you to exercise, so your plan works around it."
"""How a 'not yet' sign reads once a clinician has cleared the person (``CLEAR-CLINICIAN``):
the sign's title, then this; never 'see a clinician before you lift' next to 'you can train'."""
YUSUF = "Yusuf, Finucane & Selfe 2019, Eur Spine J 28:2326"
SAME_DAY: frozenset[str] = frozenset({"RF-INFECTION-SYSTEMIC", "RF-INFECTION-RISK-NEW-PAIN", "RF-INFECTION-RISK"})
"""Urgent rules whose doctor's visit is the same day: a possible spinal infection
(REFERENCE §1: infection -> urgent, same-day assessment; Yusuf 2019). Other urgent
rules ask for a doctor within a day or two."""


def _r(id: str, level: str, title: str, message: str, rationale: str, source: str) -> Rule:
    return Rule(id=id, area="screening", level=level, title=title, message=message,
                rationale=rationale, source=source)


RULES: list[Rule] = [
    # --- emergency: possible cauda equina, vascular, progressive neurological --------
    _r("RF-CES-SADDLE", "emergency", "Saddle numbness",
       f"Numbness around the groin, genitals or inner buttocks with back pain is consistent with possible cauda equina syndrome (pressure on the nerves at the base of the spine). {GO_NOW}",
       "Saddle anaesthesia is one of the core signs of cauda equina compression; outcomes depend on decompression within hours.", CES),
    _r("RF-CES-BLADDER", "emergency", "New bladder change",
       f"New trouble starting or feeling your urine flow, holding urine, or leaking, together with back pain, is consistent with possible cauda equina syndrome. {GO_NOW}",
       "Urinary retention or new incontinence is a cauda equina sign; retention marks a late, less recoverable stage.", CES),
    _r("RF-CES-BOWEL", "emergency", "Loss of bowel control",
       f"New loss of bowel control or of feeling in the back passage, with back pain, is consistent with possible cauda equina syndrome. {GO_NOW}",
       "Faecal incontinence or loss of anal sensation is a cauda equina sign.", CES),
    _r("RF-CES-SEXUAL", "emergency", "New sexual dysfunction",
       f"A new loss of genital feeling or sexual function, with back pain, is consistent with possible cauda equina syndrome. {GO_NOW}",
       "New sexual dysfunction belongs to the cauda equina warning signs in the national pathway.", CES),
    _r("RF-CES-BILATERAL", "emergency", "Symptoms in both legs",
       f"Pain, numbness or weakness in both legs at once is handled as possible cauda equina syndrome (several nerve roots under pressure) until a doctor has ruled it out. {GO_NOW}",
       "Bilateral sciatica or neurological symptoms in both legs are treated as possible cauda equina until proven otherwise.", CES),
    _r("RF-NEURO-PROGRESSIVE", "emergency", "Worsening leg weakness",
       f"Leg weakness that is getting worse, such as a foot that starts to drop or catch, is consistent with a nerve under increasing pressure. {GO_NOW}",
       "A progressive motor deficit needs same-day assessment; training must not continue.", f"{IFOMPT}; {NG59}"),
    _r("RF-VASCULAR-AAA", "emergency", "Pulsing in the abdomen",
       f"Back pain together with a pulsing feeling or lump in the belly is consistent with a possible problem of the main artery (an abdominal aortic aneurysm) rather than the spine. {GO_NOW}",
       "A symptomatic abdominal aortic aneurysm can present as back pain; risk is higher in men over 65, smokers and people with high blood pressure.", "NICE NG156 Abdominal aortic aneurysm (2020)"),
    _r("RF-FRACTURE-TRAUMA-NEURO", "emergency", "Major injury with nerve signs",
       f"A major injury (a fall from height, a car crash) followed by numbness, tingling or weakness needs an emergency scan to rule out a fracture. {GO_NOW}",
       "Major trauma with neurological signs raises the concern of an unstable fracture.", f"{DOWNIE}; {IFOMPT}"),
    # --- urgent: possible fracture, infection, malignancy ----------------------------
    _r("RF-FRACTURE-MAJOR-TRAUMA", "urgent", "Pain after a major injury",
       f"Back pain that started with a major injury (a fall from height, a road accident) should be checked by a doctor for a fracture. {SEE_DOCTOR}",
       "Severe trauma is the strongest single red flag for vertebral fracture.", DOWNIE),
    _r("RF-FRACTURE-MINOR-TRAUMA-RISK", "urgent", "Minor injury with fragile-bone risk",
       f"A small knock or fall can break a fragile vertebra when bones are thinner (osteoporosis, long-term steroid tablets, or age 70 and over). {SEE_DOCTOR}",
       "Minor trauma combined with osteoporosis, prolonged corticosteroids or older age raises fracture probability.", f"{DOWNIE}; Williams et al. 2013, Cochrane CD008643"),
    _r("RF-FRACTURE-RISK-COMBINED", "urgent", "Several fracture risk factors together",
       f"You have more than one thing that makes bones fragile (osteoporosis, long-term steroid tablets, age 70 and over). Before loading your spine, a doctor should rule out a fracture. {SEE_DOCTOR}",
       "Single flags shift probability little; several fracture risk factors together do.", DOWNIE),
    _r("RF-INFECTION-SYSTEMIC", "urgent", "Fever or feeling unwell",
       f"Back pain with fever, chills or feeling generally unwell needs a doctor's check for an infection. {SEE_DOCTOR}",
       "Systemic signs with back pain are the main clue to spinal infection; a possible infection is assessed the same day.", f"{YUSUF}; {NG59}"),
    _r("RF-INFECTION-RISK-NEW-PAIN", "urgent", "New pain with infection risk",
       f"New back pain when your immune system is weakened, after injecting drugs, or after a recent infection or spinal procedure needs a doctor's check for infection. {SEE_DOCTOR}",
       "Immunosuppression, IV drug use and recent bacterial infection or spinal procedures are the recognised risk factors for spinal infection; with back pain, any one of them is assessed the same day.", YUSUF),
    _r("RF-INFECTION-RISK", "urgent", "Long-standing pain with infection risk",
       f"You have a risk factor for spinal infection (weakened immunity, injecting drugs, or a recent infection or spinal procedure). Your pain is long-standing, but a doctor still needs to rule out an infection before you load your back. {SEE_DOCTOR}",
       "A spinal infection can grow slowly and without fever, so a risk factor together with back pain is urgent whatever the duration; two or more factors are never less than urgent. Conservative reading of the same-day infection row.", YUSUF),
    _r("RF-MALIGNANCY-HISTORY", "urgent", "Past cancer",
       f"Back pain in someone who has had cancer needs a doctor's opinion before training, even when it feels mechanical. {SEE_DOCTOR}",
       "A previous history of cancer is the strongest single red flag for spinal malignancy.", f"{DOWNIE}; {NG59}"),
    _r("RF-MALIGNANCY-WEIGHT-LOSS", "urgent", "Unexplained weight loss",
       f"Losing weight without trying, together with back pain, should be looked into by a doctor. {SEE_DOCTOR}",
       "Unexplained weight loss is a recognised malignancy flag, more useful in combination.", f"{IFOMPT}; {NG59}"),
    _r("RF-NONMECH-PROGRESSIVE", "urgent", "Constant, worsening pain",
       f"Pain that is there all the time and keeps getting worse whatever you do does not behave like a strained back. {SEE_DOCTOR}",
       "Constant progressive non-mechanical pain is a flag for serious pathology (tumour, infection).", f"{IFOMPT}; {NG59}"),
    _r("RF-NONMECH-NIGHT-RISK", "urgent", "Night pain with age or cancer risk",
       f"Night pain that no position eases, in someone over 50 or with a cancer history, should be checked by a doctor first. {SEE_DOCTOR}",
       "Unremitting night pain combined with age over 50 or cancer history raises the probability of serious pathology.", f"{DOWNIE}; {IFOMPT}"),
    # --- refer: the article's signs, and routine medical opinions --------------------
    _r("RF-NONMECH-NIGHT", "refer", "Night pain that nothing eases",
       f"Pain at night that no change of position or rest eases is worth a clinician's look before you load your back. {SEE_CLINICIAN}",
       "Non-mechanical night pain alone rarely means serious disease but calls for assessment rather than self-management.", f"{IFOMPT}; {NG59}"),
    _r("RF-INFLAMMATORY", "refer", "Inflammatory-type back pain",
       f"Long-lasting back pain that began before 45, with more than 30 minutes of morning stiffness that eases as you move, is consistent with an inflammatory back condition. Ask your doctor about a rheumatology referral; exercise usually continues once you are assessed. {SEE_CLINICIAN}",
       "Chronic back pain with onset before 45, prolonged morning stiffness and improvement with movement are criteria for suspecting axial spondyloarthritis.", "NICE NG65 Spondyloarthritis in over 16s (2017)"),
    _r("SIGN-SHOOTING-LEG-PAIN", "refer", "Sharp or shooting leg pain",
       f"Sharp or shooting pain down the leg is one of the signs not to lift yet: it is consistent with nerve-related pain, which needs a clinician's assessment first. {SEE_CLINICIAN}",
       "The source article lists sharp or shooting leg pain as a sign to pause lifting; radicular pain is managed non-surgically first but with clinical guidance.", f"{ARTICLE}; {NG59}"),
    _r("SIGN-UNEXPLAINED-NUMBNESS", "refer", "Unexplained numbness or tingling",
       f"Numbness or tingling that no clinician has explained yet is one of the signs not to lift yet. {SEE_CLINICIAN}",
       "New neurological symptoms need to be assessed before loading; the article lists unexplained numbness or tingling as a sign to pause.", f"{ARTICLE}; {NG59}"),
    _r("SIGN-WORSE-LIGHT-ACTIVITY", "refer", "Pain worse even with light activity",
       f"Pain that worsens even with light activity such as walking or chores is one of the signs not to lift yet: the back is too irritable to load. {SEE_CLINICIAN}",
       "The article lists pain that worsens with light activity as a sign to pause; highly irritable pain needs symptom modulation before loading (Treatment-Based Classification).", f"{ARTICLE}; Alrwaily et al. 2016, Phys Ther 96:1057"),
    _r("SIGN-ONE-SIDED-WEAKNESS", "refer", "Weakness on one side",
       f"Weakness in one leg is consistent with a nerve root problem; a clinician should test your strength and reflexes. {SEE_CLINICIAN}",
       "A motor deficit in a root pattern is a sign of radiculopathy that needs assessment.", f"{NG59}; {IFOMPT}"),
    _r("SIGN-SEVERE-PAIN", "refer", "Severe pain right now",
       f"Your pain is 8 or more out of 10 right now. At that level even light training can keep the back stirred up. {SEE_CLINICIAN}",
       "Severe current pain marks high severity; spinewise asks for a clinician's opinion before planning (a conservative choice).", "Maitland's severity-irritability-nature; Petersen et al. 2021 (SINSS), JOSPT 51(11)"),
    _r("CLEAR-CLINICIAN", "modify", "Cleared by a clinician",
       "A clinician has assessed you and cleared you to exercise, so spinewise plans modified training around what they checked. Keep to their advice where it differs from the plan; if a symptom changes, spreads or comes back worse, stop and go back to them.",
       "The article asks people with these signs to see a physiotherapist or sports chiropractor first; once cleared, they train with modifications. Clearance never lowers an emergency or urgent finding.", ARTICLE),
    # --- modify and clear: pattern, irritability, psychosocial risk ------------------
    _r("PATTERN-FLEX", "modify", "Flexion-sensitive pattern",
       "Sitting, bending forward or lifting make it worse: consistent with a flexion-sensitive (often disc-like) pattern. Your plan keeps your back neutral under load and avoids loaded bending.",
       "Flexion-intolerant backs are worse with sitting, bending, lifting from the floor, coughing and mornings, and eased by walking; they do better with neutral-spine hinging and the McGill Big 3.", "McGill, Low Back Disorders 3rd ed. 2016; Snook et al. 1998, Spine 23:2601"),
    _r("PATTERN-EXT", "modify", "Extension-sensitive pattern",
       "Standing long, arching or overhead work make it worse: consistent with an extension-sensitive (often facet-like) pattern. Your plan avoids arching under load and keeps your ribs down over your pelvis.",
       "Extension-intolerant backs are worse with prolonged standing, slow walking, overhead work and arching, and eased by sitting or bending.", "McGill, Low Back Disorders 3rd ed. 2016"),
    _r("PATTERN-NERVE", "modify", "Nerve-related pattern",
       "Leg pain below the knee, or tingling, numbness or weakness: consistent with a nerve-related (radicular) pattern. Your plan avoids positions that send pain further down the leg; stop any exercise that does.",
       "Radicular symptoms call for positions that centralise symptoms and avoidance of those that peripheralise them.", f"{NG59}; May et al. 2018, J Physiother 64:16"),
    _r("PATTERN-MUSC", "modify", "Muscular or non-specific pattern",
       "No clear direction makes it worse: consistent with non-specific or muscular back pain. Your plan builds load tolerance in every direction, gradually.",
       "Most back pain is non-specific; graded exercise fitted to the person is the first-line treatment.", f"{NG59}; Hayden et al. 2021, Cochrane CD009790"),
    _r("PATTERN-MIXED", "modify", "Mixed pattern",
       "Both bending and arching can make it worse: a mixed pattern. Your plan keeps your spine neutral and avoids loaded motion in either direction.",
       "When both directions provoke symptoms, neutral-spine training with bracing is the conservative default.", "McGill, Low Back Disorders 3rd ed. 2016"),
    _r("PATTERN-ROTATION", "modify", "Twisting makes it worse",
       "Twisting makes it worse: your plan trains the trunk to resist rotation (Pallof press) instead of twisting under load.",
       "Rotation-sensitive backs tolerate anti-rotation work better than loaded twisting.", "McGill, Low Back Disorders 3rd ed. 2016; McGill et al. 2009, JSCR 23:1148"),
    _r("IRRIT-HIGH", "modify", "High irritability",
       "Your back flares easily and takes hours to settle, or your pain is high: the plan starts very light, with short sets, comfortable positions and a longer foundation phase.",
       "High irritability calls for low load, short bouts and comfortable positions (symptom modulation).", "Maitland; Petersen et al. 2021 (SINSS), JOSPT 51(11); Alrwaily et al. 2016"),
    _r("IRRIT-MODERATE", "modify", "Moderate irritability",
       "Your back is moderately irritable: moderate loads are fine as long as any symptoms they bring settle within an hour or two.",
       "Moderate irritability tolerates moderate loads with mild symptoms that settle quickly (movement control).", "Maitland; Petersen et al. 2021 (SINSS), JOSPT 51(11)"),
    _r("IRRIT-LOW", "modify", "Low irritability",
       "Your back settles quickly: the plan can progress to heavier loading over the weeks.",
       "Low irritability allows progressive heavier loading (function optimisation).", "Maitland; Petersen et al. 2021 (SINSS), JOSPT 51(11)"),
    _r("PSY-HIGH", "modify", "High psychosocial risk",
       "Your answers show a lot of worry about your back and how much it affects you (high risk on the STarT Back scoring method). The plan builds confidence before load, with graded exposure and short education notes; consider a physiotherapist who works with pain beliefs.",
       "High-risk STarT Back patients do better with psychologically informed physiotherapy; graded exposure reduces fear-avoidance.", "Hill et al. 2008, Arthritis Rheum 59:632; Hill et al. 2011, Lancet 378:1560; NICE NG59"),
    _r("PSY-MEDIUM", "modify", "Medium psychosocial risk",
       "Your answers show your back is limiting your activity (medium risk on the STarT Back scoring method). The plan spends longer on foundations and keeps effort modest while confidence builds.",
       "Medium-risk STarT Back patients benefit from physiotherapy-led exercise with reassurance.", "Hill et al. 2008, Arthritis Rheum 59:632; NICE NG59"),
    _r("PSY-NOT-ASSESSED", "modify", "Psychosocial questions not answered yet",
       "The questions about how your back affects your daily life and mood were left unanswered, so spinewise reports this as not assessed rather than assume it is low. They come at your first check-in; until then your plan is paced as for a medium score, and your answers will set the pace from then on.",
       "An unanswered questionnaire is not a low score; NICE recommends stratifying risk at first contact, so the questions are asked at the earliest next contact (the first check-in).", "Hill et al. 2008, Arthritis Rheum 59:632; NICE NG59"),
    _r("CLEAR-NO-PAIN", "clear", "No current pain",
       "No current back pain or warning signs: spinewise builds a back-resilient general program.",
       "Without pain or limitation there is nothing to modify; the plan still follows the article's foundation-first structure.", "Source article; Hayden et al. 2021, Cochrane CD009790"),
]
