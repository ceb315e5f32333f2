"""ae_core.convolution: layer shapes of the real model, parameter counts, the max-pool/unpool toy
example, transposed convolution's overlap pattern and the checkerboard amplitude."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_core.convolution import (checkerboard_amplitude, count_parameters, decoder_parameter_counts,
                                 feature_maps, layers, mlp_parameter_count, overlap_counts, pool_unpool,
                                 toy_array)
from ae_core.models import build_model
from ae_core.models.conv import DECODERS

CONFIG = {"latent_dim": 16, "channels": [16, 32]}


@pytest.mark.parametrize("decoder", DECODERS)
def test_layers_follow_the_data_through_the_real_model(decoder):
    model = build_model("conv", {**CONFIG, "decoder": decoder})
    stages = layers(model)
    shapes = {stage.name: stage.shape for stage in stages}
    assert stages[0].shape == (1, 28, 28) and stages[-1].shape == (1, 28, 28)
    assert shapes["encoder conv1"] == (16, 28, 28)
    assert shapes["encoder pool1"] == (16, 14, 14)
    assert shapes["encoder pool2"] == (32, 7, 7)
    assert shapes["code"] == (16,)
    assert shapes["decoder input"] == (32, 7, 7)
    names = [stage.name for stage in stages]
    assert names.index("encoder pool2") < names.index("code") < names.index("decoder input")
    assert "output logits" not in names
    kinds = {stage.kind for stage in stages}
    expected = {"unpool": "unpool", "upsample": "upsample", "transposed": "deconv"}[decoder]
    assert expected in kinds
    # Every parameter belongs to exactly one listed layer.
    assert sum(stage.parameters for stage in stages) == count_parameters(model)
    assert all(stage.parameters == 0 for stage in stages if stage.kind in ("pool", "unpool", "upsample"))


def test_layers_follow_a_three_block_encoder():
    stages = layers(build_model("conv", {"latent_dim": 8, "channels": [8, 8, 8], "decoder": "unpool"}))
    shapes = [stage.shape for stage in stages if stage.kind == "pool"]
    assert shapes == [(8, 14, 14), (8, 7, 7), (8, 3, 3)]
    assert stages[-1].shape == (1, 28, 28)


def test_decoder_and_mlp_parameter_counts():
    counts = decoder_parameter_counts(CONFIG)
    assert set(counts) == set(DECODERS)
    # Unpooling and upsampling only move values: the same 3x3 convolutions follow both.
    assert counts["unpool"] == counts["upsample"]
    # A 4x4 transposed kernel has 16 weights per channel pair against the 3x3 convolution's 9.
    assert counts["transposed"] > counts["unpool"]
    for decoder, count in counts.items():
        assert count == count_parameters(build_model("conv", {**CONFIG, "decoder": decoder}))
    # 784-256-128-16 and back: (784*256+256) + (256*128+128) + (128*16+16), mirrored.
    encoder = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 16 + 16
    decoder = 16 * 128 + 128 + 128 * 256 + 256 + 256 * 784 + 784
    assert mlp_parameter_count(16, [256, 128]) == encoder + decoder
    assert mlp_parameter_count(16, [256, 128]) > counts["transposed"]


def test_pool_unpool_puts_each_maximum_back_where_it_was():
    values = np.array([[1, 2, 0, 0],
                       [3, 9, 0, 7],
                       [5, 0, 0, 0],
                       [0, 0, 6, 0]], dtype=np.float32)
    result = pool_unpool(values)
    np.testing.assert_array_equal(result.pooled, [[9, 7], [5, 6]])
    np.testing.assert_array_equal(result.argmax, [[5, 7], [8, 14]])
    np.testing.assert_array_equal(result.unpooled, [[0, 0, 0, 0],
                                                    [0, 9, 0, 7],
                                                    [5, 0, 0, 0],
                                                    [0, 0, 6, 0]])
    np.testing.assert_array_equal(result.upsampled[:2, :2], [[9, 9], [9, 9]])


def test_toy_array_has_one_maximum_per_window():
    values = toy_array(seed=5)
    assert values.shape == (4, 4)
    assert sorted(values.ravel().tolist()) == list(range(1, 17))
    result = pool_unpool(values)
    assert np.count_nonzero(result.unpooled) == 4
    assert result.unpooled.sum() == result.pooled.sum()
    assert not np.array_equal(toy_array(seed=5), toy_array(seed=6))
    with pytest.raises(ValueError, match="even"):
        toy_array(side=3)


def test_pool_unpool_rejects_odd_shapes():
    with pytest.raises(ValueError, match="even sides"):
        pool_unpool(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="even sides"):
        pool_unpool(np.zeros(4))


def test_overlap_counts_show_the_checkerboard_of_uneven_overlap():
    uneven = overlap_counts(kernel=3, stride=2)
    even = overlap_counts(kernel=4, stride=2)
    # Kernel 3, stride 2: rows and columns alternate 2 and 1 windows -> a 4/2/1 checkerboard.
    assert set(np.unique(uneven)) == {1, 2, 4}
    assert uneven[0, 0] != uneven[0, 1] and uneven[0, 0] == uneven[0, 2]
    # Kernel 4, stride 2 (this app's decoder): every interior pixel gets the same 4 windows.
    assert np.unique(even).tolist() == [4]
    with pytest.raises(ValueError, match="stride <= kernel"):
        overlap_counts(kernel=2, stride=3)


def test_checkerboard_amplitude_sees_grid_locked_patterns_only(mnist_small):
    digits = mnist_small.test_images[:200]
    rows, cols = torch.meshgrid(torch.arange(28), torch.arange(28), indexing="ij")
    checker = ((rows + cols) % 2).float().view(1, 1, 28, 28)  # 0/1: amplitude 0.5
    stripes = (rows % 2).float().view(1, 1, 28, 28)
    assert checkerboard_amplitude(torch.full((3, 1, 28, 28), 0.5)) == 0.0
    assert checkerboard_amplitude(checker) == pytest.approx(0.5)
    assert checkerboard_amplitude(stripes) == pytest.approx(0.5)
    # Real digits hardly follow the grid; the same digits with a faint painted checkerboard do.
    clean = checkerboard_amplitude(digits)
    painted = checkerboard_amplitude((digits + 0.05 * checker).clamp(0, 1))
    assert clean < 0.01
    assert painted > 0.02 > clean
    # A pattern whose phase differs from image to image (strokes, not a decoder) averages out.
    shifted = torch.cat([checker, 1 - checker])
    assert checkerboard_amplitude(shifted) == pytest.approx(0.0)


def test_feature_maps_of_one_image(mnist_small):
    model = build_model("conv", {**CONFIG, "decoder": "unpool"})
    maps = feature_maps(model, mnist_small.test_images[0, 0])
    names = [name for name, _ in maps]
    assert names[0] == "encoder conv1" and names[-1] == "output"
    assert "output logits" not in names
    assert dict(maps)["encoder pool1"].shape == (16, 14, 14)
    assert all(tensor.device.type == "cpu" for _, tensor in maps)
    # The reconstruction among the maps is the model's own.
    output = dict(maps)["output"]
    with torch.no_grad():
        assert torch.allclose(output, model.reconstruct(mnist_small.test_images[:1])[0], atol=1e-6)
    with pytest.raises(ValueError, match="one image"):
        feature_maps(model, mnist_small.test_images[:2])
