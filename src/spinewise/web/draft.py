"""The intake draft kept between wizard steps, in a signed cookie.

The draft holds only the answers given (false and empty answers are left out), so it
stays well under a cookie's 4 KB. It is signed so a changed cookie is dropped rather
than trusted; the answers in it are validated by the domain whenever they are used.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

COOKIE = "spinewise_intake"
MAX_AGE_SECONDS = 60 * 60 * 24 * 180
"""Keep answers for half a year, so a returning person still finds their plan."""


@dataclass(slots=True)
class Draft:
    """The answers so far and the furthest step reached (0-based)."""

    doc: dict[str, Any] = field(default_factory=dict)
    reached: int = 0
    started_over: bool = False
    """Set by "Clear all my answers": the wizard then starts empty instead of showing
    the answers stored with the person."""

    @property
    def is_empty(self) -> bool:
        return not self.doc


def _sign(secret: bytes, payload: bytes) -> str:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()[:32]


def encode(draft: Draft, secret: bytes) -> str:
    payload = json.dumps({"doc": draft.doc, "reached": draft.reached,
                          **({"started_over": True} if draft.started_over else {})},
                         separators=(",", ":"), ensure_ascii=True).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_sign(secret, body.encode())}"


def decode(value: str | None, secret: bytes) -> Draft:
    """The draft in a cookie value; an empty draft when missing, changed or broken."""
    if not value or "." not in value:
        return Draft()
    body, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(secret, body.encode())):
        return Draft()
    try:
        raw = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, binascii.Error):
        return Draft()
    if not isinstance(raw, dict) or not isinstance(raw.get("doc"), dict):
        return Draft()
    reached = raw.get("reached")
    return Draft(doc=raw["doc"], reached=reached if isinstance(reached, int) and reached >= 0 else 0,
                 started_over=raw.get("started_over") is True)
