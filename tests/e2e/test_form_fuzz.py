"""Every form the pages post, sent generated answers (the expected fields with any
text, plus strangers): never a 500, and the person's stored data still reads back."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.test_training_api import START

FIELDS = ["age", "pain.now", "pain.duration_weeks", "pain.settles_within_hours", "red_flags.osteoporosis",
          "symptoms.leg_pain", "training.days_per_week", "training.equipment", "client_id", "exercise",
          "pain", "reps", "seconds", "load", "rpe", "pain_after", "session_rpe", "duration_minutes", "notes",
          "stiffness", "stiff_hours", "sleep_hours", "sleep_quality", "locked_up", "symptoms",
          "movement_breaks", "posture_checks", "hydration", "baseline_pain", "free", "action", "field",
          "section_1", "section_8", "section_10", "activity_1", "score_1", "activity_5", "score_5"]
_values = st.one_of(st.text(max_size=12), st.integers(-10**20, 10**20).map(str),
                    st.sampled_from(["", " ", "nan", "inf", "-0", "1e999", "3.5", "yes", "no", "goblet_squat"]))
_forms = st.lists(st.tuples(st.sampled_from(FIELDS) | st.text(max_size=6), _values), max_size=8)


@pytest.fixture
def trained(client: TestClient, desk_worker: dict[str, Any]) -> dict[str, int]:
    person = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                 "start": START.isoformat()}).json()
    client.cookies.set("spinewise_person", str(person["id"]))
    session = client.post(f"/api/v1/people/{person['id']}/sessions", json={"baseline_pain": 3}).json()
    return {"person": person["id"], "session": session["id"]}


PATHS = ["/intake/about", "/intake/warning-signs", "/intake/training", "/intake/about/check?field=age",
         "/today/start", "/sessions/{session}/sets", "/sessions/{session}/end", "/checkin", "/habits",
         "/outcomes/odi", "/outcomes/psfs", "/outcomes/nprs"]


@pytest.mark.parametrize("path", PATHS)
def test_generated_form_posts_never_get_a_server_error(client, trained, path) -> None:  # type: ignore[no-untyped-def]
    url = path.format(**trained)

    @given(form=_forms)
    @settings(max_examples=int(os.environ.get("SPINEWISE_FUZZ_EXAMPLES", "40")), deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def post(form: list[tuple[str, str]]) -> None:
        answer = client.post(url, content=urlencode(form), follow_redirects=False,
                             headers={"content-type": "application/x-www-form-urlencoded"})
        assert answer.status_code < 500, (url, form, answer.text[:300])

    post()
    assert client.get(f"/api/v1/people/{trained['person']}").status_code == 200
    assert client.get("/history").status_code == 200


def test_the_fuzzed_forms_reach_the_handlers(client, trained) -> None:  # type: ignore[no-untyped-def]
    """The same encoding with good answers stores a set: the generated posts above are
    real form posts, not bodies the server never reads."""
    form = [("client_id", "fz1"), ("exercise", "goblet_squat"), ("pain", "2"), ("reps", "8"),
            ("csrf_token", client.csrf)]
    answer = client.post(f"/sessions/{trained['session']}/sets", content=urlencode(form), follow_redirects=False,
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 303, answer.text[:300]
    sets = client.get(f"/api/v1/sessions/{trained['session']}").json()["sets"]
    assert [s["client_id"] for s in sets] == ["fz1"]
