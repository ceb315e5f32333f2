"""Long-lived objects cached for the whole server: the compute device, datasets on it, the shipped
pretrained models and the 2-D views of their test codes. Every session shares them, so they are
read-only: pretrained models are in eval mode with gradients off.

torch is imported inside the functions, never at module level, so the first page can draw its
text before torch has loaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import streamlit as st

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData

DATASET_KEY = "dataset"
DATASET_ERROR_KEY = "dataset.error"


@st.cache_resource(show_spinner=False)
def compute_device() -> "torch.device":
    from ae_core.data import pick_device

    return pick_device()


def device_name() -> str:
    from ae_core.data import device_description

    return device_description(compute_device())


@st.cache_resource(show_spinner=False, max_entries=3)
def dataset(name: str) -> "ImageData":
    """A whole dataset resident on the compute device; raises DatasetUnavailable when offline."""
    from ae_core.data import load_dataset

    return load_dataset(name, device=compute_device())


def current_data() -> "ImageData":
    """The dataset chosen in the sidebar, or the bundled MNIST when that one cannot be had.

    When it cannot, the choice itself goes back to MNIST (what is used) and the reason is kept in
    session state for the sidebar to show until another dataset is chosen.
    """
    name = st.session_state.get(DATASET_KEY, "mnist")
    if name != "mnist" and not check_chosen_dataset():
        return dataset("mnist")
    return dataset(name)


def check_chosen_dataset() -> bool:
    """Load the dataset now chosen; if it cannot be had (offline), put the choice back to MNIST
    and keep (name, reason) for the sidebar. The sidebar's selector runs this as its callback, so
    the selector already shows MNIST when the page draws."""
    from ae_core.data import DatasetUnavailable

    name = st.session_state.get(DATASET_KEY, "mnist")
    if name == "mnist":
        st.session_state.pop(DATASET_ERROR_KEY, None)
        return True
    try:
        dataset(name)
    except DatasetUnavailable as error:
        st.session_state[DATASET_ERROR_KEY] = (name, str(error))
        st.session_state[DATASET_KEY] = "mnist"
        return False
    st.session_state.pop(DATASET_ERROR_KEY, None)
    return True


@st.cache_resource(show_spinner=False)
def pretrained(key: str) -> tuple["torch.nn.Module", dict[str, Any]]:
    """The shipped model `key` on the compute device. Raises PretrainedUnavailable (missing file)
    or CheckpointError (corrupt); exceptions are not cached, so a regenerated file loads next time."""
    from ae_core.pretrained import load_pretrained

    model, metadata = load_pretrained(key, device=compute_device())
    model.eval().requires_grad_(False)
    return model, metadata


@st.cache_resource(show_spinner=False, max_entries=8)
def preview_indices(dataset_name: str, per_class: int = 1) -> list[int]:
    """Test-set indices of the first `per_class` images of each class, in class order: the fixed
    digits that previews show."""
    labels = dataset(dataset_name).test_labels.cpu().numpy()
    picked = [int(i) for label in range(10) for i in np.flatnonzero(labels == label)[:per_class]]
    return sorted(picked, key=lambda i: (int(labels[i]), i))


@dataclass(frozen=True)
class LatentView:
    """Test codes as 2-D points for a scatter: points (N, 2) float32, labels (N,) int."""

    points: np.ndarray
    labels: np.ndarray
    method: str  # "identity" (the codes themselves) or "pca"
    explained: float  # share of the codes' variance the two axes keep
    latent_dim: int


def compute_latent_view(model: "torch.nn.Module", data: "ImageData") -> LatentView:
    from ae_core.latent import encode_dataset, project_2d

    codes = encode_dataset(model, data.test_images)  # (N, latent_dim)
    points, method, explained = project_2d(codes)  # (N, 2)
    return LatentView(points.cpu().numpy().astype(np.float32), data.test_labels.cpu().numpy(),
                      method, explained, int(codes.shape[1]))


@st.cache_resource(show_spinner=False, max_entries=16)
def pretrained_latent_view(key: str, dataset_name: str) -> LatentView:
    return compute_latent_view(pretrained(key)[0], dataset(dataset_name))


@st.cache_resource(show_spinner=False, max_entries=3)
def test_images_uint8(dataset_name: str) -> np.ndarray:
    """The test images as (N, 28, 28) uint8 on the CPU: what the latent pad shows on hover."""
    import torch

    images = dataset(dataset_name).test_images.squeeze(1)  # (N, 28, 28) in [0, 1]
    return (images * 255).round().to(torch.uint8).cpu().numpy()


@st.cache_resource(show_spinner=False, max_entries=6)
def packed_test_images(dataset_name: str, count: int | None = None) -> dict[str, Any]:
    """The first `count` (default all) test images packed for the latent pad's hover images, once
    per server: compressing them is the costly part of drawing a latent space."""
    from ui.latent_pad import pack_images

    return pack_images(test_images_uint8(dataset_name)[:count])


def warm_up() -> None:
    """What the first page with a latent space would otherwise compute while its visitor waits
    (0.2 s): the bundled MNIST's test images packed as the pad's hover images. ui.jobs.warm_up
    runs this in the background after the server's first page; the cache is the same."""
    packed_test_images("mnist")
