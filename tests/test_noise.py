"""Statistics and contract of the corruption functions used by denoising autoencoders."""
from __future__ import annotations

import math

import pytest
import torch

from ae_core import noise

PIXELS = 64 * 28 * 28  # 50,176 draws: a fraction's standard error is at most 0.0023


def grey(value: float = 0.5, dtype: torch.dtype = torch.float32, device: str = "cpu") -> torch.Tensor:
    return torch.full((64, 1, 28, 28), value, dtype=dtype, device=device)


def generator(seed: int = 0, device: str = "cpu") -> torch.Generator:
    return noise.make_generator(device, seed)


def test_gaussian_adds_zero_mean_noise_with_std_sigma():
    # On mid-grey images sigma = 0.1 never reaches 0 or 1 (5 sigma away): nothing is clipped and
    # the output minus the input is the added noise itself.
    added = noise.corrupt(grey(), "gaussian", 0.1, generator(0)) - 0.5
    assert abs(float(added.mean())) < 0.002
    assert float(added.std()) == pytest.approx(0.1, rel=0.02)


def test_gaussian_clips_to_the_unit_interval_as_often_as_expected():
    noisy = noise.corrupt(grey(), "gaussian", 0.5, generator(1))
    assert float(noisy.min()) == 0.0 and float(noisy.max()) == 1.0
    # A pixel clips when |N(0, 0.5^2)| > 0.5, i.e. |N(0, 1)| > 1: probability erfc(1 / sqrt 2).
    clipped = float(((noisy == 0) | (noisy == 1)).float().mean())
    assert clipped == pytest.approx(math.erfc(1 / math.sqrt(2)), abs=0.01)


def test_salt_and_pepper_hits_a_fraction_p_half_black_half_white():
    noisy = noise.corrupt(grey(), "salt-pepper", 0.3, generator(2))
    hit = noisy != 0.5
    assert float(hit.float().mean()) == pytest.approx(0.3, abs=0.01)
    assert set(noisy[hit].unique().tolist()) == {0.0, 1.0}
    assert float((noisy[hit] == 1).float().mean()) == pytest.approx(0.5, abs=0.02)


def test_masking_drops_a_fraction_p_and_keeps_the_rest():
    images = torch.rand(64, 1, 28, 28, generator=torch.Generator().manual_seed(3)) * 0.9 + 0.1
    noisy = noise.corrupt(images, "masking", 0.25, generator(3))
    dropped = noisy == 0
    assert float(dropped.float().mean()) == pytest.approx(0.25, abs=0.01)
    assert torch.equal(noisy[~dropped], images[~dropped])


@pytest.mark.parametrize("kind, level", [("gaussian", 2.0), ("salt-pepper", 1.0), ("masking", 1.0),
                                         ("gaussian", 0.3), ("salt-pepper", 0.5)])
def test_outputs_stay_in_the_unit_interval(kind, level):
    images = torch.rand(16, 1, 28, 28, generator=torch.Generator().manual_seed(4))
    noisy = noise.corrupt(images, kind, level, generator(4))
    assert noisy.shape == images.shape
    assert float(noisy.min()) >= 0.0 and float(noisy.max()) <= 1.0


def test_full_level_extremes():
    assert torch.equal(noise.corrupt(grey(), "masking", 1.0, generator(5)), torch.zeros(64, 1, 28, 28))
    assert set(noise.corrupt(grey(), "salt-pepper", 1.0, generator(5)).unique().tolist()) == {0.0, 1.0}


@pytest.mark.parametrize("kind, level", [("gaussian", 0.4), ("salt-pepper", 0.2), ("masking", 0.2)])
def test_a_seed_repeats_a_corruption_and_another_seed_changes_it(kind, level):
    images = grey()
    first = noise.corrupt(images, kind, level, generator(7))
    assert torch.equal(noise.corrupt(images, kind, level, generator(7)), first)
    assert not torch.equal(noise.corrupt(images, kind, level, generator(8)), first)
    # One generator drawn twice moves on: two batches get different noise.
    shared = generator(7)
    noise.corrupt(images, kind, level, shared)
    assert not torch.equal(noise.corrupt(images, kind, level, shared), first)


@pytest.mark.parametrize("kind", [None, *noise.NOISE_KINDS])
def test_level_zero_or_no_kind_is_the_identity(kind):
    images = torch.rand(4, 1, 28, 28)
    assert torch.equal(noise.corrupt(images, kind, 0.0, generator(0)), images)


@pytest.mark.parametrize("kind, level, message", [
    ("blur", 0.1, "noise must be one of gaussian, salt-pepper, masking, got 'blur'"),
    ("gaussian", -0.1, r"noise level \(sigma\) for gaussian must be in \[0.0, 2.0\], got -0.1"),
    ("gaussian", 2.5, r"sigma.*got 2.5"),
    ("salt-pepper", 1.5, r"noise level \(probability\) for salt-pepper must be in \[0.0, 1.0\], got 1.5"),
    ("masking", True, r"probability.*got True"),
    ("masking", "0.2", r"probability.*got '0.2'"),
])
def test_bad_kind_or_level_is_named(kind, level, message):
    with pytest.raises(ValueError, match=message):
        noise.corrupt(torch.rand(2, 1, 28, 28), kind, level)
    with pytest.raises(ValueError, match=message):
        noise.check_noise(kind, level)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.bfloat16])
@pytest.mark.parametrize("kind", noise.NOISE_KINDS)
def test_noise_keeps_the_input_dtype(kind, dtype):
    noisy = noise.corrupt(grey(dtype=dtype), kind, 0.3, generator(9))
    assert noisy.dtype == dtype and noisy.device.type == "cpu"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("kind", noise.NOISE_KINDS)
def test_noise_runs_on_the_input_device(kind):
    images = grey(device="cuda")
    noisy = noise.corrupt(images, kind, 0.3, generator(10, device="cuda"))
    assert noisy.device == images.device
    assert torch.equal(noise.corrupt(images, kind, 0.3, generator(10, device="cuda")), noisy)
