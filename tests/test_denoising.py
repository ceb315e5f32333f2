"""ae_core.denoising: corrupt-and-reconstruct, and PSNR against noise level on shared noisy inputs."""
from __future__ import annotations

import pytest
import torch

from ae_core import metrics
from ae_core.denoising import DEFAULT_LEVELS, default_levels, denoise, psnr_curve
from ae_core.models import build_model
from ae_core.noise import NOISE_KINDS
from ae_core.training import TrainConfig, run


class Identity(torch.nn.Module):
    """Hands its input back: its output PSNR must equal the noisy input's exactly."""

    def __init__(self) -> None:
        super().__init__()
        self.anchor = torch.nn.Parameter(torch.zeros(1))  # gives the model a device

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        return x


class Blank(Identity):
    """Outputs an all-zero image whatever the input: a PSNR that does not depend on the noise."""

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        return torch.zeros_like(x)


@pytest.fixture(scope="module")
def small_dae(mnist_small):
    """784-128-32 MLP trained 3 epochs on 2,000 digits with Gaussian noise sigma 0.5 (a few s)."""
    model = build_model("ae", {"latent_dim": 32, "hidden": [128]}, seed=0)
    run(model, mnist_small, TrainConfig(epochs=3, batch_size=64, lr=3e-3, noise="gaussian",
                                        noise_level=0.5, seed=0))
    return model.eval()


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_denoise_corrupts_then_reconstructs_once(mnist_small, kind):
    clean = mnist_small.test_images[:8]
    result = denoise(Identity(), clean, kind, 0.3, seed=3)
    assert result.noisy.shape == result.denoised.shape == (8, 1, 28, 28)
    assert not torch.equal(result.noisy, clean)
    assert torch.equal(result.denoised, result.noisy)
    assert torch.allclose(result.output_psnr, result.input_psnr)
    assert torch.allclose(result.input_psnr, metrics.per_image_psnr(result.noisy, clean))
    again = denoise(Identity(), clean, kind, 0.3, seed=3)
    assert torch.equal(again.noisy, result.noisy)
    assert not torch.equal(denoise(Identity(), clean, kind, 0.3, seed=4).noisy, result.noisy)


def test_denoise_accepts_a_single_image(mnist_small):
    result = denoise(Identity(), mnist_small.test_images[0, 0], "masking", 0.5)
    assert result.clean.shape == (1, 1, 28, 28)


def test_denoise_rejects_bad_noise(mnist_small):
    with pytest.raises(ValueError, match="noise must be one of"):
        denoise(Identity(), mnist_small.test_images[:2], "speckle", 0.1)
    with pytest.raises(ValueError, match=r"sigma.*\[0.0, 2.0\]"):
        denoise(Identity(), mnist_small.test_images[:2], "gaussian", 3.0)


def test_a_trained_dae_removes_gaussian_noise(mnist_small, small_dae):
    result = denoise(small_dae, mnist_small.test_images[:200], "gaussian", 0.5)
    # 3 epochs on 2,000 digits gains about 3 dB here; the shipped DAE, trained longer, gains more.
    assert float(result.output_psnr.mean()) > float(result.input_psnr.mean()) + 2.0


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_psnr_curve_compares_models_on_the_same_noisy_inputs(mnist_small, kind):
    images = mnist_small.test_images[:100]
    curve = psnr_curve({"identity": Identity(), "blank": Blank()}, images, kind)
    assert curve.levels == list(DEFAULT_LEVELS[kind])
    # The identity model's output is its input: equal PSNR only if both saw the same noisy images.
    assert curve.outputs["identity"] == pytest.approx(curve.input_psnr)
    assert curve.gain_db("identity") == pytest.approx([0.0] * len(curve.levels), abs=1e-9)
    # Heavier noise -> a worse noisy input, while a blank output does not care about the noise.
    assert all(a > b for a, b in zip(curve.input_psnr, curve.input_psnr[1:]))
    assert max(curve.outputs["blank"]) - min(curve.outputs["blank"]) < 1e-9


def test_psnr_curve_shows_the_dae_gain(mnist_small, small_dae):
    curve = psnr_curve({"dae": small_dae}, mnist_small.test_images[:200], "gaussian", levels=[0.3, 0.5, 0.8])
    assert curve.levels == [0.3, 0.5, 0.8]
    gains = curve.gain_db("dae")
    assert gains[1] > 2.0 and gains[2] > gains[1]
    # The noisy input loses several dB from sigma 0.3 to 0.8; the DAE's output loses far less.
    input_drop = curve.input_psnr[0] - curve.input_psnr[2]
    output_drop = curve.outputs["dae"][0] - curve.outputs["dae"][2]
    assert input_drop > 4.0 and output_drop < input_drop / 3


def test_psnr_curve_rejects_bad_arguments(mnist_small):
    images = mnist_small.test_images[:4]
    with pytest.raises(ValueError, match="at least one model"):
        psnr_curve({}, images, "gaussian")
    with pytest.raises(ValueError, match="at least one noise level"):
        psnr_curve({"identity": Identity()}, images, "gaussian", levels=[])
    with pytest.raises(ValueError, match="probability"):
        psnr_curve({"identity": Identity()}, images, "masking", levels=[0.5, 1.5])
    with pytest.raises(ValueError, match="noise must be one of"):
        default_levels("blur")
