"""The calendar subscription: ``/calendar/{secret}.ics``, the planned sessions of the
account whose link this is, for a phone's calendar to fetch on its own.

Public by secret: calendar apps fetch a subscribed address without cookies or tokens, so
the secret in the address is the credential (``accounts.calendar_link``: 32 random bytes,
stored hashed, replaced from Settings). A wrong, old or ended secret is a 404 with the
same body as any other, and says nothing about whether an account exists. The request
still passes the guard (Host check, security headers, ``no-store``) like every other.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinewise import training
from spinewise.accounts.calendar_link import calendar_link_person
from spinewise.web.auth import ClockDep, StoreDep

router = APIRouter(include_in_schema=False)

FEED_WEEKS = 6
"""Sessions from a week ago to five weeks ahead: enough for a phone that syncs daily."""
FEED_REFRESH = timedelta(hours=6)
NOT_FOUND = b"There is no calendar at this address.\n"


@router.get("/calendar/{secret}.ics")
def calendar_subscription(secret: str, request: Request, store: StoreDep, clock: ClockDep) -> Response:
    person_id = calendar_link_person(store=store, secret=secret)
    if person_id is None:
        return Response(NOT_FOUND, status_code=404, media_type="text/plain; charset=utf-8")
    feed = training.calendar_ics(store=store, person_id=person_id, start=clock.today() - timedelta(days=7),
                                 weeks=FEED_WEEKS, refresh=FEED_REFRESH)
    return Response(feed, media_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": 'inline; filename="spinewise.ics"'})
