"""The latent space as tensors: encode a dataset, project codes to 2-D, decode a grid of codes,
interpolate between two images, sample a VAE's prior. No plotting here (see figures.py).

Every function runs the model in eval mode without gradients, in batches, on the model's device,
and puts the model back in the mode it was in.
"""
from __future__ import annotations

import contextlib
import math
from typing import Iterator

import torch

from . import noise as noise_module
from .metrics import fit_pca

IMAGE_SIDE = 28


def model_device(model: torch.nn.Module) -> torch.device:
    parameter = next(model.parameters(), None)
    return parameter.device if parameter is not None else torch.device("cpu")


@contextlib.contextmanager
def _inference(model: torch.nn.Module) -> Iterator[None]:
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        model.train(was_training)


def _as_batch(images: torch.Tensor) -> torch.Tensor:
    """(28, 28), (1, 28, 28) or (N, 1, 28, 28) -> (N, 1, 28, 28)."""
    if images.dim() == 2:
        images = images.unsqueeze(0)
    if images.dim() == 3:
        images = images.unsqueeze(0) if images.shape[0] == 1 else images.unsqueeze(1)
    if images.dim() != 4 or tuple(images.shape[1:]) != (1, IMAGE_SIDE, IMAGE_SIDE):
        raise ValueError(f"images must be shaped (N, 1, 28, 28), got {tuple(images.shape)}")
    return images


def encode_dataset(model: torch.nn.Module, images: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Codes of `images` (N, 1, 28, 28) -> (N, latent_dim) on the model's device.

    The code is the model's deterministic `encode`: for a VAE, the posterior mean mu.
    """
    images = _as_batch(images)
    device = model_device(model)
    with _inference(model):
        codes = [model.encode(batch.to(device)) for batch in images.split(batch_size)]
    return torch.cat(codes)


def project_2d(codes: torch.Tensor) -> tuple[torch.Tensor, str, float]:
    """Codes (N, d) -> (points (N, 2), method, explained variance ratio).

    2-D codes are shown as they are ("identity", ratio 1.0); 1-D codes are placed on the x axis;
    wider codes are projected on their first two principal components ("pca", with the share of
    the codes' variance those two keep).
    """
    if codes.dim() != 2 or codes.shape[0] == 0:
        raise ValueError(f"codes must be shaped (N, d) with N >= 1, got {tuple(codes.shape)}")
    codes = codes.detach().float()
    if codes.shape[1] == 2:
        return codes, "identity", 1.0
    if codes.shape[1] == 1:
        return torch.cat([codes, torch.zeros_like(codes)], 1), "identity", 1.0
    if codes.shape[0] < 2:
        raise ValueError("projecting codes wider than 2 with PCA needs at least 2 codes")
    pca = fit_pca(codes, 2)
    return pca.transform(codes), "pca", float(pca.explained_variance_ratio.sum())


def _check_range(name: str, value: tuple[float, float]) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) of numbers, got {value!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"{name} must be finite with low < high, got {value!r}")
    return low, high


def latent_grid(x_range: tuple[float, float], y_range: tuple[float, float], n: int) -> torch.Tensor:
    """An n x n grid of 2-D codes, shape (n * n, 2), in row-major order as an image is read:
    row i has y going from y_range's high end (top row) down to its low end, column j has x going
    from low (left) to high, so that decoded tiles sit where their codes lie on a y-up plot.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 64:
        raise ValueError(f"grid size n must be an integer in [1, 64], got {n!r}")
    x_low, x_high = _check_range("x_range", x_range)
    y_low, y_high = _check_range("y_range", y_range)
    if n == 1:
        xs = torch.tensor([(x_low + x_high) / 2])
        ys = torch.tensor([(y_low + y_high) / 2])
    else:
        xs = torch.linspace(x_low, x_high, n)
        ys = torch.linspace(y_high, y_low, n)
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")  # (n, n) each
    return torch.stack([grid_x.reshape(-1), grid_y.reshape(-1)], 1)


def decode_codes(model: torch.nn.Module, codes: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Codes (N, latent_dim) -> images (N, 1, 28, 28) in [0, 1], on the model's device."""
    if codes.dim() != 2 or codes.shape[1] != model.latent_dim:
        raise ValueError(f"codes must be shaped (N, {model.latent_dim}) for this model, "
                         f"got {tuple(codes.shape)}")
    device = model_device(model)
    with _inference(model):
        images = [model.decode(batch.to(device)) for batch in codes.float().split(batch_size)]
    return torch.cat(images)


def decode_grid(model: torch.nn.Module, x_range: tuple[float, float], y_range: tuple[float, float],
                n: int) -> torch.Tensor:
    """Decode latent_grid(x_range, y_range, n) with a 2-D model: images (n, n, 28, 28), where
    [i, j] is row i (top = highest y) and column j (left = lowest x)."""
    if model.latent_dim != 2:
        raise ValueError(f"a decoded grid needs a model with 2-D codes, this one has {model.latent_dim}")
    images = decode_codes(model, latent_grid(x_range, y_range, n))
    return images.view(n, n, IMAGE_SIDE, IMAGE_SIDE)


def interpolate(model: torch.nn.Module, image_a: torch.Tensor, image_b: torch.Tensor,
                steps: int = 10) -> torch.Tensor:
    """Decode `steps` codes evenly spaced on the line from code(image_a) to code(image_b), both
    ends included: images (steps, 1, 28, 28). Each image may be (28, 28), (1, 28, 28) or
    (1, 1, 28, 28)."""
    if isinstance(steps, bool) or not isinstance(steps, int) or not 2 <= steps <= 256:
        raise ValueError(f"steps must be an integer in [2, 256], got {steps!r}")
    pair = torch.cat([_as_batch(image_a)[:1], _as_batch(image_b)[:1]])
    code_a, code_b = encode_dataset(model, pair)  # (latent_dim,) each
    weights = torch.linspace(0, 1, steps, device=code_a.device).unsqueeze(1)  # (steps, 1)
    return decode_codes(model, (1 - weights) * code_a + weights * code_b)


def sample_prior(model: torch.nn.Module, n: int, seed: int = 0) -> torch.Tensor:
    """n images (n, 1, 28, 28) from the model's prior (a VAE's `sample(n, generator)`, z ~ N(0, I)),
    drawn with a generator seeded with `seed`: the same seed gives the same images on one device."""
    if not hasattr(model, "sample"):
        raise ValueError(f"{type(model).__name__} has no prior to sample from; only a VAE has one")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10000:
        raise ValueError(f"number of samples n must be an integer in [1, 10000], got {n!r}")
    generator = noise_module.make_generator(model_device(model), seed)
    with _inference(model):
        return model.sample(n, generator=generator)
