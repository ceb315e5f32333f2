"""Classroom mode (scripts/classroom.sh) in real browsers: two app processes behind HAProxy.

Two browser contexts (two students) open the app through the proxy. Every HTTP response a
context gets names the same process (HAProxy's X-AE-Lab-Server header), that process answered its
websocket upgrade (HAProxy's statistics), the two land on different processes, and a page with a
latent space works through the proxy. Ctrl-C stops HAProxy and every app process.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from harness import IDLE, ROOT, free_port, wait_healthy

pytestmark = pytest.mark.browser


def haproxy_available() -> bool:
    return shutil.which("haproxy") is not None or Path("/usr/sbin/haproxy").exists()


def stats(socket_path: Path) -> dict[str, dict[str, str]]:
    """HAProxy's `show stat` per server name of the app backend."""
    with socket.socket(socket.AF_UNIX) as connection:
        connection.connect(str(socket_path))
        connection.sendall(b"show stat\n")
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
    return {row["svname"]: row for row in rows if row["pxname"] == "app" and row["svname"].startswith("app")}


@pytest.fixture(scope="module")
def classroom():
    if not haproxy_available():
        pytest.skip("haproxy is not installed (Debian: apt install haproxy)")
    port = free_port()
    while any(_in_use(port + offset) for offset in (1, 2)):
        port = free_port()
    process = subprocess.Popen(["bash", "scripts/classroom.sh", "--processes", "2", "--port", str(port),
                                "--bind", "127.0.0.1"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True,
                               env={**os.environ, "AE_LAB_MAX_JOBS": "1"})
    run_dir = None
    deadline = time.monotonic() + 300
    for line in process.stdout:
        if line.startswith("Logs and HAProxy's config and stats socket: "):
            run_dir = Path(line.split(": ", 1)[1].strip())
            break
        assert time.monotonic() < deadline, "classroom mode did not start"
    assert run_dir is not None, "classroom.sh exited before it was ready"
    # The line above comes as the processes start: wait until the proxy answers through to one.
    assert wait_healthy(port, process, max(1.0, deadline - time.monotonic())), "classroom.sh exited before it answered"
    yield port, run_dir, process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def _in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_each_browser_sticks_to_one_process_and_pages_work(classroom, browser) -> None:
    port, run_dir, process = classroom
    url = f"http://127.0.0.1:{port}"
    contexts, served = [], []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        seen: set[str] = set()
        context.on("response", lambda response, seen=seen: seen.add(response.headers.get("x-ae-lab-server", "-"))
                   if response.url.startswith(url) else None)  # not data:/blob: URLs
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=120_000)
        page.get_by_test_id("stSidebarNav").get_by_text("Undercomplete AE", exact=True).click()
        # The page's latent space: its media and a full script run came through the proxy.
        page.locator("[data-testid=latent-pad]").first.wait_for(timeout=180_000)
        page.wait_for_selector(IDLE, timeout=180_000)
        assert not page.locator("[data-testid=stException]").count()
        contexts.append(context)
        served.append(seen)
    # Streamlit's own files that the first browser fetched reached the second from HAProxy's cache,
    # which names no process ("").
    assert "" in served[1], served
    served = [seen - {""} for seen in served]
    # Every other response of a browser came from one process; the two browsers were spread over both.
    assert all(len(seen) == 1 and "-" not in seen for seen in served), served
    assert served[0] != served[1]
    # Each process answered exactly one websocket upgrade (HTTP 101): its own browser's.
    upgrades = {name: int(row["hrsp_1xx"]) for name, row in stats(run_dir / "haproxy.sock").items()}
    assert upgrades == {next(iter(served[0])): 1, next(iter(served[1])): 1}, upgrades
    for context in contexts:
        context.close()


def test_the_proxy_compresses_the_apps_scripts(classroom) -> None:
    import gzip
    import re
    import urllib.request

    port, _, _ = classroom
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never an environment proxy
    html = opener.open(url, timeout=60).read().decode()
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', html).group(1)
    request = urllib.request.Request(f"{url}/{script}", headers={"Accept-Encoding": "gzip"})
    with opener.open(request, timeout=60) as answer:
        assert answer.headers.get("Content-Encoding") == "gzip"
        body = answer.read()
    # The same script as the process itself serves (uncompressed), in a fraction of the bytes.
    process_port = port + 1
    direct = opener.open(f"http://127.0.0.1:{process_port}/{script}", timeout=60).read()
    assert gzip.decompress(body) == direct
    assert len(body) < 0.5 * len(direct)


def test_ctrl_c_stops_the_proxy_and_every_process(classroom) -> None:
    port, run_dir, process = classroom
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends to the process group
    assert process.wait(60) == 130
    assert not _in_use(port) and not _in_use(port + 1) and not _in_use(port + 2)
    assert not run_dir.exists()
