"""Start the app: `python -m ui.serve [options of streamlit run]` (what scripts/run.sh runs).

The same as `streamlit run app.py` with five differences.

1. On a server's first session Streamlit decides, once per process, whether the `pages/` folder
   beside app.py means its legacy multipage mode, and stays in it until `st.navigation` has run
   once. So the very first request of a fresh server for a page's own address (a link such as
   /variational-ae handed to a class) would show "Page not found" before app.py's navigation takes
   over. The app always navigates with `st.navigation`, so the legacy mode is switched off here.

2. Modules that pages import lazily are imported before sessions run, because every session runs
   its script in its own thread. A module that one thread is still importing is already in
   sys.modules, and code that looks it up there without importing it (plotly and narwhals do so
   for pandas and numpy) gets it half initialised: with a class opening pages at once, students saw
   "partially initialized module 'pandas' has no attribute 'Series'". numpy, pandas and plotly
   (about 1 s together) are imported, and a small figure serialised, before the server starts.
   torch and torchvision (several seconds) follow in a thread of their own (also usable alone, as
   the concurrency tests do); nothing looks them up without `import`. Then the heap is settled
   (ui/heap.py) before sessions have made anything of their own.

3. The server is warm before it listens: the bundled MNIST, every shipped model with its views
   file, the latent spaces' hover images and the first optimiser step's imports are loaded
   (ui.jobs.warm_up with ui.resources.warm_up, 2-3 s on the 2-core reference machine) before
   Streamlit opens its port. A teacher starts the server before class; the class's first visits,
   which all come in the same minute, then find every page's shipped views in memory instead of
   each waiting for torch and the weights to load. The same warm-up runs after the first page
   when the app is started by plain `streamlit run` (app.py), so there it is not lost either.
   Then every page runs once in each language in a throwaway session (`warm_pages`, about 5 s on
   the 2-core reference machine; AE_LAB_WARM_PAGES=0 skips it), so that what pages make once per
   process and share is made before the class's first minute rather than during it.

4. glibc's malloc is held to two arenas (`limit_malloc_arenas`), so that the memory a class's
   sessions free is reused by the next class instead of kept in arenas of threads long gone.

5. Waking the event loop is coalesced. Each element a page run draws is handed to the server's
   event loop with `call_soon_threadsafe`, which writes a byte to the loop's self-pipe every time.
   That write gives up the interpreter, and under a class the run waits to get it back: with 30
   students, 13% of the server's samples sat in that write (py-spy, benchmarks/classroom.py).
   One byte already written and not yet read wakes the loop for every callback queued meanwhile,
   so `coalesce_loop_wakeups` skips the others (see there for why no wake-up is lost).
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"

# glibc's malloc gives each new thread an arena of its own, up to 8 per core. Every session runs
# in its own thread, so after a class the freed memory lay scattered over many arenas, which
# glibc keeps: a second class on the same server ended 413 MB above the server's start (9.5%
# above the first class), and with 2 arenas 160 MB (5.1%; benchmarks/classroom.py --classes 2).
MALLOC_ARENAS = 2
M_ARENA_MAX = -8  # mallopt's parameter number for it (malloc.h)

# Imported and exercised before the server starts: modules other code finds in sys.modules.
EAGER_MODULES = ("numpy", "pandas", "plotly.graph_objects", "plotly.io", "plotly.subplots", "PIL.Image")
# Imported in the background while the server starts: modules only ever reached by `import`.
BACKGROUND_MODULES = ("torch", "torchvision")


_EAGER_LOCK = threading.Lock()
_eager_done = False


def preimport_eager() -> None:
    """EAGER_MODULES imported and a figure serialised, once per process (later calls return at
    once). app.py calls it too, before anything starts a thread, for a server started by plain
    `streamlit run` or an AppTest: there the first session's run pays for it."""
    global _eager_done
    with _EAGER_LOCK:
        if not _eager_done:
            _preimport_eager()
            _eager_done = True


def _preimport_eager() -> None:
    import importlib

    for name in EAGER_MODULES:
        importlib.import_module(name)
    import plotly.graph_objects as go

    # The first serialisation reaches plotly's optional imports (pandas checks, its JSON engine).
    go.Figure(go.Scatter(x=[0.0, 1.0], y=[0.0, 1.0])).to_json()


def preimport_background() -> threading.Thread:
    import importlib

    def run() -> None:
        from ui import heap

        for name in BACKGROUND_MODULES:
            importlib.import_module(name)
        # Freeze the imports out of full garbage collections now, while few sessions exist: the
        # pages' first runs then import too little to freeze again, and so never freeze a
        # session's own objects (a frozen reference cycle is never collected).
        heap.settle()

    thread = threading.Thread(target=run, name="ae-lab-preimport", daemon=True)
    thread.start()
    return thread


def warm_before_serving() -> None:
    """Load what every page's first visit reads (see the module's point 3); app.py's own call to
    ui.jobs.warm_up then finds it done."""
    from ui import jobs, resources

    jobs.warm_up(resources.warm_up, warm_page_helpers).join()


def warm_page_helpers() -> None:
    """What every page's first run otherwise builds once per process: the merged text catalog, the
    code view's parsed engine sources and the reproduce commands of the shipped models."""
    from ae_core import code_listing, pretrained, reproduce
    from ae_core.checkpoints import CheckpointError, read_metadata
    from ui.i18n import catalog

    catalog()
    for page in code_listing.PAGES:
        code_listing.page_listings(page)
    for key in pretrained.SPECS:
        try:
            reproduce.command(pretrained.as_trained(key, read_metadata(pretrained.path_for(key))))
        except (CheckpointError, OSError, reproduce.NotReproducible):
            continue  # the page that shows this model says why


def warm_pages(languages: tuple[str, ...] = ("en", "ko")) -> None:
    """Every page run once in each language, in a throwaway session (Streamlit's AppTest), before
    the server listens. What a page's first run makes once per process and then shares, and what
    the warm-up above does not reach, is then made: the shared figures, the shipped models'
    reconstructions and traversals, the pages' own lazy imports, torch's first calls of each
    layer. Measured with benchmarks/classroom.py: a second class on the same server saw p50 / p95
    0.41 / 1.68 s where the first, on a fresh server, saw 0.88 / 5.16 s. A failure is logged and
    serving goes on: a page then pays its first run itself."""
    import logging

    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    from ui.navigation import existing_pages

    # AppTest installs a stand-in runtime and resets the pages mode for its runs: both are put
    # back, the latter as main() set it.
    runtime, pages_mode = Runtime._instance, PagesManager.uses_pages_directory
    try:
        for language in languages:
            test = AppTest.from_file(str(APP), default_timeout=300)
            test.session_state["lang"] = language
            test.run()
            for page in existing_pages():
                test.switch_page(page.path).run()
    except Exception:  # noqa: BLE001 - a warm-up is an optimisation, never an error
        logging.getLogger(__name__).exception("warming the pages failed; their first visits pay for it")
    finally:
        Runtime._instance, PagesManager.uses_pages_directory = runtime, pages_mode


def coalesce_loop_wakeups() -> None:
    """Make asyncio's selector loops write their self-pipe byte only when none is pending.

    A writer queues its callback first, then, if no wake-up is pending, marks one pending and
    writes. The loop reads the pipe dry and only then clears the mark. A callback whose writer
    skipped the write was queued while a byte was pending: either that byte wakes the loop, or
    the loop had already read it, and then the callback is in the ready queue before the loop's
    next wait, which does not block while the queue holds anything. Idempotent."""
    from asyncio import selector_events

    loop_class = selector_events.BaseSelectorEventLoop
    if getattr(loop_class, "_ae_lab_coalesced", False):
        return
    write, read = loop_class._write_to_self, loop_class._read_from_self

    def _write_to_self(self) -> None:
        if getattr(self, "_ae_lab_wake_pending", False):
            return
        self._ae_lab_wake_pending = True
        write(self)

    def _read_from_self(self) -> None:
        read(self)
        self._ae_lab_wake_pending = False

    loop_class._write_to_self = _write_to_self
    loop_class._read_from_self = _read_from_self
    loop_class._ae_lab_coalesced = True


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc at `arenas` arenas for the threads started from now on; returns whether
    it did (not where MALLOC_ARENA_MAX is set, which glibc itself reads, nor off glibc)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, arenas))


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    limit_malloc_arenas()  # before any thread: the imports' and the sessions' share the two
    PagesManager.uses_pages_directory = False
    coalesce_loop_wakeups()
    preimport_eager()
    preimport_background().join()
    warm_before_serving()
    if os.environ.get("AE_LAB_WARM_PAGES", "1") != "0":
        from ui import heap

        warm_pages()
        heap.settle()
    args = sys.argv[1:] if argv is None else argv
    sys.argv = ["streamlit", "run", str(APP), *args]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
