"""First contact in a real browser: every page's own address works (the Overview's /home included)
and no page asks anything of the network beyond the app's own server, tab icon and fonts
included, so the app works with no internet at all."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from harness import wait_idle
from ui.i18n import catalog
from ui.navigation import existing_pages

pytestmark = pytest.mark.browser

FIRST_RUN_MS = 300_000


def test_the_overview_answers_at_its_own_address_with_the_query_kept(app_server, page) -> None:
    page.goto(f"{app_server.url}/home?lang=ko")
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
    wait_idle(page, timeout_ms=FIRST_RUN_MS)
    page.wait_for_timeout(1000)
    wait_idle(page, timeout_ms=FIRST_RUN_MS)
    assert urlparse(page.url).path == "/" and "lang=ko" in page.url
    assert page.locator("h1").first.inner_text() == catalog()["overview.title"]["ko"]
    assert "Page not found" not in page.content()


def test_no_page_reaches_beyond_the_app_server(app_server, page) -> None:
    elsewhere: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url)
            if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(request.url).netloc != urlparse(app_server.url).netloc else None)
    for index, entry in enumerate(existing_pages()):
        page.goto(f"{app_server.url}/{'' if index == 0 else entry.url_path}")
        page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
        wait_idle(page, timeout_ms=FIRST_RUN_MS)
        page.wait_for_timeout(1500)
    icon = page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href")
    assert urlparse(icon).netloc == urlparse(app_server.url).netloc
    assert not elsewhere, sorted(set(elsewhere))
