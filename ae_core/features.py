"""Feature extraction, measured: linear-probe accuracy of an autoencoder's codes, of PCA of the same
size and of raw pixels, as three separate numbers so that a caller can cache the two baselines
(they depend only on the data set and the size, not on the model).

Together they are metrics.probe_report; the protocol is experiments.probe_experiment's: fit on the
first `train_limit` training images, test on the first `test_limit` test images (None: all).
"""
from __future__ import annotations

import torch

from .data import ImageData
from .latent import encode_dataset
from .metrics import fit_pca, linear_probe_accuracy

PROBE_TRAIN = 10000  # training images the classifier is fitted on
PROBE_TEST: int | None = None  # test images it is scored on (None: the whole test set)


def _split(data: ImageData, train_limit: int, test_limit: int | None):
    return (data.train_images[:train_limit], data.train_labels[:train_limit],
            data.test_images[:test_limit], data.test_labels[:test_limit])


def code_accuracy(model: torch.nn.Module, data: ImageData, train_limit: int = PROBE_TRAIN,
                  test_limit: int | None = PROBE_TEST) -> float:
    """Test accuracy of a linear classifier reading the model's codes (N, latent_dim)."""
    train_x, train_y, test_x, test_y = _split(data, train_limit, test_limit)
    return linear_probe_accuracy(encode_dataset(model, train_x), train_y, encode_dataset(model, test_x), test_y)


def pca_accuracy(data: ImageData, dim: int, train_limit: int = PROBE_TRAIN,
                 test_limit: int | None = PROBE_TEST) -> float:
    """The same classifier reading the first `dim` principal components (fitted on the same
    training images): the best linear code of that size."""
    train_x, train_y, test_x, test_y = _split(data, train_limit, test_limit)
    pca = fit_pca(train_x, min(dim, train_x.shape[0], train_x[0].numel()))
    return linear_probe_accuracy(pca.transform(train_x), train_y, pca.transform(test_x), test_y)


def pixel_accuracy(data: ImageData, train_limit: int = PROBE_TRAIN, test_limit: int | None = PROBE_TEST) -> float:
    """The same classifier reading all 784 raw pixels."""
    train_x, train_y, test_x, test_y = _split(data, train_limit, test_limit)
    return linear_probe_accuracy(train_x, train_y, test_x, test_y)
