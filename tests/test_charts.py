"""The app's chart words (ui/charts.py): units that match, test markers comparable with training,
stage names and the code's letter in the session's language."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ae_core.models import build_model
from ae_core.toy import TOY_MODEL
from ui import charts

PIXELS = 784


def test_test_markers_are_put_in_the_training_loss_unit():
    bce_ae = build_model("ae", {"latent_dim": 2, "hidden": [8], "reconstruction": "bce"})
    mse_ae = build_model("ae", {"latent_dim": 2, "hidden": [8], "reconstruction": "mse"})
    test = [{"x": 1, "stage": None, "epoch": 1, "test": {"mse": 0.02, "bce": 80.0, "psnr": 17.0}}]
    assert charts.comparable_test_points(test, bce_ae)[0]["test"] == {"loss": 80.0}
    assert charts.comparable_test_points(test, mse_ae)[0]["test"] == {"loss": pytest.approx(0.02 * PIXELS)}
    vae = build_model("vae", {"latent_dim": 2, "beta": 4.0})
    vae_test = [{"x": 1, "stage": None, "epoch": 1, "test": {"mse": 0.03, "recon": 100.0, "kl": 5.0}}]
    assert charts.comparable_test_points(vae_test, vae)[0]["test"] == {"recon": 100.0, "kl": 5.0, "loss": 120.0}
    # The toy network's points have 5 coordinates, not 784 pixels.
    toy = build_model("stacked", TOY_MODEL)
    assert charts.comparable_test_points(test, toy)[0]["test"] == {"loss": pytest.approx(0.02 * 5)}
    # A greedy stage's own test loss is already in its unit.
    stage = [{"x": 1, "stage": "pretrain We2/Wd1", "epoch": 1, "test": {"loss": 3.0, "recon": 3.0}}]
    assert charts.comparable_test_points(stage, bce_ae)[0]["test"] == {"loss": 3.0, "recon": 3.0}


def _in_language(lang: str, function, *args):
    """Run `function(*args)` inside an app run in `lang` (t() reads the session's language)."""
    def script(lang, function, args):
        import streamlit as st

        st.session_state["lang"] = lang
        st.session_state["result"] = function(*args)

    at = AppTest.from_function(script, args=(lang, function, args)).run()
    assert not at.exception
    return at.session_state["result"]


@pytest.mark.parametrize("lang, pretrain, fine_tune", [("en", "pretrain We1 / Wd3", "fine-tune"),
                                                     ("ko", "사전 학습 We1 / Wd3", "미세 조정")])
def test_stage_labels_are_said_in_the_session_language(lang, pretrain, fine_tune):
    assert _in_language(lang, charts.stage_name, "pretrain We1/Wd3") == pretrain
    assert _in_language(lang, charts.stage_name, "fine-tune") == fine_tune


def test_loss_words_state_the_unit_and_the_code_letter_follows_the_lesson():
    ae = build_model("ae", {"latent_dim": 2, "hidden": [8]})
    vae = build_model("vae", {"latent_dim": 2})
    titles, units = _in_language("en", charts.loss_words, ae)
    assert "per image" in titles["loss"] and "784 pixels" in titles["loss"] and units["loss"] == "per image"
    titles, units = _in_language("ko", charts.loss_words, vae)
    assert set(titles) == {"loss", "recon", "kl"} and units["kl"] == "이미지당 nats"
    assert charts.latent_symbol(ae) == "h" and charts.latent_symbol(vae) == "z"


def test_a_shared_figure_is_built_once_per_arguments_and_words():
    import numpy as np

    from ui import charts

    built = []

    def bars(values, *, y_title, image=None):
        built.append(y_title)
        return {"values": dict(values), "title": y_title}

    first = charts.shared_figure(bars, {"a": 0.5, "b": 0.25}, y_title="accuracy", image=np.zeros((2, 2)))
    again = charts.shared_figure(bars, {"a": 0.5, "b": 0.25}, y_title="accuracy", image=np.zeros((2, 2)))
    assert again is first and built == ["accuracy"]
    # Other words (another language), other values, another order or other pixels: a figure of their own.
    charts.shared_figure(bars, {"a": 0.5, "b": 0.25}, y_title="정확도", image=np.zeros((2, 2)))
    charts.shared_figure(bars, {"b": 0.25, "a": 0.5}, y_title="accuracy", image=np.zeros((2, 2)))
    charts.shared_figure(bars, {"a": 0.5, "b": 0.25}, y_title="accuracy", image=np.ones((2, 2)))
    assert built == ["accuracy", "정확도", "accuracy", "accuracy"]


def test_shared_figures_are_bounded(monkeypatch):
    from ui import charts

    monkeypatch.setattr(charts, "FIGURES_KEPT", 3)
    monkeypatch.setattr(charts, "_figures", charts.collections.OrderedDict())
    built = []

    def figure(number):
        built.append(number)
        return {"n": number}

    for number in (1, 2, 3, 1, 4):  # 1 drawn again before 4 arrives: 2 is the least recent
        charts.shared_figure(figure, number)
    charts.shared_figure(figure, 1)
    charts.shared_figure(figure, 2)
    assert built == [1, 2, 3, 4, 2] and len(charts._figures) == 3


def test_a_shared_plotly_figure_makes_its_dict_once_and_draws_as_built():
    import json

    import numpy as np
    import plotly.graph_objects as go
    import plotly.io

    from ui import charts

    def heatmap(values, *, title):
        figure = go.Figure(go.Heatmap(z=values))
        figure.update_layout(title=title)
        return figure

    values = np.arange(12, dtype=np.float32).reshape(3, 4)
    shared = charts.shared_figure(heatmap, values, title="maps")
    fresh = heatmap(values, title="maps").to_dict()
    first = shared.to_dict()
    assert shared.to_dict() is first and first == fresh  # made once, the same as the builder's figure
    assert isinstance(shared, go.Figure)
    # What st.plotly_chart sends, twice: serialising leaves the shared dict as it was.
    sent = [plotly.io.to_json(shared.to_dict(), validate=False) for _ in range(2)]
    assert sent[0] == sent[1] == plotly.io.to_json(fresh, validate=False)
    assert json.loads(sent[0])["layout"]["title"]["text"] == "maps"
    # A figure built outside shared_figure keeps plotly's own to_dict: a new copy each time.
    own = heatmap(values, title="maps")
    assert own.to_dict() is not own.to_dict()
