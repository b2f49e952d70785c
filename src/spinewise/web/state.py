"""The stored side of the web app: the store, and who "I" am.

Who is asking, and so whose data a page or route is about, is decided in ``web.auth``.
The store is opened on first use (the schema is brought up to date then), not at import
and not when the app is built, so pages that need no database never wait for one.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING, Any

from fastapi import Request

from spinewise import training
from spinewise.domain.intake import Intake

if TYPE_CHECKING:
    from spinewise.coaching import DashboardCache
    from spinewise.store.records import Person
    from spinewise.store.unit_of_work import Store
    from spinewise.training.set_writer import SetWriter

DEFAULT_NAME = "Me"
"""The name given to the person the intake wizard creates (the account's own)."""

_open_lock = threading.Lock()


def get_store(request: Request) -> Store:
    """The app's store, opened once on first use."""
    return app_store(request.app)


def app_store(app: Any) -> Store:
    """The app's store, opened once on first use."""
    state = app.state
    store: Store | None = getattr(state, "store", None)
    if store is None:
        with _open_lock:
            store = getattr(state, "store", None)
            if store is None:
                store = training.open_store(state.settings)
                state.store = store
    return store


def get_dashboard_cache(request: Request) -> DashboardCache | None:
    """The app's kept coach dashboards (``coaching.DashboardCache``), made on first use;
    ``None`` when ``Settings.dashboard_cache`` is off."""
    from spinewise.coaching import DashboardCache

    state = request.app.state
    if not state.settings.dashboard_cache:
        return None
    cache: DashboardCache | None = getattr(state, "dashboard_cache", None)
    if cache is None:
        with _open_lock:
            cache = getattr(state, "dashboard_cache", None)
            if cache is None:
                cache = DashboardCache()
                state.dashboard_cache = cache
    return cache


def get_set_writer(app: Any) -> SetWriter:
    """The app's group-commit writer of logged sets, made on first use for the app's
    store and settings (the writers themselves are ``training.set_writer``; the app's
    lifespan closes it, see ``close_store``)."""
    writer: SetWriter | None = getattr(app.state, "set_writer", None)
    if writer is None:
        from spinewise.training.set_writer import make_set_writer

        with _open_lock:
            writer = getattr(app.state, "set_writer", None)
            if writer is None:
                writer = make_set_writer(lambda: app_store(app), app.state.settings)
                app.state.set_writer = writer
    return writer


def close_store(app: Any) -> None:
    """Close the app's set writer (storing what is queued first), then its store."""
    writer: SetWriter | None = getattr(app.state, "set_writer", None)
    if writer is not None:  # first write what is queued
        writer.close()
        app.state.set_writer = None
    store: Store | None = getattr(app.state, "store", None)
    if store is not None:
        store.close()
        app.state.store = None


def save_intake(store: Store, person: Person | None, intake: Intake, *, on: date, account_id: int) -> int:
    """Store a finished intake: a new person, or a re-screen when the answers changed.

    The plan starts today (not next Monday): someone finishing the questions in the
    browser wants to see their first session now.
    """
    document = intake.to_document()
    if person is None:
        return training.create_person(store=store, name=DEFAULT_NAME, intake=document, start=on, on=on,
                                      account_id=account_id).person.id
    if training.latest_intake(store=store, person_id=person.id) != document:
        training.rescreen(store=store, person_id=person.id, intake=document, start=on, on=on)
    return person.id
