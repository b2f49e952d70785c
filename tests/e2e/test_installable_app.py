"""The installable app's three public answers over HTTP: the manifest, the service worker
(with the shell it keeps, every file of which exists) and the offline page; none holds
personal data, and all pass the guard."""

from __future__ import annotations

import json
import re

from tests.accounts import AccountClient


def test_the_worker_lists_a_shell_that_exists_and_changes_with_it(anonymous: AccountClient) -> None:
    worker = anonymous.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-cache" and worker.headers["service-worker-allowed"] == "/"
    shell = json.loads(re.search(r"var SPINEWISE_SHELL = (\[.*?\]);", worker.text)[1])  # type: ignore[index]
    assert "/offline" in shell and any(u.startswith("/static/js/gym.js?v=") for u in shell)
    for url in shell:
        assert anonymous.get(url).status_code == 200, url
    version = re.search(r'var SPINEWISE_VERSION = "([0-9a-f]{12})";', worker.text)
    assert version is not None


def test_the_manifest_names_the_app_and_its_icons(anonymous: AccountClient) -> None:
    answer = anonymous.get("/manifest.webmanifest")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/manifest+json"
    manifest = answer.json()
    assert manifest["short_name"] == "spinewise" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/today" and manifest["theme_color"].startswith("#")
    pngs = {icon["sizes"]: icon["src"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= set(pngs)
    from io import BytesIO

    from PIL import Image

    for size, src in pngs.items():
        image = Image.open(BytesIO(anonymous.get(src).content))
        assert f"{image.width}x{image.height}" == size


def test_the_offline_page_holds_nothing_personal(client: AccountClient, anonymous: AccountClient) -> None:
    assert anonymous.get("/offline").status_code == 200
    page = client.get("/offline")  # even for a logged-in browser: the worker keeps it for everyone
    assert page.status_code == 200 and "No connection" in page.text
    assert "csrf" not in page.text.lower() and client.email not in page.text


def test_every_page_links_the_manifest_and_the_worker_script(client: AccountClient) -> None:
    page = client.get("/exercises").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert re.search(r'<script src="/static/js/pwa\.js\?v=[0-9a-f]+" defer></script>', page)


def test_the_guard_checks_the_host_of_the_worker_too(anonymous: AccountClient) -> None:
    assert anonymous.get("/sw.js", headers={"host": "evil.example"}).status_code == 400
