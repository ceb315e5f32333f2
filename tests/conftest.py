"""Shared pytest fixtures: bundled MNIST on the CPU, loaded once per session, and small slices of it.

Tests train on slices of a few thousand images at most so that the whole suite stays fast on a
2-core CPU. Fixtures hand out shared tensors: treat them as read-only.
"""
from __future__ import annotations

import os

import pytest
import torch

from ae_core.data import ImageData, load_dataset

# Page tests check what a view shows, so a page run waits for a view computed in the background
# instead of drawing its "being computed" note (ui/resources.py); tests of the note set it to 0.
os.environ.setdefault("AE_LAB_VIEWS_WAIT", "600")
# Servers the tests start (browser tests, classroom mode) skip ui.serve's page warm-up, about 5 s
# each; tests/test_serve.py runs the warm-up itself.
os.environ.setdefault("AE_LAB_WARM_PAGES", "0")


@pytest.fixture(scope="session")
def mnist() -> ImageData:
    """The whole bundled MNIST (60,000 train / 10,000 test images) on the CPU."""
    return load_dataset("mnist", device="cpu")


@pytest.fixture(scope="session")
def mnist_small(mnist: ImageData) -> ImageData:
    """The first 2,000 training and 500 test images: enough to train a tiny model in seconds."""
    return mnist.subset(train_limit=2000, test_limit=500)


@pytest.fixture(scope="session")
def tiny_ae(mnist_small: ImageData) -> torch.nn.Module:
    """A small 2-D undercomplete AE (784-128-2) trained for 3 epochs on `mnist_small` (about 1 s).

    Good enough that its codes separate digits better than chance and its reconstructions beat the
    mean image; not a model to compare against published figures.
    """
    from ae_core.models import build_model
    from ae_core.training import TrainConfig, run

    model = build_model("ae", {"latent_dim": 2, "hidden": [128]}, seed=0)
    run(model, mnist_small, TrainConfig(epochs=3, batch_size=64, lr=3e-3, seed=0))
    return model.eval()


@pytest.fixture(scope="module")
def small_probes():
    """Feature extraction's linear probes fitted on 500 codes and scored on 300, for a module that
    opts in (`pytestmark = pytest.mark.usefixtures("small_probes")`): its pages' tests check what the
    page shows, and the Undercomplete page would otherwise fit its probes on 10,000 codes each time
    a test empties the caches (about 10 s on 2 cores)."""
    from ae_core import features

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(features, "PROBE_TRAIN", 500)
        patch.setattr(features, "PROBE_TEST", 300)
        yield
