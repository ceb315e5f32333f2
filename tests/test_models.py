"""The stacked, convolutional and variational families: shapes, named loss terms, the VAE's
maths on cases with known answers, config errors, named weights, and the unpooling decoder."""
from __future__ import annotations

import math

import pytest
import torch

from ae_core.data import ImageData
from ae_core.models import ConfigError, build_model
from ae_core.models.conv import ConvConfig
from ae_core.models.stacked import StackedConfig
from ae_core.models.vae import VAE, VAEConfig, kl_divergence
from ae_core.training import TrainConfig, run

FAMILY_CONFIGS = [
    ("stacked", {"hidden": [64, 32], "latent_dim": 8}),
    ("conv", {"decoder": "transposed", "channels": [4, 8]}),
    ("conv", {"decoder": "unpool", "channels": [4, 8]}),
    ("conv", {"decoder": "upsample", "channels": [4, 8], "upsample_mode": "bilinear"}),
    ("conv", {"decoder": "transposed", "channels": [4, 4, 8]}),
    ("vae", {"architecture": "mlp", "hidden": [64], "latent_dim": 3}),
    ("vae", {"architecture": "conv", "channels": [4, 8], "hidden": [32], "latent_dim": 3}),
]


@pytest.fixture()
def images() -> torch.Tensor:
    return torch.rand(5, 1, 28, 28, generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize(("family", "config"), FAMILY_CONFIGS)
def test_shapes_and_loss_terms(family, config, images):
    model = build_model(family, config, seed=0)
    code = model.encode(images)
    assert code.shape == (5, model.latent_dim)
    decoded = model.decode(code)
    assert decoded.shape == (5, 1, 28, 28)
    assert decoded.min() >= 0 and decoded.max() <= 1
    assert model.reconstruct(images).shape == (5, 1, 28, 28)
    terms = model.loss(images, images)
    expected = {"loss", "recon", "kl"} if family == "vae" else {"loss", "recon"}
    assert set(terms) == expected
    assert all(value.dim() == 0 and math.isfinite(value.item()) for value in terms.values())
    terms["loss"].backward()
    assert all(p.grad is not None for p in model.parameters())


@pytest.mark.parametrize("decoder", ["transposed", "unpool", "upsample"])
def test_conv_feature_maps_cover_every_layer(decoder, images):
    model = build_model("conv", {"decoder": decoder, "channels": [4, 8]})
    maps = model.feature_maps(images)
    names = [name for name, _ in maps]
    assert names[:4] == ["encoder conv1", "encoder pool1", "encoder conv2", "encoder pool2"]
    assert names[-2:] == ["output logits", "output"]
    shapes = dict(maps)
    assert shapes["encoder conv1"].shape == (5, 4, 28, 28)
    assert shapes["encoder pool2"].shape == (5, 8, 7, 7)
    assert shapes["decoder input"].shape == (5, 8, 7, 7)
    assert all(tensor.dim() == 4 and tensor.shape[0] == 5 for tensor in shapes.values())
    if decoder != "transposed":
        assert shapes[f"decoder {decoder}1"].shape == (5, 8, 14, 14)
    assert torch.allclose(shapes["output"], model.reconstruct(images))
    assert model.parameter_count() == sum(p.numel() for p in model.parameters())


def test_unpool_decoder_uses_the_pooling_indices(images):
    unpool = build_model("conv", {"decoder": "unpool", "channels": [4, 8]}, seed=0)
    with torch.no_grad():
        with_indices = unpool.reconstruct(images)
        without = unpool.decode(unpool.encode(images))
    assert not torch.allclose(with_indices, without, atol=1e-4)
    # The unpooled map puts each value back where the encoder's max was.
    maps = dict(unpool.feature_maps(images))
    pooled, unpooled = maps["encoder pool2"], maps["decoder unpool1"]
    _, indices = torch.nn.functional.max_pool2d(maps["encoder conv2"], 2, return_indices=True)
    allowed = torch.nn.functional.max_unpool2d(torch.ones_like(pooled), indices, 2,
                                               output_size=(14, 14)) != 0
    assert (unpooled != 0).any() and not ((unpooled != 0) & ~allowed).any()
    # The other decoders need no indices: decode(encode(x)) is the reconstruction.
    upsample = build_model("conv", {"decoder": "upsample", "channels": [4, 8]}, seed=0)
    with torch.no_grad():
        assert torch.allclose(upsample.reconstruct(images), upsample.decode(upsample.encode(images)))


def test_unpool_without_indices_fills_top_left_of_each_window(images):
    model = build_model("conv", {"decoder": "unpool", "channels": [4]}, seed=0)
    code = model.encode(images)
    # With one block, the 14x14 map is unpooled straight to 28x28; hook the unpooled map.
    captured = []
    handle = model.unpool.register_forward_hook(lambda module, args, output: captured.append(output))
    with torch.no_grad():
        model.decode(code)
    handle.remove()
    unpooled = captured[0]
    assert unpooled.shape == (5, 4, 28, 28)
    assert torch.count_nonzero(unpooled[:, :, 1::2, :]) == 0
    assert torch.count_nonzero(unpooled[:, :, :, 1::2]) == 0
    assert torch.count_nonzero(unpooled[:, :, ::2, ::2]) > 0


def test_conv_trains_on_a_small_slice(mnist_small):
    model = build_model("conv", {"decoder": "unpool", "channels": [4, 8]}, seed=0)
    small = mnist_small.subset(train_limit=600, test_limit=200)
    with torch.no_grad():
        untrained = float((model.reconstruct(small.test_images) - small.test_images).pow(2).mean())
    event = run(model, small, TrainConfig(epochs=2, batch_size=50, lr=3e-3, report_every=4))
    first, last = event.history[0]["terms"]["loss"], event.history[-1]["terms"]["loss"]
    assert last < first
    assert event.test["mse"] < 0.8 * untrained


def test_stacked_named_weights_follow_the_source_text():
    model = build_model("stacked", {"hidden": [64, 32], "latent_dim": 8})
    weights = model.named_weights()
    assert list(weights) == ["We1", "We2", "We3", "Wd1", "Wd2", "Wd3"]
    assert weights["We1"].shape == (64, 784) and weights["We3"].shape == (8, 32)
    assert weights["Wd1"].shape == (32, 8) and weights["Wd3"].shape == (784, 64)
    for k in range(1, 4):  # Wd(K+1-k) mirrors Wek
        assert weights[f"Wd{4 - k}"].shape == weights[f"We{k}"].T.shape
    assert weights["We1"] is model.encoder_layers[0].weight  # the live tensors, not copies


def test_stacked_layer_codes_and_depth_reconstructions(images):
    model = build_model("stacked", {"hidden": [64, 32], "latent_dim": 8})
    codes = model.layer_codes(images)
    assert [tuple(c.shape) for c in codes] == [(5, 64), (5, 32), (5, 8)]
    assert torch.equal(codes[-1], model.encode(images))
    rebuilt = model.depth_reconstructions(images)
    assert len(rebuilt) == 3 and all(r.shape == (5, 1, 28, 28) for r in rebuilt)
    assert torch.allclose(rebuilt[-1], model.reconstruct(images))
    names = [name for name, _ in model.layer_activations(images)]
    assert names == ["x", "h1", "h2", "code", "h2_hat", "h1_hat", "x_hat"]


def test_toy_stacked_net_of_the_source_text_trains_on_vectors():
    toy = build_model("stacked", {"input_dim": 5, "hidden": [2, 2, 2], "latent_dim": 2,
                                  "activation": "tanh"}, seed=0)
    assert [tuple(w.shape) for w in toy.named_weights().values()] == [
        (2, 5), (2, 2), (2, 2), (2, 2), (2, 2), (2, 2), (2, 2), (5, 2)]
    generator = torch.Generator().manual_seed(0)
    # Five inputs driven by two hidden factors: a code of two can rebuild them.
    factors = torch.rand(600, 2, generator=generator)
    mixing = torch.tensor([[1.0, 0.0, 0.5, 0.8, 0.2], [0.0, 1.0, 0.5, 0.2, 0.8]])
    vectors = (factors @ mixing).clamp(0, 1)
    data = ImageData("toy", vectors[:500], torch.zeros(500, dtype=torch.long),
                     vectors[500:], torch.zeros(100, dtype=torch.long))
    assert toy.decode(toy.encode(vectors[:3])).shape == (3, 5)
    # Predicting the mean vector scores about 0.064; a code of two can do far better (about 0.03).
    mean_only = float(((data.train_images.mean(0) - data.test_images) ** 2).mean())
    event = run(toy, data, TrainConfig(epochs=30, batch_size=50, lr=1e-2, report_every=10))
    assert event.test["mse"] < 0.8 * mean_only


def test_vae_kl_closed_form():
    zeros = torch.zeros(3, 4)
    assert torch.equal(kl_divergence(zeros, zeros), torch.zeros(3))
    mu = torch.tensor([[1.0, 2.0]])
    logvar = torch.tensor([[0.0, math.log(4.0)]])
    # 0.5 * sum(mu^2 + sigma^2 - 1 - log sigma^2) = 0.5 * ((1 + 1 - 1 - 0) + (4 + 4 - 1 - log 4))
    expected = 0.5 * (1.0 + 7.0 - math.log(4.0))
    assert kl_divergence(mu, logvar).item() == pytest.approx(expected)
    generator = torch.Generator().manual_seed(1)
    mu, logvar = torch.randn(6, 5, generator=generator), torch.randn(6, 5, generator=generator)
    reference = torch.distributions.kl_divergence(
        torch.distributions.Normal(mu, (0.5 * logvar).exp()), torch.distributions.Normal(0.0, 1.0)).sum(1)
    assert torch.allclose(kl_divergence(mu, logvar), reference, atol=1e-5)


def test_reparameterisation_statistics_and_gradients():
    mu = torch.full((200_000, 1), 3.0, requires_grad=True)
    logvar = torch.full((200_000, 1), math.log(4.0), requires_grad=True)
    z = VAE.reparameterize(mu, logvar, torch.Generator().manual_seed(0))
    assert z.mean().item() == pytest.approx(3.0, abs=0.02)
    assert z.std().item() == pytest.approx(2.0, abs=0.02)
    z.sum().backward()
    assert torch.allclose(mu.grad, torch.ones_like(mu))  # dz/dmu = 1
    assert logvar.grad.abs().sum() > 0  # the noise path carries gradient to the variance
    again = VAE.reparameterize(mu, logvar, torch.Generator().manual_seed(0))
    assert torch.equal(z, again)


@pytest.mark.parametrize("likelihood", ["bernoulli", "gaussian"])
def test_vae_loss_is_recon_plus_beta_kl(likelihood, images):
    model = build_model("vae", {"hidden": [32], "latent_dim": 4, "beta": 2.5, "likelihood": likelihood,
                                "gaussian_std": 0.2})
    torch.manual_seed(0)
    terms = model.loss(images)
    assert torch.allclose(terms["loss"], terms["recon"] + 2.5 * terms["kl"])
    torch.manual_seed(0)  # replay the same z the loss drew
    mu, logvar = model.posterior(images)
    mean = model.decode(VAE.reparameterize(mu, logvar))
    if likelihood == "bernoulli":
        expected = torch.nn.functional.binary_cross_entropy(mean, images, reduction="sum") / 5
    else:
        expected = ((mean - images) ** 2).sum() / (2 * 0.2 ** 2) / 5
    assert torch.allclose(terms["recon"], expected, rtol=1e-4)
    assert torch.allclose(terms["kl"], kl_divergence(mu, logvar).mean())


def test_vae_elbo_terms_ignore_beta_and_repeat(images):
    plain = build_model("vae", {"hidden": [32], "latent_dim": 4}, seed=0)
    weighted = build_model("vae", {"hidden": [32], "latent_dim": 4, "beta": 4.0,
                                   "likelihood": "gaussian"}, seed=0)
    first, second = plain.elbo_terms(images), weighted.elbo_terms(images)
    assert set(first) == {"recon", "kl", "neg_elbo"}
    assert all(value.shape == (5,) for value in first.values())
    for name in first:
        assert torch.allclose(first[name], second[name])
    assert torch.allclose(first["neg_elbo"], first["recon"] + first["kl"])
    assert torch.equal(first["neg_elbo"], plain.elbo_terms(images)["neg_elbo"])
    assert torch.equal(plain.encode(images), plain.posterior(images)[0])


def test_vae_sample_shapes_and_seeding():
    model = build_model("vae", {"hidden": [32], "latent_dim": 2})
    samples = model.sample(7, torch.Generator().manual_seed(3))
    assert samples.shape == (7, 1, 28, 28) and samples.min() >= 0 and samples.max() <= 1
    assert torch.equal(samples, model.sample(7, torch.Generator().manual_seed(3)))
    with pytest.raises(ConfigError, match="n must be"):
        model.sample(0)


def test_vae_mlp_decoder_runs_from_its_weights_alone():
    model = build_model("vae", {"hidden": [64, 32], "latent_dim": 2})
    layers = model.decoder_layers()
    assert [tuple(w.shape) for w, _ in layers] == [(32, 2), (64, 32), (784, 64)]
    z = torch.randn(4, 2, generator=torch.Generator().manual_seed(0))
    h = z
    for index, (weight, bias) in enumerate(layers):
        h = h @ weight.T + bias
        h = torch.relu(h) if index < len(layers) - 1 else torch.sigmoid(h)
    assert torch.allclose(h.view(4, 1, 28, 28), model.decode(z), atol=1e-6)
    conv = build_model("vae", {"architecture": "conv", "channels": [4], "hidden": []})
    with pytest.raises(ConfigError, match="architecture"):
        conv.decoder_layers()
    # A browser applies ReLU between the layers: an ELU decoder's weights alone would decode wrongly.
    elu = build_model("vae", {"hidden": [64, 32], "latent_dim": 2, "activation": "elu"})
    with pytest.raises(ConfigError, match="activation"):
        elu.decoder_layers()


def test_vae_activation_is_used_in_encoder_and_decoder():
    elu = build_model("vae", {"hidden": [64, 32], "latent_dim": 2, "activation": "elu"}, seed=0)
    relu = build_model("vae", {"hidden": [64, 32], "latent_dim": 2}, seed=0)
    assert sum(isinstance(m, torch.nn.ELU) for m in elu.modules()) == 4
    assert not any(isinstance(m, torch.nn.ELU) for m in relu.modules())
    # Same seed, same weights: only the activation tells the two apart.
    images = torch.rand(3, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    assert not torch.allclose(elu.encode(images), relu.encode(images))


@pytest.mark.parametrize(("config", "field"), [
    (StackedConfig(hidden=[64]), "hidden"),
    (StackedConfig(latent_dim=0), "latent_dim"),
    (StackedConfig(input_dim=0), "input_dim"),
    (StackedConfig(reconstruction="l1"), "reconstruction"),
    (StackedConfig(activation="gelu"), "activation"),
    (ConvConfig(decoder="pixelshuffle"), "decoder"),
    (ConvConfig(channels=[8, 8, 8, 8]), "channels"),
    (ConvConfig(channels=[0]), "channels"),
    (ConvConfig(upsample_mode="cubic"), "upsample_mode"),
    (VAEConfig(beta=-1.0), "beta"),
    (VAEConfig(beta=float("nan")), "beta"),
    (VAEConfig(architecture="rnn"), "architecture"),
    (VAEConfig(likelihood="poisson"), "likelihood"),
    (VAEConfig(gaussian_std=0.0), "gaussian_std"),
    (VAEConfig(hidden=[]), "hidden"),
    (VAEConfig(latent_dim=2.5), "latent_dim"),
    (VAEConfig(activation="gelu"), "activation"),
])
def test_config_errors_name_the_field(config, field):
    with pytest.raises(ConfigError, match=field):
        config.validate()


def test_build_model_rejects_unknown_and_bad_fields():
    with pytest.raises(ConfigError, match="decoder"):
        build_model("conv", {"decoder": "bogus"})
    with pytest.raises(ConfigError, match="depth"):
        build_model("stacked", {"depth": 3})
    assert build_model("vae", {"architecture": "conv", "hidden": []}).latent_dim == 2


def test_a_vaes_test_metrics_share_one_encoder_pass_and_equal_the_two_pass_figures(images):
    from ae_core import metrics

    model = build_model("vae", {"hidden": [32], "latent_dim": 4}, seed=0).eval()
    with torch.no_grad():
        output, terms = model.reconstruct_and_elbo_terms(images)
        assert torch.equal(output, model.reconstruct(images))
        for name, value in model.elbo_terms(images).items():
            assert torch.equal(terms[name], value), name
        expected = {"mse": metrics.per_image_mse(output, images).mean(),
                    "neg_elbo": model.elbo_terms(images)["neg_elbo"].mean()}
    figures = metrics.evaluate(model, images)
    for name, value in expected.items():
        assert figures[name] == pytest.approx(float(value), rel=1e-6), name
    # With input noise the reconstruction is of the noisy input, the ELBO of the clean one.
    noisy = metrics.evaluate(model, images, noise="gaussian", noise_level=0.5, seed=3)
    assert noisy["neg_elbo"] == pytest.approx(figures["neg_elbo"], rel=1e-6)
    assert noisy["mse"] != pytest.approx(figures["mse"], rel=1e-6)
