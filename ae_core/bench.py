"""Training throughput of the engine against a plain reference, on the same machine in one run.

The reference is PyTorch's own MNIST VAE example: a torch DataLoader over torchvision's MNIST with
ToTensor, batch 128, the 784-400-20 VAE, Adam 1e-3. The engine trains the very same module through
ae_core.training.train() from one tensor resident on the device. Both sides run the same number
of steps; the figure is the ratio of samples per second.
"""
from __future__ import annotations

import gzip
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

import torch
import torch.nn.functional as F
from torch import nn

from .data import BUNDLED_MNIST, device_description, load_dataset, pick_device
from .training import TrainConfig, train

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


def engine_throughput(steps: int, device: torch.device, seed: int = 0) -> float:
    """Samples per second of the same model trained by ae_core.training.train over `steps` batches."""
    data = load_dataset("mnist", device=device)
    torch.manual_seed(seed)
    model = ExampleVAE()
    config = TrainConfig(epochs=1, batch_size=BATCH_SIZE, lr=1e-3, lr_schedule="constant",
                         limit=steps * BATCH_SIZE, eval_limit=BATCH_SIZE, seed=seed, report_every=50)
    done = None
    for done in train(model, data, config):
        pass
    return done.samples_per_second


def throughput(steps: int = 300, device: str | None = None, threads: int | None = None,
               log: TextIO | None = None) -> dict[str, Any]:
    if steps < 10:
        raise ValueError(f"steps must be at least 10, got {steps}")
    if threads is not None:
        torch.set_num_threads(threads)
    chosen = pick_device(device)
    engine_throughput(10, chosen)  # warm-up: allocator, kernels, first-call costs
    if log:
        print(f"reference: DataLoader + ToTensor, {steps} steps on {chosen}", file=log)
    reference = reference_throughput(steps, chosen)
    if log:
        print(f"engine: resident tensor, {steps} steps", file=log)
    engine = engine_throughput(steps, chosen)
    return {
        "model": "VAE 784-400-20 (PyTorch example)", "batch_size": BATCH_SIZE, "steps": steps,
        "device": str(chosen), "device_name": device_description(chosen),
        "threads": torch.get_num_threads(),
        "reference_samples_per_second": round(reference, 1),
        "engine_samples_per_second": round(engine, 1),
        "ratio": round(engine / reference, 2),
    }
