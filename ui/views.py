"""Views that several pages draw for the model they show: reconstructions of test images, the
latent space with hover images, and the encoder -> code -> decoder diagram of an MLP autoencoder.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np
import streamlit as st

from ui import resources
from ui.charts import shared_figure
from ui.i18n import t
from ui.images import image_rows, reconstruct, to_numpy

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData
    from ui.models import ModelChoice


def sample_indices(data: "ImageData", count: int, seed: int) -> list[int]:
    """`count` distinct test-set indices, the same for the same seed (seed 0: one per class)."""
    if seed == 0:
        return resources.preview_indices(data.name)[:count]
    rng = np.random.default_rng(seed)
    return sorted(int(i) for i in rng.choice(data.test_images.shape[0], size=count, replace=False))


def reconstruction_grid(choice: "ModelChoice", data: "ImageData", indices: Sequence[int]) -> float:
    """Rows input / reconstruction for the test images at `indices`; returns their mean MSE."""
    inputs = to_numpy(data.test_images[list(indices)])  # (n, 28, 28)
    rebuilt = choice.reconstructions(data, indices)
    image_rows([(t("panel.row.input"), inputs), (t("panel.row.output"), rebuilt)])
    return float(np.mean((inputs - rebuilt) ** 2))


def encode_and_reconstruct(model: "torch.nn.Module", images: "torch.Tensor") -> tuple[np.ndarray, np.ndarray]:
    """Codes (n, latent_dim) and reconstructions (n, 28, 28) of test images (n, 1, 28, 28)."""
    from ae_core.latent import encode_dataset

    return encode_dataset(model, images).cpu().numpy(), to_numpy(reconstruct(model, images))


def mlp_layer_sizes(model: "torch.nn.Module") -> list[int]:
    """784, hidden..., latent, ...hidden reversed, 784 of an MLP autoencoder's config."""
    hidden = list(model.config.hidden)
    return [784, *hidden, model.latent_dim, *hidden[::-1], 784]


def diagram_labels() -> dict[str, str]:
    return {name: t(f"figure.{name}") for name in ("encoder", "decoder", "input", "code", "output")}


def autoencoder_diagram(layer_sizes: Sequence[int], input_image: np.ndarray | None = None,
                        output_image: np.ndarray | None = None, height: int = 300) -> None:
    """The encoder -> code -> decoder picture, built once per sizes, words and images
    (ui.charts.shared_figure: its hundred shapes and labels took 0.4 s of every run)."""
    from ae_core.figures import autoencoder_diagram as build

    figure = shared_figure(build, [int(size) for size in layer_sizes], input_image=input_image,
                           output_image=output_image, labels=diagram_labels(), height=int(height))
    st.plotly_chart(figure, config={"displayModeBar": False, "staticPlot": False})


def latent_space(choice: "ModelChoice", data: "ImageData", key: str, height: int = 520) -> None:
    """Every test code as a point coloured by its class; hovering a point shows its image.

    Codes wider than 2 are shown through PCA, and the caption says so with the share of
    variance kept.
    """
    from ui.latent_pad import latent_pad

    view = choice.latent_view(data)
    if view is None:  # computed in the background; a note stands where it will appear
        return
    if view.method == "pca":
        st.caption(t("latent.pca_note", dim=view.latent_dim, explained=view.explained))
        axes = (t("latent.pca_axis", index=1), t("latent.pca_axis", index=2))
    else:
        from ui.charts import latent_symbol

        symbol = latent_symbol(choice.model)
        axes = (t("latent.axis", symbol=symbol, index="₁"), t("latent.axis", symbol=symbol, index="₂"))
    latent_pad(view.points, view.labels, key=key, class_names=data.class_names,
               hover_images=resources.hover_images(data.name), height=height,
               strings={"hint_scatter": t("latent.hover_hint"), "x_label": axes[0], "y_label": axes[1]})
