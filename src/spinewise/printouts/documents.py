"""The HTML of the client report and of the exercise handout (rendered to PDF by ``pdf``).

Both are self-contained documents: their stylesheet is read from ``templates/print.css``
into a ``<style>`` element and their charts are inline SVG, so WeasyPrint fetches nothing.
The words for codes (levels, phases, session focus) are the printouts' own short labels.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from spinewise.domain.catalog import Catalog
from spinewise.domain.odi import ODI_SECTIONS
from spinewise.library import load_catalog
from spinewise.printouts.charts import outcome_svg, pain_and_load_svg

if TYPE_CHECKING:
    from spinewise.training.client_summary import ClientSummary
    from spinewise.training.handout import Handout

LEVELS = {"emergency": "Emergency care advised", "urgent": "See a doctor before training",
          "refer": "Clinical check before lifting", "modify": "Train with modifications",
          "clear": "Train (no current limitation)"}
PHASES = {"foundation": "Foundation", "patterning": "Patterning", "strength": "Strength"}
FOCUS = {"lower": "Lower body", "upper": "Upper body", "full_body": "Full body",
         "mobility_core": "Mobility and core", "active_recovery": "Active recovery"}
BLOCKS = {"warmup": "Warm-up", "main": "Main", "core": "Core", "conditioning": "Conditioning",
          "cooldown": "Cool-down"}
PATTERNS = {"flexion_sensitive": "bending-sensitive", "extension_sensitive": "arching-sensitive",
            "nerve_related": "nerve-related", "muscular_nonspecific": "muscular, no clear direction",
            "mixed": "mixed", "none": "no clear pattern"}
ALERT_KINDS = {"seek_care": "Seek care", "session_stopped": "Session stopped", "flare_up": "Flare-up",
               "pain_rising": "Pain rising week to week", "missed_sessions": "Missed sessions",
               "checkin_missing": "Check-in not done"}
DISCLAIMER = ("spinewise does not diagnose. This report summarises what the client recorded and "
              "what spinewise's rules made of it; findings are described as consistent with a pattern, "
              "never as a cause. Clinical decisions rest with the treating clinician.")


def _say(table: dict[str, str], code: object) -> str:
    text = "" if code is None else str(code)
    return table.get(text, text.replace("_", " "))


def _dose(item: Any) -> str:
    amount = f"{item.reps} reps" if item.reps is not None else f"{item.seconds} s hold"
    return f"{item.sets} × {amount}"


def _tempo(tempo: str | None) -> str:
    """``3-1-2`` as words: 3 s down, 1 s pause, 2 s up."""
    if not tempo:
        return ""
    names = ("down", "pause", "up", "pause at the top")
    out = []
    for name, part in zip(names, tempo.split("-"), strict=False):
        if part == "X":
            out.append(f"{name} fast")
        elif part != "0":
            out.append(f"{part} s {name}")
    return f"{tempo} ({', '.join(out)})"


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("spinewise.printouts", "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(levels=LEVELS, phases=PHASES, focus=FOCUS, blocks=BLOCKS, patterns=PATTERNS,
                       alert_kinds=ALERT_KINDS, say=_say, disclaimer=DISCLAIMER)
    env.filters.update(dose=_dose, tempo=_tempo)
    return env


def _stylesheet() -> Markup:
    css = resources.files("spinewise.printouts").joinpath("templates/print.css").read_text(encoding="utf-8")
    return Markup(css)  # our own file, never user text


def client_report_html(summary: ClientSummary, *, generated: date, catalog: Catalog | None = None) -> str:
    """The client report: screening, plan, adherence, pain and load, check-ins and
    habits, outcome measures over time, and alerts with how they were handled."""
    catalog = catalog or load_catalog()
    doc = summary.to_json()

    def name(exercise_id: str) -> str:
        found = catalog.get(exercise_id)
        return found.name if found else exercise_id.replace("_", " ")

    # the charts' SVG is built from numbers and escaped text (``charts``): safe to insert as is
    charts = {"pain_load": Markup(pain_and_load_svg(doc["pain_and_load_by_week"])),
              "outcomes": {t["measure"]: Markup(outcome_svg(t)) for t in doc["outcomes"]}}
    return _environment().get_template("report.html").render(
        s=doc, generated=generated, css=_stylesheet(), charts=charts, exercise_name=name,
        odi_sections=ODI_SECTIONS)


def handout_html(handout: Handout) -> str:
    """The exercise handout: the sessions by week and day, then each exercise's cues."""
    weeks: dict[int, list[Any]] = {}
    for session in handout.sessions:
        weeks.setdefault(session.week, []).append(session)
    return _environment().get_template("handout.html").render(
        h=handout, weeks=weeks, css=_stylesheet())
