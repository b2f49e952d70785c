"""Coaching: a lifter's consent to a coach (``consent``), who may read or change whose
data and the access log behind it (``access``), alerts stored as the data arrives
(``alerts``) and the coach's dashboard (``dashboard``).

Every function takes keyword-only arguments and a ``Store``; each is one transaction.
"""

from spinewise.coaching.access import (
    CHANGE,
    READ,
    coach_access,
    person_of_session,
)
from spinewise.coaching.consent import (
    INVITATION_LIFETIME,
    accept_invitation,
    access_log,
    coaches_of,
    create_invitation,
    decline_invitation,
    invitation_coach,
    invitation_is_live,
    invitation_opens_signup,
    revoke_coach,
)
from spinewise.coaching.dashboard import (
    ClientSummary,
    DashboardCache,
    KeptDashboard,
    client_alerts,
    dashboard,
    handle_alert,
    kept_dashboard,
)

__all__ = [
    "CHANGE", "INVITATION_LIFETIME", "READ", "ClientSummary", "DashboardCache", "KeptDashboard",
    "accept_invitation", "access_log", "client_alerts", "coach_access", "coaches_of", "create_invitation",
    "dashboard", "decline_invitation", "handle_alert", "invitation_coach", "invitation_is_live",
    "invitation_opens_signup",
    "kept_dashboard", "person_of_session", "revoke_coach",
]
