"""Page-wide CSS the app adds to Streamlit's own: how text wraps and how wide things may grow.

- Korean wraps between words (eojeol), never inside one: a narrow card would otherwise break 오토인코더
  over two lines. A word longer than the line still wraps rather than overflow.
- A displayed formula wider than the screen (a phone) scrolls sideways inside its own box instead
  of being cut off at the edge.
- In a language other than English, the few words Streamlit's own widgets print in English (the
  file uploader's button and its "200MB per file" line, "Press Enter to apply") give way to the
  app's: the button takes the translated word, and the uploader's label already states the limit.
"""
from __future__ import annotations

import streamlit as st

_COMMON = """
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2em 0; }
@media (max-width: 640px) { .katex-display { font-size: 0.85em; } }
"""
_KOREAN = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"] { word-break: keep-all; overflow-wrap: break-word; }
[data-testid="stAppViewContainer"] :is(h1, h2, h3, h4) { word-break: keep-all; }
"""
_NOT_ENGLISH = """
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "%(upload)s"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"], [data-testid="InputInstructions"] { display: none; }
"""


def css(language: str, upload: str = "") -> str:
    """The app's CSS for `language`; `upload`: the uploader button's word in that language."""
    extra = ""
    if language != "en":
        extra = _NOT_ENGLISH % {"upload": upload.replace("\\", "").replace('"', "")}
    return _COMMON + (_KOREAN if language == "ko" else "") + extra


def apply(language: str) -> None:
    """Add the app's CSS to the page (a style-only st.html takes no space)."""
    from ui.i18n import t

    st.html(f"<style>{css(language, t('style.upload_button'))}</style>")
