"""The shipped pretrained models: what each one is, how it was trained, and how to load it.

`python -m ae_core pretrain` regenerates every file in pretrained/ from these specs on the full
MNIST training set (see README). Pages load them with `load_pretrained(key)`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import torch

from . import checkpoints, views
from .data import ImageData
from .errors import Explained
from .defaults import NOVELTY_DEFAULT_NORMAL, PRETRAIN
from .models import Autoencoder, build_model
from .training import TrainConfig, TrainEvent, train

PRETRAINED_DIR = Path(__file__).resolve().parent.parent / "pretrained"


class PretrainedUnavailable(Explained, FileNotFoundError):
    """A shipped weights file is missing; the message says how to bring it back."""

    domain = "pretrained"


@dataclass(frozen=True)
class PretrainedSpec:
    key: str
    family: str
    config: dict[str, Any]
    train: dict[str, Any]
    description: str
    # Weights are stored as float16 to keep pretrained/ small; they load back as float32.
    half: bool = True
    # Train on these digits only (novelty detection's one-class protocol); None: all of them.
    digits: tuple[int, ...] | None = None

    def train_config(self, **overrides: Any) -> TrainConfig:
        return TrainConfig(**{**self.train, **overrides})


# What each shipped model is; its network and training come from ae_core.defaults.PRETRAIN.
DESCRIPTIONS = {
    "ae-2d": "undercomplete MLP AE, 784-256-128-2",
    "ae-32d": "undercomplete MLP AE, 784-256-128-32 (the MLP DAE's network trained on clean inputs)",
    "novelty": f"novelty detector trained on digit(s) {list(NOVELTY_DEFAULT_NORMAL)} only",
    "stacked": "stacked AE, 784-256-128-64-16, trained end to end",
    "dae-gaussian": "denoising AE trained at Gaussian sigma 0.5",
    "conv-unpool": "convolutional AE, max-unpooling decoder",
    "conv-upsample": "convolutional AE, upsampling + convolution decoder",
    "conv-transposed": "convolutional AE, transposed-convolution decoder",
    "vae-2d-mlp": "2-D MLP VAE (small enough to decode in the browser)",
    "vae-2d-conv": "2-D convolutional VAE",
    "vae-20d": "20-D MLP VAE with the command line's defaults",
    "ae-8d": "undercomplete MLP AE, 784-256-128-8",
    "ae-16d": "undercomplete MLP AE, 784-256-128-16",
    "vae-8d": "8-D MLP VAE, 784-256-128-8, beta 1",
    "vae-16d": "16-D MLP VAE, 784-256-128-16, beta 1",
    "vae-16d-beta4": "16-D MLP VAE, 784-256-128-16, beta 4",
}
# Trained on these digits only (novelty detection's one-class protocol); the others on all.
DIGITS = {"novelty": tuple(NOVELTY_DEFAULT_NORMAL)}

SPECS: dict[str, PretrainedSpec] = {
    key: PretrainedSpec(key, recipe.family, recipe.model, recipe.train, DESCRIPTIONS[key], digits=DIGITS.get(key))
    for key, recipe in PRETRAIN.items()
}
PRETRAINED = SPECS


def as_trained(key: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """A shipped model's metadata with its training as its spec states it (what `pretrain` ran):
    what the command that reproduces it is made from."""
    spec = SPECS[key]
    return {**metadata, "family": spec.family, "training": dict(spec.train),
            "digits": None if spec.digits is None else list(spec.digits)}


def path_for(key: str, folder: Path | None = None) -> Path:
    if key not in SPECS:
        raise KeyError(f"unknown pretrained model {key!r}; known: {', '.join(SPECS)}")
    return (folder or PRETRAINED_DIR) / f"{key}.safetensors"


def available(key: str, folder: Path | None = None) -> bool:
    return path_for(key, folder).exists()


def load_pretrained(key: str, device: torch.device | str | None = None,
                    folder: Path | None = None) -> tuple[Autoencoder, dict[str, Any]]:
    """The shipped model `key` on `device`, with its metadata.

    Raises PretrainedUnavailable when the file is missing and checkpoints.CheckpointError when it
    is corrupt or does not match its spec's family.
    """
    path = path_for(key, folder)
    if not path.exists():
        raise PretrainedUnavailable(
            f"pretrained weights {path.name} are missing; regenerate them with "
            f"`python -m ae_core pretrain --only {key}` or train a model on this page", "missing",
            name=path.name, model=key)
    return checkpoints.load(path, expected_family=SPECS[key].family, device=device)


def train_spec(spec: PretrainedSpec, data: ImageData, seed: int = 0,
               **train_overrides: Any) -> Iterator[tuple[Autoencoder, TrainEvent]]:
    """Build and train the spec's model, yielding (model, event) as training goes."""
    model = build_model(spec.family, spec.config, seed=seed)
    if spec.digits is not None:
        data = data.subset(digits=spec.digits)
    for event in train(model, data, spec.train_config(seed=seed, **train_overrides)):
        yield model, event


def save_spec(spec: PretrainedSpec, model: Autoencoder, done: TrainEvent, dataset: str,
              folder: Path | None = None) -> Path:
    path = path_for(spec.key, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    checkpoints.save(model, path, dataset=dataset, epochs=done.epoch, test=done.test,
                     training=spec.train, description=spec.description, half=spec.half,
                     digits=None if spec.digits is None else list(spec.digits))
    return path


# ---- Precomputed views (ae_core/views.py), stored beside the weights -----------------------------

def views_path_for(key: str, folder: Path | None = None) -> Path:
    return path_for(key, folder).with_name(f"{key}{views.SUFFIX}")


# The views pages draw of particular shipped models (views.plan; a novelty detector's and a 2-D
# VAE's follow from what they are): the Undercomplete page's latent space, feature extraction's
# codes at sizes 2, 8, 16 and 32, the explorer of codes above 2-D, the Denoising page's PSNR
# curves of the DAE and of the same network trained on clean inputs, and the Convolutional page's
# scores of its three decoders.
SHOWN = {"ae-2d": ("latent", "features"), "ae-8d": ("features", "explore"), "ae-16d": ("features", "explore"),
         "ae-32d": ("features", "denoising", "explore"), "dae-gaussian": ("denoising",),
         "vae-8d": ("explore",), "vae-16d": ("explore",), "vae-16d-beta4": ("explore",),
         "conv-unpool": ("conv",), "conv-upsample": ("conv",), "conv-transposed": ("conv",)}


def views_plan(key: str) -> dict[str, tuple[dict[str, Any], Any]]:
    """The views the shipped model `key` gets (views.plan, with feature extraction's protocol)."""
    from .features import PROBE_TEST, PROBE_TRAIN

    spec = SPECS[key]
    return views.plan(spec.family, spec.config, spec.digits, (PROBE_TRAIN, PROBE_TEST), SHOWN.get(key, ()))


def write_views(key: str, data: ImageData, folder: Path | None = None,
                progress: Any = None) -> Path | None:
    """Compute every view of the shipped model `key` on `data` from the weights file now in
    `folder`, and store them beside it with that file's fingerprint; None (no file) when no page
    shows a precomputed view of this model."""
    planned = views_plan(key)
    if not planned:
        views_path_for(key, folder).unlink(missing_ok=True)
        return None
    weights = path_for(key, folder)
    if not weights.exists():
        raise PretrainedUnavailable(f"pretrained weights {weights.name} are missing; the views are made from them",
                                    "missing_for_views", name=weights.name)
    model, _ = load_pretrained(key, device=data.test_images.device, folder=folder)
    model.eval().requires_grad_(False)
    computed = views.compute_all(model, data, planned, progress)
    return views.save(views_path_for(key, folder), key, data.name, views.fingerprint(weights), computed)


def load_views(key: str, folder: Path | None = None) -> views.Views:
    """The stored views of the shipped model `key`; FileNotFoundError when either file is missing,
    views.ViewsError when the views are unreadable or were made from other weights."""
    weights = path_for(key, folder)
    if not weights.exists():
        raise PretrainedUnavailable(f"pretrained weights {weights.name} are missing", "missing_for_views",
                                    name=weights.name)
    return views.load(views_path_for(key, folder), views.fingerprint(weights))
