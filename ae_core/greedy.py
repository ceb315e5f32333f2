"""Greedy layer-wise pretraining as a page drives and shows it: one config for the whole schedule,
which named weights each stage trains, keeps frozen or leaves idle, and what each stage's loss did
in a recorded run.

Stages are labelled as GreedySchedule labels them ("pretrain We1/Wd4", ..., "fine-tune"). A
recorded run is the list of loss points that ui.jobs keeps, each {"x": epochs done overall,
"stage": label, "terms": {...}}, and the test points {"x", "stage", "epoch", "test": {...}}.
"""
from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any, Sequence

import torch

from .data import ImageData
from .models.base import check_int
from .models.stacked import StackedAE, greedy_stages
from .training import GreedySchedule, TrainConfig, train_greedy

TRAINS, FROZEN, IDLE = "trains", "frozen", "idle"
FINE_TUNE = GreedySchedule.FINE_TUNE
DONE, RUNNING, WAITING = "done", "running", "waiting"


@dataclass
class GreedyTrainConfig(TrainConfig):
    """One config for the whole greedy schedule: the fine-tuning's settings, plus `stage_epochs`,
    the epochs of each pretraining stage (which shares every other setting). A single dataclass
    is what a training form fills in and what a checkpoint records."""

    stage_epochs: int = 2

    def validate(self) -> None:
        super().validate()
        check_int("stage_epochs", self.stage_epochs, 1, 1000)

    def _plain(self, epochs: int) -> TrainConfig:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(TrainConfig)}
        return TrainConfig(**{**fields, "epochs": epochs})

    def stage_config(self) -> TrainConfig:
        return self._plain(self.stage_epochs)

    def finetune_config(self) -> TrainConfig:
        return self._plain(self.epochs)


def greedy_schedule(model: torch.nn.Module, data: ImageData, config: TrainConfig,
                    stop: threading.Event | None = None) -> GreedySchedule:
    """Greedy pretraining then fine-tuning (train_greedy) driven by one config: a
    GreedyTrainConfig, or a plain TrainConfig whose epochs serve each stage and the fine-tuning."""
    if isinstance(config, GreedyTrainConfig):
        return train_greedy(model, data, config.stage_config(), config.finetune_config(), stop)
    return train_greedy(model, data, config, config, stop)


@dataclass(frozen=True)
class Stage:
    """One step of the schedule: its label and the part each named weight plays in it."""

    label: str
    roles: dict[str, str]  # "We1" -> "trains" / "frozen" / "idle", for every named weight

    def names(self, role: str) -> list[str]:
        return [name for name, part in self.roles.items() if part == role]


def stage_plan(model: StackedAE) -> list[Stage]:
    """The K pretraining stages, bottom first, then fine-tuning (where every weight trains)."""
    order = list(model.named_weights())
    plan = []
    for label, stage in greedy_stages(model):
        roles = {name: IDLE for name in order}
        roles.update({name: FROZEN for name in stage.frozen_names})
        roles.update({name: TRAINS for name in stage.trainable_names})
        plan.append(Stage(label, roles))
    plan.append(Stage(FINE_TUNE, {name: TRAINS for name in order}))
    return plan


def stage_points(points: Sequence[dict[str, Any]], label: str | None) -> list[dict[str, Any]]:
    """The points of one stage (label None: a run without stages), with x counted from the
    stage's own start, so that a fine-tuning curve and an end-to-end curve share an axis."""
    first = next((index for index, point in enumerate(points) if point.get("stage") == label), None)
    if first is None:
        return []
    # Every stage ends with a point at its last step, whose x is exactly the next stage's start.
    start = max((point["x"] for point in points[:first]), default=0.0)
    return [{**point, "x": point["x"] - start} for point in points[first:] if point.get("stage") == label]


def stage_summary(stages: Sequence[str], points: Sequence[dict[str, Any]],
                  test_points: Sequence[dict[str, Any]] = (), current: str | None = None,
                  finished: bool = False) -> list[dict[str, Any]]:
    """One row per stage, in order: {"stage", "status", "epochs", "first_loss", "last_loss", "test"}.

    status is "done" for stages before `current` (the stage of the latest event), "running" for
    `current` itself unless the run `finished`, "waiting" after it. first_loss / last_loss are the
    stage's first and last recorded training losses (None before any), epochs the number of
    epochs it completed and test the metrics at its last epoch's end (None before the first).
    """
    if current is not None and current not in stages:
        raise ValueError(f"current stage {current!r} is not one of {list(stages)}")
    position = stages.index(current) if current is not None else -1
    rows = []
    for index, label in enumerate(stages):
        losses = [point["terms"]["loss"] for point in points
                  if point.get("stage") == label and "loss" in point["terms"]]
        tests = [point for point in test_points if point.get("stage") == label]
        if index < position or (index == position and finished):
            status = DONE
        elif index == position:
            status = RUNNING
        else:
            status = WAITING
        rows.append({
            "stage": label,
            "status": status,
            "epochs": len(tests),
            "first_loss": losses[0] if losses else None,
            "last_loss": losses[-1] if losses else None,
            "test": dict(tests[-1]["test"]) if tests else None,
        })
    return rows
