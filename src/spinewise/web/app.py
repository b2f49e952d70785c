"""``create_app(settings)``: the FastAPI app, built on demand (nothing happens at import)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import Receive, Scope, Send

from spinewise.config import Settings, load_settings
from spinewise.web.assets import STATIC_DIR, CachedStaticFiles
from spinewise.web.errors import install_error_handlers
from spinewise.web.guard import RequestGuard
from spinewise.web.routes.training_api import SET_PATH, log_set_fast
from spinewise.web.runtime import settle_garbage_collector
from spinewise.web.state import close_store
from spinewise.web.templating import make_templates

NO_TELEMETRY: Any = {"tracing": False, "metrics": False, "logs": False}
"""spinewise sets up no OpenTelemetry; with FastAPI's native hooks on, every request
looked up the global providers (reading the environment) for nothing."""

GZIP_MIN_BYTES = 500
"""Smaller responses (a logged set's answer) are not worth compressing."""

GZIP_LEVEL = 6
"""zlib's default: on the progress page (70 KB of HTML) it takes 0.6 ms where level 9
(Starlette's default) takes 2 ms, for 4% more bytes."""

API_DESCRIPTION = (
    "The same screening, planning and training rules as the command line, as JSON. "
    "Every error has one shape: `{\"error\": {\"code\", \"message\", \"field\"}}` with a 4xx status. "
    "Routes that read or write stored data need `Authorization: Bearer TOKEN` (get one with "
    "`POST /api/v1/tokens`); without it they answer 401. Another account's data is answered 404, "
    "exactly like an id that does not exist."
)


class SpinewiseApp(FastAPI):
    """FastAPI with one fast lane, taken before any middleware or routing: logging a
    set (``training_api.log_set_fast``), the request a lifter makes after every set
    and the one that must answer at once. Everything else goes the usual way.

    Every HTTP request, on the fast lane or not, first passes the ``guard`` (Host,
    cross-site writes, JSON only on the API, body size; the security headers on every
    answer): no path, however fast, goes around those checks."""

    guard: RequestGuard
    fast_lane: bool = True
    """``Settings.fast_lane``: off, a set goes through the declared route instead."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.guard(scope, receive, send, self._dispatch)
            return
        await super().__call__(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "POST" and self.fast_lane:
            found = SET_PATH.fullmatch(scope["path"])
            if found is not None:
                await log_set_fast(self, scope, receive, send, found[1])
                return
        await super().__call__(scope, receive, send)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.settings.settle_gc:
        settle_garbage_collector()
    yield
    close_store(app)


SERVED_APP = "spinewise.web.app:served_app"
"""What each worker process of ``spinewise serve --workers N`` builds (a factory)."""


def served_app() -> FastAPI:
    """The app as ``spinewise serve`` runs it, from the environment's settings."""
    import dataclasses

    return create_app(dataclasses.replace(load_settings(), settle_gc=True))


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web app for these settings (default: ``load_settings()``)."""
    from spinewise import __version__
    from spinewise.web.routes import (
        account_api,
        account_pages,
        api,
        calendar,
        clinic_api,
        clinic_pages,
        coaching_api,
        coaching_pages,
        docs,
        gym_api,
        gym_pages,
        import_pages,
        intake,
        offline,
        pages,
        training_api,
        training_pages,
    )

    settings = settings or load_settings()
    app = SpinewiseApp(title="spinewise", version=__version__, description=API_DESCRIPTION,
                       docs_url=None, redoc_url=None, openapi_url="/openapi.json", lifespan=_lifespan,
                       telemetry=NO_TELEMETRY)
    app.state.settings = settings
    app.guard = RequestGuard(settings)
    app.fast_lane = settings.fast_lane
    app.state.templates = make_templates()
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    app.include_router(account_pages.router)
    app.include_router(offline.router)
    app.include_router(calendar.router)
    app.include_router(pages.router)
    app.include_router(intake.router)
    app.include_router(training_pages.router)
    app.include_router(clinic_pages.router)
    app.include_router(gym_pages.router)
    app.include_router(coaching_pages.router)
    app.include_router(import_pages.router)
    app.include_router(api.router)
    app.include_router(account_api.router)
    app.include_router(training_api.router)
    app.include_router(clinic_api.router)
    app.include_router(gym_api.router)
    app.include_router(coaching_api.router)
    app.include_router(docs.router)
    _complete_openapi(app)
    return app


def _complete_openapi(app: FastAPI) -> None:
    """Serve FastAPI's document with the API's error statuses and links added
    (``web.openapi_doc``); built once, on first request, like FastAPI's own."""
    from spinewise.web.openapi_doc import complete_api_document

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_api_document(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
