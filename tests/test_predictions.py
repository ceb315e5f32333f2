"""ae_core.predictions: each experiment picks the choice its own measurements support, on small
slices of MNIST and small models (the shipped models' outcomes are checked by the page tests'
wiring and measured in the report, not copied here)."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_core import predictions
from ae_core.denoising import PsnrCurve, psnr_curve
from ae_core.models import build_model
from ae_core.toy import TOY_MODEL, TOY_TRAIN, toy_dataset
from ae_core.training import TrainConfig


def test_lowest_highest_and_ties():
    assert predictions.lowest({"a": 0.3, "b": 0.1, "c": 0.2}).answer == "b"
    assert predictions.highest({"a": 0.3, "b": 0.1, "c": 0.2}).answer == "a"
    assert predictions.three_way("x", 1.0, "y", 2.0).answer == "x"
    assert predictions.three_way("x", 2.0, "y", 1.0).answer == "y"
    assert predictions.three_way("x", 1.0, "y", 1.01).answer == "tie"
    with pytest.raises(ValueError):
        predictions.lowest({})


def test_model_vs_pca_ranks_by_the_errors_it_computes(mnist_small, tiny_ae):
    outcome = predictions.model_vs_pca(tiny_ae, mnist_small, 2, 2000, 300)
    model, pca = outcome.values["model"], outcome.values["pca"]
    assert model == pytest.approx(predictions.reconstruction_mse(tiny_ae, mnist_small.test_images[:300]))
    assert outcome.answer == ("tie" if abs(model - pca) <= 0.02 * max(model, pca) else
                              "model" if model < pca else "pca")
    # More components rebuild better: PCA's error falls with k on the same images.
    test = mnist_small.test_images[:300]
    assert predictions.pca_mse(mnist_small.train_images, test, 16) < predictions.pca_mse(mnist_small.train_images, test, 2)


def test_best_reconstruction_prefers_the_trained_model(mnist_small, tiny_ae):
    untrained = build_model("ae", {"latent_dim": 2, "hidden": [128]}, seed=1).eval()
    outcome = predictions.best_reconstruction({"trained": tiny_ae, "untrained": untrained},
                                              mnist_small.test_images[:300])
    assert outcome.answer == "trained"
    assert outcome.values["trained"] < outcome.values["untrained"]


def test_novelty_gap_reads_which_group_scores_higher():
    labels = np.array([0, 0, 1, 2, 3])
    assert predictions.novelty_gap(np.array([0.1, 0.1, 0.5, 0.6, 0.7]), labels, [0]).answer == "novel"
    assert predictions.novelty_gap(np.array([0.9, 0.9, 0.5, 0.6, 0.7]), labels, [0]).answer == "normal"
    assert predictions.novelty_gap(np.array([0.5, 0.5, 0.5, 0.5, 0.5]), labels, [0]).answer == "same"
    with pytest.raises(ValueError):
        predictions.novelty_gap(np.ones(5), np.zeros(5), [0])


def _curve(kind: str, levels: list[float], inputs: list[float], outputs: list[float]) -> PsnrCurve:
    return PsnrCurve(kind, levels, inputs, {"model": outputs})


def test_least_cleaned_uses_the_gain_at_each_kinds_level():
    curves = {"gaussian": _curve("gaussian", [0.3, 0.5], [12.0, 9.0], [13.0, 12.0]),  # gain 3 at 0.5
              "masking": _curve("masking", [0.3, 0.5], [15.0, 13.0], [20.0, 13.5])}  # gain 0.5 at 0.5
    outcome = predictions.least_cleaned(curves, {"gaussian": 0.5, "masking": 0.5})
    assert outcome.answer == "masking"
    assert outcome.values == pytest.approx({"gaussian": 3.0, "masking": 0.5})
    # At the lighter level masking gains more (5 dB) than Gaussian (1 dB).
    assert predictions.least_cleaned(curves, {"gaussian": 0.3, "masking": 0.3}).answer == "gaussian"


def test_denoiser_vs_plain_margin():
    plain = _curve("gaussian", [0.5], [9.0], [11.0])
    assert predictions.denoiser_vs_plain(_curve("gaussian", [0.5], [9.0], [15.0]), plain, 0.5).answer == "denoiser"
    assert predictions.denoiser_vs_plain(_curve("gaussian", [0.5], [9.0], [11.5]), plain, 0.5).answer == "same"
    assert predictions.denoiser_vs_plain(_curve("gaussian", [0.5], [9.0], [8.0]), plain, 0.5).answer == "plain"


def test_cleans_noise_compares_output_with_its_noisy_input(mnist_small, tiny_ae):
    images = mnist_small.test_images[:200]
    outcome = predictions.cleans_noise(tiny_ae, images, "gaussian", 0.8)
    curve = psnr_curve({"m": tiny_ae}, images, "gaussian", [0.8])
    assert outcome.values["noisy"] == pytest.approx(curve.input_psnr[0], abs=1e-4)
    assert outcome.values["output"] == pytest.approx(curve.outputs["m"][0], abs=1e-4)
    assert outcome.answer == ("cleaner" if outcome.values["output"] > outcome.values["noisy"] else "noisier")


def test_parameters_vs_mlp():
    assert predictions.parameters_vs_mlp(1000, 5000).answer == "conv"
    assert predictions.parameters_vs_mlp(5000, 1000).answer == "mlp"
    assert predictions.parameters_vs_mlp(1000, 5000).values["ratio"] == pytest.approx(5.0)


def test_greedy_vs_end_to_end_trains_both_for_the_same_epochs():
    data = toy_dataset(train=256, test=64)
    outcome = predictions.greedy_vs_end_to_end(data, dict(TOY_MODEL), 1, TOY_TRAIN["batch_size"], TOY_TRAIN["lr"])
    depth = len(TOY_MODEL["hidden"]) + 1
    assert outcome.values["epochs"] == depth + 1  # K one-epoch stages and one epoch of fine-tuning
    greedy, e2e = outcome.values["greedy"], outcome.values["e2e"]
    assert outcome.answer == ("tie" if abs(greedy - e2e) <= 0.02 * max(greedy, e2e) else
                              "greedy" if greedy < e2e else "e2e")


def test_spread_and_closest_to_normal():
    generator = torch.Generator().manual_seed(0)
    normal = torch.randn(5000, 2, generator=generator)
    assert predictions.spread(normal) == pytest.approx(1.0, abs=0.05)
    assert predictions.spread(3 * normal) == pytest.approx(9.0, rel=0.05)
    outcome = predictions.closest_to_normal({"wide": 10 * normal, "normal": normal, "narrow": 0.1 * normal})
    assert outcome.answer == "normal"


def test_beta_effect_measures_both_betas(mnist_small):
    train = TrainConfig(epochs=1, batch_size=128, lr=2e-3, limit=1000, eval_limit=100)
    outcome = predictions.beta_effect(mnist_small, {"latent_dim": 2, "hidden": [64]}, train, test_limit=200)
    ratio = outcome.values["spread0"] / outcome.values["spread1"]
    assert outcome.answer == ("spread" if ratio >= 2 else "collapsed" if ratio <= 0.5 else "same")
    assert outcome.values["sigma0"] > 0 and outcome.values["sigma1"] > 0
    assert outcome.points["beta0"].shape == outcome.points["beta1"].shape == (200, 2)
    assert outcome.values["spread0"] == pytest.approx(predictions.spread(outcome.points["beta0"]), rel=1e-5)


def test_prior_samples_realism_ranks_by_nearest_distance(mnist_small, tiny_ae):
    # A decoder that draws a real test digit for every code is as close to real digits as it gets.
    class Copier(torch.nn.Module):
        latent_dim = 2

        def __init__(self, image):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.zeros(1))
            self.image = image

        def decode(self, z):
            return self.image.expand(z.shape[0], *self.image.shape[1:]) + 0 * self.weight

    reference = mnist_small.test_images[:200]
    outcome = predictions.prior_samples_realism({"ae": tiny_ae, "copier": Copier(reference[:1])}, reference, 16)
    assert outcome.answer == "copier"
    assert outcome.values["copier"] == pytest.approx(0.0, abs=1e-6)
    assert outcome.values["ae"] > 0


def test_visible_checkerboard_needs_a_clear_and_visible_lead():
    faint = {"unpool": 0.05, "upsample": 0.06, "transposed": 0.08}
    assert predictions.visible_checkerboard(faint, 0.04).answer == "none"  # the highest, but invisible
    strong = {"unpool": 0.05, "upsample": 0.06, "transposed": 2.0}
    assert predictions.visible_checkerboard(strong, 0.04).answer == "transposed"
    # Visible, but no stronger than the originals' own grid: nothing the decoder added.
    assert predictions.visible_checkerboard(strong, 1.9).answer == "none"
    assert predictions.visible_checkerboard(strong, 0.04).values["original"] == pytest.approx(0.04)
