"""Page-wide CSS the app adds to Streamlit's own: how text wraps and how wide things may grow.

- Korean wraps between words (eojeol), never inside one: a narrow card would otherwise break 오토인코더
  over two lines. A word longer than the line still wraps rather than overflow.
- A displayed formula wider than the screen (a phone) scrolls sideways inside its own box instead
  of being cut off at the edge.
- Images keep their own pixel size at most: st.image inside a wide column would otherwise scale a
  small digit up to the column's width on a projector.
"""
from __future__ import annotations

import streamlit as st

_COMMON = """
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2em 0; }
@media (max-width: 640px) { .katex-display { font-size: 0.85em; } }
[data-testid="stImage"] img { max-width: 100%; width: auto; }
"""
_KOREAN = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"] { word-break: keep-all; overflow-wrap: break-word; }
"""


def css(language: str) -> str:
    return _COMMON + (_KOREAN if language == "ko" else "")


def apply(language: str) -> None:
    """Add the app's CSS to the page (a style-only st.html takes no space)."""
    st.html(f"<style>{css(language)}</style>")
