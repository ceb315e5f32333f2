"""Denoising, measured: corrupt digits and reconstruct them, and PSNR against noise level for several
models on the same noisy inputs (the Denoising AE page's row of digits and its curve).

The corruption is ae_core.noise's, drawn from a seeded generator, so every model in a comparison
sees exactly the same noisy images, and the command line reproduces what the page shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import torch

from . import metrics
from . import noise as noise_module
from .latent import _as_batch, _inference, model_device

# Levels of the PSNR curve per noise kind, from light to heavy. Level 0 is left out: the noisy
# input would equal the clean image there, whose PSNR is infinite (capped at 100 dB).
DEFAULT_LEVELS: dict[str, tuple[float, ...]] = {
    "gaussian": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
    "salt-pepper": (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
    "masking": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
}


@dataclass(frozen=True)
class Denoised:
    """One corruption of `clean` and a model's reconstruction of it, all (n, 1, 28, 28) in [0, 1]
    on the model's device, with per-image PSNR (n,) of the noisy input and of the output."""

    clean: torch.Tensor
    noisy: torch.Tensor
    denoised: torch.Tensor
    input_psnr: torch.Tensor
    output_psnr: torch.Tensor


def denoise(model: torch.nn.Module, clean: torch.Tensor, kind: str, level: float, seed: int = 0) -> Denoised:
    """Corrupt `clean` ((n, 1, 28, 28), (1, 28, 28) or (28, 28)) with `kind` at `level` (seeded)
    and reconstruct the noisy images with `model`: one forward pass."""
    noise_module.check_noise(kind, level)
    clean = _as_batch(clean).to(model_device(model))
    with _inference(model):
        noisy = noise_module.corrupt(clean, kind, level, noise_module.make_generator(clean.device, seed))
        denoised = model.reconstruct(noisy)
    return Denoised(clean, noisy, denoised, metrics.per_image_psnr(noisy, clean),
                    metrics.per_image_psnr(denoised, clean))


@dataclass(frozen=True)
class PsnrCurve:
    """Mean PSNR (dB) against the clean images at each noise level: of the noisy input itself and
    of each model's output on that same noisy input."""

    kind: str
    levels: list[float]
    input_psnr: list[float]
    outputs: dict[str, list[float]]  # model name -> PSNR per level

    def gain_db(self, name: str) -> list[float]:
        """How many dB model `name` adds over its noisy input, per level."""
        return [out - inp for out, inp in zip(self.outputs[name], self.input_psnr)]


def default_levels(kind: str) -> list[float]:
    noise_module.check_noise(kind, 0.0)
    return list(DEFAULT_LEVELS[kind])


def psnr_curve(models: Mapping[str, torch.nn.Module], images: torch.Tensor, kind: str,
               levels: Sequence[float] | None = None, seed: int = 0) -> PsnrCurve:
    """PSNR against noise level on `images` (N, 1, 28, 28) for the noisy input and each model.

    At each level the inputs are corrupted with the same seed for every model, so the models are
    compared on identical noisy images. Cost: len(levels) x len(models) passes over `images`.
    """
    if not models:
        raise ValueError("psnr_curve needs at least one model")
    levels = default_levels(kind) if levels is None else [float(level) for level in levels]
    if not levels:
        raise ValueError("psnr_curve needs at least one noise level")
    for level in levels:
        noise_module.check_noise(kind, level)
    images = _as_batch(images)
    input_psnr: list[float] = []
    outputs: dict[str, list[float]] = {name: [] for name in models}
    for level in levels:
        for index, (name, model) in enumerate(models.items()):
            result = metrics.evaluate(model, images.to(model_device(model)), kind, level, seed=seed)
            outputs[name].append(result["psnr"])
            if index == 0:
                input_psnr.append(result["input_psnr"])
    return PsnrCurve(kind, levels, input_psnr, outputs)
