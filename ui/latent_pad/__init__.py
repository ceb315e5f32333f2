"""The latent pad: a Streamlit Components v2 widget for a 2-D latent space (scatter + probes).

One widget serves two uses: a scatter of codes coloured by digit, with legend, axes and hover
images (any 2-D code); and the VAE's pad, where draggable probes show their decoded image on
every animation frame of a drag, decoded in the browser from weights shipped once
(`ae_core.browser_decoder.decoder_payload`), or decoded here on release by `server_decode` for
decoders too big to ship (convolutional ones). The script reruns only on release.

Data is built as JSON with packed arrays (`pack_array`: codes as uint16 over their bounding
box, labels and hover images as uint8, weights as int8, each zlib-compressed) and sent as one
binary message (`encode_message`): a JSON header plus the arrays' raw bytes, which saves base64's
third. 10,000 codes, 1,000 hover images and an int8 2-256-512-784 decoder take about 0.75 MB
(benchmarks/latent_pad.py measures it). Hover images may instead be a link (`link_images`) to a
file that the browser fetches once per tab.
"""
from __future__ import annotations

import base64
import json
import struct
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import streamlit as st

from ae_core.browser_decoder import check_payload, pack_array

_HERE = Path(__file__).resolve().parent
_COMPONENT = st.components.v2.component(
    "autoencoder_lab_latent_pad",
    css=(_HERE / "pad.css").read_text(encoding="utf-8"),
    js=(_HERE / "pad.js").read_text(encoding="utf-8"),
)

# Tableau 10: distinct, colour-blind-safer hues for the ten digits.
DIGIT_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

# The pad's own words; pages pass the session language's versions through `strings`.
PAD_STRINGS = {
    "add_probe": "Add probe",
    "remove_probe": "Remove probe",
    "probe": "Probe",
    "hint": "Drag a probe, or press anywhere to bring the nearest probe there. Shift+press adds a probe.",
    "hint_scatter": "Hover over a point to see its image.",
    "decode_on_release": "Decoded when you release the probe",
    "x_label": "z\u2081",
    "y_label": "z\u2082",
}
MAX_PROBES = 8
IMAGE_SIDE = 28
MESSAGE_MAGIC = b"LPAD"
PRELOAD_KEY = "latent-pad-preload"


def encode_message(data: dict[str, Any]) -> bytes:
    """The pad's data as one binary message, which pad.js reads back into the same structure.

    Layout: b"LPAD", header length (uint32, little-endian), the header as UTF-8 JSON, then the
    bytes of every packed array back to back. In the header each packed array keeps its dtype,
    shape and id, and its "b64" text becomes {"offset", "length"} into the bytes that follow.
    """
    blobs: list[bytes] = []
    offset = 0

    def detach(node: Any) -> Any:
        nonlocal offset
        if isinstance(node, dict):
            if "b64" in node and "dtype" in node:
                raw = base64.b64decode(node["b64"])
                blobs.append(raw)
                entry = {k: v for k, v in node.items() if k != "b64"}
                entry.update(offset=offset, length=len(raw))
                offset += len(raw)
                return entry
            return {k: detach(v) for k, v in node.items()}
        if isinstance(node, list):
            return [detach(v) for v in node]
        return node

    header = json.dumps(detach(data), separators=(",", ":")).encode("utf-8")
    return b"".join([MESSAGE_MAGIC, struct.pack("<I", len(header)), header, *blobs])


def _range(name: str, value: Sequence[float] | None, values: np.ndarray) -> list[float]:
    """(low, high) as given, or the values' extent padded by 5% (or [-3, 3] with no values)."""
    if value is None:
        if values.size == 0:
            return [-3.0, 3.0]
        low, high = float(values.min()), float(values.max())
        pad = 0.05 * (high - low) if high > low else 1.0
        return [low - pad, high + pad]
    if len(value) != 2 or not all(np.isfinite(v) for v in value) or not value[0] < value[1]:
        raise ValueError(f"{name} must be (low, high) with low < high, got {value!r}")
    return [float(value[0]), float(value[1])]


def _pairs(name: str, items: Sequence[Sequence[float]] | None, width: int) -> list[list[float]]:
    """A list of `width`-tuples of finite numbers, as lists of floats."""
    if items is None:
        return []
    array = np.asarray(items, dtype=np.float64) if len(items) else np.zeros((0, width))
    if array.ndim != 2 or array.shape[1] != width or not np.isfinite(array).all():
        raise ValueError(f"{name} must be a list of {width} finite numbers each, got {items!r}")
    return array.tolist()


def _gray_images(name: str, images: Any, count: int | None = None) -> np.ndarray:
    """(M, 28, 28) uint8, or floats in [0, 1] turned into uint8 levels; M <= count if given."""
    array = np.asarray(images.detach().cpu() if hasattr(images, "detach") else images)
    array = array.reshape(-1, IMAGE_SIDE, IMAGE_SIDE) if array.size % (IMAGE_SIDE * IMAGE_SIDE) == 0 else array
    if array.ndim != 3 or array.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE) or (count is not None and len(array) > count):
        limit = "" if count is None else f" with M <= {count}"
        raise ValueError(f"{name} must be (M, 28, 28){limit}, got shape {np.shape(images)}")
    if array.dtype == np.uint8:
        return array
    if not (np.isfinite(array).all() and array.min(initial=0) >= 0 and array.max(initial=0) <= 1):
        raise ValueError(f"{name} must be uint8 or floats in [0, 1]")
    return np.round(array * 255).astype(np.uint8)


def pack_images(images: Any) -> dict[str, Any]:
    """(M, 28, 28) uint8 or [0, 1] images packed once for `hover_images` (compressing 10,000 test
    images takes a fifth of a second: callers that show the same images on every rerun cache this)."""
    packed = pack_array(_gray_images("hover_images", images), "uint8")
    packed["packed_images"] = True
    return packed


def link_images(link: dict[str, Any], count: int | None = None) -> dict[str, Any]:
    """Hover images the browser fetches itself, once per tab, from `link["url"]`: a file holding
    the zlib of (M, 28, 28) uint8 images (pack_array's bytes), with `link["id"]` naming its
    contents and `link["shape"]` = [M, 28, 28]. Only the first `count` (default all) are shown;
    the pad's data then carries the link, not the images (ui.resources.hover_images makes these)."""
    shape = link.get("shape", [])
    url = link.get("url")
    if not isinstance(url, str) or not url.startswith("/") or len(shape) != 3 or shape[1:] != [IMAGE_SIDE, IMAGE_SIDE]:
        raise ValueError(f"an image link needs a root-relative url and shape (M, 28, 28), got {link!r}")
    shown = shape[0] if count is None else int(count)
    if not 0 <= shown <= shape[0]:
        raise ValueError(f"an image link of {shape[0]} images cannot show {count}")
    return {"linked_images": True, "url": url, "id": str(link["id"]), "shape": [shown, IMAGE_SIDE, IMAGE_SIDE]}


def _hover_link(images: Any, count: int) -> dict[str, Any] | None:
    if not (isinstance(images, dict) and images.get("linked_images")):
        return None
    if images["shape"][0] > count:
        raise ValueError(f"hover_images must be (M, 28, 28) with M <= {count}, got shape {images['shape']}")
    return {"url": images["url"], "id": images["id"], "count": images["shape"][0]}


def _hover_images(images: Any, count: int) -> dict[str, Any] | None:
    if images is None or (isinstance(images, dict) and images.get("linked_images")):
        return None
    if isinstance(images, dict) and images.get("packed_images"):
        shape = images.get("shape", [])
        if len(shape) != 3 or shape[1:] != [IMAGE_SIDE, IMAGE_SIDE] or shape[0] > count:
            raise ValueError(f"hover_images must be (M, 28, 28) with M <= {count}, got shape {shape}")
        return {k: v for k, v in images.items() if k != "packed_images"}
    return pack_array(_gray_images("hover_images", images, count), "uint8")


def _markers(markers: Sequence[Sequence[Any]] | None) -> list[dict[str, Any]]:
    """(x, y, label) or (x, y, label, sx, sy) -> {"x", "y", "label", "sx", "sy"}."""
    out = []
    for marker in markers or []:
        if len(marker) not in (3, 5):
            raise ValueError(f"a marker is (x, y, label) or (x, y, label, sx, sy), got {marker!r}")
        x, y = float(marker[0]), float(marker[1])
        sx, sy = (float(marker[3]), float(marker[4])) if len(marker) == 5 else (0.0, 0.0)
        if not all(np.isfinite(v) for v in (x, y, sx, sy)) or sx < 0 or sy < 0:
            raise ValueError(f"a marker needs finite x, y and sigmas >= 0, got {marker!r}")
        out.append({"x": x, "y": y, "label": str(marker[2]), "sx": sx, "sy": sy})
    return out


def current_probes(key: str, default: Sequence[Sequence[float]]) -> list[list[float]]:
    """The pad's probe positions as Python last received them (`default` before any)."""
    state = st.session_state.get(key)
    probes = state.get("probes") if isinstance(state, dict) else None
    return [list(map(float, p)) for p in (default if probes is None else probes)]


def pad_data(
    points: Any,
    labels: Any,
    *,
    key: str,
    class_names: Sequence[str] | None = None,
    hover_images: Any = None,
    decoder_payload: dict[str, Any] | None = None,
    probes: Sequence[Sequence[float]] | None = None,
    decoded_images: Any = None,
    ellipses: Sequence[Sequence[float]] | None = None,
    markers: Sequence[Sequence[Any]] | None = None,
    x_range: Sequence[float] | None = None,
    y_range: Sequence[float] | None = None,
    height: int = 420,
    max_probes: int = MAX_PROBES,
    strings: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON data the pad's JavaScript receives (validated); `latent_pad` documents the fields.

    probes: the probes' current positions; decoded_images: (P, 28, 28) server decodes of them.
    `len(encode_message(pad_data(...)))` is what one rerun sends.
    """
    codes = np.asarray(points.detach().cpu() if hasattr(points, "detach") else points, dtype=np.float64)
    codes = codes.reshape(0, 2) if codes.size == 0 else codes
    classes = np.asarray(labels.detach().cpu() if hasattr(labels, "detach") else labels)
    if codes.ndim != 2 or codes.shape[1] != 2 or not np.isfinite(codes).all():
        raise ValueError(f"points must be finite (N, 2) codes, got shape {codes.shape}")
    if classes.shape != (len(codes),) or (classes.size and not np.issubdtype(classes.dtype, np.integer)):
        raise ValueError(f"labels must be (N,) = ({len(codes)},) integers, got shape {classes.shape}")
    n_classes = max(10, int(classes.max()) + 1) if classes.size else 10
    names = [str(i) for i in range(n_classes)] if class_names is None else [str(n) for n in class_names]
    if classes.size and (classes.min() < 0 or classes.max() >= len(names) or len(names) > 256):
        raise ValueError(f"labels must lie in [0, {len(names)}) with at most 256 classes")
    if decoder_payload is not None:
        check_payload(decoder_payload)
        if decoder_payload["input_dim"] != 2 or decoder_payload["output_shape"] != [IMAGE_SIDE, IMAGE_SIDE]:
            raise ValueError("the pad's decoder must map 2-D codes to 28x28 images")
    if not isinstance(height, int) or not 160 <= height <= 2000:
        raise ValueError(f"height must be an integer number of pixels in [160, 2000], got {height!r}")
    if not isinstance(max_probes, int) or not 1 <= max_probes <= 32:
        raise ValueError(f"max_probes must be an integer in [1, 32], got {max_probes!r}")
    unknown = set(strings or {}) - set(PAD_STRINGS)
    if unknown:
        raise ValueError(f"unknown pad string(s): {', '.join(sorted(unknown))}")
    positions = None if probes is None else _pairs("probes", probes, 2)
    if positions is not None and len(positions) > max_probes:
        raise ValueError(f"at most {max_probes} probes, got {len(positions)}")
    decoded = None
    if decoded_images is not None:
        if positions is None:
            raise ValueError("decoded_images needs probes: one image per probe")
        images = _gray_images("decoded_images", decoded_images)
        if len(images) != len(positions):
            raise ValueError(f"decoded_images needs one image per probe ({len(positions)}), got {len(images)}")
        decoded = {"positions": positions, "images": pack_array(images, "uint8")}

    # Codes as uint16 steps over their own bounding box: 1/65535 of the extent, far below a pixel.
    low = codes.min(axis=0) if len(codes) else np.zeros(2)
    high = codes.max(axis=0) if len(codes) else np.ones(2)
    high = np.where(high > low, high, low + 1)
    steps = np.round((codes - low) / (high - low) * 65535)
    return {
        "instance": key,
        "points": pack_array(steps, "uint16"),
        "bounds": [float(low[0]), float(high[0]), float(low[1]), float(high[1])],
        "labels": pack_array(classes.astype(np.int64), "uint8"),
        "class_names": names,
        "colours": DIGIT_COLOURS,
        "hover_images": _hover_images(hover_images, len(codes)),
        "hover_link": _hover_link(hover_images, len(codes)),
        "x_range": _range("x_range", x_range, codes[:, 0]),
        "y_range": _range("y_range", y_range, codes[:, 1]),
        "ellipses": _pairs("ellipses", ellipses, 4),
        "markers": _markers(markers),
        "height": height,
        "max_probes": max_probes,
        "decoder": decoder_payload,
        "decoded": decoded,
        "strings": {**PAD_STRINGS, **(strings or {})},
        "probes": positions,
    }


def latent_pad(
    points: Any,
    labels: Any,
    *,
    key: str,
    class_names: Sequence[str] | None = None,
    hover_images: Any = None,
    decoder_payload: dict[str, Any] | None = None,
    server_decode: Callable[[np.ndarray], Any] | None = None,
    probes: Sequence[Sequence[float]] | None = None,
    ellipses: Sequence[Sequence[float]] | None = None,
    markers: Sequence[Sequence[Any]] | None = None,
    x_range: Sequence[float] | None = None,
    y_range: Sequence[float] | None = None,
    height: int = 420,
    max_probes: int = MAX_PROBES,
    strings: dict[str, str] | None = None,
) -> list[list[float]]:
    """Mount the pad; return the probes' positions [[x, y], ...] as of the last release.

    points: (N, 2) codes; labels: (N,) ints in [0, len(class_names)).
    class_names: legend and hover names (default "0".."9" or up to the largest label).
    hover_images: (M, 28, 28) uint8 or [0, 1] images of the first M points, shown on hover, or
        `pack_images(...)` of them (cached by the caller: packing is the costly part of a rerun),
        or `link_images(...)` to a file the browser fetches once per tab (then the data is small).
    decoder_payload: from `decoder_payload(...)` (2-D input): probes decode in the browser.
    server_decode: codes (P, 2) float32 -> images (P, 28, 28) in [0, 1] (e.g. a conv decoder);
        called here on each run for the probes' current positions, i.e. after each release.
    probes: initial probe positions [(x, y), ...]; None shows the scatter only (no probes).
    ellipses: [(x, y, sx, sy), ...] 1-sigma posterior ellipses of picked points.
    markers: [(x, y, label) or (x, y, label, sx, sy), ...], e.g. the user's own digits.
    x_range, y_range: visible (low, high); default the points' extent plus 5%.
    height: plot height in pixels. strings: overrides of PAD_STRINGS (e.g. Korean).
    Returns [] when probes is None.
    """
    if decoder_payload is not None and server_decode is not None:
        raise ValueError("pass decoder_payload (browser decoding) or server_decode, not both")
    initial = None if probes is None else _pairs("probes", probes, 2)
    positions = None if initial is None else current_probes(key, initial)
    decoded = None
    if server_decode is not None and positions:
        decoded = server_decode(np.asarray(positions, dtype=np.float32))
    data = pad_data(points, labels, key=key, class_names=class_names, hover_images=hover_images,
                    decoder_payload=decoder_payload, probes=positions, decoded_images=decoded,
                    ellipses=ellipses, markers=markers, x_range=x_range, y_range=y_range,
                    height=height, max_probes=max_probes, strings=strings)
    if initial is None:
        _COMPONENT(key=key, data=encode_message(data), height="content")
        return []
    result = _COMPONENT(key=key, data=encode_message(data), default={"probes": initial},
                        on_probes_change=_ignore_change, height="content")
    return [list(map(float, p)) for p in (result.get("probes") or [])]


def preload() -> None:
    """Mount the pad with no data, where it draws nothing: the browser tab loads the pad's code
    (Streamlit's lazily loaded component renderer, then pad.js) on a page without a pad.

    A pad mounted in a tab that has not loaded that code yet waits for it, and React holds the
    element's reveal back while other lazily loaded widgets of the page (sliders, tables) load
    too: on the Undercomplete page that put the latent space 0.3-0.4 s behind the rest of the
    page. The sidebar calls this on every page, as its last element.
    """
    _COMPONENT(key=PRELOAD_KEY, data=b"", height="content")


def _ignore_change() -> None:
    """Streamlit needs a callback to accept a default for "probes"; the return value carries it."""
