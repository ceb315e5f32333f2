"""Variational autoencoder (Kingma & Welling, 2014): an encoder to q(z|x) = N(mu, diag(sigma^2)),
the reparameterisation z = mu + sigma * eps, and a decoder to p(x|z).

MLP:  x (B, 784) -> [Linear, ReLU] per hidden -> Linear -> (mu, logvar) (B, latent_dim) each
      z -> [Linear, ReLU] per reversed hidden -> Linear -> logits (B, 784) -> sigmoid
      The decoder is nothing but Linear/ReLU layers and a final sigmoid, so a browser can run it
      from decoder_layers() alone.
Conv: x (B, 1, 28, 28) -> [Conv 4x4 stride 2, ReLU] per channel (28 -> 14 -> 7) -> flatten
      -> [Linear, ReLU] per hidden -> (mu, logvar); the decoder mirrors it with ConvTranspose2d.

Loss per image, mean over the batch: recon + beta * KL(q(z|x) || N(0, I)), where recon is the
negative log-likelihood of x summed over its 784 pixels:
  bernoulli: binary cross-entropy of the [0, 1] image against sigmoid(logits), as in PyTorch's
             example (MNIST's grey levels are taken as Bernoulli means);
  gaussian:  sum (x - sigmoid(logits))^2 / (2 gaussian_std^2), dropping the constant
             0.5 log(2 pi gaussian_std^2) per pixel. A fixed std of 0.1 weighs reconstruction
             like the Bernoulli term does; with std 1 the squared error would weigh about 1/50 as much
             next to the KL term, and the codes would carry little of the image.

How the command line trains a 20-D VAE, and what it reaches, is in ae_core.defaults (CLI["vae"]);
benchmarks/time_to_quality.py times it against PyTorch's 784-400-20 example.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from .ae import mlp
from .base import (IMAGE_PIXELS, IMAGE_SHAPE, Autoencoder, ConfigError, check_choice, check_float,
                   check_int, check_sizes)

ARCHITECTURES = ("mlp", "conv")
# The MLP's hidden activation. A browser runs the decoder as Linear/ReLU layers (decoder_layers), so
# only "relu" decoders can be sent there; SiLU's smooth gradient trains a 20-D VAE to a better ELBO.
ACTIVATIONS = {"relu": nn.ReLU, "silu": nn.SiLU, "elu": nn.ELU}
LIKELIHOODS = ("bernoulli", "gaussian")


@dataclass
class VAEConfig:
    latent_dim: int = 2
    hidden: list[int] = field(default_factory=lambda: [512, 256])
    architecture: str = "mlp"
    channels: list[int] = field(default_factory=lambda: [32, 64])  # conv only
    beta: float = 1.0
    likelihood: str = "bernoulli"
    gaussian_std: float = 0.1  # likelihood="gaussian" only: the decoder's fixed std per pixel
    activation: str = "relu"  # mlp only

    def validate(self) -> None:
        check_int("latent_dim", self.latent_dim, 1, 512)
        check_choice("architecture", self.architecture, ARCHITECTURES)
        # The MLP needs a hidden layer; the conv variant may go straight from its feature map.
        check_sizes("hidden", self.hidden, 2, 4096, min_len=1 if self.architecture == "mlp" else 0)
        check_sizes("channels", self.channels, 1, 256, min_len=1, max_len=2)
        check_float("beta", self.beta, 0.0, 1000.0)
        check_choice("likelihood", self.likelihood, LIKELIHOODS)
        check_float("gaussian_std", self.gaussian_std, 0.0, 10.0, low_open=True)
        check_choice("activation", self.activation, tuple(ACTIVATIONS))


def kl_divergence(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, exp(logvar)) || N(0, I)) per row, summed over the latent dimensions: (B,)."""
    return 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar).sum(1)


class VAE(Autoencoder):
    family = "vae"
    Config = VAEConfig

    def __init__(self, config: VAEConfig | None = None) -> None:
        super().__init__(config or VAEConfig())
        config = self.config
        latent, hidden = config.latent_dim, config.hidden
        if config.architecture == "mlp":
            activation = ACTIVATIONS[config.activation]
            self.encoder = mlp([IMAGE_PIXELS, *hidden], final_activation=True, activation=activation)
            features = hidden[-1]
            self.decoder = mlp([latent, *hidden[::-1], IMAGE_PIXELS], activation=activation)
        else:
            channels = config.channels
            side = IMAGE_SHAPE[1] // 2 ** len(channels)
            flat = channels[-1] * side * side
            convs: list[nn.Module] = []
            for c_in, c_out in zip([1, *channels[:-1]], channels):
                convs += [nn.Conv2d(c_in, c_out, 4, stride=2, padding=1), nn.ReLU()]
            self.encoder = nn.Sequential(*convs, nn.Flatten(), *mlp([flat, *hidden], final_activation=True))
            features = hidden[-1] if hidden else flat
            deconvs: list[nn.Module] = [*mlp([latent, *hidden[::-1], flat], final_activation=True),
                                        nn.Unflatten(1, (channels[-1], side, side))]
            outputs = [1, *channels[:-1]]
            for index in reversed(range(len(channels))):
                deconvs.append(nn.ConvTranspose2d(channels[index], outputs[index], 4, stride=2, padding=1))
                if index > 0:
                    deconvs.append(nn.ReLU())
            self.decoder = nn.Sequential(*deconvs)
        self.to_posterior = nn.Linear(features, 2 * latent)  # -> (mu, logvar)

    def posterior(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """q(z|x): (mu, logvar), each (B, latent_dim)."""
        features = self.encoder(x.flatten(1) if self.config.architecture == "mlp" else x)
        # The posterior head runs in the weights' precision even under bf16 autocast: logvar is
        # exponentiated and z = mu + sigma * eps feeds the KL term, and bf16's 8-bit mantissa
        # there costs about a nat of test ELBO (the rest of the network does not mind).
        with torch.autocast(features.device.type, enabled=False):
            mu, logvar = self.to_posterior(features.to(self.to_posterior.weight.dtype)).chunk(2, dim=1)
        return mu, logvar

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The posterior mean: the deterministic code used for pictures and reconstruct()."""
        return self.posterior(x)[0]

    @staticmethod
    def reparameterize(mu: torch.Tensor, logvar: torch.Tensor,
                       generator: torch.Generator | None = None) -> torch.Tensor:
        """z = mu + sigma * eps with eps ~ N(0, I): a sample of q(z|x) that gradients flow through."""
        eps = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
        return mu + (0.5 * logvar).exp() * eps

    def decode_logits(self, code: torch.Tensor) -> torch.Tensor:
        return self.decoder(code).view(-1, *IMAGE_SHAPE)

    def _negative_log_likelihood(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """-log p(x|z) summed over pixels, (B,)."""
        if self.config.likelihood == "bernoulli":
            per_pixel = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        else:
            per_pixel = (torch.sigmoid(logits) - targets).pow(2) / (2 * self.config.gaussian_std ** 2)
        return per_pixel.flatten(1).sum(1)

    def loss(self, inputs: torch.Tensor, targets: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """{"loss": recon + beta * kl, "recon", "kl"}: per-image sums, batch means, one z sample."""
        targets = inputs if targets is None else targets
        mu, logvar = self.posterior(inputs)
        logits = self.decode_logits(self.reparameterize(mu, logvar))
        recon = self._negative_log_likelihood(logits, targets).mean()
        kl = kl_divergence(mu.float(), logvar.float()).mean()
        return {"loss": recon + self.config.beta * kl, "recon": recon, "kl": kl}

    def elbo_terms(self, x: torch.Tensor, generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
        """Per-image (B,) "recon" (Bernoulli BCE summed over the 784 pixels), "kl" and their sum
        "neg_elbo": the one-sample negative ELBO with beta = 1 whatever the config, the figure
        PyTorch's VAE example reports. Without a generator, z is drawn from one seeded with 0 so
        that the metric repeats exactly."""
        return self._elbo_terms(x, *self.posterior(x), generator)

    def reconstruct_and_elbo_terms(self, x: torch.Tensor, generator: torch.Generator | None = None,
                                   ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """(reconstruct(x), elbo_terms(x, generator)) from one pass of the encoder: what the test
        metrics of every epoch read (ae_core.metrics.evaluate), a quarter less work than both."""
        mu, logvar = self.posterior(x)
        return self.decode(mu), self._elbo_terms(x, mu, logvar, generator)

    def _elbo_terms(self, x: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor,
                    generator: torch.Generator | None) -> dict[str, torch.Tensor]:
        if generator is None:
            generator = torch.Generator(device=x.device).manual_seed(0)
        logits = self.decode_logits(self.reparameterize(mu, logvar, generator))
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
        kl = kl_divergence(mu, logvar)
        return {"recon": recon, "kl": kl, "neg_elbo": recon + kl}

    def sample(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """n images (n, 1, 28, 28) in [0, 1] decoded from z ~ N(0, I)."""
        check_int("n", n, 1, 100_000)
        weight = self.to_posterior.weight
        z = torch.randn((n, self.config.latent_dim), generator=generator, device=weight.device,
                        dtype=weight.dtype)
        return self.decode(z)

    def decoder_layers(self) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """The MLP decoder as [(weight (out, in), bias (out,))], code side first: apply
        h = relu(W h + b) on every layer but the last, then sigmoid -> 784 pixels."""
        if self.config.architecture != "mlp":
            raise ConfigError(f"decoder_layers needs architecture 'mlp', got {self.config.architecture!r}",
                              "needs_mlp", value=repr(self.config.architecture))
        if self.config.activation != "relu":
            raise ConfigError(f"decoder_layers needs activation 'relu', got {self.config.activation!r}",
                              "needs_relu", value=repr(self.config.activation))
        return [(layer.weight, layer.bias) for layer in self.decoder if isinstance(layer, nn.Linear)]
