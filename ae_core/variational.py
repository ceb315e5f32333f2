"""A VAE's posterior q(z|x) = N(mu(x), diag(sigma^2(x))) as numbers to show: the posterior of many
images at once, 1-sigma ellipses of picked ones, and the reparameterisation z = mu + sigma * eps
replayed from per-sample seeds, so that moving mu or sigma moves the same samples.

No plotting here (figures.py draws these); every function runs the model in eval mode without
gradients and puts it back in the mode it was in.
"""
from __future__ import annotations

import math
from typing import Sequence

import torch

from .latent import _as_batch, _inference, model_device
from .models.vae import VAE

MAX_SAMPLES = 10_000


def posterior(model: torch.nn.Module, images: torch.Tensor,
              batch_size: int = 2000) -> tuple[torch.Tensor, torch.Tensor]:
    """(mu, sigma) of q(z|x) for images (N, 1, 28, 28) (or one (28, 28) image): each (N, latent_dim)
    on the model's device, sigma = exp(logvar / 2)."""
    if not hasattr(model, "posterior"):
        raise ValueError(f"{type(model).__name__} has no posterior q(z|x); only a VAE has one")
    images = _as_batch(images)
    device = model_device(model)
    mus, sigmas = [], []
    with _inference(model):
        for batch in images.split(batch_size):
            mu, logvar = model.posterior(batch.to(device))
            mus.append(mu)
            sigmas.append((0.5 * logvar).exp())
    return torch.cat(mus), torch.cat(sigmas)


def ellipses(mu: torch.Tensor, sigma: torch.Tensor, indices: Sequence[int]) -> list[tuple[float, float, float, float]]:
    """1-sigma ellipses [(x, y, sigma_x, sigma_y), ...] of the 2-D posteriors at `indices`.

    q(z|x) has a diagonal covariance, so its 1-sigma contour is an axis-aligned ellipse with these
    half-axes: about 39% of its samples fall inside (the 2-D chi-square with 2 d.o.f. at 1).
    """
    if mu.dim() != 2 or mu.shape[1] != 2 or sigma.shape != mu.shape:
        raise ValueError(f"mu and sigma must both be (N, 2), got {tuple(mu.shape)} and {tuple(sigma.shape)}")
    count = mu.shape[0]
    bad = [index for index in indices if not 0 <= int(index) < count]
    if bad:
        raise IndexError(f"image number(s) {', '.join(map(str, bad))} out of range [0, {count - 1}]")
    picked = torch.as_tensor([int(index) for index in indices], dtype=torch.long, device=mu.device)
    rows = torch.cat([mu[picked], sigma[picked]], 1).double().cpu().tolist()  # (K, 4)
    return [tuple(row) for row in rows]


def reparameterized_samples(mu: Sequence[float], sigma: Sequence[float],
                            seeds: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """(eps, z), each (K, d) float32 on the CPU: sample k is VAE.reparameterize(mu, log sigma^2)
    with a generator seeded with seeds[k], i.e. z_k = mu + sigma * eps_k with eps_k ~ N(0, I) fixed
    by its seed. The same seeds under another mu or sigma give the same eps: z moves with them,
    which is why gradients reach mu and sigma through a sample.
    """
    mu_t = torch.as_tensor(mu, dtype=torch.float32).reshape(1, -1)  # (1, d)
    sigma_t = torch.as_tensor(sigma, dtype=torch.float32).reshape(1, -1)
    if sigma_t.shape != mu_t.shape:
        raise ValueError(f"mu and sigma need the same length, got {mu_t.shape[1]} and {sigma_t.shape[1]}")
    if not (torch.isfinite(mu_t).all() and torch.isfinite(sigma_t).all() and (sigma_t > 0).all()):
        raise ValueError("mu must be finite and sigma finite and > 0")
    if len(seeds) > MAX_SAMPLES:
        raise ValueError(f"at most {MAX_SAMPLES} samples, got {len(seeds)}")
    logvar = 2 * sigma_t.log()
    zeros = torch.zeros_like(mu_t)
    eps, z = [], []
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise ValueError(f"seeds must be integers in [0, 2**63), got {seed!r}")
        eps.append(VAE.reparameterize(zeros, zeros, torch.Generator().manual_seed(seed)))
        z.append(VAE.reparameterize(mu_t, logvar, torch.Generator().manual_seed(seed)))
    width = mu_t.shape[1]
    if not eps:
        return torch.zeros(0, width), torch.zeros(0, width)
    return torch.cat(eps), torch.cat(z)


def inside_fraction(eps: torch.Tensor, radius: float = 1.0) -> float:
    """The share of 2-D standard-normal draws `eps` (K, 2) within `radius` of the origin, and so of
    the z samples inside the radius-sigma ellipse; its expectation is 1 - exp(-radius^2 / 2)."""
    if eps.dim() != 2 or eps.shape[0] == 0:
        raise ValueError(f"eps must be (K, d) with K >= 1, got {tuple(eps.shape)}")
    return float((eps.pow(2).sum(1) <= radius ** 2).double().mean())


def expected_inside(radius: float = 1.0) -> float:
    """1 - exp(-radius^2 / 2): the chance a 2-D N(0, I) draw lies within `radius`."""
    return 1.0 - math.exp(-radius ** 2 / 2)
