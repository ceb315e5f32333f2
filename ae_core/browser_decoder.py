"""Ship an MLP decoder to the browser: a compact JSON payload, and the exact maths the browser runs.

The latent pad (ui/latent_pad) decodes a dragged probe on every animation frame in the page, so
the decoder's weights travel once as base64 inside the component's JSON data. A 2-D VAE decoder
2-256-512-784 has 534,544 parameters: 1.07 MB as float16 before base64, more than the pad's whole
1 MB budget. Hence two precisions:

- "float16": weights rounded to float16 (pixel error ~5e-4 to 2e-3); for small decoders.
- "int8" (default): one int8 per weight with a float32 scale per output row, rounded with error
  compensation (GPTQ / Optimal Brain Quantization, Frantar et al. 2022, arXiv:2210.17323): each
  column's rounding error is pushed onto the not yet rounded columns, weighted by the inverse
  Hessian E[h h^T] of the layer's inputs over calibration codes. With a 2-D latent the inputs
  live near a 2-D manifold, so most of the error lands where the inputs never go. Measured on a
  trained 2-256-512-784 decoder: max pixel error ~1e-3 over the calibrated region, against
  ~2.6e-2 for plain per-row rounding.
Layers with at most SMALL_LAYER_WEIGHTS weights (the code -> hidden one) ship as float32.

Every array is packed as little-endian bytes, zlib-compressed, base64 text (`pack_array`); the
browser inflates it with DecompressionStream("deflate"). `reference_decode` repeats the browser's
arithmetic in numpy: weights expanded to float32 (int8 * scale rounded to float32), dot products
accumulated in float64 (JavaScript numbers), activations stored as float32 after each layer,
sigmoid at the end. Browser and reference agree to ~1e-6; reference and torch to the precision's
error above.
"""
from __future__ import annotations

import base64
import hashlib
import json
import zlib
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

if TYPE_CHECKING:  # torch is imported where a module is read: packing arrays needs only numpy,
    import torch   # so the pad (ui.latent_pad) can be imported before torch without its cost
    from torch import nn

PAYLOAD_FORMAT = "mlp-decoder-v1"
PRECISIONS = ("int8", "float16")
PACKED_DTYPES = ("float16", "float32", "int8", "uint8", "uint16")
INT8_LEVELS = 127  # symmetric: q in [-127, 127], so -w quantizes to -q
GPTQ_DAMPING = 0.01  # fraction of the mean Hessian diagonal added for a stable inverse
# Layers this small ship as float32 in every precision. The first layer (code -> hidden) is one:
# with 2 inputs there is nothing to spread its rounding error onto, and that error reaches every
# unit after it (int8 there alone costs ~1e-2 of pixel error; exact, the whole decoder ~1e-3).
SMALL_LAYER_WEIGHTS = 4096
GPTQ_BLOCK = 64


def pack_array(array: np.ndarray | torch.Tensor, dtype: str) -> dict[str, Any]:
    """An array as {"dtype", "shape", "id", "b64"}: little-endian bytes, zlib, base64.

    `id` is a short digest of the packed bytes, so the browser can keep decoded arrays across
    reruns and skip inflating data it already has.
    """
    if dtype not in PACKED_DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(PACKED_DTYPES)}, got {dtype!r}")
    if hasattr(array, "detach"):  # a torch.Tensor
        array = array.detach().cpu().numpy()
    values = np.ascontiguousarray(np.asarray(array).astype(np.dtype(dtype).newbyteorder("<")))
    compressed = zlib.compress(values.tobytes(), 6)
    return {
        "dtype": dtype,
        "shape": list(values.shape),
        "id": hashlib.blake2b(compressed, digest_size=8).hexdigest(),
        "b64": base64.b64encode(compressed).decode("ascii"),
    }


def unpack_array(packed: dict[str, Any]) -> np.ndarray:
    """The inverse of `pack_array` (native byte order)."""
    dtype = packed.get("dtype")
    if dtype not in PACKED_DTYPES:
        raise ValueError(f"packed array dtype must be one of {', '.join(PACKED_DTYPES)}, got {dtype!r}")
    raw = zlib.decompress(base64.b64decode(packed["b64"]))
    values = np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<"))
    return values.reshape(packed["shape"]).astype(dtype)


def linear_layers(module: nn.Module) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(weight (out, in), bias (out,)) of each Linear in an nn.Sequential of Linear/ReLU.

    Raises ValueError unless the module is Linear, ReLU, Linear, ..., Linear: the only shape the
    browser decoder computes (the sigmoid after the last Linear is the browser's, as in decode()).
    """
    import torch
    from torch import nn

    if not isinstance(module, nn.Sequential):
        raise ValueError(f"expected an nn.Sequential of Linear and ReLU layers, got {type(module).__name__}")
    children = list(module)
    expected_linear = True
    for index, child in enumerate(children):
        want = nn.Linear if expected_linear else nn.ReLU
        if not isinstance(child, want):
            raise ValueError(f"layer {index} of the decoder is {type(child).__name__}; the browser decoder "
                             "needs Linear layers with one ReLU between consecutive Linear layers")
        expected_linear = not expected_linear
    if not children or expected_linear:
        raise ValueError("the decoder must start and end with a Linear layer")
    layers = []
    for child in children[::2]:
        bias = child.bias if child.bias is not None else torch.zeros(child.out_features)
        layers.append((child.weight.detach(), bias.detach()))
    return layers


def _as_float64(array: np.ndarray | torch.Tensor) -> np.ndarray:
    if hasattr(array, "detach"):  # a torch.Tensor
        array = array.detach().cpu().double().numpy()
    return np.asarray(array, dtype=np.float64)


def _check_layers(layers: Sequence[tuple[Any, Any]]) -> list[tuple[np.ndarray, np.ndarray]]:
    if not layers:
        raise ValueError("the decoder needs at least one (weight, bias) layer")
    checked = []
    for index, (weight, bias) in enumerate(layers):
        weight, bias = _as_float64(weight), _as_float64(bias)
        if weight.ndim != 2 or bias.shape != (weight.shape[0],):
            raise ValueError(f"layer {index}: weight must be (out, in) and bias (out,), "
                             f"got {weight.shape} and {bias.shape}")
        if checked and weight.shape[1] != checked[-1][0].shape[0]:
            raise ValueError(f"layer {index} takes {weight.shape[1]} inputs but layer {index - 1} "
                             f"gives {checked[-1][0].shape[0]}")
        if not (np.isfinite(weight).all() and np.isfinite(bias).all()):
            raise ValueError(f"layer {index} has non-finite weights")
        checked.append((weight, bias))
    return checked


def calibration_grid(x_range: tuple[float, float], y_range: tuple[float, float],
                     codes: np.ndarray | torch.Tensor | None = None, size: int = 32) -> np.ndarray:
    """A size x size grid over the pad's visible range, plus `codes` (e.g. the data's mu) if given."""
    grid = np.stack(np.meshgrid(np.linspace(*x_range, size), np.linspace(*y_range, size)), -1).reshape(-1, 2)
    if codes is None:
        return grid
    return np.concatenate([grid, _as_float64(codes).reshape(-1, 2)])


def default_calibration(latent_dim: int, span: float = 4.0) -> np.ndarray:
    """Codes (K, latent_dim) where the decoder should be most exact when quantized to int8.

    A 32x32 grid over [-span, span]^2 for a 2-D latent (the pad's usual view of a VAE's prior),
    otherwise 1,024 draws from N(0, I). A finer grid gains nothing measurable. Pass your own codes (the pad's range, the data's codes)
    when the decoder lives elsewhere, e.g. a plain AE's codes far from the origin.
    """
    if latent_dim == 2:
        return calibration_grid((-span, span), (-span, span))
    return np.random.default_rng(0).standard_normal((1024, latent_dim))


def _quantize_int8(weight: np.ndarray, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GPTQ rounding of one layer: weight (out, in) float64, inputs (K, in) -> q int8, scale float32.

    Columns are rounded in order of decreasing input energy (GPTQ's "act order"); the rounding
    error e (out,) of column i is spread onto the columns j after it as
    W[:, j] -= e / U[i, i] * U[i, j], U the upper Cholesky factor of H^-1, H = inputs^T inputs / K.
    """
    n_out, n_in = weight.shape
    scale = (np.abs(weight).max(axis=1) / INT8_LEVELS).astype(np.float32)
    scale[scale == 0] = 1.0
    hessian = inputs.T @ inputs / len(inputs)  # (in, in)
    # Inputs that never fire on the calibration codes get a unit diagonal: plain rounding for them.
    dead = np.diag(hessian) <= 0
    hessian[dead, dead] = 1.0
    order = np.argsort(-np.diag(hessian), kind="stable")
    hessian = hessian[order][:, order]
    hessian += GPTQ_DAMPING * np.mean(np.diag(hessian)) * np.eye(n_in)
    upper = np.linalg.cholesky(np.linalg.inv(hessian)).T  # (in, in), H^-1 = upper^T upper
    work = weight[:, order]  # a copy, in rounding order
    scale64 = scale.astype(np.float64)
    q = np.empty((n_out, n_in), dtype=np.int8)
    # GPTQ's lazy batches: errors spread column by column inside a block, then onto all later
    # columns with one matrix product (the same arithmetic, a fraction of the memory traffic).
    for start in range(0, n_in, GPTQ_BLOCK):
        stop = min(start + GPTQ_BLOCK, n_in)
        block = work[:, start:stop]
        errors = np.empty_like(block)
        for j in range(stop - start):
            i = start + j
            column = np.clip(np.round(block[:, j] / scale64), -INT8_LEVELS, INT8_LEVELS)
            q[:, order[i]] = column
            errors[:, j] = (block[:, j] - column * scale64) / upper[i, i]  # (out,)
            block[:, j + 1:] -= np.outer(errors[:, j], upper[i, i + 1:stop])
        work[:, stop:] -= errors @ upper[start:stop, stop:]
    return q, scale


def _browser_weight(layer: dict[str, Any]) -> np.ndarray:
    """The float32 weight (out, in) that the browser multiplies with, from a payload layer."""
    weight = unpack_array(layer["weight"]).astype(np.float32)
    if "scale" in layer:
        weight = weight * unpack_array(layer["scale"])[:, None]  # float32 * float32, rounded to float32
    return weight


def decoder_payload(layers: Sequence[tuple[Any, Any]], *, precision: str = "int8",
                    calibration_z: np.ndarray | torch.Tensor | None = None) -> dict[str, Any]:
    """Pack an MLP decoder (Linear, ReLU between, sigmoid at the end) for the browser.

    layers: [(weight (out, in), bias (out,)), ...] as tensors or arrays, e.g.
        `linear_layers(model.decoder)`; the last layer gives 784 logits of a 28x28 image.
    precision: "int8" (compact, default) or "float16" (see the module docstring).
    calibration_z: (K, latent_dim) codes over which int8 rounding is made most exact; defaults to
        `default_calibration(latent_dim)`. Ignored for float16.

    Returns {"format", "precision", "input_dim", "output_shape", "activations", "layers"}, each
    layer {"in", "out", "weight", "bias"[, "scale"]} with packed arrays (`pack_array`).
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    checked = _check_layers(layers)
    input_dim = checked[0][0].shape[1]
    n_outputs = checked[-1][0].shape[0]
    output_shape = [28, 28] if n_outputs == 28 * 28 else [n_outputs]
    if precision == "int8":
        inputs = _as_float64(default_calibration(input_dim) if calibration_z is None else calibration_z)
        if inputs.ndim != 2 or inputs.shape[1] != input_dim or len(inputs) == 0:
            raise ValueError(f"calibration_z must be (K, {input_dim}) codes, got shape {inputs.shape}")
    packed_layers = []
    for index, (weight, bias) in enumerate(checked):
        out_features, in_features = weight.shape
        layer: dict[str, Any] = {"in": in_features, "out": out_features,
                                 "bias": pack_array(bias, "float32")}
        if weight.size <= SMALL_LAYER_WEIGHTS:
            layer["weight"] = pack_array(weight, "float32")
        elif precision == "float16":
            if np.abs(weight).max() > np.finfo(np.float16).max:
                raise ValueError(f"layer {index} has weights beyond float16's range; use precision='int8'")
            layer["weight"] = pack_array(weight, "float16")
        else:
            q, scale = _quantize_int8(weight, inputs)
            layer["weight"] = pack_array(q, "int8")
            layer["scale"] = pack_array(scale, "float32")
        if precision == "int8":
            # The next layer is calibrated on what this layer really outputs in the browser.
            inputs = inputs @ _browser_weight(layer).astype(np.float64).T + bias.astype(np.float32)
            inputs = np.maximum(inputs.astype(np.float32), 0).astype(np.float64)
        packed_layers.append(layer)
    return {
        "format": PAYLOAD_FORMAT,
        "precision": precision,
        "input_dim": input_dim,
        "output_shape": output_shape,
        "activations": ["relu"] * (len(checked) - 1) + ["sigmoid"],
        "layers": packed_layers,
    }


def check_payload(payload: Any) -> None:
    """Raise ValueError unless `payload` looks like what `decoder_payload` builds."""
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT:
        raise ValueError(f"decoder payload must be a dict from decoder_payload() (format {PAYLOAD_FORMAT!r})")
    layers = payload.get("layers")
    if not isinstance(layers, list) or not layers or len(payload.get("activations", [])) != len(layers):
        raise ValueError("decoder payload needs one activation per layer")


def reference_decode(payload: dict[str, Any], z: np.ndarray | torch.Tensor | Sequence[float]) -> np.ndarray:
    """Decode codes z (B, input_dim) or (input_dim,) exactly as the browser does.

    Returns float32 pixels (B, *output_shape) in [0, 1] ((*output_shape) for a single code).
    """
    check_payload(payload)
    codes = _as_float64(z)
    single = codes.ndim == 1
    codes = codes.reshape(1, -1) if single else codes
    if codes.ndim != 2 or codes.shape[1] != payload["input_dim"]:
        raise ValueError(f"z must have {payload['input_dim']} values per code, got shape {codes.shape}")
    hidden = codes  # the first layer reads the code as JavaScript doubles
    for layer, activation in zip(payload["layers"], payload["activations"]):
        weight = _browser_weight(layer).astype(np.float64)
        bias = unpack_array(layer["bias"]).astype(np.float64)
        sums = hidden @ weight.T + bias  # float64 sums, as JavaScript's
        if activation == "relu":
            hidden = np.maximum(sums, 0).astype(np.float32).astype(np.float64)
        else:
            hidden = (1.0 / (1.0 + np.exp(-sums))).astype(np.float32)
    pixels = hidden.reshape(len(codes), *payload["output_shape"])
    return pixels[0] if single else pixels


def payload_bytes(payload: Any) -> int:
    """Size in bytes of the JSON text that carries `payload` to the browser."""
    return len(json.dumps(payload, separators=(",", ":")).encode("utf-8"))


def estimate_payload_bytes(layer_shapes: Sequence[tuple[int, int]], precision: str = "int8") -> int:
    """Upper estimate of `payload_bytes(decoder_payload(...))` from (out, in) shapes alone.

    For deciding before packing whether a decoder fits the browser (else decode on the server):
    uncompressed bytes per weight (1 for int8, 2 for float16, 4 for small layers), float32 bias
    and scale per output, times 4/3 for base64, plus a little JSON. zlib saves another 5-15%.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    total = 200
    for out, inp in layer_shapes:
        if out * inp <= SMALL_LAYER_WEIGHTS:
            raw = out * inp * 4 + out * 4
        elif precision == "int8":
            raw = out * inp + out * 8  # int8 weights, float32 scale and bias per output
        else:
            raw = out * inp * 2 + out * 4
        total += int(raw * 4 / 3) + 200
    return total
