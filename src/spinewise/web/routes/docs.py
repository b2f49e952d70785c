"""``/docs``: Swagger UI for the JSON API, served from the vendored copy (works offline).

FastAPI's own page starts Swagger UI with an inline script, which the
Content-Security-Policy refuses; this page starts it from ``static/js/api-docs.js``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "api_docs.html", {"openapi_url": request.app.openapi_url})
    return response
