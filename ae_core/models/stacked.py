"""Stacked (deep) autoencoder: K encoder layers mirrored by K decoder layers, with the source
text's weight names and the shallow stages of greedy layer-wise pretraining.

    x (B, D) -We1-> h1 -We2-> h2 ... -WeK-> code (B, latent_dim)      encoder, bottom to top
    code -Wd1-> h(K-1)' -Wd2-> ... -WdK-> logits (B, D) -> sigmoid      decoder, top to bottom

Naming convention: the encoder's weights are counted from the input upwards (We1 reads the
pixels, WeK produces the code) and the decoder's from the code downwards (Wd1 reads the code, WdK
writes the pixels), as the source text labels the figure. The mirror of Wek is therefore
Wd(K+1-k): they form the k-th shallow autoencoder of greedy pretraining (Hinton & Salakhutdinov,
2006; Bengio et al., 2007). Hidden layers use `activation` (ReLU by default; sigmoid as in those
papers; tanh for tiny nets such as the toy below, where a ReLU unit of two can die and stay dead),
and the code layer is linear (as in the MLP AE).

D is 784 for MNIST images (decode_logits returns (B, 1, 28, 28)); any other `input_dim` makes a
vector autoencoder whose decode_logits returns (B, input_dim), e.g. the source text's toy net
with five inputs and hidden layers of two units: StackedConfig(input_dim=5, hidden=[2, 2, 2],
latent_dim=2, activation="tanh") has the four matrices We1..We4 and Wd1..Wd4 of the figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from .base import (IMAGE_PIXELS, IMAGE_SHAPE, RECONSTRUCTION_LOSSES, Autoencoder, check_choice,
                   check_int, check_sizes, reconstruction_terms)

ACTIVATIONS = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}


@dataclass
class StackedConfig:
    input_dim: int = IMAGE_PIXELS
    hidden: list[int] = field(default_factory=lambda: [256, 64])
    latent_dim: int = 16
    reconstruction: str = "bce"
    activation: str = "relu"  # of the hidden layers: relu, sigmoid or tanh

    def validate(self) -> None:
        check_int("input_dim", self.input_dim, 1, 65536)
        # At least two hidden layers: with the code layer, three or more encoder layers.
        check_sizes("hidden", self.hidden, 1, 4096, min_len=2, max_len=6)
        check_int("latent_dim", self.latent_dim, 1, 512)
        check_choice("reconstruction", self.reconstruction, RECONSTRUCTION_LOSSES)
        check_choice("activation", self.activation, tuple(ACTIVATIONS))


class StackedAE(Autoencoder):
    family = "stacked"
    Config = StackedConfig

    def __init__(self, config: StackedConfig | None = None) -> None:
        super().__init__(config or StackedConfig())
        sizes = [self.config.input_dim, *self.config.hidden, self.config.latent_dim]
        # encoder_layers[k-1] is Wek; decoder_layers[k-1] is Wdk (code side first).
        self.encoder_layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        down = sizes[::-1]
        self.decoder_layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(down[:-1], down[1:]))
        self.activation = ACTIVATIONS[self.config.activation]

    @property
    def depth(self) -> int:
        """K, the number of encoder (and of decoder) layers."""
        return len(self.encoder_layers)

    @property
    def is_image_model(self) -> bool:
        return self.config.input_dim == IMAGE_PIXELS

    def named_weights(self) -> dict[str, torch.Tensor]:
        """{"We1": (h1, D), ..., "WeK": (latent, h(K-1)), "Wd1": (h(K-1), latent), ..., "WdK": (D, h1)}:
        the nn.Linear weight tensors themselves (out_features, in_features), not copies."""
        weights = {f"We{k}": layer.weight for k, layer in enumerate(self.encoder_layers, start=1)}
        weights.update({f"Wd{k}": layer.weight for k, layer in enumerate(self.decoder_layers, start=1)})
        return weights

    def layer_codes(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The encoder's activations at depths 1..K: [h1 (B, hidden[0]), ..., code (B, latent_dim)]."""
        codes = []
        h = x.flatten(1)
        for k, layer in enumerate(self.encoder_layers, start=1):
            h = layer(h)
            if k < self.depth:  # the code layer stays linear
                h = self.activation(h)
            codes.append(h)
        return codes

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer_codes(x)[-1]

    def _decode_from(self, h: torch.Tensor, first: int) -> torch.Tensor:
        """Run decoder layers Wd`first`..WdK on h; the output is logits (B, D)."""
        for index in range(first - 1, self.depth):
            h = self.decoder_layers[index](h)
            if index < self.depth - 1:
                h = self.activation(h)
        return h

    def _shape_output(self, flat: torch.Tensor) -> torch.Tensor:
        return flat.view(-1, *IMAGE_SHAPE) if self.is_image_model else flat

    def decode_logits(self, code: torch.Tensor) -> torch.Tensor:
        """Code (B, latent_dim) -> logits (B, 1, 28, 28), or (B, input_dim) for a vector model."""
        return self._shape_output(self._decode_from(code, 1))

    def depth_reconstructions(self, x: torch.Tensor) -> list[torch.Tensor]:
        """For depth k = 1..K, the input rebuilt from h_k by the mirrored layers Wd(K+1-k)..WdK alone,
        in [0, 1] and shaped like decode's output. After greedy pretraining each one shows what
        that stage kept; depth K is the full reconstruction."""
        return [torch.sigmoid(self._shape_output(self._decode_from(h, self.depth + 1 - k)))
                for k, h in enumerate(self.layer_codes(x), start=1)]

    def layer_activations(self, x: torch.Tensor) -> list[tuple[str, torch.Tensor]]:
        """Every layer's output for drawing the network, all (B, units): ("x", input), ("h1", ...) ...
        ("code", ...), then the decoder's rebuilt hidden layers ("h(K-1)_hat", ...) ... ("h1_hat", ...)
        and ("x_hat", the reconstruction in [0, 1])."""
        codes = self.layer_codes(x)
        activations = [("x", x.flatten(1))]
        activations += [(f"h{k}", h) for k, h in enumerate(codes[:-1], start=1)]
        activations.append(("code", codes[-1]))
        h = codes[-1]
        for index, layer in enumerate(self.decoder_layers):
            h = layer(h)
            if index < self.depth - 1:
                h = self.activation(h)
                activations.append((f"h{self.depth - 1 - index}_hat", h))
        activations.append(("x_hat", torch.sigmoid(h)))
        return activations

    def greedy_stages(self) -> list[tuple[str, "GreedyStage"]]:
        """The K shallow autoencoders of greedy layer-wise pretraining, bottom first."""
        return greedy_stages(self)


class GreedyStage(nn.Module):
    """Stage k of greedy pretraining: the shallow AE  c(k-1) -Wek-> h_k -Wd(K+1-k)-> c(k-1)'.

    Its inputs are raw images (or vectors); the frozen encoder layers We1..We(k-1) turn them into
    the codes c(k-1) it learns to rebuild, so training.train() runs it unchanged. Stage 1
    rebuilds the pixels with the model's reconstruction loss; deeper stages rebuild the lower
    codes with squared error summed over the units (mean over the batch). Every layer keeps the
    activation it has in the full model, so the stages stack without any change.

    Only Wek and its mirror are registered parameters of the stage (what the optimiser sees);
    the frozen lower layers are read through the model and run without gradients.
    trainable_names / frozen_names / unused_names say which named weights play which part.
    """

    def __init__(self, model: StackedAE, k: int) -> None:
        super().__init__()
        self.k = k
        self.encoder_layer = model.encoder_layers[k - 1]
        self.decoder_layer = model.decoder_layers[model.depth - k]
        self._model = (model,)  # a tuple keeps the whole model out of this module's parameters
        depth = model.depth
        self.trainable_names = [f"We{k}", f"Wd{depth + 1 - k}"]
        self.frozen_names = [f"We{j}" for j in range(1, k)]
        self.unused_names = [name for name in model.named_weights()
                             if name not in self.trainable_names and name not in self.frozen_names]

    @property
    def model(self) -> StackedAE:
        return self._model[0]

    def _apply(self, fn, recurse=True):  # noqa: ANN001 - nn.Module's signature
        # Moving the stage (train() calls .to(device)) must move the frozen layers it reads too.
        self.model._apply(fn, recurse)
        return super()._apply(fn, recurse)

    @torch.no_grad()
    def stage_inputs(self, x: torch.Tensor) -> torch.Tensor:
        """c(k-1): the frozen lower layers' code of x (the flattened input for stage 1), (B, units)."""
        h = x.flatten(1)
        for layer in self.model.encoder_layers[: self.k - 1]:
            h = self.model.activation(layer(h))  # lower layers are never the code layer
        return h

    def forward(self, codes: torch.Tensor) -> torch.Tensor:
        """c(k-1) (B, units) -> the stage's rebuilt c(k-1): logits for stage 1, activations above."""
        model = self.model
        h = self.encoder_layer(codes)
        if self.k < model.depth:
            h = model.activation(h)
        out = self.decoder_layer(h)
        return out if self.k == 1 else model.activation(out)

    def loss(self, inputs: torch.Tensor, targets: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        targets = inputs if targets is None else targets
        output = self.forward(self.stage_inputs(inputs))
        if self.k == 1:
            recon = reconstruction_terms(output, targets.flatten(1), self.model.config.reconstruction)
        else:
            recon = (output - self.stage_inputs(targets)).pow(2).sum(1)
        recon = recon.mean()
        return {"loss": recon, "recon": recon}


def stage_label(stage: GreedyStage) -> str:
    """e.g. "pretrain We1/Wd3": the label that training events carry for this stage."""
    return "pretrain " + "/".join(stage.trainable_names)


def greedy_stages(model: StackedAE) -> list[tuple[str, GreedyStage]]:
    """[(label, stage)] for k = 1..K, bottom first; train them in this order."""
    stages = [GreedyStage(model, k) for k in range(1, model.depth + 1)]
    return [(stage_label(stage), stage) for stage in stages]
