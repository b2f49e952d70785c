"""The yardstick for ``bench_setlog.py``: a bare Starlette app with one JSON endpoint.

``POST /echo`` reads the JSON body and answers it back inside a small object, with
Starlette's own ``JSONResponse``: no database, no validation, no middleware.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True, "echo": await request.json()}, status_code=201)


app = Starlette(routes=[Route("/echo", echo, methods=["POST"])])
