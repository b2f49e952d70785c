"""The installable app: the web app manifest, the service worker and the offline page.

These three answers hold no personal data and need no log-in (a browser fetches the
manifest without cookies, and the worker script before any page asks for it); they still
pass the guard (Host check, security headers) like every request. What the worker keeps
on the phone, and when it forgets it, is in ``static/js/sw.js`` and docs/offline.md.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from spinewise.web.assets import STATIC_DIR, AssetUrls

router = APIRouter(include_in_schema=False)

APP_NAME = "spinewise"
THEME_COLOUR = "#0b5cad"
"""The header's blue (``meta name=theme-color`` in base.html)."""

SHELL_ASSETS = ("css/app.css", "vendor/htmx/htmx.min.js", "js/app.js", "js/pwa.js", "js/gym.js",
                "img/icon.svg", "img/icon-192.png", "img/icon-512.png")
"""The static files Today and gym mode need, kept by the worker when it is installed
(pages also tell it the files they use: see ``static/js/pwa.js``)."""

OFFLINE_PATH = "/offline"
WORKER_SOURCE = STATIC_DIR / "js" / "sw.js"
REVALIDATE_ALWAYS = "no-cache"
"""The worker script and the manifest are checked with the server on every use, so a new
version of the app reaches phones at the next visit with signal."""


def manifest() -> dict[str, Any]:
    """The web app manifest: what a phone needs to install spinewise on its home screen."""
    static = AssetUrls()
    return {
        "name": "spinewise: lift safely with back pain",
        "short_name": APP_NAME,
        "description": "A screening, a phased plan and pain-monitored training, set by set.",
        "id": "/today",
        "start_url": "/today",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }


@cache
def worker_script() -> bytes:
    """``static/js/sw.js`` with its version and the shell's URLs put before it. The
    version hashes the worker and every shell file: a changed file installs a new
    worker, which drops the old shell."""
    static = AssetUrls()
    shell = [static(path) for path in SHELL_ASSETS] + [OFFLINE_PATH]
    source = WORKER_SOURCE.read_bytes()
    version = hashlib.sha256(source + "\n".join(shell).encode()).hexdigest()[:12]
    head = f"var SPINEWISE_VERSION = {json.dumps(version)};\nvar SPINEWISE_SHELL = {json.dumps(shell)};\n"
    return head.encode() + source


@router.get("/manifest.webmanifest")
def web_app_manifest() -> Response:
    return Response(json.dumps(manifest(), indent=1), media_type="application/manifest+json",
                    headers={"cache-control": REVALIDATE_ALWAYS})


@router.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the root so its scope is the whole app."""
    return Response(worker_script(), media_type="text/javascript; charset=utf-8",
                    headers={"cache-control": REVALIDATE_ALWAYS, "service-worker-allowed": "/"})


@router.get(OFFLINE_PATH, response_class=HTMLResponse)
def offline_page(request: Request) -> HTMLResponse:
    """What the worker shows for a page it has not kept when there is no signal."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "offline.html", {}, headers={"cache-control": REVALIDATE_ALWAYS})
    return response
