"""Reconstruction metrics (per-image MSE, BCE, PSNR), the VAE's negative ELBO, and test evaluation.

Per-image conventions: MSE is the mean over the 784 pixels; BCE is summed over the pixels (the
Bernoulli negative log-likelihood in nats); PSNR is 10 log10(1 / MSE) in dB for images in [0, 1].
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from . import noise as noise_module

# PSNR of a perfect reconstruction is infinite; cap it so that means stay finite.
PSNR_CAP_DB = 100.0


def per_image_mse(reconstructions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return (reconstructions - targets).pow(2).flatten(1).mean(1)


def per_image_bce(reconstructions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    eps = 1e-7
    probabilities = reconstructions.clamp(eps, 1 - eps)
    return F.binary_cross_entropy(probabilities, targets, reduction="none").flatten(1).sum(1)


def psnr_from_mse(mse: torch.Tensor) -> torch.Tensor:
    return (10.0 * torch.log10(1.0 / mse.clamp_min(10 ** (-PSNR_CAP_DB / 10)))).clamp_max(PSNR_CAP_DB)


def per_image_psnr(reconstructions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return psnr_from_mse(per_image_mse(reconstructions, targets))


@torch.no_grad()
def reconstruction_errors(model: torch.nn.Module, images: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Per-image MSE of the model's deterministic reconstruction, shape (N,): the novelty score."""
    model.eval()
    scores = [per_image_mse(model.reconstruct(batch), batch) for batch in images.split(batch_size)]
    return torch.cat(scores)


@torch.no_grad()
def evaluate(model: torch.nn.Module, images: torch.Tensor, noise: str | None = None,
             noise_level: float = 0.0, seed: int = 0, batch_size: int = 2000) -> dict[str, float]:
    """Mean test metrics of `model` on `images`.

    Always: mse, bce, psnr of the reconstruction against the clean images. With noise, the inputs
    are corrupted first (seeded) and input_psnr (noisy input against clean) is reported beside.
    A VAE (a model with `elbo_terms`) adds recon, kl and neg_elbo per image: the Bernoulli BCE
    summed over the 784 pixels of the [0, 1] image plus the KL term, as PyTorch's VAE example.
    """
    was_training = model.training
    model.eval()
    generator = noise_module.make_generator(images.device, seed) if noise else None
    totals: dict[str, float] = {}
    for clean in images.split(batch_size):
        inputs = noise_module.corrupt(clean, noise, noise_level, generator)
        output = model.reconstruct(inputs)
        batch = {
            "mse": per_image_mse(output, clean),
            "bce": per_image_bce(output, clean),
            "psnr": per_image_psnr(output, clean),
        }
        if noise:
            batch["input_psnr"] = per_image_psnr(inputs, clean)
        if hasattr(model, "elbo_terms"):
            batch.update(model.elbo_terms(clean))
        for name, values in batch.items():
            totals[name] = totals.get(name, 0.0) + float(values.double().sum())
    model.train(was_training)
    count = images.shape[0]
    return {name: total / count for name, total in totals.items()}


def finite(terms: dict[str, float]) -> bool:
    return all(math.isfinite(value) for value in terms.values())
