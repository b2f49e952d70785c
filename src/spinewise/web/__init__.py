"""The web app: server-rendered pages (Jinja2 + htmx) and the JSON API, over the services."""

from __future__ import annotations

from spinewise.web.app import create_app

__all__ = ["create_app"]
