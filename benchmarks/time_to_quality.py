"""Time to quality, the engine's headline figure: how long the command line's defaults take to reach
the test loss that PyTorch's own MNIST VAE example reaches in 10 epochs, on this machine, in this run.

    python benchmarks/time_to_quality.py                # about 3 min on a quiet 2-core CPU
    python benchmarks/time_to_quality.py --plain-epochs 2 --engine-args --epochs 3   # a quick look

1. The plain reference is pytorch/examples vae/main.py as written: the 784-400-20 VAE, a DataLoader
   with ToTensor over torchvision's MNIST (the bundled files), batch 128, Adam at 1e-3, and after
   each epoch its test loss: binary cross-entropy summed over the pixels plus the KL term, one
   sample of z, averaged over the 10,000 test images. Its time is the wall time of its epochs,
   test passes included.
2. The engine is `python -m ae_core train --model vae --latent-dim 20 --json` with nothing else
   given. Its per-epoch JSON holds the test negative ELBO (the same quantity) and the seconds since
   training began, evaluation included. The figure is the first epoch at or below the reference's
   final loss, and its time over the reference's.

The machine's load average is printed beside the figures: both sides run one after the other in
this process's slot, so a busy neighbour slows both, but not necessarily equally.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from ae_core.bench import BATCH_SIZE, ExampleVAE, _torchvision_mnist_root  # noqa: E402

ENGINE_COMMAND = [sys.executable, "-m", "ae_core", "train", "--model", "vae", "--latent-dim", "20", "--json"]


def say(name: str, value, note: str = "") -> None:
    print(f"{name:<52} {value}{'  ' + note if note else ''}", flush=True)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def plain_vae(epochs: int, seed: int = 1) -> list[dict]:
    """pytorch/examples vae/main.py's train and test loops; per epoch: test loss and seconds so far."""
    from torchvision import datasets, transforms

    torch.manual_seed(seed)
    root = str(_torchvision_mnist_root())
    train_loader = torch.utils.data.DataLoader(
        datasets.MNIST(root, train=True, download=False, transform=transforms.ToTensor()),
        batch_size=BATCH_SIZE, shuffle=True)
    test_loader = torch.utils.data.DataLoader(
        datasets.MNIST(root, train=False, download=False, transform=transforms.ToTensor()),
        batch_size=BATCH_SIZE, shuffle=False)
    model = ExampleVAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def loss_function(recon, x, mu, logvar):
        bce = F.binary_cross_entropy(recon, x.view(-1, 784), reduction="sum")
        return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())

    curve = []
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        for data, _ in train_loader:
            optimizer.zero_grad()
            recon, mu, logvar = model(data)
            loss_function(recon, data, mu, logvar).backward()
            optimizer.step()
        model.eval()
        test_loss = 0.0
        with torch.no_grad():
            for data, _ in test_loader:
                recon, mu, logvar = model(data)
                test_loss += loss_function(recon, data, mu, logvar).item()
        curve.append({"epoch": epoch, "test_loss": test_loss / len(test_loader.dataset),
                      "elapsed_s": time.perf_counter() - started})
        say(f"plain VAE epoch {epoch}", f"test loss {curve[-1]['test_loss']:.2f}",
            f"({curve[-1]['elapsed_s']:.1f} s)")
    return curve


def engine(extra: list[str]) -> dict:
    """The command line's run: its JSON (per-epoch test metrics and times) and the process's wall time."""
    started = time.perf_counter()
    result = subprocess.run([*ENGINE_COMMAND, *extra], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"the engine's run failed:\n{result.stderr[-2000:]}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    out["process_wall_s"] = wall
    for epoch in out["epochs"]:
        say(f"engine epoch {epoch['epoch']}", f"test neg ELBO {epoch['test']['neg_elbo']:.2f}",
            f"({epoch['elapsed_s']:.1f} s)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain-epochs", type=int, default=10, help="the reference's epochs (default: 10)")
    parser.add_argument("--engine-args", nargs=argparse.REMAINDER, default=[],
                        help="extra arguments for the engine's command (default: none: its defaults)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    say("torch threads", torch.get_num_threads())
    say("load average at start (1, 5, 15 min)", load_average())
    plain = plain_vae(args.plain_epochs)
    target, plain_seconds = plain[-1]["test_loss"], plain[-1]["elapsed_s"]
    say("load average after the plain VAE", load_average())
    run = engine(args.engine_args)
    say("load average after the engine", load_average())

    reached = next((epoch for epoch in run["epochs"] if epoch["test"]["neg_elbo"] <= target), None)
    say(f"plain VAE: test loss after {args.plain_epochs} epochs", f"{target:.2f}", f"in {plain_seconds:.1f} s")
    say("engine command", " ".join(ENGINE_COMMAND[1:] + args.engine_args))
    say(f"engine: test neg ELBO after {len(run['epochs'])} epochs", f"{run['test']['neg_elbo']:.2f}",
        f"in {run['train_seconds']:.1f} s (process {run['process_wall_s']:.1f} s)")
    result = {"plain": plain, "target_loss": target, "plain_seconds": plain_seconds,
              "engine_epochs": [{"epoch": e["epoch"], "neg_elbo": e["test"]["neg_elbo"],
                                 "elapsed_s": e["elapsed_s"]} for e in run["epochs"]],
              "engine_final_neg_elbo": run["test"]["neg_elbo"], "engine_process_wall_s": run["process_wall_s"],
              "engine_config": run["config"], "load_average_end": load_average()}
    if reached is None:
        say("engine time to the plain VAE's loss", "not reached", "(target: at most 1/5 of the plain time)")
    else:
        ratio = reached["elapsed_s"] / plain_seconds
        say("engine time to the plain VAE's loss", f"{reached['elapsed_s']:.1f} s",
            f"(epoch {reached['epoch']}; plain: {plain_seconds:.1f} s)")
        say("engine time / plain time", f"{ratio:.3f}", f"= 1/{1 / ratio:.1f} (target <= 1/5, aim 1/10)")
        result.update(reached_epoch=reached["epoch"], engine_seconds=reached["elapsed_s"], ratio=ratio)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=float))
    print(json.dumps(result, default=float))


if __name__ == "__main__":
    main()
