"""Latent spaces above two dimensions: what the explorer of the Undercomplete and Variational pages
shows of a model whose code has d > 2 numbers. Tensors in, arrays out; no plotting here.

A code of 8 or 16 numbers cannot be drawn as it is. Three ways to look at one:
- a traversal: the code of one image decoded with one dimension swept over its range and the others
  held, a row per dimension: what each number controls (Higgins et al. 2017, "beta-VAE", judge
  disentanglement this way);
- sliders, one per dimension, decoded as they move;
- maps of the test codes in 2-D: linear (PCA: the two directions of greatest variance; distances
  along them are true, everything along the other d - 2 directions is flattened onto them) or by
  neighbourhoods (t-SNE, van der Maaten & Hinton 2008: codes that are neighbours in d-D stay
  neighbours, but the sizes of clusters and the gaps between them mean nothing).

For a VAE the activity of a dimension is its mean KL(q(z_j|x) || N(0, 1)) over the test images, in
nats: the information that dimension carries about an image. A dimension whose KL is near 0 is
unused: its q(z_j|x) is the prior for every image, and the decoder learnt to ignore it. For a plain
AE, which has no prior, it is the dimension's standard deviation over the test codes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np
import torch

from .latent import _inference, decode_codes, encode_dataset, model_device
from .metrics import fit_pca

if TYPE_CHECKING:
    from .data import ImageData

SWEEP_STEPS = 9  # columns of a traversal: an odd count puts the held value in the middle column
# A VAE's sweep: +-3 standard deviations of the prior N(0, 1) in every dimension, where 99.7% of
# its draws fall and where the decoder was trained to make sense of codes.
PRIOR_SPAN = 3.0
# A plain AE's code has no prescribed scale: each dimension is swept over the middle 98% of the
# test codes' values in it, widened by a tenth of that span on each side.
QUANTILES = (0.01, 0.99)
WIDEN = 0.1
# Burda et al. 2016 ("Importance weighted autoencoders"): a VAE's dimension is active when its
# posterior mean varies across images, Var_x(E[z_j | x]) > 0.01.
ACTIVE_VARIANCE = 0.01
TSNE_PERPLEXITY = 30.0
# Pixels a decoded image leaves grey rather than ink or paper: the blur of a sample, in numbers.
GREY_LEVELS = (0.2, 0.8)


@dataclass(frozen=True)
class CodeSpace:
    """A model's test codes as the explorer shows them.

    low, high (d,): each dimension's sweep range (sliders and traversal); activity (d,): mean KL in
    nats for a VAE ("kl"), standard deviation for a plain AE ("std"); the PCA of the codes (mean
    (d,), components (2, d), the share of the codes' variance its two axes keep) and every test
    code's place on it, points (N, 2), with its label (N,).
    """

    latent_dim: int
    low: np.ndarray
    high: np.ndarray
    activity: np.ndarray
    activity_kind: str
    pca_mean: np.ndarray
    pca_components: np.ndarray
    pca_explained: float
    points: np.ndarray
    labels: np.ndarray


@dataclass(frozen=True)
class BetaSummary:
    """What beta did to a VAE's code, on the test images: how many dimensions are active, how
    independent the active ones are (mean |correlation| of their posterior means over the images,
    0 = uncorrelated), the reconstruction term and KL per image in nats, and how grey (blurred) its
    samples from the prior are beside real test images (share of pixels in GREY_LEVELS)."""

    beta: float
    latent_dim: int
    active: int
    kl_per_dim: list[float]
    mean_abs_correlation: float
    recon: float
    kl: float
    sample_grey: float
    data_grey: float


def is_variational(model: torch.nn.Module) -> bool:
    return getattr(model, "family", None) == "vae"


def _posterior(model: torch.nn.Module, images: torch.Tensor, batch_size: int = 2000) -> tuple[torch.Tensor, torch.Tensor]:
    """(mu, logvar) of a VAE's q(z|x) for every image, float32 on the CPU."""
    device = model_device(model)
    mus, logvars = [], []
    with _inference(model):
        for batch in images.split(batch_size):
            mu, logvar = model.posterior(batch.to(device))
            mus.append(mu.float().cpu())
            logvars.append(logvar.float().cpu())
    return torch.cat(mus), torch.cat(logvars)


def kl_per_dimension(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """Mean over the images of KL(N(mu_j, sigma_j^2) || N(0, 1)) for each dimension j: (d,) nats."""
    return (0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar)).mean(0)


def sweep_range(codes: torch.Tensor, variational: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each dimension's (low, high) for sliders and traversals, (d,) each (see the module constants)."""
    codes = codes.float()
    low, high = torch.quantile(codes, torch.tensor(QUANTILES), dim=0)
    span = (high - low).clamp_min(1e-3)
    low, high = low - WIDEN * span, high + WIDEN * span
    if variational:
        low = low.clamp(max=-PRIOR_SPAN)
        high = high.clamp(min=PRIOR_SPAN)
    return low.numpy().astype(np.float32), high.numpy().astype(np.float32)


def code_space(model: torch.nn.Module, data: "ImageData") -> CodeSpace:
    """Encode every test image and describe the codes (ranges, activity, PCA) for the explorer."""
    variational = is_variational(model)
    if variational:
        codes, logvar = _posterior(model, data.test_images)
        activity, kind = kl_per_dimension(codes, logvar), "kl"
    else:
        codes = encode_dataset(model, data.test_images).float().cpu()
        activity, kind = codes.std(0), "std"
    if codes.shape[1] < 2:
        raise ValueError(f"the explorer needs codes of 2 or more dimensions, this model has {codes.shape[1]}")
    low, high = sweep_range(codes, variational)
    pca = fit_pca(codes, 2)
    return CodeSpace(int(codes.shape[1]), low, high, activity.numpy().astype(np.float32), kind,
                     pca.mean.numpy().astype(np.float32), pca.components.numpy().astype(np.float32),
                     float(pca.explained_variance_ratio.sum()), pca.transform(codes).numpy().astype(np.float32),
                     data.test_labels.cpu().numpy().astype(np.uint8))


def sweep_values(low: np.ndarray, high: np.ndarray, steps: int = SWEEP_STEPS) -> np.ndarray:
    """(d, steps) values: row j goes evenly from low[j] to high[j]."""
    if isinstance(steps, bool) or not isinstance(steps, int) or not 2 <= steps <= 64:
        raise ValueError(f"steps must be an integer in [2, 64], got {steps!r}")
    low, high = np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)
    if low.shape != high.shape or low.ndim != 1 or not (low < high).all():
        raise ValueError("low and high must be (d,) arrays with low < high in every dimension")
    fractions = np.linspace(0.0, 1.0, steps)
    return (low[:, None] + (high - low)[:, None] * fractions[None, :]).astype(np.float32)


def traversal(model: torch.nn.Module, code: np.ndarray | torch.Tensor, low: np.ndarray, high: np.ndarray,
              steps: int = SWEEP_STEPS) -> torch.Tensor:
    """Images (d, steps, 28, 28) in [0, 1]: row j decodes `code` (d,) with dimension j set to each
    of sweep_values(low, high, steps)[j] and every other dimension held."""
    base = torch.as_tensor(np.asarray(code, dtype=np.float32)).flatten()
    d = model.latent_dim
    if base.shape != (d,) or not torch.isfinite(base).all():
        raise ValueError(f"code must be {d} finite numbers for this model, got shape {tuple(base.shape)}")
    values = torch.from_numpy(sweep_values(low, high, steps))  # (d, steps)
    if values.shape[0] != d:
        raise ValueError(f"low and high must have {d} values, got {values.shape[0]}")
    codes = base.repeat(d, steps, 1)  # (d, steps, d)
    rows = torch.arange(d)
    codes[rows, :, rows] = values
    images = decode_codes(model, codes.view(-1, d))
    return images.view(d, steps, images.shape[-2], images.shape[-1]).cpu()


def tsne_map(codes: np.ndarray | torch.Tensor, progress: Callable[[float], None] | None = None,
             seed: int = 0, threads: int = 1, perplexity: float = TSNE_PERPLEXITY) -> np.ndarray:
    """t-SNE of codes (N, d) to (N, 2) float32 with openTSNE (FFT-accelerated, exact neighbours for
    small N), initialised from the codes' PCA so that runs repeat for a seed. `progress(share)` is
    called as the optimisation goes, from 0 to 1: its two phases (early exaggeration, then the
    embedding) report their iterations. 10,000 codes take about a minute on one CPU thread."""
    import openTSNE

    values = np.asarray(codes.detach().cpu() if hasattr(codes, "detach") else codes, dtype=np.float64)
    if values.ndim != 2 or len(values) < 10 or not np.isfinite(values).all():
        raise ValueError(f"t-SNE needs (N, d) finite codes with N >= 10, got shape {values.shape}")
    perplexity = min(perplexity, (len(values) - 1) / 3)  # openTSNE's bound for a small N
    phases = {"early": 250, "main": 500}
    done = {"early": 0, "main": 0}
    total = sum(phases.values())

    def report(phase: str) -> Callable[[int, float, object], bool]:
        def callback(iteration: int, error: float, embedding: object) -> bool:
            done[phase] = iteration
            if progress is not None:
                progress(min(1.0, sum(done.values()) / total))
            return False
        return callback

    affinities = openTSNE.affinity.PerplexityBasedNN(values, perplexity=perplexity, n_jobs=threads,
                                                     random_state=seed, verbose=False)
    initial = openTSNE.initialization.pca(values, random_state=seed)
    embedding = openTSNE.TSNEEmbedding(initial, affinities, n_jobs=threads, random_state=seed, verbose=False)
    embedding = embedding.optimize(phases["early"], exaggeration=12, momentum=0.5,
                                   callbacks=report("early"), callbacks_every_iters=25)
    embedding = embedding.optimize(phases["main"], momentum=0.8, callbacks=report("main"), callbacks_every_iters=25)
    if progress is not None:
        progress(1.0)
    return np.asarray(embedding, dtype=np.float32)


def grey_share(images: torch.Tensor) -> float:
    """Share of the pixels of `images` (values in [0, 1]) that are neither ink nor paper."""
    low, high = GREY_LEVELS
    return float(((images > low) & (images < high)).float().mean())


def beta_summary(model: torch.nn.Module, data: "ImageData", images: int = 2000, samples: int = 200,
                 seed: int = 0) -> BetaSummary:
    """BetaSummary of a VAE on its first `images` test images and `samples` draws from its prior."""
    from .latent import sample_prior
    from .metrics import evaluate

    if not is_variational(model):
        raise ValueError("beta_summary needs a VAE")
    test = data.test_images[:images]
    mu, logvar = _posterior(model, test)
    kl = kl_per_dimension(mu, logvar)
    active = mu.var(0) > ACTIVE_VARIANCE
    correlation = 0.0
    if int(active.sum()) >= 2:
        matrix = torch.corrcoef(mu[:, active].T).abs()
        k = matrix.shape[0]
        correlation = float((matrix.sum() - matrix.diagonal().sum()) / (k * (k - 1)))
    terms = evaluate(model, test)
    drawn = sample_prior(model, samples, seed=seed)
    return BetaSummary(float(model.config.beta), int(model.latent_dim), int(active.sum()), kl.tolist(), correlation,
                       float(terms["recon"]), float(terms["kl"]), grey_share(drawn), grey_share(test))
