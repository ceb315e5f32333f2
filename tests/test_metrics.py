"""Metrics on cases with known answers: reconstruction errors, AUROC/ROC/confusion counts, novelty
reports, PCA and the linear probe."""
from __future__ import annotations

import math

import pytest
import torch

from ae_core import metrics


# --- reconstruction metrics ------------------------------------------------------------------------

def test_per_image_mse_and_psnr_known_values():
    targets = torch.zeros(2, 1, 28, 28)
    outputs = torch.stack([torch.full((1, 28, 28), 0.1), torch.zeros(1, 28, 28)])
    mse = metrics.per_image_mse(outputs, targets)
    assert torch.allclose(mse, torch.tensor([0.01, 0.0]))
    psnr = metrics.per_image_psnr(outputs, targets)
    assert psnr[0].item() == pytest.approx(20.0, abs=1e-4)
    assert psnr[1].item() == metrics.PSNR_CAP_DB  # a perfect reconstruction is capped, not inf


def test_per_image_bce_sums_over_pixels():
    targets = torch.ones(1, 1, 28, 28)
    outputs = torch.full((1, 1, 28, 28), 0.5)
    assert metrics.per_image_bce(outputs, targets).item() == pytest.approx(784 * math.log(2), rel=1e-5)


# --- AUROC ---------------------------------------------------------------------------------------

def brute_force_auroc(scores: torch.Tensor, is_positive: torch.Tensor) -> float:
    positives, negatives = scores[is_positive], scores[~is_positive]
    wins = (positives[:, None] > negatives[None]).double()
    ties = (positives[:, None] == negatives[None]).double()
    return float((wins + 0.5 * ties).mean())


def test_auroc_perfect_reversed_and_all_ties():
    labels = torch.tensor([0, 0, 0, 1, 1], dtype=torch.bool)
    assert metrics.auroc(torch.tensor([0.1, 0.2, 0.3, 0.8, 0.9]), labels) == 1.0
    assert metrics.auroc(torch.tensor([0.9, 0.8, 0.7, 0.2, 0.1]), labels) == 0.0
    assert metrics.auroc(torch.full((5,), 3.0), labels) == 0.5


def test_auroc_hand_computed_cases():
    # Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of the 4 pairs are won.
    assert metrics.auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)
    # Positives {2, 3} against negatives {1, 2}: wins 1 + 1 + 1, one tie counts 0.5 -> 3.5 / 4.
    assert metrics.auroc([1, 2, 2, 3], [0, 1, 0, 1]) == pytest.approx(0.875)


def test_auroc_matches_pairwise_count_with_many_ties():
    generator = torch.Generator().manual_seed(0)
    scores = torch.randint(0, 6, (500,), generator=generator).float()
    labels = torch.rand(500, generator=generator) < 0.3
    assert metrics.auroc(scores, labels) == pytest.approx(brute_force_auroc(scores, labels), abs=1e-12)


def test_auroc_depends_only_on_the_order_of_scores():
    generator = torch.Generator().manual_seed(1)
    scores = torch.randn(300, generator=generator)
    labels = torch.rand(300, generator=generator) < 0.5
    assert metrics.auroc(scores, labels) == pytest.approx(metrics.auroc(scores.exp() * 7 + 2, labels))


@pytest.mark.parametrize("scores, labels, message", [
    ([0.1, 0.2], [1, 1], "both classes"),
    ([0.1, 0.2, 0.3], [0, 1], "same length"),
    ([0.1, float("nan")], [0, 1], "NaN"),
])
def test_auroc_rejects_bad_input(scores, labels, message):
    with pytest.raises(ValueError, match=message):
        metrics.auroc(scores, labels)


# --- ROC curve and confusion counts -----------------------------------------------------------------

def test_roc_curve_hand_case():
    fpr, tpr, thresholds = metrics.roc_curve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    assert thresholds.tolist() == [math.inf, 0.8, 0.4, 0.35, 0.1]
    assert tpr.tolist() == [0.0, 0.5, 0.5, 1.0, 1.0]
    assert fpr.tolist() == [0.0, 0.0, 0.5, 0.5, 1.0]


def test_roc_curve_area_is_auroc_and_points_match_confusion_counts():
    generator = torch.Generator().manual_seed(2)
    scores = torch.randint(0, 20, (400,), generator=generator).float()
    labels = torch.rand(400, generator=generator) < 0.4
    fpr, tpr, thresholds = metrics.roc_curve(scores, labels)
    assert float(torch.trapezoid(tpr, fpr)) == pytest.approx(metrics.auroc(scores, labels), abs=1e-12)
    assert (fpr.diff() >= 0).all() and (tpr.diff() >= 0).all()
    assert fpr[-1] == 1.0 and tpr[-1] == 1.0
    for index in (1, 5, len(thresholds) - 1):
        counts = metrics.confusion_at_threshold(scores, labels, float(thresholds[index]))
        assert counts["tp"] / (counts["tp"] + counts["fn"]) == pytest.approx(float(tpr[index]))
        assert counts["fp"] / (counts["fp"] + counts["tn"]) == pytest.approx(float(fpr[index]))


def test_confusion_at_threshold_hand_case():
    scores, labels = [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]
    # score >= 0.35 predicts novel: 0.4 (wrongly), 0.35 and 0.8 (rightly); 0.1 stays normal.
    assert metrics.confusion_at_threshold(scores, labels, 0.35) == {"tp": 2, "fp": 1, "tn": 1, "fn": 0}
    assert metrics.confusion_at_threshold(scores, labels, 1.0) == {"tp": 0, "fp": 0, "tn": 2, "fn": 2}


# --- novelty ---------------------------------------------------------------------------------------

def test_novelty_report_positive_class_is_novel():
    labels = torch.tensor([0, 0, 0, 1, 1, 2, 2, 2])
    scores = torch.tensor([0.1, 0.2, 0.3, 0.5, 0.25, 0.9, 0.8, 0.7])
    report = metrics.novelty_report(scores, labels, normal_digits=[0])
    assert report["normal"] == [0]
    assert report["n_normal"] == 3 and report["n_novel"] == 5
    # Digit 2 is separated perfectly; digit 1 wins 5 of its 6 pairs (0.25 < 0.3).
    assert report["per_class_auroc"] == {1: pytest.approx(5 / 6), 2: 1.0}
    assert report["auroc"] == pytest.approx(14 / 15)
    assert report["mean_score_normal"] == pytest.approx(0.2)
    assert report["mean_score_novel"] == pytest.approx(0.63)


def test_novelty_report_rejects_empty_normal_set_and_mismatched_lengths():
    with pytest.raises(ValueError, match="normal_digits"):
        metrics.novelty_report([0.1, 0.2], [0, 1], normal_digits=[])
    with pytest.raises(ValueError, match="same length"):
        metrics.novelty_report([0.1, 0.2], [0, 1, 1], normal_digits=[0])


def test_novelty_scores_are_reconstruction_errors(tiny_ae, mnist_small):
    images = mnist_small.test_images[:50]
    scores = metrics.novelty_scores(tiny_ae, images)
    assert scores.shape == (50,)
    with torch.no_grad():
        expected = metrics.per_image_novelty_score(tiny_ae.reconstruct(images), images)
    assert torch.allclose(scores, expected)


def test_novelty_score_sees_a_patch_of_error_more_than_scattered_error():
    image = torch.zeros(2, 1, 28, 28)
    image[:, :, 4:24, 12:16] = 1.0
    patch, scattered = image.clone(), image.clone()
    patch[0, 0, 10:14, 12:16] = 0.0  # a stroke broken over 16 pixels
    scattered[0, 0, 4:24:5, 12:16] = 0.0  # 16 pixels lost here and there along the stroke
    assert torch.equal(metrics.per_image_mse(patch[:1], image[:1]), metrics.per_image_mse(scattered[:1], image[:1]))
    assert metrics.per_image_novelty_score(patch[:1], image[:1]) > metrics.per_image_novelty_score(scattered[:1], image[:1])
    # The same error on an image with twice the ink scores half as high.
    light, heavy = image[:1], image[:1] * 2 ** 0.5
    assert torch.allclose(metrics.per_image_novelty_score(light + 0.1, light),
                          2 * metrics.per_image_novelty_score(heavy + 0.1, heavy), rtol=0.05)


# --- PCA -------------------------------------------------------------------------------------------

def rank_k_data(n: int, d: int, k: int, seed: int = 0) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    basis = torch.randn(k, d, generator=generator)
    return torch.randn(n, k, generator=generator) @ basis + torch.randn(d, generator=generator)


def test_pca_reconstructs_rank_k_data_exactly():
    x = rank_k_data(200, 30, 3)
    pca = metrics.fit_pca(x, 3)
    assert pca.components.shape == (3, 30) and pca.mean.shape == (30,)
    assert torch.allclose(pca.inverse_transform(pca.transform(x)), x, atol=1e-4)
    assert float(pca.explained_variance_ratio.sum()) == pytest.approx(1.0, abs=1e-5)
    assert torch.allclose(pca.components @ pca.components.T, torch.eye(3), atol=1e-5)


def test_pca_orders_components_by_variance_and_repeats_exactly():
    generator = torch.Generator().manual_seed(3)
    x = torch.randn(500, 4, generator=generator) * torch.tensor([5.0, 3.0, 1.0, 0.2])
    pca = metrics.fit_pca(x, 4)
    assert (pca.explained_variance.diff() < 0).all()
    coordinates = pca.transform(x)
    assert torch.allclose(coordinates.var(0), pca.explained_variance, rtol=1e-4)
    # The largest axis is the first input coordinate, signed so its biggest entry is positive.
    assert float(pca.components[0, 0]) == pytest.approx(1.0, abs=0.01)
    again = metrics.fit_pca(x, 4)
    assert torch.equal(pca.components, again.components)


def test_pca_accepts_images_and_rejects_bad_k():
    images = torch.rand(20, 1, 28, 28)
    assert metrics.fit_pca(images, 5).transform(images).shape == (20, 5)
    for k in (0, 21, 2.0):
        with pytest.raises(ValueError, match="PCA k"):
            metrics.fit_pca(images, k)


def test_pca_2_reconstruction_mse_on_mnist(mnist):
    # The linear 2-D baseline on MNIST sits near 0.0555 per pixel (0.05547 fitted on all 60,000
    # training images); 10,000 of them give the same components to within 0.0001.
    assert metrics.pca_reconstruction_mse(mnist.subset(train_limit=10000), 2) == pytest.approx(0.0555, abs=0.001)


def test_pca_reconstruction_error_falls_with_more_components(mnist_small):
    errors = [metrics.pca_reconstruction_mse(mnist_small, k) for k in (2, 10, 50)]
    assert errors[0] > errors[1] > errors[2]


# --- linear probe ----------------------------------------------------------------------------------

def blobs(n_per_class: int, centres: torch.Tensor, spread: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    labels = torch.arange(centres.shape[0]).repeat_interleave(n_per_class)
    features = centres[labels] + spread * torch.randn(labels.shape[0], centres.shape[1], generator=generator)
    return features, labels


def test_linear_probe_separable_classes_score_one():
    centres = torch.tensor([[0.0, 0.0, 5.0], [10.0, 0.0, 5.0], [0.0, 10.0, 5.0]])
    train_x, train_y = blobs(100, centres, 1.0, seed=0)
    test_x, test_y = blobs(50, centres, 1.0, seed=1)
    assert metrics.linear_probe_accuracy(train_x, train_y, test_x, test_y) == 1.0


def test_linear_probe_random_labels_score_near_chance_and_is_deterministic():
    generator = torch.Generator().manual_seed(4)
    train_x, test_x = torch.randn(400, 8, generator=generator), torch.randn(400, 8, generator=generator)
    train_y = torch.randint(0, 4, (400,), generator=generator)
    test_y = torch.randint(0, 4, (400,), generator=generator)
    first = metrics.linear_probe_accuracy(train_x, train_y, test_x, test_y)
    assert 0.15 < first < 0.35
    assert metrics.linear_probe_accuracy(train_x, train_y, test_x, test_y) == first


def test_linear_probe_ignores_constant_features_and_checks_shapes():
    centres = torch.tensor([[0.0, 0.0], [6.0, 6.0]])
    train_x, train_y = blobs(50, centres, 1.0, seed=5)
    test_x, test_y = blobs(50, centres, 1.0, seed=6)
    padded = lambda x: torch.cat([x, torch.zeros(x.shape[0], 3)], 1)  # noqa: E731 (constant pixels)
    assert metrics.linear_probe_accuracy(padded(train_x), train_y, padded(test_x), test_y) > 0.95
    with pytest.raises(ValueError, match="width"):
        metrics.linear_probe_accuracy(train_x, train_y, padded(test_x), test_y)
    with pytest.raises(ValueError, match="one label per row"):
        metrics.linear_probe_accuracy(train_x, train_y[:-1], test_x, test_y)


def test_probe_report_compares_codes_pixels_and_pca(tiny_ae, mnist_small):
    report = metrics.probe_report(tiny_ae, mnist_small, train_limit=1000, test_limit=300)
    assert report["dim"] == 2 and report["train"] == 1000 and report["test"] == 300
    # 784 raw pixels separate digits far better than any 2 numbers; chance is 0.1.
    assert report["pixels"] > 0.8
    assert 0.2 < report["pca"] < report["pixels"]
    assert 0.2 < report["codes"] < report["pixels"]
