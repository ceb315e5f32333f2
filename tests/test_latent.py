"""Latent-space helpers: encoding in batches, 2-D projection, code grids, interpolation, prior samples."""
from __future__ import annotations

import pytest
import torch

from ae_core import latent
from ae_core.models import build_model
from ae_core.models.ae import UndercompleteAE


class PriorAE(UndercompleteAE):
    """An AE that claims a N(0, I) prior, standing in for a VAE in sample_prior's tests."""

    def sample(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return self.decode(torch.randn(n, self.latent_dim, generator=generator))


@pytest.fixture(scope="module")
def wide_ae() -> UndercompleteAE:
    return build_model("ae", {"latent_dim": 8, "hidden": [32]}, seed=1).eval()


def test_encode_dataset_matches_encode_and_does_not_depend_on_batch_size(tiny_ae, mnist_small):
    images = mnist_small.test_images[:100]
    codes = latent.encode_dataset(tiny_ae, images)
    assert codes.shape == (100, 2)
    with torch.no_grad():
        assert torch.allclose(codes, tiny_ae.encode(images), atol=1e-6)
    assert torch.allclose(latent.encode_dataset(tiny_ae, images, batch_size=7), codes, atol=1e-6)
    assert not codes.requires_grad


def test_encode_dataset_restores_training_mode_and_checks_shape(wide_ae):
    wide_ae.train()
    latent.encode_dataset(wide_ae, torch.rand(3, 1, 28, 28))
    assert wide_ae.training
    wide_ae.eval()
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        latent.encode_dataset(wide_ae, torch.rand(3, 784))


def test_project_2d_keeps_2d_codes_and_places_1d_codes_on_the_x_axis():
    codes = torch.randn(10, 2)
    points, method, ratio = latent.project_2d(codes)
    assert method == "identity" and ratio == 1.0 and torch.equal(points, codes)
    points, method, _ = latent.project_2d(codes[:, :1])
    assert method == "identity" and torch.equal(points[:, 0], codes[:, 0]) and (points[:, 1] == 0).all()


def test_project_2d_uses_pca_for_wider_codes():
    generator = torch.Generator().manual_seed(0)
    # 8-D codes that vary along two directions only: PCA keeps all of their variance.
    codes = torch.randn(200, 2, generator=generator) @ torch.randn(2, 8, generator=generator)
    points, method, ratio = latent.project_2d(codes)
    assert method == "pca" and points.shape == (200, 2)
    assert ratio == pytest.approx(1.0, abs=1e-4)
    # Full-rank noise: two of eight directions keep a part of the variance only.
    _, _, ratio = latent.project_2d(torch.randn(200, 8, generator=generator))
    assert 0.25 < ratio < 0.6


def test_latent_grid_orders_codes_like_an_image_read_from_the_top_left():
    z = latent.latent_grid((-2, 2), (-1, 3), 5)
    assert z.shape == (25, 2)
    assert z[0].tolist() == [-2.0, 3.0]  # top left: lowest x, highest y
    assert z[4].tolist() == [2.0, 3.0]  # top right
    assert z[-1].tolist() == [2.0, -1.0]  # bottom right
    assert z[12].tolist() == [0.0, 1.0]  # centre
    assert latent.latent_grid((0, 2), (0, 4), 1).tolist() == [[1.0, 2.0]]


@pytest.mark.parametrize("x_range, y_range, n, message", [
    ((0, 1), (0, 1), 0, "grid size n"),
    ((0, 1), (0, 1), 65, "grid size n"),
    ((1, 0), (0, 1), 3, "x_range"),
    ((0, 1), (0, float("inf")), 3, "y_range"),
    ((0,), (0, 1), 3, "x_range"),
])
def test_latent_grid_rejects_bad_arguments(x_range, y_range, n, message):
    with pytest.raises(ValueError, match=message):
        latent.latent_grid(x_range, y_range, n)


def test_decode_grid_places_each_decoded_code_at_its_tile(tiny_ae):
    grid = latent.decode_grid(tiny_ae, (-3, 3), (-3, 3), 4)
    assert grid.shape == (4, 4, 28, 28)
    assert grid.min() >= 0 and grid.max() <= 1
    z = latent.latent_grid((-3, 3), (-3, 3), 4)
    with torch.no_grad():
        expected = tiny_ae.decode(z[[1, 14]])  # row 0 col 1; row 3 col 2
    assert torch.allclose(grid[0, 1], expected[0, 0], atol=1e-6)
    assert torch.allclose(grid[3, 2], expected[1, 0], atol=1e-6)


def test_decode_grid_needs_2d_codes(wide_ae):
    with pytest.raises(ValueError, match="2-D codes"):
        latent.decode_grid(wide_ae, (-1, 1), (-1, 1), 3)


def test_interpolate_runs_from_one_reconstruction_to_the_other(tiny_ae, mnist_small):
    image_a, image_b = mnist_small.test_images[0], mnist_small.test_images[1]  # (1, 28, 28) each
    path = latent.interpolate(tiny_ae, image_a, image_b, steps=5)
    assert path.shape == (5, 1, 28, 28)
    with torch.no_grad():
        ends = tiny_ae.reconstruct(torch.stack([image_a, image_b]))
        codes = tiny_ae.encode(torch.stack([image_a, image_b]))
        middle = tiny_ae.decode(codes.mean(0, keepdim=True))
    assert torch.allclose(path[0], ends[0], atol=1e-5)
    assert torch.allclose(path[-1], ends[1], atol=1e-5)
    assert torch.allclose(path[2], middle[0], atol=1e-5)
    # A bare (28, 28) image works too.
    assert torch.allclose(latent.interpolate(tiny_ae, image_a[0], image_b[0], 5), path)
    with pytest.raises(ValueError, match="steps"):
        latent.interpolate(tiny_ae, image_a, image_b, steps=1)


def test_sample_prior_is_seeded_and_needs_a_prior(wide_ae):
    model = PriorAE(wide_ae.config)
    first = latent.sample_prior(model, 6, seed=3)
    assert first.shape == (6, 1, 28, 28) and first.min() >= 0 and first.max() <= 1
    assert torch.equal(latent.sample_prior(model, 6, seed=3), first)
    assert not torch.equal(latent.sample_prior(model, 6, seed=4), first)
    with pytest.raises(ValueError, match="no prior"):
        latent.sample_prior(wide_ae, 6)
    with pytest.raises(ValueError, match="number of samples"):
        latent.sample_prior(model, 0)


def test_vae_codes_are_posterior_means_and_prior_samples_repeat():
    vae = build_model("vae", {"latent_dim": 2}, seed=0).eval()
    images = torch.rand(4, 1, 28, 28)
    with torch.no_grad():
        mu, _ = vae.posterior(images)
    assert torch.allclose(latent.encode_dataset(vae, images), mu, atol=1e-6)
    samples = latent.sample_prior(vae, 5, seed=1)
    assert samples.shape == (5, 1, 28, 28)
    assert torch.equal(latent.sample_prior(vae, 5, seed=1), samples)
    assert latent.decode_grid(vae, (-2, 2), (-2, 2), 3).shape == (3, 3, 28, 28)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_helpers_follow_the_model_onto_cuda(tiny_ae, mnist_small):
    model = build_model("ae", tiny_ae.config, seed=0)
    model.load_state_dict(tiny_ae.state_dict())
    model.cuda()
    codes = latent.encode_dataset(model, mnist_small.test_images[:10])  # CPU images, CUDA model
    assert codes.is_cuda
    assert torch.allclose(codes.cpu(), latent.encode_dataset(tiny_ae, mnist_small.test_images[:10]), atol=1e-4)
    assert latent.decode_grid(model, (-1, 1), (-1, 1), 3).is_cuda
