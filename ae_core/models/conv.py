"""Convolutional autoencoder: conv + max-pooling encoder, and a choice of three decoders.

Encoder, per block i (channels[i]):  conv3x3 -> ReLU -> MaxPool2d(2)   28 -> 14 -> 7 (-> 3)
then flatten -> Linear -> code (B, latent_dim).
Decoder: Linear -> ReLU -> (channels[-1], s, s), then per block, deepest first, one of
  "unpool":     MaxUnpool2d(2) at the encoder's argmax positions -> conv3x3
  "upsample":   Upsample(nearest or bilinear) -> conv3x3
  "transposed": ConvTranspose2d(4x4, stride 2)
each going to the channels of the block below (channels[0] for the last) and a ReLU, then a
conv3x3 to 1 channel of logits at 28x28 (the output layer, the mirror of the first conv).

Max-unpooling (Zeiler & Fergus, 2014; SegNet) needs the positions that the encoder's pooling
picked: reconstruct(x) and loss() pass them along. decode(code) alone (exploring the latent
space) has no input to take them from, so it puts each value at the top-left of its 2x2 window.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from .base import (IMAGE_SHAPE, RECONSTRUCTION_LOSSES, Autoencoder, check_choice, check_int,
                   check_sizes, reconstruction_terms)

DECODERS = ("transposed", "unpool", "upsample")
UPSAMPLE_MODES = ("nearest", "bilinear")


@dataclass
class ConvConfig:
    latent_dim: int = 16
    channels: list[int] = field(default_factory=lambda: [16, 32])
    decoder: str = "transposed"
    upsample_mode: str = "nearest"  # for decoder="upsample"
    reconstruction: str = "bce"

    def validate(self) -> None:
        check_int("latent_dim", self.latent_dim, 1, 512)
        check_sizes("channels", self.channels, 1, 256, min_len=1, max_len=3)
        check_choice("decoder", self.decoder, DECODERS)
        check_choice("upsample_mode", self.upsample_mode, UPSAMPLE_MODES)
        check_choice("reconstruction", self.reconstruction, RECONSTRUCTION_LOSSES)


class ConvAE(Autoencoder):
    family = "conv"
    Config = ConvConfig

    def __init__(self, config: ConvConfig | None = None) -> None:
        super().__init__(config or ConvConfig())
        channels = self.config.channels
        # Spatial side before each pooling: 28, 14, 7 (floor halving, so 7 -> 3).
        self.sides = [IMAGE_SHAPE[1]]
        for _ in channels:
            self.sides.append(self.sides[-1] // 2)
        bottom = self.sides[-1]
        self.encoder_convs = nn.ModuleList(
            nn.Conv2d(c_in, c_out, 3, padding=1) for c_in, c_out in zip([1, *channels[:-1]], channels))
        self.pool = nn.MaxPool2d(2, return_indices=True)
        self.to_code = nn.Linear(channels[-1] * bottom * bottom, self.config.latent_dim)
        self.from_code = nn.Linear(self.config.latent_dim, channels[-1] * bottom * bottom)

        # Decoder block j undoes encoder block i = n-1-j: side sides[i+1] -> sides[i],
        # channels[i] -> channels[i-1] (channels[0] for the last block, before the output conv).
        self.decoder_layers = nn.ModuleList()
        outputs = [channels[0], *channels[:-1]]
        for i in reversed(range(len(channels))):
            c_in, c_out = channels[i], outputs[i]
            if self.config.decoder == "transposed":
                # Kernel 4, stride 2, padding 1 doubles the side (overlapping windows, so no
                # blocky 2x2 tiles); output_padding adds the row lost by pooling an odd side (7 -> 3).
                layer = nn.ConvTranspose2d(c_in, c_out, kernel_size=4, stride=2, padding=1,
                                           output_padding=self.sides[i] % 2)
            else:
                layer = nn.Conv2d(c_in, c_out, 3, padding=1)
            self.decoder_layers.append(layer)
        self.unpool = nn.MaxUnpool2d(2)
        self.output_conv = nn.Conv2d(channels[0], 1, 3, padding=1)

    def _encode(self, x: torch.Tensor, trace: list | None = None) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """x (B, 1, 28, 28) -> (code (B, latent_dim), pooling indices per block, in encoder order)."""
        h = x
        indices = []
        for number, conv in enumerate(self.encoder_convs, start=1):
            h = torch.relu(conv(h))
            if trace is not None:
                trace.append((f"encoder conv{number}", h))
            h, where = self.pool(h)
            indices.append(where)
            if trace is not None:
                trace.append((f"encoder pool{number}", h))
        return self.to_code(h.flatten(1)), indices

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self._encode(x)[0]

    def _fixed_indices(self, shape: torch.Size, side: int) -> torch.Tensor:
        """Unpooling positions when no encoder ran: the top-left pixel of each 2x2 window of the
        (side x side) output, as flat indices shaped like the pooled input (B, C, h, w)."""
        height, width = shape[-2:]
        rows = torch.arange(height, device=self.from_code.weight.device) * 2
        cols = torch.arange(width, device=self.from_code.weight.device) * 2
        return (rows[:, None] * side + cols[None, :]).expand(shape)

    def _decode(self, code: torch.Tensor, indices: list[torch.Tensor] | None = None,
                trace: list | None = None) -> torch.Tensor:
        """code (B, latent_dim) -> logits (B, 1, 28, 28); `indices` from _encode for unpooling."""
        channels = self.config.channels
        bottom = self.sides[-1]
        h = torch.relu(self.from_code(code)).view(-1, channels[-1], bottom, bottom)
        if trace is not None:
            trace.append(("decoder input", h))
        last = len(self.decoder_layers) - 1
        kind = "deconv" if self.config.decoder == "transposed" else "conv"
        for j, layer in enumerate(self.decoder_layers):
            i = last - j  # the encoder block this one mirrors
            side = self.sides[i]
            if self.config.decoder == "unpool":
                where = indices[i] if indices is not None else self._fixed_indices(h.shape, side)
                h = self.unpool(h, where, output_size=(side, side))
                if trace is not None:
                    trace.append((f"decoder unpool{j + 1}", h))
            elif self.config.decoder == "upsample":
                h = nn.functional.interpolate(h, size=(side, side), mode=self.config.upsample_mode)
                if trace is not None:
                    trace.append((f"decoder upsample{j + 1}", h))
            h = torch.relu(layer(h))
            if trace is not None:
                trace.append((f"decoder {kind}{j + 1}", h))
        h = self.output_conv(h)
        if trace is not None:
            trace.append(("output logits", h))
        return h

    def decode_logits(self, code: torch.Tensor) -> torch.Tensor:
        return self._decode(code)

    def reconstruction_logits(self, x: torch.Tensor) -> torch.Tensor:
        """Logits of the reconstruction of x, with the pooling indices of x for unpooling."""
        code, indices = self._encode(x)
        return self._decode(code, indices)

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.reconstruction_logits(x))

    def loss(self, inputs: torch.Tensor, targets: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        targets = inputs if targets is None else targets
        recon = reconstruction_terms(self.reconstruction_logits(inputs), targets,
                                     self.config.reconstruction).mean()
        return {"loss": recon, "recon": recon}

    def feature_maps(self, x: torch.Tensor) -> list[tuple[str, torch.Tensor]]:
        """Every layer's output for x, in order, each (B, C, H, W): the encoder's conv and pool
        maps, the decoder's input map, its unpool/upsample and conv maps, then "output logits" and
        "output" (the reconstruction in [0, 1]). The code itself is a vector, left out."""
        trace: list[tuple[str, torch.Tensor]] = []
        code, indices = self._encode(x, trace)
        logits = self._decode(code, indices, trace)
        trace.append(("output", torch.sigmoid(logits)))
        return trace

    def parameter_count(self) -> int:
        return sum(parameter.numel() for parameter in self.parameters())
