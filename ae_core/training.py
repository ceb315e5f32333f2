"""The one training loop for every family, as a generator of progress events.

    for event in train(model, data, TrainConfig(epochs=5)):
        print(event.kind, event.epoch, event.terms)

The loop only needs `model.loss(inputs, targets) -> {"loss": ..., other named terms}` and the
model's trainable parameters, so greedy layer-wise stages (ae_core.models.stacked) run through it
too. Batches are index slices of one tensor resident on the device. A caller stops training
between two steps with a threading.Event (or by closing the generator); a loss that turns NaN or
infinite restores the last good weights and raises TrainingDiverged.
"""
from __future__ import annotations

import dataclasses
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import torch

from . import metrics
from . import noise as noise_module
from .data import ImageData
from .errors import Explained
from .models.base import Autoencoder, ConfigError, check_choice, check_float, check_int

LR_SCHEDULES = ("cosine", "constant")


class TrainingDiverged(Explained, RuntimeError):
    """The loss became NaN or infinite; the model holds the last weights whose loss was finite."""
    domain = "training"
    fixed_reason = "diverged"

    def __init__(self, message: str, epoch: int, step: int, **details: Any) -> None:
        super().__init__(message, self.fixed_reason, epoch=epoch, step=step, **details)
        self.epoch = epoch
        self.step = step


@dataclass
class TrainConfig:
    epochs: int = 10
    batch_size: int = 128
    lr: float = 1e-3
    weight_decay: float = 0.0
    lr_schedule: str = "cosine"  # cosine decay to 5% of lr over the run, or constant
    warmup: float = 0.0  # share of the run's steps over which lr ramps up linearly from lr/100
    noise: str | None = None  # denoising: corrupt inputs, keep targets clean
    noise_level: float = 0.0
    seed: int = 0
    limit: int | None = None  # train on the first `limit` training images only
    eval_limit: int | None = None  # test images used for the metrics at each epoch's end
    report_every: int = 10  # steps between two step events (each one syncs with the device)
    amp: bool | None = None  # bfloat16 mixed precision; None: on where the hardware does bf16 natively
    compile: bool = False  # torch.compile the loss (seconds of compiling first; eager if it fails)

    def validate(self) -> None:
        check_int("epochs", self.epochs, 1, 1000)
        check_int("batch_size", self.batch_size, 1, 65536)
        check_float("lr", self.lr, 0.0, 1.0, low_open=True)
        check_float("weight_decay", self.weight_decay, 0.0, 1.0)
        check_choice("lr_schedule", self.lr_schedule, LR_SCHEDULES)
        check_float("warmup", self.warmup, 0.0, 0.5)
        noise_module.check_noise(self.noise, self.noise_level)
        check_int("seed", self.seed, 0, 2**63 - 1)
        if self.limit is not None:
            check_int("limit", self.limit, 1, 10**9)
        if self.eval_limit is not None:
            check_int("eval_limit", self.eval_limit, 1, 10**9)
        check_int("report_every", self.report_every, 1, 10**6)


@dataclass
class TrainEvent:
    """One progress report. kind: "step" (every report_every steps), "epoch" (after the epoch's
    test metrics) or "done" (last event; stopped tells whether a caller stopped it early)."""

    kind: str
    epoch: int  # 1-based epoch the event belongs to
    epochs: int
    step: int  # steps finished in this epoch
    steps_per_epoch: int
    terms: dict[str, float]  # step: mean over the steps since the last report; epoch: epoch mean
    samples_per_second: float
    elapsed_s: float
    eta_s: float
    test: dict[str, float] | None = None
    stage: str | None = None  # set by multi-stage schedules (greedy pretraining)
    stopped: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)  # epoch summaries so far

    @property
    def progress(self) -> float:
        done = (self.epoch - 1) * self.steps_per_epoch + self.step
        return min(1.0, done / max(1, self.epochs * self.steps_per_epoch))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def native_bf16(device: torch.device) -> bool:
    """Whether `device` computes bfloat16 matrix products in hardware: a CUDA GPU with bf16
    support, or a CPU with AVX512-BF16 or AMX (elsewhere bf16 is emulated and slower than fp32)."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    if device.type == "cpu":
        checks = (getattr(torch.cpu, "_is_avx512_bf16_supported", None),
                  getattr(torch.cpu, "_is_amx_tile_supported", None))
        return any(check is not None and bool(check()) for check in checks)
    return False


def use_amp(config: TrainConfig, device: torch.device) -> bool:
    """bf16 autocast for the forward pass; weights, optimiser state and metrics stay float32."""
    if device.type not in ("cuda", "cpu"):
        return False
    if config.amp is not None:
        return bool(config.amp)
    return native_bf16(device)


def make_optimizer(parameters: list[torch.nn.Parameter], config: TrainConfig,
                   device: torch.device) -> torch.optim.Optimizer:
    """Adam; its fused kernel (one pass over all parameters) where the device has one."""
    fused = device.type in ("cuda", "cpu") and all(p.is_floating_point() for p in parameters)
    return torch.optim.Adam(parameters, lr=config.lr, weight_decay=config.weight_decay, fused=fused)


def loss_function(model: torch.nn.Module, config: TrainConfig) -> Callable[..., dict[str, torch.Tensor]]:
    """model.loss, compiled when config.compile asks for it; the compiled function falls back to
    the eager one for good if compiling fails (no C++ compiler, an unsupported operation)."""
    if not config.compile:
        return model.loss
    try:
        compiled = torch.compile(model.loss, dynamic=False)
    except Exception:  # noqa: BLE001 - compiling is an optimisation, never a requirement
        return model.loss
    state = {"function": compiled}

    def loss(inputs: torch.Tensor, targets: torch.Tensor) -> dict[str, torch.Tensor]:
        try:
            return state["function"](inputs, targets)
        except Exception:  # noqa: BLE001
            if state["function"] is model.loss:
                raise
            state["function"] = model.loss
            return model.loss(inputs, targets)

    return loss


def default_evaluator(model: torch.nn.Module, data: ImageData, config: TrainConfig) -> dict[str, float]:
    """Test metrics at an epoch's end: reconstruction metrics for an autoencoder, else the mean
    of the module's own loss terms on the test images (e.g. a greedy pretraining stage)."""
    images = data.test_images if config.eval_limit is None else data.test_images[:config.eval_limit]
    if isinstance(model, Autoencoder):
        return metrics.evaluate(model, images, config.noise, config.noise_level, seed=config.seed + 1)
    was_training = model.training
    model.eval()
    totals: dict[str, float] = {}
    with torch.no_grad():
        for batch in images.split(2000):
            for name, value in model.loss(batch, batch).items():
                totals[name] = totals.get(name, 0.0) + float(value) * batch.shape[0]
    model.train(was_training)
    return {name: total / images.shape[0] for name, total in totals.items()}


def train(model: torch.nn.Module, data: ImageData, config: TrainConfig | None = None,
          stop: threading.Event | None = None, stage: str | None = None,
          evaluator: Callable[[torch.nn.Module, ImageData, TrainConfig], dict[str, float]] = default_evaluator,
          ) -> Iterator[TrainEvent]:
    """Train `model` in place on `data.train_images`, yielding TrainEvents. See module docstring."""
    config = config or TrainConfig()
    config.validate()
    device = data.device
    model.to(device).train()
    parameters = [p for p in model.parameters() if p.requires_grad]
    if not parameters:
        raise ConfigError("the model has no trainable parameters", "no_parameters")
    optimizer = make_optimizer(parameters, config, device)
    compute_loss = loss_function(model, config)
    images = data.train_images if config.limit is None else data.train_images[:config.limit]
    count = images.shape[0]
    steps_per_epoch = math.ceil(count / config.batch_size)
    total_steps = steps_per_epoch * config.epochs
    schedule = _schedule(config, total_steps)
    amp = use_amp(config, device)
    # Models that sample inside their loss (the VAE's reparameterisation) draw from the global
    # generator: seeding it makes a whole run repeatable on the CPU.
    torch.manual_seed(config.seed)
    shuffle = torch.Generator().manual_seed(config.seed)
    noise_generator = noise_module.make_generator(device, config.seed) if config.noise else None
    last_good = [p.detach().clone() for p in parameters]
    history: list[dict[str, Any]] = []

    started = time.perf_counter()
    timing = {"eval_s": 0.0}  # time spent on test metrics, left out of samples/s
    samples_seen = 0
    global_step = 0
    for epoch in range(1, config.epochs + 1):
        order = torch.randperm(count, generator=shuffle).to(device)
        epoch_sums: dict[str, torch.Tensor] = {}
        window_sums: dict[str, torch.Tensor] = {}
        window_steps = 0
        epoch_started = time.perf_counter()
        for step, batch_index in enumerate(order.split(config.batch_size), start=1):
            if stop is not None and stop.is_set():
                yield _event("done", epoch, step - 1, config, steps_per_epoch, {}, samples_seen,
                             started, timing, global_step, total_steps, None, stage, history,
                             stopped=True)
                return
            for group in optimizer.param_groups:
                group["lr"] = schedule(global_step)
            targets = images[batch_index]
            inputs = noise_module.corrupt(targets, config.noise, config.noise_level, noise_generator)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
                terms = compute_loss(inputs, targets)
            optimizer.zero_grad(set_to_none=True)
            terms["loss"].backward()
            optimizer.step()
            global_step += 1
            samples_seen += batch_index.shape[0]
            for name, value in terms.items():
                value = value.detach().float()
                window_sums[name] = window_sums[name] + value if name in window_sums else value
            window_steps += 1

            if window_steps == config.report_every or step == steps_per_epoch:
                window = {name: float(total) / window_steps for name, total in window_sums.items()}
                if not metrics.finite(window):
                    with torch.no_grad():
                        for parameter, good in zip(parameters, last_good):
                            parameter.copy_(good)
                    bad = ", ".join(f"{k}={v}" for k, v in window.items() if not math.isfinite(v))
                    raise TrainingDiverged(
                        f"training diverged at epoch {epoch}, step {step} ({bad}); the last good "
                        f"weights were kept. Try a smaller learning rate (now {config.lr}).", epoch, step,
                        terms=bad, lr=config.lr)
                with torch.no_grad():
                    torch._foreach_copy_(last_good, [p.detach() for p in parameters])
                for name, value in window.items():
                    epoch_sums[name] = epoch_sums.get(name, 0.0) + value * window_steps
                window_sums, window_steps = {}, 0
                yield _event("step", epoch, step, config, steps_per_epoch, window, samples_seen,
                             started, timing, global_step, total_steps, None, stage, history)

        epoch_terms = {name: total / steps_per_epoch for name, total in epoch_sums.items()}
        eval_started = time.perf_counter()
        test = evaluator(model, data, config)
        timing["eval_s"] += time.perf_counter() - eval_started
        model.train()
        history.append({"epoch": epoch, "train_loss": epoch_terms.get("loss"), "terms": epoch_terms,
                        "test": test, "elapsed_s": time.perf_counter() - started,
                        "epoch_seconds": time.perf_counter() - epoch_started})
        yield _event("epoch", epoch, steps_per_epoch, config, steps_per_epoch, epoch_terms,
                     samples_seen, started, timing, global_step, total_steps, test, stage, history)
    yield _event("done", config.epochs, steps_per_epoch, config, steps_per_epoch,
                 history[-1]["terms"] if history else {}, samples_seen, started, timing, global_step,
                 total_steps, history[-1]["test"] if history else None, stage, history)


def run(model: torch.nn.Module, data: ImageData, config: TrainConfig | None = None,
        **kwargs: Any) -> TrainEvent:
    """Train to the end and return the "done" event (for scripts and tests)."""
    last = None
    for last in train(model, data, config, **kwargs):
        pass
    assert last is not None
    return last


def _schedule(config: TrainConfig, total_steps: int) -> Callable[[int], float]:
    """lr at each step: a linear warm-up over the first `warmup` share of the steps (Adam's early
    moment estimates are noisy; a high lr there can knock a VAE's posterior into collapse), then
    constant or a cosine decay to 5% of lr at the last step."""
    warmup_steps = round(config.warmup * total_steps)
    floor = 0.05

    def decayed(step: int) -> float:
        if config.lr_schedule == "constant":
            return config.lr
        progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
        return config.lr * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))

    def schedule(step: int) -> float:
        if step < warmup_steps:
            return config.lr * (0.01 + 0.99 * step / warmup_steps)
        return decayed(step)

    return schedule


def _event(kind: str, epoch: int, step: int, config: TrainConfig, steps_per_epoch: int,
           terms: dict[str, float], samples_seen: int, started: float, timing: dict[str, float],
           global_step: int,
           total_steps: int, test: dict[str, float] | None, stage: str | None,
           history: list[dict[str, Any]], stopped: bool = False) -> TrainEvent:
    elapsed = time.perf_counter() - started
    training_s = elapsed - timing["eval_s"]
    rate = samples_seen / training_s if training_s > 0 else 0.0
    remaining = (total_steps - global_step) * (training_s / global_step) if global_step else 0.0
    return TrainEvent(kind, epoch, config.epochs, step, steps_per_epoch, terms, rate, elapsed,
                      remaining, test, stage, stopped, list(history))


class GreedySchedule:
    """The event stream of greedy layer-wise pretraining followed by end-to-end fine-tuning.

    Iterate it like train(). `stages` lists the stage labels in the order they run, e.g.
    ["pretrain We1/Wd3", "pretrain We2/Wd2", "pretrain We3/Wd1", "fine-tune"]; every event's
    `stage` is one of them, so `stages.index(event.stage)` is its 0-based stage index. A stage
    that finishes yields its last event with kind "stage-done" (the same fields as "done"), so
    the stream ends with exactly one "done": after fine-tuning, or at once when stopped.
    """

    FINE_TUNE = "fine-tune"

    def __init__(self, model: torch.nn.Module, data: ImageData, stage_config: TrainConfig,
                 finetune_config: TrainConfig, stop: threading.Event | None = None) -> None:
        from .models.stacked import StackedAE, greedy_stages

        if not isinstance(model, StackedAE):
            raise ConfigError(f"greedy pretraining needs a stacked autoencoder, got {type(model).__name__}",
                              "needs_stacked", value=type(model).__name__)
        stage_config.validate()
        finetune_config.validate()
        self._pretraining = greedy_stages(model)
        self.stages = [label for label, _ in self._pretraining] + [self.FINE_TUNE]
        self._events = self._run(model, data, stage_config, finetune_config, stop)

    def _run(self, model: torch.nn.Module, data: ImageData, stage_config: TrainConfig,
             finetune_config: TrainConfig, stop: threading.Event | None) -> Iterator[TrainEvent]:
        model.to(data.device)
        runs = [*self._pretraining, (self.FINE_TUNE, model)]
        for index, (label, module) in enumerate(runs):
            config = finetune_config if index == len(runs) - 1 else stage_config
            for event in train(module, data, config, stop, stage=label):
                if event.kind == "done" and not event.stopped and index < len(runs) - 1:
                    event = dataclasses.replace(event, kind="stage-done")
                yield event
                if event.stopped:
                    return

    def progress(self, event: TrainEvent) -> float:
        """Fraction of the whole schedule done at `event`, counting every stage as an equal part."""
        return (self.stages.index(event.stage) + event.progress) / len(self.stages)

    def __iter__(self) -> "GreedySchedule":
        return self

    def __next__(self) -> TrainEvent:
        return next(self._events)

    def close(self) -> None:
        self._events.close()


def train_greedy(model: torch.nn.Module, data: ImageData, stage_config: TrainConfig | None = None,
                 finetune_config: TrainConfig | None = None,
                 stop: threading.Event | None = None) -> GreedySchedule:
    """Greedy layer-wise pretraining of a StackedAE (each shallow stage trained by train() with
    `stage_config` on the frozen codes of the layers below), then fine-tuning of the whole model
    end to end with `finetune_config`. Yields every stage's events; see GreedySchedule."""
    return GreedySchedule(model, data, stage_config or TrainConfig(), finetune_config or TrainConfig(), stop)
