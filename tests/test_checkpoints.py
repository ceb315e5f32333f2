"""Checkpoints: round trips keep every output; anything damaged, foreign or unsafe is refused with
a clear CheckpointError, and pickles are never unpickled."""
from __future__ import annotations

import json
import pathlib

import pytest
import safetensors.torch
import torch

from ae_core import checkpoints
from ae_core.checkpoints import CheckpointError
from ae_core.models import build_model

SMALL_AE = {"latent_dim": 2, "hidden": [32]}


@pytest.fixture
def model():
    return build_model("ae", SMALL_AE, seed=0).eval()


@pytest.fixture
def images():
    return torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0))


def forge(tensors: dict[str, torch.Tensor], record: dict | None) -> bytes:
    """A safetensors file with arbitrary tensors and metadata record (None: no metadata)."""
    header = None if record is None else {checkpoints.METADATA_KEY: json.dumps(record)}
    return safetensors.torch.save(tensors, metadata=header)


def record_of(model) -> dict:
    return checkpoints.read_metadata_bytes(checkpoints.to_bytes(model))


def state_of(model) -> dict[str, torch.Tensor]:
    return {name: tensor.clone() for name, tensor in model.state_dict().items()}


# --- round trips -----------------------------------------------------------------------------------

def test_save_and_load_round_trip_keeps_outputs_and_metadata(tmp_path, model, images):
    path = checkpoints.save(model, tmp_path / "ae.safetensors", dataset="mnist", epochs=3,
                            test={"mse": 0.04, "psnr": 14.0}, training={"lr": 0.001, "epochs": 3})
    loaded, metadata = checkpoints.load(path, expected_family="ae")
    with torch.no_grad():
        assert torch.equal(loaded.reconstruct(images), model.reconstruct(images))
    assert not loaded.training
    assert metadata["family"] == "ae" and metadata["config"]["hidden"] == [32]
    assert metadata["dataset"] == "mnist" and metadata["epochs"] == 3
    assert metadata["test"] == {"mse": 0.04, "psnr": 14.0} and metadata["training"]["lr"] == 0.001
    assert set(metadata["versions"]) == {"torch", "safetensors", "numpy", "python", "ae_core_schema"}
    assert metadata["schema"] == checkpoints.SCHEMA_VERSION and metadata["dtype"] == "float32"
    # The sidecar beside the weights carries the same record, and so does the header alone.
    assert json.loads((tmp_path / "ae.json").read_text()) == metadata
    assert checkpoints.read_metadata(path) == metadata


def test_bytes_round_trip(model, images):
    data = checkpoints.to_bytes(model, {"dataset": "mnist"})
    loaded, metadata = checkpoints.from_bytes(data, expected_family="ae", device="cpu")
    with torch.no_grad():
        assert torch.equal(loaded.reconstruct(images), model.reconstruct(images))
    assert metadata["dataset"] == "mnist"
    assert next(loaded.parameters()).device.type == "cpu"


def test_half_precision_halves_the_file_and_loads_as_float32(model, images):
    full, half = checkpoints.to_bytes(model), checkpoints.to_bytes(model, half=True)
    assert len(half) < 0.6 * len(full)
    loaded, metadata = checkpoints.from_bytes(half)
    assert metadata["dtype"] == "float16"
    assert all(p.dtype == torch.float32 for p in loaded.parameters())
    with torch.no_grad():
        assert torch.allclose(loaded.reconstruct(images), model.reconstruct(images), atol=2e-3)


@pytest.mark.parametrize("family, config", [
    ("ae", SMALL_AE),
    ("stacked", None),
    ("conv", {"decoder": "unpool"}),
    ("conv", {"decoder": "upsample"}),
    ("conv", {"decoder": "transposed"}),
    ("vae", {"architecture": "mlp", "hidden": [64]}),
    ("vae", {"architecture": "conv"}),
])
def test_every_family_round_trips(family, config, images):
    original = build_model(family, config, seed=0).eval()
    loaded, metadata = checkpoints.from_bytes(checkpoints.to_bytes(original), expected_family=family)
    assert type(loaded) is type(original) and metadata["config"] == original.describe()["config"]
    with torch.no_grad():
        assert torch.equal(loaded.reconstruct(images), original.reconstruct(images))


def test_save_refuses_reserved_keys_non_finite_weights_and_a_json_path(tmp_path, model):
    with pytest.raises(ValueError, match="family"):
        checkpoints.save(model, tmp_path / "m.safetensors", family="vae")
    with pytest.raises(ValueError, match="sidecar|json"):
        checkpoints.save(model, tmp_path / "m.json")
    with torch.no_grad():
        next(model.parameters())[0, 0] = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        checkpoints.save(model, tmp_path / "m.safetensors")
    assert not (tmp_path / "m.safetensors").exists()


# --- rejections ------------------------------------------------------------------------------------

def test_missing_file_and_folder(tmp_path):
    with pytest.raises(CheckpointError, match="no checkpoint file at .*nope.safetensors"):
        checkpoints.load(tmp_path / "nope.safetensors")
    with pytest.raises(CheckpointError, match="not a file"):
        checkpoints.load(tmp_path)


def test_wrong_family_is_named(model):
    with pytest.raises(CheckpointError, match="holds a 'ae' model, but a 'vae' model is needed"):
        checkpoints.from_bytes(checkpoints.to_bytes(model), expected_family="vae")


def test_shape_mismatch_lists_the_tensors(model):
    record = record_of(model)
    record["config"]["hidden"] = [48]  # the weights were made for 32 hidden units
    with pytest.raises(CheckpointError, match=r"shape mismatches: encoder\.0\.weight: file \(32, 784\), "
                                              r"model \(48, 784\)"):
        checkpoints.from_bytes(forge(state_of(model), record))


def test_missing_and_extra_tensors_are_refused(model):
    tensors = state_of(model)
    removed = tensors.pop("decoder.0.bias")
    with pytest.raises(CheckpointError, match=r"missing tensors: decoder\.0\.bias"):
        checkpoints.from_bytes(forge(tensors, record_of(model)))
    tensors["decoder.0.bias"] = removed
    tensors["intruder"] = torch.zeros(3)
    with pytest.raises(CheckpointError, match="unexpected tensors: intruder"):
        checkpoints.from_bytes(forge(tensors, record_of(model)))


def test_non_finite_weights_are_refused(model):
    tensors = state_of(model)
    tensors["encoder.0.weight"][0, 0] = float("inf")
    with pytest.raises(CheckpointError, match=r"NaN or infinite values in encoder\.0\.weight"):
        checkpoints.from_bytes(forge(tensors, record_of(model)))


@pytest.mark.parametrize("change, message", [
    ({"family": "gan"}, "unknown model family 'gan'"),
    ({"config": {"latent_dim": 0, "hidden": [32]}}, "config is not valid: latent_dim"),
    ({"config": {"latent_dim": 2, "hidden": [32], "colour": "red"}}, "config is not valid: .*colour"),
    ({"schema": 99}, "schema 99"),
    ({"config": None}, "no model config"),
])
def test_bad_metadata_is_refused(model, change, message):
    record = {**record_of(model), **change}
    with pytest.raises(CheckpointError, match=message):
        checkpoints.from_bytes(forge(state_of(model), record))


def test_safetensors_without_our_metadata_is_refused(model):
    with pytest.raises(CheckpointError, match="no Autoencoder Lab metadata"):
        checkpoints.from_bytes(forge(state_of(model), None))
    data = safetensors.torch.save(state_of(model), metadata={checkpoints.METADATA_KEY: "{not json"})
    with pytest.raises(CheckpointError, match="not valid JSON"):
        checkpoints.from_bytes(data)


@pytest.mark.parametrize("damage", ["truncated", "header only", "empty", "random"])
def test_truncated_or_corrupt_files_are_refused(tmp_path, model, damage):
    data = checkpoints.to_bytes(model)
    header_end = 8 + int.from_bytes(data[:8], "little")
    damaged = {
        "truncated": data[: len(data) // 2],
        "header only": data[:header_end],
        "empty": b"",
        "random": torch.randint(0, 256, (5000,), generator=torch.Generator().manual_seed(0),
                                dtype=torch.uint8).numpy().tobytes(),
    }[damage]
    path = tmp_path / "bad.safetensors"
    path.write_bytes(damaged)
    with pytest.raises(CheckpointError, match="damaged|not a safetensors"):
        checkpoints.load(path)


class PlantsAFile:
    """Unpickling this object would create a file: a stand-in for code run by a hostile pickle."""

    def __init__(self, marker: pathlib.Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (self.marker,))


@pytest.mark.parametrize("zip_format", [True, False])
def test_pickle_checkpoints_are_refused_without_unpickling(tmp_path, model, zip_format):
    marker = tmp_path / "pickle-ran"
    path = tmp_path / "model.pt"
    torch.save({"state_dict": model.state_dict(), "payload": PlantsAFile(marker)}, path,
               _use_new_zipfile_serialization=zip_format)
    with pytest.raises(CheckpointError, match="pickle checkpoint .*not opened"):
        checkpoints.load(path)
    assert not marker.exists()


def test_uploads_over_the_size_limit_are_refused_before_parsing():
    assert checkpoints.MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    with pytest.raises(CheckpointError, match=r"1\.0 MB; checkpoints up to 0\.5 MB"):
        checkpoints.from_bytes(b"\0" * 2**20, max_bytes=2**19)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_load_onto_cuda(tmp_path, model, images):
    path = checkpoints.save(model, tmp_path / "ae.safetensors")
    loaded, _ = checkpoints.load(path, device="cuda")
    assert next(loaded.parameters()).is_cuda
    with torch.no_grad():
        assert torch.allclose(loaded.reconstruct(images.cuda()).cpu(), model.reconstruct(images), atol=1e-5)
