"""The latent pad's data on the Python side: what one rerun sends, its checks, its size budget."""
from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from ae_core.browser_decoder import decoder_payload, linear_layers, unpack_array
from ae_core.models import build_model
from ui.latent_pad import encode_message, latent_pad, pack_images, pad_data


def read_message(message: bytes) -> dict:
    """What pad.js's readMessage does: header JSON, each packed array's bytes put back as base64."""
    import base64

    assert message[:4] == b"LPAD"
    (length,) = struct.unpack("<I", message[4:8])
    header = json.loads(message[8:8 + length].decode("utf-8"))
    body = message[8 + length:]

    def attach(node):
        if isinstance(node, dict):
            if "dtype" in node and "offset" in node:
                raw = body[node["offset"]:node["offset"] + node["length"]]
                return {**node, "b64": base64.b64encode(raw).decode("ascii")}
            return {k: attach(v) for k, v in node.items()}
        if isinstance(node, list):
            return [attach(v) for v in node]
        return node

    return attach(header)


def test_message_round_trip_keeps_every_field() -> None:
    rng = np.random.default_rng(0)
    codes = rng.normal(size=(500, 2)) * [3.0, 0.5]
    labels = rng.integers(0, 10, size=500)
    hover = rng.integers(0, 256, size=(40, 28, 28), dtype=np.uint8)
    data = pad_data(codes, labels, key="pad", hover_images=hover, probes=[(0.5, -0.25)],
                    decoded_images=np.full((1, 28, 28), 0.5), ellipses=[(0, 0, 1, 0.5)],
                    markers=[(1, 1, "mine"), (2, 0, 7, 0.3, 0.2)], strings={"probe": "탐침"})
    back = read_message(encode_message(data))
    low, high = np.asarray(back["bounds"][::2]), np.asarray(back["bounds"][1::2])
    steps = unpack_array(back["points"]).astype(np.float64)
    # Codes come back within half a uint16 step of their extent.
    np.testing.assert_allclose(low + steps / 65535 * (high - low), codes, atol=(high - low).max() / 65535)
    np.testing.assert_array_equal(unpack_array(back["labels"]), labels)
    np.testing.assert_array_equal(unpack_array(back["hover_images"]), hover)
    np.testing.assert_array_equal(unpack_array(back["decoded"]["images"]), np.full((1, 28, 28), 128))
    assert back["probes"] == [[0.5, -0.25]] and back["decoded"]["positions"] == [[0.5, -0.25]]
    assert back["markers"][1] == {"x": 2.0, "y": 0.0, "label": "7", "sx": 0.3, "sy": 0.2}
    assert back["strings"]["probe"] == "탐침" and back["strings"]["add_probe"] == "Add probe"
    assert back["x_range"][0] < codes[:, 0].min() and back["x_range"][1] > codes[:, 0].max()
    assert back["decoder"] is None


def test_images_packed_once_send_the_same_message_as_raw_ones() -> None:
    rng = np.random.default_rng(1)
    codes, labels = rng.normal(size=(30, 2)), rng.integers(0, 10, size=30)
    hover = rng.integers(0, 256, size=(30, 28, 28), dtype=np.uint8)
    packed = pack_images(hover)
    raw_message = encode_message(pad_data(codes, labels, key="pad", hover_images=hover))
    assert encode_message(pad_data(codes, labels, key="pad", hover_images=packed)) == raw_message
    assert packed.get("packed_images") is True  # the cached object is not changed by its use
    with pytest.raises(ValueError, match="M <= 20"):
        pad_data(codes[:20], labels[:20], key="pad", hover_images=packed)
    with pytest.raises(ValueError, match="hover_images must be"):
        pack_images(np.zeros((3, 27, 28), dtype=np.uint8))


def test_scatter_only_data_has_no_probes() -> None:
    data = pad_data(np.zeros((3, 2)), [1, 2, 3], key="scatter")
    assert data["probes"] is None and data["decoded"] is None
    assert data["class_names"] == [str(i) for i in range(10)]


@pytest.mark.parametrize("kwargs, message", [
    ({"points": np.zeros((4, 3))}, "points must be finite"),
    ({"points": np.full((4, 2), np.nan)}, "points must be finite"),
    ({"labels": [0, 1, 2]}, "labels must be"),
    ({"labels": [0, 1, 2, 10], "class_names": list("abcdefghij")}, "labels must lie in"),
    ({"hover_images": np.zeros((5, 28, 28))}, "hover_images must be"),
    ({"hover_images": np.full((2, 28, 28), 2.0)}, "uint8 or floats in"),
    ({"probes": [(0, 0)], "decoded_images": np.zeros((2, 28, 28))}, "one image per probe"),
    ({"decoded_images": np.zeros((1, 28, 28))}, "needs probes"),
    ({"probes": [(0, 0)] * 9}, "at most 8 probes"),
    ({"x_range": (1, 1)}, "x_range must be"),
    ({"ellipses": [(0, 0, 1)]}, "ellipses must be a list of 4"),
    ({"markers": [(0, 0)]}, "a marker is"),
    ({"height": 50}, "height must be"),
    ({"strings": {"addprobe": "x"}}, "unknown pad string"),
])
def test_pad_data_rejects_bad_input(kwargs: dict, message: str) -> None:
    arguments = {"points": np.zeros((4, 2)), "labels": [0, 1, 2, 3], "key": "pad", **kwargs}
    with pytest.raises(ValueError, match=message):
        pad_data(**arguments)


def test_pad_data_rejects_a_decoder_that_does_not_fit_the_pad() -> None:
    model = build_model("ae", {"latent_dim": 3, "hidden": [16]}, seed=0)
    payload = decoder_payload(linear_layers(model.decoder), precision="float16")
    with pytest.raises(ValueError, match="2-D codes to 28x28"):
        pad_data(np.zeros((4, 2)), [0, 1, 2, 3], key="pad", decoder_payload=payload, probes=[(0, 0)])
    with pytest.raises(ValueError, match="not both"):
        latent_pad(np.zeros((4, 2)), [0, 1, 2, 3], key="pad", decoder_payload=payload,
                   server_decode=lambda z: z, probes=[(0, 0)])


def test_the_vae_pad_fits_its_budget(mnist) -> None:
    """10,000 codes, 1,000 hover images and an int8 2-256-512-784 decoder: under 1 MB sent."""
    model = build_model("vae", {"latent_dim": 2, "hidden": [512, 256]}, seed=0)
    payload = decoder_payload(model.decoder_layers())
    codes = np.random.default_rng(0).normal(size=(10_000, 2))
    data = pad_data(codes, mnist.test_labels.numpy(), key="pad", hover_images=mnist.test_images[:1000, 0],
                    decoder_payload=payload, probes=[(0.0, 0.0)])
    size = len(encode_message(data))
    assert size < 1_000_000
    # The binary message saves base64's third over the same data as JSON text.
    assert size < 0.8 * len(json.dumps(data))


def test_linked_hover_images_travel_as_a_link_of_the_shown_count() -> None:
    from ui.latent_pad import link_images

    codes, labels = np.zeros((50, 2)), np.zeros(50, dtype=int)
    link = {"url": "/app/static/hover/mnist-00.bin", "id": "00", "shape": [10000, 28, 28]}
    data = pad_data(codes, labels, key="pad", hover_images=link_images(link, 40))
    assert data["hover_images"] is None
    assert data["hover_link"] == {"url": link["url"], "id": "00", "count": 40}
    assert b"mnist-00.bin" in encode_message(data) and len(encode_message(data)) < 4000
    with pytest.raises(ValueError, match="M <= 50"):  # more images shown than points
        pad_data(codes, labels, key="pad", hover_images=link_images(link))
    with pytest.raises(ValueError, match="cannot show"):
        link_images(link, 10001)
    with pytest.raises(ValueError, match="root-relative"):
        link_images({**link, "url": "http://elsewhere/x.bin"})
