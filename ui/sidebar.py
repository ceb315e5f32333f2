"""The shared sidebar: language, dataset, per-page model source, and the compute device in use.

These choices live in plain session-state keys ("lang", "dataset", "model_source.<key>") that
code sets too (a training job that finished picks "trained by you"; a dataset that cannot be had
falls back to MNIST) after their widgets have drawn, which a widget's own key does not allow. The
widget is synced from that key before it is drawn and writes back through its on_change callback.
A page's lesson settings are widgets of their own instead (ui/state.py).

The model source is drawn by the page (ui/models.current_model) into a slot left here, once the
page knows its settings: the sources offered then always describe the model the page shows.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import streamlit as st

from ui import latent_pad, models, resources, state
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES, t
from ui.navigation import PageEntry

DATASETS = ("mnist", "fashion-mnist", "kmnist")


def synced_widget(widget: Callable[..., Any], state_key: str, default: Any, options: Sequence[Any],
                  on_change: Callable[[], None] | None = None, **kwargs: Any) -> Any:
    """Draw `widget` (radio, selectbox, segmented control...) bound to the plain key `state_key`;
    `on_change` runs after the choice is written back."""
    widget_key = f"widget.{state_key}"
    value = st.session_state.get(state_key, default)
    if value not in options:
        value = default
    st.session_state[state_key] = value
    st.session_state[widget_key] = value

    def write_back() -> None:
        if st.session_state.get(widget_key) is not None:
            st.session_state[state_key] = st.session_state[widget_key]
        if on_change is not None:
            on_change()

    return widget(options=options, key=widget_key, on_change=write_back, **kwargs)


def language_from_url() -> None:
    """Adopt ?lang=ko from the URL when the session has no language yet. The language lives in
    the URL too (render writes it back), so a shared link or a reload keeps it."""
    if LANGUAGE_KEY not in st.session_state and st.query_params.get(LANGUAGE_KEY) in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = st.query_params[LANGUAGE_KEY]


DATASET_BAD_LINK_KEY = "dataset.bad_link"  # a ?dataset= value this app does not offer, to say once


def dataset_from_url() -> None:
    """Adopt ?dataset=kmnist from the URL when the session has not chosen a dataset yet; a value
    the app does not offer keeps MNIST and is reported under the selector. The dataset lives in the
    URL too (render writes it back), so a link handed to a class opens on the same data."""
    if resources.DATASET_KEY in st.session_state:
        return
    raw = st.query_params.get(resources.DATASET_KEY)
    if raw is None:
        return
    if raw in DATASETS:
        st.session_state[resources.DATASET_KEY] = raw
        resources.check_chosen_dataset()  # as choosing it does: one that cannot be had goes back to MNIST
    else:
        st.session_state[resources.DATASET_KEY] = "mnist"
        st.session_state[DATASET_BAD_LINK_KEY] = str(raw)


def render(page: PageEntry | None) -> Any:
    """Draw the sidebar's choices; return a placeholder that `render_status` fills after the page
    ran (the device name needs torch, which the page's text should not wait for)."""
    with st.sidebar:
        language = synced_widget(st.segmented_control, LANGUAGE_KEY, DEFAULT_LANGUAGE, tuple(LANGUAGES),
                                 label=t("sidebar.language"), format_func=LANGUAGES.get,
                                 selection_mode="single", required=True)
    if language == DEFAULT_LANGUAGE:
        st.query_params.pop(LANGUAGE_KEY, None)
    else:
        st.query_params[LANGUAGE_KEY] = language
    with st.sidebar:
        dataset_labels = {name: t(f"sidebar.dataset.{name}") for name in DATASETS}
        bad = st.session_state.pop(DATASET_BAD_LINK_KEY, None)
        if bad is not None:
            state.say_bad_link(t("sidebar.dataset"), bad, dataset_labels["mnist"])
        synced_widget(st.selectbox, resources.DATASET_KEY, "mnist", DATASETS,
                      label=t("sidebar.dataset"), format_func=dataset_labels.get,
                      on_change=resources.check_chosen_dataset)
        status = st.empty()
        if page is not None and page.model_key is not None:
            st.session_state[models.SOURCE_SLOT_KEY] = (page.model_key, st.container())
        else:
            st.session_state.pop(models.SOURCE_SLOT_KEY, None)
        latent_pad.preload()  # draws nothing; last, so that its empty slot adds no gap between choices
    return status


def dataset_to_url() -> None:
    """Write the dataset in use into the URL (after the page ran: a dataset that could not load
    has put the choice back to MNIST by then); MNIST, the default, leaves the URL clean."""
    name = st.session_state.get(resources.DATASET_KEY, "mnist")
    if name == "mnist":
        st.query_params.pop(resources.DATASET_KEY, None)
    else:
        st.query_params[resources.DATASET_KEY] = name


def render_status(status: Any) -> None:
    """Fill the placeholder under the dataset choice: a dataset that could not load, the device;
    then put the dataset in use into the URL."""
    dataset_to_url()
    with status.container():
        problem = st.session_state.get(resources.DATASET_ERROR_KEY)
        if problem is not None:
            name, details = problem
            st.warning(t("sidebar.dataset_unavailable", name=models.DATASET_LABELS.get(name, name)),
                       icon=":material/cloud_off:")
            with st.expander(t("sidebar.dataset_details")):
                st.caption(details)
        st.caption(t("sidebar.device", device=device_label()))


def device_label() -> str:
    """The compute device in the session's language: the GPU's name, or the CPU and its threads."""
    device = resources.compute_device()
    if device.type != "cpu":
        return resources.device_name()
    import torch

    threads = torch.get_num_threads()
    return t("sidebar.device.cpu_one" if threads == 1 else "sidebar.device.cpu", threads=threads)
