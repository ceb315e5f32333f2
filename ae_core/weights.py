"""A stacked autoencoder's weights as plain arrays for drawing: the matrices in the order the network
is drawn (input to output), the layer widths, and the first layer's weight rows as images.
"""
from __future__ import annotations

import numpy as np
import torch

from .models.stacked import StackedAE


def layer_sizes(model: StackedAE) -> list[int]:
    """Widths from the input to the output: [D, h1, ..., code, ..., h1, D] (2K + 1 layers)."""
    encoder = [model.config.input_dim, *model.config.hidden, model.config.latent_dim]
    return encoder + encoder[-2::-1]


def drawing_weights(model: StackedAE) -> list[tuple[str, np.ndarray]]:
    """[("We1", (h1, D)), ..., ("WeK", ...), ("Wd1", ...), ..., ("WdK", (D, h1))]: each matrix
    (out, in) as a float32 copy on the CPU, in the order data flows through them."""
    with torch.no_grad():
        return [(name, weight.detach().float().cpu().numpy().copy())
                for name, weight in model.named_weights().items()]


def weight_images(model: StackedAE, count: int = 32) -> np.ndarray:
    """The first `count` rows of We1 as images (count, 28, 28) in [0, 1]: what each first-layer
    unit looks for in the pixels. Each tile is scaled on its own, symmetrically, so 0.5 (grey) is
    a zero weight, light pixels excite the unit and dark ones inhibit it."""
    if not model.is_image_model:
        raise ValueError("weight images need a model of 28x28 images (input_dim 784)")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count must be a positive integer, got {count!r}")
    with torch.no_grad():
        rows = model.named_weights()["We1"][:count].detach().float().cpu()  # (count, 784)
    scale = rows.abs().amax(dim=1, keepdim=True).clamp_min(1e-12)
    return (0.5 + 0.5 * rows / scale).view(-1, 28, 28).numpy()
