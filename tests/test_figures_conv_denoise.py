"""Figure builders of the Denoising and Convolutional AE pages: series curves, annotated heatmaps,
image grids and the convolutional architecture."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ae_core.convolution import layers, pool_unpool, toy_array
from ae_core.figures import annotated_heatmaps, conv_architecture, image_grid, series_curves
from ae_core.models import build_model


def test_series_curves_draw_one_line_per_series_and_mark_the_level():
    figure = series_curves([0.1, 0.2, 0.3], {"noisy": [20, 15, 10], "dae": [18, 17, 16]},
                           x_title="sigma", y_title="PSNR", dashed=["noisy"], marker_x=0.2,
                           marker_label="now")
    noisy, dae = figure.data
    assert (noisy.name, dae.name) == ("noisy", "dae")
    assert noisy.line.dash == "dash" and dae.line.dash == "solid"
    assert list(dae.y) == [18, 17, 16]
    assert [shape.x0 for shape in figure.layout.shapes] == [0.2]
    assert figure.layout.xaxis.title.text == "sigma"
    with pytest.raises(ValueError, match="has 2 values for 3"):
        series_curves([0.1, 0.2, 0.3], {"short": [1, 2]}, x_title="x", y_title="y")


def test_annotated_heatmaps_keep_cells_equal_and_ring_the_maxima():
    toy = pool_unpool(toy_array(seed=1))
    maxima = [(int(i) // 4, int(i) % 4) for i in toy.argmax.ravel()]
    figure = annotated_heatmaps([
        {"title": "input", "values": toy.values, "outline": maxima},
        {"title": "pooled", "values": toy.pooled, "text": [["a", "b"], ["c", "d"]]},
        {"title": "unpooled", "values": toy.unpooled, "outline": maxima},
    ])
    assert [trace.type for trace in figure.data] == ["heatmap"] * 3
    # Panel widths follow column counts: the 2-wide pooled panel is half as wide as a 4-wide one.
    widths = [axis.domain[1] - axis.domain[0] for axis in (figure.layout.xaxis, figure.layout.xaxis2,
                                                           figure.layout.xaxis3)]
    assert widths[1] == pytest.approx(widths[0] / 2)
    # One ring per maximum in the input and in the unpooled panel, on that panel's axes.
    rings = [(shape.xref, shape.x0 + 0.5, shape.y0 + 0.5) for shape in figure.layout.shapes]
    assert sorted(rings) == sorted([("x", c, r) for r, c in maxima] + [("x3", c, r) for r, c in maxima])
    # One colour scale for all panels, so a maximum keeps its colour after pooling.
    assert {(trace.zmin, trace.zmax) for trace in figure.data} == {(0.0, 16.0)}
    assert figure.data[1].text.tolist() == [["a", "b"], ["c", "d"]]
    with pytest.raises(ValueError, match="text shape"):
        annotated_heatmaps([{"values": np.zeros((2, 2)), "text": [["a"]]}])
    with pytest.raises(ValueError, match="at least one panel"):
        annotated_heatmaps([])


def test_image_grid_tiles_images_with_gaps_and_names():
    images = np.stack([np.full((3, 3), 0.2), np.full((3, 3), 0.8), np.arange(9).reshape(3, 3) / 2])
    figure = image_grid(images, columns=2, labels=["a", "b", "c"], cell_px=4)
    assert len(figure.data) == 3  # one trace per image
    # 2 rows and 2 columns of 3x3 tiles with 1-pixel gaps: the third image starts the second row.
    assert [(trace.x0, trace.y0) for trace in figure.data] == [(0, 0), (4, 0), (0, 4)]
    np.testing.assert_allclose(np.asarray(figure.data[2].z, dtype=float), images[2])
    assert "b<br>" in figure.data[1].hovertemplate and figure.data[1].customdata is None
    assert (figure.data[0].zmin, figure.data[0].zmax) == (0.0, 1.0)
    assert figure.layout.width == 7 * 4 + 10
    assert tuple(figure.layout.yaxis.range) == (6.5, -0.5)  # top row first
    # normalise stretches each image's colours to its own range; the values stay raw for hover.
    stretched = image_grid(images, columns=3, normalise=True)
    assert (stretched.data[2].zmin, stretched.data[2].zmax) == (0.0, 4.0)
    assert float(np.asarray(stretched.data[2].z, dtype=float)[1][1]) == 2.0
    constant = stretched.data[0]
    assert constant.zmin == pytest.approx(0.2) and constant.zmax > constant.zmin  # stays black
    # A label cannot break the hover template.
    odd = image_grid(images[:1], columns=1, labels=["100% {x}"])
    assert odd.data[0].hovertemplate.startswith("100% (x)<br>")
    with pytest.raises(ValueError, match=r"\(n, h, w\)"):
        image_grid(np.zeros((3, 3)), columns=2)
    with pytest.raises(ValueError, match="labels"):
        image_grid(images, columns=2, labels=["only one"])


def test_image_grid_sends_no_per_pixel_text():
    # 32 MNIST-sized images: the figure's JSON stays small (binary float32, no per-pixel labels).
    images = np.random.default_rng(0).random((32, 28, 28)).astype(np.float32)
    figure = image_grid(images, columns=16, labels=[f"digit {i} · score 0.0{i}" for i in range(32)])
    assert len(figure.to_json()) < 2 * images.nbytes


def test_conv_architecture_labels_every_layer_with_its_shape_and_parameters():
    model = build_model("conv", {"latent_dim": 16, "channels": [16, 32], "decoder": "unpool"})
    stages = [dataclasses.asdict(layer) for layer in layers(model)]
    figure = conv_architecture(stages, kind_labels={"pool": "max-pool 2×2"},
                               labels={"encoder": "enc", "decoder": "dec", "parameters": "weights"})
    # A shape's label may break into lines ("16×<br>28×28") to fit narrow screens.
    texts = [annotation.text.replace("<br>", "") for annotation in figure.layout.annotations]
    assert "16×28×28" in texts and "32×7×7" in texts and "16" in texts
    assert texts.count("max-pool 2×2") == 2
    assert {"enc", "dec"} <= set(texts)
    hover = figure.data[0].hovertext
    assert len(hover) == len(stages)
    conv1 = next(text for text in hover if text.startswith("<b>encoder conv1</b>"))
    assert "160 weights" in conv1  # 16 kernels of 3x3 plus 16 biases
    with pytest.raises(ValueError, match="at least one layer"):
        conv_architecture([])
