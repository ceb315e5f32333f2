"""Metrics: reconstruction (per-image MSE, BCE, PSNR, the VAE's negative ELBO), novelty detection
(AUROC, ROC curve), PCA baselines and linear-probe accuracy of learned codes.

Per-image conventions: MSE is the mean over the 784 pixels; BCE is summed over the pixels (the
Bernoulli negative log-likelihood in nats); PSNR is 10 log10(1 / MSE) in dB for images in [0, 1].
Scores for detection follow one rule everywhere: higher score = more likely positive (novel), and
a threshold t predicts positive when score >= t.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

import torch
import torch.nn.functional as F

from . import noise as noise_module

if TYPE_CHECKING:
    from .data import ImageData

# PSNR of a perfect reconstruction is infinite; cap it so that means stay finite.
PSNR_CAP_DB = 100.0


def per_image_mse(reconstructions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return (reconstructions - targets).pow(2).flatten(1).mean(1)


def per_image_bce(reconstructions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    eps = 1e-7
    probabilities = reconstructions.clamp(eps, 1 - eps)
    return F.binary_cross_entropy(probabilities, targets, reduction="none").flatten(1).sum(1)


def psnr_from_mse(mse: torch.Tensor) -> torch.Tensor:
    return (10.0 * torch.log10(1.0 / mse.clamp_min(10 ** (-PSNR_CAP_DB / 10)))).clamp_max(PSNR_CAP_DB)


def per_image_psnr(reconstructions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return psnr_from_mse(per_image_mse(reconstructions, targets))


@torch.no_grad()
def reconstruction_errors(model: torch.nn.Module, images: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Per-image MSE of the model's deterministic reconstruction, shape (N,)."""
    model.eval()
    scores = [per_image_mse(model.reconstruct(batch), batch) for batch in images.split(batch_size)]
    return torch.cat(scores)


@torch.no_grad()
def evaluate(model: torch.nn.Module, images: torch.Tensor, noise: str | None = None,
             noise_level: float = 0.0, seed: int = 0, batch_size: int = 2000) -> dict[str, float]:
    """Mean test metrics of `model` on `images`.

    Always: mse, bce, psnr of the reconstruction against the clean images. With noise, the inputs
    are corrupted first (seeded) and input_psnr (noisy input against clean) is reported beside.
    A VAE (a model with `elbo_terms`) adds recon, kl and neg_elbo per image: the Bernoulli BCE
    summed over the 784 pixels of the [0, 1] image plus the KL term, as PyTorch's VAE example.
    """
    was_training = model.training
    model.eval()
    generator = noise_module.make_generator(images.device, seed) if noise else None
    totals: dict[str, float] = {}
    for clean in images.split(batch_size):
        inputs = noise_module.corrupt(clean, noise, noise_level, generator)
        elbo = None
        if not noise and hasattr(model, "reconstruct_and_elbo_terms"):
            output, elbo = model.reconstruct_and_elbo_terms(clean)  # one encoder pass for both
        else:
            output = model.reconstruct(inputs)
        batch = {
            "mse": per_image_mse(output, clean),
            "bce": per_image_bce(output, clean),
            "psnr": per_image_psnr(output, clean),
        }
        if noise:
            batch["input_psnr"] = per_image_psnr(inputs, clean)
        if elbo is None and hasattr(model, "elbo_terms"):
            elbo = model.elbo_terms(clean)
        batch.update(elbo or {})
        for name, values in batch.items():
            totals[name] = totals.get(name, 0.0) + float(values.double().sum())
    model.train(was_training)
    count = images.shape[0]
    return {name: total / count for name, total in totals.items()}


def finite(terms: dict[str, float]) -> bool:
    return all(math.isfinite(value) for value in terms.values())


# A reconstruction must beat the mean image's MSE by this share to count as learned. The best
# output that ignores its input is the mean image itself, which scores the baseline exactly; a
# collapsed model draws one such blob for every digit and lands at (or, blown up, far above) it.
COLLAPSE_MARGIN = 0.01


def collapse_check(mse: float, images: torch.Tensor) -> tuple[bool, float]:
    """(collapsed, baseline): baseline is the MSE of predicting each of `images` by their mean
    image; a reconstruction MSE measured on those same images is collapsed when it is not finite or
    not below the baseline by COLLAPSE_MARGIN (a model that learned nothing from its inputs)."""
    with torch.no_grad():
        flat = images.flatten(1).double()
        baseline = float((flat - flat.mean(0, keepdim=True)).pow(2).mean())
    return not (math.isfinite(mse) and mse < baseline * (1 - COLLAPSE_MARGIN)), baseline


# --- Detection: AUROC, ROC curve, confusion counts -------------------------------------------------

def _as_scores(scores: Any) -> torch.Tensor:
    """Scores as a 1-D float64 CPU tensor (lists convert straight to float64, keeping 0.35 == 0.35)."""
    scores = torch.as_tensor(scores, dtype=torch.float64).detach().cpu().flatten()
    if torch.isnan(scores).any():
        raise ValueError("scores contain NaN")
    return scores


def _scores_and_labels(scores: Any, is_positive: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """Both as 1-D CPU tensors (float64 scores, bool labels), after checking that they pair up."""
    scores = _as_scores(scores)
    is_positive = torch.as_tensor(is_positive).detach().to("cpu").flatten().bool()
    if scores.shape != is_positive.shape:
        raise ValueError(f"scores and is_positive must have the same length, got "
                         f"{scores.numel()} and {is_positive.numel()}")
    return scores, is_positive


def auroc(scores: Any, is_positive: Any) -> float:
    """Area under the ROC curve: the probability that a random positive scores above a random
    negative, counting ties as one half (the Mann-Whitney U statistic / (n_pos * n_neg)).

    Computed from average ranks, so it is exact with ties and O(N log N).
    """
    scores, is_positive = _scores_and_labels(scores, is_positive)
    n_pos = int(is_positive.sum())
    n_neg = scores.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"AUROC needs both classes, got {n_pos} positive and {n_neg} negative scores")
    sorted_scores, order = torch.sort(scores)
    # Tied scores share the mean of the 1-based ranks they span.
    _, counts = torch.unique_consecutive(sorted_scores, return_counts=True)
    ends = counts.cumsum(0).double()
    mean_ranks = ends - (counts.double() - 1) / 2
    ranks = torch.empty_like(scores)
    ranks[order] = torch.repeat_interleave(mean_ranks, counts)
    u = float(ranks[is_positive].sum()) - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)


def roc_curve(scores: Any, is_positive: Any) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(fpr, tpr, thresholds), one point per distinct score from the highest down, after a first
    point (0, 0) at threshold +inf. Point i predicts positive when score >= thresholds[i]; the
    trapezoidal area under (fpr, tpr) equals auroc()."""
    scores, is_positive = _scores_and_labels(scores, is_positive)
    n_pos = int(is_positive.sum())
    n_neg = scores.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"a ROC curve needs both classes, got {n_pos} positive and {n_neg} negative")
    sorted_scores, order = torch.sort(scores, descending=True)
    positives = is_positive[order].double()
    thresholds, counts = torch.unique_consecutive(sorted_scores, return_counts=True)
    last_of_each = counts.cumsum(0) - 1
    tp = positives.cumsum(0)[last_of_each]
    fp = (1 - positives).cumsum(0)[last_of_each]
    zero = torch.zeros(1, dtype=torch.float64)
    return (torch.cat([zero, fp / n_neg]), torch.cat([zero, tp / n_pos]),
            torch.cat([torch.tensor([math.inf], dtype=torch.float64), thresholds]))


def confusion_at_threshold(scores: Any, is_positive: Any, threshold: float) -> dict[str, int]:
    """Counts tp, fp, tn, fn when score >= threshold predicts positive."""
    scores, is_positive = _scores_and_labels(scores, is_positive)
    predicted = scores >= threshold
    return {
        "tp": int((predicted & is_positive).sum()),
        "fp": int((predicted & ~is_positive).sum()),
        "tn": int((~predicted & ~is_positive).sum()),
        "fn": int((~predicted & is_positive).sum()),
    }


# --- Novelty detection, one-class protocol --------------------------------------------------------

def per_image_novelty_score(reconstructions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Reconstruction error as novelty detection reads it, (B,): the residual averaged over each
    pixel's 3x3 neighbourhood, squared, its mean over the image, over the image's mean squared
    intensity (+ 1e-3 for blank images). A missing or extra stroke leaves a patch of error that
    the smoothing keeps, while the scattered error along any stroke's edges averages out; and an
    image is not novel for carrying much ink. Mean one-class AUROC over the ten digits with the
    30-epoch MLP detector (ae_core.defaults.NOVELTY): 0.966 by plain per-pixel MSE, 0.98 by this."""
    residual = F.avg_pool2d((reconstructions - targets).float(), 3, stride=1, padding=1)
    energy = targets.float().pow(2).flatten(1).mean(1)
    return residual.pow(2).flatten(1).mean(1) / (energy + 1e-3)


@torch.no_grad()
def novelty_scores(model: torch.nn.Module, images: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Novelty score per image, shape (N,), of a model trained on normal images only
    (per_image_novelty_score). Images unlike the training data reconstruct worse, so score higher."""
    model.eval()
    return torch.cat([per_image_novelty_score(model.reconstruct(batch), batch)
                      for batch in images.split(batch_size)])


def novelty_report(scores: Any, labels: Any, normal_digits: Sequence[int]) -> dict[str, Any]:
    """Detection of novel classes (label not in `normal_digits`, the positive class) by score.

    Returns auroc over all images; per_class_auroc: for each novel label, normal images against that
    label's images alone (which novel digits hide best); counts and mean scores of both groups.
    """
    scores = _as_scores(scores)
    labels = torch.as_tensor(labels).detach().to("cpu").flatten().long()
    if labels.shape != scores.shape:
        raise ValueError(f"scores and labels must have the same length, got {scores.numel()} and {labels.numel()}")
    normal = sorted({int(d) for d in normal_digits})
    if not normal:
        raise ValueError("normal_digits must name at least one class")
    is_normal = torch.isin(labels, torch.tensor(normal))
    is_novel = ~is_normal
    per_class = {}
    for label in sorted(set(labels[is_novel].tolist())):
        pick = is_normal | (labels == label)
        per_class[int(label)] = auroc(scores[pick], is_novel[pick])
    return {
        "auroc": auroc(scores, is_novel),
        "normal": normal,
        "n_normal": int(is_normal.sum()),
        "n_novel": int(is_novel.sum()),
        "mean_score_normal": float(scores[is_normal].mean()),
        "mean_score_novel": float(scores[is_novel].mean()),
        "per_class_auroc": per_class,
    }


# --- PCA ------------------------------------------------------------------------------------------

@dataclass
class PCA:
    """A fitted principal component analysis of flattened samples.

    mean (D,), components (k, D) with orthonormal rows ordered by variance, explained_variance (k,)
    and explained_variance_ratio (k,) (share of the total variance of the fitted data).
    """

    mean: torch.Tensor
    components: torch.Tensor
    explained_variance: torch.Tensor
    explained_variance_ratio: torch.Tensor

    @property
    def k(self) -> int:
        return self.components.shape[0]

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        """(N, ...) samples -> (N, k) coordinates along the components."""
        return (x.flatten(1).to(self.mean) - self.mean) @ self.components.T

    def inverse_transform(self, z: torch.Tensor) -> torch.Tensor:
        """(N, k) coordinates -> (N, D) flattened samples (reshape to images as needed)."""
        return z.to(self.mean) @ self.components + self.mean


def fit_pca(x: torch.Tensor, k: int) -> PCA:
    """PCA of x (N, ...) flattened to (N, D), keeping k components; on x's device, float32.

    Eigen-decomposes the D x D covariance (float32 product, float64 eigensolver), which is fast
    for many samples of few dimensions such as 60,000 images of 784 pixels. Each component's sign
    is fixed (its largest-magnitude entry is positive) so that fits repeat exactly.
    """
    flat = x.detach().flatten(1).float()
    n, d = flat.shape
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= min(n, d):
        raise ValueError(f"PCA k must be an integer in [1, {min(n, d)}] for {n} samples of "
                         f"{d} values, got {k!r}")
    mean = flat.mean(0)
    centred = flat - mean
    covariance = (centred.T @ centred).double() / max(n - 1, 1)
    eigenvalues, eigenvectors = torch.linalg.eigh(covariance)  # ascending
    eigenvalues = eigenvalues.flip(0).clamp_min(0)
    components = eigenvectors.flip(1)[:, :k].T  # (k, D)
    signs = torch.sign(components.gather(1, components.abs().argmax(1, keepdim=True)))
    components = components * signs
    total = eigenvalues.sum()
    ratio = eigenvalues[:k] / total if total > 0 else torch.zeros(k, dtype=eigenvalues.dtype,
                                                                  device=eigenvalues.device)
    return PCA(mean, components.float(), eigenvalues[:k].float(), ratio.float())


def pca_reconstruction_mse(data: "ImageData", k: int = 2) -> float:
    """Test MSE per image of the PCA-k baseline fitted on the training images: the linear
    autoencoder with a k-D code that a nonlinear AE of the same code size should beat.
    Reconstructions are clipped to [0, 1], like the models' outputs (this only helps PCA)."""
    pca = fit_pca(data.train_images, k)
    total = 0.0
    for batch in data.test_images.split(5000):
        restored = pca.inverse_transform(pca.transform(batch)).clamp(0, 1).view_as(batch)
        total += float(per_image_mse(restored, batch).double().sum())
    return total / data.test_images.shape[0]


# --- Linear probe ---------------------------------------------------------------------------------

def linear_probe_accuracy(train_features: torch.Tensor, train_labels: torch.Tensor,
                          test_features: torch.Tensor, test_labels: torch.Tensor,
                          l2: float = 1e-3, max_iter: int = 100) -> float:
    """Test accuracy of a multinomial logistic regression fitted on the training features.

    Features are flattened and standardised with the training mean and std (constant features
    become 0). The fit is full-batch L-BFGS (strong Wolfe line search) from zero weights for at
    most `max_iter` iterations, minimising mean cross-entropy + l2 * |W|^2, in float64 on the CPU:
    deterministic, and well under a second for a few thousand samples of up to 784 features.
    """
    train_x = torch.as_tensor(train_features).detach().to("cpu", torch.float64).flatten(1)
    test_x = torch.as_tensor(test_features).detach().to("cpu", torch.float64).flatten(1)
    train_y = torch.as_tensor(train_labels).detach().to("cpu").long().flatten()
    test_y = torch.as_tensor(test_labels).detach().to("cpu").long().flatten()
    if train_x.shape[0] != train_y.shape[0] or test_x.shape[0] != test_y.shape[0]:
        raise ValueError("each feature set needs one label per row")
    if train_x.shape[1] != test_x.shape[1]:
        raise ValueError(f"train and test features differ in width: {train_x.shape[1]} vs {test_x.shape[1]}")
    if train_x.shape[0] == 0 or test_x.shape[0] == 0:
        raise ValueError("the linear probe needs at least one training and one test sample")
    if not (torch.isfinite(train_x).all() and torch.isfinite(test_x).all()):
        raise ValueError("features contain NaN or infinite values")
    mean, std = train_x.mean(0), train_x.std(0, unbiased=False)
    std = torch.where(std > 1e-8, std, torch.ones_like(std))
    train_x, test_x = (train_x - mean) / std, (test_x - mean) / std
    classes = int(max(train_y.max(), test_y.max())) + 1

    weight = torch.zeros(train_x.shape[1], classes, dtype=torch.float64, requires_grad=True)
    bias = torch.zeros(classes, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([weight, bias], lr=1, max_iter=max_iter, history_size=20,
                                  tolerance_grad=1e-9, tolerance_change=1e-12,
                                  line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = F.cross_entropy(train_x @ weight + bias, train_y) + l2 * weight.pow(2).sum()
        loss.backward()
        return loss

    with torch.enable_grad():
        optimizer.step(closure)
    with torch.no_grad():
        predictions = (test_x @ weight + bias).argmax(1)
    return float((predictions == test_y).double().mean())


def probe_report(model: torch.nn.Module, data: "ImageData", train_limit: int = 5000,
                 test_limit: int = 2000) -> dict[str, Any]:
    """Linear-probe accuracy of the model's codes against raw pixels and against PCA of the same
    size (fitted on the same training images), on the first train_limit / test_limit images."""
    from .latent import encode_dataset  # latent imports this module (for PCA) at load time

    train_images, train_labels = data.train_images[:train_limit], data.train_labels[:train_limit]
    test_images, test_labels = data.test_images[:test_limit], data.test_labels[:test_limit]
    train_codes, test_codes = encode_dataset(model, train_images), encode_dataset(model, test_images)
    dim = train_codes.shape[1]
    pca = fit_pca(train_images, min(dim, train_images.shape[0], train_images[0].numel()))
    return {
        "codes": linear_probe_accuracy(train_codes, train_labels, test_codes, test_labels),
        "pixels": linear_probe_accuracy(train_images, train_labels, test_images, test_labels),
        "pca": linear_probe_accuracy(pca.transform(train_images), train_labels,
                                     pca.transform(test_images), test_labels),
        "dim": dim,
        "train": int(train_images.shape[0]),
        "test": int(test_images.shape[0]),
    }
