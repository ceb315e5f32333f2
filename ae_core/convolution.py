"""What the Convolutional AE page explains, computed: each layer's tensor shape and parameters, the
parameter counts of the three decoders, a toy max-pool -> max-unpool example with the pooling
indices, and where transposed convolution's checkerboard artefacts come from and how strong they are.

Shapes come from running a real model on a dummy input, so the diagram cannot drift from the code.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .latent import _as_batch, _inference, model_device
from .models import build_model
from .models.conv import DECODERS, ConvAE


def count_parameters(model: torch.nn.Module) -> int:
    return sum(parameter.numel() for parameter in model.parameters())


@dataclass(frozen=True)
class Layer:
    """One stage of the network: its name in ConvAE.feature_maps (or "input" / "code"), its kind
    (input, conv, pool, code, dense (the code's Linear layer back to maps), unpool, upsample,
    deconv, output), the shape of its output for one
    image ((C, H, W), or (latent_dim,) for the code) and the parameters of the layer making it."""

    name: str
    kind: str
    shape: tuple[int, ...]
    parameters: int


def _kind(name: str) -> str:
    for kind in ("unpool", "upsample", "deconv", "pool", "conv"):
        if kind in name:
            return kind
    return "output" if name.startswith("output") else "input"


def layers(model: ConvAE) -> list[Layer]:
    """Input, every feature map of `model` and its code, in the order data flows, for one image."""
    with _inference(model):
        trace = model.feature_maps(torch.zeros(1, 1, 28, 28, device=model_device(model)))
    # The layers whose output each trace entry is; unpool, upsample and pool layers have none.
    owners = {f"encoder conv{i + 1}": conv for i, conv in enumerate(model.encoder_convs)}
    kind = "deconv" if model.config.decoder == "transposed" else "conv"
    owners.update({f"decoder {kind}{j + 1}": layer for j, layer in enumerate(model.decoder_layers)})
    owners["decoder input"] = model.from_code
    owners["output"] = model.output_conv
    result = [Layer("input", "input", (1, 28, 28), 0)]
    for name, tensor in trace:
        if name == "output logits":  # the same map as "output" before the sigmoid
            continue
        if name == "decoder input":
            result.append(Layer("code", "code", (model.config.latent_dim,), count_parameters(model.to_code)))
        owner = owners.get(name)
        result.append(Layer(name, "dense" if name == "decoder input" else _kind(name),
                            tuple(tensor.shape[1:]), count_parameters(owner) if owner is not None else 0))
    return result


def decoder_parameter_counts(config: dict | None = None) -> dict[str, int]:
    """Total parameters of the conv AE with each decoder, the rest of `config` kept."""
    config = dict(config or {})
    return {decoder: count_parameters(build_model("conv", {**config, "decoder": decoder}, seed=None))
            for decoder in DECODERS}


def mlp_parameter_count(latent_dim: int, hidden: list[int]) -> int:
    """Parameters of the MLP autoencoder with the same code size, for comparison."""
    return count_parameters(build_model("ae", {"latent_dim": latent_dim, "hidden": list(hidden)}, seed=None))


@dataclass(frozen=True)
class PoolUnpool:
    """A toy max-pool (2x2, stride 2) and what each decoder does to undo it, as (H, W) arrays:
    `argmax` holds, per pooled cell, the flat index (row * W + col) in `values` of its maximum."""

    values: np.ndarray  # (H, W)
    pooled: np.ndarray  # (H/2, W/2)
    argmax: np.ndarray  # (H/2, W/2) int
    unpooled: np.ndarray  # (H, W): each maximum back at its position, zeros elsewhere
    upsampled: np.ndarray  # (H, W): nearest upsampling copies each maximum to all four cells


def toy_array(seed: int = 0, side: int = 4) -> np.ndarray:
    """A (side, side) array of the distinct integers 1..side^2 in random order: every 2x2 window
    has a single maximum, so the pooling index is unambiguous."""
    if side < 2 or side % 2:
        raise ValueError(f"side must be an even number >= 2, got {side}")
    rng = np.random.default_rng(seed)
    return (rng.permutation(side * side) + 1).reshape(side, side).astype(np.float32)


def pool_unpool(values: np.ndarray) -> PoolUnpool:
    """Max-pool `values` (H, W) with H, W even, then undo it by max-unpooling at the pooling
    indices (torch's MaxUnpool2d, as the "unpool" decoder) and by nearest upsampling."""
    values = np.asarray(values, dtype=np.float32)
    if values.ndim != 2 or values.shape[0] % 2 or values.shape[1] % 2 or min(values.shape) < 2:
        raise ValueError(f"values must be a 2-D array with even sides, got shape {values.shape}")
    x = torch.from_numpy(values)[None, None]  # (1, 1, H, W)
    pooled, argmax = F.max_pool2d(x, 2, return_indices=True)
    unpooled = F.max_unpool2d(pooled, argmax, 2, output_size=x.shape[-2:])
    upsampled = F.interpolate(pooled, scale_factor=2, mode="nearest")
    return PoolUnpool(values, pooled[0, 0].numpy(), argmax[0, 0].numpy().astype(np.int64),
                      unpooled[0, 0].numpy(), upsampled[0, 0].numpy())


def overlap_counts(kernel: int, stride: int, side: int = 6) -> np.ndarray:
    """How many kernel windows of a transposed convolution touch each output pixel, for a
    (side x side) input: the interior of the (side-1)*stride+kernel square output.

    When `kernel` is not a multiple of `stride`, neighbouring pixels get different counts in a
    regular pattern: the checkerboard that transposed convolutions tend to paint (Odena et al.,
    "Deconvolution and Checkerboard Artifacts", Distill 2016). The borders, which fewer windows
    reach, are cropped so that only that pattern remains.
    """
    if not 1 <= stride <= kernel <= 8 or not 2 <= side <= 32:
        raise ValueError(f"need 1 <= stride <= kernel <= 8 and 2 <= side <= 32, got kernel={kernel}, "
                         f"stride={stride}, side={side}")
    ones = torch.ones(1, 1, side, side)
    counts = F.conv_transpose2d(ones, torch.ones(1, 1, kernel, kernel), stride=stride)[0, 0]
    return counts[kernel - 1:counts.shape[0] - kernel + 1, kernel - 1:counts.shape[1] - kernel + 1] \
        .round().to(torch.int64).numpy()


def checkerboard_amplitude(images: torch.Tensor) -> float:
    """How strongly `images` (n, 1, 28, 28) follow a fixed period-2 pattern: the size of the
    checkerboard (-1)^(i+j) and stripe (-1)^i, (-1)^j components of their mean image, in intensity
    units (0..1), as sqrt of the sum of their squares.

    A stride-2 decoder computes even and odd output pixels with different kernel taps, so an
    artefact it paints sits at the same grid positions in every image and survives averaging,
    while digit strokes, which fall anywhere on the grid, average out.
    """
    mean = _as_batch(images).double().mean(0)[0]  # (28, 28)
    rows = (-1.0) ** torch.arange(mean.shape[0], dtype=torch.float64, device=mean.device)
    cols = (-1.0) ** torch.arange(mean.shape[1], dtype=torch.float64, device=mean.device)
    patterns = (rows[:, None] * cols[None, :], rows[:, None].expand_as(mean), cols[None, :].expand_as(mean))
    return float(torch.stack([(mean * pattern).mean() for pattern in patterns]).pow(2).sum().sqrt())


def feature_maps(model: ConvAE, image: torch.Tensor) -> list[tuple[str, torch.Tensor]]:
    """Every layer's feature maps for one image (28, 28), (1, 28, 28) or (1, 1, 28, 28):
    [(name, maps (C, H, W) on the CPU), ...] as ConvAE.feature_maps orders them, without the logits."""
    batch = _as_batch(image)
    if batch.shape[0] != 1:
        raise ValueError(f"expected one image, got {batch.shape[0]}")
    with _inference(model):
        trace = model.feature_maps(batch.to(model_device(model)))
    return [(name, maps[0].detach().float().cpu()) for name, maps in trace if name != "output logits"]
