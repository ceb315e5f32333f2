"""Training throughput of the engine against a plain reference, on the same machine in one run.

The reference is PyTorch's own MNIST VAE example: a torch DataLoader over torchvision's MNIST with
ToTensor, batch 128, the 784-400-20 VAE, Adam 1e-3. The engine trains the very same module through
ae_core.training.train() from one tensor resident on the device. Both sides run the same number
of steps; the figure is the ratio of samples per second.
"""
from __future__ import annotations

import gzip
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

import torch
import torch.nn.functional as F
from torch import nn

from .data import BUNDLED_MNIST, device_description, load_dataset, pick_device
from .training import TrainConfig, train, use_amp

BATCH_SIZE = 128


class ExampleVAE(nn.Module):
    """The model of PyTorch's examples/vae/main.py, with a `loss` so the engine can train it."""

    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        h1 = F.relu(self.fc1(x.view(-1, 784)))
        mu, logvar = self.fc21(h1), self.fc22(h1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar

    def loss(self, inputs: torch.Tensor, targets: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        targets = inputs if targets is None else targets
        recon, mu, logvar = self(inputs)
        bce = F.binary_cross_entropy(recon, targets.view(-1, 784), reduction="sum")
        kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return {"loss": (bce + kld) / inputs.shape[0]}


def _torchvision_mnist_root() -> Path:
    """torchvision's MNIST reads uncompressed raw files from <root>/MNIST/raw: unpack the bundled ones."""
    root = Path(tempfile.gettempdir()) / "ae_lab_bench_mnist"
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for packed in BUNDLED_MNIST.glob("*.gz"):
        target = raw / packed.name[:-3]
        if not target.exists():
            with gzip.open(packed, "rb") as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink)
    return root


def reference_throughput(steps: int, device: torch.device, seed: int = 0) -> float:
    """Samples per second of the example's own loop (DataLoader + ToTensor) over `steps` batches."""
    from torchvision import datasets, transforms

    torch.manual_seed(seed)
    dataset = datasets.MNIST(str(_torchvision_mnist_root()), train=True, download=False,
                             transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True)
    model = ExampleVAE().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    seen, step = 0, 0
    started = time.perf_counter()
    while step < steps:
        for data, _ in loader:
            data = data.to(device)
            optimizer.zero_grad()
            recon, mu, logvar = model(data)
            loss = F.binary_cross_entropy(recon, data.view(-1, 784), reduction="sum") \
                - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
            loss.backward()
            optimizer.step()
            seen += data.shape[0]
            step += 1
            if step == steps:
                break
    if device.type == "cuda":
        torch.cuda.synchronize()
    return seen / (time.perf_counter() - started)


def engine_throughput(steps: int, device: torch.device, seed: int = 0, compile: bool = False,
                      warmup: int = 20) -> tuple[float, float]:
    """(samples per second, seconds spent before the timed steps) of the same model trained by
    ae_core.training.train with the engine's defaults (bf16 autocast where the hardware does bf16,
    fused Adam): `steps` timed batches after `warmup` untimed ones, where compiling happens."""
    data = load_dataset("mnist", device=device)
    torch.manual_seed(seed)
    model = ExampleVAE()
    config = TrainConfig(epochs=1, batch_size=BATCH_SIZE, lr=1e-3, lr_schedule="constant",
                         limit=(steps + warmup) * BATCH_SIZE, eval_limit=BATCH_SIZE, seed=seed,
                         report_every=warmup, compile=compile)
    started = time.perf_counter()
    warm_at = end_at = started
    for event in train(model, data, config):
        if event.kind == "step" and event.step == warmup:
            warm_at = time.perf_counter()  # step events follow a sync with the device
        if event.kind == "step" and event.step == event.steps_per_epoch:
            end_at = time.perf_counter()
            break
    return steps * BATCH_SIZE / (end_at - warm_at), warm_at - started


def throughput(steps: int = 300, device: str | None = None, threads: int | None = None,
               log: TextIO | None = None, compile: bool = False, rounds: int = 3) -> dict[str, Any]:
    """Reference and engine timed in alternation for `rounds` rounds; the figures are the medians
    (one round is a few seconds, so a busy neighbour moves a single measurement a lot)."""
    if steps < 10:
        raise ValueError(f"steps must be at least 10, got {steps}")
    if not 1 <= rounds <= 50:
        raise ValueError(f"rounds must be between 1 and 50, got {rounds}")
    if threads is not None:
        torch.set_num_threads(threads)
    chosen = pick_device(device)
    engine_throughput(10, chosen, warmup=10)  # allocator, kernels, first-call costs
    sides = {"reference": [], "engine": [], "compiled": []}
    warm_seconds = []
    for round_index in range(1, rounds + 1):
        if log:
            print(f"round {round_index}/{rounds}: reference (DataLoader + ToTensor), engine"
                  f"{', engine with compiled loss' if compile else ''}; {steps} steps each on {chosen}",
                  file=log)
        sides["reference"].append(reference_throughput(steps, chosen))
        sides["engine"].append(engine_throughput(steps, chosen)[0])
        if compile:
            rate, warm = engine_throughput(steps, chosen, compile=True)
            sides["compiled"].append(rate)
            warm_seconds.append(warm)
    reference, engine = statistics.median(sides["reference"]), statistics.median(sides["engine"])
    result = {
        "model": "VAE 784-400-20 (PyTorch example)", "batch_size": BATCH_SIZE, "steps": steps,
        "rounds": rounds, "device": str(chosen), "device_name": device_description(chosen),
        "threads": torch.get_num_threads(), "bf16_autocast": use_amp(TrainConfig(), chosen),
        "reference_samples_per_second": round(reference, 1),
        "engine_samples_per_second": round(engine, 1),
        "ratio": round(engine / reference, 2),
        "round_ratios": [round(e / r, 2) for e, r in zip(sides["engine"], sides["reference"])],
    }
    if compile:
        compiled = statistics.median(sides["compiled"])
        result.update({"engine_compiled_samples_per_second": round(compiled, 1),
                       "compiled_ratio": round(compiled / reference, 2),
                       "compile_warmup_seconds": round(max(warm_seconds), 1)})
    return result
