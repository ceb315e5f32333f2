"""Datasets: the bundled MNIST, subsets, device choice, and the download path for other datasets,
tested against a local HTTP server on 127.0.0.1 that serves small IDX files written by the test."""
from __future__ import annotations

import functools
import gzip
import http.server
import socket
import struct
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from ae_core import data as data_module
from ae_core.data import DatasetUnavailable, load_dataset, pick_device

# Published per-digit counts of MNIST (train, then test).
MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


# --- bundled MNIST ---------------------------------------------------------------------------------

def test_bundled_mnist_shapes_ranges_and_label_counts(mnist):
    assert mnist.name == "mnist" and mnist.device.type == "cpu"
    assert mnist.train_images.shape == (60000, 1, 28, 28) and mnist.test_images.shape == (10000, 1, 28, 28)
    assert mnist.train_images.dtype == torch.float32 and mnist.train_labels.dtype == torch.int64
    for images in (mnist.train_images, mnist.test_images):
        assert float(images.min()) == 0.0 and float(images.max()) == 1.0
    # Pixels are bytes / 255: every value is a multiple of 1/255.
    sample = mnist.train_images[:100] * 255
    assert torch.allclose(sample, sample.round(), atol=1e-4)
    assert torch.bincount(mnist.train_labels).tolist() == MNIST_TRAIN_COUNTS
    assert torch.bincount(mnist.test_labels).tolist() == MNIST_TEST_COUNTS
    assert mnist.class_names == [str(d) for d in range(10)]


def test_subset_limits_and_digit_filter(mnist):
    small = mnist.subset(train_limit=100, test_limit=30)
    assert small.train_images.shape[0] == 100 and small.test_images.shape[0] == 30
    assert torch.equal(small.train_images, mnist.train_images[:100])
    threes = mnist.subset(digits=[3, 7], train_limit=500)
    assert threes.train_images.shape[0] == 500
    assert set(threes.train_labels.tolist()) == {3, 7}
    # The one-class protocol scores every test image, normal or novel: the test split stays whole.
    assert torch.equal(threes.test_labels, mnist.test_labels)
    assert mnist.subset(digits=[5]).train_images.shape[0] == MNIST_TRAIN_COUNTS[5]


def test_unknown_dataset_is_named():
    with pytest.raises(ValueError, match="dataset must be one of mnist, fashion-mnist, kmnist, got 'cifar'"):
        load_dataset("cifar", device="cpu")


# --- device choice ---------------------------------------------------------------------------------

def test_pick_device_override_and_environment(monkeypatch):
    assert pick_device("cpu") == torch.device("cpu")
    monkeypatch.setenv("AE_LAB_DEVICE", "cpu")
    assert pick_device(None) == torch.device("cpu")
    monkeypatch.delenv("AE_LAB_DEVICE")
    expected = "cuda" if torch.cuda.is_available() else (
        "mps" if torch.backends.mps.is_available() else "cpu")
    assert pick_device("auto").type == expected and pick_device(None).type == expected


@pytest.mark.parametrize("requested, message", [
    ("banana", "device must be cpu, cuda"),
    ("meta", "device must be cpu, cuda"),
    ("cuda:99", "cuda:99"),
])
def test_pick_device_errors_name_the_request(requested, message):
    with pytest.raises(ValueError, match=message):
        pick_device(requested)


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is present here")
def test_pick_device_refuses_missing_cuda():
    with pytest.raises(ValueError, match="CUDA is not available"):
        pick_device("cuda")


# --- downloads through a local mirror ----------------------------------------------------------------

def write_idx_gz(path: Path, array: np.ndarray) -> None:
    """An IDX file of unsigned bytes: magic 0x0000 08 ndim, big-endian sizes, then the values."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def mirror_files(tmp_path):
    """Small train (12 images) and test (5 images) splits written as the four gzip IDX files."""
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (12, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": rng.integers(0, 10, 12, dtype=np.uint8),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, 5, dtype=np.uint8),
    }
    folder = tmp_path / "served"
    folder.mkdir()
    for stem, array in arrays.items():
        write_idx_gz(folder / f"{stem}.gz", array)
    return folder, arrays


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@pytest.fixture
def serve(monkeypatch):
    """Start an HTTP server on 127.0.0.1 for a folder; returns (url, stop). Stops at teardown."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    servers = []

    def start(folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)

        def stop() -> None:
            server.shutdown()
            server.server_close()
            servers.remove(server)

        return f"http://127.0.0.1:{server.server_address[1]}/", stop

    yield start
    for server in list(servers):
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.mark.parametrize("name, folder_name", [("fashion-mnist", "FashionMNIST"), ("kmnist", "KMNIST")])
def test_download_from_mirror_returns_the_served_pixels_and_caches_them(
        tmp_path, monkeypatch, mirror_files, serve, name, folder_name):
    served, arrays = mirror_files
    url, stop = serve(served)
    cache = tmp_path / "cache"
    monkeypatch.setenv(data_module.CACHE_ENV, str(cache))
    monkeypatch.setenv(data_module.MIRROR_ENV, url)

    loaded = load_dataset(name, device="cpu")
    assert loaded.name == name and loaded.train_images.shape == (12, 1, 28, 28)
    expected_train = torch.from_numpy(arrays["train-images-idx3-ubyte"]).float().div(255).unsqueeze(1)
    expected_test = torch.from_numpy(arrays["t10k-images-idx3-ubyte"]).float().div(255).unsqueeze(1)
    assert torch.equal(loaded.train_images, expected_train)
    assert torch.equal(loaded.test_images, expected_test)
    assert loaded.train_labels.tolist() == arrays["train-labels-idx1-ubyte"].tolist()
    assert loaded.test_labels.tolist() == arrays["t10k-labels-idx1-ubyte"].tolist()
    assert loaded.class_names == data_module.CLASS_NAMES[name]
    assert (cache / folder_name / "raw").is_dir()

    stop()  # offline from now on: the cached copy must do
    again = load_dataset(name, device="cpu", download=False)
    assert torch.equal(again.train_images, loaded.train_images)
    assert torch.equal(load_dataset(name, device="cpu").test_labels, loaded.test_labels)


def test_offline_without_cache_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv(data_module.CACHE_ENV, str(tmp_path / "empty-cache"))
    monkeypatch.setenv(data_module.MIRROR_ENV, closed_port_url())
    with pytest.raises(DatasetUnavailable) as caught:
        load_dataset("fashion-mnist", device="cpu")
    message = str(caught.value)
    assert "could not download fashion-mnist" in message
    assert data_module.CACHE_ENV in message and "mnist" in message and "internet" in message
    with pytest.raises(DatasetUnavailable, match="not cached"):
        load_dataset("kmnist", device="cpu", download=False)


def test_a_failed_download_leaves_no_broken_cache(tmp_path, monkeypatch, mirror_files, serve):
    served, _ = mirror_files
    (served / "t10k-labels-idx1-ubyte.gz").unlink()  # the mirror lacks one file: 404
    url, _ = serve(served)
    cache = tmp_path / "cache"
    monkeypatch.setenv(data_module.CACHE_ENV, str(cache))
    monkeypatch.setenv(data_module.MIRROR_ENV, url)
    with pytest.raises(DatasetUnavailable):
        load_dataset("fashion-mnist", device="cpu")
    with pytest.raises(DatasetUnavailable, match="not cached"):
        load_dataset("fashion-mnist", device="cpu", download=False)


def test_a_download_cut_short_is_fetched_again_once_the_mirror_recovers(
        tmp_path, monkeypatch, mirror_files, serve):
    served, arrays = mirror_files
    full = (served / "train-images-idx3-ubyte.gz").read_bytes()
    (served / "train-images-idx3-ubyte.gz").write_bytes(full[: len(full) // 2])
    url, _ = serve(served)
    monkeypatch.setenv(data_module.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(data_module.MIRROR_ENV, url)
    with pytest.raises(DatasetUnavailable, match="could not download fashion-mnist"):
        load_dataset("fashion-mnist", device="cpu")
    (served / "train-images-idx3-ubyte.gz").write_bytes(full)
    loaded = load_dataset("fashion-mnist", device="cpu")
    assert loaded.train_labels.tolist() == arrays["train-labels-idx1-ubyte"].tolist()
    assert loaded.train_images.shape == (12, 1, 28, 28)


def test_a_damaged_cache_is_reported_offline_and_replaced_online(
        tmp_path, monkeypatch, mirror_files, serve):
    served, arrays = mirror_files
    raw = tmp_path / "cache" / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for path in served.iterdir():
        (raw / path.name).write_bytes(path.read_bytes())
    (raw / "t10k-images-idx3-ubyte.gz").write_bytes(b"not gzip at all")
    monkeypatch.setenv(data_module.CACHE_ENV, str(tmp_path / "cache"))
    with pytest.raises(DatasetUnavailable, match="damaged"):
        load_dataset("fashion-mnist", device="cpu", download=False)
    url, _ = serve(served)
    monkeypatch.setenv(data_module.MIRROR_ENV, url)
    loaded = load_dataset("fashion-mnist", device="cpu")
    expected = torch.from_numpy(arrays["t10k-images-idx3-ubyte"]).float().div(255).unsqueeze(1)
    assert torch.equal(loaded.test_images, expected)


def test_a_mirror_serving_mismatched_files_is_refused(tmp_path, monkeypatch, mirror_files, serve):
    served, arrays = mirror_files
    write_idx_gz(served / "train-labels-idx1-ubyte.gz", arrays["train-labels-idx1-ubyte"][:11])
    url, _ = serve(served)
    monkeypatch.setenv(data_module.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(data_module.MIRROR_ENV, url)
    with pytest.raises(DatasetUnavailable, match="N 28x28 images with N labels"):
        load_dataset("fashion-mnist", device="cpu")
    assert not (tmp_path / "cache" / "FashionMNIST" / "raw").exists()
