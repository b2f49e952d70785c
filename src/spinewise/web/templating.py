"""The Jinja2 environment: templates, plain-words helpers and asset links."""

from __future__ import annotations

from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from spinewise.domain.planner import GUIDANCE_SECTIONS
from spinewise.intake_answers import EMERGENCY_NUMBERS
from spinewise.web import words
from spinewise.web.assets import TEMPLATE_DIR, AssetUrls


def dose(item: dict[str, Any]) -> str:
    """A stored plan item's dose in short words: ``3 × 8``, ``2 × 20 s each side``."""
    reps = item.get("reps")
    amount = f"{reps}" if reps is not None else duration(item.get("seconds") or 0)
    side = " each side" if item.get("per_side") else ""
    return f"{item['sets']} × {amount}{side}"


def duration(seconds: int) -> str:
    """``45 s``; whole minutes from two minutes up (``10 min``)."""
    if seconds >= 120 and seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def tempo_words(tempo: str | None) -> str:
    """``3-1-2`` as words: 3 s down, 1 s pause, 2 s up."""
    if not tempo:
        return ""
    parts = tempo.split("-")
    names = ("down", "pause", "up", "pause at the top")
    out = []
    for name, part in zip(names, parts, strict=False):
        if part == "X":
            out.append(f"{name} fast")
        elif part != "0":
            out.append(f"{part} s {name}")
    return ", ".join(out)


def short_day(iso_day: str) -> str:
    """``2026-03-02`` as ``Mon 2 Mar`` (gym mode's "last time")."""
    from datetime import date

    return date.fromisoformat(iso_day).strftime("%a %-d %b")


@pass_context
def csrf_value(context: Any) -> str:
    """This browser's CSRF token (``web.auth.csrf_token``)."""
    from spinewise.web.auth import csrf_token

    return csrf_token(context["request"])


@pass_context
def csrf_field(context: Any) -> Markup:
    """The hidden field every posted form carries."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(csrf_value(context)))


@pass_context
def signed_in(context: Any) -> Any:
    """The logged-in account of this page, or ``None``."""
    return getattr(getattr(context["request"].state, "caller", None), "account", None)


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = templates.env
    env.globals.update(static=AssetUrls(), words=words, say=words.say, emergency_numbers=EMERGENCY_NUMBERS,
                       guidance_sections=GUIDANCE_SECTIONS,
                       csrf_field=csrf_field, csrf_value=csrf_value, signed_in=signed_in)
    env.filters.update(dose=dose, tempo_words=tempo_words, short_day=short_day)
    env.trim_blocks = True
    env.lstrip_blocks = True
    return templates
