"""A page set up in one browser and its address opened in a fresh browser context (another
person, no shared session) shows the same settings, in the same language; a link with a value the
page does not offer opens with the default and says so."""
from __future__ import annotations

import pytest

import harness
from ui.i18n import catalog, resolve_particles

pytestmark = pytest.mark.browser

FIRST_RUN_MS = 300_000


def text(key: str, lang: str = "en", **fmt) -> str:
    formatted = catalog()[key][lang].format(**fmt)
    return resolve_particles(formatted) if lang == "ko" else formatted


def settle(page) -> None:
    harness.settle(page, timeout_ms=FIRST_RUN_MS, after_event=True)


def open_url(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
    settle(page)


def pick(page, widget_key: str, label: str) -> None:
    page.locator(f".st-key-{widget_key.replace('.', '-')} button").filter(has_text=label).first.click()
    settle(page)


def test_a_copied_address_reproduces_the_page(app_server, browser, page) -> None:
    open_url(page, f"{app_server.url}/convolutional-ae")
    pick(page, "conv.decoder", text("cv.decoder.transposed"))
    assert page.get_by_text(text("cv.decoder_help.transposed")).count() == 1
    # The language changes too: the address carries it and the decoder's label in that language.
    page.locator("[data-testid=stSidebar] button").filter(has_text="한국어").first.click()
    settle(page)
    assert page.get_by_text(text("cv.decoder_help.transposed", "ko")).count() == 1
    address = page.url
    assert "lang=ko" in address and "conv.decoder=" in address

    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        fresh = other.new_page()
        open_url(fresh, address)
        assert fresh.get_by_text(text("cv.title", "ko"), exact=True).count() >= 1
        assert fresh.get_by_text(text("cv.decoder_help.transposed", "ko")).count() == 1
        assert fresh.locator("[data-testid=stAlertContentWarning]").count() == 0
    finally:
        other.close()


def test_a_link_with_a_bad_value_says_the_default_is_used(app_server, page) -> None:
    open_url(page, f"{app_server.url}/denoising-ae?denoising.noise=salt-pepper&denoising.level.salt-pepper=7")
    assert page.get_by_text(text("dn.level.salt-pepper")).count() >= 1
    warning = text("state.bad_link", setting=text("dn.level.salt-pepper"), value="7", default="0.2")
    plain = warning.replace("**", "")
    assert page.get_by_text(plain).count() == 1


def test_a_link_that_names_an_option_keeps_it_in_the_address(app_server, browser, page) -> None:
    # The README's link names the option ("explore"), while the widget writes its label into the URL;
    # the page must still take it, and keep it, so that the address copied next opens the same view.
    open_url(page, f"{app_server.url}/variational-ae?vae.view=explore")
    assert page.get_by_text(text("explore.title"), exact=True).count() == 1
    assert "vae.view=" in page.url
    assert page.locator("[data-testid=stAlertContentWarning]").count() == 0

    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        fresh = other.new_page()
        open_url(fresh, page.url)
        assert fresh.get_by_text(text("explore.title"), exact=True).count() == 1
    finally:
        other.close()
