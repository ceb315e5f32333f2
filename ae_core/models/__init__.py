"""The autoencoder families, one module each, and a registry to build them by name.

family   module       what it is
ae       ae.py        undercomplete MLP autoencoder (also the denoising AE's default network)
stacked  stacked.py   deep AE with named weights We1..WeK / Wd1..WdK and greedy layer-wise stages
conv     conv.py      convolutional AE with three decoders (max-unpooling, upsampling, transposed)
vae      vae.py       variational AE, MLP or convolutional
"""
from __future__ import annotations

import importlib
from typing import Any

import torch

from .base import Autoencoder, ConfigError, config_from_dict

FAMILIES = {
    "ae": ("ae", "UndercompleteAE"),
    "stacked": ("stacked", "StackedAE"),
    "conv": ("conv", "ConvAE"),
    "vae": ("vae", "VAE"),
}


def model_class(family: str) -> type[Autoencoder]:
    if family not in FAMILIES:
        raise ConfigError(f"model family must be one of {', '.join(FAMILIES)}, got {family!r}", "family",
                          choices=", ".join(FAMILIES), value=repr(family))
    module_name, class_name = FAMILIES[family]
    return getattr(importlib.import_module(f".{module_name}", __name__), class_name)


def build_model(family: str, config: dict[str, Any] | Any | None = None, seed: int | None = 0) -> Autoencoder:
    """A new model of `family` from a config (dataclass or dict); `seed` makes its init repeatable."""
    cls = model_class(family)
    if config is None:
        config = cls.Config()
    elif isinstance(config, dict):
        config = config_from_dict(cls.Config, config)
    if seed is None:
        return cls(config)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return cls(config)


__all__ = ["Autoencoder", "ConfigError", "FAMILIES", "build_model", "model_class"]
