"""The Undercomplete page's feature-extraction section: an autoencoder's code h fed to a linear
classifier, its test accuracy beside raw pixels and beside PCA of the same size.

The user picks the code size. Sizes with a shipped model (2 and 32) use it at once; any size can be
trained quickly through the shared training panel under the model key "features.<size>". Accuracies
are cached: the two baselines per data set and size for the whole server, the code's per model.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from ui import models, resources, state
from ui.i18n import t
from ui.training_panel import training_fields, training_panel

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData

LATENT_SIZES = (2, 4, 8, 16, 32)
PRETRAINED_FOR = {2: "ae-2d", 32: "ae-32d"}
HIDDEN = [256, 128]  # the shipped models' hidden layers
SIZE_KEY = "features.dim"
RESULTS_KEY = "features.code_accuracy"  # {(model identity, dataset): accuracy} for this session
MAIN_KEY = "undercomplete"  # the page's main model key (ui/navigation.py)


def model_key(dim: int) -> str:
    return f"features.{dim}"


@st.cache_resource(show_spinner=False, max_entries=4)
def _pixel_accuracy(dataset_name: str, train_limit: int, test_limit: int | None) -> float:
    from ae_core import features

    return features.pixel_accuracy(resources.dataset(dataset_name), train_limit, test_limit)


@st.cache_resource(show_spinner=False, max_entries=24)
def _pca_accuracy(dataset_name: str, dim: int, train_limit: int, test_limit: int | None) -> float:
    from ae_core import features

    return features.pca_accuracy(resources.dataset(dataset_name), dim, train_limit, test_limit)


@st.cache_resource(show_spinner=False, max_entries=8)
def _pretrained_code_accuracy(key: str, dataset_name: str, train_limit: int, test_limit: int | None) -> float:
    from ae_core import features

    return features.code_accuracy(resources.pretrained(key)[0], resources.dataset(dataset_name),
                                  train_limit, test_limit)


def _code_accuracy(choice: models.ModelChoice, data: "ImageData", train_limit: int,
                   test_limit: int | None) -> float:
    """Shipped models are cached for the server; a model this session trained, per session (its
    TrainedModel object is its identity: a new training run gives a new one)."""
    from ae_core import features

    if choice.trained is None:
        return _pretrained_code_accuracy(choice.pretrained_key, data.name, train_limit, test_limit)
    cache: dict[Any, float] = st.session_state.setdefault(RESULTS_KEY, {})
    identity = (id(choice.trained), data.name, train_limit, test_limit)
    if identity not in cache:
        cache[identity] = features.code_accuracy(choice.model, data, train_limit, test_limit)
    return cache[identity]


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
        with st.spinner(t("features.computing", train=min(train_limit, data.train_images.shape[0]))):
            accuracies = {
                "codes": _code_accuracy(choice, data, train_limit, test_limit),
                "pca": _pca_accuracy(data.name, dim, train_limit, test_limit),
                "pixels": _pixel_accuracy(data.name, train_limit, test_limit),
            }
        _show(accuracies, dim, train_limit, test_count)
    with st.expander(t("features.panel_title", dim=dim), expanded=choice is None
                     or st.session_state.get(models.job_key(model_key(dim))) is not None):
        training_panel(model_key(dim), data, fields=training_fields(epochs=3, limit=10000), build_model=_build(dim),
                       describe=lambda values: f"MLP 784-{'-'.join(map(str, HIDDEN))}-{dim}",
                       title=t("features.panel_title", dim=dim), intro=t("features.panel_intro", dim=dim))


def _show(accuracies: dict[str, float], dim: int, train_count: int, test_count: int) -> None:
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
        figure = value_bars({names[name]: value for name, value in accuracies.items()},
                            y_title=t("features.axis"), highlight=names["codes"], y_range=(0, 1.08))
        st.plotly_chart(figure, key="features.chart", config={"displayModeBar": False})
    gain = 100 * (accuracies["codes"] - accuracies["pca"])
    reading = "features.reading.better_than_pca" if gain >= 1.0 else "features.reading.not_better"
    st.markdown(t(reading, dim=dim, gain=gain, ratio=784 / dim))
