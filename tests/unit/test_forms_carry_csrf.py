"""Every form a page posts carries the session's CSRF token (the server refuses it
otherwise): a template with a posted form and no ``csrf_field()`` would be a form that
can never be sent."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "spinewise" / "web" / "templates"


def test_every_posted_form_in_the_templates_has_the_csrf_field() -> None:
    missing = []
    for template in TEMPLATES.rglob("*.html"):
        for found in re.finditer(r'<form[^>]*method="post"[^>]*>(.{0,40})', template.read_text(encoding="utf-8")):
            if "csrf_field()" not in found[1]:
                missing.append(f"{template.relative_to(TEMPLATES)}: {found[0][:60]}")
    assert not missing, "forms without {{ csrf_field() }}:\n" + "\n".join(missing)
    assert any(TEMPLATES.rglob("*.html"))
