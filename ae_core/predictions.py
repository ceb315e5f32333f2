"""The experiments behind the pages' "predict, then check" questions: each one measures something
about shipped (or briefly trained) models and says which of the question's choices the measurement
picks. The page asks first and runs these only after the learner has committed to a prediction.

Every function returns an Outcome: the choice the numbers pick (`answer`) and the numbers themselves
(`values`, named so that a sentence can quote them). Functions that take precomputed views (test
MSE, PSNR curves, codes) reuse what ae_core/views.py ships beside the weights.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import torch

from . import metrics
from .data import ImageData
from .denoising import PsnrCurve
from .latent import decode_codes, model_device
from .models import build_model
from .training import TrainConfig, run, train_greedy

# Two reconstruction errors closer than this share of the larger one count as a tie: a
# difference that small changes with the slice of test images or the seed.
RELATIVE_TIE = 0.02
# Two PSNRs closer than this (dB) count as "about the same": below what an eye tells apart.
DB_TIE = 1.0


@dataclass(frozen=True)
class Outcome:
    """The choice the measurement picks, the measured numbers by name, and any codes worth
    drawing (name -> (N, 2) points of the first N test images)."""

    answer: str
    values: dict[str, float]
    points: dict[str, np.ndarray] = field(default_factory=dict)


def _close(a: float, b: float, share: float = RELATIVE_TIE) -> bool:
    return abs(a - b) <= share * max(abs(a), abs(b))


def lowest(values: Mapping[str, float]) -> Outcome:
    """The name with the smallest value (e.g. the decoder with the lowest test MSE)."""
    if not values:
        raise ValueError("lowest needs at least one value")
    return Outcome(min(values, key=values.__getitem__), {name: float(value) for name, value in values.items()})


def highest(values: Mapping[str, float]) -> Outcome:
    if not values:
        raise ValueError("highest needs at least one value")
    return Outcome(max(values, key=values.__getitem__), {name: float(value) for name, value in values.items()})


def three_way(a_name: str, a: float, b_name: str, b: float, tie: str = "tie",
              share: float = RELATIVE_TIE) -> Outcome:
    """Which of two errors is lower: `a_name`, `b_name`, or `tie` when they are within `share`."""
    answer = tie if _close(a, b, share) else (a_name if a < b else b_name)
    return Outcome(answer, {a_name: float(a), b_name: float(b)})


# ---- Reconstruction against PCA, code sizes ---------------------------------------------------------

def reconstruction_mse(model: torch.nn.Module, images: torch.Tensor) -> float:
    """Mean per-image MSE of the model's reconstruction of `images`."""
    return float(metrics.evaluate(model, images.to(model_device(model)))["mse"])


def pca_mse(train_images: torch.Tensor, test_images: torch.Tensor, k: int) -> float:
    """Test MSE of PCA with k components fitted on `train_images` (outputs clipped to [0, 1] like a
    model's): the linear autoencoder with a k-D code."""
    pca = metrics.fit_pca(train_images, k)
    restored = pca.inverse_transform(pca.transform(test_images)).clamp(0, 1).view_as(test_images)
    return float(metrics.per_image_mse(restored, test_images.to(restored)).mean())


def model_vs_pca(model: torch.nn.Module, data: ImageData, k: int, train_limit: int, test_limit: int) -> Outcome:
    """Does the model reconstruct the first `test_limit` test images better than PCA-k fitted on the
    first `train_limit` training images? answer "model", "pca" or "tie"; values model, pca (MSE)."""
    test = data.test_images[:test_limit]
    return three_way("model", reconstruction_mse(model, test), "pca",
                     pca_mse(data.train_images[:train_limit], test, k))


def best_reconstruction(models: Mapping[str, torch.nn.Module], images: torch.Tensor) -> Outcome:
    """The model with the lowest reconstruction MSE on `images`; values: each one's MSE."""
    return lowest({name: reconstruction_mse(model, images) for name, model in models.items()})


# ---- Novelty ----------------------------------------------------------------------------------------

def novelty_gap(scores: np.ndarray, labels: np.ndarray, normal: Sequence[int]) -> Outcome:
    """Whose mean reconstruction error is higher, the normal digits' or the novel ones'? answer
    "novel", "normal" or "same" (within RELATIVE_TIE); values normal, novel (mean MSE)."""
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels)
    is_normal = np.isin(labels, list(normal))
    if is_normal.all() or not is_normal.any():
        raise ValueError("novelty_gap needs both normal and novel test images")
    normal_mean, novel_mean = float(scores[is_normal].mean()), float(scores[~is_normal].mean())
    if _close(normal_mean, novel_mean):
        answer = "same"
    else:
        answer = "novel" if novel_mean > normal_mean else "normal"
    return Outcome(answer, {"normal": normal_mean, "novel": novel_mean})


# ---- Denoising ----------------------------------------------------------------------------------------

def _at(curve: PsnrCurve, level: float) -> int:
    return min(range(len(curve.levels)), key=lambda i: abs(curve.levels[i] - level))


def least_cleaned(curves: Mapping[str, PsnrCurve], levels: Mapping[str, float]) -> Outcome:
    """Which noise kind a model cleans least: its PSNR gain over the noisy input (dB) at each kind's
    level, read from its one-model PSNR curves. Values are named by kind with '-' as '_'."""
    gains = {}
    for kind, curve in curves.items():
        index = _at(curve, levels[kind])
        gains[kind.replace("-", "_")] = next(iter(curve.outputs.values()))[index] - curve.input_psnr[index]
    return lowest(gains)


def denoiser_vs_plain(denoiser: PsnrCurve, plain: PsnrCurve, level: float, margin_db: float = DB_TIE) -> Outcome:
    """Who restores cleaner digits at `level`: answer "denoiser" (ahead by more than margin_db),
    "plain" (likewise) or "same"; values denoiser, plain, noisy (PSNR in dB)."""
    index = _at(denoiser, level)
    ours, theirs = next(iter(denoiser.outputs.values()))[index], next(iter(plain.outputs.values()))[_at(plain, level)]
    if abs(ours - theirs) <= margin_db:
        answer = "same"
    else:
        answer = "denoiser" if ours > theirs else "plain"
    return Outcome(answer, {"denoiser": float(ours), "plain": float(theirs), "noisy": float(denoiser.input_psnr[index])})


def cleans_noise(model: torch.nn.Module, images: torch.Tensor, kind: str, level: float, seed: int = 0) -> Outcome:
    """Is the model's output closer to the clean images than its noisy input was? answer "cleaner"
    or "noisier"; values noisy, output (PSNR in dB)."""
    result = metrics.evaluate(model, images.to(model_device(model)), kind, level, seed=seed)
    answer = "cleaner" if result["psnr"] > result["input_psnr"] else "noisier"
    return Outcome(answer, {"noisy": float(result["input_psnr"]), "output": float(result["psnr"])})


# ---- Convolution --------------------------------------------------------------------------------------

# A decoder's reconstructions show a checkerboard when its grid-pattern amplitude exceeds every
# other's and the original digits' own by this factor and reaches this many grey levels (of 255):
# the Convolutional AE page's own test of its figure (pages/conv.py).
CHECKER_SHOWS, CHECKER_VISIBLE = 1.5, 1.0


def visible_checkerboard(amplitudes: Mapping[str, float], original: float) -> Outcome:
    """Which decoder's reconstructions show a checkerboard (see CHECKER_SHOWS): its name, or "none"
    when the strongest is as faint as the rest; values: each amplitude and the originals'."""
    strongest = highest(amplitudes)
    rest = max([original] + [value for name, value in amplitudes.items() if name != strongest.answer])
    peak = strongest.values[strongest.answer]
    shows = peak > CHECKER_SHOWS * rest and peak >= CHECKER_VISIBLE
    return Outcome(strongest.answer if shows else "none", {**strongest.values, "original": float(original)})


def parameters_vs_mlp(conv_count: int, mlp_count: int) -> Outcome:
    """Which network has fewer weights: answer "conv" or "mlp"; values conv, mlp, ratio (mlp / conv)."""
    answer = "conv" if conv_count < mlp_count else "mlp"
    return Outcome(answer, {"conv": float(conv_count), "mlp": float(mlp_count), "ratio": mlp_count / conv_count})


# ---- Stacked: greedy pretraining against end to end ----------------------------------------------------

def greedy_vs_end_to_end(data: ImageData, model_config: dict, stage_epochs: int, batch_size: int, lr: float,
                         seed: int = 0) -> Outcome:
    """The same stacked network trained twice for the same number of epochs: greedy layer-wise
    (each of its K stages for `stage_epochs`, then fine-tuning for `stage_epochs`) and end to end
    for (K + 1) * stage_epochs. answer "greedy", "e2e" or "tie"; values greedy, e2e (test MSE),
    epochs (each run's total)."""
    greedy = build_model("stacked", model_config, seed=seed)
    stage = TrainConfig(epochs=stage_epochs, batch_size=batch_size, lr=lr, seed=seed)
    for _ in train_greedy(greedy, data, stage, stage):
        pass
    epochs = (greedy.depth + 1) * stage_epochs
    end_to_end = build_model("stacked", model_config, seed=seed)
    run(end_to_end, data, TrainConfig(epochs=epochs, batch_size=batch_size, lr=lr, seed=seed))
    outcome = three_way("greedy", reconstruction_mse(greedy, data.test_images),
                        "e2e", reconstruction_mse(end_to_end, data.test_images))
    return Outcome(outcome.answer, {**outcome.values, "epochs": float(epochs)})


# ---- Variational ---------------------------------------------------------------------------------------

def spread(codes: np.ndarray | torch.Tensor) -> float:
    """Mean squared length of the codes per dimension: 1 for codes drawn from N(0, I)."""
    codes = torch.as_tensor(np.asarray(codes), dtype=torch.float64)
    return float(codes.pow(2).sum(1).mean() / codes.shape[1])


def closest_to_normal(codes: Mapping[str, np.ndarray | torch.Tensor]) -> Outcome:
    """Whose codes lie most like N(0, I): the spread (see `spread`) closest to 1, on a log scale so
    that 4x too wide and 4x too narrow are equally far. Values: each one's spread."""
    spreads = {name: spread(value) for name, value in codes.items()}
    best = min(spreads, key=lambda name: abs(np.log(max(spreads[name], 1e-12))))
    return Outcome(best, spreads)


def beta_effect(data: ImageData, model_config: dict, train: TrainConfig, test_limit: int = 2000,
                factor: float = 2.0) -> Outcome:
    """Two VAEs alike but for beta (0 and 1), trained with `train`: where do the test codes (the
    posterior means) of the beta = 0 one land, against the beta = 1 one's? answer "spread" (spread
    `factor` times wider or more), "collapsed" (`factor` times narrower) or "same"; values
    spread0, spread1 (see `spread`), sigma0, sigma1 (the posteriors' mean sigma); points beta0,
    beta1: the codes of the first `test_limit` test images."""
    from .variational import posterior

    values, points = {}, {}
    for beta in (0.0, 1.0):
        model = build_model("vae", {**model_config, "beta": beta}, seed=train.seed)
        run(model, data, train)
        mu, sigma = posterior(model, data.test_images[:test_limit])
        suffix = str(int(beta))
        values[f"spread{suffix}"] = spread(mu.cpu())
        values[f"sigma{suffix}"] = float(sigma.mean())
        points[f"beta{suffix}"] = mu.float().cpu().numpy()
    ratio = values["spread0"] / values["spread1"]
    answer = "spread" if ratio >= factor else "collapsed" if ratio <= 1 / factor else "same"
    return Outcome(answer, values, points)


def prior_samples_realism(models: Mapping[str, torch.nn.Module], reference: torch.Tensor, count: int = 64,
                          seed: int = 0) -> Outcome:
    """Decode the same `count` draws from N(0, I) with each model; whose images lie nearer to real
    digits? Values: each model's mean MSE from a sample to its nearest image in `reference`."""
    distances = {}
    flat_reference = reference.flatten(1).float()
    for name, model in models.items():
        codes = torch.randn(count, model.latent_dim, generator=torch.Generator().manual_seed(seed))
        samples = decode_codes(model, codes).flatten(1).float().to(flat_reference.device)
        nearest = torch.cdist(samples, flat_reference).pow(2).min(1).values / flat_reference.shape[1]
        distances[name] = float(nearest.mean())
    return lowest(distances)
