"""Undercomplete autoencoder: an MLP that squeezes 784 pixels through a small code h.

x (B, 784) -> [Linear, ReLU] * len(hidden) -> Linear -> h (B, latent_dim)
h -> mirrored hidden layers -> Linear -> logits (B, 784) -> sigmoid -> x' in [0, 1]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from .base import (IMAGE_PIXELS, IMAGE_SHAPE, RECONSTRUCTION_LOSSES, Autoencoder, check_choice,
                   check_int, check_sizes)


@dataclass
class AEConfig:
    latent_dim: int = 2
    hidden: list[int] = field(default_factory=lambda: [512, 256])
    reconstruction: str = "bce"

    def validate(self) -> None:
        check_int("latent_dim", self.latent_dim, 1, 512)
        check_sizes("hidden", self.hidden, 2, 4096)
        check_choice("reconstruction", self.reconstruction, RECONSTRUCTION_LOSSES)


def mlp(sizes: list[int], final_activation: bool = False,
        activation: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """Linear layers between consecutive `sizes`, `activation` between them (and after the last if
    asked)."""
    layers: list[nn.Module] = []
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if final_activation or index < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


class UndercompleteAE(Autoencoder):
    family = "ae"
    Config = AEConfig

    def __init__(self, config: AEConfig | None = None) -> None:
        super().__init__(config or AEConfig())
        sizes = [IMAGE_PIXELS, *self.config.hidden, self.config.latent_dim]
        self.encoder = mlp(sizes)
        self.decoder = mlp(sizes[::-1])

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x.flatten(1))

    def decode_logits(self, code: torch.Tensor) -> torch.Tensor:
        return self.decoder(code).view(-1, *IMAGE_SHAPE)
