"""The digit input's upload (ui/digit_input.py): one limit stated and enforced, and a picture that
cannot be used refused with a reason in the session's language."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from ae_core.images import MAX_MEGABYTES
from ui.i18n import catalog


def _upload_app(lang: str) -> AppTest:
    def script(lang: str) -> None:
        import streamlit as st

        from ui.digit_input import UPLOAD, digit_input

        st.session_state["lang"] = lang
        digit_input("test", sources=(UPLOAD,))

    return AppTest.from_function(script, args=(lang,), default_timeout=60).run()


def _png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_upload_states_the_limit_the_widget_enforces(lang):
    at = _upload_app(lang)
    uploader = at.get("file_uploader")[0].proto
    assert uploader.max_upload_size_mb == MAX_MEGABYTES  # the browser refuses a larger file
    assert f"{MAX_MEGABYTES}" in uploader.label and "MB" in uploader.label
    assert uploader.label == catalog()["digit.upload_label"][lang].format(mb=MAX_MEGABYTES)


@pytest.mark.parametrize("lang, words", [("en", "too large"), ("ko", "너무 큽니다")])
def test_a_picture_too_large_in_pixels_is_refused_as_too_large(lang, words):
    at = _upload_app(lang)
    at.get("file_uploader")[0].set_value(("huge.png", _png((10_000, 10_000)), "image/png")).run()
    assert not at.exception
    message = " ".join(warning.value for warning in at.warning)
    assert words in message and "10000×10000" in message and "4096×4096" in message
    assert "supported format" not in message
