"""Many sessions at once: the launcher's imports, a shared cache hit by many threads, the jobs of
several sessions training at once without one seeing another's model, a collapsed run said as
such, and a closed session's job and model released."""
from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
import time
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import jobs, resources

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 6

# A page with one training panel over a tiny model: what every concept page's panel does, without
# the rest of a page. `start` (session state) presses Train with that learning rate.
PANEL_APP = textwrap.dedent('''
    import streamlit as st

    from ae_core.models import build_model
    from ui import models, resources
    from ui.training_panel import Field, training_fields, training_panel

    models.collect_finished_jobs()
    data = resources.dataset("mnist-small-for-tests")
    training_panel(
        "concurrency", data,
        fields=[Field("hidden", "field.hidden", "sizes", [16]), *training_fields(epochs=1, limit=256)],
        build_model=lambda values: build_model("ae", {"latent_dim": 2, "hidden": values["hidden"]}),
        describe=lambda values: f"session model {st.session_state['who']}",
    )
''')


def run_threads(target, count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            target(index)
        except BaseException as error:  # noqa: BLE001 - collected and reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return errors


@pytest.fixture
def small_dataset(monkeypatch, mnist_small):
    """resources.dataset serves the small MNIST slice under a name of its own, counting loads."""
    from ae_core import data as data_module

    loads = []
    real = data_module.load_dataset

    def load(name, device=None):
        if name != "mnist-small-for-tests":
            return real(name, device=device)
        loads.append(name)
        time.sleep(0.2)  # a load long enough for every thread to arrive while it runs
        return mnist_small

    monkeypatch.setattr(data_module, "load_dataset", load)
    resources.dataset.clear()
    yield loads
    resources.dataset.clear()


def test_the_launcher_imports_what_others_look_up_before_serving() -> None:
    """In a fresh interpreter, after the launcher's eager imports, pandas is whole and figures
    build in many threads at once (the failure seen with a class was a half-imported pandas)."""
    code = textwrap.dedent('''
        import sys, threading
        from ui import serve
        serve.preimport_eager()
        assert hasattr(sys.modules["pandas"], "Series") and "plotly.graph_objects" in sys.modules
        assert "torch" not in sys.modules  # the heavy one is left to the background thread
        serve.preimport_background().join()
        assert hasattr(sys.modules["torch"], "Tensor")
        from ae_core.figures import loss_curves
        errors = []
        def draw():
            try:
                points = [{"x": i / 10, "stage": None, "terms": {"loss": 1.0 / (i + 1)}} for i in range(50)]
                loss_curves(points, [], x_title="epoch", train_label="train", test_label="test").to_json()
            except Exception as error:
                errors.append(repr(error))
        threads = [threading.Thread(target=draw) for _ in range(16)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert not errors, errors
        print("ok")
    ''')
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_a_shared_dataset_loads_once_when_many_sessions_ask_at_once(small_dataset) -> None:
    seen = [None] * 8

    def ask(index: int) -> None:
        seen[index] = resources.dataset("mnist-small-for-tests")

    assert run_threads(ask, 8) == []
    assert small_dataset == ["mnist-small-for-tests"]
    assert all(item is seen[0] for item in seen)


def test_sessions_train_at_once_and_see_only_their_own_model(small_dataset, monkeypatch) -> None:
    """Six sessions press Train one after the other, so their jobs queue and train at the same time
    (two at once); each session then shows only its own job and model. (AppTest runs one script at
    a time per process: its runs share Streamlit's Runtime singleton, so the page runs themselves
    are not run in parallel here; the classroom benchmark drives real sessions at once.)"""
    monkeypatch.setattr(jobs, "LIMITER", jobs.JobLimiter(2))
    sessions = []
    for index in range(SESSIONS):
        at = AppTest.from_string(PANEL_APP, default_timeout=240)
        at.session_state["who"] = f"#{index}"
        at.run()
        at.button(key="panel.concurrency.train").click().run()
        sessions.append(at)
    assert jobs.LIMITER.running <= 2
    models = set()
    for index, at in enumerate(sessions):
        job = at.session_state["job.concurrency"]
        assert job.wait(240)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert job.description == f"session model #{index}"
        assert job.state in (jobs.DONE, jobs.COLLAPSED)  # 2 steps need not beat the mean image
        models.add(id(job.model))
        trained = at.session_state["trained.concurrency"] if job.state == jobs.DONE else None
        assert trained is None or trained.model is job.model
    assert len(models) == SESSIONS
    assert jobs.LIMITER.running == 0


def test_a_closed_sessions_job_stops_and_its_model_is_freed(small_dataset, monkeypatch) -> None:
    """What Streamlit does when a tab has been closed for server.disconnectedSessionTTL: the
    session's state is dropped. Its running job then stops, frees its slot, and its model goes."""
    monkeypatch.setattr(jobs, "WATCH_EVERY_S", 0.05)
    limiter = jobs.JobLimiter(1)
    monkeypatch.setattr(jobs, "LIMITER", limiter)
    at = AppTest.from_string(PANEL_APP.replace("epochs=1, limit=256", "epochs=100, limit=2000"),
                             default_timeout=240)
    at.session_state["who"] = "#closed"
    at.run()
    at.button(key="panel.concurrency.train").click().run()
    job = at.session_state["job.concurrency"]
    deadline = time.perf_counter() + 120
    while not job.snapshot().points:
        assert time.perf_counter() < deadline
        time.sleep(0.05)
    model, owner = weakref.ref(job.model), weakref.ref(at.session_state["jobs.owner"])
    del at
    gc.collect()
    assert owner() is None  # nothing but the session's state held it
    assert job.wait(30) and job.state == jobs.STOPPED and limiter.running == 0
    del job
    gc.collect()
    assert model() is None


# The panel app with a schedule whose test reconstructions end worse than the mean image, as a
# run at learning rate 1 does (loss 1e11, one blob for every digit).
COLLAPSING_APP = PANEL_APP.replace("training_panel(", textwrap.dedent('''
    def collapsing(model, data, config, stop):
        from ae_core.training import TrainEvent

        test = {"mse": 0.125, "psnr": 9.0}
        yield TrainEvent("step", 1, 1, 2, 2, {"loss": 1e11}, 100.0, 0.1, 0.0)
        yield TrainEvent("epoch", 1, 1, 2, 2, {"loss": 1e11}, 100.0, 0.1, 0.0, test=test)
        yield TrainEvent("done", 1, 1, 2, 2, {"loss": 1e11}, 100.0, 0.1, 0.0, test=test)


    training_panel(''').lstrip("\n"), 1).replace("    describe=", "    schedule=collapsing,\n    describe=")


def test_a_collapsed_run_is_said_and_kept_only_on_request(small_dataset) -> None:
    at = AppTest.from_string(COLLAPSING_APP, default_timeout=240)
    at.session_state["who"] = "#collapsed"
    at.run()
    at.button(key="panel.concurrency.train").click().run()
    assert at.session_state["job.concurrency"].wait(60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warning = " ".join(w.value for w in at.warning)
    assert "learned nothing usable" in warning and "MSE 0.1250" in warning
    assert not at.success  # no green "Finished"
    assert "trained.concurrency" not in at.session_state
    at.button(key="panel.concurrency.keep").click().run()
    assert at.session_state["trained.concurrency"].status == jobs.COLLAPSED
    assert "use this model anyway" in " ".join(c.value for c in at.caption).lower()


def test_the_live_view_slows_its_redraws_to_what_they_cost() -> None:
    """A tick that arrives while the previous redraw still runs cuts it short: the interval stays
    several times a redraw's duration, and a queued job (whose view barely changes) redraws less."""
    from ui.training_panel import LIVE_HEADROOM, LIVE_INTERVALS_S, QUEUED_INTERVAL_S, live_interval, thinned

    quick, loaded, stalled = live_interval(0.05, False), live_interval(0.4, False), live_interval(30.0, False)
    assert quick == LIVE_INTERVALS_S[0] and loaded >= LIVE_HEADROOM * 0.4 and stalled == LIVE_INTERVALS_S[-1]
    assert live_interval(0.05, True) == QUEUED_INTERVAL_S
    points = list(range(10_000))
    assert thinned(points, 400)[0] == 0 and thinned(points, 400)[-1] == 9_999 and len(thinned(points, 400)) == 400
    assert thinned(points[:50], 400) == points[:50]
