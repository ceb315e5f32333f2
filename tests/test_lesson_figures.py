"""Figure builders of the stacked AE, novelty and feature-extraction sections (ae_core.figures):
what they draw from real weights and scores, and the inputs they refuse."""
from __future__ import annotations

import numpy as np
import pytest

from ae_core import figures, metrics
from ae_core.greedy import stage_plan
from ae_core.models import build_model
from ae_core.toy import TOY_MODEL
from ae_core.weights import drawing_weights, layer_sizes, weight_images


def annotation_texts(figure) -> list[str]:
    return [annotation.text for annotation in figure.layout.annotations]


def test_toy_network_draws_every_neuron_and_weight():
    model = build_model("stacked", TOY_MODEL, seed=0)
    sizes = layer_sizes(model)
    assert sizes == [5, 2, 2, 2, 2, 2, 2, 2, 5]
    weights = drawing_weights(model)
    figure = figures.stacked_network(sizes, weights=weights)
    edges = [trace for trace in figure.data if trace.mode == "lines"]
    assert len(edges) == sum(matrix.size for _, matrix in weights) == 2 * (10 + 3 * 4)
    # Thickness follows |w| and colour its sign: the strongest weight draws the thickest line.
    strongest = max((abs(float(m[o, i])), name, o, i) for name, m in weights
                    for o in range(m.shape[0]) for i in range(m.shape[1]))
    assert max(edge.line.width for edge in edges) == pytest.approx(7.5)
    neurons = [trace for trace in figure.data if trace.mode == "markers+text"]
    labels = [label for trace in neurons for label in trace.text]
    assert labels[:7] == ["x1", "x2", "x3", "x4", "x5", "h1", "h2"] and labels[-1] == "x̂5"
    texts = " ".join(annotation_texts(figure))
    for name in ("We1", "We4", "Wd1", "Wd4", "input x", "code h"):
        assert name in texts
    hover = next(trace for trace in figure.data if trace.mode == "markers" and trace.hovertext)
    assert any(text.startswith(f"{strongest[1]}[{strongest[2] + 1},{strongest[3] + 1}]") for text in hover.hovertext)


def test_stage_roles_colour_the_weight_names():
    model = build_model("stacked", TOY_MODEL, seed=0)
    roles = stage_plan(model)[1].roles  # We2/Wd3 train, We1 frozen
    figure = figures.stacked_network(layer_sizes(model), weights=drawing_weights(model), roles=roles,
                                     labels={"trains": "학습", "frozen": "고정", "idle": "대기"})
    by_name = {a.text.split("</b>")[0][3:]: a for a in figure.layout.annotations if a.text.startswith("<b>We")
               or a.text.startswith("<b>Wd")}
    assert "학습" in by_name["We2"].text and by_name["We2"].font.color == figures.ROLE_COLOURS["trains"]
    assert "고정" in by_name["We1"].text
    assert "대기" in by_name["Wd4"].text
    idle_edges = [trace for trace in figure.data if trace.mode == "lines" and trace.x[0] == 7]  # Wd4's
    assert idle_edges and all(edge.opacity <= 0.25 for edge in idle_edges)


def test_mnist_network_draws_blocks_with_sizes_and_weight_names():
    model = build_model("stacked", {"hidden": [256, 128, 64], "latent_dim": 16}, seed=0)
    figure = figures.stacked_network(layer_sizes(model), weights=drawing_weights(model))
    assert not any(trace.mode == "lines" for trace in figure.data)  # no per-weight edges
    texts = annotation_texts(figure)
    for size in ("784", "256", "128", "64", "16"):
        assert size in texts
    for name in ("<b>We1</b>", "<b>We4</b>", "<b>Wd1</b>", "<b>Wd4</b>", "h1", "ĥ1"):
        assert name in texts


def test_network_refuses_inconsistent_input():
    model = build_model("stacked", TOY_MODEL, seed=0)
    with pytest.raises(ValueError, match="2K"):
        figures.stacked_network([5, 2, 5, 2])
    weights = drawing_weights(model)
    with pytest.raises(ValueError, match="shaped"):
        figures.stacked_network([5, 3, 2, 2, 2, 2, 2, 3, 5], weights=weights)
    with pytest.raises(ValueError, match="named"):
        figures.stacked_network(layer_sizes(model), weights=weights[::-1])


def test_weight_images_are_symmetric_tiles():
    model = build_model("stacked", {"hidden": [32, 16], "latent_dim": 4}, seed=0)
    tiles = weight_images(model, count=8)
    assert tiles.shape == (8, 28, 28) and tiles.min() >= 0 and tiles.max() <= 1
    rows = model.named_weights()["We1"][:8].detach().numpy()
    # 0.5 is a zero weight; the strongest weight of each row reaches 0 or 1.
    assert np.allclose(tiles.reshape(8, -1) - 0.5, 0.5 * rows / np.abs(rows).max(1, keepdims=True), atol=1e-6)
    with pytest.raises(ValueError):
        weight_images(build_model("stacked", TOY_MODEL, seed=0))


def test_score_histogram_shares_bins_and_normalises_each_group():
    rng = np.random.default_rng(0)
    normal, novel = rng.normal(1, 0.1, 200), rng.normal(2, 0.3, 5000)
    figure = figures.score_histogram({"normal": normal, "novel": novel}, x_title="error", y_title="%",
                                     threshold=1.3, marker=9.0, bins=40)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [bar.name for bar in bars] == ["normal", "novel"]
    assert list(bars[0].x) == list(bars[1].x) and len(bars[0].x) == 40
    for bar in bars:
        assert sum(bar.y) == pytest.approx(100.0)  # every score lands in a bar (the last holds the clipped)
    lines = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert len(lines) == 2
    # The marker (9.0, far beyond the scores) is clipped into view.
    assert max(shape.x0 for shape in lines) <= float(bars[0].x[-1]) + float(bars[0].width[-1])
    with pytest.raises(ValueError):
        figures.score_histogram({"empty": np.array([])}, x_title="", y_title="")


def test_roc_figure_shows_the_curve_its_area_and_the_threshold_point():
    scores = np.array([0.1, 0.4, 0.35, 0.8, 0.7, 0.2])
    positive = np.array([0, 0, 1, 1, 1, 0], bool)
    fpr, tpr, _ = metrics.roc_curve(scores, positive)
    area = metrics.auroc(scores, positive)
    figure = figures.roc_figure(fpr.numpy(), tpr.numpy(), area, x_title="FPR", y_title="TPR",
                                point=(1 / 3, 2 / 3), point_label="t")
    names = [trace.name for trace in figure.data]
    assert f"AUROC = {area:.3f}" in names and "t" in names
    curve = figure.data[1]
    assert list(curve.x) == pytest.approx(fpr.tolist()) and list(curve.y) == pytest.approx(tpr.tolist())
    with pytest.raises(ValueError):
        figures.roc_figure(np.array([0.0]), np.array([0.0]), 0.5, x_title="", y_title="")


def test_value_bars_write_each_value():
    figure = figures.value_bars({"code": 0.9312, "pixels": 0.91}, y_title="accuracy", highlight="code")
    bar = figure.data[0]
    assert list(bar.text) == ["93.1%", "91.0%"]
    assert bar.marker.color[0] == figures.CODE_COLOUR and bar.marker.color[1] != figures.CODE_COLOUR
    with pytest.raises(ValueError):
        figures.value_bars({}, y_title="")


# --- The loss chart ---------------------------------------------------------------------------------

def _vae_points():
    points = [{"x": x, "stage": None, "terms": {"loss": 200 - 10 * x, "recon": 180 - 10 * x, "kl": 20.0}}
              for x in (0.5, 1.0, 1.5, 2.0)]
    tests = [{"x": x, "stage": None, "test": {"loss": 195 - 10 * x, "recon": 175 - 10 * x, "kl": 20.0}}
             for x in (1.0, 2.0)]
    return points, tests


def test_loss_chart_titles_each_panel_states_units_and_names_train_and_test_once():
    points, tests = _vae_points()
    figure = figures.loss_curves(points, tests, train_label="TRAIN", test_label="TEST",
                                 titles={"loss": "L", "recon": "R", "kl": "K"},
                                 y_titles={"loss": "nats/img", "recon": "nats/img", "kl": "nats/img"})
    texts = [annotation.text for annotation in figure.layout.annotations]
    assert texts == ["<b>L</b>", "<b>R</b>", "<b>K</b>"]
    assert [figure.layout[f"yaxis{suffix}"].title.text for suffix in ("", "2", "3")] == ["nats/img"] * 3
    legend = [(trace.name, trace.line.color) for trace in figure.data if trace.showlegend]
    assert legend == [("TRAIN", figures.TRAIN_COLOUR), ("TEST", figures.TEST_COLOUR)]
    # Every panel draws training and test in the same two colours as the legend says.
    assert {trace.line.color for trace in figure.data if trace.name == "TRAIN"} == {figures.TRAIN_COLOUR}
    assert {trace.marker.color for trace in figure.data if trace.name == "TEST"} == {figures.TEST_COLOUR}
    assert figure.layout.showlegend is True


def test_loss_chart_keeps_titles_and_legend_below_the_toolbar_and_panels_apart():
    points, tests = _vae_points()
    figure = figures.loss_curves(points, tests)
    # The toolbar (modebar) takes the figure's top strip; legend and first title sit below it.
    assert figure.layout.margin.t >= figures.TOOLBAR_CLEARANCE_PX + figures.TITLE_ROW_PX
    assert figure.layout.legend.y == 1 and figure.layout.legend.yanchor == "bottom"
    # Between two panels there is a title row's height, so a title never touches the panel above.
    plot_px = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    gap = figure.layout.yaxis2.domain[0] - figure.layout.yaxis3.domain[1]
    assert gap * plot_px >= figures.TITLE_ROW_PX - 1


def test_stage_names_are_written_along_their_lines_in_the_words_given():
    labels = ["pretrain We1/Wd2", "pretrain We2/Wd1", "fine-tune"]
    points = [{"x": x / 4, "stage": labels[min(int(x / 4), 2)], "terms": {"loss": 1.0 / (x + 1)}}
              for x in range(12)]
    names = {labels[0]: "A", labels[1]: "B", labels[2]: "C"}
    figure = figures.loss_curves(points, stage_names=names)
    stage_notes = [a for a in figure.layout.annotations if a.text in names.values()]
    assert [a.text for a in stage_notes] == ["A", "B", "C"]
    # Vertical text beside each stage line: neighbouring names cannot run into each other.
    assert all(a.textangle == -90 and a.xanchor == "left" for a in stage_notes)
    assert [a.x for a in stage_notes] == [0, 1, 2]


def test_diagram_digits_stay_square_at_any_width():
    digit = np.random.default_rng(0).random((28, 28))
    figure = figures.autoencoder_diagram([784, 64, 2, 64, 784], input_image=digit, output_image=digit)
    images = figure.layout.images
    assert len(images) == 2
    # A box of equal data extents with "contain": the browser fits the square PNG inside it
    # without stretching, whatever the figure's width makes of the x units.
    assert all(image.sizing == "contain" and image.sizex == image.sizey for image in images)
    assert images[0].x < 0 < 4 < images[1].x


def test_legends_and_titles_above_a_plot_sit_below_the_toolbar():
    roc = figures.roc_figure(np.linspace(0, 1, 5), np.linspace(0, 1, 5) ** 0.5, 0.8, x_title="f", y_title="t")
    histogram = figures.score_histogram({"a": np.arange(10.0), "b": np.arange(5.0)}, x_title="x", y_title="y")
    series = figures.series_curves([0, 1], {"a": [1, 2], "b": [2, 3]}, x_title="x", y_title="y")
    shift = figures.reparameterization(np.zeros((1, 2)), np.zeros((1, 2)), [0, 0], [1, 1])
    for figure in (roc, histogram, series, shift):
        assert figure.layout.margin.t >= figures.TOOLBAR_CLEARANCE_PX + figures.TITLE_ROW_PX
