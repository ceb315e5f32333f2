"""Keep Python's full garbage collections short in the server process.

A full (generation 2) collection walks every container object the process holds. Once torch,
plotly, pandas and Streamlit are imported that is 300,000 objects and more, and a full
collection stalls every thread of the server (page runs, the websocket, training jobs) for
0.15-0.4 s. One came in about every page run: on the Undercomplete page it delayed the end of
the run, and with it the latent space's drawing in the browser, by 0.4 s.

Almost all of those objects live as long as the process: modules, classes, functions. `settle()`
collects once and then freezes everything alive (`gc.freeze`), so later collections skip it and
only walk what runs, sessions and jobs created since. It is called where a pause does no harm:
after the warm-up's imports (ui.jobs) and at the end of a page run that imported many modules.
A frozen object is still freed when its last reference goes; only reference cycles among frozen
objects are never collected. Freezes are few (the first runs of a server), so that is bounded by
what lived at those moments: the modules, and the state of the sessions open then.
No streamlit here.
"""
from __future__ import annotations

import atexit
import gc
import sys
import threading
import time

# Fewer new modules than this since the last freeze are not worth a collection.
MIN_NEW_MODULES = 50

_lock = threading.Lock()
_modules_at_freeze = 0
_pauses_s: list[float] = []


def settle(min_new_modules: int = MIN_NEW_MODULES) -> bool:
    """Collect and freeze the heap if at least `min_new_modules` modules were imported since the
    last time (or ever); returns whether it did. Cheap when there is nothing to do."""
    global _modules_at_freeze
    if len(sys.modules) - _modules_at_freeze < min_new_modules:
        return False
    with _lock:
        modules = len(sys.modules)
        if modules - _modules_at_freeze < min_new_modules:
            return False
        started = time.perf_counter()
        gc.collect()
        if not _pauses_s:
            # At exit the interpreter's last collections free what they can; frozen objects
            # would be skipped (and extension modules such as triton's report them as leaks).
            atexit.register(gc.unfreeze)
        gc.freeze()
        _pauses_s.append(time.perf_counter() - started)
        _modules_at_freeze = modules
        return True


def pauses_s() -> list[float]:
    """How long each freeze so far took (its full collection), for benchmarks."""
    return list(_pauses_s)
