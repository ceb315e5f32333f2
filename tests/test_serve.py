"""ui.serve's warm-up of the pages before the server listens, and its cap on malloc's arenas."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import serve

ROOT = Path(__file__).resolve().parent.parent


def test_warming_the_pages_fills_the_shared_caches_and_puts_streamlits_state_back(monkeypatch):
    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager

    from ui import charts, serve

    monkeypatch.setattr(charts, "_figures", charts.collections.OrderedDict())
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    before = Runtime._instance
    serve.warm_pages(languages=("ko",))
    # The Convolutional page's shared drawings, made in Korean: a Korean class's first visit finds them.
    assert any(key[1] == "conv_architecture" and "인코더" in repr(key) for key in charts._figures)
    assert Runtime._instance is before and PagesManager.uses_pages_directory is False


ARENAS_SCRIPT = """
import ctypes, os, sys, tempfile, threading
sys.path.insert(0, sys.argv[1])
from ui.serve import limit_malloc_arenas
limited = limit_malloc_arenas() if sys.argv[2] == "limit" else False
kept = []
together = threading.Barrier(8)  # all alive at once, as a class's sessions are
def allocate():
    together.wait()
    kept.append([bytes(20_000) for _ in range(50)])  # malloc'd, below the mmap threshold
    together.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads: thread.start()
for thread in threads: thread.join()
libc = ctypes.CDLL("libc.so.6")
libc.fopen.restype = ctypes.c_void_p
path = tempfile.mktemp()
stream = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(stream))
libc.fclose(ctypes.c_void_p(stream))
print(limited, open(path).read().count("<heap nr="))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_the_server_holds_malloc_to_two_arenas_however_many_threads_allocate():
    # Each thread's first allocation gets an arena of its own unless they are capped: after a class
    # of 30 sessions (one thread each) the freed memory stayed spread over them.
    env = {key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"}

    def arenas(mode: str) -> tuple[str, int]:
        out = subprocess.run([sys.executable, "-c", ARENAS_SCRIPT, str(ROOT), mode], env=env,
                             capture_output=True, text=True, check=True).stdout.split()
        return out[0], int(out[1])

    assert arenas("limit") == ("True", serve.MALLOC_ARENAS)
    assert arenas("plain")[1] > serve.MALLOC_ARENAS  # without the cap the same threads spread out
