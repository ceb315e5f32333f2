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
