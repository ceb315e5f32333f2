"""Background training jobs: one thread per job, owned by a session, under a server-wide limit.

A job consumes the TrainEvents of ae_core.training.train (or of any schedule yielding them, such
as greedy layer-wise pretraining) and keeps what the page draws: the latest event, every loss
point, the test metrics of each epoch and a preview of fixed test digits reconstructed at each
epoch's end. The Streamlit script only reads `snapshot()`, so it never blocks on training; Stop
sets a threading.Event that the loop checks between two steps.

No streamlit here: the module is plain Python and can be driven from tests or a notebook.
"""
from __future__ import annotations

import collections
import heapq
import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import numpy as np

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData
    from ae_core.training import TrainConfig, TrainEvent

LOG = logging.getLogger(__name__)

MAX_JOBS_ENV = "AE_LAB_MAX_JOBS"
# A folder shared by several app processes (classroom mode): the job limit then holds across them.
SLOT_DIR_ENV = "AE_LAB_SLOT_DIR"

# A schedule trains `model` in place and yields TrainEvents; `stop` asks it to end early.
Schedule = Callable[["torch.nn.Module", "ImageData", "TrainConfig", threading.Event], Iterator["TrainEvent"]]
# A preview turns (model, clean test images (n, 1, 28, 28), config) into rows of images to show:
# [(text key of the row label, array (n, 28, 28) in [0, 1]), ...].
Preview = Callable[["torch.nn.Module", "torch.Tensor", "TrainConfig"], list[tuple[str, np.ndarray]]]

QUEUED, RUNNING, DONE, STOPPED, DIVERGED, FAILED = "queued", "running", "done", "stopped", "diverged", "failed"
# Trained to the end (or stopped) without error, but its test reconstructions are no better than
# the mean image: the loss blew up or the model learned nothing (ae_core.metrics.collapse_check).
COLLAPSED = "collapsed"
FINISHED_STATES = (DONE, STOPPED, DIVERGED, FAILED, COLLAPSED)
# A finished job whose model is not made the page's model unless its user keeps it explicitly.
UNSOUND_STATES = (DIVERGED, COLLAPSED)
PUBLISH_EVERY_S = 2.0  # how often a running job tells other processes when its slot frees


def default_max_jobs(cpu_count: int | None = None, has_gpu: bool | None = None) -> int:
    """Jobs that may train at once when AE_LAB_MAX_JOBS is not set.

    Each CPU job already spreads over the cores (torch's intra-op threads), so two at once on a
    2-core machine only slow each other down and starve the web server; a GPU takes a few more.
    """
    cpu_count = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    if has_gpu is None:
        import torch

        has_gpu = torch.cuda.is_available()
    return max(4 if has_gpu else 1, cpu_count // 4)


def max_jobs(environ: dict[str, str] | os._Environ = os.environ) -> int:
    raw = environ.get(MAX_JOBS_ENV)
    if raw is None or raw.strip() == "":
        return default_max_jobs()
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"{MAX_JOBS_ENV} must be a positive integer, got {raw!r}")
    return value


def threads_per_job(limit: int, cpu_count: int | None = None) -> int:
    """CPU threads each job trains with: the cores shared by the jobs that may run at once and the
    server itself, which must stay responsive (it redraws every live view twice a second).

    OpenMP threads that outnumber the free cores wait on each other at every barrier: on a busy
    2-core machine two threads per job made the first loss value take ten times longer than one.
    """
    cpu_count = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return max(1, cpu_count // (limit + 1))


class SlotFiles:
    """Training slots shared by the app processes of one server (classroom mode, scripts/classroom.sh).

    Slot i is taken while a process holds an exclusive flock on `<directory>/slot-<i>.lock`; the
    kernel drops the lock when its holder exits or dies, so a crashed process never keeps a slot.
    The holder writes the wall-clock time it expects to finish at into the file, for the other
    processes' wait estimates. Each process keeps its own queue in order (JobLimiter); across the
    processes, whichever queue head asks first after a slot frees takes it.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        import fcntl  # POSIX only, and only needed in classroom mode

        self._fcntl = fcntl
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, index: int) -> Path:
        return self.directory / f"slot-{index}.lock"

    def take(self, limit: int) -> int | None:
        """A file descriptor holding a free slot among the first `limit`, or None when all are held."""
        for index in range(limit):
            descriptor = os.open(self._path(index), os.O_RDWR | os.O_CREAT, 0o600)
            try:
                self._fcntl.flock(descriptor, self._fcntl.LOCK_EX | self._fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            return descriptor
        return None

    @staticmethod
    def publish(descriptor: int, ends_at: float) -> None:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{ends_at:.1f}".encode(), 0)

    def give_back(self, descriptor: int) -> None:
        os.ftruncate(descriptor, 0)
        self._fcntl.flock(descriptor, self._fcntl.LOCK_UN)
        os.close(descriptor)

    def held_elsewhere(self, limit: int, own: set[int]) -> list[float | None]:
        """Seconds until each slot held by another process should free (None: not said yet)."""
        remaining: list[float | None] = []
        own_files = {os.fstat(descriptor).st_ino for descriptor in own}
        for index in range(limit):
            path = self._path(index)
            try:
                descriptor = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                if os.fstat(descriptor).st_ino in own_files:
                    continue
                try:
                    self._fcntl.flock(descriptor, self._fcntl.LOCK_SH | self._fcntl.LOCK_NB)
                except BlockingIOError:  # held: read its expected end
                    text = os.pread(descriptor, 32, 0).decode(errors="replace").strip()
                    try:
                        remaining.append(max(0.0, float(text) - time.time()))
                    except ValueError:
                        remaining.append(None)
                else:
                    self._fcntl.flock(descriptor, self._fcntl.LOCK_UN)
            finally:
                os.close(descriptor)
        return remaining


def slot_files(environ: dict[str, str] | os._Environ = os.environ) -> SlotFiles | None:
    directory = environ.get(SLOT_DIR_ENV, "").strip()
    return SlotFiles(directory) if directory else None


class JobLimiter:
    """First come, first served: at most `limit` jobs hold a slot; the others wait in order.

    With `slots` (SlotFiles) the limit holds across every process sharing that directory. The
    limiter also keeps how long recent jobs trained, to estimate each waiting job's wait.
    """

    RECENT = 20  # completed jobs whose durations the wait estimate uses

    def __init__(self, limit: int | Callable[[], int] = max_jobs, slots: SlotFiles | None = None) -> None:
        self._limit = limit
        self._slots = slots
        self._condition = threading.Condition()
        self._waiting: list[object] = []
        self._holders: dict[object, tuple[int | None, float]] = {}  # job -> (slot descriptor, since)
        self._durations: collections.deque[float] = collections.deque(maxlen=self.RECENT)

    @property
    def limit(self) -> int:
        return self._limit() if callable(self._limit) else self._limit

    def acquire(self, job: object, cancelled: threading.Event) -> bool:
        """Wait for a slot; False when `cancelled` was set while waiting (no slot taken)."""
        limit = self.limit
        with self._condition:
            self._waiting.append(job)
            try:
                while not cancelled.is_set():
                    if self._waiting[0] is job and len(self._holders) < limit:
                        descriptor = self._slots.take(limit) if self._slots is not None else None
                        if self._slots is None or descriptor is not None:
                            self._holders[job] = (descriptor, time.perf_counter())
                            return True
                    # Another process frees a slot without notifying this one: poll for it.
                    self._condition.wait(0.1 if self._slots is None else 0.25)
                return False
            finally:
                self._waiting.remove(job)
                self._condition.notify_all()

    def release(self, job: object, completed: bool = False) -> None:
        """Give `job`'s slot back; a completed job's duration joins the recent ones."""
        with self._condition:
            descriptor, since = self._holders.pop(job)
            if descriptor is not None and self._slots is not None:
                self._slots.give_back(descriptor)
            if completed:
                self._durations.append(time.perf_counter() - since)
            self._condition.notify_all()

    def publish(self, job: object, remaining_s: float) -> None:
        """Tell the other processes when `job`'s slot should free (classroom mode)."""
        with self._condition:
            held = self._holders.get(job)
            if held is not None and held[0] is not None:
                SlotFiles.publish(held[0], time.time() + remaining_s)

    def position(self, job: object) -> int | None:
        """1-based place of a waiting job in the queue; None when it is not waiting."""
        with self._condition:
            return self._waiting.index(job) + 1 if job in self._waiting else None

    @property
    def running(self) -> int:
        with self._condition:
            return len(self._holders)

    def estimated_wait(self, job: object) -> float | None:
        """Seconds until a waiting `job` should start; None when it is not waiting or nothing is
        known yet to estimate from.

        Each busy slot frees when its job's own ETA says (other processes' slots: the time their
        holder published); every job ahead in the queue then takes the first free slot for a typical
        duration: the median of the recent completed jobs, or before there are any, the running
        jobs' expected total durations.
        """
        with self._condition:
            if job not in self._waiting:
                return None
            ahead = self._waiting.index(job)
            running = [(held, since) for held, (_, since) in self._holders.items()]
            own = {descriptor for descriptor, _ in self._holders.values() if descriptor is not None}
            durations = sorted(self._durations)
        limit = self.limit
        now = time.perf_counter()
        # Outside the limiter's lock: a job's remaining time takes that job's own lock.
        frees: list[float | None] = [_remaining(held) for held, _ in running]
        totals = [now - since + left for (_, since), left in zip(running, frees) if left is not None]
        if self._slots is not None:
            frees += self._slots.held_elsewhere(limit, own)
        typical = durations[len(durations) // 2] if durations else (sum(totals) / len(totals) if totals else None)
        frees = [typical if left is None else left for left in frees]
        if any(left is None for left in frees) or (ahead and typical is None):
            return None
        slots = sorted(frees)[:limit] + [0.0] * max(0, limit - len(frees))
        heapq.heapify(slots)
        for _ in range(ahead):
            heapq.heappush(slots, heapq.heappop(slots) + typical)
        return slots[0]


def _remaining(job: object) -> float | None:
    remaining = getattr(job, "remaining_s", None)
    return remaining() if callable(remaining) else None


# Module state lives as long as the server process, so this one limiter is shared by every session.
LIMITER = JobLimiter(slots=slot_files())
_warm_up_lock = threading.Lock()
_warm_up_thread: threading.Thread | None = None


def warm_up(*tasks: Callable[[], object]) -> threading.Thread:
    """Once per process, in a background thread: `tasks` (caches a page's first run would fill),
    then one tiny optimiser step. Returns the thread (the launcher waits for it before serving).

    torch.optim imports torch._dynamo on its first step, which takes seconds (far more on a
    loaded machine); done here ahead of time, the first Train click shows a loss within a second.
    Then the heap is settled (ui/heap.py): what the imports left is frozen out of later full
    garbage collections. A task that fails is logged and skipped: the page computes it itself.
    """
    global _warm_up_thread
    with _warm_up_lock:
        if _warm_up_thread is None:
            _warm_up_thread = threading.Thread(target=_warm_up, args=tasks, name="ae-lab-warm-up", daemon=True)
            _warm_up_thread.start()
        return _warm_up_thread


def _warm_up(*tasks: Callable[[], object]) -> None:
    import torch

    from ui import heap

    for task in tasks:
        try:
            task()
        except Exception:  # noqa: BLE001 - a warm-up is an optimisation, never an error
            LOG.exception("warm-up task %r failed; the page will compute it when needed", task)
    weight = torch.zeros(4, requires_grad=True)
    optimizer = torch.optim.Adam([weight], lr=1e-3)
    (weight - 1).pow(2).sum().backward()
    optimizer.step()
    heap.settle()  # the step imported torch._dynamo's thousands of objects


class JobOwner:
    """Stands for a session: kept in its state, handed to the session's jobs as their owner.

    A job is abandoned when its owner is freed (with the session's state), or when `connected()`
    (where given) has said False for `grace_s` seconds in a row: the app passes whether its
    session still has a browser tab connected, and Streamlit's disconnectedSessionTTL as the grace,
    so a tab that reconnects in time finds its job still training.
    """

    __slots__ = ("__weakref__", "_connected", "_grace_s", "_since")

    def __init__(self, connected: Callable[[], bool] | None = None, grace_s: float = 0.0) -> None:
        self._connected = connected
        self._grace_s = grace_s
        self._since: float | None = None  # when it was first seen disconnected

    def gone(self) -> bool:
        if self._connected is None or self._connected():
            self._since = None
            return False
        now = time.monotonic()
        if self._since is None:
            self._since = now
        return now - self._since >= self._grace_s


_watched: "weakref.WeakSet[TrainingJob]" = weakref.WeakSet()
_watcher_lock = threading.Lock()
_watcher: threading.Thread | None = None
WATCH_EVERY_S = 1.0


def _watch(job: "TrainingJob") -> None:
    """Stop `job` once its owner is gone (one watcher thread per process, started on demand)."""
    global _watcher
    with _watcher_lock:
        _watched.add(job)
        if _watcher is None:
            _watcher = threading.Thread(target=_stop_abandoned_jobs, name="ae-lab-job-watcher", daemon=True)
            _watcher.start()


def _stop_abandoned_jobs() -> None:
    while True:
        time.sleep(WATCH_EVERY_S)
        _sweep()


def _sweep() -> None:
    with _watcher_lock:
        jobs = list(_watched)
    for job in jobs:
        if job.abandoned and not job.finished:
            LOG.info("stopping a training job whose session is gone")
            job.stop()
        if job.finished:
            _watched.discard(job)


@dataclass(frozen=True)
class JobSnapshot:
    """A consistent copy of a job's progress, for drawing."""

    state: str
    queue_position: int | None
    limit: int  # jobs the server trains at once (0 unless queued)
    wait_s: float | None  # queued: estimated seconds until it starts (None: not known yet)
    event: "TrainEvent | None"  # the latest step or epoch event
    points: list[dict[str, Any]]  # {"x": epochs done (fractional), "stage": str | None, "terms": {...}}
    test_points: list[dict[str, Any]]  # {"x", "stage", "epoch", "test": {...}} at each epoch's end
    preview: list[tuple[str, np.ndarray]]
    preview_epoch: int  # 0: before training
    preview_final: bool  # True: redrawn when training ended between two epoch ends
    message: str
    elapsed_s: float
    epochs_done: int
    stop_requested: bool
    baseline_mse: float | None = None  # the mean image's test MSE, once training ended
    error: BaseException | None = None  # what ended a diverged or failed run (message: its English text)

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def active(self) -> bool:
        return not self.finished


def train_schedule(model: "torch.nn.Module", data: "ImageData", config: "TrainConfig",
                   stop: threading.Event) -> Iterator["TrainEvent"]:
    """The default schedule: one run of the training loop."""
    from ae_core.training import train

    return train(model, data, config, stop=stop)


def reconstruction_preview(model: "torch.nn.Module", images: "torch.Tensor",
                           config: "TrainConfig") -> list[tuple[str, np.ndarray]]:
    """Rows input / (noisy input) / reconstruction of `images`, corrupted as in training."""
    import torch

    from ae_core import noise as noise_module

    with torch.no_grad():
        generator = noise_module.make_generator(images.device, config.seed + 1) if config.noise else None
        inputs = noise_module.corrupt(images, config.noise, config.noise_level, generator)
        outputs = model.reconstruct(inputs)
    rows = [("panel.row.input", _to_numpy(images))]
    if config.noise:
        rows.append(("panel.row.noisy", _to_numpy(inputs)))
    rows.append(("panel.row.output", _to_numpy(outputs)))
    return rows


def _to_numpy(images: "torch.Tensor") -> np.ndarray:
    """(n, 1, 28, 28) tensor -> (n, 28, 28) float32 array on the CPU, clipped to [0, 1]."""
    return images.detach().float().clamp(0, 1).squeeze(1).cpu().numpy()


class TrainingJob:
    """Trains one model in a daemon thread. Build it, `start()` it, read `snapshot()`, `stop()` it."""

    def __init__(self, model: "torch.nn.Module", data: "ImageData", config: "TrainConfig",
                 preview_images: "torch.Tensor", schedule: Schedule = train_schedule,
                 preview: Preview = reconstruction_preview, limiter: JobLimiter | None = None,
                 values: dict[str, Any] | None = None, description: str = "", owner: JobOwner | None = None,
                 ) -> None:
        self.model = model
        self.data = data
        self.config = config
        self.values = dict(values or {})  # the form's values, recorded in the metadata
        self.description = description
        self._preview_images = preview_images
        self._schedule = schedule
        self._preview = preview
        self._limiter = limiter if limiter is not None else LIMITER  # the server-wide one
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="ae-lab-training", daemon=True)
        self._state = QUEUED
        self._event: TrainEvent | None = None
        self._event_at = 0.0
        self._points: list[dict[str, Any]] = []
        self._test_points: list[dict[str, Any]] = []
        self._preview_rows: list[tuple[str, np.ndarray]] = []
        self._preview_epoch = 0
        self._preview_final = False  # the preview shows the model as training ended (stopped, diverged)
        self._message = ""
        self._error: BaseException | None = None
        self._started = 0.0
        self._finished_at: float | None = None
        self._history: list[dict[str, Any]] = []
        # Multi-stage schedules restart epochs at 1 in each stage; x keeps counting across them.
        self._stage: str | None = None
        self._stage_offset = 0
        self._stage_epochs = 0
        self._baseline_mse: float | None = None
        self._published = 0.0
        self.absorbed = False  # set once the session has taken the finished model (ui.models)
        # What the model's weights started from when it continues an earlier model's training
        # (that model's recorded facts); None for a model trained from scratch.
        self.continued_from: dict[str, Any] | None = None
        # The job lives only as long as `owner` (its session's state): when that is gone, the tab
        # closed long ago and nobody will ever read the job, so it is stopped and its slot freed.
        self._owner = weakref.ref(owner) if owner is not None else None
        if owner is not None:
            _watch(self)

    # --- control ---------------------------------------------------------------------------------
    def start(self) -> "TrainingJob":
        self._started = time.perf_counter()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread ends (tests, scripts); True when it has ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def history(self) -> list[dict[str, Any]]:
        """Epoch summaries of the training loop (what checkpoints record)."""
        with self._lock:
            return list(self._history)

    @property
    def has_progress(self) -> bool:
        """True once at least one loss value came back: a model worth keeping."""
        with self._lock:
            return bool(self._points)

    @property
    def abandoned(self) -> bool:
        """True once the owner given at construction is freed or says it is gone."""
        if self._owner is None:
            return False
        owner = self._owner()
        return owner is None or owner.gone()

    def remaining_s(self) -> float | None:
        """Seconds this running job still needs by its latest ETA; None before its first steps."""
        with self._lock:
            if self._event is None or self._finished_at is not None:
                return None
            return max(0.0, self._event.eta_s - (time.perf_counter() - self._event_at))

    def snapshot(self) -> JobSnapshot:
        # Queue facts first, outside this job's lock: the wait estimate reads the other jobs' locks.
        queued = self.state == QUEUED
        position = self._limiter.position(self) if queued else None
        wait_s = self._limiter.estimated_wait(self) if queued else None
        limit = self._queue_limit() if queued else 0
        with self._lock:
            end = self._finished_at if self._finished_at is not None else time.perf_counter()
            return JobSnapshot(
                state=self._state,
                queue_position=position if self._state == QUEUED else None,
                limit=limit if self._state == QUEUED else 0,
                wait_s=wait_s if self._state == QUEUED else None,
                event=self._event,
                points=list(self._points),
                test_points=list(self._test_points),
                preview=list(self._preview_rows),
                preview_epoch=self._preview_epoch,
                preview_final=self._preview_final,
                message=self._message,
                elapsed_s=end - self._started if self._started else 0.0,
                epochs_done=len(self._test_points),
                stop_requested=self._stop.is_set(),
                baseline_mse=self._baseline_mse,
                error=self._error,
            )

    def _queue_limit(self) -> int:
        try:
            return self._limiter.limit
        except ValueError:  # a bad AE_LAB_MAX_JOBS: the job fails with that reason in a moment
            return 0

    # --- the thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        from ae_core.training import TrainingDiverged

        try:
            if not self._limiter.acquire(self, self._stop):
                self._finish(STOPPED)
                return
        except Exception as error:  # a bad AE_LAB_MAX_JOBS, say: shown to the user, not raised
            self._finish(FAILED, str(error), error)
            return
        try:
            import torch

            # Per thread under OpenMP: the server's own threads keep their setting.
            torch.set_num_threads(threads_per_job(self._limiter.limit))
            with self._lock:
                self._state = RUNNING
                self._started = time.perf_counter()
            self._refresh_preview(epoch=0)
            last = None
            for last in self._schedule(self.model, self.data, self.config, self._stop):
                self._record(last)
            completed = last is not None and last.kind == "done" and not last.stopped
            if not completed and self.has_progress:
                self._refresh_preview(final=True)
            if not completed:
                self._finish(STOPPED if self._stop.is_set() else DONE)
            else:  # a stopped run's last test metrics are older than its model: no verdict on them
                self._finish(COLLAPSED if self._collapsed() else DONE)
        except TrainingDiverged as error:
            if self.has_progress:
                self._refresh_preview(final=True)  # the last good weights, which the model keeps
            self._finish(DIVERGED, str(error), error)
        except Exception as error:
            LOG.exception("training job failed")
            self._finish(FAILED, f"{type(error).__name__}: {error}", error)
        finally:
            self._limiter.release(self, completed=self.state in (DONE, COLLAPSED))

    def _collapsed(self) -> bool:
        """Whether the last test reconstructions are no better than the mean test image."""
        from ae_core.metrics import collapse_check

        with self._lock:
            last = self._test_points[-1]["test"] if self._test_points else {}
        if "mse" not in last:
            return False  # no test metrics yet, or not an image model: nothing to compare
        limit = self.config.eval_limit
        images = self.data.test_images if limit is None else self.data.test_images[:limit]
        collapsed, baseline = collapse_check(float(last["mse"]), images)
        with self._lock:
            self._baseline_mse = baseline
        return collapsed

    def _finish(self, state: str, message: str = "", error: BaseException | None = None) -> None:
        with self._lock:
            self._state = state
            self._message = message
            self._error = error
            self._finished_at = time.perf_counter()

    def _record(self, event: "TrainEvent") -> None:
        if event.stage != self._stage:
            self._stage_offset += self._stage_epochs
            self._stage = event.stage
        self._stage_epochs = event.epochs
        x = self._stage_offset + (event.epoch - 1) + event.step / max(1, event.steps_per_epoch)
        if event.kind == "epoch":
            self._refresh_preview(epoch=self._stage_offset + event.epoch)
        with self._lock:
            if event.kind != "done":
                self._event = event
                self._event_at = time.perf_counter()
            if event.history:
                self._history = list(event.history)
            if event.kind == "step" and event.terms:
                self._points.append({"x": x, "stage": event.stage, "terms": dict(event.terms)})
            elif event.kind == "epoch" and event.test:
                self._test_points.append({"x": x, "stage": event.stage, "epoch": event.epoch,
                                          "test": dict(event.test)})
        if event.kind != "done" and self._event_at - self._published >= PUBLISH_EVERY_S:
            self._published = self._event_at
            self._limiter.publish(self, event.eta_s)

    def _refresh_preview(self, epoch: int | None = None, final: bool = False) -> None:
        # Runs in the training thread between two steps, so the weights are not moving under it.
        was_training = self.model.training
        self.model.eval()
        try:
            rows = self._preview(self.model, self._preview_images, self.config)
        finally:
            self.model.train(was_training)
        with self._lock:
            self._preview_rows = rows
            if epoch is not None:
                self._preview_epoch = epoch
            self._preview_final = final
