"""Whole experiments shared by the command line, the benchmarks and the pages.

Each function takes plain arguments, trains through ae_core.training and returns JSON-able
results, so the numbers a page shows can be reproduced with `python -m ae_core ...`.
"""
from __future__ import annotations

import threading
from dataclasses import asdict
from typing import Any, Callable, Iterable

import torch

from . import defaults, metrics
from .data import ImageData
from .models import Autoencoder, build_model
from .training import TrainConfig, TrainEvent, train, use_amp

# Novelty detection's network and training (ae_core.defaults.NOVELTY), as the pages import them.
NOVELTY_MODEL = {"family": defaults.NOVELTY.family, "config": defaults.NOVELTY.model}
NOVELTY_TRAIN = defaults.NOVELTY.train
NOVELTY_DEFAULT_NORMAL = list(defaults.NOVELTY_DEFAULT_NORMAL)


def train_model(model: torch.nn.Module, data: ImageData, config: TrainConfig,
                on_event: Callable[[TrainEvent], None] | None = None,
                stop: threading.Event | None = None,
                events: Iterable[TrainEvent] | None = None) -> TrainEvent:
    """Drain a training event stream (default: train(model, data, config)), return the last event."""
    last = None
    for last in events if events is not None else train(model, data, config, stop=stop):
        if on_event is not None:
            on_event(last)
    assert last is not None
    return last


def novelty_experiment(data: ImageData, normal_digits: list[int], family: str = NOVELTY_MODEL["family"],
                       model_config: dict[str, Any] | None = None, train_config: TrainConfig | None = None,
                       seed: int = 0, on_event: Callable[[TrainEvent], None] | None = None,
                       stop: threading.Event | None = None) -> tuple[Autoencoder, dict[str, Any]]:
    """One-class protocol: train on the normal digits alone, score every test image by its
    reconstruction error, and report the AUROC of telling novel digits from normal ones."""
    normal_digits = sorted(set(int(d) for d in normal_digits))
    if not normal_digits or any(not 0 <= d <= 9 for d in normal_digits) or len(normal_digits) == 10:
        raise ValueError(f"normal digits must be 1 to 9 distinct digits in 0..9, got {normal_digits}")
    model = build_model(family, model_config or NOVELTY_MODEL["config"], seed=seed)
    config = train_config or TrainConfig(**NOVELTY_TRAIN, seed=seed)
    train_data = data.subset(digits=normal_digits)
    done = train_model(model, train_data, config, on_event=on_event, stop=stop)
    scores = metrics.novelty_scores(model, data.test_images)
    report = metrics.novelty_report(scores, data.test_labels, normal_digits)
    report.update({"normal": normal_digits, "train_images": int(train_data.train_images.shape[0]),
                   "epochs": done.epoch, "stopped": done.stopped})
    return model, report


def probe_experiment(model: Autoencoder, data: ImageData, train_limit: int = 10000,
                     test_limit: int | None = None) -> dict[str, Any]:
    """Linear-probe accuracy of the model's codes beside raw pixels and PCA of the same size."""
    return metrics.probe_report(model, data, train_limit=train_limit, test_limit=test_limit)


def describe_run(model: Autoencoder, config: TrainConfig, done: TrainEvent, device: torch.device) -> dict[str, Any]:
    """The JSON summary of a training run that the CLI prints and checkpoints record."""
    return {
        "model": model.family,
        "config": {"model": model.describe()["config"], "train": asdict(config)},
        "device": str(device),
        "precision": "bf16 autocast" if use_amp(config, device) else "fp32",
        "epochs": [{"epoch": h["epoch"], "train_loss": h["train_loss"], "terms": h["terms"],
                    "test": h["test"], "elapsed_s": round(h["elapsed_s"], 3)} for h in done.history],
        "train_seconds": round(done.elapsed_s, 3),
        "samples_per_second": round(done.samples_per_second, 1),
        "stopped": done.stopped,
        "test": done.test or {},
    }
