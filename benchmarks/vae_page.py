"""The latent pad's targets re-checked on the real Variational AE page with the shipped 2-D MLP VAE
(pretrained/vae-2d-mlp.safetensors); prints one figure per line and a JSON summary.

    python benchmarks/vae_page.py
    python benchmarks/vae_page.py --drag-s 5 --json artifacts/vae_page.json

  payload   the bytes one run of the page sends the pad (AppTest reads the message itself): <= 1 MB
  decode    in-browser decode + paint per animation frame of a drag, median: <= 4 ms
  fps       decoded frames per second while dragging (pointer events at 125 Hz in the page, then
            Playwright's mouse): >= 30
  parity    the page's browser decoder against torch, max abs over a 21x21 grid of the visible
            range (+-4) and the drag's last frame: <= 1e-2
It also checks that no script run happens during a drag and that the page prints the released
position. The drag and timing code is benchmarks/latent_pad.py's, pointed at the page's pad.
"""
from __future__ import annotations

import argparse
import json
import struct
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from harness import CHROMIUM_ARGS, SCREENSHOTS, find_chromium, start_server, wait_idle  # noqa: E402

import latent_pad as pad_benchmark  # noqa: E402
from ae_core.pretrained import available, load_pretrained  # noqa: E402

KEY = "vae-2d-mlp"
RANGE = 4.0  # the page's default visible range
# latent_pad.py's helpers read the pad's statistics from this expression: the page's pad instead.
pad_benchmark.STATS = "window.__latentPad['vae.pad']"
STATS = pad_benchmark.STATS
say = pad_benchmark.say


def page_message_bytes() -> dict:
    """Run the page once headless (AppTest) and measure the pad's message, part by part."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("pages/vae.py").run()
    if at.exception:
        sys.exit(f"the page failed: {at.exception[0].value}")
    raw = next(c for c in at.get("bidi_component") if c.proto.id.endswith("-vae.pad")).proto.bytes
    (length,) = struct.unpack("<I", raw[4:8])
    header = json.loads(raw[8:8 + length])

    def blob_bytes(node) -> int:
        if isinstance(node, dict):
            return node.get("length", 0) if "offset" in node else sum(blob_bytes(v) for v in node.values())
        return sum(blob_bytes(v) for v in node) if isinstance(node, list) else 0

    sizes = {"total": len(raw), "header": length}
    for part in ("decoder", "points", "labels", "hover_images"):
        sizes[part] = blob_bytes(header[part])
    say("pad message bytes on the page", sizes["total"], "(target <= 1,000,000)")
    for part in ("decoder", "points", "labels", "hover_images", "header"):
        say(f"  {part}", sizes[part])
    return sizes


def open_vae_page(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=120_000)
    wait_idle(page, timeout_ms=180_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Variational AE").click()
    page.wait_for_function(f"() => window.__latentPad && {STATS} && {STATS}.ready", timeout=180_000)
    wait_idle(page, timeout_ms=180_000)
    page.get_by_test_id("latent-pad").scroll_into_view_if_needed()
    return time.perf_counter() - started


def count_runs(page) -> None:
    page.evaluate("""() => {
        const app = document.querySelector('[data-testid=stApp]');
        window.__vaeRuns = 0;
        new MutationObserver(() => {
            if (app.getAttribute('data-test-script-state') === 'running') window.__vaeRuns += 1;
        }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    }""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drag-s", type=float, default=3.0, help="seconds of continuous dragging")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if not available(KEY):
        sys.exit(f"pretrained/{KEY}.safetensors is missing: `python -m ae_core pretrain --only {KEY}`")
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium: set AE_LAB_CHROMIUM or install chromium")
    model = load_pretrained(KEY, device="cpu")[0].eval()
    results: dict = {"payload": page_message_bytes()}
    inputs = {"x_range": (-RANGE, RANGE), "y_range": (-RANGE, RANGE)}
    server = start_server("app.py", env={"AE_LAB_MAX_JOBS": "1"})
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            ready_s = open_vae_page(page, server.url)
            say("home page open to the VAE pad ready (s)", round(ready_s, 2), "(first visit: caches filled)")
            results["ready_s"] = ready_s

            count_runs(page)
            in_page = pad_benchmark.drag_in_page(page, inputs, args.drag_s)
            results["drag_in_page"] = pad_benchmark.drag_figures("in-page 125 Hz", in_page)
            wait_idle(page)
            count_runs(page)
            # latent_pad.py's drag_with_driver reads pad_app's run counter; the page's is counted here.
            circle = pad_benchmark.circle_on_screen(page, inputs)
            page.mouse.move(*circle[0])
            page.mouse.down()
            start_ms = page.evaluate("performance.now()")
            moves, deadline = 0, time.perf_counter() + args.drag_s
            while time.perf_counter() < deadline:
                page.mouse.move(*circle[moves % len(circle)])
                moves += 1
            end_ms = page.evaluate("performance.now()")
            runs_during = page.evaluate("() => window.__vaeRuns")
            driver = {"start_ms": start_ms, "end_ms": end_ms, "moves_sent": moves,
                      **pad_benchmark.frames_between(page, start_ms, end_ms)}
            page.mouse.up()
            results["drag_driver"] = pad_benchmark.drag_figures("playwright mouse", driver)
            say("script runs during the drag", runs_during)
            page.wait_for_function("() => window.__vaeRuns > 0", timeout=60_000)
            wait_idle(page, timeout_ms=60_000)
            # The drag moves whichever probe the circle starts on: look for its position among all.
            printed = page.get_by_text("Probe 1 z = (").inner_text()
            expected = f"z = ({driver['z'][0]:.3f}, {driver['z'][1]:.3f})"
            say("the page prints the released position", expected in printed, printed[:90])

            grid = [[x, y] for x in np.linspace(-RANGE, RANGE, 21) for y in np.linspace(-RANGE, RANGE, 21)]
            browser_pixels = np.asarray(page.evaluate(f"g => g.map(([x, y]) => {STATS}.decode(x, y))", grid))
            with torch.no_grad():
                torch_pixels = model.decode(torch.tensor(grid, dtype=torch.float32)).flatten(1).numpy()
                torch_last = model.decode(torch.tensor([driver["z"]], dtype=torch.float32)).flatten().numpy()
            grid_error = float(np.abs(browser_pixels - torch_pixels).max())
            last_error = float(np.abs(np.asarray(driver["pixels"]) - torch_last).max())
            say("browser vs torch, max abs over 21x21 grid of +-4", f"{grid_error:.2e}", "(target <= 1e-2)")
            say("browser vs torch, max abs at the drag's last frame", f"{last_error:.2e}")
            results["parity"] = {"grid_max_abs": grid_error, "last_frame_max_abs": last_error}
            results["checks"] = {"runs_during_drag": runs_during, "release_printed": expected in printed}
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "vae_page_benchmark.png"))
            browser.close()
    finally:
        server.stop()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
