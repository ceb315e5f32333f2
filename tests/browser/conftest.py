"""Browser test fixtures: a headless Chromium and the app served by `streamlit run` on a free port.

Without a Chromium (see harness.find_chromium) the browser tests are skipped with the reason.
Test files here mark their tests `browser`.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from harness import CHROMIUM_ARGS, StreamlitServer, find_chromium, start_server


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("no Chromium found: set AE_LAB_CHROMIUM, install the system's chromium, "
                    "or run `python -m playwright install chromium`")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def app_server(chromium_path: str) -> Iterator[StreamlitServer]:
    """The app itself, with one training job at a time (the default on a 2-core machine)."""
    server = start_server("app.py", env={"AE_LAB_MAX_JOBS": "1"})
    yield server
    server.stop()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()
