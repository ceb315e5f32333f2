"""The words and units of the charts that several pages draw, in the session's language.

The loss chart shows what training minimises, per image: the reconstruction error summed over the
784 pixels (and for a VAE the KL term, in nats). Its test markers are put in the same unit, so a
train line and a test marker on one panel compare; the captions under it give the per-pixel MSE
and say so.
"""
from __future__ import annotations

import collections
import hashlib
import threading
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from ui.i18n import t

if TYPE_CHECKING:
    import plotly.graph_objects as go
    import torch

FIGURES_KEPT = 128  # figures shared_figure keeps, the least recently drawn dropped first
_figures: "collections.OrderedDict[Any, go.Figure]" = collections.OrderedDict()
_figures_lock = threading.Lock()


def _hashable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        # A digest, not the bytes: a key stays small when the array is a network's weights.
        digest = hashlib.blake2b(np.ascontiguousarray(value).data, digest_size=16).digest()
        return ("array", value.shape, value.dtype.str, digest)
    if isinstance(value, dict):
        return ("dict", tuple((key, _hashable(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_hashable(item) for item in value))
    hash(value)  # anything else must be hashable as it is (numbers, strings, None)
    return value


def shared_figure(builder: Callable[..., "go.Figure"], *args: Any, **kwargs: Any) -> "go.Figure":
    """`builder(*args, **kwargs)`, built once for those arguments and then shared by every session's
    runs. Plotly validates every property as a figure is built (0.04 s for one bar chart, 0.4 s
    for the autoencoder drawing with its hundred shapes, on the 2-core reference machine), and a
    class's reruns queue behind that; st.plotly_chart copies a figure before serialising it, so a
    shared one is never changed. The arguments (numbers, strings, arrays, lists, dicts) are the key,
    so a caller passes every word it wants drawn: a figure for each language is its own entry.

    A shared figure also makes its plain dict once (`_frozen`): st.plotly_chart asks every run for
    `figure.to_dict()`, a deep copy that also turns each array into plotly's base64 form, 0.08 s a
    run for the Convolutional page's feature maps on the 2-core reference machine."""
    key = (builder.__module__, builder.__qualname__, _hashable(args), _hashable(kwargs))
    with _figures_lock:
        figure = _figures.get(key)
        if figure is not None:
            _figures.move_to_end(key)
            return figure
    figure = _frozen(builder(*args, **kwargs))
    with _figures_lock:
        _figures[key] = figure
        while len(_figures) > FIGURES_KEPT:
            _figures.popitem(last=False)
    return figure


def figure_for(builder: Callable[..., "go.Figure"], *args: Any, share: bool, **kwargs: Any) -> "go.Figure":
    """shared_figure(builder, ...) when `share`; otherwise builder(...) for this run only: for a
    drawing no other run will ask for (a running job's changing weights, a learner's drawn digit),
    which would only push the class's figures out of the cache."""
    return shared_figure(builder, *args, **kwargs) if share else builder(*args, **kwargs)


_frozen_classes: dict[type, type] = {}


def _frozen(figure: "go.Figure") -> "go.Figure":
    """`figure`, whose `to_dict()` is then made once and the same dict returned ever after. Only for
    figures nobody changes (shared_figure's): the dict is handed out, not copied. plotly.io.to_json,
    which st.plotly_chart calls on it, only removes trace uids (none are set), so the dict stays as
    made; it is made under a lock, so two sessions' first runs agree on one."""
    from plotly.basedatatypes import BaseFigure

    if not isinstance(figure, BaseFigure):
        return figure
    base = type(figure)
    with _figures_lock:
        frozen = _frozen_classes.get(base)
        if frozen is None:
            frozen = type(f"Frozen{base.__name__}", (base,), {"to_dict": _frozen_to_dict,
                                                              "__module__": __name__})
            _frozen_classes[base] = frozen
    figure.__class__ = frozen
    return figure


_frozen_dict_lock = threading.Lock()


def _frozen_to_dict(self: "go.Figure") -> dict:
    with _frozen_dict_lock:
        made = self.__dict__.get("_frozen_dict")
        if made is None:
            made = super(type(self), self).to_dict()
            self.__dict__["_frozen_dict"] = made
    return made


PIXELS = 28 * 28
FINE_TUNE = "fine-tune"  # ae_core.training.GreedySchedule.FINE_TUNE, without importing torch
PRETRAIN_PREFIX = "pretrain "  # ae_core.models.stacked.stage_label: "pretrain We1/Wd3"


def stage_name(label: str) -> str:
    """A training stage's label ("pretrain We1/Wd3", "fine-tune") in the session's language."""
    if label == FINE_TUNE:
        return t("chart.stage.fine-tune")
    if label.startswith(PRETRAIN_PREFIX):
        return t("chart.stage.pretrain", names=" / ".join(label[len(PRETRAIN_PREFIX):].split("/")))
    return label


def _reconstruction_kind(model: "torch.nn.Module") -> str:
    """'bce' or 'mse': what the model's loss sums over the pixels."""
    config = getattr(model, "config", None)
    if getattr(model, "family", None) == "vae":
        return "bce" if getattr(config, "likelihood", "bernoulli") == "bernoulli" else "gaussian"
    return getattr(config, "reconstruction", "bce")


def _input_size(model: "torch.nn.Module") -> int:
    """How many numbers one input has: MNIST's 784 pixels, or the toy network's 5 coordinates."""
    return int(getattr(getattr(model, "config", None), "input_dim", PIXELS))


def comparable_test_points(test_points: Sequence[dict[str, Any]], model: "torch.nn.Module") -> list[dict[str, Any]]:
    """Test points whose terms are named and scaled as the training terms: the per-image sums that
    training reports. A greedy stage's own test loss is already that; a whole autoencoder's test
    metrics give its BCE summed over the pixels, or its per-pixel MSE times the pixel count; a
    VAE's give recon and KL (comparable with a Bernoulli likelihood only)."""
    kind = _reconstruction_kind(model)
    inputs = _input_size(model)
    vae = getattr(model, "family", None) == "vae"
    beta = float(getattr(getattr(model, "config", None), "beta", 1.0))
    comparable = []
    for point in test_points:
        test = point["test"]
        if "loss" in test:
            terms = {name: test[name] for name in ("loss", "recon", "kl") if name in test}
        elif vae:
            terms = {}
            if kind == "bce" and "recon" in test and "kl" in test:
                terms = {"recon": test["recon"], "kl": test["kl"], "loss": test["recon"] + beta * test["kl"]}
        elif kind == "bce" and "bce" in test:
            terms = {"loss": test["bce"]}
        elif kind == "mse" and "mse" in test:
            terms = {"loss": test["mse"] * inputs}
        else:
            terms = {}
        comparable.append({**point, "test": terms})
    return comparable


def loss_words(model: "torch.nn.Module") -> tuple[dict[str, str], dict[str, str]]:
    """(panel titles, y-axis titles) of the loss chart's terms for `model`."""
    kind = _reconstruction_kind(model)
    if getattr(model, "family", None) == "vae":
        titles = {"loss": t("chart.loss.vae"), "recon": t("chart.recon.vae"), "kl": t("chart.kl")}
        unit = t("chart.unit.nats")
        return titles, {name: unit for name in titles}
    error = t(f"chart.error.{kind}")
    inputs = _input_size(model)
    title = (t("chart.loss", error=error) if inputs == PIXELS
             else t("chart.loss.point", error=error, inputs=inputs))
    unit = t("chart.unit.per_image" if inputs == PIXELS else "chart.unit.per_point")
    return {"loss": title, "recon": title}, {"loss": unit, "recon": unit}


def loss_figure(points: Sequence[dict[str, Any]], test_points: Sequence[dict[str, Any]],
                model: "torch.nn.Module") -> "go.Figure":
    """The loss chart of a training run of `model`, with its units and words."""
    from ae_core.figures import loss_curves

    titles, y_titles = loss_words(model)
    stages = {point["stage"] for point in points if point.get("stage")}
    if any(stage.startswith(PRETRAIN_PREFIX) for stage in stages):
        # A pretraining stage rebuilds its own layer, not the pixels: its loss is that layer's.
        titles = {**titles, "loss": t("chart.loss.stages" if _input_size(model) == PIXELS
                                      else "chart.loss.stages_point")}
    return loss_curves(points, comparable_test_points(test_points, model), x_title=t("figure.epoch"),
                       train_label=t("figure.train"), test_label=t("figure.test"), titles=titles,
                       y_titles=y_titles, stage_names={stage: stage_name(stage) for stage in stages})


def latent_symbol(model: "torch.nn.Module | None") -> str:
    """The code's letter as the lesson text writes it: z for a VAE's latent variable, h for the
    code of every other autoencoder."""
    return "z" if getattr(model, "family", None) == "vae" else "h"
