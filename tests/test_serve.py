"""ui.serve's warm-up of the pages before the server listens."""
from __future__ import annotations


def test_warming_the_pages_fills_the_shared_caches_and_puts_streamlits_state_back(monkeypatch):
    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager

    from ui import charts, serve

    monkeypatch.setattr(charts, "_figures", charts.collections.OrderedDict())
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    before = Runtime._instance
    serve.warm_pages(languages=("ko",))
    # The Convolutional page's shared drawings, made in Korean: a Korean class's first visit finds them.
    assert any(key[1] == "conv_architecture" and "인코더" in repr(key) for key in charts._figures)
    assert Runtime._instance is before and PagesManager.uses_pages_directory is False
