"""A model's one-line description in the session's language, read from the model itself (its family
and config) and, for a denoising model, the noise its metadata says it was trained with.

Drawn at display time, so a model described once in English reads in Korean after the language
changes, and a shipped model's English metadata never reaches a Korean page.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ui.i18n import t

if TYPE_CHECKING:
    import torch


def _sizes(sizes: Any) -> str:
    return "-".join(str(int(size)) for size in sizes)


def model_description(model: "torch.nn.Module", metadata: dict[str, Any] | None = None) -> str | None:
    """e.g. "MLP 784-256-128-2", "컨볼루션 16-32, 코드 16, 컨볼루션 트랜스포즈"; None for a model
    this module does not know (the caller keeps its own words)."""
    family = getattr(model, "family", None)
    config = getattr(model, "config", None)
    if config is None:
        return None
    if family in ("ae", "stacked"):
        inputs = getattr(config, "input_dim", 784)
        text = "MLP " + _sizes([inputs, *config.hidden, config.latent_dim])
    elif family == "conv":
        text = t("describe.conv", channels=_sizes(config.channels), code=config.latent_dim,
                 decoder=t(f"cv.short.{config.decoder}"))
    elif family == "vae" and config.architecture == "mlp":
        text = t("describe.vae_mlp", layers=_sizes([784, *config.hidden, config.latent_dim]), beta=f"{config.beta:g}")
    elif family == "vae":
        text = t("describe.vae_conv", channels=_sizes(config.channels),
                 dense=_sizes(config.hidden) if config.hidden else t("describe.none"), code=config.latent_dim,
                 beta=f"{config.beta:g}")
    else:
        return None
    training = (metadata or {}).get("training") or {}
    noise = training.get("noise")
    if noise:
        level = float(training.get("noise_level", 0.0))
        text += ", " + t("describe.noise", noise=t(f"dn.noise.{noise}"), name=t(f"dn.level_name.{noise}"),
                         level=f"{level:g}")
    return text


def layer_name(name: str) -> str:
    """A layer's name as ae_core writes it ("encoder conv1", "decoder unpool2", "output") in the
    session's language; parts it has no word for stay as they are."""
    import re

    from ui.i18n import catalog

    words = []
    for part in name.split():
        stem, number = re.fullmatch(r"([A-Za-z]*)(.*)", part).groups()
        key = f"layer.{stem}"
        words.append((t(key) if key in catalog() else stem) + number)
    return " ".join(words)
