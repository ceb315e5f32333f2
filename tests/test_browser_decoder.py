"""The browser decoder payload: packing round trips, the reference maths against torch, and size."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from torch import nn

from ae_core.browser_decoder import (calibration_grid, check_payload, decoder_payload, default_calibration,
                                     estimate_payload_bytes, linear_layers, pack_array, payload_bytes,
                                     reference_decode, unpack_array)
from ae_core.models import build_model


@pytest.fixture(scope="module")
def vae_sized_decoder() -> nn.Module:
    """A 2-256-512-784 decoder (the mirror of hidden [512, 256]) with its init weights scaled so
    that its logits span about -26..26 over [-4, 4]^2: harsher than a trained VAE's (about
    -24..2), so the tolerances below hold with room. Training one here would take minutes."""
    model = build_model("ae", {"latent_dim": 2, "hidden": [512, 256]}, seed=0).eval()
    with torch.no_grad():
        for layer in model.decoder:
            if isinstance(layer, nn.Linear):
                layer.weight.mul_(3.0)
                layer.bias.sub_(0.5)
    return model


@pytest.fixture(scope="module")
def payloads(vae_sized_decoder: nn.Module) -> dict[str, dict]:
    """The decoder packed in both precisions, default calibration (building int8 takes ~1 s)."""
    layers = linear_layers(vae_sized_decoder.decoder)
    return {precision: decoder_payload(layers, precision=precision) for precision in ("int8", "float16")}


def torch_decode(model: nn.Module, codes: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model.decode(torch.as_tensor(codes, dtype=torch.float32)).numpy()[:, 0]


@pytest.mark.parametrize("dtype", ["float16", "float32", "int8", "uint8", "uint16"])
def test_pack_round_trip(dtype: str) -> None:
    rng = np.random.default_rng(0)
    info = np.iinfo(dtype) if dtype[0] in "iu" else None
    values = (rng.integers(info.min, info.max, size=(7, 5), endpoint=True) if info
              else rng.standard_normal((7, 5)).astype(dtype))
    packed = pack_array(values, dtype)
    assert json.loads(json.dumps(packed)) == packed  # plain JSON
    assert packed["shape"] == [7, 5]
    np.testing.assert_array_equal(unpack_array(packed), values.astype(dtype))
    assert pack_array(values, dtype)["id"] == packed["id"]  # same content, same id
    other = values.copy()
    other[0, 0] = other[0, 1] if other[0, 0] != other[0, 1] else other[0, 0] + 1
    assert pack_array(other, dtype)["id"] != packed["id"]


def test_pack_rejects_unknown_dtype() -> None:
    with pytest.raises(ValueError, match="dtype must be one of"):
        pack_array(np.zeros(3), "float64")


def test_linear_layers_reads_a_sequential_and_rejects_other_shapes() -> None:
    model = build_model("ae", {"latent_dim": 2, "hidden": [64, 32]}, seed=0)
    layers = linear_layers(model.decoder)
    assert [tuple(w.shape) for w, _ in layers] == [(32, 2), (64, 32), (784, 64)]
    with pytest.raises(ValueError, match="Sigmoid"):
        linear_layers(nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 784)))
    with pytest.raises(ValueError, match="end with a Linear"):
        linear_layers(nn.Sequential(nn.Linear(2, 4), nn.ReLU()))
    with pytest.raises(ValueError, match="nn.Sequential"):
        linear_layers(nn.Linear(2, 784))


def test_decoder_payload_validates_layers() -> None:
    with pytest.raises(ValueError, match="takes 5 inputs"):
        decoder_payload([(np.zeros((4, 2)), np.zeros(4)), (np.zeros((784, 5)), np.zeros(784))])
    with pytest.raises(ValueError, match="non-finite"):
        decoder_payload([(np.full((784, 2), np.nan), np.zeros(784))])
    with pytest.raises(ValueError, match="precision"):
        decoder_payload([(np.zeros((784, 2)), np.zeros(784))], precision="int4")
    with pytest.raises(ValueError, match="calibration_z"):
        decoder_payload([(np.zeros((784, 2)), np.zeros(784))], calibration_z=np.zeros((10, 3)))
    with pytest.raises(ValueError, match="decoder_payload"):
        check_payload({"layers": []})


@pytest.mark.parametrize("precision, tolerance", [("float16", 5e-3), ("int8", 1e-2)])
def test_reference_decode_matches_torch(vae_sized_decoder: nn.Module, payloads: dict[str, dict],
                                        precision: str, tolerance: float) -> None:
    payload = payloads[precision]
    assert payload["activations"] == ["relu", "relu", "sigmoid"]
    assert payload["output_shape"] == [28, 28] and payload["input_dim"] == 2
    codes = np.random.default_rng(2).uniform(-4, 4, size=(400, 2))  # inside the default calibration
    expected = torch_decode(vae_sized_decoder, codes)
    logits = vae_sized_decoder.decode_logits(torch.as_tensor(codes, dtype=torch.float32))
    assert logits.min() < -20 and logits.max() > 20  # real contrast, not init's flat gray
    pixels = reference_decode(payload, codes)
    assert pixels.shape == (400, 28, 28) and pixels.dtype == np.float32
    assert np.abs(pixels - expected).max() < tolerance
    single = reference_decode(payload, codes[0])
    np.testing.assert_array_equal(single, pixels[0])


def test_error_compensated_int8_beats_plain_rounding(vae_sized_decoder: nn.Module,
                                                     payloads: dict[str, dict]) -> None:
    """Error-compensated rounding (and the exact first layer) is why int8 meets the 1e-2 parity:
    plain per-row rounding of every layer does far worse."""
    layers = linear_layers(vae_sized_decoder.decoder)
    payload = payloads["int8"]
    codes = np.random.default_rng(3).uniform(-4, 4, size=(400, 2))
    expected = torch_decode(vae_sized_decoder, codes)
    hidden = codes
    for index, (weight, bias) in enumerate(layers):
        weight = weight.double().numpy()
        scale = np.abs(weight).max(axis=1, keepdims=True) / 127
        hidden = hidden @ (np.round(weight / scale) * scale).T + bias.double().numpy()
        hidden = np.maximum(hidden, 0) if index < len(layers) - 1 else 1 / (1 + np.exp(-hidden))
    plain_error = np.abs(hidden.reshape(-1, 28, 28) - expected).max()
    gptq_error = np.abs(reference_decode(payload, codes) - expected).max()
    assert gptq_error < plain_error / 4


def test_calibration_follows_where_the_codes_are(vae_sized_decoder: nn.Module,
                                                payloads: dict[str, dict]) -> None:
    """Codes far from the default grid decode better with a payload calibrated on them."""
    layers = linear_layers(vae_sized_decoder.decoder)
    x_range, y_range = (6.0, 14.0), (-12.0, -4.0)
    codes = np.random.default_rng(4).uniform((6, -12), (14, -4), size=(300, 2))
    expected = torch_decode(vae_sized_decoder, codes)
    default_error = np.abs(reference_decode(payloads["int8"], codes) - expected).max()
    tuned = decoder_payload(layers, calibration_z=calibration_grid(x_range, y_range))
    tuned_error = np.abs(reference_decode(tuned, codes) - expected).max()
    assert tuned_error < default_error
    assert default_calibration(2).shape == (32 * 32, 2)
    assert default_calibration(5).shape == (1024, 5)


def test_payload_sizes(vae_sized_decoder: nn.Module, payloads: dict[str, dict]) -> None:
    """int8 fits the pad's 1 MB budget with room for the scatter; float16 alone would not."""
    shapes = [tuple(weight.shape) for weight, _ in linear_layers(vae_sized_decoder.decoder)]
    int8, float16 = payload_bytes(payloads["int8"]), payload_bytes(payloads["float16"])
    parameters = sum(out * inp + out for out, inp in shapes)
    assert parameters == 534_544
    assert int8 < 0.75e6 < 1e6 < float16
    assert int8 <= estimate_payload_bytes(shapes, "int8") < 1.3 * int8
    assert float16 <= estimate_payload_bytes(shapes, "float16") < 1.3 * float16


def test_reference_decode_checks_its_input(payloads: dict[str, dict]) -> None:
    with pytest.raises(ValueError, match="2 values per code"):
        reference_decode(payloads["float16"], np.zeros((3, 5)))
