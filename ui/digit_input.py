"""A digit from the user, drawn on a canvas or uploaded as an image file, made MNIST-like.

Pages call `digit_input(key)`; the pixels go through ae_core.images.prepare_digit (safe decoding,
size limits, MNIST's crop-scale-centre recipe), and any problem with the picture is said in the
session's language from its ImageInputError's reason. The last digit prepared from each source is kept in
st.session_state[digit_key(key, source)], so it survives reruns, and tests (which cannot draw)
can set it.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import streamlit as st

from ui import state
from ui.i18n import t

DRAW, UPLOAD = "draw", "upload"
CANVAS_PX = 196  # 7 screen pixels per MNIST pixel
STROKE_PX = 16  # about MNIST's stroke width at that scale


def digit_key(key: str, source: str) -> str:
    return f"{key}.digit.{source}"


def source_key(key: str) -> str:
    return f"{key}.digit_source"


def _draw(key: str) -> np.ndarray | None:
    """The canvas: white strokes on black as in MNIST; None until something is drawn.

    The canvas forgets its strokes when it is not drawn for a run (another source picked, another
    page): when it comes back, it is given the last drawing again, so that the canvas and the
    digit the page uses stay the same. Only then: a new drawing handed to a mounted canvas would
    replace strokes drawn since."""
    from streamlit_drawable_canvas import st_canvas

    canvas_key, drawing, restore = f"{key}.canvas", f"{key}.drawing", f"{key}.drawing_restored"
    if canvas_key not in st.session_state:
        st.session_state[restore] = st.session_state.get(drawing)
    result = st_canvas(stroke_width=STROKE_PX, stroke_color="#FFFFFF", background_color="#000000",
                       height=CANVAS_PX, width=CANVAS_PX, drawing_mode="freedraw",
                       initial_drawing=st.session_state.get(restore), return_image_data=True, key=canvas_key)
    if result.json_data is not None:
        st.session_state[drawing] = result.json_data
    return result.image_data


def _upload(key: str) -> bytes | None:
    from ae_core.images import FORMATS, MAX_MEGABYTES

    # The widget refuses a larger file in the browser and the label states the same limit, which
    # ae_core.images enforces again on the bytes that arrive.
    uploaded = st.file_uploader(t("digit.upload_label", mb=MAX_MEGABYTES), key=f"{key}.upload",
                                type=[name.lower() for name in FORMATS] + ["jpg", "tif"],
                                max_upload_size=MAX_MEGABYTES)
    return None if uploaded is None else uploaded.getvalue()


def digit_input(key: str, sources: Sequence[str] = (DRAW, UPLOAD)) -> tuple[str, np.ndarray | None]:
    """Let the user choose among `sources` and give a digit; returns (source, digit (28, 28) in
    [0, 1] or None). Sources other than draw and upload (a page's own "pick a test image") are
    only offered here: the page handles them, and the returned digit is None for them."""
    from ae_core.images import EmptyImageError, ImageInputError, prepare_digit

    source = state.choice(st.segmented_control, source_key(key), sources, sources[0], label=t("digit.source"),
                          format_func=lambda source: t(f"digit.source.{source}"))
    if source not in (DRAW, UPLOAD):
        return source, None
    picture = _draw(key) if source == DRAW else _upload(key)
    if picture is None:
        st.caption(t(f"digit.hint.{source}"))
        return source, st.session_state.get(digit_key(key, source))
    try:
        digit = prepare_digit(picture)
    except EmptyImageError:
        st.caption(t(f"digit.hint.{source}"))
        st.session_state.pop(digit_key(key, source), None)
        return source, None
    except ImageInputError as error:
        st.warning(t("digit.unusable", message=t(f"digit.error.{error.reason}", **error.details)),
                   icon=":material/image_not_supported:")
        st.session_state.pop(digit_key(key, source), None)
        return source, None
    st.session_state[digit_key(key, source)] = digit
    return source, digit
