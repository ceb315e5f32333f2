"""What the pages show about a shipped model that only its weights decide: test-set scores, codes,
curves, novelty analyses, posteriors, decoded maps. Computing them takes seconds (the three conv
decoders over the test set: 30 s on a busy 2-core machine), so `python -m ae_core pretrain` computes
them with the weights and stores them beside them; a page's first visit only reads them.

A views file is one safetensors file, `<key>.views.safetensors`: arrays as tensors named
"<view>/<field>", everything else as JSON in the header, with the sha256 of the weights file the
views were computed from. A file whose fingerprint differs from the weights beside it is stale and
is not used (the app then computes the view in the background).

Each view is stored with the parameters it was computed with (images scored, ranges, ...); a reader
asks for a view with its own parameters and gets nothing when they differ, so a page that changes a
constant never shows a view made for another one.

numpy and safetensors only at import time: reading views needs no torch. The compute functions
import the engine when they run.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence, TypeVar

import numpy as np
import safetensors.numpy

if TYPE_CHECKING:
    import torch

    from .data import ImageData

FORMAT = 1
HEADER_KEY = "ae_lab_views"
SUFFIX = ".views.safetensors"
T = TypeVar("T")

# The parameters the pages use; a page passes its own, and a stored view made with others is ignored.
FEATURE_SIZES = (2, 4, 8, 16, 32)  # feature extraction's code sizes (PCA baselines for each)
CURVE_IMAGES = 1000  # denoising: PSNR curves on the first test images
CHECKER_IMAGES = 1000  # conv: checkerboard amplitude on the first test images
LOSS_IMAGES = 1000  # VAE: loss terms on the first test images
MAP_RANGE, MAP_GRID = 4.0, 15  # VAE: the latent map's default half range and grid
CALIBRATION_RANGE = 5.0  # VAE: the browser decoder's int8 calibration span
NOVELTY_TRAIN_SCORED = 5000  # novelty: normal training images scored for the default threshold
NOISE_KINDS = ("gaussian", "salt-pepper", "masking")  # ae_core.noise.NOISE_KINDS, without torch
TSNE_IMAGES = 10000  # explorer: a shipped model's t-SNE map places every test code
TSNE_SEED = 0
BETA_IMAGES, BETA_SAMPLES = 2000, 200  # explorer: a VAE's BetaSummary


class ViewsError(ValueError):
    """A views file that cannot be read, or that was made from other weights."""


@dataclass(frozen=True)
class LatentView:
    """Test codes as 2-D points for a scatter: points (N, 2) float32, labels (N,) int."""

    points: np.ndarray
    labels: np.ndarray
    method: str  # "identity" (the codes themselves) or "pca"
    explained: float  # share of the codes' variance the two axes keep
    latent_dim: int


@dataclass(frozen=True)
class PosteriorView:
    """The test set's q(z|x): mu and sigma (N, 2) float32, labels (N,), and the loss terms
    (ae_core.metrics.evaluate: recon, kl, neg_elbo, mse...) on the first `loss_images` images."""

    mu: np.ndarray
    sigma: np.ndarray
    labels: np.ndarray
    terms: dict[str, float]


@dataclass(frozen=True)
class FeatureAccuracies:
    """Linear-probe test accuracy of a model's codes, of PCA at each size, and of raw pixels."""

    code: float
    latent_dim: int
    pca: dict[int, float]
    pixels: float


# Arrays kept smaller on disk than in memory; they load back in their own dtype. 10,000 2-D
# codes in float16 are 40 KB; the points only place dots on a scatter.
_COMPACT = {"points": np.float16, "mu": np.float16, "sigma": np.float16, "labels": np.uint8}


def fingerprint(path: str | Path) -> str:
    """sha256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Views:
    """The views of one shipped model on one dataset, made from the weights with `weights_sha256`."""

    key: str
    dataset: str
    weights_sha256: str
    entries: dict[str, dict[str, Any]]  # name -> {"params", "values", "dtypes", "arrays"}

    def get(self, name: str, params: Mapping[str, Any], kind: Callable[..., T] | None = None) -> T | None:
        """The view `name` made with `params`, rebuilt as `kind` (a dataclass; None: a dict or an
        array as stored); None when there is no such view or it was made with other parameters."""
        entry = self.entries.get(name)
        if entry is None or entry["params"] != _jsonable(dict(params)):
            return None
        return _unpack(entry, kind)


def _jsonable(value: Any) -> Any:
    """Value as JSON gives it back (tuples become lists, keys strings), for comparing parameters."""
    return json.loads(json.dumps(value))


def _pack(value: Any) -> tuple[dict[str, np.ndarray], dict[str, Any], str]:
    """(arrays, JSON values, shape) of a view: a dataclass, a dict of JSON values, or one array."""
    if isinstance(value, np.ndarray):
        return {"array": value}, {}, "array"
    if dataclasses.is_dataclass(value):
        fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        arrays = {name: item for name, item in fields.items() if isinstance(item, np.ndarray)}
        values = {name: item for name, item in fields.items() if name not in arrays}
        return arrays, values, "dataclass"
    if isinstance(value, dict):
        return {}, value, "dict"
    raise TypeError(f"a view is a dataclass, a dict or an array, got {type(value).__name__}")


def _unpack(entry: dict[str, Any], kind: Callable[..., T] | None) -> Any:
    arrays = {name: array.astype(entry["dtypes"][name]) for name, array in entry["arrays"].items()}
    if entry["shape"] == "array":
        return arrays["array"]
    values = dict(entry["values"])
    if entry["shape"] == "dict" or kind is None:
        return {**values, **arrays}
    hints = {field.name: field.type for field in dataclasses.fields(kind)}
    for name, value in values.items():
        # JSON keys are strings; dict[int, ...] fields (PCA by size, AUROC by class) get ints back.
        if "dict[int" in str(hints.get(name, "")) and isinstance(value, dict):
            values[name] = {int(k): v for k, v in value.items()}
    return kind(**values, **arrays)


def save(path: str | Path, key: str, dataset: str, weights_sha256: str, views: Mapping[str, tuple[dict, Any]]) -> Path:
    """Write `views` ({name: (params, value)}) for the weights with `weights_sha256`, atomically."""
    tensors: dict[str, np.ndarray] = {}
    entries: dict[str, Any] = {}
    for name, (params, value) in views.items():
        if "/" in name:
            raise ValueError(f"a view name cannot contain '/': {name!r}")
        arrays, values, shape = _pack(value)
        for field, array in arrays.items():
            tensors[f"{name}/{field}"] = np.ascontiguousarray(array.astype(_COMPACT.get(field, array.dtype)))
        entries[name] = {"params": _jsonable(dict(params)), "values": _jsonable(values), "shape": shape,
                         "dtypes": {field: array.dtype.str for field, array in arrays.items()}}
    header = {"format": FORMAT, "key": key, "dataset": dataset, "weights_sha256": weights_sha256,
              "views": entries}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(handle)
    try:
        safetensors.numpy.save_file(tensors, temporary, metadata={HEADER_KEY: json.dumps(header)})
        os.chmod(temporary, 0o644)  # mkstemp makes it private; views ship like the weights
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load(path: str | Path, weights_sha256: str | None = None) -> Views:
    """The views in `path`; raises FileNotFoundError when it is missing and ViewsError when it is
    unreadable or (given `weights_sha256`) made from other weights."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no views file {path.name}")
    try:
        with safetensors.safe_open(str(path), framework="np") as handle:
            header = json.loads((handle.metadata() or {})[HEADER_KEY])
            tensors = {name: handle.get_tensor(name) for name in handle.keys()}
    except (OSError, KeyError, ValueError, safetensors.SafetensorError) as error:
        raise ViewsError(f"{path.name} is not a views file: {error}") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ViewsError(f"{path.name} has an unknown format {header.get('format') if isinstance(header, dict) else None!r}")
    if weights_sha256 is not None and header.get("weights_sha256") != weights_sha256:
        raise ViewsError(f"{path.name} was computed from other weights (stale): regenerate it with "
                         f"`python -m ae_core pretrain --views-only --only {header.get('key')}`")
    entries = {}
    for name, entry in header["views"].items():
        arrays = {field: tensors[f"{name}/{field}"] for field in entry["dtypes"]}
        entries[name] = {**entry, "arrays": arrays}
    return Views(str(header["key"]), str(header["dataset"]), str(header["weights_sha256"]), entries)


# ---- what each view is, computed from a model and a dataset ----------------------------------------

def latent_view(model: "torch.nn.Module", data: "ImageData") -> LatentView:
    """Every test code as a 2-D point (PCA for wider codes)."""
    from .latent import encode_dataset, project_2d

    codes = encode_dataset(model, data.test_images)  # (N, latent_dim)
    points, method, explained = project_2d(codes)  # (N, 2)
    return LatentView(points.cpu().numpy().astype(np.float32), data.test_labels.cpu().numpy(),
                      method, float(explained), int(codes.shape[1]))


def conv_scores(model: "torch.nn.Module", data: "ImageData", checker_images: int = CHECKER_IMAGES) -> dict[str, float]:
    """Test MSE over the whole test set, and the checkerboard amplitude (grey levels of 255) of the
    reconstructions of the first `checker_images` test images and of those images themselves."""
    import torch

    from .convolution import checkerboard_amplitude
    from .latent import _inference, model_device
    from .metrics import evaluate

    images = data.test_images
    first = images[:checker_images].to(model_device(model))
    with _inference(model):
        rebuilt = torch.cat([model.reconstruct(batch) for batch in first.split(500)])
    return {"mse": float(evaluate(model, images)["mse"]), "checker": 255 * float(checkerboard_amplitude(rebuilt)),
            "original_checker": 255 * float(checkerboard_amplitude(images[:checker_images]))}


def psnr_curve(model: "torch.nn.Module", data: "ImageData", kind: str, images: int = CURVE_IMAGES):
    """denoising.PsnrCurve of this one model (named "model") on the first `images` test images."""
    from .denoising import psnr_curve as curve

    return curve({"model": model}, data.test_images[:images], kind)


def feature_accuracies(model: "torch.nn.Module", data: "ImageData", train_limit: int, test_limit: int | None,
                       sizes: Sequence[int] = FEATURE_SIZES) -> FeatureAccuracies:
    from . import features

    return FeatureAccuracies(
        features.code_accuracy(model, data, train_limit, test_limit), int(model.latent_dim),
        {int(dim): features.pca_accuracy(data, int(dim), train_limit, test_limit) for dim in sizes},
        features.pixel_accuracy(data, train_limit, test_limit))


def novelty_analysis(model: "torch.nn.Module", data: "ImageData", normal: Sequence[int],
                     normal_train_limit: int = NOVELTY_TRAIN_SCORED):
    from .novelty import analyse

    return analyse(model, data, list(normal), normal_train_limit=normal_train_limit)


def posterior_view(model: "torch.nn.Module", data: "ImageData", loss_images: int = LOSS_IMAGES) -> PosteriorView:
    import torch

    from .metrics import evaluate
    from .variational import posterior

    mu, sigma = posterior(model, data.test_images)
    with torch.no_grad():
        terms = evaluate(model, data.test_images[:loss_images])
    return PosteriorView(mu.cpu().numpy().astype(np.float32), sigma.cpu().numpy().astype(np.float32),
                         data.test_labels.cpu().numpy(), {name: float(value) for name, value in terms.items()})


def latent_map(model: "torch.nn.Module", half_range: float = MAP_RANGE, n: int = MAP_GRID) -> np.ndarray:
    """decode_grid over [-half_range, half_range]^2 as (n, n, 28, 28) uint8."""
    from .latent import decode_grid

    span = (-half_range, half_range)
    images = decode_grid(model, span, span, n)  # (n, n, 28, 28) in [0, 1]
    return (images * 255).round().byte().cpu().numpy()


def browser_decoder(model: "torch.nn.Module", calibration_range: float = CALIBRATION_RANGE) -> dict[str, Any]:
    """The latent pad's browser decoder (int8, calibrated over +-calibration_range)."""
    from .browser_decoder import calibration_grid, decoder_payload

    span = (-calibration_range, calibration_range)
    return decoder_payload(model.decoder_layers(), calibration_z=calibration_grid(span, span))


def code_space(model: "torch.nn.Module", data: "ImageData"):
    from .explore import code_space as compute

    return compute(model, data)


def tsne_map(model: "torch.nn.Module", data: "ImageData", images: int = TSNE_IMAGES, seed: int = TSNE_SEED,
             progress: Callable[[float], None] | None = None, threads: int = 1) -> np.ndarray:
    """t-SNE (N, 2) of the codes of the first `images` test images."""
    from .explore import tsne_map as compute
    from .latent import encode_dataset

    return compute(encode_dataset(model, data.test_images[:images]), progress=progress, seed=seed, threads=threads)


def beta_summary(model: "torch.nn.Module", data: "ImageData"):
    from .explore import beta_summary as compute

    return compute(model, data, BETA_IMAGES, BETA_SAMPLES)


def explore_plan(family: str) -> dict[str, tuple[dict[str, Any], Callable[["torch.nn.Module", "ImageData"], Any]]]:
    """The explorer's views of a model with a code above 2-D: the codes described (ranges,
    activity, PCA), their t-SNE map and, for a VAE, what beta did."""
    views: dict[str, tuple[dict[str, Any], Callable]] = {
        "explore": ({}, code_space),
        "tsne": ({"images": TSNE_IMAGES, "seed": TSNE_SEED}, tsne_map),
    }
    if family == "vae":
        views["beta"] = ({"images": BETA_IMAGES, "samples": BETA_SAMPLES}, beta_summary)
    return views


def plan(family: str, config: Mapping[str, Any], digits: Sequence[int] | None, probe: tuple[int, int | None],
         shown: Sequence[str] = ()) -> dict[str, tuple[dict[str, Any], Callable[["torch.nn.Module", "ImageData"], Any]]]:
    """The views a shipped model of `family` gets: {name: (params, compute(model, data))}, with the
    parameters the pages use. probe: feature extraction's (training images, test images); shown:
    the views a page draws of this very model beyond what its family implies, among "latent"
    (a latent space), "features" (feature extraction), "denoising" (PSNR curves) and "conv" (a
    conv decoder's scores)."""
    views: dict[str, tuple[dict[str, Any], Callable]] = {}
    if digits is not None:  # a one-class novelty detector: only its analysis means something
        normal = sorted(int(digit) for digit in digits)
        views["novelty"] = ({"normal": normal, "normal_train": NOVELTY_TRAIN_SCORED},
                            lambda model, data: novelty_analysis(model, data, normal))
        return views
    if "latent" in shown:
        views["latent"] = ({}, latent_view)
    if "features" in shown:
        train, test = probe
        views["features"] = ({"train": train, "test": test, "sizes": list(FEATURE_SIZES)},
                             lambda model, data: feature_accuracies(model, data, train, test))
    if "denoising" in shown:
        for kind in NOISE_KINDS:
            views[f"psnr.{kind}"] = ({"images": CURVE_IMAGES},
                                     lambda model, data, kind=kind: psnr_curve(model, data, kind))
    if "conv" in shown:
        views["conv"] = ({"checker_images": CHECKER_IMAGES}, conv_scores)
    if "explore" in shown:
        views.update(explore_plan(family))
    if family == "vae" and int(config.get("latent_dim", 0)) == 2:  # the VAE page's views are 2-D
        views["posterior"] = ({"loss_images": LOSS_IMAGES}, posterior_view)
        views["map"] = ({"half_range": MAP_RANGE, "n": MAP_GRID}, lambda model, data: latent_map(model))
        if config.get("architecture", "mlp") == "mlp":
            views["browser_decoder"] = ({"calibration_range": CALIBRATION_RANGE},
                                        lambda model, data: browser_decoder(model))
    return views


def compute_all(model: "torch.nn.Module", data: "ImageData", planned: Mapping[str, tuple[dict, Callable]],
                progress: Callable[[str], None] | None = None) -> dict[str, tuple[dict, Any]]:
    """Every planned view of `model` on `data`: {name: (params, value)}, ready for save()."""
    computed = {}
    for name, (params, compute) in planned.items():
        if progress is not None:
            progress(name)
        computed[name] = (params, compute(model, data))
    return computed
