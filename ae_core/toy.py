"""The source text's own small stacked autoencoder (inputs x1..x5, hidden layers of two units,
weights We1..We4 / Wd1..Wd4) and a small synthetic data set it can learn: 5-D points that lie on
a curved 2-D surface, so that a 2-unit code can hold everything there is to know about a point.

The data set is an ImageData whose "images" are vectors (N, 5) in [0, 1]: the training loop,
greedy pretraining and the metrics accept it unchanged, so the toy trains exactly like MNIST.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Callable, Iterator

import torch

from .data import ImageData
from .training import TrainConfig, TrainEvent

Schedule = Callable[[torch.nn.Module, ImageData, TrainConfig, threading.Event], Iterator[TrainEvent]]

TOY_NAME = "toy-5d"
TOY_INPUTS = 5
# 5 -We1-> 2 -We2-> 2 -We3-> 2 -We4-> code 2, mirrored by Wd1..Wd4: the figure's four matrices
# on each side. tanh, not ReLU: a ReLU layer of two units that dies loses half the code for good.
TOY_MODEL = {"input_dim": TOY_INPUTS, "hidden": [2, 2, 2], "latent_dim": 2, "reconstruction": "mse",
             "activation": "tanh"}
# Per stage of greedy pretraining and for fine-tuning; a larger rate than MNIST's suits 2-unit layers.
TOY_TRAIN = {"epochs": 10, "batch_size": 32, "lr": 3e-2}
# Regions of the surface, used only to colour points (the autoencoder never sees them).
TOY_REGIONS = ("u<½ v<½", "u≥½ v<½", "u<½ v≥½", "u≥½ v≥½")


@dataclass
class ToyData(ImageData):
    """ImageData of 5-D points: train_images (N, 5), test_images (M, 5) in [0, 1]; labels are the
    surface region (0..3) each point comes from; *_coordinates (N, 2) its position (u, v)."""

    train_coordinates: torch.Tensor | None = None
    test_coordinates: torch.Tensor | None = None

    @property
    def class_names(self) -> list[str]:
        return list(TOY_REGIONS)


def surface(coordinates: torch.Tensor) -> torch.Tensor:
    """(N, 2) positions (u, v) in [0, 1]^2 -> (N, 5) points in [0.1, 0.9]: two inputs carry u and v
    as they are, three mix them nonlinearly (so that no 2-D plane holds the data)."""
    u, v = coordinates[:, 0], coordinates[:, 1]
    features = torch.stack([u, v, 0.5 * (u + v), u * v, 0.5 + 0.5 * torch.sin(math.pi * (u - v))], dim=1)
    return 0.1 + 0.8 * features


def region(coordinates: torch.Tensor) -> torch.Tensor:
    """(N, 2) -> (N,) int64 in 0..3: which quarter of the (u, v) square a point comes from."""
    return ((coordinates[:, 0] >= 0.5).long() + 2 * (coordinates[:, 1] >= 0.5).long())


def toy_dataset(train: int = 1024, test: int = 256, noise: float = 0.02, seed: int = 0,
                device: torch.device | str | None = None) -> ToyData:
    """Points of `surface` at uniform random positions, training points jittered by Gaussian
    `noise` (test points are exact), clipped to [0, 1]; the same seed gives the same set."""
    if isinstance(train, bool) or not isinstance(train, int) or not 1 <= train <= 100_000:
        raise ValueError(f"train must be an integer in [1, 100000], got {train!r}")
    if isinstance(test, bool) or not isinstance(test, int) or not 1 <= test <= 100_000:
        raise ValueError(f"test must be an integer in [1, 100000], got {test!r}")
    if not 0 <= noise <= 0.5:
        raise ValueError(f"noise must be in [0, 0.5], got {noise!r}")
    generator = torch.Generator().manual_seed(seed)
    train_uv = torch.rand(train, 2, generator=generator)
    test_uv = torch.rand(test, 2, generator=generator)
    jitter = noise * torch.randn(train, TOY_INPUTS, generator=generator)
    train_x = (surface(train_uv) + jitter).clamp(0, 1)
    test_x = surface(test_uv)
    device = torch.device(device) if device is not None else torch.device("cpu")
    return ToyData(TOY_NAME, train_x.to(device), region(train_uv).to(device), test_x.to(device),
                   region(test_uv).to(device), train_uv.to(device), test_uv.to(device))


def one_thread(schedule: Schedule) -> Schedule:
    """`schedule`, run with one intra-op thread in the thread that iterates it.

    Layers of two units are far too small to split across cores, and on a busy machine the
    threads' hand-offs cost ten times the work (measured here: 63 s against 6 s for the same
    greedy run). With PyTorch's OpenMP backend the setting belongs to the calling thread only,
    so a training job's thread changes nothing for the web server or other jobs.
    """
    def run(model: torch.nn.Module, data: ImageData, config: TrainConfig,
            stop: threading.Event) -> Iterator[TrainEvent]:
        torch.set_num_threads(1)
        yield from schedule(model, data, config, stop)

    return run
