"""The explorer of codes above 2-D (ui/explore.py) as a learner meets it, in headless Chromium on a
fresh server started as the README starts it:

- how long after the page's explorer view is opened (it is a view of its page: a switch under the
  title, or `?<page>.view=explore` in its address) the explorer (sliders, traversal, PCA and t-SNE
  maps of the shipped model) has drawn: first as its link typed into a fresh tab (the whole app's
  scripts loaded too), then as a learner reaches it: a click in the sidebar of a tab already open
  (to the page's heading and the lesson's run done), then a click on the switch (to each map's
  caption, which is drawn after its map, and the run done);
- the link again in a new tab with nothing cached (another learner given the address), on the warm
  server;
- how long after a slider is moved (a key press on its thumb, which commits the value as a release
  does) the decoded image and the traversal have been redrawn, over many moves;
- the same move timed against a plain reference in the same run: a page that only redraws one
  st.image on a slider (benchmarks' own trivial fragment), to show what Streamlit's round trip
  costs by itself.

    python benchmarks/explorer.py [--moves 15] [--screenshots DIR]

Targets (issue 14): traversals and sliders of a shipped 16-D model update within 0.3 s of a move;
projections of shipped models show within 1 s of opening the page.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))

from harness import CHROMIUM_ARGS, find_chromium, start_server, wait_idle  # noqa: E402
from ui.i18n import catalog  # noqa: E402
from ui.navigation import entry_for  # noqa: E402

PAGES = {"undercomplete": ("undercomplete-ae", "ae-16"), "vae": ("variational-ae", "vae-16-b1")}
# The sidebar link and the page's heading, in English, from the app's own catalog.
HEADINGS = {"undercomplete": "uc.title", "vae": "vae.title"}
TITLES = {name: (catalog()[entry_for(path).title]["en"], catalog()[HEADINGS[name]]["en"])
          for name, (path, _) in PAGES.items()}
PCA_CAPTION, TSNE_CAPTION = "The two directions in which", "t-SNE of the first"
SWITCH = catalog()["explore.view.explore"]["en"]  # the view switch's option for the explorer
REFERENCE_APP = textwrap.dedent('''
    import numpy as np
    import streamlit as st

    @st.fragment
    def part():
        value = st.slider("v", 0.0, 1.0, 0.5, step=0.01, key="v")
        st.image(np.full((28, 28), value, dtype=np.float32), width=140, caption=f"value {value:.2f}")

    part()
''')


def _image_src(page, caption_start: str) -> str | None:
    return page.evaluate("""(start) => {
        for (const figure of document.querySelectorAll('[data-testid=stImage], [data-testid=stImageContainer]')) {
            const parent = figure.closest('[data-testid=stElementContainer]') || figure;
            if (parent.innerText.trim().startsWith(start)) {
                const img = parent.querySelector('img'); return img ? img.src : null;
            }
        }
        return null;
    }""", caption_start)


def _time_moves(page, thumb_selector: str, caption_start: str, moves: int) -> list[float]:
    """Seconds from a key press on a slider's thumb to the image captioned `caption_start` changing."""
    times = []
    thumbs = page.locator(thumb_selector)
    for move in range(moves):
        thumb = thumbs.nth(move % min(4, thumbs.count()))
        thumb.focus()
        before = _image_src(page, caption_start)
        started = time.perf_counter()
        page.keyboard.press("PageUp" if move % 2 == 0 else "PageDown")
        while time.perf_counter() - started < 10:
            if _image_src(page, caption_start) not in (before, None):
                break
            page.wait_for_timeout(5)
        times.append(time.perf_counter() - started)
        wait_idle(page)
        page.wait_for_timeout(150)
    return times


def _navigate(page, server_url: str, name: str) -> dict[str, float]:
    """Seconds from a sidebar click on the Overview (idle, its scripts loaded) to the lesson's
    heading and run, then from a click on the page's view switch to each step of the explorer."""
    page.goto(server_url)
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
    wait_idle(page, timeout_ms=120_000)
    page.wait_for_timeout(500)
    link, heading = TITLES[name]
    started = time.perf_counter()
    page.get_by_test_id("stSidebarNav").get_by_text(link, exact=True).click()
    times = {}
    page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=60_000)
    times["heading"] = time.perf_counter() - started
    wait_idle(page, timeout_ms=60_000)
    times["lesson done"] = time.perf_counter() - started
    page.wait_for_timeout(500)
    started = time.perf_counter()
    page.locator(f"[class*=st-key-{name}-view]").get_by_text(SWITCH, exact=True).click()
    page.get_by_text(PCA_CAPTION, exact=False).wait_for(timeout=60_000)
    times["switch -> PCA map"] = time.perf_counter() - started
    page.get_by_text(TSNE_CAPTION, exact=False).wait_for(timeout=60_000)
    times["switch -> t-SNE map"] = time.perf_counter() - started
    wait_idle(page, timeout_ms=60_000)
    times["switch -> run done"] = time.perf_counter() - started
    return times


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {statistics.median(times):.3f} s, p90 {p90:.3f} s, max {max(times):.3f} s"


def _new_tab(browser, url: str, *texts: str) -> list[float]:
    """`url` opened in a new tab with nothing cached (a fresh browser context): seconds from the
    request until each of `texts` is on the page, in order."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        times = []
        for text in texts:
            page.get_by_text(text, exact=False).wait_for(timeout=60_000)
            times.append(time.perf_counter() - started)
        wait_idle(page)
        return times
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=15)
    parser.add_argument("--visits", type=int, default=5, help="sidebar visits timed per page")
    parser.add_argument("--screenshots", type=Path, help="save the explorer sections here")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found (see tests/browser/harness.py)")
    from playwright.sync_api import sync_playwright

    server = start_server("app.py")
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "reference.py").write_text(REFERENCE_APP)
        reference = start_server("reference.py", cwd=Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
                results = {}
                for name, (path, setting) in PAGES.items():
                    started = time.perf_counter()
                    page.goto(f"{server.url}/{path}?{name}.view=explore")
                    # Both maps' captions are drawn after their maps.
                    page.get_by_text(TSNE_CAPTION, exact=False).wait_for(timeout=120_000)
                    page.get_by_text(PCA_CAPTION, exact=False).wait_for(timeout=120_000)
                    opened = time.perf_counter() - started
                    # The sliders' widgets can come later than the maps below them (the browser is
                    # busy drawing the maps' 10,000 points meanwhile): wait for them too.
                    thumbs = f"[class*='st-key-explore-{setting}-d'] input[type=range]"
                    page.locator(thumbs).first.wait_for(state="attached", timeout=120_000)
                    sliders_in = time.perf_counter() - started
                    wait_idle(page)
                    page.locator("[id=explore]").first.scroll_into_view_if_needed()
                    if args.screenshots:
                        args.screenshots.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(args.screenshots / f"explorer-{name}.png"), full_page=False)
                    moves = _time_moves(page, thumbs, "The test digit", args.moves)
                    results[name] = (opened, moves)
                    print(f"{name}: sliders drawn {sliders_in:.2f} s after opening the page")
                    print(f"{name}: explorer drawn {opened:.2f} s after opening its link (fresh server: "
                          f"{'first' if name == 'undercomplete' else 'second'} page); slider move -> redrawn: "
                          f"{_summary(moves)}", flush=True)
                for name in PAGES:
                    visits = [_navigate(page, server.url, name) for _ in range(args.visits)]
                    steps = ", ".join(f"{step} {statistics.median(v[step] for v in visits):.2f}"
                                      for step in visits[0])
                    print(f"{name}: sidebar click, then the view switch -> (median of {args.visits}, s) {steps}; "
                          f"maps drawn: max {max(v['switch -> t-SNE map'] for v in visits):.2f} s", flush=True)
                for name, (path, _) in PAGES.items():
                    # A shared link opened by someone else: a new tab with nothing cached (a fresh
                    # browser context), on the warm server.
                    links = [_new_tab(browser, f"{server.url}/{path}?{name}.view=explore", PCA_CAPTION, TSNE_CAPTION)
                             for _ in range(args.visits)]
                    print(f"{name}: its link in a new tab (nothing cached, warm server; median of {args.visits}, s) "
                          f"-> PCA map {statistics.median(v[0] for v in links):.2f}, t-SNE map "
                          f"{statistics.median(v[1] for v in links):.2f}; max {max(v[1] for v in links):.2f}",
                          flush=True)
                # The same new tab on the plain reference: what Streamlit's own first contact costs
                # (its scripts, the websocket, one run), to which the explorer adds its drawing.
                plain_tabs = [_new_tab(browser, reference.url, "value 0.50")[0] for _ in range(args.visits)]
                print(f"reference in a new tab (median of {args.visits}): its image drawn "
                      f"{statistics.median(plain_tabs):.2f} s")
                page.goto(reference.url)
                page.wait_for_selector("input[type=range]", timeout=60_000, state="attached")
                wait_idle(page)
                plain = _time_moves(page, "input[type=range]", "value", args.moves)
                print(f"reference (one st.image on a slider): {_summary(plain)}")
                for name, (_, moves) in results.items():
                    print(f"{name}: median move / reference median = "
                          f"{statistics.median(moves) / statistics.median(plain):.2f}x")
                browser.close()
        finally:
            reference.stop()
            server.stop()


if __name__ == "__main__":
    main()
