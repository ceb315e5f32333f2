"""Bookkeeping of greedy layer-wise pretraining for display (ae_core.greedy): the roles of each
named weight per stage, per-stage loss summaries, and stage curves rebased to a common start."""
from __future__ import annotations

import pytest

from ae_core.greedy import (DONE, FINE_TUNE, FROZEN, IDLE, RUNNING, TRAINS, WAITING, GreedyTrainConfig,
                            greedy_schedule, stage_plan, stage_points, stage_summary)
from ae_core.models import ConfigError, build_model
from ae_core.toy import TOY_MODEL
from ae_core.training import TrainConfig


def test_plan_of_the_toy_network():
    plan = stage_plan(build_model("stacked", TOY_MODEL, seed=0))
    assert [stage.label for stage in plan] == [
        "pretrain We1/Wd4", "pretrain We2/Wd3", "pretrain We3/Wd2", "pretrain We4/Wd1", FINE_TUNE]
    third = plan[2]
    assert third.names(TRAINS) == ["We3", "Wd2"]
    assert third.names(FROZEN) == ["We1", "We2"]
    assert third.names(IDLE) == ["We4", "Wd1", "Wd3", "Wd4"]
    assert plan[0].names(FROZEN) == []
    assert plan[-1].names(TRAINS) == ["We1", "We2", "We3", "We4", "Wd1", "Wd2", "Wd3", "Wd4"]
    # Every stage gives every weight exactly one role.
    assert all(len(stage.roles) == 8 for stage in plan)


def recorded_run():
    """Two stages of 2 epochs, then 1 epoch of fine-tuning, two points per epoch."""
    stages = ["pretrain We1/Wd2", "pretrain We2/Wd1", FINE_TUNE]
    points, tests = [], []
    for index, label in enumerate(stages[:2]):
        for epoch in (1, 2):
            for half in (0.5, 1.0):
                x = 2 * index + epoch - 1 + half
                points.append({"x": x, "stage": label, "terms": {"loss": 10.0 * (index + 1) - x}})
            tests.append({"x": 2 * index + epoch, "stage": label, "epoch": epoch,
                          "test": {"loss": 5.0 * (index + 1) - epoch}})
    points.append({"x": 4.5, "stage": FINE_TUNE, "terms": {"loss": 3.0}})
    return stages, points, tests


def test_summary_while_fine_tuning_runs():
    stages, points, tests = recorded_run()
    rows = stage_summary(stages, points, tests, current=FINE_TUNE)
    assert [row["status"] for row in rows] == [DONE, DONE, RUNNING]
    first, second, fine = rows
    assert first["epochs"] == 2 and first["first_loss"] == 9.5 and first["last_loss"] == 8.0
    assert first["test"] == {"loss": 3.0}
    assert second["first_loss"] == pytest.approx(17.5) and second["last_loss"] == 16.0
    assert fine["epochs"] == 0 and fine["first_loss"] == fine["last_loss"] == 3.0 and fine["test"] is None


def test_summary_states_before_during_and_after():
    stages, points, tests = recorded_run()
    assert [r["status"] for r in stage_summary(stages, [], [])] == [WAITING] * 3
    during = stage_summary(stages, points[:3], tests[:1], current=stages[0])
    assert [r["status"] for r in during] == [RUNNING, WAITING, WAITING]
    assert during[1]["first_loss"] is None and during[1]["test"] is None
    finished = stage_summary(stages, points, tests, current=FINE_TUNE, finished=True)
    assert [r["status"] for r in finished] == [DONE, DONE, DONE]
    with pytest.raises(ValueError, match="not one of"):
        stage_summary(stages, points, tests, current="pretrain We9/Wd9")


def test_stage_points_start_at_zero():
    stages, points, _ = recorded_run()
    second = stage_points(points, stages[1])
    assert [p["x"] for p in second] == [0.5, 1.0, 1.5, 2.0]
    assert [p["terms"]["loss"] for p in second] == [17.5, 17.0, 16.5, 16.0]
    assert [p["x"] for p in stage_points(points, FINE_TUNE)] == [0.5]
    assert stage_points(points, "nothing") == []
    plain = [{"x": 0.5, "stage": None, "terms": {"loss": 1.0}}, {"x": 1.0, "stage": None, "terms": {"loss": 0.5}}]
    assert [p["x"] for p in stage_points(plain, None)] == [0.5, 1.0]


def test_one_config_drives_stages_and_fine_tuning():
    config = GreedyTrainConfig(epochs=3, stage_epochs=2, lr=5e-3, batch_size=64, seed=4)
    config.validate()
    stage, fine = config.stage_config(), config.finetune_config()
    assert type(stage) is TrainConfig and type(fine) is TrainConfig
    assert (stage.epochs, fine.epochs) == (2, 3)
    assert stage.lr == fine.lr == 5e-3 and stage.batch_size == fine.batch_size == 64 and stage.seed == 4
    with pytest.raises(ConfigError, match="stage_epochs"):
        GreedyTrainConfig(stage_epochs=0).validate()


def test_greedy_schedule_runs_every_stage_with_its_epochs():
    from ae_core.toy import toy_dataset

    data = toy_dataset(train=64, test=16)
    model = build_model("stacked", TOY_MODEL, seed=0)
    config = GreedyTrainConfig(epochs=1, stage_epochs=2, batch_size=32, lr=1e-2, report_every=1)
    schedule = greedy_schedule(model, data, config)
    epochs = {}
    for event in schedule:
        if event.kind == "epoch":
            epochs[event.stage] = event.epochs
    assert epochs == {label: 2 for label in schedule.stages[:-1]} | {FINE_TUNE: 1}
