"""Bringing a Strong or Hevy history in from the browser, and taking the log out as a
Strong CSV.

Three steps: the upload form (``GET /history/import``); the preview (``POST
/history/import/preview``, a multipart upload): how many workouts and sets, each exercise
name with its library match and how sure it is, a choice per name (a library exercise or
"keep as my own"); and the confirmation (``POST /history/import``), which stores the file
in one transaction. The preview carries the file back to the confirmation compressed
(zlib, URL-safe base64) in a hidden field, so nothing is kept on the server between the
two steps, and the file is read and checked again when it is stored.

An upload is bounded by the app's body limit (``SPINEWISE_MAX_BODY_BYTES``, 1 MiB by
default); the page says so and points to ``spinewise import`` for bigger files.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise.domain.errors import InputError
from spinewise.domain.imported_history import (
    ImportedHistory,
    Source,
    parse_export,
)
from spinewise.exercise_matching import match_names
from spinewise.library import load_catalog
from spinewise.training.history_import import import_history, strong_csv
from spinewise.web.auth import check_csrf, page_caller, page_person, require_page_person
from spinewise.web.routes.forms import form_data
from spinewise.web.routes.pages import render
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.store.records import Person
    from spinewise.store.unit_of_work import Store

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_caller)])

SOURCES: dict[str, str] = {"strong": "Strong", "hevy": "Hevy"}
MAX_FILE_TEXT = 50 * 1024 * 1024
"""The most text a carried file may unpack to (a guard against a crafted hidden field)."""
OWN = "__own__"
"""The choice "keep it as my own exercise" in the preview's selects."""


def _no_person() -> RedirectResponse:
    return RedirectResponse("/intake", status_code=303)


def _limit_text(request: Request) -> str:
    limit: int = request.app.state.settings.max_body_bytes
    return f"{limit / (1024 * 1024):g} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


def _page(request: Request, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    base = {"nav": "history", "sources": SOURCES, "limit": _limit_text(request), "error": None,
            "source": "strong"}
    return render(request, "training/import.html", {**base, **context}, status)


def _pack(text: str) -> str:
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii").rstrip("=")


def _unpack(packed: str) -> str:
    try:
        raw = base64.b64decode(packed + "=" * (-len(packed) % 4), altchars=b"-_", validate=True)
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, MAX_FILE_TEXT)
        if inflater.unconsumed_tail:
            raise InputError("file", "is too big to import here; use `spinewise import` on the command line")
        if not inflater.eof:
            raise ValueError("cut short")
        return data.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        raise InputError("file", "the uploaded file was lost on the way; choose it again") from None


def _source(value: str) -> Source:
    if value == "strong":
        return "strong"
    if value == "hevy":
        return "hevy"
    raise InputError("source", f"must be strong or hevy, got {value[:40]!r}")


def _preview(request: Request, person: Person, source: Source, name: str, text: str,
             history: ImportedHistory, store: Store) -> HTMLResponse:
    catalog = load_catalog()
    matches = match_names(history.exercise_names, catalog)
    summary = import_history(store=store, person_id=person.id, history=history, dry_run=True, catalog=catalog)
    library = sorted(((e.name, e.id) for e in catalog), key=lambda pair: pair[0].lower())
    return _page(request, {"step": "preview", "source": source, "file_name": name, "packed": _pack(text),
                           "history": history, "summary": summary, "matches": list(matches.values()),
                           "library": library, "own": OWN, "exercise": catalog.get})


@router.get("/history/import", response_class=HTMLResponse)
def import_page(request: Request, person: Person | None = Depends(page_person)) -> Response:
    if person is None:
        return _no_person()
    return _page(request, {"step": "upload"})


@router.post("/history/import/preview", response_class=HTMLResponse)
async def import_preview(request: Request, store: Store = Depends(get_store),
                         person: Person = Depends(require_page_person)) -> Response:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "multipart/form-data":
        raise HTTPException(415, f"Content-Type: the file is sent as multipart/form-data, got {media_type[:80]!r}")
    async with request.form(max_files=1, max_fields=10) as form:
        token = form.get("csrf_token")
        check_csrf(request, {"csrf_token": [token if isinstance(token, str) else ""]})
        chosen = form.get("source")
        upload = form.get("file")
        raw = b"" if upload is None or isinstance(upload, str) else await upload.read()
        name = "" if upload is None or isinstance(upload, str) else (upload.filename or "")
    name = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:120] or "export.csv"
    try:
        source = _source(chosen if isinstance(chosen, str) else "")
        if not raw:
            raise InputError("file", "choose the CSV file your app exported")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("file", f"{name} is not UTF-8 text; is it the CSV the app exported?") from None
        history = parse_export(source, text, file=name)
    except InputError as exc:
        return _page(request, {"step": "upload", "error": str(exc),
                               "source": chosen if chosen in SOURCES else "strong"}, 422)
    return _preview(request, person, source, name, text, history, store)


@router.post("/history/import", response_class=HTMLResponse)
async def import_confirm(request: Request, store: Store = Depends(get_store),
                         person: Person = Depends(require_page_person)) -> Response:
    form = await form_data(request)

    def field(key: str) -> str:
        return (form.get(key) or [""])[-1]

    name = field("file_name")[:120] or "export.csv"
    try:
        source = _source(field("source"))
        text = _unpack(field("file"))
        history = parse_export(source, text, file=name)
    except InputError as exc:
        return _page(request, {"step": "upload", "error": str(exc)}, 422)
    mapping: dict[str, str | None] = {}
    for index, exercise_name in enumerate(history.exercise_names):
        chosen = field(f"map-{index}")
        if chosen:
            mapping[exercise_name] = None if chosen == OWN else chosen
    try:
        summary = import_history(store=store, person_id=person.id, history=history, mapping=mapping)
    except InputError as exc:
        return _page(request, {"step": "upload", "error": str(exc)}, 422)
    return _page(request, {"step": "done", "summary": summary, "file_name": name})


@router.get("/history/export.csv")
def export_strong_csv_page(store: Store = Depends(get_store),
                           person: Person = Depends(require_page_person)) -> Response:
    """The training log as a Strong CSV (the same file as ``spinewise export --format strong-csv``)."""
    return Response(strong_csv(store=store, person_id=person.id), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="spinewise-strong.csv"'})
