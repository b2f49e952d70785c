"""The clinician's reads over HTTP: the ODI through the API and the outcome form, the
client summary (JSON and page), and the report and handout as PDF downloads; another
account's client is a 404 like a missing one; no WeasyPrint is a 503 in the error shape."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from pypdf import PdfReader

from spinewise.web.auth import FixedClock, get_clock
from tests.clinic_data import ODI_FIRST, ODI_LATER, START

TODAY = date(2026, 1, 21)


def _person(client: Any, app: Any, desk_worker: dict[str, Any]) -> int:
    app.dependency_overrides[get_clock] = lambda: FixedClock(TODAY)
    created = client.post("/api/v1/people", json={"name": "Ana Api", "intake": desk_worker,
                                                  "start": START.isoformat()})
    assert created.status_code == 201, created.text
    person_id: int = created.json()["id"]
    return person_id


def test_an_odi_is_logged_through_the_api_with_its_band_and_change(client, app, desk_worker) -> None:  # type: ignore[no-untyped-def]
    pid = _person(client, app, desk_worker)
    first = client.post(f"/api/v1/people/{pid}/assessments",
                        json={"kind": "odi", "date": "2026-01-05", "values": {"sections": ODI_FIRST}})
    assert first.status_code == 201, first.text
    assert first.json()["score"] == 51.1 and first.json()["result"]["unanswered"] == [8]
    later = client.post(f"/api/v1/people/{pid}/assessments",
                        json={"kind": "odi", "date": "2026-01-19", "values": {"sections": ODI_LATER}})
    change = later.json()["result"]["change"]
    assert change["measure"] == "odi" and change["meaningful"] and change["direction"] == "better"
    refused = client.post(f"/api/v1/people/{pid}/assessments",
                          json={"kind": "odi", "values": {"sections": {"1": 2, "2": 2}}})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "sections"
    progress = client.get(f"/api/v1/people/{pid}/progress").json()
    assert [p["score"] for p in progress["odi"]] == [51.1, 30.0]
    assert any(c["measure"] == "odi" for c in progress["outcome_changes"])


def test_the_summary_and_the_pdfs_are_served_to_the_owner_and_hidden_from_others(client, other, app, desk_worker) -> None:  # type: ignore[no-untyped-def]
    pid = _person(client, app, desk_worker)
    client.post(f"/api/v1/people/{pid}/assessments", json={"kind": "nprs", "date": "2026-01-05", "values": {"pain": 6}})
    summary = client.get(f"/api/v1/people/{pid}/summary")
    assert summary.status_code == 200
    body = summary.json()
    assert body["person"]["name"] == "Ana Api" and body["date"] == TODAY.isoformat()
    assert body["outcomes"][0]["measure"] == "nprs" and body["alerts"] == []
    for kind in ("report", "handout"):
        answer = client.get(f"/api/v1/people/{pid}/{kind}.pdf")
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.headers["content-disposition"] == f'attachment; filename="spinewise-{kind}-{pid}-2026-01-21.pdf"'
        assert answer.headers["cache-control"] == "no-store"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
        assert "Ana Api" in text
        theirs = other.get(f"/api/v1/people/{pid}/{kind}.pdf")
        missing = other.get(f"/api/v1/people/987654/{kind}.pdf")
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json()["error"]["code"] == "not_found"
        page_theirs = other.get(f"/people/{pid}/{kind}.pdf")
        page_missing = other.get("/people/987654/" + kind + ".pdf")
        assert page_theirs.status_code == page_missing.status_code == 404
        page_own = client.get(f"/people/{pid}/{kind}.pdf")
        assert page_own.status_code == 200 and page_own.content.startswith(b"%PDF-")
    assert client.get(f"/api/v1/people/{pid}/handout.pdf?weeks=0").status_code == 422
    assert client.get(f"/api/v1/people/{pid}/summary?date=2026-13-01").json()["error"]["field"] == "date"
    assert other.get(f"/api/v1/people/{pid}/summary").status_code == 404


def test_the_summary_page_links_the_printouts_and_is_404_for_others(client, other, app, desk_worker) -> None:  # type: ignore[no-untyped-def]
    pid = _person(client, app, desk_worker)
    page = client.get(f"/people/{pid}/summary")
    assert page.status_code == 200
    assert f'href="/people/{pid}/report.pdf"' in page.text and f'href="/people/{pid}/handout.pdf"' in page.text
    theirs, missing = other.get(f"/people/{pid}/summary"), other.get("/people/987654/summary")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.text.replace(f"&#39;{pid}&#39;", "N") == missing.text.replace("&#39;987654&#39;", "N")
    assert f'href="/people/{pid}/summary"' in client.get("/progress").text
    assert f'href="/people/{pid}/handout.pdf"' in client.get("/plan").text


def test_the_outcome_form_takes_odi_section_scores_and_keeps_them_on_a_mistake(client, app, desk_worker) -> None:  # type: ignore[no-untyped-def]
    _person(client, app, desk_worker)
    page = client.get("/outcomes")
    assert page.status_code == 200
    assert 'name="section_8"' in page.text and "Section 8: sex life" in page.text
    few = client.post("/outcomes/odi", data={"section_1": "3", "section_2": "2", "section_3": "4"})
    assert few.status_code == 422
    assert "at least 8 of the 10" in few.text
    assert re.search(r'<option value="4" selected>4</option>', few.text)  # the answers stay
    form = {f"section_{n}": str(score) for n, score in ODI_FIRST.items()}
    saved = client.post("/outcomes/odi", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/outcomes?saved=odi"
    shown = client.get("/outcomes?saved=odi").text
    assert "Disability index (ODI)" in shown and "51.1%" in shown and "Saved." in shown
    psfs = client.post("/outcomes/psfs", data={"activity_1": "tie shoes", "score_1": "4", "activity_2": "carry",
                                               "score_2": "5", "activity_3": "sit an hour", "score_3": "3"},
                       follow_redirects=False)
    assert psfs.status_code == 303
    nprs = client.post("/outcomes/nprs", data={"pain": "11"})
    assert nprs.status_code == 422 and "must be an integer from 0 to 10" in nprs.text


def test_without_weasyprint_a_pdf_is_a_503_in_the_error_shape(client, app, desk_worker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from spinewise.printouts import pdf

    def missing() -> Any:
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    pid = _person(client, app, desk_worker)
    answer = client.get(f"/api/v1/people/{pid}/report.pdf")
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "pdf_unavailable"
    assert "Pango" in answer.json()["error"]["message"]
    page = client.get(f"/people/{pid}/handout.pdf")
    assert page.status_code == 503 and "PDFs cannot be made here" in page.text
    assert client.get(f"/api/v1/people/{pid}/summary").status_code == 200  # everything else works
