"""The contract every autoencoder family follows, and the checks shared by their configs.

A model maps images x of shape (B, 1, 28, 28) in [0, 1] to a code with `encode` and back with
`decode`. `loss(inputs, targets)` returns a dict of named scalar terms whose "loss" entry is what
the optimiser minimises; the training loop knows nothing else about a family. Denoising is not a
family of its own: the loop corrupts `inputs` and keeps `targets` clean.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import ConfigError  # re-exported: models raise it, callers catch it from here

IMAGE_SHAPE = (1, 28, 28)
IMAGE_PIXELS = 28 * 28
RECONSTRUCTION_LOSSES = ("bce", "mse")




def check_int(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{name} must be an integer in [{low}, {high}], got {value!r}", "integer",
                          name=name, low=low, high=high, value=repr(value))


def check_float(name: str, value: Any, low: float, high: float, *, low_open: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (low < value if low_open else low <= value) and value <= high
    if not ok:
        bracket = "(" if low_open else "["
        raise ConfigError(f"{name} must be a number in {bracket}{low}, {high}], got {value!r}", "number",
                          name=name, range=f"{bracket}{low}, {high}]", value=repr(value))


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}", "choice",
                          name=name, choices=", ".join(choices), value=repr(value))


def check_sizes(name: str, sizes: Any, low: int, high: int, min_len: int = 0, max_len: int = 6) -> None:
    if not isinstance(sizes, (list, tuple)) or not min_len <= len(sizes) <= max_len:
        raise ConfigError(f"{name} must be a list of {min_len} to {max_len} layer sizes, got {sizes!r}", "sizes",
                          name=name, min_len=min_len, max_len=max_len, value=repr(sizes))
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, int) or not low <= size <= high:
            raise ConfigError(f"each of {name} must be an integer in [{low}, {high}], got {size!r}", "size",
                              name=name, low=low, high=high, value=repr(size))


def reconstruction_terms(logits: torch.Tensor, targets: torch.Tensor, kind: str) -> torch.Tensor:
    """Per-image reconstruction error summed over pixels, shape (B,).

    'bce' is the Bernoulli negative log-likelihood (binary cross-entropy on logits, the stable form);
    'mse' is the squared error of sigmoid(logits), i.e. a Gaussian likelihood up to constants.
    """
    if kind == "bce":
        per_pixel = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    else:
        per_pixel = (torch.sigmoid(logits) - targets).pow(2)
    return per_pixel.flatten(1).sum(1)


class Autoencoder(nn.Module):
    """Base class of the five families. Subclasses set `family`, `Config` and implement
    `encode(x) -> code` and `decode_logits(code) -> logits of shape (B, 1, 28, 28)`."""

    family: ClassVar[str]
    Config: ClassVar[type]

    def __init__(self, config: Any) -> None:
        super().__init__()
        config.validate()
        self.config = config

    @property
    def latent_dim(self) -> int:
        return self.config.latent_dim

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def decode_logits(self, code: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def decode(self, code: torch.Tensor) -> torch.Tensor:
        """Code (B, latent_dim) -> image (B, 1, 28, 28) in [0, 1]."""
        return torch.sigmoid(self.decode_logits(code))

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        """The deterministic reconstruction (for a VAE: decode the posterior mean)."""
        return self.decode(self.encode(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.reconstruct(x)

    def loss(self, inputs: torch.Tensor, targets: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """Mean over the batch of the per-image reconstruction error (summed over pixels)."""
        targets = inputs if targets is None else targets
        recon = reconstruction_terms(self.decode_logits(self.encode(inputs)), targets,
                                     self.config.reconstruction).mean()
        return {"loss": recon, "recon": recon}

    def describe(self) -> dict[str, Any]:
        """Family and config as plain JSON-able data (what checkpoints record)."""
        return {"family": self.family, "config": dataclasses.asdict(self.config)}


def config_from_dict(config_cls: type, values: dict[str, Any]) -> Any:
    """Build a config dataclass from JSON data, rejecting unknown keys and bad values."""
    names = {field.name for field in dataclasses.fields(config_cls)}
    unknown = set(values) - names
    if unknown:
        raise ConfigError(f"unknown {config_cls.__name__} field(s): {', '.join(sorted(unknown))}", "unknown_fields",
                          names=", ".join(sorted(unknown)))
    coerced = {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}
    config = config_cls(**coerced)
    config.validate()
    return config
