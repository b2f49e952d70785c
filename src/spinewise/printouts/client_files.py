"""The two printouts as PDF bytes, for the web and the command line alike."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from spinewise.printouts.documents import client_report_html, handout_html
from spinewise.printouts.pdf import html_to_pdf

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store


def client_report_pdf(*, store: Store, person_id: int, on: date) -> bytes:
    """The client report as of ``on`` (``training.client_summary``), printed on ``on``."""
    from spinewise.training.client_summary import client_summary

    summary = client_summary(store=store, person_id=person_id, on=on)
    return html_to_pdf(client_report_html(summary, generated=on))


def handout_pdf(*, store: Store, person_id: int, on: date, weeks: int) -> bytes:
    """The exercise handout of the current plan from the week of ``on``, ``weeks`` long."""
    from spinewise.training.handout import exercise_handout

    return html_to_pdf(handout_html(exercise_handout(store=store, person_id=person_id, on=on, weeks=weeks)))


def pdf_file_name(kind: str, person_id: int, on: date) -> str:
    """A download's file name: the kind, the person's id (never their name) and the day."""
    return f"spinewise-{kind}-{person_id}-{on.isoformat()}.pdf"
