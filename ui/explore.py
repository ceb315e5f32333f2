"""The explorer of codes above two dimensions, shared by the Undercomplete and Variational pages
(ae_core/explore.py computes; this draws): pick a code size (and, on the VAE page, a beta), a digit
whose code to start from, then a slider per dimension decoded on release, a traversal grid (each
dimension swept with the others held at the sliders' code), each dimension's activity, and the
test codes mapped to 2-D by PCA and by t-SNE side by side. The VAE page adds what beta does, on
two shipped betas.

The explorer is a view of its page of its own (`view`): the page draws either its lesson or the
explorer, never both, so that opening the explorer (by its switch or its link,
`?vae.view=explore`) waits for no lesson above it, and a lesson's run is not lengthened by an
explorer below it.

The model in view: the learner's own, trained in the section's panel for the chosen setting (on
the Undercomplete page also one trained for feature extraction or in the main panel with that code
size), else the shipped one. A shipped model's code space and maps come from its views file; a
trained one's are computed in the background, the t-SNE map with its progress shown.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import streamlit as st

from ae_core.defaults import PAGES
from ae_core.views import BETA_IMAGES, BETA_SAMPLES, TSNE_IMAGES, TSNE_SEED
from ui import models, resources, state
from ui.charts import shared_figure
from ui.i18n import t
from ui.training_panel import page_training_fields, training_panel

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData
    from ae_core.explore import BetaSummary, CodeSpace

ANCHOR = "explore"
LESSON, EXPLORER = "lesson", "explore"
VIEWS = (LESSON, EXPLORER)  # the page's views: its lesson, or this explorer
COMPUTED_TSNE_IMAGES = 2000  # a t-SNE map computed in the app places the first test codes (about 15 s)
TRAVERSAL_ROWS = 8  # rows drawn at first: the most active dimensions (all on request)
SAMPLES_SHOWN = 12  # prior samples beside each beta


@dataclass(frozen=True)
class Setting:
    """One choice of the section: a code size (and a VAE's beta), its shipped model if any."""

    name: str
    family: str
    latent_dim: int
    beta: float | None
    pretrained_key: str | None

    @property
    def model_key(self) -> str:
        return f"explore.{self.name}"


SETTINGS = {
    "undercomplete": [Setting(f"ae-{dim}", "ae", dim, None, {8: "ae-8d", 16: "ae-16d", 32: "ae-32d"}.get(dim))
                      for dim in (4, 8, 16, 32)],
    "vae": [Setting(f"vae-{dim}-b{beta:g}", "vae", dim, beta, key)
            for dim, beta, key in ((8, 1.0, "vae-8d"), (16, 1.0, "vae-16d"), (16, 4.0, "vae-16d-beta4"))],
}
DEFAULT = {"undercomplete": "ae-16", "vae": "vae-16-b1"}
BETA_PAIR = ("vae-16d", "vae-16d-beta4")  # the shipped betas the VAE page compares


def setting_label(setting: Setting) -> str:
    if setting.beta is None:
        return t("explore.setting.ae", dim=setting.latent_dim)
    return t("explore.setting.vae", dim=setting.latent_dim, beta=f"{setting.beta:g}")


# ---- which model --------------------------------------------------------------------------------

def _fits(setting: Setting, model: "torch.nn.Module") -> bool:
    if getattr(model, "family", None) != setting.family or getattr(model, "latent_dim", None) != setting.latent_dim:
        return False
    return setting.beta is None or float(model.config.beta) == setting.beta


def model_for(setting: Setting) -> models.ModelChoice | None:
    """This session's model for the setting (the section's own, else one trained elsewhere on the
    page for the same code), else the shipped one; None when neither exists."""
    keys = [setting.model_key]
    if setting.family == "ae":
        keys += [f"features.{setting.latent_dim}", "undercomplete"]
    for key in keys:
        trained = models.trained_model(key)
        if trained is not None and _fits(setting, trained.model):
            return models.trained_choice(trained)
    if setting.pretrained_key is None:
        return None
    choice, error = models.pretrained_or_trained(setting.pretrained_key, setting.model_key)
    if error is not None:
        st.warning(t("models.pretrained_missing", message=error), icon=":material/warning:")
    return choice


def _recipe(setting: Setting) -> str:
    return "features" if setting.family == "ae" else "vae-explore"


def _build(setting: Setting):
    def build(values: dict[str, Any]) -> "torch.nn.Module":
        from ae_core.models import build_model

        config = dict(PAGES[_recipe(setting)].model, latent_dim=setting.latent_dim)
        if setting.beta is not None:
            config["beta"] = setting.beta
        return build_model(setting.family, config)

    return build


def _describe(setting: Setting) -> str:
    layers = "-".join(str(size) for size in [784, *PAGES[_recipe(setting)].model["hidden"], setting.latent_dim])
    if setting.beta is None:
        return f"MLP {layers}"
    return t("describe.vae_mlp", layers=layers, beta=f"{setting.beta:g}")


# ---- views: shipped, or computed in the background ----------------------------------------------

class Progress:
    """A background computation's share done, written by its thread and read by the page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._share = 0.0

    def __call__(self, share: float) -> None:
        with self._lock:
            self._share = max(self._share, float(share))

    @property
    def share(self) -> float:
        with self._lock:
            return self._share


def _code_space(choice: models.ModelChoice, data: "ImageData") -> "CodeSpace | None":
    from ae_core.explore import CodeSpace
    from ae_core.views import code_space

    message = t("explore.computing", count=data.test_images.shape[0])
    if choice.trained is None:
        return resources.pretrained_view(choice.pretrained_key, "explore", data.name, {}, code_space, CodeSpace,
                                         message)
    model = choice.model
    return resources.trained_view(choice.trained, f"explore.{data.name}", lambda: code_space(model, data), message)


def _tsne(choice: models.ModelChoice, data: "ImageData") -> tuple[np.ndarray | None, int]:
    """(t-SNE points or None while computed, how many test codes it places)."""
    from ae_core.views import tsne_map

    if choice.trained is None:
        stored = resources.shipped_view(choice.pretrained_key, "tsne", data.name,
                                        {"images": TSNE_IMAGES, "seed": TSNE_SEED})
        if stored is not None:
            return stored, min(TSNE_IMAGES, data.test_images.shape[0])
        owner, task_key = None, ("pretrained", choice.pretrained_key, "tsne", data.name)
    else:
        owner, task_key = choice.trained, (f"explore.tsne.{data.name}", id(choice.trained))
    # Computed here (a trained model, or shipped weights without their views): fewer codes.
    images = min(COMPUTED_TSNE_IMAGES, data.test_images.shape[0])
    progress = _progress_for(task_key)
    model = choice.model if choice.trained is not None else None
    key = choice.pretrained_key

    def compute() -> np.ndarray:
        used = model if model is not None else resources.pretrained(key)[0]
        return tsne_map(used, resources.dataset(data.name), images=images, progress=progress)

    future = resources.background(task_key, compute, owner=owner, slow=True)
    if future.done():
        return future.result(), images
    _tsne_progress(future, progress, t("explore.tsne.computing", count=images))
    return None, images


@st.cache_resource(show_spinner=False)
def _progress_table() -> dict[Any, Progress]:
    return {}


_PROGRESS_LOCK = threading.Lock()


def _progress_for(task_key: Any) -> Progress:
    with _PROGRESS_LOCK:
        return _progress_table().setdefault(task_key, Progress())


@st.fragment(run_every=1.0)
def _tsne_progress(future: Any, progress: Progress, message: str) -> None:
    if future.done():
        st.rerun()  # the whole page, which now finds the map ready
    st.progress(progress.share, text=f"{message} {progress.share:.0%}")


def _beta_summary(key: str, data: "ImageData") -> "BetaSummary | None":
    from ae_core.explore import BetaSummary
    from ae_core.views import beta_summary

    return resources.pretrained_view(key, "beta", data.name, {"images": BETA_IMAGES, "samples": BETA_SAMPLES},
                                     beta_summary, BetaSummary, t("explore.beta.computing"))


# ---- drawing ------------------------------------------------------------------------------------

def traversal_png(grid: np.ndarray, row_labels: list[str], scale: int = 2, gap: int = 2,
                  label_px: int = 96) -> bytes:
    """Images (rows, columns, h, w) in [0, 1] as one PNG with each row's label on its left."""
    from PIL import Image, ImageDraw, ImageFont

    rows, columns, height, width = grid.shape
    if len(row_labels) != rows:
        raise ValueError(f"got {len(row_labels)} labels for {rows} rows")
    cell_h, cell_w = height * scale, width * scale
    canvas = np.full((rows * (cell_h + gap) - gap, label_px + columns * (cell_w + gap) - gap), 255, np.uint8)
    tiles = (np.clip(grid, 0, 1) * 255).round().astype(np.uint8).repeat(scale, axis=2).repeat(scale, axis=3)
    for row in range(rows):
        for column in range(columns):
            top, left = row * (cell_h + gap), label_px + column * (cell_w + gap)
            canvas[top:top + cell_h, left:left + cell_w] = tiles[row, column]
    image = Image.fromarray(canvas, mode="L")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=15)
    for row, label in enumerate(row_labels):
        draw.text((4, row * (cell_h + gap) + cell_h // 2), label, fill=40, font=font, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # fast, as ui.images.strip
    return buffer.getvalue()


TRAVERSALS_KEPT = 64  # shipped models' traversal grids kept (about 20 KB each)


@st.cache_resource(show_spinner=False, max_entries=TRAVERSALS_KEPT)
def _shared_traversal(key: Any, _draw: Callable[[], bytes]) -> bytes:
    """`_draw()` once per key (a shipped model, dataset, code, rows and labels), then the same PNG
    for every session; `_draw` itself is not part of the key."""
    return _draw()


def _symbol(setting: Setting) -> str:
    return "z" if setting.family == "vae" else "h"


def _activity_text(space: "CodeSpace", index: int) -> str:
    value = float(space.activity[index])
    return t(f"explore.activity.{space.activity_kind}", value=value)


def _slider_keys(setting: Setting, digit: int, dim: int) -> list[str]:
    return [f"explore.{setting.name}.d{digit}.{index}" for index in range(dim)]


def _reset(keys: list[str]) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def _explorer(setting: Setting, choice: models.ModelChoice, data: "ImageData", space: "CodeSpace") -> None:
    """Digit, sliders, decoded image and traversal grid: a fragment, so a slider reruns it alone."""
    import torch

    from ae_core.explore import traversal
    from ae_core.latent import decode_codes, encode_dataset

    model, symbol, dim = choice.model, _symbol(setting), space.latent_dim
    digit = state.choice(st.segmented_control, f"explore.{setting.family}.digit", tuple(range(10)), 3,
                         label=t("explore.digit"))
    index = resources.preview_indices(data.name)[digit]
    image = data.test_images[index:index + 1]
    # The digit's code, each number inside its slider's range (a rare code lies beyond it).
    base = np.clip(encode_dataset(model, image)[0].float().cpu().numpy(), space.low, space.high)
    keys = _slider_keys(setting, digit, dim)
    order = np.argsort(-space.activity, kind="stable")

    @st.fragment
    def sliders() -> None:
        # The decoded image first: on a phone, where columns stack, it is then above the sliders
        # rather than below all of them; each row of sliders is its own set of columns, so they
        # stack in order (z1, z2, z3 ...), not by column.
        shown, controls = st.columns([2, 3])
        with controls:
            st.caption(t("explore.sliders.intro", symbol=symbol, dim=dim, digit=digit))
            per_row = 2 if dim <= 16 else 4
            for j in range(dim):
                if j % per_row == 0:
                    columns = st.columns(per_row)
                low, high = float(space.low[j]), float(space.high[j])
                value = float(base[j])
                with columns[j % per_row]:
                    st.slider(f"{symbol}{j + 1} · {_activity_text(space, j)}", low, high, value,
                              step=(high - low) / 100, key=keys[j], format="%.2f")
            st.button(t("explore.reset", digit=digit), key=f"explore.{setting.name}.reset", icon=":material/undo:",
                      on_click=_reset, args=(keys,))
        code = np.array([st.session_state.get(key, base[j]) for j, key in enumerate(keys)], dtype=np.float32)
        decoded = decode_codes(model, torch.from_numpy(code)[None])[0].float().clamp(0, 1).cpu().numpy()
        with shown:
            from ui.images import show_png, strip

            original = image[0].float().cpu().numpy()
            show_png(strip(np.stack([original.reshape(28, 28), decoded.reshape(28, 28)]), scale=5),
                     caption=t("explore.decoded_caption", digit=digit, symbol=symbol))
            moved = int((np.abs(code - base) > (space.high - space.low) / 200).sum())  # half a step
            st.caption(t("explore.moved", count=moved, dim=dim))
        st.markdown(f"**{t('explore.traversal.title')}**")
        show_all = st.toggle(t("explore.traversal.all", dim=dim), key=f"explore.{setting.name}.all",
                             value=dim <= TRAVERSAL_ROWS) if dim > TRAVERSAL_ROWS else True
        rows = order if show_all else order[:TRAVERSAL_ROWS]
        labels = [f"{symbol}{j + 1}" for j in rows]

        def draw() -> bytes:
            return traversal_png(traversal(model, code, space.low, space.high).numpy()[rows], labels)

        # A shipped model's grid is the same for every session at the same code (a page's first
        # look, before any slider moves): drawn once per server. A learner's own model is not shared.
        png = draw() if choice.trained is not None else _shared_traversal(
            (choice.pretrained_key, data.name, code.tobytes(), tuple(int(j) for j in rows), tuple(labels)), draw)
        from ui.images import show_png

        show_png(png, caption=t("explore.traversal.caption", symbol=symbol, shown=len(rows), dim=dim,
                                kind=t(f"explore.order.{space.activity_kind}")))

    sliders()


def _activity_chart(setting: Setting, space: "CodeSpace") -> None:
    from ae_core.figures import value_bars

    symbol = _symbol(setting)
    values = {f"{symbol}{j + 1}": float(space.activity[j]) for j in range(space.latent_dim)}
    figure = shared_figure(value_bars, values, y_title=t(f"explore.activity_axis.{space.activity_kind}"),
                           value_format=".2f", height=260)
    st.plotly_chart(figure, key=f"explore.{setting.name}.activity", config={"displayModeBar": False})
    if space.activity_kind == "kl":
        unused = int((space.activity < 0.05).sum())
        st.caption(t("explore.activity_caption.kl", unused=unused, dim=space.latent_dim))
    else:
        st.caption(t("explore.activity_caption.std"))


def _maps(setting: Setting, choice: models.ModelChoice, data: "ImageData", space: "CodeSpace") -> None:
    from ui.latent_pad import latent_pad

    hover = resources.hover_images(data.name)
    pca_column, tsne_column = st.columns(2)
    with pca_column:
        st.markdown(f"**{t('explore.pca.title')}**")
        latent_pad(space.points, space.labels, key=f"explore.{setting.name}.pca", class_names=data.class_names,
                   hover_images=hover, height=420,
                   strings={"hint_scatter": t("latent.hover_hint"), "x_label": t("latent.pca_axis", index=1),
                            "y_label": t("latent.pca_axis", index=2)})
        st.caption(t("explore.pca.caption", dim=space.latent_dim, explained=space.pca_explained))
    with tsne_column:
        st.markdown(f"**{t('explore.tsne.title')}**")
        points, count = _tsne(choice, data)
        if points is not None:
            latent_pad(points, space.labels[:count], key=f"explore.{setting.name}.tsne",
                       class_names=data.class_names, hover_images=resources.hover_images(data.name, count),
                       height=420,
                       strings={"hint_scatter": t("latent.hover_hint"), "x_label": "t-SNE 1", "y_label": "t-SNE 2"})
            st.caption(t("explore.tsne.caption", count=count, dim=space.latent_dim))


def _beta_section(data: "ImageData") -> None:
    """What beta does, on the two shipped 16-D VAEs (beta 1 and 4): active dimensions, their
    correlation, reconstruction and KL, and samples from the prior."""
    import pandas as pd
    import plotly.graph_objects as go

    from ae_core.latent import sample_prior

    st.subheader(t("explore.beta.title"), anchor="beta")
    st.markdown(t("explore.beta.intro"))
    summaries, loaded = [], []
    for key in BETA_PAIR:
        choice, error = models.pretrained_or_trained(key, f"explore.{key}")
        if choice is None or choice.trained is not None:
            st.info(t("explore.beta.missing", message=error or key), icon=":material/info:")
            return
        summary = _beta_summary(key, data)
        if summary is None:
            return
        summaries.append(summary)
        loaded.append(choice)
    low, high = summaries
    frame = pd.DataFrame({
        t("explore.beta.col.measure"): [t(f"explore.beta.row.{name}") for name in
                                        ("active", "correlation", "recon", "kl", "grey")],
        **{f"β = {summary.beta:g}": [f"{summary.active} / {summary.latent_dim}", f"{summary.mean_abs_correlation:.2f}",
                                     f"{summary.recon:.1f}", f"{summary.kl:.1f}", f"{summary.sample_grey:.1%}"]
           for summary in summaries},
    })
    table, chart = st.columns([2, 3])
    with table:
        st.dataframe(frame, hide_index=True, width="stretch", key="explore.beta.table")
        st.caption(t("explore.beta.protocol", images=BETA_IMAGES, samples=BETA_SAMPLES, data_grey=low.data_grey))
    with chart:
        figure = go.Figure()
        for summary, colour in zip(summaries, ("#1f77b4", "#d62728")):
            order = sorted(summary.kl_per_dim, reverse=True)
            figure.add_trace(go.Bar(x=[str(rank + 1) for rank in range(len(order))], y=order,
                                    name=f"β = {summary.beta:g}", marker_color=colour,
                                    hovertemplate="%{y:.2f} nats<extra>" + f"β = {summary.beta:g}" + "</extra>"))
        figure.update_layout(barmode="group", height=280, margin=dict(l=10, r=10, t=30, b=10),
                             title=dict(text=t("explore.beta.chart_title"), font=dict(size=14)),
                             xaxis_title=t("explore.beta.chart_x"), yaxis_title=t("explore.beta.chart_y"),
                             legend=dict(orientation="h", y=-0.3))
        st.plotly_chart(figure, key="explore.beta.chart", config={"displayModeBar": False})
    st.markdown(_beta_reading(low, high))
    from ui.images import image_rows, to_numpy

    image_rows([(t("explore.beta.samples", beta=f"{summary.beta:g}"),
                 to_numpy(sample_prior(choice.model, SAMPLES_SHOWN, seed=0)))
                for summary, choice in zip(summaries, loaded)])


def _beta_reading(low: "BetaSummary", high: "BetaSummary") -> str:
    """The measured comparison in words; each clause follows from the numbers shown."""
    parts = [t("explore.beta.read.active", low=low.active, high=high.active, beta=f"{high.beta:g}",
               dim=high.latent_dim)]
    key = "less" if high.mean_abs_correlation < low.mean_abs_correlation else "more"
    parts.append(t(f"explore.beta.read.correlation_{key}", low=low.mean_abs_correlation,
                   high=high.mean_abs_correlation))
    key = "blurrier" if high.sample_grey > low.sample_grey else "sharper"
    parts.append(t(f"explore.beta.read.{key}", low=low.sample_grey, high=high.sample_grey,
                   recon_low=low.recon, recon_high=high.recon))
    return " ".join(parts)


# ---- the section --------------------------------------------------------------------------------

def view_key(page: str) -> str:
    return f"{page}.view"


def view(page: str) -> str:
    """The view of `page` ("undercomplete" or "vae") to draw, LESSON or EXPLORER, from a switch
    under the page's title; it stays for the session and is in the page's address."""
    return state.choice(st.segmented_control, view_key(page), VIEWS, LESSON, label=t("explore.view"),
                        format_func=lambda name: t(f"explore.view.{name}"), label_visibility="collapsed")


def page_views(page: str, lesson: Callable[["ImageData"], None]) -> None:
    """Draw the chosen view of `page` under its title: `lesson(data)`, or this explorer followed by
    the code behind the model it shows."""
    from ui import code_view

    data = resources.current_data()
    if view(page) == EXPLORER:
        code_view.render(page, render(page, data))
    else:
        lesson(data)


def render(page: str, data: "ImageData") -> models.ModelChoice | None:
    """The whole section for `page` ("undercomplete" or "vae"); returns the model it shows."""
    settings = {setting.name: setting for setting in SETTINGS[page]}
    st.header(t("explore.title"), anchor=ANCHOR)
    st.markdown(t(f"explore.intro.{page}"))
    name = state.choice(st.segmented_control, f"{page}.explore", tuple(settings), DEFAULT[page],
                        label=t("explore.setting"), format_func=lambda key: setting_label(settings[key]))
    setting = settings[name]
    choice = model_for(setting)
    if choice is None:
        st.info(t("explore.need_training", setting=setting_label(setting)), icon=":material/model_training:")
    else:
        source = t("explore.using_trained", epochs=choice.metadata.get("epochs", 0)) if choice.trained is not None \
            else t("explore.using_pretrained")
        st.caption(f"{source} {choice.description}")
        space = _code_space(choice, data)
        if space is not None:
            _explorer(setting, choice, data, space)
            st.markdown(f"**{t('explore.maps.title')}**")
            st.caption(t("explore.maps.intro"))
            _maps(setting, choice, data, space)
            # After the maps: the first chart of a tab loads the chart library (a pause of the
            # browser's drawing), and each number's activity leads into what beta does, below it.
            st.markdown(f"**{t('explore.activity.title')}**")
            _activity_chart(setting, space)
    with st.expander(t("explore.panel_title", setting=setting_label(setting)),
                     expanded=choice is None or st.session_state.get(models.job_key(setting.model_key)) is not None):
        training_panel(setting.model_key, data, fields=page_training_fields(_recipe(setting)),
                       build_model=_build(setting), describe=lambda values: _describe(setting),
                       title=t("explore.panel_title", setting=setting_label(setting)),
                       intro=t("explore.panel_intro", setting=setting_label(setting)))
    if page == "vae":
        _beta_section(data)
    return choice
