"""Datasets as tensors resident on one device: bundled MNIST offline, others through torchvision.

Every image set is held as a single float32 tensor of shape (N, 1, 28, 28) in [0, 1] on the chosen
device, so a batch is an index slice and the training loop does no per-sample Python work.
"""
from __future__ import annotations

import gzip
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

BUNDLED_MNIST = Path(__file__).resolve().parent.parent / "data" / "mnist"
CACHE_ENV = "AE_LAB_DATA_DIR"
MIRROR_ENV = "AE_LAB_DATASET_MIRROR"

# Datasets fetched through torchvision when online; name -> torchvision class name.
DOWNLOADABLE = {"fashion-mnist": "FashionMNIST", "kmnist": "KMNIST"}
DATASETS = ("mnist",) + tuple(DOWNLOADABLE)

CLASS_NAMES = {
    "mnist": [str(d) for d in range(10)],
    "fashion-mnist": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
    "kmnist": ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
}


class DatasetUnavailable(RuntimeError):
    """A dataset that is neither bundled nor cached and cannot be downloaded now."""


@dataclass
class ImageData:
    """Train and test split of one dataset, on one device."""

    name: str
    train_images: torch.Tensor  # (N, 1, 28, 28) float32 in [0, 1]
    train_labels: torch.Tensor  # (N,) int64
    test_images: torch.Tensor
    test_labels: torch.Tensor

    @property
    def device(self) -> torch.device:
        return self.train_images.device

    @property
    def class_names(self) -> list[str]:
        return CLASS_NAMES.get(self.name, [str(i) for i in range(10)])

    def to(self, device: torch.device | str) -> "ImageData":
        device = torch.device(device)
        return ImageData(self.name, *(t.to(device) for t in (
            self.train_images, self.train_labels, self.test_images, self.test_labels)))

    def subset(self, train_limit: int | None = None, test_limit: int | None = None,
               digits: list[int] | tuple[int, ...] | None = None) -> "ImageData":
        """A smaller view: only `digits` in the training split (all test images are kept, as in the
        one-class novelty protocol), then the first `train_limit` / `test_limit` images."""
        train_images, train_labels = self.train_images, self.train_labels
        if digits is not None:
            keep = torch.isin(train_labels, torch.as_tensor(list(digits), device=train_labels.device))
            train_images, train_labels = train_images[keep], train_labels[keep]
        test_images, test_labels = self.test_images, self.test_labels
        if train_limit is not None:
            train_images, train_labels = train_images[:train_limit], train_labels[:train_limit]
        if test_limit is not None:
            test_images, test_labels = test_images[:test_limit], test_labels[:test_limit]
        return ImageData(self.name, train_images, train_labels, test_images, test_labels)


def pick_device(requested: str | None = None) -> torch.device:
    """CUDA, then Apple MPS, then CPU; `requested` ("cpu", "cuda", "cuda:1", "mps") overrides."""
    requested = requested or os.environ.get("AE_LAB_DEVICE") or None
    if requested and requested != "auto":
        try:
            device = torch.device(requested)
        except RuntimeError:
            device = None
        if device is None or device.type not in ("cpu", "cuda", "mps"):
            raise ValueError(f"device must be cpu, cuda[:N] or mps, got {requested!r}")
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device {requested!r} requested but CUDA is not available")
        if device.type == "cuda" and (device.index or 0) >= torch.cuda.device_count():
            raise ValueError(f"device {requested!r} requested but only "
                             f"{torch.cuda.device_count()} CUDA device(s) exist")
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise ValueError(f"device {requested!r} requested but Apple MPS is not available")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def device_description(device: torch.device) -> str:
    """A short human name: the GPU's model, or the CPU with its thread count."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    if device.type == "mps":
        return "Apple GPU (MPS)"
    return f"CPU ({torch.get_num_threads()} threads)"


def read_idx(path: Path) -> np.ndarray:
    """Parse one IDX file (optionally gzip-compressed) into a numpy array of uint8."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    ndim = raw[3]
    shape = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    body = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header says {shape} but holds {body.size} values")
    return body.reshape(shape)


def _images_to_tensor(images: np.ndarray, device: torch.device) -> torch.Tensor:
    # uint8 travels to the device first (4x smaller), then converts there.
    return torch.from_numpy(images.copy()).to(device).unsqueeze(1).float().div_(255.0)


def _from_idx_folder(name: str, folder: Path, prefix: str, device: torch.device) -> ImageData:
    def load(stem: str) -> np.ndarray:
        for candidate in (folder / f"{prefix}{stem}.gz", folder / f"{prefix}{stem}"):
            if candidate.exists():
                return read_idx(candidate)
        raise FileNotFoundError(folder / f"{prefix}{stem}.gz")

    train_images, train_labels = load("train-images-idx3-ubyte"), load("train-labels-idx1-ubyte")
    test_images, test_labels = load("t10k-images-idx3-ubyte"), load("t10k-labels-idx1-ubyte")
    for split, images, labels in (("train", train_images, train_labels), ("t10k", test_images, test_labels)):
        if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.shape != images.shape[:1]:
            raise ValueError(f"{folder}: {split} images {images.shape} and labels {labels.shape} "
                             "are not N 28x28 images with N labels")
    return ImageData(
        name,
        _images_to_tensor(train_images, device),
        torch.from_numpy(train_labels.astype(np.int64)).to(device),
        _images_to_tensor(test_images, device),
        torch.from_numpy(test_labels.astype(np.int64)).to(device),
    )


def cache_dir() -> Path:
    """Where downloaded datasets live; the AE_LAB_DATA_DIR environment variable moves it."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "autoencoder-lab")


def _download_with_torchvision(name: str, root: Path) -> ImageData:
    """Fetch `name` with torchvision into `root` and return it on the CPU.

    The files land in a staging folder first and replace the cached copy only once all four parse,
    so a download cut short leaves nothing behind that a later attempt would trust (torchvision
    skips any file that already exists, whole or not).
    """
    import torchvision.datasets as tv_datasets  # imported lazily: it is slow and rarely needed

    cls = getattr(tv_datasets, DOWNLOADABLE[name])
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        # A mirror serves the same file names; its files are the mirror's own (the tests' local
        # server writes small ones), so the published checksums do not apply to them.
        cls = type(cls.__name__, (cls,), {
            "mirrors": [mirror.rstrip("/") + "/"],
            "resources": [(filename, None) for filename, _ in cls.resources],
        })
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=f".download-{name}-") as staging:
        staged = Path(staging) / cls.__name__ / "raw"
        try:
            cls(staging, train=False, download=True)  # fetches all four files, both splits
            loaded = _from_idx_folder(name, staged, "", torch.device("cpu"))
        except Exception as error:  # URLError, RuntimeError, OSError, EOFError, ValueError...
            reason = " ".join(str(error).split()) or type(error).__name__
            raise DatasetUnavailable(
                f"could not download {name} ({reason}). Connect to the internet once so it can "
                f"be cached in {root} (set {CACHE_ENV} to move the cache, {MIRROR_ENV} to use a "
                f"mirror), or use the bundled 'mnist'.") from error
        target = root / cls.__name__ / "raw"
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)
    return loaded


def load_dataset(name: str = "mnist", device: torch.device | str | None = None,
                 download: bool = True) -> ImageData:
    """Load a dataset onto `device` (default: pick_device()).

    'mnist' comes from the files bundled with the project and needs no network. Others are read from
    the cache folder, downloaded there through torchvision first when `download` is true (also
    when the cached copy is damaged).
    """
    device = pick_device(None if device is None else str(device))
    if name == "mnist":
        return _from_idx_folder(name, BUNDLED_MNIST, "", device)
    if name not in DOWNLOADABLE:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {name!r}")
    root = cache_dir()
    raw = root / DOWNLOADABLE[name] / "raw"
    try:
        return _from_idx_folder(name, raw, "", device)
    except FileNotFoundError:
        if not download:
            raise DatasetUnavailable(
                f"{name} is not cached in {raw}; download it once while online "
                f"(or set {CACHE_ENV} to a folder that holds it)") from None
    except (OSError, EOFError, ValueError) as error:  # gzip.BadGzipFile is an OSError
        if not download:
            raise DatasetUnavailable(
                f"the cached copy of {name} in {raw} is damaged ({error}); delete that folder "
                f"and download it again while online") from None
    return _download_with_torchvision(name, root).to(device)
