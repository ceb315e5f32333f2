"""AppTest of the Stacked AE page: the source text's toy network drawn neuron by neuron, greedy stage
roles, greedy and end-to-end training and their comparison; the MNIST mode's blocks, first-layer
weights and depth reconstructions; bad layer sizes and missing weights; both languages."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from ae_core.metrics import evaluate
from tests.page_helpers import open_app_page, text
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained

PAGE = "pages/stacked.py"


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    return write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), ("stacked",))


@pytest.fixture
def shipped(tiny_folder):
    with pretrained_from(tiny_folder) as folder:
        yield folder


def open_page(lang: str = "en", **state) -> AppTest:
    return open_app_page(PAGE, lang, **state)


def charts(at: AppTest, key: str) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart") if key in c.proto.id]


def values(data) -> np.ndarray:
    """Numbers from a chart spec: a list (NaN travels as null), or a typed array {"dtype", "bdata"}."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"]))
    return np.array([np.nan if value is None else value for value in data], dtype=float)


def image_captions(at: AppTest) -> list[str]:
    return [image.caption for element in at.image for image in element.proto.imgs]


def annotations(spec: dict) -> str:
    return " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))


def train(at: AppTest, key: str, **fields) -> object:
    for name, value in fields.items():
        at.number_input(key=f"panel.{key}.{name}").set_value(value)
    at.button(key=f"panel.{key}.train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    job = at.session_state[f"job.{key}"]
    # A test's short run may end no better than the mean image (collapsed): kept on request.
    assert job.wait(180) and job.state in ("done", "collapsed"), job.snapshot().message
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if job.state == "collapsed":
        at.button(key=f"panel.{key}.keep").click().run()
        assert not at.exception, [e.value for e in at.exception]
    return job


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_toy_network_is_drawn_with_the_source_texts_labels(shipped, lang):
    at = open_page(lang)
    assert at.title[0].value == text("stacked.title", lang)
    assert text("stacked.concepts", lang) in [m.value for m in at.markdown]
    spec = charts(at, "stacked.network.toy")[0]
    edges = [trace for trace in spec["data"] if trace.get("mode") == "lines"]
    assert len(edges) == 44  # 5x2 + 6 matrices of 2x2 + 2x5
    words = annotations(spec)
    for name in ("We1", "We4", "Wd1", "Wd4", text("figure.input", lang), text("figure.code", lang)):
        assert name in words
    neurons = [label for trace in spec["data"] if trace.get("mode") == "markers+text" for label in trace["text"]]
    assert neurons[:7] == ["x1", "x2", "x3", "x4", "x5", "h1", "h2"]
    assert text("stacked.network_untrained", lang) in [c.value for c in at.caption]
    assert any(i.value == text("stacked.compare_waiting", lang) for i in at.info)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_picking_a_stage_marks_what_it_trains(shipped, lang):
    at = open_page(lang)
    second = text("stacked.stage_name", lang, index=2,
                  label=text("stacked.stage.pretrain", lang, names="We2 / Wd3"))
    at.radio(key="stacked.stage.toy").set_value(second).run()
    roles = text("stacked.stage_roles", lang, trains="We2, Wd3", frozen="We1",
                 idle="We3, We4, Wd1, Wd2, Wd4")
    assert roles in [m.value for m in at.markdown]
    words = annotations(charts(at, "stacked.network.toy")[0])
    assert text("stacked.role.trains", lang) in words and text("stacked.role.frozen", lang) in words


def test_toy_greedy_then_end_to_end_and_the_comparison(shipped):
    at = open_page()
    greedy = train(at, "stacked.toy.greedy", stage_epochs=2, epochs=2)
    snapshot = greedy.snapshot()
    stages = [point["stage"] for point in snapshot.test_points]
    assert stages == [s for s in ("pretrain We1/Wd4", "pretrain We2/Wd3", "pretrain We3/Wd2",
                                  "pretrain We4/Wd1") for _ in range(2)] + ["fine-tune"] * 2
    table = at.dataframe[0].value
    assert list(table[text("stacked.table.status")]) == [text("stacked.status.done")] * 5
    assert list(table[text("stacked.table.frozen")])[:4] == ["", "We1", "We1, We2", "We1, We2, We3"]
    assert text("stacked.showing", which=text("stacked.which.greedy")) in [c.value for c in at.caption]
    assert charts(at, "stacked.live.stacked.toy.greedy"), "the panel redraws the trained network"
    assert any(i.value == text("stacked.compare_waiting") for i in at.info)

    train(at, "stacked.toy.e2e", epochs=3)
    models = {which: at.session_state[f"trained.stacked.toy.{which}"].model for which in ("greedy", "e2e")}
    data = greedy.data
    mse = {which: evaluate(model, data.test_images[:2000])["mse"] for which, model in models.items()}
    assert text("stacked.compare_metrics", greedy=mse["greedy"], e2e=mse["e2e"]) in [m.value for m in at.markdown]
    curve = charts(at, "stacked.compare.curve.toy")[0]
    assert [trace["name"] for trace in curve["data"]] == [text("stacked.curve.e2e"), text("stacked.curve.greedy")]
    e2e_curve, greedy_curve = (values(trace["y"]) for trace in curve["data"])
    # Greedy has a whole network to test only in its fine-tuning epochs (9 and 10 of 10).
    assert list(values(curve["data"][0]["x"])) == [1, 2, 3, 9, 10]
    assert np.isnan(greedy_curve[:3]).all() and not np.isnan(greedy_curve[3:]).any()
    assert not np.isnan(e2e_curve[:3]).any() and np.isnan(e2e_curve[3:]).all()
    assert len(charts(at, "stacked.codes.")) == 2
    points = at.dataframe[-1].value
    assert len(points) == 4 and points.shape[1] == 4


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_mnist_mode_draws_blocks_weights_and_depths(shipped, lang):
    at = open_page(lang, **{"stacked.mode": "mnist"})
    spec = charts(at, "stacked.network.mnist")[0]
    assert not [trace for trace in spec["data"] if trace.get("mode") == "lines"]
    words = [a.get("text") for a in spec["layout"]["annotations"]]
    for size in ("784", "256", "128", "64", "16"):
        assert size in words
    assert text("stacked.showing", lang, which=text("stacked.which.pretrained", lang)) in [c.value for c in at.caption]
    tiles = charts(at, "stacked.weights")[0]
    assert values(tiles["data"][0]["z"]).size > 0
    captions = image_captions(at)
    for depth in (1, 2, 3, 4):
        assert text(f"stacked.depth.{depth}", lang) in captions


def test_mnist_bad_hidden_sizes_fall_back_to_the_default(shipped):
    at = open_page(**{"stacked.mode": "mnist"})
    at.text_input(key="stacked.hidden").set_value("300").run()
    assert any(e.value == text("stacked.bad_hidden", text="300") for e in at.error)
    assert text("stacked.architecture", hidden="256 → 128 → 64", latent=16) in [c.value for c in at.caption]


def test_mnist_greedy_and_end_to_end_on_a_small_network(shipped):
    at = open_page(**{"stacked.mode": "mnist"})
    at.text_input(key="stacked.hidden").set_value("32, 16").run()
    at.selectbox(key="stacked.latent").set_value(4).run()
    greedy = train(at, "stacked.greedy", stage_epochs=1, epochs=1, limit=256)
    assert greedy.model.config.hidden == [32, 16] and greedy.model.latent_dim == 4
    rows = [label for label, _ in greedy.snapshot().preview]
    assert rows == ["panel.row.input", "stacked.depth.1", "stacked.depth.2", "stacked.depth.3"]
    train(at, "stacked", epochs=4, limit=256)
    assert at.session_state["model_source.stacked"] == "trained"
    assert charts(at, "stacked.compare.curve.mnist")
    captions = image_captions(at)
    assert text("stacked.row.greedy") in captions and text("stacked.row.e2e") in captions
    # Both models in view: the weights and the depth views offer a choice between them.
    assert len(at.radio(key="stacked.view_model.weights").options) == 2


def test_missing_mnist_weights_are_explained(tmp_path):
    write_tiny_pretrained(tmp_path, ("ae-2d",))
    with pretrained_from(tmp_path):
        at = open_page(**{"stacked.mode": "mnist"})
        assert sum("stacked.safetensors" in w.value for w in at.warning) == 1  # said once, not per section
        assert any(i.value == text("stacked.no_mnist_model") for i in at.info)
        assert at.button(key="panel.stacked.train") and at.button(key="panel.stacked.greedy.train")


def test_a_network_whose_weights_change_is_drawn_without_filling_the_shared_figures(monkeypatch):
    from ae_core.models import build_model
    from ui import charts, stacked

    monkeypatch.setattr(charts, "_figures", charts.collections.OrderedDict())
    model = build_model("stacked", {"latent_dim": 2, "hidden": [4, 3], "input_dim": 6}, seed=0)
    live = stacked.network_figure(model, share=False)
    assert len(charts._figures) == 0
    shared = stacked.network_figure(model)
    assert len(charts._figures) == 1 and stacked.network_figure(model) is shared
    assert live.to_dict() == shared.to_dict()  # the same drawing either way
