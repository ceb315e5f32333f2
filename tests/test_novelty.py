"""Novelty analysis (ae_core.novelty): the threshold from normal images, extremes, one analysis of
a real model whose numbers agree with metrics.py, and scoring one user image."""
from __future__ import annotations

import numpy as np
import pytest

from ae_core import metrics
from ae_core.novelty import (analyse, check_normal_digits, extremes, score_image,
                             threshold_for_false_alarms)


def test_threshold_lets_the_chosen_share_of_normal_scores_through():
    normal = np.arange(1, 101, dtype=float)  # 1..100
    threshold = threshold_for_false_alarms(normal, 0.05)
    assert threshold == pytest.approx(95.05)
    assert (normal >= threshold).sum() == 5
    assert threshold_for_false_alarms(normal, 0.5) == pytest.approx(50.5)
    with pytest.raises(ValueError):
        threshold_for_false_alarms(normal, 0.0)
    with pytest.raises(ValueError):
        threshold_for_false_alarms([], 0.1)


def test_extremes_with_ties_keep_index_order():
    scores = [0.3, 0.9, 0.1, 0.9, 0.1, 0.5]
    most, least = extremes(scores, 3)
    assert most.tolist() == [1, 3, 5]
    assert least.tolist() == [2, 4, 0]
    most, least = extremes(scores, 50)
    assert len(most) == len(least) == 6
    with pytest.raises(ValueError):
        extremes(scores, 0)


@pytest.mark.parametrize("digits", [[], list(range(10)), [3, 11]])
def test_bad_normal_digits(digits):
    with pytest.raises(ValueError, match="normal digits"):
        check_normal_digits(digits)
    assert check_normal_digits([3, 1, 3]) == [1, 3]


def test_analysis_of_a_real_model_agrees_with_metrics(tiny_ae, mnist_small):
    analysis = analyse(tiny_ae, mnist_small, [1, 0], normal_train_limit=300)
    n = mnist_small.test_images.shape[0]
    assert analysis.normal == [0, 1]
    assert analysis.scores.shape == (n,) and analysis.labels.shape == (n,)
    assert analysis.normal_train_scores.shape == (300,)
    expected = metrics.novelty_scores(tiny_ae, mnist_small.test_images).double().numpy()
    assert np.allclose(analysis.scores, expected)
    is_novel = ~np.isin(analysis.labels, [0, 1])
    assert np.array_equal(analysis.is_novel, is_novel)
    assert analysis.auroc == pytest.approx(metrics.auroc(analysis.scores, is_novel))
    # The ROC runs from (0, 0) to (1, 1) and its area is the AUROC.
    assert analysis.fpr[0] == 0 and analysis.tpr[-1] == 1 and analysis.fpr[-1] == 1
    assert np.trapezoid(analysis.tpr, analysis.fpr) == pytest.approx(analysis.auroc)
    # Confusion counts at the extremes of the threshold.
    everything = analysis.confusion(-np.inf)
    assert everything == {"tp": int(is_novel.sum()), "fp": int((~is_novel).sum()), "tn": 0, "fn": 0}
    nothing = analysis.confusion(np.inf)
    assert nothing["tp"] == 0 and nothing["tn"] == int((~is_novel).sum())
    # The default threshold passes about 5% of normal training images as novel.
    threshold = analysis.default_threshold()
    assert 0.03 <= float((analysis.normal_train_scores >= threshold).mean()) <= 0.07
    most, least = analysis.extremes(5)
    assert analysis.scores[most].min() >= analysis.scores[least].max()


def test_score_of_one_image_matches_the_batch_score(tiny_ae, mnist_small):
    image = mnist_small.test_images[7, 0].numpy()
    score, reconstruction = score_image(tiny_ae, image)
    batch_score = float(metrics.novelty_scores(tiny_ae, mnist_small.test_images[7:8])[0])
    assert score == pytest.approx(batch_score, rel=1e-5)
    assert reconstruction.shape == (28, 28) and 0 <= reconstruction.min() and reconstruction.max() <= 1
    assert tiny_ae.training is False
    with pytest.raises(ValueError, match="28x28"):
        score_image(tiny_ae, np.zeros((20, 20)))
