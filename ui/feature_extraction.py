"""The Undercomplete page's feature-extraction section: an autoencoder's code h fed to a linear
classifier, its test accuracy beside raw pixels and beside PCA of the same size.

The user picks the code size. Sizes with a shipped model (2, 8, 16, 32) use it at once; any size can be
trained quickly through the shared training panel under the model key "features.<size>". Fitting
the classifiers takes seconds: a shipped model's accuracies (and both baselines at every size) come
from its views file, the rest is computed once in the background, for the whole server (baselines,
shipped models) or per trained model.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from ae_core.defaults import PAGES
from ui import models, resources, state
from ui.charts import shared_figure
from ui.i18n import t
from ui.training_panel import page_training_fields, training_panel

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData

LATENT_SIZES = (2, 4, 8, 16, 32)
PRETRAINED_FOR = {2: "ae-2d", 8: "ae-8d", 16: "ae-16d", 32: "ae-32d"}
HIDDEN = PAGES["features"].model["hidden"]  # also the shipped models' hidden layers
SIZE_KEY = "features.dim"
MAIN_KEY = "undercomplete"  # the page's main model key (ui/navigation.py)


def model_key(dim: int) -> str:
    return f"features.{dim}"


def _protocol(train_limit: int, test_limit: int | None) -> dict[str, Any]:
    """The parameters a shipped features view is stored with (ae_core.views.plan)."""
    from ae_core.views import FEATURE_SIZES

    return {"train": train_limit, "test": test_limit, "sizes": list(FEATURE_SIZES)}


def _baseline_tasks(data: "ImageData", dim: int, train_limit: int, test_limit: int | None) -> list[Any]:
    """PCA's and raw pixels' accuracies: from a shipped features view (they depend on the data set
    and size only), else computed once per server in the background."""
    from ae_core import features
    from ae_core.views import FeatureAccuracies

    for key in PRETRAINED_FOR.values():
        stored = resources.shipped_view(key, "features", data.name, _protocol(train_limit, test_limit),
                                        FeatureAccuracies)
        if stored is not None and dim in stored.pca:
            return [resources.ready(stored.pca[dim]), resources.ready(stored.pixels)]
    name = data.name
    return [resources.background(("features.pca", name, dim, train_limit, test_limit), lambda: features.pca_accuracy(
                resources.dataset(name), dim, train_limit, test_limit)),
            resources.background(("features.pixels", name, train_limit, test_limit), lambda: features.pixel_accuracy(
                resources.dataset(name), train_limit, test_limit))]


def _accuracies(choice: models.ModelChoice, data: "ImageData", dim: int, train_limit: int,
                test_limit: int | None) -> dict[str, float] | None:
    """Code, PCA and pixel accuracies; None while they are computed (a note stands in their place).

    A shipped model's come from its views file (else once per server in the background); a model
    this session trained is measured in the background once (its TrainedModel is its identity)."""
    from ae_core import features
    from ae_core.views import FeatureAccuracies, feature_accuracies

    if choice.trained is None:
        code = resources.pretrained_view_task(
            choice.pretrained_key, "features", data.name, _protocol(train_limit, test_limit),
            lambda model, data: feature_accuracies(model, data, train_limit, test_limit), FeatureAccuracies)
        stored = code.result() if code.done() else None
        if stored is not None and dim in stored.pca:
            return {"codes": stored.code, "pca": stored.pca[dim], "pixels": stored.pixels}
        tasks = [code, *_baseline_tasks(data, dim, train_limit, test_limit)]
    else:
        model = choice.model
        tasks = [resources.background(("features.code", data.name, train_limit, test_limit),
                                      lambda: features.code_accuracy(model, data, train_limit, test_limit),
                                      owner=choice.trained),
                 *_baseline_tasks(data, dim, train_limit, test_limit)]
    results = resources.wait_for_all(tasks, t("features.computing", train=min(train_limit, data.train_images.shape[0])))
    if results is None:
        return None
    code = results[0].code if isinstance(results[0], FeatureAccuracies) else results[0]
    return {"codes": code, "pca": results[1], "pixels": results[2]}


def _model_for(dim: int) -> models.ModelChoice | None:
    """This session's trained model of that size if any, else the shipped one if there is one (a
    shipped file that cannot load is reported with the way out)."""
    trained = models.trained_model(model_key(dim))
    if trained is not None:
        return models.trained_choice(trained)
    # A model of this size trained in the page's main panel serves as well as one trained here.
    main = models.trained_model(MAIN_KEY)
    if main is not None and getattr(main.model, "latent_dim", None) == dim:
        return models.trained_choice(main)
    if dim not in PRETRAINED_FOR:
        return None
    choice, error = models.pretrained_or_trained(PRETRAINED_FOR[dim], model_key(dim))
    if error is not None:
        st.warning(t("models.pretrained_missing", message=error), icon=":material/warning:")
    return choice


def _build(dim: int):
    def build(values: dict[str, Any]) -> "torch.nn.Module":
        from ae_core.models import build_model

        return build_model("ae", {"latent_dim": dim, "hidden": HIDDEN})

    return build


def render(data: "ImageData") -> None:
    """The whole section: explanation, size choice, the accuracies table and chart, and the panel."""
    from ae_core import features

    st.subheader(t("features.title"), anchor="feature-extraction")
    st.markdown(t("features.intro"))
    dim = state.choice(st.segmented_control, SIZE_KEY, LATENT_SIZES, 2, label=t("features.size"))
    choice = _model_for(dim)
    train_limit, test_limit = features.PROBE_TRAIN, features.PROBE_TEST
    if choice is None:
        st.info(t("features.need_training", dim=dim), icon=":material/model_training:")
    else:
        if choice.trained is not None:
            st.caption(t("features.using_trained", dim=dim, epochs=choice.metadata.get("epochs", 0)))
        else:
            st.caption(t("features.using_pretrained", dim=dim))
        test_count = data.test_images[:test_limit].shape[0]
        accuracies = _accuracies(choice, data, dim, train_limit, test_limit)
        if accuracies is not None:
            _show(accuracies, dim, train_limit, test_count, _training_of(choice, data))
    with st.expander(t("features.panel_title", dim=dim), expanded=choice is None
                     or st.session_state.get(models.job_key(model_key(dim))) is not None):
        training_panel(model_key(dim), data, fields=page_training_fields("features"), build_model=_build(dim),
                       describe=lambda values: f"MLP 784-{'-'.join(map(str, HIDDEN))}-{dim}",
                       title=t("features.panel_title", dim=dim), intro=t("features.panel_intro", dim=dim))


def _training_of(choice: models.ModelChoice, data: "ImageData") -> tuple[int, int] | None:
    """(epochs, training images) of a model this session trained; None for a shipped one."""
    if choice.trained is None:
        return None
    limit = (choice.metadata.get("training") or {}).get("limit")
    available = data.train_images.shape[0]
    return int(choice.metadata.get("epochs", 0)), min(int(limit), available) if limit else available


def _reading(gain: float, dim: int, trained: tuple[int, int] | None) -> str:
    """What the chart shows, in words: the code ahead of PCA, level with it, or behind it (and why)."""
    if gain >= 1.0:
        return t("features.reading.better_than_pca", dim=dim, gain=gain, ratio=784 / dim)
    if gain > -1.0:
        return t("features.reading.not_better", dim=dim, gain=gain, ratio=784 / dim)
    if trained is not None:
        return t("features.reading.behind_trained", dim=dim, drop=-gain, epochs=trained[0], images=trained[1],
                 ratio=784 / dim)
    return t("features.reading.behind_wide", dim=dim, drop=-gain, ratio=784 / dim)


def _show(accuracies: dict[str, float], dim: int, train_count: int, test_count: int,
          trained: tuple[int, int] | None = None) -> None:
    import pandas as pd  # here, not at the top: 0.16 s the page's first run need not spend before its text

    from ae_core.figures import value_bars

    names = {"codes": t("features.row.codes", dim=dim), "pca": t("features.row.pca", dim=dim),
             "pixels": t("features.row.pixels")}
    sizes = {"codes": dim, "pca": dim, "pixels": 784}
    table, chart = st.columns(2)
    with table:
        frame = pd.DataFrame({
            t("features.col.features"): [names[name] for name in accuracies],
            t("features.col.dim"): [sizes[name] for name in accuracies],
            t("features.col.accuracy"): [f"{value:.1%}" for value in accuracies.values()],
        })
        st.dataframe(frame, hide_index=True, width="stretch", key="features.table")
        st.caption(t("features.protocol", train=train_count, test=test_count))
    with chart:
        figure = shared_figure(value_bars, {names[name]: float(value) for name, value in accuracies.items()},
                               y_title=t("features.axis"), highlight=names["codes"], y_range=(0, 1.08))
        st.plotly_chart(figure, key="features.chart", config={"displayModeBar": False})
    st.markdown(_reading(100 * (accuracies["codes"] - accuracies["pca"]), dim, trained))
