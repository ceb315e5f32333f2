"""Smoke test in a real browser: every page renders without an exception box, in English and
Korean, asking nothing of the network beyond the app's own server (tab icon and fonts included,
so the app works with no internet at all), and a training job started from the panel draws its
live view, stops on Stop, and its weights download as a checkpoint that loads back.
Screenshots go to artifacts/screenshots/ for a person to look at."""
from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ae_core import checkpoints
from harness import screenshot, settle, start_server, wait_idle
from ui.i18n import catalog
from ui.navigation import existing_pages

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid=stException]"


# A page's first run on a fresh server computes what it caches for everyone (models loaded, test
# sets encoded, classifiers fitted): minutes on a loaded 2-core machine for the heaviest pages.
FIRST_RUN_MS = 300_000


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
    # The latent pad and charts draw after the script run ends: settle waits for them too.
    settle(page, timeout_ms=FIRST_RUN_MS)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_page_renders(app_server, page, language: str) -> None:
    # Korean through the URL (?lang=ko), which each fresh page load adopts.
    query = "" if language == "en" else f"?lang={language}"
    server = urlparse(app_server.url).netloc
    elsewhere: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url)
            if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(request.url).netloc != server else None)
    # The Overview from its address, then each page as a learner reaches it: a click in the sidebar
    # (links to a page's own address: tests/browser/test_links.py and the fresh-server test below).
    for index, entry in enumerate(existing_pages()):
        if index == 0:
            open_page(page, f"{app_server.url}/{query}")
        else:
            page.get_by_test_id("stSidebarNav").get_by_text(catalog()[entry.title][language], exact=True).click()
            page.wait_for_url(f"**/{entry.url_path}*", timeout=60_000)
            settle(page, timeout_ms=FIRST_RUN_MS, after_event=True)
        boxes = page.locator(EXCEPTION)
        assert boxes.count() == 0, f"{entry.path} ({language}) shows: {boxes.first.inner_text()[:500]}"
        navigation = page.get_by_test_id("stSidebarNav").inner_text()
        assert catalog()[entry.title][language] in navigation
        screenshot(page, f"{language}-{entry.url_path}")
        if entry.url_path == "undercomplete-ae":
            # Its second use (novelty detection) is drawn only once picked.
            page.locator(".st-key-undercomplete-usage button").filter(
                has_text=catalog()["novelty.title"][language]).click()
            settle(page, timeout_ms=FIRST_RUN_MS, after_event=True)
            assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()[:500]
            assert page.get_by_text(catalog()["novelty.gallery_title"][language], exact=True).count() == 1
            screenshot(page, f"{language}-undercomplete-novelty")
    icon = page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href")
    assert urlparse(icon).netloc == server
    assert not elsewhere, sorted(set(elsewhere))


def test_a_page_without_a_pad_loads_the_pads_code_and_draws_nothing(app_server, page) -> None:
    # The sidebar ends with the pad mounted with no data (ui.latent_pad.preload): a tab that opens
    # the Overview loads Streamlit's component renderer then, not when a page's pad arrives.
    renderer_fetches = ("() => performance.getEntriesByType('resource')"
                        ".filter(entry => entry.name.includes('/BidiComponent.')).length")
    open_page(page, app_server.url)
    assert page.locator("[data-testid=latent-pad]").count() == 0
    assert page.evaluate(renderer_fetches) == 1
    slot = page.locator("[data-testid=stSidebar] .st-key-latent-pad-preload")
    assert slot.count() == 1
    assert slot.evaluate("node => node.getBoundingClientRect().height") == 0
    page.get_by_test_id("stSidebarNav").get_by_text("Undercomplete AE", exact=True).click()
    page.locator("[data-testid=latent-pad]").first.wait_for(timeout=FIRST_RUN_MS)
    assert page.evaluate(renderer_fetches) == 1, "the page's pad used the renderer already loaded"


def test_a_fresh_servers_first_request_can_be_a_page_link(chromium_path, page) -> None:
    # Streamlit treats a pages/ folder as its legacy multipage mode until st.navigation first runs;
    # the app's launcher switches that off, so a link handed to a class works on a fresh server.
    server = start_server("app.py")
    try:
        entry = next(entry for entry in existing_pages() if entry.url_path == "stacked-ae")
        open_page(page, f"{server.url}/{entry.url_path}")
        assert "page not found" not in page.inner_text("body").lower()
        assert page.get_by_role("heading", name="Stacked (deep) autoencoder").count() == 1
        assert page.url.endswith("/stacked-ae")
    finally:
        server.stop()


def test_training_runs_live_and_stops(app_server, page) -> None:
    open_page(page, app_server.url)
    page.get_by_test_id("stSidebarNav").get_by_text("Undercomplete AE").click()
    page.wait_for_selector("text=Undercomplete autoencoder", timeout=30_000)
    wait_idle(page)
    form = page.locator("[data-testid=stForm]").first
    # Long enough (600,000 samples) that Stop arrives mid-run even where bf16 trains fast.
    for label, value in (("Training images", "60000"), ("Epochs", "10")):
        field = form.get_by_role("spinbutton", name=label)
        field.fill(value)
        field.press("Tab")
    clicked = time.perf_counter()
    form.get_by_role("button", name="Train", exact=True).click()
    live = page.locator(".st-key-panel-live-undercomplete")
    live.locator("[data-testid=stPlotlyChart]").first.wait_for(timeout=60_000)
    first_point_s = time.perf_counter() - clicked
    live.locator("[data-testid=stProgress]").wait_for(timeout=10_000)
    page.wait_for_timeout(1500)  # a few redraws of the chart
    screenshot(page, "en-training-live")
    assert page.locator(EXCEPTION).count() == 0

    stop_clicked = time.perf_counter()
    live.get_by_role("button", name="Stop", exact=True).click()
    live.locator("[data-testid=stAlertContentInfo]").filter(has_text="Stopped after").wait_for(timeout=15_000)
    stopped_s = time.perf_counter() - stop_clicked
    wait_idle(page)
    screenshot(page, "en-training-stopped")
    assert page.locator(EXCEPTION).count() == 0
    assert "Trained by you" in page.locator("[data-testid=stSidebar]").inner_text()
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download weights").click()
    model, metadata = checkpoints.from_bytes(Path(download.value.path()).read_bytes(), expected_family="ae")
    assert metadata["hyperparameters"]["limit"] == 60000 and metadata["dataset"] == "mnist"
    # Generous bounds for a loaded 2-core machine; benchmarks/app_timings.py reports the figures.
    assert first_point_s < 20, f"first loss point after {first_point_s:.1f} s"
    assert stopped_s < 5, f"stopped after {stopped_s:.1f} s"
