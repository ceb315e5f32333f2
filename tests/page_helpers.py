"""What the AppTest files of the concept pages share: the catalog's text in a language, and a page
opened the way a browser opens it (app.py's own run first, then the page)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.tiny_pretrained import ROOT
from ui.i18n import catalog, resolve_particles


def text(key: str, lang: str = "en", **fmt) -> str:
    """The text as t() gives it in `lang` (Korean particles fitted to the words put in)."""
    formatted = catalog()[key][lang].format(**fmt)
    return resolve_particles(formatted) if lang == "ko" else formatted


def digit_uploader(at: AppTest, key: str):
    """The digit picture uploader of digit_input(`key`), not the page's model uploader."""
    return next(u for u in at.get("file_uploader") if u.proto.id.endswith(f"{key}.upload"))


def open_app_page(page: str, lang: str = "en", timeout: float = 180, **state) -> AppTest:
    """`page` (e.g. "pages/conv.py") in `lang`, with `state` put in session state before the first
    run; fails on any exception the runs raise."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    # The first run is app.py's (navigation, sidebar, finished jobs collected), as in a browser.
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def keep_trained(at: AppTest, key: str, job) -> None:
    """Wait for `job` and make its model the page's (or section's): a run as short as a test's
    usually ends no better than the mean image (reported as collapsed), which the panel keeps only
    on request, through its Keep button."""
    assert job.wait(120) and job.state in ("done", "collapsed"), job.snapshot().message
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if job.state == "collapsed":
        at.button(key=f"panel.{key}.keep").click().run()
        assert not at.exception, [e.value for e in at.exception]


def open_link(page: str, lang: str = "en", state: dict | None = None, **params: str) -> AppTest:
    """`page` opened from a link carrying `params` in its query string: app.py's first run, then the
    page with the parameters, as a browser's first request for that address (`state`: session
    state put in place first)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
