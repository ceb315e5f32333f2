"""A class on one server: N students as real Streamlit sessions, spoken at the protocol level.

    python benchmarks/classroom.py [--students 30] [--trainers 4] [--duration 180] [--json]
    python benchmarks/classroom.py --url http://host:8501 --match ui.serve   # a server already running

Each student is a browser tab (benchmarks/classroom_client.py): it fetches the page and its
scripts, opens the websocket, and walks Overview, Undercomplete, Stacked, Denoising,
Convolutional and Variational AE in a random order, thinking 2-8 s before each move and changing
one widget on each page. Trainers go to one page's training panel first, press Train with the
default settings and keep polling the live view as the browser's run_every timer does until the
job is done, then walk on. One real headless Chromium tab opens two pages during the class.

Figures:
- rerun latency (a page visit, a widget change, Train: the request to its run's end) p50 / p95 /
  max overall, in the first minute, per minute and per page; reruns that never finished;
- exception boxes (and error alerts) the students saw, with their first lines; disconnects;
- each trainer's queue wait (Train to the live view leaving the queue) and time to done, and
  how the live view kept up: polls sent, redraws finished, polls cut short by the next one;
- the server's memory (RSS of its process tree) and CPU from /proc every second: before the
  class, its peak, and after it (sessions closed, --settle seconds later); with --classes 2 a
  second class follows on the same server;
- the Chromium tab: seconds from each page's address to its title shown and to its run finished.

The app is started as the README does (`python -m ui.serve`, through tests/browser/harness.py),
unless --url names a running one; then --pid / --match say which processes to sample.
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import logging
import os
import random
import re
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from classroom_client import CUT_SHORT, Disconnected, Run, Tab, changed_value  # noqa: E402
from harness import CHROMIUM_ARGS, IDLE, find_chromium, start_server  # noqa: E402
from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

LOG = logging.getLogger("classroom")
TRAIN_BUTTON = r"panel\..+\.train"  # the training panel's submit button (ui/training_panel.py)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ENDED = ("done", "done, with a warning", "failed", "stopped", "ended")
END_ICONS = {"check_circle:": "done", "blur_on:": "done, with a warning", "stop_circle:": "stopped",
             "error:": "failed"}
TARGETS = {"p50_s": 0.5, "p95_s": 2.0, "all_train_done_s": 300.0}


@dataclass
class Settings:
    students: int = 30
    trainers: int = 4
    all_train: bool = False  # every student trains, pressing Train within the first minute
    duration_s: float | None = None  # walk until then (None: --walk-pages visits each)
    walk_pages: int = 6
    think_s: tuple[float, float] = (2.0, 8.0)
    ramp_s: float = 10.0  # students open the app within this many seconds of the class's start
    seed: int = 0
    train_page: str | None = None  # url path; None: a random page with a training panel each
    train_values: dict[str, float] = field(default_factory=dict)  # form fields set before Train
    classes: int = 1
    settle_s: float = 5.0  # after a class: wait this long with every session closed, then measure
    browser: bool = True
    browser_at_s: float = 20.0
    browser_pages: tuple[str, ...] = ("", "convolutional-ae")
    rerun_timeout_s: float = 180.0
    train_timeout_s: float = 600.0


# --- the server's processes, sampled from /proc -------------------------------------------------------
def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    return children


def _ancestors() -> set[int]:
    pid, seen = os.getpid(), set()
    while pid > 1 and pid not in seen:
        seen.add(pid)
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            break
    return seen


def _matching(pattern: str) -> list[int]:
    """Processes whose command line contains `pattern`, leaving out this benchmark and the
    commands that started it (their command lines name the pattern too)."""
    found, mine = [], _ancestors()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in mine:
            try:
                command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if pattern in command:
                found.append(int(entry))
    return found


def _tree(roots: list[int]) -> set[int]:
    children, seen, stack = _children(), set(), list(roots)
    while stack:
        pid = stack.pop()
        if pid not in seen and pid != os.getpid():  # never this client or its Chromium
            seen.add(pid)
            stack.extend(children.get(pid, []))
    return seen


def _ticks_and_rss(pid: int) -> tuple[int, int] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return int(fields[11]) + int(fields[12]), rss_pages * PAGE_SIZE  # utime + stime, resident bytes


def _machine_ticks() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(values), values[3] + values[4]  # all, idle + iowait


class Sampler:
    """Every second: RSS and CPU of the server's process tree (roots: pids, or processes whose
    command line contains `match`), the machine's busy share and this client's own CPU."""

    def __init__(self, pids: list[int], match: str | None, clock) -> None:
        self.pids, self.match, self.clock = pids, match, clock
        self.samples: list[dict[str, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="classroom-sampler", daemon=True)

    @property
    def active(self) -> bool:
        return bool(self.pids or self.match)

    def start(self) -> "Sampler":
        if self.active:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        previous: dict[int, int] = {}
        machine = _machine_ticks()
        own = os.times()
        last = time.perf_counter()
        while not self._stop.wait(1.0):
            roots = self.pids + (_matching(self.match) if self.match else [])
            readings = {pid: reading for pid in _tree(roots) if (reading := _ticks_and_rss(pid))}
            now, now_machine, now_own = time.perf_counter(), _machine_ticks(), os.times()
            elapsed = now - last
            used = sum(ticks - previous.get(pid, ticks) for pid, (ticks, _) in readings.items())
            total, idle = now_machine[0] - machine[0], now_machine[1] - machine[1]
            self.samples.append({
                "t": round(self.clock(), 2),
                "rss_mb": sum(rss for _, rss in readings.values()) / 2**20,
                "cpu_pct": 100 * used / CLOCK_TICKS / elapsed,  # of one core
                "machine_busy_pct": 100 * (total - idle) / total if total else 0.0,  # of all cores
                "client_cpu_pct": 100 * ((now_own.user - own.user) + (now_own.system - own.system)) / elapsed,
                "processes": len(readings),
            })
            previous = {pid: ticks for pid, (ticks, _) in readings.items()}
            machine, own, last = now_machine, now_own, now

    def rss_now(self) -> float | None:
        if not self.active:
            return None
        roots = self.pids + (_matching(self.match) if self.match else [])
        return sum(reading[1] for pid in _tree(roots) if (reading := _ticks_and_rss(pid))) / 2**20


# --- one class -------------------------------------------------------------------------------------
@dataclass
class Job:
    """One trainer's Train press as the live view showed it."""

    student: int
    page: str
    pressed_at: float
    state: str = "pressed"  # queued, running, or one of ENDED; "timeout" when it never ended
    queue_wait_s: float | None = None
    done_s: float | None = None
    redraws: int = 0  # live-view runs that finished
    cut_short: int = 0  # live-view runs stopped by the next poll
    redraw_times: list[float] = field(default_factory=list)
    polls_sent: int = 0
    timeline: list[tuple[float, str, str, int]] = field(default_factory=list)  # (s after Train, state, run, status)


def job_state(run: Run, fragments: set[str]) -> str | None:
    """What the training panel's elements in `run` say about the job. ui/training_panel.py draws
    an hourglass note while the job waits, a progress bar while it trains, and a box when it
    has ended: success, a warning (it ended but learned little), an error, or a stop note."""
    seen = set()
    for fragment_id, kind, proto in run.elements:
        if fragment_id not in fragments:
            continue
        if kind == "progress":
            seen.add("running")
        elif kind == "alert" and proto.format == Alert.SUCCESS:
            seen.add("done")
        elif kind == "alert" and proto.format == Alert.WARNING:
            seen.add("done, with a warning")
        elif kind == "alert" and proto.format == Alert.ERROR:
            seen.add("failed")
        elif kind == "alert" and proto.format == Alert.INFO and "hourglass" in proto.icon:
            seen.add("queued")
        elif kind == "alert" and proto.format == Alert.INFO and "stop" in proto.icon:
            seen.add("stopped")
    for state in ENDED + ("running", "queued"):
        if state in seen:
            return state
    return None


def ended_state(run: Run) -> str:
    """The end a full run shows after a job: the live view's fragment has a new id in a full run,
    so its box is found by the icons ui/training_panel.py gives the end states."""
    for fragment_id, kind, proto in run.elements:
        if fragment_id and kind == "alert":
            for icon, state in END_ICONS.items():
                if proto.icon.endswith(icon):
                    return state
    return "ended"


class Classroom:
    def __init__(self, url: str, settings: Settings, clock, number: int) -> None:
        self.url, self.settings, self.clock, self.number = url, settings, clock, number
        self.reruns: list[dict[str, Any]] = []
        self.opens: list[dict[str, Any]] = []
        self.jobs: list[Job] = []
        self.tabs: dict[int, Tab] = {}  # by student
        self.failures: list[str] = []  # students who could not go on (disconnect, error), with why
        self.browser: dict[str, Any] | None = None
        self.started = 0.0  # the class's start on `clock`; the log's times are seconds after it
        self.deadline: float | None = None

    def _record(self, student: int, kind: str, page: str, sent: float, run: Run | None) -> None:
        self.reruns.append({"student": student, "kind": kind, "page": page, "at": round(sent - self.started, 3),
                            "latency_s": None if run is None else round(run.finished - sent, 4)})
        LOG.info("%7.1f s  student %2d  %-6s %-18s %s", self.clock() - self.started, student, kind, page,
                 "unfinished" if run is None else f"{run.finished - sent:.2f} s")

    async def _timed(self, tab: Tab, student: int, kind: str, **rerun: Any) -> Run | None:
        sent = self.clock()
        run = await tab.rerun(**rerun)
        self._record(student, kind, tab.title, sent, run)
        return run

    async def _think(self, rng: random.Random) -> None:
        await asyncio.sleep(rng.uniform(*self.settings.think_s))

    def _walk(self, tab: Tab, rng: random.Random, train_page: str | None) -> list[str]:
        others = [path for path in tab.pages if path != tab.page]
        rng.shuffle(others)
        if train_page is not None:
            others.remove(train_page)
            others.insert(0, train_page)
        return others

    async def student(self, index: int, train_page: str | None) -> None:
        rng = random.Random(f"{self.settings.seed}-{self.number}-{index}")
        await asyncio.sleep(rng.uniform(0, self.settings.ramp_s))
        tab = Tab(self.url, self.clock, self.settings.rerun_timeout_s)
        self.tabs[index] = tab
        try:
            sent = self.clock()
            opened = await tab.open()
            self.opens.append({"student": index, "at": round(sent - self.started, 3), "open_s": round(opened, 4),
                               "load_s": round(tab.load_s, 4)})
            self._record(index, "open", tab.title, sent, tab.runs[-1] if tab.runs else None)
            if train_page is not None and train_page not in tab.pages:
                raise ValueError(f"no page at /{train_page}; pages: {sorted(tab.pages)}")
            walk, visits = self._walk(tab, rng, train_page), 1
            await self._think(rng)
            await self._change_widget(tab, index, rng)
            while self._walk_on(visits):
                if not walk:
                    walk = self._walk(tab, rng, None)
                path = walk.pop(0)
                await self._think(rng)
                await self._timed(tab, index, "visit", page_hash=tab.pages[path][0])
                visits += 1
                await self._think(rng)
                if path == train_page:
                    await self.train(tab, index)
                    train_page = None
                else:
                    await self._change_widget(tab, index, rng)
        except Disconnected as lost:
            self.failures.append(f"student {index}: disconnected ({lost})")
            LOG.warning(self.failures[-1])
        except Exception as error:  # noqa: BLE001 - one student's failure is a finding, not a crash
            self.failures.append(f"student {index}: {type(error).__name__}: {error}")
            LOG.warning(self.failures[-1])
        finally:
            await tab.close()

    def _walk_on(self, visits: int) -> bool:
        if self.settings.duration_s is not None:
            return self.clock() < self.deadline
        return visits < self.settings.walk_pages

    async def _change_widget(self, tab: Tab, index: int, rng: random.Random) -> None:
        widgets = tab.changeable()
        if not widgets:
            return
        widget = rng.choice(widgets)
        state = changed_value(widget, rng)
        tab.remember(state)
        # A widget inside a fragment reruns that fragment alone, as in the browser.
        await self._timed(tab, index, "widget", extra=[state], fragment_id=widget.fragment_id)

    async def train(self, tab: Tab, index: int) -> None:
        """Press the first training panel's Train with the default settings (or --train-value's),
        then let the live view poll until the job has ended."""
        buttons = tab.submit_buttons(TRAIN_BUTTON)
        if not buttons:
            raise RuntimeError(f"no Train button on {tab.title}")
        button = buttons[0]
        states = []
        for name, value in self.settings.train_values.items():
            fields = [widget for widget in tab.form_fields(button.proto.form_id) if widget.id.endswith(f".{name}")]
            if not fields:
                raise RuntimeError(f"the training form on {tab.title} has no field {name!r}")
            states.append(tab.widget_state(fields[0], value))
        job = Job(index, tab.title, self.clock())  # on `clock`, like the runs' times
        self.jobs.append(job)
        ended = asyncio.Event()
        panel = {button.fragment_id}
        ticks_before = tab.ticks_sent

        def watch(run: Run) -> None:
            live = bool(set(run.fragment_ids) & tab.timed_fragments)
            if live and run.status == CUT_SHORT:  # the next poll stopped this one
                job.cut_short += 1
            elif live:
                job.redraws += 1
                job.redraw_times.append(run.finished)
            if job.state in ENDED:
                return
            state = job_state(run, panel | tab.timed_fragments)
            if state is None and run.full and not tab.auto_reruns:
                state = ended_state(run)  # a full run that left no live view polling: the job is over
            if state is None or state == job.state:
                return
            job.timeline.append((round(run.finished - job.pressed_at, 2), state,
                                 "full" if run.full else "fragment", run.status))
            LOG.info("%7.1f s  student %2d  job    %s", self.clock() - self.started, index, state)
            job.state = state
            if state != "queued" and job.queue_wait_s is None:
                job.queue_wait_s = run.finished - job.pressed_at
            if state in ENDED:
                job.done_s = run.finished - job.pressed_at
                ended.set()

        tab.on_run_finished.append(watch)
        try:
            await self._timed(tab, index, "train", fragment_id=button.fragment_id,
                              extra=[*states, WidgetState(id=button.id, trigger_value=True)])
            try:
                await asyncio.wait_for(ended.wait(), self.settings.train_timeout_s)
            except asyncio.TimeoutError:
                job.state = "timeout"
        finally:
            tab.on_run_finished.remove(watch)
            job.polls_sent = tab.ticks_sent - ticks_before

    async def chromium(self) -> None:
        """One real tab: open each of --browser-pages by its address; seconds to its title (h1)
        shown and to the run finished."""
        path = find_chromium()
        if path is None:
            self.browser = {"error": "no Chromium found (AE_LAB_CHROMIUM, /usr/bin/chromium)"}
            return
        from playwright.async_api import async_playwright

        pages = []
        try:
            async with async_playwright() as playwright:
                # Launched at the class's start, so that the tab opens its first page on time.
                browser = await playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
                page = await browser.new_page(viewport={"width": 1400, "height": 900})
                await asyncio.sleep(max(0.0, self.started + self.settings.browser_at_s - self.clock()))
                for url_path in self.settings.browser_pages:
                    started, at = time.perf_counter(), self.clock() - self.started
                    await page.goto(f"{self.url}/{url_path}", wait_until="commit")
                    await page.locator("h1").first.wait_for(timeout=300_000)
                    title = await page.locator("h1").first.inner_text()
                    title_s = time.perf_counter() - started
                    await page.wait_for_selector(IDLE, timeout=300_000, state="attached")
                    pages.append({"path": "/" + url_path, "title": title.strip(), "at": round(at, 2),
                                  "title_s": round(title_s, 3), "finished_s": round(time.perf_counter() - started, 3)})
                await browser.close()
            self.browser = {"pages": pages}
        except Exception as error:  # noqa: BLE001 - reported beside the figures
            self.browser = {"pages": pages, "error": f"{type(error).__name__}: {error}"}

    def train_pages(self, rng: random.Random) -> list[str | None]:
        """Which page each student trains on (None: does not train)."""
        count = self.settings.students if self.settings.all_train else min(self.settings.trainers,
                                                                           self.settings.students)
        trainers = set(rng.sample(range(self.settings.students), count))
        choices = ("undercomplete-ae", "stacked-ae", "denoising-ae", "convolutional-ae", "variational-ae")
        return [(self.settings.train_page or rng.choice(choices)) if index in trainers else None
                for index in range(self.settings.students)]

    async def run(self) -> None:
        rng = random.Random(f"{self.settings.seed}-{self.number}")
        self.started = self.clock()
        if self.settings.duration_s is not None:
            self.deadline = self.started + self.settings.duration_s
        tasks = [self.student(index, page) for index, page in enumerate(self.train_pages(rng))]
        if self.settings.browser:
            tasks.append(self.chromium())
        await asyncio.gather(*tasks)


# --- figures ---------------------------------------------------------------------------------------
def latency_figures(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"count": 0}
    array = np.asarray(values)
    return {"count": len(values), "p50_s": round(float(np.percentile(array, 50)), 3),
            "p95_s": round(float(np.percentile(array, 95)), 3), "max_s": round(float(array.max()), 3)}


def class_figures(room: Classroom, started: float, ended: float, sampler: Sampler, before_mb: float | None,
                  after_mb: float | None) -> dict[str, Any]:
    finished = [r for r in room.reruns if r["latency_s"] is not None]
    latencies = [r["latency_s"] for r in finished]
    minutes: dict[int, list[float]] = {}
    pages: dict[str, list[float]] = {}
    kinds: dict[str, list[float]] = {}
    for r in finished:
        minutes.setdefault(int(r["at"] // 60), []).append(r["latency_s"])
        pages.setdefault(r["page"], []).append(r["latency_s"])
        kinds.setdefault(r["kind"], []).append(r["latency_s"])
    problems: dict[str, dict[str, int]] = {}
    for tab in room.tabs.values():
        for problem in tab.problems:
            problems.setdefault(problem.kind, {})
            problems[problem.kind][f"{problem.page}: {problem.text}"] = \
                problems[problem.kind].get(f"{problem.page}: {problem.text}", 0) + 1
    disconnects = [f"student {index}: {tab.disconnected}" for index, tab in sorted(room.tabs.items())
                   if tab.disconnected]
    samples = [s for s in sampler.samples if started <= s["t"] <= ended]
    jobs = []
    for job in room.jobs:
        intervals = list(np.diff(job.redraw_times)) if len(job.redraw_times) > 1 else []
        jobs.append({"student": job.student, "page": job.page, "pressed_at": round(job.pressed_at - started, 2),
                     "state": job.state, "queue_wait_s": _round(job.queue_wait_s), "done_s": _round(job.done_s),
                     "polls_sent": job.polls_sent, "redraws": job.redraws, "cut_short": job.cut_short,
                     "redraw_interval": latency_figures(intervals), "timeline": job.timeline})
    cpu_by_minute: dict[int, list[float]] = {}
    rss_by_minute: dict[int, list[float]] = {}
    for s in samples:
        cpu_by_minute.setdefault(int((s["t"] - started) // 60), []).append(s["cpu_pct"])
        rss_by_minute.setdefault(int((s["t"] - started) // 60), []).append(s["rss_mb"])
    return {
        "duration_s": round(ended - started, 1),
        "students_opened": len(room.opens),
        "reruns": latency_figures(latencies),
        "reruns_unfinished": sum(1 for r in room.reruns if r["latency_s"] is None),
        "first_minute": latency_figures(minutes.get(0, [])),
        "per_minute": {str(minute): latency_figures(values) for minute, values in sorted(minutes.items())},
        "per_page": {page: latency_figures(values) for page, values in sorted(pages.items())},
        "per_kind": {kind: latency_figures(values) for kind, values in sorted(kinds.items())},
        "tab_open": {"load": latency_figures([o["load_s"] for o in room.opens]),
                     "first_run": latency_figures([o["open_s"] for o in room.opens])},
        "exceptions": problems.get("exception", {}),
        "exception_count": sum(problems.get("exception", {}).values()),
        "warnings": problems.get("warning", {}),
        "error_alerts": problems.get("error_alert", {}),
        "disconnects": disconnects,
        "failures": room.failures,
        "jobs": jobs,
        "browser": room.browser,
        "server": {
            "rss_mb_before": _round(before_mb, 1),
            "rss_mb_peak": _round(max((s["rss_mb"] for s in samples), default=None), 1),
            "rss_mb_after": _round(after_mb, 1),
            "cpu_pct_mean": _round(float(np.mean([s["cpu_pct"] for s in samples])) if samples else None, 1),
            "cpu_pct_by_minute": {str(m): {"mean": round(float(np.mean(v)), 1), "max": round(float(np.max(v)), 1)}
                                  for m, v in sorted(cpu_by_minute.items())},
            "rss_mb_max_by_minute": {str(m): round(max(v), 1) for m, v in sorted(rss_by_minute.items())},
            "machine_busy_pct_mean": _round(float(np.mean([s["machine_busy_pct"] for s in samples]))
                                            if samples else None, 1),
            "client_cpu_pct_mean": _round(float(np.mean([s["client_cpu_pct"] for s in samples]))
                                          if samples else None, 1),
        },
    }


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


async def run_classes(url: str, settings: Settings, sampler: Sampler, clock) -> list[dict[str, Any]]:
    """Run settings.classes classes one after the other on the server at `url`; their figures."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=settings.students + 4))
    results = []
    for number in range(1, settings.classes + 1):
        before = sampler.rss_now()
        room = Classroom(url, settings, clock, number)
        await room.run()
        ended = clock()
        await asyncio.sleep(settings.settle_s)
        figures = class_figures(room, room.started, ended, sampler, before, sampler.rss_now())
        figures["reruns_log"] = room.reruns
        results.append(figures)
    return results


def run_in_own_loop(coroutine):
    """asyncio.run(coroutine), in a thread of its own when this thread already runs an event loop
    (a caller inside Playwright's sync API or a notebook), where asyncio.run refuses to start."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def measure(settings: Settings, url: str | None = None, pids: list[int] = (), match: str | None = None,
            max_jobs: int | None = None) -> dict[str, Any]:
    """Start the app (unless `url` is given), run the classes, and return every figure."""
    origin = time.perf_counter()

    def clock() -> float:
        return time.perf_counter() - origin

    server, log = None, []
    if url is None:
        env = {"AE_LAB_MAX_JOBS": str(max_jobs)} if max_jobs else None
        server = start_server("app.py", env=env)
        url, pids = server.url, [server.process.pid]
        # The server's log is read as it comes: a full pipe would stall the server.
        threading.Thread(target=lambda: log.extend(line.decode(errors="replace").rstrip()
                                                   for line in server.process.stderr),
                         daemon=True).start()
    sampler = Sampler(list(pids), match, clock).start()
    try:
        time.sleep(1.5)  # one sample of the idle server before the first student
        classes = run_in_own_loop(run_classes(url, settings, sampler, clock))
    finally:
        sampler.stop()
        if server is not None:
            server.stop()
    tracebacks = [index for index, line in enumerate(log) if line.startswith("Traceback")]
    return {
        "settings": asdict(settings),
        "url": url,
        "server_started_s": None if server is None else round(server.started_s, 2),
        "sampled": sampler.active,
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        "classes": classes,
        "server_log": {"lines": len(log), "tracebacks": len(tracebacks),
                       "first_traceback": log[tracebacks[0]:tracebacks[0] + 30] if tracebacks else []},
        "samples": sampler.samples,
    }


# --- the report ------------------------------------------------------------------------------------
def _latency_text(figures: dict[str, Any]) -> str:
    if not figures.get("count"):
        return "none"
    return f"{figures['p50_s']:.2f} / {figures['p95_s']:.2f} / {figures['max_s']:.2f} s (n={figures['count']})"


def report(result: dict[str, Any]) -> str:
    settings = result["settings"]
    lines = [f"Classroom on {result['url']}: {settings['students']} students, "
             f"{'all' if settings['all_train'] else settings['trainers']} training, seed {settings['seed']}, "
             f"{os.cpu_count()} CPUs, load average at the end {result['machine']['load_average_at_end'][0]:.2f}"]
    if result["server_started_s"] is not None:
        lines.append(f"server started in {result['server_started_s']:.1f} s (python -m ui.serve)")
    for number, figures in enumerate(result["classes"], 1):
        lines.append(f"\nclass {number}: {figures['duration_s']:.0f} s, {figures['students_opened']} tabs opened")
        lines.append(f"  rerun latency p50 / p95 / max   {_latency_text(figures['reruns'])}"
                     f"; unfinished {figures['reruns_unfinished']}")
        lines.append(f"  first minute                    {_latency_text(figures['first_minute'])}")
        for minute, values in figures["per_minute"].items():
            lines.append(f"    minute {minute}                      {_latency_text(values)}")
        for page, values in figures["per_page"].items():
            lines.append(f"  {page:<31} {_latency_text(values)}")
        for kind, values in figures["per_kind"].items():
            lines.append(f"  ({kind}){'':<{29 - len(kind)}} {_latency_text(values)}")
        lines.append(f"  tab opened: page + scripts      {_latency_text(figures['tab_open']['load'])}")
        lines.append(f"  tab opened: to first run's end  {_latency_text(figures['tab_open']['first_run'])}")
        lines.append(f"  exception boxes: {figures['exception_count']}")
        for text, count in figures["exceptions"].items():
            lines.append(f"    {count} x {text}")
        for name in ("warnings", "error_alerts"):
            for text, count in figures[name].items():
                lines.append(f"  {name[:-1].replace('_', ' ')}: {count} x {text}")
        lines.append(f"  disconnects: {len(figures['disconnects'])}")
        lines.extend(f"    {text}" for text in figures["disconnects"])
        lines.extend(f"  failed: {text}" for text in figures["failures"])
        for job in figures["jobs"]:
            wait = "-" if job["queue_wait_s"] is None else f"{job['queue_wait_s']:.1f} s"
            done = "-" if job["done_s"] is None else f"{job['done_s']:.1f} s"
            lines.append(f"  trainer {job['student']:>2} on {job['page']}: pressed at {job['pressed_at']:.0f} s, "
                         f"queue wait {wait}, {job['state']} after {done}; live view: {job['polls_sent']} polls, "
                         f"{job['redraws']} redraws, {job['cut_short']} cut short, redraw interval "
                         f"{_latency_text(job['redraw_interval'])}")
        browser = figures["browser"]
        if browser:
            for page in browser.get("pages", []):
                lines.append(f"  Chromium tab {page['path']} ({page['title']}) at {page['at']:.0f} s: title "
                             f"{page['title_s']:.2f} s, run finished {page['finished_s']:.2f} s")
            if browser.get("error"):
                lines.append(f"  Chromium tab: {browser['error']}")
        server = figures["server"]
        if result["sampled"]:
            lines.append(f"  server memory before / peak / after (MB): {server['rss_mb_before']} / "
                         f"{server['rss_mb_peak']} / {server['rss_mb_after']} (after: {settings['settle_s']:g} s "
                         f"with every session closed)")
            by_minute = ", ".join(f"{m}: {v['mean']:.0f} (max {v['max']:.0f})"
                                  for m, v in server["cpu_pct_by_minute"].items())
            lines.append(f"  server CPU, % of one core, mean {server['cpu_pct_mean']}; by minute {by_minute}")
            lines.append("  server memory, highest by minute (MB): " + ", ".join(
                f"{m}: {v:.0f}" for m, v in server["rss_mb_max_by_minute"].items()))
            lines.append(f"  machine busy {server['machine_busy_pct_mean']}% of all cores; this client "
                         f"{server['client_cpu_pct_mean']}% of one core")
        else:
            lines.append("  server memory and CPU: not sampled (give --pid or --match with --url)")
    if len(result["classes"]) > 1 and result["sampled"]:
        after = [figures["server"]["rss_mb_after"] for figures in result["classes"]]
        lines.append(f"\nmemory after each class (MB): {' / '.join(str(a) for a in after)}"
                     f" ({100 * (after[-1] / after[0] - 1):+.1f}% last against first)")
    log = result["server_log"]
    if log["tracebacks"]:
        lines.append(f"\nserver log: {log['tracebacks']} tracebacks; the first:")
        lines.extend(f"  {line}" for line in log["first_traceback"])
    lines.append("\ntargets (issue 11): " + "; ".join(targets(result)))
    return "\n".join(lines)


def targets(result: dict[str, Any]) -> list[str]:
    out = []
    for number, figures in enumerate(result["classes"], 1):
        reruns, first = figures["reruns"], figures["first_minute"]
        checks = [f"p50 {reruns.get('p50_s')} <= {TARGETS['p50_s']}: {_ok(reruns.get('p50_s'), TARGETS['p50_s'])}",
                  f"p95 {reruns.get('p95_s')} <= {TARGETS['p95_s']}: {_ok(reruns.get('p95_s'), TARGETS['p95_s'])}",
                  f"first-minute p95 {first.get('p95_s')}: {_ok(first.get('p95_s'), TARGETS['p95_s'])}",
                  f"exceptions {figures['exception_count']}: {'ok' if not figures['exception_count'] else 'MISSED'}",
                  f"disconnects {len(figures['disconnects'])}: {'ok' if not figures['disconnects'] else 'MISSED'}"]
        if result["settings"]["all_train"]:
            done = [job["done_s"] for job in figures["jobs"]]
            worst = None if None in done or not done else max(done)
            checks.append(f"every job done within {TARGETS['all_train_done_s']:.0f} s ({worst}): "
                          f"{_ok(worst, TARGETS['all_train_done_s'])}")
        out.append(f"class {number}: " + ", ".join(checks))
    return out


def _ok(value: float | None, limit: float) -> str:
    return "MISSED" if value is None or value > limit else "ok"


def parse_values(text: str) -> dict[str, float]:
    values = {}
    for part in filter(None, text.split(",")):
        name, _, value = part.partition("=")
        if not re.fullmatch(r"[a-z_]+", name.strip()):
            raise argparse.ArgumentTypeError(f"expected name=value pairs, got {part!r}")
        values[name.strip()] = float(value)
    return values


def parse_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    try:
        bounds = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected LOW-HIGH seconds, got {text!r}") from None
    if not 0 <= bounds[0] <= bounds[1]:
        raise argparse.ArgumentTypeError(f"expected 0 <= LOW <= HIGH, got {text!r}")
    return bounds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--trainers", type=int, default=4, help="students who press Train (default 4)")
    parser.add_argument("--all-train", action="store_true", help="every student presses Train in the first minute")
    parser.add_argument("--duration", type=float, help="seconds the students keep walking (default: --walk-pages)")
    parser.add_argument("--walk-pages", type=int, default=6, help="page visits per student, the first one included")
    parser.add_argument("--think", type=parse_range, default=(2.0, 8.0), help="think time range, e.g. 2-8 (s)")
    parser.add_argument("--ramp", type=float, default=10.0, help="students open the app within this many seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-page", help="url path of the page trainers train on (default: a random one each)")
    parser.add_argument("--train-value", type=parse_values, default={},
                        help="form fields set before Train, e.g. epochs=1,limit=640 (default: the defaults)")
    parser.add_argument("--classes", type=int, default=1, help="classes in a row on the same server")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after a class before memory is read")
    parser.add_argument("--no-browser", action="store_true", help="without the Chromium tab")
    parser.add_argument("--browser-at", type=float, default=20.0, help="seconds into the class the tab opens")
    parser.add_argument("--browser-pages", default=",convolutional-ae",
                        help="url paths the Chromium tab opens, comma-separated ('' is /)")
    parser.add_argument("--url", help="a server already running (default: start one)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="with --url: a process tree to sample")
    parser.add_argument("--match", help="with --url: sample every process whose command line contains this")
    parser.add_argument("--max-jobs", type=int, help="AE_LAB_MAX_JOBS for the server started here")
    parser.add_argument("--rerun-timeout", type=float, default=180.0)
    parser.add_argument("--train-timeout", type=float, default=600.0)
    parser.add_argument("--json", action="store_true", help="print one JSON object (the report goes to stderr)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every rerun to stderr as it ends")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    # A terminated benchmark still stops the server it started (measure's finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.students < 1 or args.classes < 1 or args.walk_pages < 1:
        parser.error("--students, --classes and --walk-pages must be at least 1")
    settings = Settings(
        students=args.students, trainers=args.trainers, all_train=args.all_train, duration_s=args.duration,
        walk_pages=args.walk_pages, think_s=args.think, ramp_s=args.ramp, seed=args.seed,
        train_page=args.train_page, train_values=args.train_value, classes=args.classes, settle_s=args.settle,
        browser=not args.no_browser, browser_at_s=args.browser_at,
        browser_pages=tuple(path.strip().strip("/") for path in args.browser_pages.split(",")),
        rerun_timeout_s=args.rerun_timeout, train_timeout_s=args.train_timeout)
    result = measure(settings, url=args.url, pids=args.pid, match=args.match, max_jobs=args.max_jobs)
    text = report(result)
    if args.json:
        print(text, file=sys.stderr)
        print(json.dumps(result))
    else:
        print(text)


if __name__ == "__main__":
    main()
