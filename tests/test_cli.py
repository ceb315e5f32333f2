"""`python -m ae_core`: JSON on the last stdout line, progress on stderr, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ae_core.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ae_core", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={"AE_LAB_DEVICE": "cpu", "PATH": "/usr/bin:/bin",
                                                           "HOME": str(Path.home())})


def last_json(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def run(capsys, monkeypatch):
    """`main(args)` in this process: the same code as the entry point without a second torch
    start-up (`cli` runs the real `python -m ae_core`: a training that saves, and a user error)."""
    monkeypatch.setenv("AE_LAB_DEVICE", "cpu")

    def run(*args: str) -> dict:
        status = main(list(args))
        captured = capsys.readouterr()
        assert status == 0, captured.err
        return json.loads(captured.out.strip().splitlines()[-1])
    return run


def test_train_prints_the_documented_json_and_saves(tmp_path, run):
    path = tmp_path / "ae.safetensors"
    result = cli("train", "--model", "ae", "--latent-dim", "2", "--hidden", "64", "--epochs", "2",
                 "--limit", "600", "--eval-limit", "200", "--save", str(path), "--json")
    out = last_json(result)
    assert out["model"] == "ae" and out["device"] == "cpu"
    assert out["config"]["model"]["latent_dim"] == 2 and out["config"]["model"]["hidden"] == [64]
    assert [epoch["epoch"] for epoch in out["epochs"]] == [1, 2]
    assert all({"train_loss", "test", "elapsed_s"} <= set(epoch) for epoch in out["epochs"])
    assert out["samples_per_second"] > 0 and out["train_seconds"] > 0
    assert {"mse", "psnr"} <= set(out["test"])
    assert out["precision"] in ("bf16 autocast", "fp32") and out["config"]["train"]["amp"] is None
    assert "epoch 2/2" in result.stderr  # progress went to stderr, not stdout
    assert path.exists() and path.with_suffix(".json").exists()

    evaluated = run("evaluate", str(path), "--json")
    assert evaluated["model"] == "ae"
    # Evaluated on all 10,000 test images rather than 200: close to, not equal to, the training report.
    assert abs(evaluated["test"]["mse"] - out["test"]["mse"]) < 0.02


def test_vae_reports_elbo_terms_and_dae_its_noise(run):
    vae = run("train", "--model", "vae", "--latent-dim", "2", "--hidden", "64", "--epochs", "1",
              "--limit", "500", "--eval-limit", "200", "--beta", "0.5", "--json")
    assert {"neg_elbo", "recon", "kl"} <= set(vae["test"])
    assert vae["test"]["neg_elbo"] == pytest.approx(vae["test"]["recon"] + vae["test"]["kl"], rel=1e-6)
    assert vae["config"]["model"]["beta"] == 0.5

    dae = run("train", "--model", "dae", "--channels", "4", "8", "--latent-dim", "16", "--epochs", "1",
              "--limit", "500", "--eval-limit", "200", "--precision", "fp32", "--json")
    assert dae["precision"] == "fp32" and dae["config"]["train"]["amp"] is False
    assert dae["model"] == "dae" and dae["config"]["model"]["channels"] == [4, 8]
    assert dae["config"]["train"]["noise"] == "gaussian" and dae["config"]["train"]["noise_level"] == 0.5
    assert "input_psnr" in dae["test"]


def test_novelty_reports_auroc_for_the_normal_digits(run):
    out = run("novelty", "--normal", "1", "--hidden", "64", "--latent-dim", "8",
              "--epochs", "4", "--limit", "3000", "--json")
    assert out["normal"] == [1]
    # Ones are the easiest digit to reconstruct: even a tiny model ranks them below the others.
    assert 0.8 < out["auroc"] <= 1.0


def test_probe_compares_codes_pixels_and_pca(run):
    out = run("probe", "--latent-dim", "4", "--hidden", "64", "--epochs", "1", "--limit", "1000",
              "--train-limit", "1000", "--json")
    assert {"codes", "pixels", "pca"} <= set(out)
    assert all(0.1 < out[name] <= 1.0 for name in ("codes", "pixels", "pca"))


@pytest.mark.parametrize("args,message", [
    (["train", "--model", "gan"], "invalid choice: 'gan'"),
    (["train", "--epochs", "0"], "epochs must be an integer in [1, 1000], got 0"),
    (["train", "--lr", "-1"], "lr must be a number in (0.0, 1.0]"),
    (["train", "--latent-dim", "0"], "latent_dim must be an integer"),
    (["train", "--model", "ae", "--greedy"], "--greedy applies to --model stacked only"),
    (["train", "--noise", "gaussian", "--noise-level", "9"], "must be in [0.0, 2.0], got 9.0"),
    (["novelty", "--normal", "12"], "digits must lie in 0..9"),
    (["evaluate", "/nonexistent/model.safetensors"], "nonexistent"),
    (["train", "--device", "cuda:7"], "device"),
    (["pretrain", "--only", "nope"], "unknown pretrained key(s) nope"),
    (["bench", "--rounds", "0"], "rounds must be between 1 and 50, got 0"),
    (["bench", "--steps", "3"], "steps must be at least 10, got 3"),
    (["train", "--precision", "fp8"], "invalid choice: 'fp8'"),
    (["train", "--model", "ae", "--architecture", "conv"], "--architecture applies to --model dae and vae only"),
    (["train", "--warmup", "0.9"], "warmup must be a number in [0.0, 0.5], got 0.9"),
    (["train", "--model", "ae", "--channels", "8"], "unknown AEConfig field(s): channels"),
    ([], "required"),
])
def test_bad_arguments_exit_nonzero_with_one_line(args, message, capsys, monkeypatch):
    # In-process (the subprocess tests above cover the real entry point): same code, no torch start-up.
    monkeypatch.setenv("AE_LAB_DEVICE", "cpu")
    status = main(args)
    captured = capsys.readouterr()
    assert status != 0 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error:") and message in lines[0]


def test_a_user_error_from_the_real_entry_point_is_one_line():
    result = cli("train", "--epochs", "0")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: ConfigError: epochs must be an integer in [1, 1000], got 0"]
    assert "Traceback" not in result.stderr
