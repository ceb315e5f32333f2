"""Long-lived objects cached for the whole server: the compute device, datasets on it, the shipped
pretrained models and their precomputed views. Every session shares them, so they are read-only:
pretrained models are in eval mode with gradients off.

A view of a model that takes more than a moment to compute (test-set scores, curves, analyses)
comes from the views file shipped beside the weights (ae_core/views.py) when that file is fresh;
otherwise it is computed once in a background thread, and the page draws everything else and a
note where the view will appear (`wait_for`), which redraws the page when the view is ready.

torch is imported inside the functions, never at module level, so the first page can draw its
text before torch has loaded.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, TypeVar

import numpy as np
import streamlit as st

from ae_core.views import LatentView, Views, ViewsError

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData

LOG = logging.getLogger(__name__)
T = TypeVar("T")

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


@st.cache_resource(show_spinner=False, max_entries=32)
def pretrained_reconstructions(key: str, dataset_name: str, indices: tuple[int, ...]) -> np.ndarray:
    """The shipped model `key`'s reconstructions of the test images at `indices`, (n, 28, 28) in
    [0, 1]: the same for every session, so made once per server instead of on every run."""
    from ui.images import reconstruct, to_numpy

    model, _ = pretrained(key)
    rebuilt = to_numpy(reconstruct(model, dataset(dataset_name).test_images[list(indices)]))
    rebuilt.setflags(write=False)  # shared by every session
    return rebuilt


@st.cache_resource(show_spinner=False, max_entries=8)
def preview_indices(dataset_name: str, per_class: int = 1) -> list[int]:
    """Test-set indices of the first `per_class` images of each class, in class order: the fixed
    digits that previews show."""
    labels = dataset(dataset_name).test_labels.cpu().numpy()
    picked = [int(i) for label in range(10) for i in np.flatnonzero(labels == label)[:per_class]]
    return sorted(picked, key=lambda i: (int(labels[i]), i))


def compute_latent_view(model: "torch.nn.Module", data: "ImageData") -> LatentView:
    from ae_core.views import latent_view

    return latent_view(model, data)


def pretrained_latent_view(key: str, dataset_name: str) -> LatentView | None:
    """The shipped model's test codes as 2-D points; None while they are computed in the background."""
    from ui.i18n import t

    message = t("latent.computing", count=dataset(dataset_name).test_images.shape[0])
    return pretrained_view(key, "latent", dataset_name, {}, compute_latent_view, LatentView, message)


# ---- Views of models: shipped with the weights, else computed once in the background --------------

# One worker: a view computed in the background leaves the other core to the pages' runs.
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ae-lab-views")
# Computations of many seconds (a t-SNE map) run in their own worker, so that they never hold up
# the quick views a page is waiting for.
_SLOW_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ae-lab-slow-views")
_TASKS_LOCK = threading.Lock()
SESSION_TASKS_KEY = "views.tasks"  # {task key: (owner, Future)}: views of the models this session trained
# The latest views a session keeps: enough for one trained model's views on any page (a VAE's
# posterior, browser decoder and a few maps); older ones mostly belong to models since replaced.
SESSION_TASKS_KEPT = 16


def inline_wait_s() -> float:
    """How long a page run waits for a view computed in the background before it draws a note in
    its place and goes on (AE_LAB_VIEWS_WAIT; tests wait for the view itself)."""
    try:
        return max(0.0, float(os.environ.get("AE_LAB_VIEWS_WAIT", "0.5")))
    except ValueError:
        return 0.5


@st.cache_resource(show_spinner=False)
def shipped_views(key: str) -> Views | None:
    """The views file beside the shipped model `key`, when it was made from these very weights."""
    from ae_core.pretrained import load_views

    try:
        return load_views(key)
    except (FileNotFoundError, ViewsError) as error:
        LOG.info("views of %s are computed on demand: %s", key, error)
        return None


def shipped_view(key: str, name: str, dataset_name: str, params: Mapping[str, Any],
                 kind: Callable[..., T] | None = None) -> T | None:
    """View `name` of the shipped model `key` on `dataset_name` from its fresh views file made
    with `params`; None when there is no such view."""
    views = shipped_views(key)
    if views is None or views.dataset != dataset_name:
        return None
    return views.get(name, params, kind)


@st.cache_resource(show_spinner=False)
def _server_tasks() -> dict[Any, Future]:
    """Views of shipped models computed in the background, for every session of this server."""
    return {}


def background(task_key: Any, compute: Callable[[], T], owner: Any = None, slow: bool = False) -> "Future[T]":
    """The background computation `task_key`, started now unless it already runs or ran.

    Without `owner` it is shared by the whole server; with one (a model this session trained) it
    belongs to this session and is redone when `owner` is another object. A computation that
    failed is started again on the next call (its error shows once, as a cache miss would).
    `slow`: it takes many seconds, and runs in a worker of its own.
    """
    with _TASKS_LOCK:
        if owner is None:
            tasks: dict[Any, Any] = _server_tasks()
            future = tasks.get(task_key)
        else:
            tasks = st.session_state.setdefault(SESSION_TASKS_KEY, {})
            entry = tasks.get(task_key)
            future = entry[1] if entry is not None and entry[0] is owner else None
        if future is None or (future.done() and future.exception() is not None):
            if future is not None:
                tasks.pop(task_key, None)
            future = (_SLOW_EXECUTOR if slow else _EXECUTOR).submit(compute)
            if owner is None:
                tasks[task_key] = future
            else:
                tasks[task_key] = (owner, future)
                for stale in list(tasks)[:-SESSION_TASKS_KEPT]:
                    tasks.pop(stale)
        return future


def wait_for(future: "Future[T]", message: str | None = None) -> T | None:
    """The computation's result if it is ready within inline_wait_s(); else None, and with a
    `message` a note where the result will show, which redraws the page once it is ready (the
    caller skips what needs the result). An error of the computation is raised here, as if it had
    been computed inline."""
    results = wait_for_all([future], message)
    return None if results is None else results[0]


def wait_for_all(futures: list[Future], message: str | None = None) -> list[Any] | None:
    """wait_for for several computations at once: all their results, or None and one note.

    A computation is waited for once: one that was not ready in time is only looked at after
    that, so a page that needs it in several places, or reruns, is not held again."""
    pending = [future for future in futures if not future.done()]
    unwaited = [future for future in pending if not getattr(future, "ae_lab_waited", False)]
    if unwaited:
        _, still = futures_wait(unwaited, timeout=inline_wait_s())
        for future in still:
            future.ae_lab_waited = True  # type: ignore[attr-defined]
    if any(not future.done() for future in futures):
        if message is not None:
            _waiting(futures, message)
        return None
    return [future.result() for future in futures]


@st.fragment(run_every=1.0)
def _waiting(futures: list[Future], message: str) -> None:
    if all(future.done() for future in futures):
        st.rerun()  # the whole page, which now finds the results ready
    st.info(message, icon=":material/hourglass_top:")


def ready(value: T) -> "Future[T]":
    """A computation that is already done: a view read from its file."""
    future: Future = Future()
    future.set_result(value)
    return future


def pretrained_view(key: str, name: str, dataset_name: str, params: Mapping[str, Any],
                    compute: Callable[["torch.nn.Module", "ImageData"], T], kind: Callable[..., T] | None = None,
                    message: str | None = None) -> T | None:
    """View `name` of the shipped model `key` on `dataset_name`: from the fresh views file when it
    has one made with `params`, else `compute(model, data)` once per server in the background
    (None, with a note that says `message`, until it is done)."""
    return wait_for(pretrained_view_task(key, name, dataset_name, params, compute, kind),
                    message or _computing_message())


def pretrained_view_task(key: str, name: str, dataset_name: str, params: Mapping[str, Any],
                         compute: Callable[["torch.nn.Module", "ImageData"], T],
                         kind: Callable[..., T] | None = None) -> "Future[T]":
    """pretrained_view without the waiting: a computation to pass to wait_for_all with others."""
    stored = shipped_view(key, name, dataset_name, params, kind)
    if stored is not None:
        return ready(stored)
    task_key = ("pretrained", key, name, dataset_name, json.dumps(dict(params), sort_keys=True, default=str))
    return background(task_key, lambda: compute(pretrained(key)[0], dataset(dataset_name)))


def trained_view(owner: Any, name: str, compute: Callable[[], T], message: str | None = None) -> T | None:
    """View `name` of a model this session trained (`owner`, e.g. its TrainedModel): computed in
    the background once per model; None, with a note, until it is done."""
    future = background((name, id(owner)), compute, owner=owner)
    return wait_for(future, message or _computing_message())


def _computing_message() -> str:
    from ui.i18n import t

    return t("views.computing")


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


# Hover images go to the browser once per tab as a file of Streamlit's static serving
# (`server.enableStaticServing`, the `static` folder beside app.py), not inside every pad's data:
# three pads of 10,000 images each put 5 MB into one page run and held the Undercomplete page's
# first visit back by 3 s.
HOVER_FOLDER = Path(__file__).resolve().parent.parent / "static" / "hover"
HOVER_ROUTE = "app/static/hover"


@st.cache_resource(show_spinner=False, max_entries=3)
def _hover_file(dataset_name: str) -> dict[str, Any] | None:
    """The dataset's test images (all of them, packed) written once to the static folder: their
    link {"url", "id", "shape"}, or None where static serving is off or the folder is not writable."""
    import base64

    if not st.get_option("server.enableStaticServing"):
        return None
    packed = packed_test_images(dataset_name)
    name = f"{dataset_name}-{packed['id']}.bin"
    path = HOVER_FOLDER / name
    try:
        if not path.exists():
            HOVER_FOLDER.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}")
            partial.write_bytes(base64.b64decode(packed["b64"]))
            os.replace(partial, path)  # whole or absent, even with several app processes
            for old in HOVER_FOLDER.glob(f"{dataset_name}-*.bin"):
                if old != path:
                    old.unlink(missing_ok=True)
    except OSError as error:
        LOG.warning("hover images sent inline: %s cannot be written (%s)", path, error)
        return None
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return {"url": "/" + "/".join(part for part in (base, HOVER_ROUTE, name) if part),
            "id": packed["id"], "shape": packed["shape"]}


def hover_images(dataset_name: str, count: int | None = None) -> dict[str, Any]:
    """The first `count` (default all) test images for a latent pad's hover: a link to the file
    the browser fetches once per tab (`latent_pad.link_images`), or packed inline without one."""
    from ui.latent_pad import link_images

    link = _hover_file(dataset_name)
    if link is None:
        return packed_test_images(dataset_name, count)
    return link_images(link, count)


def warm_up() -> None:
    """What a page's first visit would otherwise do while its visitor waits: the bundled MNIST's
    test images packed as the latent space's hover images and written to the static folder (0.2 s); each shipped model loaded with its views
    file (a sha256 of the weights) and run once on one test image, since a network's first forward
    pass sets up its kernels (a second for the conv decoders on a busy machine). ui.jobs.warm_up
    runs this in the background after the server's first page; the caches are the same."""
    import torch

    from ae_core.checkpoints import CheckpointError
    from ae_core.pretrained import SPECS, available

    hover_images("mnist")
    one = dataset("mnist").test_images[:1]
    for key in SPECS:
        if not available(key):
            continue
        shipped_views(key)
        try:
            model = pretrained(key)[0]
        except CheckpointError:  # the page that shows it says so
            continue
        with torch.no_grad():
            model.reconstruct(one)
