"""Background training jobs (ui/jobs.py) without Streamlit: events recorded for drawing, stop,
divergence, the server-wide queue and its setting."""
from __future__ import annotations

import threading
import time

import pytest
import torch

from ae_core.models import build_model
from ae_core.training import TrainConfig, TrainEvent, TrainingDiverged
from ui.jobs import (COLLAPSED, DIVERGED, DONE, FAILED, QUEUED, RUNNING, STOPPED, JobLimiter, SlotFiles,
                     TrainingJob, default_max_jobs, max_jobs, threads_per_job)


def tiny_model() -> torch.nn.Module:
    return build_model("ae", {"latent_dim": 2, "hidden": [16]}, seed=0)


def wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        assert time.perf_counter() < deadline, "timed out"
        time.sleep(0.01)


def event(kind: str, epoch: int, step: int, terms: dict[str, float], stage: str | None = None,
          test: dict[str, float] | None = None, stopped: bool = False) -> TrainEvent:
    return TrainEvent(kind, epoch, 2, step, 4, terms, 100.0, 0.1, 0.1, test, stage, stopped)


def test_a_real_run_records_points_tests_and_previews(mnist_small) -> None:
    job = TrainingJob(tiny_model(), mnist_small, TrainConfig(epochs=2, batch_size=100, limit=400, report_every=2),
                      mnist_small.test_images[:5], limiter=JobLimiter(1)).start()
    assert job.wait(60)
    snapshot = job.snapshot()
    # 8 steps teach this model nothing yet: its test reconstructions are worse than the mean image.
    assert snapshot.state == COLLAPSED and snapshot.finished
    assert snapshot.test_points[-1]["test"]["mse"] > snapshot.baseline_mse > 0
    assert len(snapshot.points) == 4  # 4 steps per epoch, one point every 2 steps, 2 epochs
    assert [p["x"] for p in snapshot.points] == pytest.approx([0.5, 1.0, 1.5, 2.0])
    assert all(set(p["terms"]) == {"loss", "recon"} for p in snapshot.points)
    assert [p["epoch"] for p in snapshot.test_points] == [1, 2] and snapshot.epochs_done == 2
    assert "mse" in snapshot.test_points[-1]["test"]
    labels = [label for label, _ in snapshot.preview]
    assert labels == ["panel.row.input", "panel.row.output"] and snapshot.preview_epoch == 2
    assert snapshot.preview[1][1].shape == (5, 28, 28)
    assert len(job.history) == 2 and job.model.training  # the preview left the model as it found it


def test_a_model_that_learned_is_done_and_one_that_blew_up_is_collapsed(mnist_small) -> None:
    """The loss spikes at learning rate 1 and the model draws one blob for every digit: that run is
    reported as collapsed, while the same model at a sane rate beats the mean image and is done."""
    outcomes = {}
    for lr in (3e-3, 1.0):
        config = TrainConfig(epochs=3, batch_size=64, lr=lr, seed=0)
        model = build_model("ae", {"latent_dim": 2, "hidden": [128]}, seed=0)
        job = TrainingJob(model, mnist_small, config, mnist_small.test_images[:2], limiter=JobLimiter(1)).start()
        assert job.wait(120)
        outcomes[lr] = job.snapshot()
    learned, blown = outcomes[3e-3], outcomes[1.0]
    assert learned.state == DONE and learned.test_points[-1]["test"]["mse"] < learned.baseline_mse
    assert blown.state in (COLLAPSED, DIVERGED)
    if blown.state == COLLAPSED:
        assert blown.test_points[-1]["test"]["mse"] >= 0.99 * blown.baseline_mse


def test_noise_adds_the_noisy_row(mnist_small) -> None:
    config = TrainConfig(epochs=1, batch_size=200, limit=200, noise="gaussian", noise_level=0.5)
    job = TrainingJob(tiny_model(), mnist_small, config, mnist_small.test_images[:3], limiter=JobLimiter(1)).start()
    assert job.wait(60)
    rows = dict(job.snapshot().preview)
    assert list(rows) == ["panel.row.input", "panel.row.noisy", "panel.row.output"]
    assert not torch.allclose(torch.from_numpy(rows["panel.row.noisy"]), torch.from_numpy(rows["panel.row.input"]))


def test_stop_ends_a_long_run_within_a_second(mnist) -> None:
    config = TrainConfig(epochs=50, batch_size=64, report_every=1)
    job = TrainingJob(tiny_model(), mnist, config, mnist.test_images[:2], limiter=JobLimiter(1)).start()
    wait_for(lambda: job.snapshot().points)
    asked = time.perf_counter()
    job.stop()
    assert job.wait(5)
    assert time.perf_counter() - asked < 1.0
    assert job.state == STOPPED and job.has_progress
    snapshot = job.snapshot()
    assert snapshot.preview_final and snapshot.preview_epoch == 0  # redrawn from the stopped model


def test_multi_stage_schedules_keep_counting_epochs(mnist_small) -> None:
    def two_stages(model, data, config, stop):
        for stage in ("layer 1", "layer 2"):
            for epoch in (1, 2):
                yield event("step", epoch, 4, {"loss": 1.0}, stage)
                yield event("epoch", epoch, 4, {"loss": 1.0}, stage, test={"loss": 0.9})
        yield event("done", 2, 4, {"loss": 1.0}, "layer 2")

    job = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2], schedule=two_stages,
                      limiter=JobLimiter(1)).start()
    assert job.wait(30)
    snapshot = job.snapshot()
    assert [p["x"] for p in snapshot.points] == [1.0, 2.0, 3.0, 4.0]
    assert [p["stage"] for p in snapshot.points] == ["layer 1", "layer 1", "layer 2", "layer 2"]
    assert snapshot.preview_epoch == 4 and snapshot.state == DONE


def test_divergence_is_reported_and_keeps_the_model(mnist_small) -> None:
    def diverging(model, data, config, stop):
        yield event("step", 1, 2, {"loss": 3.0})
        raise TrainingDiverged("training diverged at epoch 1, step 3 (loss=nan); the last good weights "
                               "were kept. Try a smaller learning rate (now 1.0).", 1, 3)

    model = tiny_model()
    job = TrainingJob(model, mnist_small, TrainConfig(), mnist_small.test_images[:2], schedule=diverging,
                      limiter=JobLimiter(1)).start()
    assert job.wait(30)
    snapshot = job.snapshot()
    assert snapshot.state == DIVERGED and "smaller learning rate" in snapshot.message
    assert job.has_progress and job.model is model


def test_an_unexpected_error_fails_the_job_without_raising(mnist_small) -> None:
    def broken(model, data, config, stop):
        raise RuntimeError("out of memory")
        yield  # a generator, like every schedule

    job = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2], schedule=broken,
                      limiter=JobLimiter(1)).start()
    assert job.wait(30)
    assert job.state == FAILED and "out of memory" in job.snapshot().message


def test_jobs_queue_in_order_and_show_their_place(mnist_small) -> None:
    release = threading.Event()

    def held(model, data, config, stop):
        yield event("step", 1, 1, {"loss": 1.0})
        while not (release.is_set() or stop.is_set()):
            time.sleep(0.01)

    limiter = JobLimiter(1)
    jobs = [TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2], schedule=held,
                        limiter=limiter).start() for _ in range(3)]
    wait_for(lambda: jobs[0].state == RUNNING and limiter.position(jobs[2]) == 2)
    assert [job.snapshot().queue_position for job in jobs] == [None, 1, 2]
    assert jobs[1].state == QUEUED and limiter.running == 1

    jobs[1].stop()  # a queued job can be cancelled: it never takes a slot
    wait_for(lambda: jobs[1].finished)
    assert jobs[1].state == STOPPED and not jobs[1].has_progress
    assert jobs[2].snapshot().queue_position == 1

    release.set()
    assert all(job.wait(30) for job in jobs)
    assert jobs[2].state == DONE and limiter.running == 0


def test_the_job_limit_comes_from_the_environment() -> None:
    assert max_jobs({"AE_LAB_MAX_JOBS": "3"}) == 3
    for bad in ("0", "-1", "two"):
        with pytest.raises(ValueError, match="AE_LAB_MAX_JOBS must be a positive integer"):
            max_jobs({"AE_LAB_MAX_JOBS": bad})
    assert default_max_jobs(cpu_count=2, has_gpu=False) == 1
    assert default_max_jobs(cpu_count=16, has_gpu=False) == 4
    assert default_max_jobs(cpu_count=2, has_gpu=True) == 4
    assert max_jobs({}) == default_max_jobs()


def test_jobs_leave_cores_to_the_server_and_to_each_other(mnist_small) -> None:
    assert threads_per_job(1, cpu_count=2) == 1
    assert threads_per_job(1, cpu_count=8) == 4
    assert threads_per_job(4, cpu_count=16) == 3
    assert threads_per_job(8, cpu_count=4) == 1
    seen = []

    def record_threads(model, data, config, stop):
        seen.append(torch.get_num_threads())
        yield event("done", 2, 4, {"loss": 1.0})

    before = torch.get_num_threads()
    job = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                      schedule=record_threads, limiter=JobLimiter(1)).start()
    assert job.wait(30)
    assert seen == [threads_per_job(1)] and torch.get_num_threads() == before  # this thread keeps its own


def test_a_bad_limit_fails_the_job_with_its_reason(mnist_small) -> None:
    def bad_limit() -> int:
        return max_jobs({"AE_LAB_MAX_JOBS": "many"})

    job = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                      limiter=JobLimiter(bad_limit)).start()
    assert job.wait(30)
    assert job.state == FAILED and "AE_LAB_MAX_JOBS" in job.snapshot().message


def test_the_warm_up_runs_every_task_even_after_one_fails(caplog, monkeypatch) -> None:
    from ui import heap, jobs

    ran: list[str] = []
    settled: list[bool] = []
    monkeypatch.setattr(heap, "settle", lambda: settled.append(True))

    def broken() -> None:
        ran.append("broken")
        raise OSError("no such file")

    with caplog.at_level("ERROR", logger="ui.jobs"):
        jobs._warm_up(broken, lambda: ran.append("second"))
    assert ran == ["broken", "second"]
    assert "warm-up task" in caplog.text and "no such file" in caplog.text
    assert settled == [True], "the heap is settled once the warm-up's imports are done"


def test_the_resources_warm_up_fills_the_cache_pages_read(mnist, monkeypatch) -> None:
    from ui import latent_pad, resources

    calls: list[int] = []
    pack = latent_pad.pack_images
    monkeypatch.setattr(latent_pad, "pack_images", lambda images: calls.append(len(images)) or pack(images))
    # Both caches: an earlier test's page run may have linked the hover file already.
    resources.packed_test_images.clear()
    resources._hover_file.clear()
    resources.warm_up()
    assert calls == [mnist.test_images.shape[0]]
    packed = resources.packed_test_images("mnist")  # what a page's latent space asks for
    assert calls == [mnist.test_images.shape[0]], "the page reads the warm-up's packing, not its own"
    assert packed["shape"] == [mnist.test_images.shape[0], 28, 28]
    resources.packed_test_images.clear()


def held_schedule(release: threading.Event, eta_s: float = 30.0):
    """A schedule that reports one step with the given ETA, then trains until released or stopped."""
    def held(model, data, config, stop):
        yield TrainEvent("step", 1, 1, 1, 4, {"loss": 1.0}, 100.0, 0.1, eta_s)
        while not (release.is_set() or stop.is_set()):
            time.sleep(0.01)
    return held


def test_a_waiting_job_is_told_its_estimated_wait(mnist_small) -> None:
    release = threading.Event()
    limiter = JobLimiter(1)
    jobs = [TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                        schedule=held_schedule(release, eta_s=30.0), limiter=limiter).start() for _ in range(3)]
    try:
        wait_for(lambda: jobs[0].snapshot().points and limiter.position(jobs[2]) == 2)
        first, second = jobs[1].snapshot(), jobs[2].snapshot()
        assert jobs[0].snapshot().wait_s is None  # running, not waiting
        # The first in line starts when the running job's ETA runs out; the second waits a whole
        # typical job longer (no job has completed yet: the running job's expected total).
        assert 25.0 < first.wait_s <= 30.0
        assert second.wait_s == pytest.approx(first.wait_s + 30.0, abs=2.0)
    finally:
        release.set()
        assert all(job.wait(30) for job in jobs)


def test_the_wait_uses_recent_job_durations(mnist_small) -> None:
    limiter = JobLimiter(1)
    limiter._durations.extend([10.0, 12.0, 400.0])  # the median ignores one job that ran long
    waiting = object()
    limiter._waiting.extend([object(), waiting])
    assert limiter.estimated_wait(waiting) == pytest.approx(12.0)


def test_slot_files_hold_the_limit_across_limiters(tmp_path, mnist_small) -> None:
    """Two limiters over one slot folder stand for two app processes: together they train no more
    jobs than the limit, and a slot that one gives back lets the other's job start."""
    release = threading.Event()
    processes = [JobLimiter(1, slots=SlotFiles(tmp_path)) for _ in range(2)]
    first = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                        schedule=held_schedule(release, eta_s=20.0), limiter=processes[0]).start()
    wait_for(lambda: first.snapshot().points)
    release_second = threading.Event()
    second = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                         schedule=held_schedule(release_second), limiter=processes[1]).start()
    try:
        time.sleep(0.6)  # several polls of the slot folder
        assert second.state == QUEUED and processes[1].running == 0
        wait_s = second.snapshot().wait_s  # from the ETA the other process wrote into its slot file
        assert wait_s is not None and 10.0 < wait_s <= 20.0
        release.set()
        wait_for(lambda: second.state == RUNNING)
    finally:
        release.set()
        release_second.set()
        assert first.wait(30) and second.wait(30)
    assert processes[0].running == processes[1].running == 0


def test_many_threads_never_exceed_the_limit(mnist_small) -> None:
    limiter, inside, most = JobLimiter(2), [0], [0]
    lock = threading.Lock()

    def counted(model, data, config, stop):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.02)
        with lock:
            inside[0] -= 1
        yield event("done", 1, 4, {"loss": 1.0})

    jobs = [TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2], schedule=counted,
                        limiter=limiter) for _ in range(24)]
    starters = [threading.Thread(target=job.start) for job in jobs]
    for starter in starters:
        starter.start()
    assert all(job.wait(60) for job in jobs)
    assert most[0] == 2 and limiter.running == 0 and all(job.state == DONE for job in jobs)


def test_a_job_whose_owner_is_gone_is_stopped_and_freed(mnist_small, monkeypatch) -> None:
    """A session's state owns its jobs: once it is gone (the tab closed long ago), the job stops,
    gives its slot back, and nothing keeps its model alive."""
    import gc
    import weakref

    from ui import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "WATCH_EVERY_S", 0.05)
    limiter, owner, release = JobLimiter(1), jobs_module.JobOwner(), threading.Event()
    job = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                      schedule=held_schedule(release), limiter=limiter, owner=owner).start()
    queued = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                         schedule=held_schedule(release), limiter=limiter, owner=owner).start()
    wait_for(lambda: job.snapshot().points and queued.state == QUEUED)
    model, thread = weakref.ref(job.model), job._thread
    del owner
    gc.collect()
    assert job.wait(10) and queued.wait(10)
    assert job.state == STOPPED and queued.state == STOPPED and limiter.running == 0
    del job, queued
    thread.join(5)
    gc.collect()
    assert model() is None
    release.set()


def test_a_job_stops_once_its_owner_has_been_disconnected_for_the_grace_time(mnist_small, monkeypatch) -> None:
    """A closed tab: the session is disconnected. Its job keeps training through the grace time
    (a tab that reconnects in time finds it) and stops once the grace time has passed."""
    from ui import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "WATCH_EVERY_S", 0.05)
    connected = {"now": True}
    owner = jobs_module.JobOwner(lambda: connected["now"], grace_s=0.5)
    limiter, release = JobLimiter(1), threading.Event()
    job = TrainingJob(tiny_model(), mnist_small, TrainConfig(), mnist_small.test_images[:2],
                      schedule=held_schedule(release), limiter=limiter, owner=owner).start()
    wait_for(lambda: job.snapshot().points)
    connected["now"] = False
    time.sleep(0.2)
    connected["now"] = True  # reconnected within the grace time
    time.sleep(0.6)
    assert job.state == RUNNING
    connected["now"] = False
    assert job.wait(10) and job.state == STOPPED and limiter.running == 0
    release.set()
