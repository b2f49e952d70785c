"""Static files: served with cache headers, linked with a content hash so they can be cached for good."""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATE_DIR = Path(__file__).parent / "templates"

IMMUTABLE = "public, max-age=31536000, immutable"
"""For links carrying the file's hash (``?v=``): a changed file gets a new link."""
REVALIDATE = "public, max-age=3600, must-revalidate"
"""For links without a hash: keep an hour, then check the ETag."""


class CachedStaticFiles(StaticFiles):
    """``StaticFiles`` that says how long a browser may keep each file."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            versioned = b"v=" in scope.get("query_string", b"")
            response.headers["Cache-Control"] = IMMUTABLE if versioned else REVALIDATE
        return response


class AssetUrls:
    """``/static/css/app.css?v=1a2b3c4d``: each file's link carries a hash of its content."""

    def __init__(self, root: Path = STATIC_DIR, prefix: str = "/static") -> None:
        self.root = root
        self.prefix = prefix
        self._hashes: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        digest = self._hashes.get(path)
        if digest is None:
            data = (self.root / path).read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            self._hashes[path] = digest
        return f"{self.prefix}/{path}?v={digest}"
