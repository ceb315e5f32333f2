"""The one training loop: events, learning, stopping, divergence, validation, repeatability."""
from __future__ import annotations

import math
import threading

import pytest
import torch

from ae_core.models import build_model
from ae_core.models.base import ConfigError
from ae_core.training import TrainConfig, TrainingDiverged, run, train


def small_ae():
    return build_model("ae", {"latent_dim": 8, "hidden": [64]}, seed=0)


def test_events_cover_every_step_and_epoch(mnist_small):
    config = TrainConfig(epochs=2, batch_size=100, report_every=5, limit=1000, eval_limit=200)
    events = list(train(small_ae(), mnist_small, config))
    kinds = [event.kind for event in events]
    assert kinds.count("epoch") == 2 and kinds[-1] == "done"
    steps = [event for event in events if event.kind == "step"]
    # 10 steps per epoch reported every 5 steps -> two step events per epoch.
    assert [(e.epoch, e.step) for e in steps] == [(1, 5), (1, 10), (2, 5), (2, 10)]
    assert all(e.steps_per_epoch == 10 and set(e.terms) == {"loss", "recon"} for e in steps)
    epoch_events = [event for event in events if event.kind == "epoch"]
    assert set(epoch_events[0].test) >= {"mse", "bce", "psnr"}
    assert [h["epoch"] for h in events[-1].history] == [1, 2]
    assert events[-1].progress == 1.0 and not events[-1].stopped
    assert all(event.samples_per_second > 0 for event in steps)


def test_training_lowers_the_test_error(mnist_small):
    model = small_ae()
    done = run(model, mnist_small, TrainConfig(epochs=10, batch_size=64, lr=3e-3))
    first, last = done.history[0]["test"]["mse"], done.history[-1]["test"]["mse"]
    assert last < first
    # Predicting the mean training image for every test image is the no-learning baseline.
    mean_image = mnist_small.train_images.mean(0, keepdim=True)
    baseline = (mnist_small.test_images - mean_image).pow(2).mean().item()
    assert last < 0.75 * baseline


def test_same_seed_repeats_exactly_on_cpu(mnist_small):
    config = TrainConfig(epochs=1, batch_size=50, limit=500, eval_limit=100, seed=3,
                         noise="masking", noise_level=0.3)
    first = run(small_ae(), mnist_small, config).history[-1]
    second = run(small_ae(), mnist_small, config).history[-1]
    assert first["train_loss"] == second["train_loss"] and first["test"] == second["test"]
    other = run(small_ae(), mnist_small, TrainConfig(**{**config.__dict__, "seed": 4})).history[-1]
    assert other["train_loss"] != first["train_loss"]


def test_stop_event_ends_between_steps(mnist_small):
    stop = threading.Event()
    seen = []
    for event in train(small_ae(), mnist_small, TrainConfig(epochs=5, batch_size=20, report_every=1)):
        seen.append(event)
        if event.kind == "step" and event.step == 3:
            stop.set()
    # stop was not passed to this run: it finished all five epochs
    assert seen[-1].kind == "done" and not seen[-1].stopped and seen[-1].epoch == 5

    events = []
    for event in train(small_ae(), mnist_small, TrainConfig(epochs=5, batch_size=20, report_every=1), stop=stop):
        events.append(event)
    assert events[-1].kind == "done" and events[-1].stopped
    assert len(events) == 1  # the event was already set: not a single step ran

    stop.clear()
    events = []
    for event in train(small_ae(), mnist_small, TrainConfig(epochs=5, batch_size=20, report_every=1), stop=stop):
        events.append(event)
        if event.kind == "step" and event.step == 3:
            stop.set()
    assert events[-1].stopped and events[-1].epoch == 1 and events[-1].step == 3
    assert not any(event.kind == "epoch" for event in events)


class ExplodingAE(torch.nn.Module):
    """A model whose loss turns NaN after a few steps, to check that good weights are kept."""

    def __init__(self, explode_at: int):
        super().__init__()
        self.inner = small_ae()
        self.calls = 0
        self.explode_at = explode_at

    def loss(self, inputs, targets):
        self.calls += 1
        terms = self.inner.loss(inputs, targets)
        if self.calls >= self.explode_at:
            terms = {name: value * float("nan") for name, value in terms.items()}
        return terms


def test_divergence_raises_and_keeps_last_good_weights(mnist_small):
    model = ExplodingAE(explode_at=7)
    config = TrainConfig(epochs=1, batch_size=50, report_every=5, limit=1000)
    events = []
    with pytest.raises(TrainingDiverged, match="diverged at epoch 1, step 10.*smaller learning rate") as caught:
        for event in train(model, mnist_small, config):
            events.append(event)
            if event.step == 5:
                snapshot = [p.detach().clone() for p in model.parameters()]
    assert caught.value.epoch == 1 and caught.value.step == 10
    # The weights are those of step 5, the last report whose loss was finite, and they are finite.
    for parameter, good in zip(model.parameters(), snapshot):
        assert torch.equal(parameter, good)
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_a_huge_learning_rate_diverges_with_a_clear_error(mnist_small):
    model = build_model("ae", {"latent_dim": 8, "hidden": [64], "reconstruction": "mse"}, seed=0)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(1e18)  # activations overflow float32 at once
    with pytest.raises(TrainingDiverged):
        run(model, mnist_small, TrainConfig(epochs=1, lr=1.0, limit=400, batch_size=100, report_every=1))


@pytest.mark.parametrize("field,value,expected", [
    ("epochs", 0, r"epochs must be an integer in \[1, 1000\], got 0"),
    ("batch_size", 2.5, r"batch_size must be an integer"),
    ("lr", -1e-3, r"lr must be a number in \(0.0, 1.0\]"),
    ("lr", float("nan"), r"lr must be a number"),
    ("lr_schedule", "linear", r"lr_schedule must be one of cosine, constant"),
    ("warmup", 0.8, r"warmup must be a number in \[0.0, 0.5\], got 0.8"),
    ("noise", "speckle", r"noise must be one of gaussian, salt-pepper, masking"),
])
def test_bad_hyperparameters_name_the_field_and_range(mnist_small, field, value, expected):
    with pytest.raises(ConfigError, match=expected):
        next(train(small_ae(), mnist_small, TrainConfig(**{field: value})))


def test_noise_level_out_of_range_is_rejected(mnist_small):
    with pytest.raises(ConfigError, match=r"salt-pepper must be in \[0.0, 1.0\], got 1.5"):
        next(train(small_ae(), mnist_small, TrainConfig(noise="salt-pepper", noise_level=1.5)))


def test_denoising_corrupts_inputs_but_not_targets(mnist_small):
    class Recorder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = small_ae()
            self.pairs = []

        def loss(self, inputs, targets):
            self.pairs.append((inputs.detach().clone(), targets.detach().clone()))
            return self.inner.loss(inputs, targets)

    model = Recorder()
    run(model, mnist_small, TrainConfig(epochs=1, batch_size=100, limit=200, noise="masking", noise_level=0.5))
    inputs, targets = model.pairs[0]
    assert not torch.equal(inputs, targets)
    assert torch.isin(targets, mnist_small.train_images[:200]).all()  # targets are clean pixels
    on = targets > 0
    dropped = (inputs[on] == 0).float().mean().item()
    assert math.isclose(dropped, 0.5, abs_tol=0.05)


def learning_rates(data, **config) -> list[float]:
    """The learning rate of each step of a 20-step run."""
    seen = []
    original = torch.optim.Adam.step

    def spy(self, *args, **kwargs):
        seen.append(self.param_groups[0]["lr"])
        return original(self, *args, **kwargs)

    torch.optim.Adam.step = spy
    try:
        run(small_ae(), data, TrainConfig(epochs=1, lr=1e-2, limit=400, batch_size=20, **config))
    finally:
        torch.optim.Adam.step = original
    return seen


def test_cosine_schedule_decays_and_constant_does_not(mnist_small):
    cosine, constant = learning_rates(mnist_small), learning_rates(mnist_small, lr_schedule="constant")
    assert cosine[0] == pytest.approx(1e-2) and cosine[-1] < 0.1 * 1e-2 + 1e-3
    assert all(lr == 1e-2 for lr in constant)


@pytest.mark.parametrize("schedule", ["cosine", "constant"])
def test_warmup_ramps_up_to_the_peak_then_follows_the_schedule(mnist_small, schedule):
    rates = learning_rates(mnist_small, lr_schedule=schedule, warmup=0.25)  # 5 of the 20 steps
    ramp = rates[:5]
    assert ramp[0] == pytest.approx(1e-4) and all(a < b for a, b in zip(ramp, ramp[1:]))
    assert max(rates) == pytest.approx(1e-2) and rates[5] == pytest.approx(1e-2)
    if schedule == "constant":
        assert all(lr == pytest.approx(1e-2) for lr in rates[5:])
    else:
        assert all(a > b for a, b in zip(rates[5:], rates[6:])) and rates[-1] < 0.2 * 1e-2


def test_a_vae_run_repeats_from_its_seed(mnist_small):
    # The VAE samples z inside its loss: the run must not depend on the global random state.
    config = TrainConfig(epochs=1, batch_size=50, limit=300, eval_limit=100, seed=5)
    losses = []
    for noise_in_global_state in (1, 2):
        torch.manual_seed(noise_in_global_state)
        model = build_model("vae", {"latent_dim": 2, "hidden": [32]}, seed=0)
        losses.append(run(model, mnist_small, config).history[-1]["train_loss"])
    assert losses[0] == losses[1]


def test_bf16_autocast_on_cpu_trains_float32_weights_to_a_close_loss(mnist_small):
    # bf16 rounds activations to ~3 significant digits; the run must still learn as fp32 does,
    # and the weights and optimiser state stay float32 (autocast only touches the forward pass).
    base = TrainConfig(epochs=3, batch_size=64, lr=3e-3, limit=1000, eval_limit=300, seed=1)
    results = {}
    for amp in (False, True):
        model = small_ae()
        done = run(model, mnist_small, TrainConfig(**{**base.__dict__, "amp": amp}))
        assert all(p.dtype == torch.float32 for p in model.parameters())
        results[amp] = done.history
    fp32, bf16 = results[False][-1]["test"]["mse"], results[True][-1]["test"]["mse"]
    assert results[True][-1]["test"]["mse"] < results[True][0]["test"]["mse"]
    assert abs(bf16 - fp32) < 0.1 * fp32


def test_precision_follows_the_config_and_the_hardware():
    from ae_core.training import native_bf16, use_amp

    cpu = torch.device("cpu")
    assert use_amp(TrainConfig(amp=False), cpu) is False
    assert use_amp(TrainConfig(amp=True), cpu) is True
    assert use_amp(TrainConfig(), cpu) is native_bf16(cpu)
    assert use_amp(TrainConfig(amp=True), torch.device("meta")) is False  # no autocast there


def test_the_optimizer_uses_the_fused_adam_kernel_on_cpu():
    from ae_core.training import make_optimizer

    model = small_ae()
    optimizer = make_optimizer(list(model.parameters()), TrainConfig(lr=1e-3), torch.device("cpu"))
    assert isinstance(optimizer, torch.optim.Adam) and optimizer.defaults["fused"] is True
    assert optimizer.defaults["lr"] == 1e-3


def test_a_loss_that_fails_to_compile_falls_back_to_eager(mnist_small, monkeypatch):
    calls = {"compiled": 0}

    def broken_compile(function, **kwargs):
        def compiled(*args, **kw):
            calls["compiled"] += 1
            raise RuntimeError("no C++ compiler")
        return compiled

    monkeypatch.setattr(torch, "compile", broken_compile)
    config = TrainConfig(epochs=1, batch_size=50, limit=300, eval_limit=100, seed=2, amp=False)
    compiled = run(small_ae(), mnist_small, TrainConfig(**{**config.__dict__, "compile": True})).history[-1]
    eager = run(small_ae(), mnist_small, config).history[-1]
    assert calls["compiled"] == 1  # tried once, then eager for good
    assert compiled["train_loss"] == eager["train_loss"]
