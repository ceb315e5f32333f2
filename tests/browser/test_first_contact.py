"""First contact in a real browser: every page's own address works, the Overview's /home included.
(That no page asks anything of the network beyond the app's own server is checked while
tests/browser/test_smoke.py visits every page in both languages.)"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from harness import settle
from ui.i18n import catalog

pytestmark = pytest.mark.browser

FIRST_RUN_MS = 300_000


def test_the_overview_answers_at_its_own_address_with_the_query_kept(app_server, page) -> None:
    page.goto(f"{app_server.url}/home?lang=ko")
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
    settle(page, timeout_ms=FIRST_RUN_MS)
    assert urlparse(page.url).path == "/" and "lang=ko" in page.url
    assert page.locator("h1").first.inner_text() == catalog()["overview.title"]["ko"]
    assert "Page not found" not in page.content()
