"""How fast the app answers, measured in headless Chromium against `streamlit run app.py`.

    python benchmarks/app_timings.py [--repeat 3] [--json]

Figures (seconds, median of --repeat runs where repeated):
- start: server launch to the first page's title drawn, and to its script run finished (the
  Overview's live demo drawn); beside it the same for a trivial two-page Streamlit app started in
  the same run, and the ratio between them (the target: within 8 s, where the trivial app took
  4.4 s on the 2-core reference machine).
- page switch: a click in the navigation to the new page's title drawn (target 1.5 s), warm.
- pretrained shown: opening the Undercomplete AE page to its pretrained model's reconstructions
  drawn, and to its latent space drawn (10,000 codes with their hover images, ~1.7 MB), on a
  fresh server (cold: weights loaded, test set encoded) and in new tabs that open the Overview
  first (warm caches; median of max(3, --repeat) tabs; target 1 s).
- train: the Train click to the first loss point on the live chart (target 2 s), and Stop
  (pressed 2 s later) to the stopped message.
- garbage collection: one full collection in a process holding the server's imports, before and
  after ui.heap.settle() freezes them (such a collection used to stall a page run by 0.3 s).
- first visits (`--first-visits`, alone): each page opened by its address as the first request of
  its own fresh server (started and healthy): seconds to its title and to its run finished (target
  1.5 s), and how many "computed in the background" notes it showed; beside them the trivial app's
  first page the same way.
The machine's load is printed too: on a shared machine every figure grows with it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))

from harness import CHROMIUM_ARGS, find_chromium, start_server, wait_idle  # noqa: E402

TRIVIAL_APP = {
    "app.py": 'import streamlit as st\n\nst.set_page_config(page_title="Trivial", layout="wide")\n'
              'st.navigation([st.Page("one.py", title="One", default=True), st.Page("two.py", title="Two")]).run()\n',
    "one.py": 'import streamlit as st\n\nst.title("Page one")\nst.write("A trivial page.")\n',
    "two.py": 'import streamlit as st\n\nst.title("Page two")\nst.write("Another trivial page.")\n',
}
PAD = "[data-testid=latent-pad]"
LIVE_CHART = ".st-key-panel-live-undercomplete [data-testid=stPlotlyChart]"


def heading(page, text: str, timeout_ms: float = 120_000) -> None:
    page.get_by_role("heading", name=text).first.wait_for(timeout=timeout_ms)


def timed(action: Callable[[], None], until: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    until()
    return time.perf_counter() - started


def start_and_open(browser, script: Path, cwd: Path, title: str, env: dict[str, str] | None = None):
    """Launch the server, open its first page: (server, page, seconds to the title, seconds to idle)."""
    started = time.perf_counter()
    server = start_server(script, env=env, cwd=cwd)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server.url)
    heading(page, title)
    to_title = time.perf_counter() - started
    wait_idle(page, 180_000)
    return server, page, to_title, time.perf_counter() - started


def click_nav(page, label: str) -> Callable[[], None]:
    return lambda: page.get_by_test_id("stSidebarNav").get_by_text(label, exact=True).click()


def shown(page) -> dict[str, float]:
    """Open the Undercomplete AE page: seconds to its pretrained model's reconstructions drawn and
    to its latent space (10,000 codes with their hover images) drawn."""
    started = time.perf_counter()
    click_nav(page, "Undercomplete AE")()
    heading(page, "Undercomplete autoencoder")
    page.locator("[data-testid=stImage]").first.wait_for(timeout=300_000)
    reconstructions = time.perf_counter() - started
    page.locator(PAD).first.wait_for(timeout=300_000)
    return {"reconstructions_s": reconstructions, "latent_space_s": time.perf_counter() - started}


def measure(browser, repeat: int) -> dict[str, Any]:
    results: dict[str, Any] = {"load_average": os.getloadavg()}
    with tempfile.TemporaryDirectory() as folder:
        trivial = Path(folder)
        for name, source in TRIVIAL_APP.items():
            (trivial / name).write_text(source)
        starts, switches = [], []
        for _ in range(repeat):
            server, page, to_title, _ = start_and_open(browser, trivial / "app.py", trivial, "Page one")
            starts.append(to_title)
            switches.append(timed(click_nav(page, "Two"), lambda: heading(page, "Page two")))
            page.close()
            server.stop()
        results["trivial_start_s"] = statistics.median(starts)
        results["trivial_switch_s"] = statistics.median(switches)

    app_starts, app_idle = [], []
    for attempt in range(repeat):
        server, page, to_title, to_idle = start_and_open(browser, ROOT / "app.py", ROOT, "Autoencoder Lab",
                                                          env={"AE_LAB_MAX_JOBS": "1"})
        app_starts.append(to_title)
        app_idle.append(to_idle)
        if attempt < repeat - 1:
            page.close()
            server.stop()
    results["app_start_s"] = statistics.median(app_starts)
    results["app_start_idle_s"] = statistics.median(app_idle)

    try:
        from ae_core.pretrained import available

        has_weights = available("ae-2d")
        if has_weights:
            results["pretrained_cold_s"] = shown(page)
        else:
            results["pretrained_cold_s"] = None
            timed(click_nav(page, "Undercomplete AE"), lambda: heading(page, "Undercomplete autoencoder"))
        wait_idle(page, 300_000)

        switches = []
        for _ in range(repeat):
            switches.append(timed(click_nav(page, "Overview"), lambda: heading(page, "Autoencoder Lab")))
            wait_idle(page, 120_000)
            switches.append(timed(click_nav(page, "Undercomplete AE"),
                                  lambda: heading(page, "Undercomplete autoencoder")))
            wait_idle(page, 120_000)
        results["app_switch_s"] = statistics.median(switches)

        warm = []
        for _ in range(max(3, repeat) if has_weights else 0):
            # A new tab each time (a new session, nothing loaded in the browser yet), as a student
            # who opens the app and then the page.
            second = browser.new_page(viewport={"width": 1400, "height": 900})
            second.goto(server.url)
            heading(second, "Autoencoder Lab")
            wait_idle(second, 120_000)
            second.wait_for_timeout(2000)  # the Overview's demo settles, as a person reads it
            warm.append(shown(second))
            wait_idle(second, 120_000)
            second.close()
        results["pretrained_warm_runs"] = warm
        results["pretrained_warm_s"] = {
            name: statistics.median(run[name] for run in warm) for name in ("reconstructions_s", "latent_space_s")
        } if warm else None

        form = page.locator("[data-testid=stForm]").first
        # Long enough that Stop, pressed 2 s in, arrives mid-run.
        for label, value in (("Training images", "60000"), ("Epochs", "10")):
            field = form.get_by_role("spinbutton", name=label)
            field.fill(value)
            field.press("Tab")
        wait_idle(page)
        results["train_first_point_s"] = timed(
            lambda: form.get_by_role("button", name="Train", exact=True).click(),
            lambda: page.locator(LIVE_CHART).first.wait_for(timeout=120_000))
        live = page.locator(".st-key-panel-live-undercomplete")
        page.wait_for_timeout(2000)  # a person watches the curve for a moment before stopping
        results["stop_s"] = timed(
            lambda: live.get_by_role("button", name="Stop", exact=True).click(),
            lambda: live.locator("[data-testid=stAlertContentInfo]").filter(has_text="Stopped after")
            .wait_for(timeout=60_000))
    finally:
        page.close()
        server.stop()
    return results


# Each page's address and title (text keys in ui/texts) as the navigation serves them.
FIRST_VISITS = {"": "overview.title", "undercomplete-ae": "uc.title", "stacked-ae": "stacked.title",
                "denoising-ae": "dn.title", "convolutional-ae": "cv.title", "variational-ae": "vae.title"}
# ui/resources.py wait_for's note, in place of a view still computed: each says "in the background".
BACKGROUND_NOTE = "in the background"


def first_visit(browser, script: Path, cwd: Path, path: str, title: str,
                env: dict[str, str] | None = None) -> dict[str, float]:
    """A fresh server, healthy; then the page at `path` opened: seconds to its title and to its
    script run finished, and the background notes it shows then."""
    server = start_server(script, env=env, cwd=cwd)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        started = time.perf_counter()
        page.goto(f"{server.url}/{path}")
        heading(page, title)
        to_title = time.perf_counter() - started
        wait_idle(page, 300_000)
        return {"title_s": to_title, "run_s": time.perf_counter() - started,
                "background_notes": page.locator("[data-testid=stAlertContentInfo]").filter(
                    has_text=BACKGROUND_NOTE).count()}
    finally:
        page.close()
        server.stop()


def first_visits(browser, repeat: int) -> dict[str, Any]:
    """Every page's first visit on its own fresh server (median of `repeat`), and the trivial app's."""
    from ui.i18n import catalog

    texts = catalog()
    results: dict[str, Any] = {"load_average": os.getloadavg(), "pages": {}}
    with tempfile.TemporaryDirectory() as folder:
        trivial = Path(folder)
        for name, source in TRIVIAL_APP.items():
            (trivial / name).write_text(source)
        runs = [first_visit(browser, trivial / "app.py", trivial, "", "Page one") for _ in range(repeat)]
        results["trivial"] = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    for path, title in FIRST_VISITS.items():
        runs = [first_visit(browser, ROOT / "app.py", ROOT, path, texts[title]["en"], env={"AE_LAB_MAX_JOBS": "1"})
                for _ in range(repeat)]
        results["pages"][path or "overview"] = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    results["load_average_after"] = os.getloadavg()
    return results


def first_visits_report(results: dict[str, Any]) -> str:
    def row(name: str, run: dict[str, float]) -> str:
        return (f"  {name:18s} title {run['title_s']:.2f} s, run finished {run['run_s']:.2f} s "
                f"(target 1.5 s), background notes {run['background_notes']:g}")

    lines = [f"load average (1, 5, 15 min) before: {', '.join(f'{v:.1f}' for v in results['load_average'])}, "
             f"after: {', '.join(f'{v:.1f}' for v in results['load_average_after'])} on {os.cpu_count()} cores",
             "first visit of each page, each on a fresh server (opened by its address once healthy):",
             row("trivial app", results["trivial"])]
    lines += [row(name, run) for name, run in results["pages"].items()]
    return "\n".join(lines)


# A process holding what the server holds once its pages have run (torch with the optimiser's
# imports, plotly, pandas, Streamlit, the ui modules): one full garbage collection, median of 5,
# before and after ui.heap.settle().
GC_PROBE = """
import gc, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import pandas, plotly.graph_objects, streamlit, torch
import ae_core.training, ui.feature_extraction, ui.novelty, ui.stacked, ui.training_panel, ui.vae, ui.views
from ui import heap
weight = torch.zeros(4, requires_grad=True)
optimizer = torch.optim.Adam([weight])
(weight - 1).pow(2).sum().backward()
optimizer.step()

def full_collection():
    times = []
    for _ in range(5):
        started = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - started)
    return statistics.median(times)

objects = len(gc.get_objects())
before = full_collection()
heap.settle()
# What a page run leaves alive for a while: its figures, tables.
from ae_core.figures import autoencoder_diagram
kept = [autoencoder_diagram([784, 256, 128, 2, 128, 256, 784]) for _ in range(3)]
kept.append(pandas.DataFrame({"a": list(range(1000))}))
print(json.dumps({"objects": objects, "before_s": before, "after_s": full_collection(),
                  "settle_s": heap.pauses_s()[0], "left": len(gc.get_objects())}))
"""


def gc_pause() -> dict[str, float]:
    import subprocess

    done = subprocess.run([sys.executable, "-c", GC_PROBE, str(ROOT)], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: dict[str, Any]) -> str:
    def seconds(value: float | None) -> str:
        return "n/a (no pretrained/ae-2d.safetensors)" if value is None else f"{value:.2f} s"

    def opened(value: dict[str, float] | None) -> str:
        if value is None:
            return seconds(None)
        return (f"reconstructions {seconds(value['reconstructions_s'])}, latent space "
                f"{seconds(value['latent_space_s'])}")

    trivial = results["trivial_start_s"]
    lines = [
        f"load average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in results['load_average'])} "
        f"on {os.cpu_count()} cores",
        f"server start -> first page title: app {seconds(results['app_start_s'])}, trivial two-page app "
        f"{seconds(trivial)}, ratio {results['app_start_s'] / trivial:.2f} (target 8 s where trivial is 4.4 s: "
        f"ratio {8 / 4.4:.2f})",
        f"server start -> first page run finished (demo drawn): {seconds(results['app_start_idle_s'])}, "
        f"ratio {results['app_start_idle_s'] / trivial:.2f}",
        f"page switch (warm): app {seconds(results['app_switch_s'])}, trivial {seconds(results['trivial_switch_s'])}, "
        f"ratio {results['app_switch_s'] / results['trivial_switch_s']:.2f} (target 1.5 s)",
        f"pretrained model shown after opening its page, cold (fresh server): {opened(results['pretrained_cold_s'])}",
        f"pretrained model shown after opening its page, warm (new tab and session, median of "
        f"{len(results['pretrained_warm_runs'])}): {opened(results['pretrained_warm_s'])} (target 1 s); latent space "
        f"each time: {', '.join(seconds(run['latent_space_s']) for run in results['pretrained_warm_runs'])}",
        f"Train clicked -> first loss point on the chart: {seconds(results['train_first_point_s'])} (target 2 s)",
        f"Stop clicked -> stopped: {seconds(results['stop_s'])}",
    ]
    pause = results.get("gc")
    if pause:
        lines.append(
            f"full garbage collection in a process holding the server's imports ({pause['objects']:,} objects): "
            f"{1000 * pause['before_s']:.0f} ms; after ui.heap.settle() ({pause['left']:,} left to walk): "
            f"{1000 * pause['after_s']:.1f} ms, ratio {pause['before_s'] / max(pause['after_s'], 1e-9):.0f}; "
            f"the settle itself {1000 * pause['settle_s']:.0f} ms, once")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="server starts (and switches) per app")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--first-visits", action="store_true",
                        help="measure only each page's first visit on a fresh server")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found: set AE_LAB_CHROMIUM or install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            if args.first_visits:
                results = first_visits(browser, max(1, args.repeat))
            else:
                results = measure(browser, max(1, args.repeat))
        finally:
            browser.close()
    if args.first_visits:
        print(json.dumps(results) if args.json else first_visits_report(results))
        return
    results["gc"] = gc_pause()
    print(json.dumps(results) if args.json else report(results))


if __name__ == "__main__":
    main()
