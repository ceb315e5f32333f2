"""The explorer of codes above 2-D (ae_core/explore.py): traversals hold every dimension but one,
sweep ranges follow the family's scale, activity tells used from unused dimensions, maps keep
neighbours, and beta's summary measures what it claims."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_core import explore, views
from ae_core.models import build_model
from ae_core.training import TrainConfig, run


@pytest.fixture(scope="module")
def ae8(mnist_small):
    model = build_model("ae", {"latent_dim": 8, "hidden": [128]}, seed=0)
    run(model, mnist_small, TrainConfig(epochs=2, batch_size=64, lr=3e-3, seed=0))
    return model.eval()


@pytest.fixture(scope="module")
def vae8(mnist_small):
    model = build_model("vae", {"latent_dim": 8, "architecture": "mlp", "hidden": [128], "beta": 1.0}, seed=0)
    run(model, mnist_small, TrainConfig(epochs=2, batch_size=64, lr=3e-3, seed=0))
    return model.eval()


def test_a_traversal_changes_one_dimension_per_row_and_holds_the_rest(ae8, mnist_small) -> None:
    space = explore.code_space(ae8, mnist_small)
    code = ae8.encode(mnist_small.test_images[:1]).detach()[0]
    grid = explore.traversal(ae8, code.numpy(), space.low, space.high, steps=5)
    assert grid.shape == (8, 5, 28, 28)
    assert float(grid.min()) >= 0.0 and float(grid.max()) <= 1.0
    # Row j, column k is the decoder's image of the code with only dimension j set to value k.
    values = explore.sweep_values(space.low, space.high, 5)
    for row, column in ((0, 0), (3, 4), (7, 2)):
        changed = code.clone()
        changed[row] = float(values[row, column])
        expected = ae8.decode(changed[None]).detach().view(28, 28)
        torch.testing.assert_close(grid[row, column], expected, atol=1e-5, rtol=0)
    # Sweeping a dimension changes the picture along its row.
    assert float((grid[:, 0] - grid[:, -1]).abs().mean()) > 1e-3


def test_sweep_ranges_cover_the_codes_and_a_vae_reaches_its_prior(ae8, vae8, mnist_small) -> None:
    space = explore.code_space(ae8, mnist_small)
    codes = ae8.encode(mnist_small.test_images).detach()
    inside = ((codes >= torch.from_numpy(space.low)) & (codes <= torch.from_numpy(space.high))).float().mean()
    assert float(inside) > 0.97  # the middle 98% widened: nearly every code is reachable by a slider
    vae_space = explore.code_space(vae8, mnist_small)
    assert (vae_space.low <= -explore.PRIOR_SPAN).all() and (vae_space.high >= explore.PRIOR_SPAN).all()
    assert vae_space.activity_kind == "kl" and space.activity_kind == "std"
    assert vae_space.points.shape == (mnist_small.test_images.shape[0], 2)
    assert 0.0 < vae_space.pca_explained <= 1.0


def test_kl_per_dimension_is_zero_for_the_prior_and_counts_information() -> None:
    mu, logvar = torch.zeros(50, 3), torch.zeros(50, 3)
    assert torch.allclose(explore.kl_per_dimension(mu, logvar), torch.zeros(3))
    mu[:, 1] = 2.0  # mean 2, variance 1: KL = 2^2 / 2 = 2 nats in that dimension only
    torch.testing.assert_close(explore.kl_per_dimension(mu, logvar), torch.tensor([0.0, 2.0, 0.0]))


def test_bad_codes_and_steps_are_refused_with_a_clear_message(ae8, mnist_small) -> None:
    space = explore.code_space(ae8, mnist_small)
    with pytest.raises(ValueError, match="8 finite numbers"):
        explore.traversal(ae8, np.zeros(7), space.low, space.high)
    with pytest.raises(ValueError, match="8 finite numbers"):
        explore.traversal(ae8, np.full(8, np.nan), space.low, space.high)
    with pytest.raises(ValueError, match="steps"):
        explore.sweep_values(space.low, space.high, 1)
    with pytest.raises(ValueError, match="low < high"):
        explore.sweep_values(space.high, space.low, 5)


def test_tsne_keeps_neighbours_better_than_pca_and_repeats_for_a_seed(ae8, mnist_small) -> None:
    codes = ae8.encode(mnist_small.test_images[:300]).detach()
    labels = mnist_small.test_labels[:300].numpy()
    shares: list[float] = []
    first = explore.tsne_map(codes, progress=shares.append, seed=0)
    again = explore.tsne_map(codes, seed=0)
    assert first.shape == (300, 2) and first.dtype == np.float32
    np.testing.assert_allclose(first, again, atol=1e-4)
    assert shares and shares[-1] == 1.0 and shares == sorted(shares)

    def knn_agreement(points: np.ndarray, k: int = 5) -> float:
        distances = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
        np.fill_diagonal(distances, np.inf)
        neighbours = np.argsort(distances, axis=1)[:, :k]
        return float((labels[neighbours] == labels[:, None]).mean())

    pca_points = explore.code_space(ae8, mnist_small.subset(test_limit=300)).points
    # A neighbour-preserving map keeps same-digit neighbours together more than the linear one.
    assert knn_agreement(first) > knn_agreement(pca_points)
    with pytest.raises(ValueError, match="N >= 10"):
        explore.tsne_map(np.zeros((5, 8)))


def test_beta_summary_counts_active_dimensions_and_grey_pixels(vae8, mnist_small) -> None:
    summary = explore.beta_summary(vae8, mnist_small, images=300, samples=50)
    assert summary.latent_dim == 8 and summary.beta == 1.0
    assert 0 < summary.active <= 8 and len(summary.kl_per_dim) == 8
    assert summary.kl == pytest.approx(sum(summary.kl_per_dim), rel=0.05)
    assert 0.0 <= summary.mean_abs_correlation <= 1.0
    # Real digits are mostly ink or paper; samples of a 2-epoch VAE are blurrier.
    assert summary.data_grey < summary.sample_grey
    with pytest.raises(ValueError, match="VAE"):
        explore.beta_summary(build_model("ae", {"latent_dim": 8, "hidden": [32]}), mnist_small)


def test_grey_share_counts_only_pixels_between_ink_and_paper() -> None:
    images = torch.tensor([0.0, 1.0, 0.5, 0.19, 0.81, 0.3])
    assert explore.grey_share(images) == pytest.approx(2 / 6)


def test_the_explorer_views_round_trip_and_a_vae_also_gets_its_beta_summary(ae8, mnist_small, tmp_path) -> None:
    plan = views.explore_plan("ae")
    assert set(plan) == {"explore", "tsne"} and set(views.explore_plan("vae")) == {"explore", "tsne", "beta"}
    space = explore.code_space(ae8, mnist_small)
    path = views.save(tmp_path / "x.views.safetensors", "x", mnist_small.name, "sha", {"explore": ({}, space)})
    back = views.load(path, "sha").get("explore", {}, explore.CodeSpace)
    np.testing.assert_array_equal(back.low, space.low)
    np.testing.assert_array_equal(back.activity, space.activity)
    np.testing.assert_allclose(back.points, space.points, atol=2e-2, rtol=1e-3)
    assert (back.latent_dim, back.activity_kind) == (8, "std")
