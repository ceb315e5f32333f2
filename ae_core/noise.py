"""Input corruption for denoising autoencoders: Gaussian, salt-and-pepper and masking noise.

All functions are vectorised over the batch, run on the input's device, draw from an optional
torch.Generator (so a seed repeats a corruption exactly) and return images kept in [0, 1].
"""
from __future__ import annotations

import torch

from .errors import ConfigError

NOISE_KINDS = ("gaussian", "salt-pepper", "masking")
# The level's meaning and allowed range per kind: sigma for Gaussian, a probability otherwise.
LEVEL_RANGE = {"gaussian": (0.0, 2.0), "salt-pepper": (0.0, 1.0), "masking": (0.0, 1.0)}


def check_noise(kind: str | None, level: float) -> None:
    """Raise ConfigError (a ValueError) naming the argument and its allowed values when they are not valid."""
    if kind is None:
        return
    if kind not in NOISE_KINDS:
        raise ConfigError(f"noise must be one of {', '.join(NOISE_KINDS)}, got {kind!r}", "noise_kind",
                          choices=", ".join(NOISE_KINDS), value=repr(kind))
    low, high = LEVEL_RANGE[kind]
    if not isinstance(level, (int, float)) or isinstance(level, bool) or not low <= level <= high:
        name = "sigma" if kind == "gaussian" else "probability"
        raise ConfigError(f"noise level ({name}) for {kind} must be in [{low}, {high}], got {level!r}",
                          "noise_level", name=name, kind=kind, low=low, high=high, value=repr(level))


def _uniform(x: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    return torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype)


def gaussian(x: torch.Tensor, sigma: float, generator: torch.Generator | None = None) -> torch.Tensor:
    """x + N(0, sigma^2) per pixel, clipped to [0, 1]."""
    noise = torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)
    return (x + sigma * noise).clamp_(0.0, 1.0)


def salt_and_pepper(x: torch.Tensor, p: float, generator: torch.Generator | None = None) -> torch.Tensor:
    """Each pixel, with probability p, becomes 0 or 1 (equally likely)."""
    hit = _uniform(x, generator) < p
    salt = _uniform(x, generator) < 0.5
    return torch.where(hit, salt.to(x.dtype), x)


def masking(x: torch.Tensor, p: float, generator: torch.Generator | None = None) -> torch.Tensor:
    """Each pixel, with probability p, is set to 0 (dropped), as in Vincent et al. (2008)."""
    return x * (_uniform(x, generator) >= p).to(x.dtype)


_FUNCTIONS = {"gaussian": gaussian, "salt-pepper": salt_and_pepper, "masking": masking}


def corrupt(x: torch.Tensor, kind: str | None, level: float,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """Apply the named corruption at `level`; kind None or level 0 returns x unchanged."""
    check_noise(kind, level)
    if kind is None or level == 0:
        return x
    return _FUNCTIONS[kind](x, level, generator)


def make_generator(device: torch.device | str, seed: int) -> torch.Generator:
    """A generator on `device` seeded with `seed` (the noise is drawn where the images are)."""
    generator = torch.Generator(device=device)
    generator.manual_seed(seed)
    return generator
