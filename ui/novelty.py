"""The Undercomplete page's novelty-detection section: a detector trained on the normal digits the
user picks, the reconstruction errors of normal and novel test images, the ROC curve, a threshold
with the confusion counts it gives, the most and least anomalous images, and the user's own digit.

Each choice of normal digits has its own model key, "novelty.<digits>" (e.g. "novelty.0" or
"novelty.3-8"), so a detector trained for one choice is never shown for another. The default
choice uses the shipped pretrained detector until the user trains one. Analyses (every test image
scored) ship with the detector's weights (ae_core/views.py) or are computed once in the background:
the shipped detector's for the server, a trained one's for the session.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
import streamlit as st

from ui import models, resources, state
from ui.digit_input import digit_input
from ui.charts import shared_figure
from ui.i18n import t
from ui.images import image_rows, reconstruct, to_numpy
from ui.training_panel import page_training_fields, training_panel

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData
    from ae_core.novelty import NoveltyAnalysis

PRETRAINED_KEY = "novelty"
NORMAL_KEY = "novelty.normal"
GALLERY = 8  # images in each gallery


def model_key(normal: Sequence[int]) -> str:
    return "novelty." + "-".join(str(digit) for digit in normal)


def _digits_text(data: "ImageData", normal: Sequence[int]) -> str:
    return ", ".join(data.class_names[digit] for digit in normal)


@st.cache_resource(show_spinner=False, max_entries=3)
def _normal_subset(dataset_name: str, normal: tuple[int, ...]) -> "ImageData":
    """The training split reduced to the normal digits (all test images kept), shared by sessions."""
    return resources.dataset(dataset_name).subset(digits=list(normal))


def _analysis(choice: models.ModelChoice, data: "ImageData", normal: list[int]) -> "NoveltyAnalysis | None":
    """Every test image scored: the shipped detector's from its views file (else once per server in
    the background), a trained one's once in the background; None, with a note, until ready."""
    from ae_core.novelty import NoveltyAnalysis
    from ae_core.views import NOVELTY_TRAIN_SCORED, novelty_analysis

    message = t("novelty.scoring", count=data.test_images.shape[0])
    if choice.trained is None:
        return resources.pretrained_view(choice.pretrained_key, "novelty", data.name,
                                         {"normal": normal, "normal_train": NOVELTY_TRAIN_SCORED},
                                         lambda model, data: novelty_analysis(model, data, normal),
                                         NoveltyAnalysis, message)
    model = choice.model
    return resources.trained_view(choice.trained, f"novelty.analysis.{data.name}",
                                  lambda: novelty_analysis(model, data, normal), message)


def _detector(key: str, normal: list[int], data: "ImageData") -> models.ModelChoice | None:
    """The session's detector for these digits, else the shipped one when it was trained on them
    (and on this data set); a shipped file that cannot load is reported with the way out."""
    from ae_core.experiments import NOVELTY_DEFAULT_NORMAL

    trained = models.trained_model(key)
    if trained is not None:
        return models.trained_choice(trained)
    if normal != sorted(NOVELTY_DEFAULT_NORMAL) or data.name != "mnist":
        return None
    choice, error = models.pretrained_or_trained(PRETRAINED_KEY, key)
    if error is not None:
        st.warning(t("models.pretrained_missing", message=error), icon=":material/warning:")
    return choice


def _build(values: dict[str, Any]) -> "torch.nn.Module":
    from ae_core.experiments import NOVELTY_MODEL
    from ae_core.models import build_model

    return build_model(NOVELTY_MODEL["family"], NOVELTY_MODEL["config"])


def render(data: "ImageData") -> None:
    """The whole section: explanation, normal digits, the detector's analysis and its panel."""
    from ae_core.experiments import NOVELTY_DEFAULT_NORMAL
    from ae_core.novelty import FALSE_ALARM_RATE

    st.subheader(t("novelty.title"), anchor="novelty-detection")
    st.markdown(t("novelty.intro"))
    picked = state.choices(st.pills, NORMAL_KEY, range(len(data.class_names)), NOVELTY_DEFAULT_NORMAL,
                           label=t("novelty.normal"), format_func=lambda digit: data.class_names[digit],
                           help=t("novelty.normal_help"))
    normal = sorted(int(digit) for digit in picked)
    if not 1 <= len(normal) <= 9:
        st.warning(t("novelty.bad_normal"), icon=":material/rule:")
        return
    key = model_key(normal)
    digits = _digits_text(data, normal)
    choice = _detector(key, normal, data)
    if choice is None:
        count = int(np.isin(data.train_labels.cpu().numpy(), normal).sum())
        st.info(t("novelty.need_training", digits=digits, count=count), icon=":material/model_training:")
    else:
        if choice.trained is not None:
            st.caption(t("novelty.using_trained", digits=digits, epochs=choice.metadata.get("epochs", 0)))
        else:
            st.caption(t("novelty.using_pretrained", digits=digits))
        analysis = _analysis(choice, data, normal)
        if analysis is not None:
            _show(choice, analysis, data, digits, key, FALSE_ALARM_RATE)
    with st.expander(t("novelty.panel_title", digits=digits),
                     expanded=choice is None or st.session_state.get(models.job_key(key)) is not None):
        training_panel(key, _normal_subset(data.name, tuple(normal)),
                       fields=page_training_fields("novelty"),
                       build_model=_build, describe=lambda values: t("describe.novelty", digits=digits),
                       title=t("novelty.panel_title", digits=digits), intro=t("novelty.panel_intro"))


def _threshold_slider(analysis: "NoveltyAnalysis", identity: str, rate: float) -> float:
    default = analysis.default_threshold(rate)
    top = float(max(np.quantile(analysis.scores, 0.995), 1.5 * default, 1e-6))
    step = float(f"{top / 1000:.1g}")
    return st.slider(t("novelty.threshold"), min_value=0.0, max_value=top, value=min(default, top), step=step,
                     format="%.4f", help=t("novelty.threshold_help", rate=rate), key=f"novelty.threshold.{identity}")


def _show(choice: models.ModelChoice, analysis: "NoveltyAnalysis", data: "ImageData", digits: str,
          key: str, rate: float) -> None:
    from ae_core.figures import roc_figure, score_histogram

    identity = f"{key}.{choice.source}.{id(choice.trained) if choice.trained else 0}"
    charts = st.container()  # drawn last: they show the threshold and the user's digit chosen below
    threshold = _threshold_slider(analysis, identity, rate)
    counts = analysis.confusion(threshold)
    st.markdown(f"**{t('novelty.confusion_title')}**")
    caught, missed, alarms, passed = st.columns(4)
    caught.metric(t("novelty.cm.caught"), f"{counts['tp']:,}")
    missed.metric(t("novelty.cm.missed"), f"{counts['fn']:,}")
    alarms.metric(t("novelty.cm.false_alarm"), f"{counts['fp']:,}")
    passed.metric(t("novelty.cm.passed"), f"{counts['tn']:,}")
    tpr = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    fpr = counts["fp"] / max(1, counts["fp"] + counts["tn"])
    st.caption(t("novelty.rates", tpr=tpr, fpr=fpr))

    _galleries(choice.model, analysis, data)
    user_score = _your_digit(choice.model, analysis, threshold)

    with charts:
        histogram, roc = st.columns([3, 2])
        with histogram:
            st.markdown(f"**{t('novelty.hist_title')}**")
            novel = analysis.is_novel
            figure = score_histogram(
                {t("novelty.group.normal", digits=digits): analysis.scores[~novel],
                 t("novelty.group.novel"): analysis.scores[novel]},
                x_title=t("novelty.axis.error"), y_title=t("novelty.axis.share"), threshold=threshold,
                threshold_label=t("novelty.threshold_line"), marker=user_score,
                marker_label=t("novelty.yours_marker"))
            st.plotly_chart(figure, key="novelty.histogram", config={"displaylogo": False})
        with roc:
            st.markdown(f"**{t('novelty.roc_title')}**")
            figure = roc_figure(analysis.fpr, analysis.tpr, analysis.auroc, x_title=t("novelty.roc.x"),
                                y_title=t("novelty.roc.y"), chance_label=t("novelty.roc.chance"),
                                point=(fpr, tpr), point_label=t("novelty.roc.point"))
            st.plotly_chart(figure, key="novelty.roc", config={"displaylogo": False})
            st.caption(t("novelty.auroc", auroc=analysis.auroc))
            per_class = analysis.report["per_class_auroc"]
            if per_class:
                hardest = min(per_class, key=per_class.get)
                st.caption(t("novelty.hardest", digit=data.class_names[hardest], auroc=per_class[hardest]))


def _galleries(model: "torch.nn.Module", analysis: "NoveltyAnalysis", data: "ImageData") -> None:
    from ae_core.figures import image_grid

    st.subheader(t("novelty.gallery_title"))
    st.caption(t("novelty.gallery.caption"))
    most, least = analysis.extremes(GALLERY)
    for column, title, indices, name in zip(st.columns(2), (t("novelty.gallery.most"), t("novelty.gallery.least")),
                                            (most, least), ("most", "least")):
        images = data.test_images[list(map(int, indices))]  # (GALLERY, 1, 28, 28)
        shown = np.concatenate([to_numpy(images), to_numpy(reconstruct(model, images))])
        labels = [t("novelty.gallery.label", digit=data.class_names[analysis.labels[i]], score=analysis.scores[i])
                  for i in indices]
        labels += [t("novelty.gallery.recon", digit=data.class_names[analysis.labels[i]]) for i in indices]
        with column:
            st.markdown(f"**{title}**")
            st.plotly_chart(shared_figure(image_grid, shown, columns=len(indices), labels=labels, cell_px=2),
                            key=f"novelty.gallery.{name}", config={"displayModeBar": False})


def _your_digit(model: "torch.nn.Module", analysis: "NoveltyAnalysis", threshold: float) -> float | None:
    """The user's drawn or uploaded digit, rebuilt and judged; returns its score (None without one)."""
    from ae_core.novelty import score_image

    st.subheader(t("novelty.yours_title"))
    st.caption(t("novelty.yours_intro"))
    source_column, result_column = st.columns([1, 2])
    with source_column:
        _, digit = digit_input("novelty")
    if digit is None:
        return None
    score, rebuilt = score_image(model, digit)
    with result_column:
        for column, (label, picture) in zip(st.columns(2), ((t("novelty.yours_input"), digit),
                                                            (t("novelty.yours_output"), rebuilt))):
            with column:
                image_rows([(label, picture[None])], scale=4)
        verdict = "novelty.verdict.novel" if score >= threshold else "novelty.verdict.normal"
        (st.error if score >= threshold else st.success)(t(verdict, score=score, threshold=threshold))
        normal_scores = analysis.scores[~analysis.is_novel]
        st.caption(t("novelty.yours_rank", share=float((normal_scores < score).mean())))
    return score
