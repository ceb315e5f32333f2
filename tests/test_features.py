"""Feature extraction measured in parts (ae_core.features): the three accuracies agree with
metrics.probe_report, which computes them together, and codes carry digit information."""
from __future__ import annotations

import pytest

from ae_core import features, metrics


def test_parts_agree_with_the_probe_report(tiny_ae, mnist_small):
    report = metrics.probe_report(tiny_ae, mnist_small, train_limit=400, test_limit=200)
    assert features.code_accuracy(tiny_ae, mnist_small, 400, 200) == pytest.approx(report["codes"])
    assert features.pca_accuracy(mnist_small, 2, 400, 200) == pytest.approx(report["pca"])
    assert features.pixel_accuracy(mnist_small, 400, 200) == pytest.approx(report["pixels"])
    # Two numbers per image still tell digits apart far better than chance (10%).
    assert report["codes"] > 0.3


def test_test_limit_none_uses_every_test_image(tiny_ae, mnist_small):
    everything = features.pca_accuracy(mnist_small, 2, 400, None)
    assert everything == pytest.approx(features.pca_accuracy(mnist_small, 2, 400, mnist_small.test_images.shape[0]))
