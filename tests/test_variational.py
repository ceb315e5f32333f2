"""Tests of ae_core.variational (a VAE's posterior, ellipses, replayable reparameterised samples) and
of the VAE page's two figure builders (reparameterization, latent_map)."""
from __future__ import annotations

import base64
import io
import math

import numpy as np
import pytest
import torch
from PIL import Image

from ae_core.figures import latent_map, reparameterization
from ae_core.latent import decode_grid, latent_grid
from ae_core.models import build_model
from ae_core.models.vae import VAE
from ae_core.training import TrainConfig, run
from ae_core.variational import ellipses, expected_inside, inside_fraction, posterior, reparameterized_samples


@pytest.fixture(scope="module")
def tiny_vae(mnist_small):
    """A 2-D MLP VAE (784-64-2) trained for 2 epochs on 2,000 images: its sigmas differ per image."""
    model = build_model("vae", {"latent_dim": 2, "hidden": [64]}, seed=0)
    run(model, mnist_small, TrainConfig(epochs=2, batch_size=64, lr=3e-3, seed=0))
    return model.eval()


def test_posterior_is_the_encoders_mean_and_standard_deviation(tiny_vae, mnist_small):
    images = mnist_small.test_images[:300]
    mu, sigma = posterior(tiny_vae, images, batch_size=64)  # several batches
    with torch.no_grad():
        expected_mu, logvar = tiny_vae.posterior(images)
    torch.testing.assert_close(mu, expected_mu)
    torch.testing.assert_close(sigma, (0.5 * logvar).exp())
    assert mu.shape == sigma.shape == (300, 2)
    assert (sigma > 0).all() and sigma.std() > 0  # a real posterior, not a constant


def test_posterior_of_one_image_and_mode_restored(tiny_vae, mnist_small):
    tiny_vae.train()
    mu, sigma = posterior(tiny_vae, mnist_small.test_images[0, 0])  # (28, 28)
    assert tiny_vae.training
    tiny_vae.eval()
    assert mu.shape == (1, 2)
    torch.testing.assert_close(mu, posterior(tiny_vae, mnist_small.test_images[:1])[0])


def test_posterior_needs_a_vae(tiny_ae, mnist_small):
    with pytest.raises(ValueError, match="only a VAE"):
        posterior(tiny_ae, mnist_small.test_images[:2])


def test_ellipses_are_the_picked_means_and_sigmas():
    mu = torch.tensor([[0.0, 1.0], [2.0, -1.0], [3.0, 3.0]])
    sigma = torch.tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
    np.testing.assert_allclose(ellipses(mu, sigma, [2, 0]), [(3.0, 3.0, 0.5, 0.6), (0.0, 1.0, 0.1, 0.2)], rtol=1e-6)
    assert ellipses(mu, sigma, []) == []
    with pytest.raises(IndexError, match="3, -1 out of range"):
        ellipses(mu, sigma, [3, -1])
    with pytest.raises(ValueError, match="both be"):
        ellipses(mu[:, :1], sigma[:, :1], [0])


def test_samples_follow_z_equals_mu_plus_sigma_eps():
    mu, sigma = [0.5, -1.0], [2.0, 0.25]
    eps, z = reparameterized_samples(mu, sigma, [1, 2, 3])
    assert eps.shape == z.shape == (3, 2)
    torch.testing.assert_close(z, torch.tensor(mu) + torch.tensor(sigma) * eps)
    # Exactly what the VAE's own reparameterize draws with a generator seeded the same way.
    logvar = 2 * torch.tensor([sigma]).log()
    direct = VAE.reparameterize(torch.tensor([mu]), logvar, torch.Generator().manual_seed(2))
    torch.testing.assert_close(z[1:2], direct)


def test_the_same_seeds_give_the_same_eps_under_another_mu_and_sigma():
    eps_a, z_a = reparameterized_samples([0.0, 0.0], [1.0, 1.0], [7, 8])
    eps_b, z_b = reparameterized_samples([1.0, 2.0], [0.5, 0.1], [7, 8])
    torch.testing.assert_close(eps_a, eps_b)
    torch.testing.assert_close(z_a, eps_a)  # mu 0, sigma 1: z is eps
    assert not torch.allclose(z_a, z_b)
    assert not torch.allclose(eps_a[0], eps_a[1])  # different seeds, different draws


def test_eps_is_standard_normal_and_the_inside_share_matches_theory():
    eps, _ = reparameterized_samples([0.0, 0.0], [1.0, 1.0], list(range(1, 4001)))
    assert abs(float(eps.mean())) < 0.05
    assert abs(float(eps.std()) - 1.0) < 0.05
    assert expected_inside() == pytest.approx(1 - math.exp(-0.5))
    assert inside_fraction(eps) == pytest.approx(expected_inside(), abs=0.03)
    assert inside_fraction(eps, radius=2.0) == pytest.approx(expected_inside(2.0), abs=0.02)


def test_sample_arguments_are_checked():
    assert reparameterized_samples([0.0, 0.0], [1.0, 1.0], [])[0].shape == (0, 2)
    with pytest.raises(ValueError, match="sigma finite and > 0"):
        reparameterized_samples([0.0, 0.0], [1.0, 0.0], [1])
    with pytest.raises(ValueError, match="same length"):
        reparameterized_samples([0.0, 0.0], [1.0], [1])
    with pytest.raises(ValueError, match="seeds must be integers"):
        reparameterized_samples([0.0], [1.0], [True])
    with pytest.raises(ValueError, match="seeds must be integers"):
        reparameterized_samples([0.0], [1.0], [-1])
    with pytest.raises(ValueError, match="K >= 1"):
        inside_fraction(torch.zeros(0, 2))


def _mosaic(figure) -> np.ndarray:
    source = figure.layout.images[0].source
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))))


def test_latent_map_tiles_sit_on_their_codes(tiny_vae):
    n, span = 5, (-2.0, 2.0)
    images = decode_grid(tiny_vae, span, span, n).numpy()  # (5, 5, 28, 28)
    figure = latent_map(images, span, span, markers=[(0.5, -1.0, "1")])
    mosaic = _mosaic(figure)
    assert mosaic.shape == (n * 28, n * 28)
    levels = (images * 255).round().astype(np.uint8)
    for i, j in ((0, 0), (0, 4), (3, 1), (4, 4)):
        np.testing.assert_array_equal(mosaic[i * 28:(i + 1) * 28, j * 28:(j + 1) * 28], levels[i, j])
    # The image spans one grid step beyond the outer codes on every side: tile centres on codes.
    step = 4.0 / (n - 1)
    picture = figure.layout.images[0]
    assert (picture.x, picture.y, picture.sizex, picture.sizey) == pytest.approx(
        (-2 - step / 2, 2 + step / 2, n * step, n * step))
    assert list(figure.layout.xaxis.range) == pytest.approx([-2 - step / 2, 2 + step / 2])
    # The invisible hover grid holds the same codes as latent_grid, row 0 at the top (highest y).
    hover = figure.data[0]
    codes = latent_grid(span, span, n).numpy()
    assert sorted(hover.x) == pytest.approx(sorted(set(codes[:, 0].tolist())))
    assert sorted(hover.y) == pytest.approx(sorted(set(codes[:, 1].tolist())))
    assert codes[0, 1] == 2.0 and codes[-1, 1] == -2.0
    marker = figure.data[1]
    assert (marker.x[0], marker.y[0], marker.text[0]) == (0.5, -1.0, "1")


def test_latent_map_checks_its_input():
    with pytest.raises(ValueError, match="n, n, h, w"):
        latent_map(np.zeros((2, 3, 28, 28)), (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="low < high"):
        latent_map(np.zeros((2, 2, 28, 28)), (1, -1), (-1, 1))
    single = latent_map(np.full((1, 1, 28, 28), 255, np.uint8), (-1, 1), (0, 4))
    assert _mosaic(single).min() == 255
    assert (single.layout.images[0].x, single.layout.images[0].sizey) == (-1.0, 4.0)


def test_reparameterization_figure_shows_both_spaces_and_the_latest_draw():
    eps, z = reparameterized_samples([1.0, -0.5], [0.5, 2.0], [1, 2, 3])
    figure = reparameterization(eps.numpy(), z.numpy(), [1.0, -0.5], [0.5, 2.0], labels={"eps": "E", "z": "Z"})
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles[:2] == ["E", "Z"]
    points = [trace for trace in figure.data if trace.mode == "markers" and trace.marker.size == 7]
    np.testing.assert_allclose(np.column_stack([points[0].x, points[0].y]), eps.numpy(), rtol=1e-6)
    np.testing.assert_allclose(np.column_stack([points[1].x, points[1].y]), z.numpy(), rtol=1e-6)
    rings = [trace for trace in figure.data if trace.marker is not None and trace.marker.size == 15]
    np.testing.assert_allclose([(ring.x[0], ring.y[0]) for ring in rings], [eps[-1].tolist(), z[-1].tolist()],
                               rtol=1e-6)
    # The 1-sigma ellipse of the z panel has the sigmas as half-axes around mu.
    one_sigma = [trace for trace in figure.data if trace.mode == "lines" and trace.xaxis == "x2"][0]
    assert (max(one_sigma.x) - min(one_sigma.x)) / 2 == pytest.approx(0.5, rel=1e-3)
    assert (max(one_sigma.y) - min(one_sigma.y)) / 2 == pytest.approx(2.0, rel=1e-3)
    with pytest.raises(ValueError, match="same shape"):
        reparameterization(eps.numpy(), z.numpy()[:2], [0, 0], [1, 1])
    empty = reparameterization(np.zeros((0, 2)), np.zeros((0, 2)), [0, 0], [1, 1])
    assert not [trace for trace in empty.data if trace.marker is not None and trace.marker.size == 15]
