"""The exercise library over HTTP: search by words, filters, a short list with "Show
more" that works without JavaScript, and each exercise's page with its evidence apart."""

from __future__ import annotations

import re

from spinewise.library import load_catalog
from tests.accounts import AccountClient

CARD = re.compile(r'<li class="card exercise-card" id="card-(\d+)">\s*<h3><a href="/exercises/([a-z0-9_]+)">')


def cards(html: str) -> list[str]:
    return [m[2] for m in CARD.finditer(html)]


def test_the_list_shows_twelve_at_a_time_with_a_plain_link_for_more(client: AccountClient) -> None:
    page = client.get("/exercises")
    assert page.status_code == 200
    first = cards(page.text)
    assert first == [e.id for e in load_catalog()][:12]
    more = re.search(r'class="button secondary show-more" href="([^"]+)"', page.text)
    assert more is not None and "shown=24" in more[1] and more[1].endswith("#card-12")
    second = cards(client.get(more[1].replace("&amp;", "&").split("#")[0]).text)
    assert len(second) == 24 and second[:12] == first
    everything = cards(client.get(f"/exercises?shown={len(load_catalog())}").text)
    assert len(everything) == len(load_catalog())
    assert "show-more" not in client.get(f"/exercises?shown={len(load_catalog())}").text


def test_a_search_finds_by_name_and_keeps_the_filters_in_show_more(client: AccountClient) -> None:
    found = cards(client.get("/exercises", params={"q": "Goblet squat"}).text)
    assert found[0] == "goblet_squat"
    squats = client.get("/exercises", params={"q": "squat", "equipment": "dumbbells"}).text
    assert all(load_catalog()[i].pattern == "squat" or "squat" in i for i in cards(squats)[:3])
    assert all(set(load_catalog()[i].equipment) <= {"dumbbells", "bodyweight"} for i in cards(squats))
    hinge = client.get("/exercises", params={"q": "", "pattern": "hinge"}).text
    assert cards(hinge) and all(load_catalog()[i].pattern == "hinge" for i in cards(hinge))
    nothing = client.get("/exercises", params={"q": "zzzz"}).text
    assert cards(nothing) == [] and "Nothing matches" in nothing
    many = client.get("/exercises", params={"q": "", "pattern": "mobility", "equipment": "bands"}).text
    more = re.search(r'class="button secondary show-more" href="([^"]+)"', many)
    assert more is not None and "pattern=mobility" in more[1] and "equipment=bands" in more[1]
    assert "q=" not in more[1]  # an empty search is left out


def test_htmx_gets_only_the_results(client: AccountClient) -> None:
    part = client.get("/exercises", params={"q": "plank"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert part.text.lstrip().startswith('<section id="results"') and "<html" not in part.text


def test_bad_search_input_is_a_4xx_naming_the_field(client: AccountClient) -> None:
    long = client.get("/exercises", params={"q": "x" * 101})
    assert 400 <= long.status_code < 500 and "q" in long.text
    assert client.get("/exercises", params={"shown": "0"}).status_code == 422
    assert client.get("/exercises", params={"pattern": "juggling"}).status_code == 422


def test_an_exercise_page_puts_the_newtons_and_sources_in_its_evidence_section(client: AccountClient) -> None:
    catalog = load_catalog()
    exercise = catalog["goblet_squat"]
    page = client.get("/exercises/goblet_squat").text
    lifter_part, evidence = page.split('<h2 id="evidence">Evidence</h2>')
    assert "How to do it" in lifter_part and exercise.cues[0] in lifter_part
    assert exercise.provenance.basis[:60] not in lifter_part  # the arithmetic is for the curious only
    assert exercise.provenance.basis.split(".")[0] in evidence
    for key in exercise.provenance.sources:
        if key in catalog.sources:
            assert catalog.sources[key].citation.split(".")[0] in evidence
