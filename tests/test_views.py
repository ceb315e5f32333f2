"""Precomputed views of shipped models (ae_core/views.py): they round-trip through their file, a
file made from other weights or with other parameters is not used, and pretrain's hook writes them
beside the weights."""
from __future__ import annotations

import numpy as np
import pytest

from ae_core import pretrained, views
from ae_core.denoising import PsnrCurve
from ae_core.novelty import NoveltyAnalysis
from tests.tiny_pretrained import write_tiny_pretrained


def test_views_round_trip_through_their_file(tmp_path, tiny_ae, mnist_small) -> None:
    latent = views.latent_view(tiny_ae, mnist_small)
    analysis = views.novelty_analysis(tiny_ae, mnist_small, [0], normal_train_limit=200)
    curve = views.psnr_curve(tiny_ae, mnist_small, "gaussian", images=50)
    grid = views.latent_map(tiny_ae, 2.0, 3)
    path = views.save(tmp_path / "m.views.safetensors", "m", mnist_small.name, "abc", {
        "latent": ({}, latent), "novelty": ({"normal": [0]}, analysis), "psnr.gaussian": ({"images": 50}, curve),
        "map": ({"half_range": 2.0, "n": 3}, grid), "conv": ({}, {"mse": 0.25, "checker": 1.5})})

    loaded = views.load(path, "abc")
    assert (loaded.key, loaded.dataset, loaded.weights_sha256) == ("m", mnist_small.name, "abc")
    back = loaded.get("latent", {}, views.LatentView)
    assert back.points.dtype == np.float32 and back.labels.dtype == latent.labels.dtype
    # Points are stored as float16: they place dots on a scatter.
    np.testing.assert_allclose(back.points, latent.points, rtol=1e-3, atol=1e-3)
    np.testing.assert_array_equal(back.labels, latent.labels)
    assert (back.method, back.explained, back.latent_dim) == (latent.method, latent.explained, latent.latent_dim)
    novelty = loaded.get("novelty", {"normal": [0]}, NoveltyAnalysis)
    np.testing.assert_array_equal(novelty.scores, analysis.scores)
    np.testing.assert_array_equal(novelty.tpr, analysis.tpr)
    assert novelty.report == analysis.report  # per-class AUROCs keyed by int digits again
    assert novelty.confusion(0.05) == analysis.confusion(0.05)
    assert loaded.get("psnr.gaussian", {"images": 50}, PsnrCurve) == curve
    np.testing.assert_array_equal(loaded.get("map", {"half_range": 2.0, "n": 3}), grid)
    assert loaded.get("conv", {}) == {"mse": 0.25, "checker": 1.5}


def test_a_view_made_with_other_parameters_is_not_used(tmp_path) -> None:
    path = views.save(tmp_path / "m.views.safetensors", "m", "mnist", "abc",
                      {"psnr.gaussian": ({"images": 1000}, {"levels": [0.1]})})
    loaded = views.load(path, "abc")
    assert loaded.get("psnr.gaussian", {"images": 500}) is None
    assert loaded.get("psnr.masking", {"images": 1000}) is None
    assert loaded.get("psnr.gaussian", {"images": 1000}) == {"levels": [0.1]}


def test_a_stale_or_broken_views_file_is_rejected(tmp_path) -> None:
    path = views.save(tmp_path / "m.views.safetensors", "m", "mnist", "abc", {"conv": ({}, {"mse": 1.0})})
    with pytest.raises(views.ViewsError, match="other weights"):
        views.load(path, "another fingerprint")
    with pytest.raises(FileNotFoundError):
        views.load(tmp_path / "none.views.safetensors", "abc")
    broken = tmp_path / "broken.views.safetensors"
    broken.write_bytes(b"not a safetensors file at all")
    with pytest.raises(views.ViewsError):
        views.load(broken)


def test_pretrain_writes_views_beside_the_weights_and_new_weights_make_them_stale(tmp_path, mnist_small) -> None:
    folder = write_tiny_pretrained(tmp_path, ["conv-unpool"])
    path = pretrained.write_views("conv-unpool", mnist_small, folder)
    assert path == pretrained.views_path_for("conv-unpool", folder) and path.parent == folder
    stored = pretrained.load_views("conv-unpool", folder)
    assert stored.weights_sha256 == views.fingerprint(pretrained.path_for("conv-unpool", folder))
    scores = stored.get("conv", {"checker_images": views.CHECKER_IMAGES})
    model, _ = pretrained.load_pretrained("conv-unpool", folder=folder)
    assert scores == pytest.approx(views.conv_scores(model, mnist_small))

    # Regenerated weights (another seed): the views beside them describe the old ones.
    write_tiny_pretrained(tmp_path, ["conv-unpool"], seed=1)
    with pytest.raises(views.ViewsError, match="stale"):
        pretrained.load_views("conv-unpool", folder)


def test_each_family_gets_the_views_its_page_reads() -> None:
    def names(key: str) -> set[str]:
        return set(pretrained.views_plan(key))

    assert names("ae-2d") == {"latent", "features"}
    curves = {"psnr.gaussian", "psnr.salt-pepper", "psnr.masking"}
    explorer = {"explore", "tsne"}
    assert names("dae-gaussian") == curves and names("ae-32d") == curves | {"features"} | explorer
    assert names("ae-8d") == names("ae-16d") == {"features"} | explorer
    # The explorer's VAEs: their codes above 2-D, and what beta did to them.
    assert names("vae-8d") == names("vae-16d") == names("vae-16d-beta4") == explorer | {"beta"}
    assert names("novelty") == {"novelty"}
    assert names("conv-transposed") == {"conv"}
    assert names("vae-2d-mlp") == {"posterior", "map", "browser_decoder"}
    assert names("vae-2d-conv") == {"posterior", "map"}
    # Beyond the explorer's, the VAE page shows 2-D codes only: a wider VAE gets no views.
    assert not views.plan("vae", {"latent_dim": 20, "architecture": "mlp"}, None, (100, None))


def test_a_model_no_page_shows_a_view_of_gets_no_views_file(tmp_path, mnist_small) -> None:
    folder = write_tiny_pretrained(tmp_path, ["stacked"])
    pretrained.views_path_for("stacked", folder).write_bytes(b"left from an older plan")
    assert pretrained.write_views("stacked", mnist_small, folder) is None
    assert not pretrained.views_path_for("stacked", folder).exists()


def test_a_shipped_models_reconstructions_are_made_once_and_a_learners_are_its_own(tiny_ae) -> None:
    from ui import models, resources
    from ui.images import reconstruct, to_numpy

    data = resources.dataset("mnist")
    indices = [0, 5, 7]
    shipped = models.pretrained_choice("ae-2d")
    first = shipped.reconstructions(data, indices)
    expected = to_numpy(reconstruct(shipped.model, data.test_images[indices]))
    np.testing.assert_allclose(first, expected, atol=1e-6)
    assert shipped.reconstructions(data, indices) is first and not first.flags.writeable  # shared, read-only
    # A learner's model that names the same shipped key (trained from it) draws its own outputs.
    own = models.ModelChoice(tiny_ae, {}, models.TRAINED, "tiny", pretrained_key="ae-2d", trained=object())
    mine = own.reconstructions(data, indices)
    np.testing.assert_allclose(mine, to_numpy(reconstruct(tiny_ae, data.test_images[indices])), atol=1e-6)
    assert np.abs(mine - first).max() > 0.05
