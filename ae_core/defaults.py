"""The default settings of every model family and task, in one torch-free table: the command line,
the pages' training panels and `pretrain` read them from here, and `--help` prints them.

A Recipe is a network (family and config fields, see ae_core.models) and how to train it
(TrainConfig fields, see ae_core.training). There are three budgets:

  CLI       `python -m ae_core train --model NAME`: full MNIST, settings chosen by measurement
            (benchmarks/time_to_quality.py, benchmarks/engine_targets.py).
  PAGES     a page's Train button: the page's network trained for a few seconds on one CPU
            thread, evaluation included, so that a class of 30 pressing Train together on a
            2-core server is done within minutes. Enough to watch the lesson happen.
  PRETRAIN  the shipped models in pretrained/ (ae_core.pretrained.SPECS describes them).

Importing this module imports no torch: pages read their form defaults before torch has loaded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


# TrainConfig's fields that every recipe states (ae_core.training.TrainConfig has the same defaults;
# tests/test_defaults.py checks that they agree).
TRAIN_BASE = {"epochs": 10, "batch_size": 128, "lr": 1e-3, "lr_schedule": "cosine", "warmup": 0.0,
              "noise": None, "noise_level": 0.0}


@dataclass(frozen=True)
class Recipe:
    """A network and its training: `model` holds the family's config fields, `train` TrainConfig's
    (every field of TRAIN_BASE, plus `limit` where a page trains on part of the data)."""

    family: str
    model: dict[str, Any]
    train: dict[str, Any]
    # The command line's `--architecture` choices for this model: name -> key in CLI.
    variants: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "train", {**TRAIN_BASE, **self.train})

    def changed(self, model: dict[str, Any] | None = None, train: dict[str, Any] | None = None) -> "Recipe":
        """This recipe with some model and training fields changed (and no variants)."""
        return Recipe(self.family, {**self.model, **(model or {})}, {**self.train, **(train or {})})


# --- Command line: full MNIST ---------------------------------------------------------------------
_MLP = [256, 128]

# A 20-D VAE (784-512-256-20, ELU) at batch 256 and a peak rate of 1e-2, warmed up over the first
# 5% of the steps. Batch 256 runs an epoch 2.2x faster than batch 64 on the 2-core CPU (3.7 against
# 8.4 s, fused Adam), and the larger rate keeps the progress per epoch. Full MNIST, test negative
# ELBO after 2 / 6 / 10 epochs (seconds since the start): this one 116.8 / 104.3 / 99.6 (8 / 25 /
# 41 s), seed 2 117.4 / 105.0 / 99.7; rate 8e-3 116.6 / 104.0 / 99.6, 6e-3 115.0 / 103.6 / 99.7
# (44 s), 4e-3 115.5 / 104.1 / 101.0; batch 512 at 1e-2 120.1 / 105.0 / 100.8 (38 s); batch 128
# at 3e-3 112.7 / 102.9 / 99.6 (64 s); the former default, batch 64 at 2e-3, 110.8 / 102.8 / 99.2
# in about 80 s. Smaller networks are faster still but end above 100: 784-512-20 (ReLU) at batch
# 128 and 3e-3 ends at 103.0. KL warm-up is left out: every epoch's figure is the true (beta = 1)
# ELBO. PyTorch's example reaches about 105.6 in 10 epochs (benchmarks/time_to_quality.py).
VAE_TRAIN = {"epochs": 10, "batch_size": 256, "lr": 1e-2, "lr_schedule": "cosine", "warmup": 0.05}
# The denoiser: convolutions see each pixel's neighbours, what tells a stroke from noise. At Gaussian
# sigma 0.5 (all 10,000 test images) this one gains +10.1 dB over its noisy input after 5 epochs;
# with a 32-D code +9.9, the 32-D MLP DAE +8.6 after 10 epochs, a 2-D MLP code +5.0.
DAE_MODEL = {"latent_dim": 64, "channels": [16, 32], "decoder": "transposed", "reconstruction": "bce"}
NOISE = {"noise": "gaussian", "noise_level": 0.5}

CLI: dict[str, Recipe] = {
    "ae": Recipe("ae", {"latent_dim": 2, "hidden": _MLP, "reconstruction": "bce"},
                 {"epochs": 10, "batch_size": 128, "lr": 2e-3}),
    "stacked": Recipe("stacked", {"latent_dim": 16, "hidden": [256, 128, 64], "reconstruction": "bce"},
                      {"epochs": 10, "batch_size": 128, "lr": 2e-3}),
    "dae": Recipe("conv", DAE_MODEL, {"epochs": 5, "batch_size": 128, "lr": 2e-3, **NOISE},
                  variants={"conv": "dae", "mlp": "dae-mlp"}),
    "dae-mlp": Recipe("ae", {"latent_dim": 32, "hidden": _MLP}, {"epochs": 10, "batch_size": 128, "lr": 2e-3, **NOISE},
                      variants={"conv": "dae", "mlp": "dae-mlp"}),
    "conv": Recipe("conv", {"latent_dim": 16, "channels": [16, 32], "decoder": "transposed", "reconstruction": "bce"},
                   {"epochs": 5, "batch_size": 128, "lr": 2e-3}),
    "vae": Recipe("vae", {"latent_dim": 20, "architecture": "mlp", "hidden": [512, 256], "activation": "elu",
                          "beta": 1.0},
                  VAE_TRAIN, variants={"mlp": "vae", "conv": "vae-conv"}),
    "vae-conv": Recipe("vae", {"latent_dim": 20, "architecture": "conv", "channels": [32, 64], "hidden": [256],
                               "beta": 1.0},
                       {"epochs": 10, "batch_size": 128, "lr": 1e-3}, variants={"mlp": "vae", "conv": "vae-conv"}),
}
# `--model`'s choices: the variants are reached through `--architecture`.
CLI_MODELS = {name: CLI[name] for name in ("ae", "stacked", "dae", "conv", "vae")}
# `python -m ae_core novelty` and the shipped novelty detector: one-class training on the normal
# digits only; every test image is scored by its reconstruction error.
NOVELTY = Recipe("ae", {"latent_dim": 32, "hidden": _MLP}, {"epochs": 30, "batch_size": 128, "lr": 2e-3})
# The page's default choice of normal digits, for which a pretrained detector ships.
NOVELTY_DEFAULT_NORMAL = (0,)

# --- Pages: a few seconds on one CPU thread -------------------------------------------------------
PAGES: dict[str, Recipe] = {
    # 50,000 images through a small MLP: about 2.5 s (one thread, measured with CPU time on the
    # project's 2-core machine); a 2-D code then already shows its clusters.
    "undercomplete": CLI["ae"].changed(train={"epochs": 5, "limit": 10000}),
    "features": CLI["ae"].changed(train={"epochs": 5, "limit": 10000}),
    # One digit (~6,000 images) ten times over: about 3.5 s.
    "novelty": NOVELTY.changed(train={"epochs": 10}),
    # End to end: (depth x stage_epochs + epochs) = 11 epochs of 6,000 images, about 4.5 s;
    # greedy stages cost less (each trains one layer pair).
    "stacked": CLI["stacked"].changed(train={"epochs": 3, "stage_epochs": 2, "limit": 6000}),
    "denoising": CLI["dae-mlp"].changed(train={"epochs": 3, "limit": 20000}),
    # Convolutions cost ~0.6 ms per image per step on one CPU thread, ten times an MLP's.
    "conv": CLI["conv"].changed(train={"epochs": 2, "limit": 4096}),
    "vae-mlp": Recipe("vae", {"latent_dim": 2, "architecture": "mlp", "hidden": _MLP, "beta": 1.0},
                      {"epochs": 4, "batch_size": 128, "lr": 2e-3, "limit": 15000}),
    "vae-conv": Recipe("vae", {"latent_dim": 2, "architecture": "conv", "channels": [16, 32], "hidden": [128],
                               "beta": 1.0},
                       {"epochs": 2, "batch_size": 128, "lr": 2e-3, "limit": 10000}),
    # The explorer of codes above 2-D (ae_core/explore.py): a 16-D MLP VAE at the chosen beta, the
    # shipped ones' network, on 15,000 images four times over (about 3 s on one thread).
    "vae-explore": Recipe("vae", {"latent_dim": 16, "architecture": "mlp", "hidden": _MLP, "beta": 1.0},
                          {"epochs": 4, "batch_size": 128, "lr": 2e-3, "limit": 15000}),
}

# --- Pretraining: the shipped models ----------------------------------------------------------------
_CONV = CLI["conv"]
PRETRAIN: dict[str, Recipe] = {
    "ae-2d": CLI["ae"].changed(train={"epochs": 15}),
    "ae-32d": CLI["ae"].changed(model={"latent_dim": 32}),
    "novelty": NOVELTY,
    "stacked": CLI["stacked"],
    "dae-gaussian": CLI["dae"],
    "conv-unpool": _CONV.changed(model={"decoder": "unpool"}),
    "conv-upsample": _CONV.changed(model={"decoder": "upsample"}),
    "conv-transposed": _CONV,
    "vae-2d-mlp": Recipe("vae", {"latent_dim": 2, "architecture": "mlp", "hidden": _MLP},
                         {"epochs": 15, "batch_size": 64, "lr": 1e-3}),
    "vae-2d-conv": Recipe("vae", {"latent_dim": 2, "architecture": "conv", "channels": [16, 32]},
                          {"epochs": 6, "batch_size": 64, "lr": 1e-3}),
    "vae-20d": CLI["vae"],
    # The explorer's shipped codes above 2-D: the Undercomplete page's AE at 8 and 16 numbers (32
    # is ae-32d), and MLP VAEs of the 2-D one's network at 8 and 16 with beta 1, and 16 with beta 4
    # for what beta does. Their decoders are Linear/ReLU layers: the browser decodes them.
    "ae-8d": CLI["ae"].changed(model={"latent_dim": 8}),
    "ae-16d": CLI["ae"].changed(model={"latent_dim": 16}),
    **{key: Recipe("vae", {"latent_dim": dim, "architecture": "mlp", "hidden": _MLP, "beta": beta},
                   {"epochs": 15, "batch_size": 64, "lr": 1e-3})
       for key, dim, beta in (("vae-8d", 8, 1.0), ("vae-16d", 16, 1.0), ("vae-16d-beta4", 16, 4.0))},
}


def cli_recipe(model: str, architecture: str | None = None) -> Recipe:
    """The command line's recipe for `--model model [--architecture architecture]`."""
    recipe = CLI[model]
    if architecture is None or not recipe.variants:
        return recipe
    return CLI[recipe.variants[architecture]]
