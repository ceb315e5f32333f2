"""Novelty detection with a trained autoencoder, as the page shows it: every test image scored by
its reconstruction error, the ROC curve, a threshold chosen from normal images alone, the
confusion counts at any threshold, and the images that score highest and lowest.

The maths (AUROC, ROC, confusion counts) lives in metrics.py; this module puts one analysis
together so that the command line, tests and the page compute the same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import torch

from . import metrics
from .data import ImageData
from .latent import model_device

FALSE_ALARM_RATE = 0.05  # the default threshold lets this share of normal training images through


@dataclass(frozen=True)
class NoveltyAnalysis:
    """A model's scores on the whole test set. Novel (not among `normal`) is the positive class."""

    normal: list[int]
    scores: np.ndarray  # (N,) float64 novelty score of each test image (metrics.per_image_novelty_score)
    labels: np.ndarray  # (N,) int64 test labels
    normal_train_scores: np.ndarray  # (M,) scores of normal training images: what "normal" looks like
    report: dict[str, Any]  # metrics.novelty_report: auroc, per_class_auroc, counts, mean scores
    fpr: np.ndarray  # ROC curve, see metrics.roc_curve
    tpr: np.ndarray
    thresholds: np.ndarray

    def __post_init__(self) -> None:
        # Digits key the per-class AUROCs; read back from a JSON views file they are strings.
        per_class = self.report.get("per_class_auroc")
        if isinstance(per_class, dict):
            self.report["per_class_auroc"] = {int(digit): value for digit, value in per_class.items()}

    @property
    def is_novel(self) -> np.ndarray:
        return ~np.isin(self.labels, self.normal)

    @property
    def auroc(self) -> float:
        return float(self.report["auroc"])

    def default_threshold(self, false_alarm_rate: float = FALSE_ALARM_RATE) -> float:
        return threshold_for_false_alarms(self.normal_train_scores, false_alarm_rate)

    def confusion(self, threshold: float) -> dict[str, int]:
        return metrics.confusion_at_threshold(self.scores, self.is_novel, threshold)

    def extremes(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        return extremes(self.scores, count)


def check_normal_digits(normal_digits: Sequence[int]) -> list[int]:
    """Sorted distinct digits; 1 to 9 of them (with all ten, nothing would be novel)."""
    digits = sorted({int(digit) for digit in normal_digits})
    if not digits or len(digits) == 10 or any(not 0 <= digit <= 9 for digit in digits):
        raise ValueError(f"normal digits must be 1 to 9 distinct digits in 0..9, got {list(normal_digits)}")
    return digits


def threshold_for_false_alarms(normal_scores: Any, false_alarm_rate: float = FALSE_ALARM_RATE) -> float:
    """The score above which a share `false_alarm_rate` of normal images falls: chosen without
    seeing a single novel image, as a detector in use has to be."""
    if not 0 < false_alarm_rate < 1:
        raise ValueError(f"false_alarm_rate must be in (0, 1), got {false_alarm_rate!r}")
    scores = np.asarray(normal_scores, dtype=np.float64).ravel()
    if scores.size == 0:
        raise ValueError("a threshold needs at least one normal score")
    return float(np.quantile(scores, 1 - false_alarm_rate))


def extremes(scores: Any, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the `count` highest scores (most anomalous first) and of the `count` lowest
    (most normal first); ties keep index order."""
    scores = np.asarray(scores, dtype=np.float64).ravel()
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count must be a positive integer, got {count!r}")
    count = min(count, scores.size)
    return np.argsort(-scores, kind="stable")[:count], np.argsort(scores, kind="stable")[:count]


def analyse(model: torch.nn.Module, data: ImageData, normal_digits: Sequence[int],
            normal_train_limit: int = 5000) -> NoveltyAnalysis:
    """Score every test image of `data`, and up to `normal_train_limit` normal training images."""
    normal = check_normal_digits(normal_digits)
    scores = metrics.novelty_scores(model, data.test_images)
    normal_train = data.subset(digits=normal).train_images[:normal_train_limit]
    normal_train_scores = metrics.novelty_scores(model, normal_train)
    labels = data.test_labels
    report = metrics.novelty_report(scores, labels, normal)
    is_novel = ~torch.isin(labels, torch.tensor(normal, device=labels.device))
    fpr, tpr, thresholds = metrics.roc_curve(scores, is_novel)
    return NoveltyAnalysis(normal, scores.double().cpu().numpy(), labels.cpu().numpy(),
                           normal_train_scores.double().cpu().numpy(), report,
                           fpr.numpy(), tpr.numpy(), thresholds.numpy())


def score_image(model: torch.nn.Module, image: Any) -> tuple[float, np.ndarray]:
    """One image (28, 28) in [0, 1] (e.g. from images.prepare_digit) -> (its novelty score, its
    reconstruction (28, 28))."""
    pixels = torch.as_tensor(np.asarray(image, dtype=np.float32))
    if tuple(pixels.shape) != (28, 28):
        raise ValueError(f"image must be 28x28, got {tuple(pixels.shape)}")
    batch = pixels.view(1, 1, 28, 28).to(model_device(model))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            output = model.reconstruct(batch)
    finally:
        model.train(was_training)
    score = float(metrics.per_image_novelty_score(output, batch)[0])
    return score, output[0, 0].float().cpu().numpy()
