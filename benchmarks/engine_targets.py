"""Benchmarks of the engine's targets, on full MNIST; prints one figure per line and a JSON summary.

    python benchmarks/engine_targets.py                 # everything (about 10 min on a 2-core CPU)
    python benchmarks/engine_targets.py --only vae bench

Sections:
  bench     engine vs DataLoader reference samples/s (VAE 784-400-20, batch 128), as a ratio
  vae       20-D VAE with the command line's defaults (ae_core.defaults): test negative ELBO after
            10 epochs (target <= 100); benchmarks/time_to_quality.py times it against PyTorch's example
  ae2d      shipped 2-D AE: test MSE against PCA-2's (target: well below)
  novelty   one-class AUROC per digit with the novelty detector's defaults (all 10,000 test images
            scored), and their mean (target >= 0.97)
  denoise   shipped DAE at Gaussian sigma 0.5 (the command line's `--model dae` recipe): output PSNR
            vs noisy input (target >= +10 dB) and vs the same network trained on clean inputs
  conv      shipped conv AEs: test MSE against an MLP AE of the same code size
  probe     linear-probe accuracy of 2-D and 16-D codes vs raw pixels vs PCA of the same size
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from ae_core import bench, defaults, experiments, metrics, pretrained  # noqa: E402
from ae_core.data import device_description, load_dataset  # noqa: E402
from ae_core.models import build_model  # noqa: E402
from ae_core.training import TrainConfig, run  # noqa: E402

SECTIONS = ("bench", "vae", "ae2d", "novelty", "denoise", "conv", "probe")


def say(name: str, value, note: str = "") -> None:
    print(f"{name:<48} {value}{'  ' + note if note else ''}", flush=True)


def section_bench(data, results):
    out = bench.throughput(steps=400, device=str(data.device), compile=True, rounds=3)
    say("bf16 autocast (native on this hardware)", out["bf16_autocast"])
    say("reference (DataLoader+ToTensor) samples/s", out["reference_samples_per_second"], "(median of 3)")
    say("engine samples/s", out["engine_samples_per_second"], "(median of 3)")
    say("engine / reference", out["ratio"], f"(target >= 3; rounds {out['round_ratios']})")
    say("engine, compiled loss, samples/s", out["engine_compiled_samples_per_second"],
        f"(after {out['compile_warmup_seconds']} s of compiling and warm-up)")
    say("engine compiled / reference", out["compiled_ratio"])
    results["bench"] = out


def section_vae(data, results):
    recipe = defaults.CLI["vae"]
    model = build_model(recipe.family, {**recipe.model, "latent_dim": 20}, seed=0)
    config = TrainConfig(**recipe.train, seed=0)
    started = time.perf_counter()
    done = run(model, data, config)
    test = metrics.evaluate(model, data.test_images)
    say("VAE-20 config", model.describe()["config"])
    say(f"VAE-20 test neg ELBO after {config.epochs} epochs", round(test["neg_elbo"], 2), "(target <= 100)")
    say("VAE-20 seconds per epoch", round(done.history[-1]["epoch_seconds"], 2))
    results["vae"] = {"neg_elbo": test["neg_elbo"], "recon": test["recon"], "kl": test["kl"],
                      "seconds": time.perf_counter() - started,
                      "epoch_seconds": [round(h["epoch_seconds"], 2) for h in done.history]}


def section_ae2d(data, results):
    model, _ = pretrained.load_pretrained("ae-2d", device=data.device)
    ae = metrics.evaluate(model, data.test_images)["mse"]
    pca = metrics.pca_reconstruction_mse(data, 2)
    say("2-D AE test MSE", round(ae, 5))
    say("PCA-2 test MSE", round(pca, 5))
    say("AE / PCA-2", round(ae / pca, 3), "(target: well below 1)")
    results["ae2d"] = {"ae_mse": ae, "pca_mse": pca, "ratio": ae / pca}


def section_novelty(data, results):
    per_digit = {}
    for digit in range(10):
        _, report = experiments.novelty_experiment(data, [digit])
        per_digit[digit] = report["auroc"]
        say(f"novelty AUROC, normal = {digit}", round(report["auroc"], 4))
    mean = sum(per_digit.values()) / 10
    say("novelty mean AUROC", round(mean, 4), "(target >= 0.97)")
    results["novelty"] = {"per_digit": per_digit, "mean": mean,
                          "model": experiments.NOVELTY_MODEL, "train": experiments.NOVELTY_TRAIN}


def section_denoise(data, results):
    dae, _ = pretrained.load_pretrained("dae-gaussian", device=data.device)
    spec = pretrained.SPECS["dae-gaussian"]
    plain = build_model(spec.family, spec.config, seed=0)
    run(plain, data, TrainConfig(**{**spec.train, "noise": None, "noise_level": 0.0}))
    denoised = metrics.evaluate(dae, data.test_images, "gaussian", 0.5, seed=7)
    plain_out = metrics.evaluate(plain, data.test_images, "gaussian", 0.5, seed=7)
    gain = denoised["psnr"] - denoised["input_psnr"]
    say("noisy input PSNR (sigma 0.5) dB", round(denoised["input_psnr"], 2))
    say("plain AE output PSNR dB", round(plain_out["psnr"], 2))
    say("DAE output PSNR dB", round(denoised["psnr"], 2))
    say("DAE gain over noisy input dB", round(gain, 2), "(target >= 10)")
    results["denoise"] = {"input_psnr": denoised["input_psnr"], "plain_psnr": plain_out["psnr"],
                          "dae_psnr": denoised["psnr"], "gain_db": gain}


def section_conv(data, results):
    code = pretrained.SPECS["conv-transposed"].config["latent_dim"]
    mlp = build_model("ae", {"latent_dim": code, "hidden": [256, 128]}, seed=0)
    run(mlp, data, TrainConfig(**pretrained.SPECS["conv-transposed"].train))
    mlp_mse = metrics.evaluate(mlp, data.test_images)["mse"]
    say(f"MLP AE ({code}-D) test MSE", round(mlp_mse, 5))
    results["conv"] = {"mlp_mse": mlp_mse}
    for key in ("conv-unpool", "conv-upsample", "conv-transposed"):
        model, _ = pretrained.load_pretrained(key, device=data.device)
        mse = metrics.evaluate(model, data.test_images)["mse"]
        say(f"{key} ({code}-D) test MSE", round(mse, 5), "(target: below the MLP's)")
        results["conv"][key] = mse


def section_probe(data, results):
    results["probe"] = {}
    for dim in (2, 16):
        model = build_model("ae", {"latent_dim": dim, "hidden": [256, 128]}, seed=0)
        run(model, data, TrainConfig(epochs=10, lr=2e-3))
        report = experiments.probe_experiment(model, data)
        say(f"probe {dim}-D: codes / pixels / PCA-{dim}",
            f"{report['codes']:.4f} / {report['pixels']:.4f} / {report['pca']:.4f}")
        results["probe"][dim] = report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--device", default=None)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    data = load_dataset("mnist", device=args.device)
    say("device", device_description(data.device))
    say("torch", torch.__version__)
    results: dict = {"device": device_description(data.device)}
    for name in args.only:
        started = time.perf_counter()
        globals()[f"section_{name}"](data, results)
        say(f"[{name} took]", f"{time.perf_counter() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=float))
    print(json.dumps(results, default=float))


if __name__ == "__main__":
    main()
