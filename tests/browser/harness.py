"""Driving the app in a real browser: find a Chromium, start `streamlit run` on a free port,
wait for the script to go idle, save screenshots. Used by the fixtures in conftest.py and by
benchmarks/app_timings.py.

The browser is looked for in this order: the AE_LAB_CHROMIUM environment variable, the system's
Chromium (/usr/bin/chromium or `chromium` on PATH), Playwright's own download.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def find_chromium() -> str | None:
    """Path of a Chromium to drive, or None."""
    candidates = [os.environ.get("AE_LAB_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            bundled = playwright.chromium.executable_path
    except Exception:  # playwright missing or its browser not installed
        return None
    return bundled if Path(bundled).is_file() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StreamlitServer:
    process: subprocess.Popen
    port: int
    started_s: float  # wall time from launch to /_stcore/health answering "ok"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def start_server(script: str | Path = "app.py", env: dict[str, str] | None = None,
                 timeout_s: float = 90.0, cwd: Path = ROOT) -> StreamlitServer:
    """`streamlit run script` headless on a free port; returns once /_stcore/health says ok.

    The app itself starts as scripts/run.sh starts it (`python -m ui.serve`); other scripts (the
    benchmarks' trivial app, test pads) through `streamlit run`."""
    port = free_port()
    options = ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    if Path(cwd, script).resolve() == ROOT / "app.py":
        command = [sys.executable, "-m", "ui.serve", *options]
    else:
        command = [sys.executable, "-m", "streamlit", "run", str(script), *options]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        healthy = wait_healthy(port, process, timeout_s)
    except TimeoutError:
        process.kill()
        raise
    if not healthy:
        raise RuntimeError(f"streamlit exited with {process.returncode}: "
                           f"{process.stderr.read().decode(errors='replace')[-2000:]}")
    return StreamlitServer(process, port, time.perf_counter() - started)


def wait_healthy(port: int, process: subprocess.Popen, timeout_s: float) -> bool:
    """Poll http://127.0.0.1:`port`/_stcore/health (never through an environment proxy) until it
    answers "ok": True then, False if `process` exits first, TimeoutError after `timeout_s`."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            return False
        try:
            with opener.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                if answer.read().decode().strip() == "ok":
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"nothing answered /_stcore/health on port {port} within {timeout_s} s")


def wait_idle(page, timeout_ms: float = 60_000) -> None:
    """Wait until the script has finished its run (the app shell is idle)."""
    page.wait_for_selector(IDLE, timeout=timeout_ms, state="attached")


QUIET_JS = """([quietMs, limitMs]) => new Promise(resolve => {
    const started = performance.now();
    let timer = null, limit = null;
    const done = () => { observer.disconnect(); clearTimeout(timer); clearTimeout(limit);
                         resolve(performance.now() - started); };
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quietMs); });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setTimeout(done, quietMs);
    limit = setTimeout(done, limitMs);
})"""


def wait_quiet(page, quiet_ms: int = 400, limit_ms: int = 5000) -> float:
    """Wait until the page's DOM has not changed for `quiet_ms` (charts and pads drawn after the
    script's run), or `limit_ms` at most (a fragment that polls keeps it changing); returns the
    milliseconds waited."""
    return page.evaluate(QUIET_JS, [quiet_ms, limit_ms])


def settle(page, timeout_ms: float = 300_000, after_event: bool = False) -> None:
    """The script idle, then what it sent drawn: wait_idle, wait_quiet, wait_idle.
    after_event: a click or a widget change just happened, whose rerun starts a moment later:
    wait 0.5 s first, or the page may still read as idle from the run before."""
    if after_event:
        page.wait_for_timeout(500)
    wait_idle(page, timeout_ms=timeout_ms)
    wait_quiet(page)
    wait_idle(page, timeout_ms=timeout_ms)


def screenshot(page, name: str, max_height: int = 8000) -> Path:
    """Save the whole page as artifacts/screenshots/<name>.png.

    Streamlit scrolls inside its main element, not the document, so the viewport grows to that
    element's height for the shot and shrinks back afterwards.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size
    content = page.evaluate("() => (document.querySelector('[data-testid=stMain]') || document.body).scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], min(content, max_height))})
    page.wait_for_timeout(400)  # charts re-lay themselves out to the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    return path
