"""``/docs``: Swagger UI for the JSON API, served from the vendored copy (works offline)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    static = request.app.state.templates.env.globals["static"]
    return get_swagger_ui_html(openapi_url="/openapi.json", title="spinewise API",
                               swagger_js_url=static("vendor/swagger-ui/swagger-ui-bundle.js"),
                               swagger_css_url=static("vendor/swagger-ui/swagger-ui.css"),
                               swagger_favicon_url=static("img/icon.svg"))
