"""Save and load models safely: safetensors weights with JSON metadata, checked before use.

A checkpoint is one safetensors file whose header metadata holds, under the key "ae_lab", a JSON
object: schema version, family, config, dataset, epochs, test metrics, training config, library
versions and the stored dtype. `save` also writes that JSON beside the weights as `<name>.json`
for people and tools to read; loading trusts only the copy inside the weights file.

Loading never unpickles: a file that is not safetensors (a torch.save pickle, a zip, anything
else) is refused before any of it is interpreted. Every other check (metadata, family, config,
tensor names and shapes, finite values) fails with a CheckpointError whose message says what is
wrong in words a user can act on.
"""
from __future__ import annotations

import json
import os
import platform
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy
import safetensors
import safetensors.torch
import torch

from .errors import Explained
from .models import FAMILIES, Autoencoder, ConfigError, build_model

SCHEMA_VERSION = 1
METADATA_KEY = "ae_lab"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Keys that save() fills in itself; callers pass the rest (dataset, epochs, test, training, ...).
RESERVED_KEYS = ("schema", "family", "config", "versions", "dtype")
# safetensors: 8-byte little-endian header length, then that many bytes of JSON.
_HEADER_LIMIT = 100 * 1024 * 1024
_SHOWN_MISMATCHES = 5


class CheckpointError(Explained, ValueError):
    """A checkpoint that cannot be used; the message says why and what to do."""

    domain = "checkpoint"


def library_versions() -> dict[str, str]:
    return {
        "torch": torch.__version__,
        "safetensors": safetensors.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
        "ae_core_schema": str(SCHEMA_VERSION),
    }


def _metadata_record(model: Autoencoder, metadata: dict[str, Any], half: bool) -> dict[str, Any]:
    clash = sorted(set(metadata) & set(RESERVED_KEYS))
    if clash:
        raise ValueError(f"metadata key(s) {', '.join(clash)} are filled in by save() itself")
    described = model.describe()
    return {"schema": SCHEMA_VERSION, "family": described["family"], "config": described["config"],
            **metadata, "versions": library_versions(), "dtype": "float16" if half else "float32"}


def _tensors_for_saving(model: Autoencoder, half: bool) -> dict[str, torch.Tensor]:
    """The state dict on the CPU as independent contiguous tensors (safetensors refuses tensors that
    share memory), floating ones as float16 when `half`; refuses weights that are not finite."""
    tensors = {}
    for name, tensor in model.state_dict().items():
        tensor = tensor.detach().to("cpu").contiguous().clone()
        if tensor.is_floating_point():
            if not torch.isfinite(tensor).all():
                raise ValueError(f"cannot save: weight {name} holds NaN or infinite values")
            tensor = tensor.to(torch.float16 if half else torch.float32)
            if half and not torch.isfinite(tensor).all():
                raise ValueError(f"cannot save in float16: weight {name} exceeds its range (65504)")
        tensors[name] = tensor
    return tensors


def to_bytes(model: Autoencoder, metadata: dict[str, Any] | None = None, half: bool = False) -> bytes:
    """The checkpoint as bytes (for a download button). `half` stores floating weights as float16,
    half the size; they load back as float32."""
    record = _metadata_record(model, dict(metadata or {}), half)
    header = {METADATA_KEY: json.dumps(record, sort_keys=True)}
    return safetensors.torch.save(_tensors_for_saving(model, half), metadata=header)


def sidecar_path(path: str | os.PathLike) -> Path:
    """Where save() writes the metadata beside the weights: `<name>.json`."""
    return Path(path).with_suffix(".json")


def save(model: Autoencoder, path: str | os.PathLike, half: bool = False, **metadata: Any) -> Path:
    """Write `model` to `path` (a .safetensors file) and its metadata to `<name>.json` beside it.

    metadata: JSON-able facts to record, typically dataset, epochs, test (metrics), training
    (the TrainConfig as a dict), description. Both files are replaced atomically. Returns `path`.
    """
    path = Path(path)
    sidecar = sidecar_path(path)
    if sidecar == path:
        raise ValueError(f"checkpoint path {path} must not end in .json (the metadata goes there)")
    data = to_bytes(model, metadata, half)
    record = read_metadata_bytes(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, data)
    _write_atomically(sidecar, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        # mkstemp creates the file private (0600); a saved model is an ordinary readable file.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_file(path: str | os.PathLike) -> bytes:
    path = Path(path)
    if not path.exists():
        raise CheckpointError(f"no checkpoint file at {path}", "missing", path=str(path))
    if not path.is_file():
        raise CheckpointError(f"{path} is not a file", "not_a_file", path=str(path))
    return path.read_bytes()


def _not_safetensors(data: bytes, reason: str) -> CheckpointError:
    # torch.save writes a zip archive (PK..) or, in its legacy format, a raw pickle (protocol 2+).
    if data[:4] == b"PK\x03\x04" or (data[:1] == b"\x80" and data[1:2] in b"\x02\x03\x04\x05"):
        return CheckpointError(
            "this looks like a PyTorch pickle checkpoint (torch.save), not a safetensors file; it was "
            "not opened because unpickling can run code. Save the model with Autoencoder Lab "
            "(ae_core.checkpoints.save) to get a .safetensors file", "pickle")
    return CheckpointError(f"not a safetensors checkpoint, or a damaged one: {reason}", "not_safetensors")


def _parse_header(data: bytes) -> dict[str, Any]:
    """The safetensors JSON header; anything else is refused without being interpreted."""
    if len(data) < 8:
        raise _not_safetensors(data, f"the file is only {len(data)} bytes")
    (header_length,) = struct.unpack("<Q", data[:8])
    if header_length > min(len(data) - 8, _HEADER_LIMIT):
        raise _not_safetensors(data, f"its header would be {header_length} bytes but the file "
                                     f"holds {len(data) - 8} after the length field")
    try:
        header = json.loads(data[8:8 + header_length])
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _not_safetensors(data, "its header is not readable JSON") from None
    if not isinstance(header, dict):
        raise _not_safetensors(data, "its header is not a JSON object")
    return header


def read_metadata_bytes(data: bytes) -> dict[str, Any]:
    """The Autoencoder Lab metadata of a checkpoint held in memory, without reading its tensors."""
    header = _parse_header(data)
    stored = header.get("__metadata__")
    raw = stored.get(METADATA_KEY) if isinstance(stored, dict) else None
    if raw is None:
        raise CheckpointError("this safetensors file has no Autoencoder Lab metadata (family, "
                              "config), so its model cannot be rebuilt; save it with this app", "no_metadata")
    try:
        record = json.loads(raw)
    except json.JSONDecodeError:
        raise CheckpointError("the checkpoint's metadata is not valid JSON", "bad_metadata") from None
    if not isinstance(record, dict):
        raise CheckpointError("the checkpoint's metadata is not a JSON object", "bad_metadata")
    return record


def read_metadata(path: str | os.PathLike) -> dict[str, Any]:
    """The metadata inside the weights file at `path` (reads the header only)."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint file at {path}", "missing", path=str(path))
    with path.open("rb") as file:
        start = file.read(8)
        length = struct.unpack("<Q", start)[0] if len(start) == 8 else 0
        data = start + file.read(min(length, _HEADER_LIMIT))
    return read_metadata_bytes(data)


def _rebuild(record: dict[str, Any], expected_family: str | None) -> Autoencoder:
    schema = record.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise CheckpointError(f"the checkpoint's metadata schema {schema!r} is not one this version "
                              f"reads (up to {SCHEMA_VERSION}); update Autoencoder Lab", "schema",
                              schema=repr(schema), version=SCHEMA_VERSION)
    family = record.get("family")
    if family not in FAMILIES:
        raise CheckpointError(f"the checkpoint holds an unknown model family {family!r}; "
                              f"known: {', '.join(FAMILIES)}", "unknown_family", family=repr(family),
                              known=", ".join(FAMILIES))
    if expected_family is not None and family != expected_family:
        raise CheckpointError(f"the checkpoint holds a {family!r} model, but a {expected_family!r} "
                              "model is needed here", "wrong_family", family=family, expected=expected_family)
    config = record.get("config")
    if not isinstance(config, dict):
        raise CheckpointError("the checkpoint's metadata has no model config", "no_config")
    try:
        return build_model(family, config, seed=None)
    except (ConfigError, TypeError) as error:
        raise CheckpointError(f"the checkpoint's {family} config is not valid: {error}", "bad_config",
                              family=family, error=error) from None


def _check_tensors(tensors: dict[str, torch.Tensor], expected: dict[str, torch.Tensor]) -> None:
    missing = [name for name in expected if name not in tensors]
    extra = [name for name in tensors if name not in expected]
    mismatched = [f"{name}: file {tuple(tensors[name].shape)}, model {tuple(tensor.shape)}"
                  for name, tensor in expected.items()
                  if name in tensors and tensors[name].shape != tensor.shape]
    problems = []
    for label, names in (("missing tensors", missing), ("unexpected tensors", extra),
                         ("shape mismatches", mismatched)):
        if names:
            more = f" and {len(names) - _SHOWN_MISMATCHES} more" if len(names) > _SHOWN_MISMATCHES else ""
            problems.append(f"{label}: {'; '.join(names[:_SHOWN_MISMATCHES])}{more}")
    if problems:
        raise CheckpointError("the weights do not fit the model described by the checkpoint's "
                              "config (" + ". ".join(problems) + ")", "weights_mismatch",
                              problems=". ".join(problems), missing=len(missing), extra=len(extra),
                              mismatched=len(mismatched),
                              names=", ".join([*missing, *extra, *(name.split(":")[0] for name in mismatched)]
                                              [:_SHOWN_MISMATCHES]))
    wrong_kind = [name for name, tensor in expected.items()
                  if tensor.is_floating_point() != tensors[name].is_floating_point()]
    if wrong_kind:
        raise CheckpointError(f"tensor(s) of the wrong kind (integer vs floating): {', '.join(wrong_kind[:5])}",
                              "wrong_kind", names=", ".join(wrong_kind[:5]))
    not_finite = [name for name, tensor in tensors.items()
                  if tensor.is_floating_point() and not torch.isfinite(tensor).all()]
    if not_finite:
        raise CheckpointError(f"the checkpoint's weights hold NaN or infinite values in "
                              f"{', '.join(not_finite[:_SHOWN_MISMATCHES])}; it cannot be used", "not_finite",
                              names=", ".join(not_finite[:_SHOWN_MISMATCHES]))


def from_bytes(data: bytes, expected_family: str | None = None,
               device: torch.device | str | None = None,
               max_bytes: int | None = MAX_UPLOAD_BYTES) -> tuple[Autoencoder, dict[str, Any]]:
    """Rebuild and check a model from checkpoint bytes (an upload); see load(). Files larger than
    `max_bytes` (50 MB by default; None for no limit) are refused before they are parsed."""
    if max_bytes is not None and len(data) > max_bytes:
        raise CheckpointError(f"the file is {len(data) / 2**20:.1f} MB; checkpoints up to "
                              f"{max_bytes / 2**20:.3g} MB are accepted", "too_large",
                              size=len(data) / 2**20, limit=max_bytes / 2**20)
    record = read_metadata_bytes(data)
    model = _rebuild(record, expected_family)
    try:
        tensors = safetensors.torch.load(data)
    except Exception as error:  # safetensors raises its own SafetensorError for damaged bodies
        raise CheckpointError(f"the checkpoint is damaged (truncated or corrupt): {error}", "damaged",
                              error=str(error)) from None
    expected = model.state_dict()
    _check_tensors(tensors, expected)
    model.load_state_dict({name: tensors[name].to(expected[name].dtype) for name in expected})
    model.to(torch.device(device) if device is not None else torch.device("cpu")).eval()
    return model, record


def load(path: str | os.PathLike, expected_family: str | None = None,
         device: torch.device | str | None = None) -> tuple[Autoencoder, dict[str, Any]]:
    """The model saved at `path`, in eval mode on `device` (default CPU), and its metadata.

    Raises CheckpointError when the file is missing, is not safetensors (pickles are refused
    unread), lacks readable metadata, holds another family than `expected_family`, has an invalid
    config, tensors missing, extra or of other shapes than that config builds, or non-finite values.
    """
    return from_bytes(_read_file(path), expected_family, device, max_bytes=None)
