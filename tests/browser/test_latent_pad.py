"""The latent pad in headless Chromium, driven with real pointer events through tests/browser/pad_app.py.

Each test opens a fresh session (run count 1). The app prints "runs: N" and the positions Python
received; the pad exposes its timings, last decoded pixels and a code -> client-pixel mapping on
window.__latentPad["pad"]. Screenshots go to artifacts/screenshots/.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from harness import SCREENSHOTS, start_server, wait_idle
from pad_helpers import decoded_pixels, next_frame, to_client, torch_decode
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parent / "pad_app.py"
STATS = "window.__latentPad && window.__latentPad.pad"
# The seed-0 model that pad_inputs rebuilds here, whatever the caller's environment says.
APP_ENV = {"AE_LAB_PAD_FAMILY": "ae", "AE_LAB_PAD_HIDDEN": "512,256", "AE_LAB_PAD_WEIGHTS": ""}


@pytest.fixture(scope="module")
def pad_url(chromium_path: str):
    server = start_server(APP, env=APP_ENV)
    yield server.url
    server.stop()


@pytest.fixture
def open_pad(browser, pad_url):
    """open_pad(mode) -> a page with the pad mounted, its data inflated and its first frame drawn."""
    pages = []

    def _open(mode: str = "browser"):
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        pages.append(page)
        page.goto(f"{pad_url}/?mode={mode}")
        wait_idle(page, timeout_ms=120_000)
        page.wait_for_function(f"() => {STATS} && {STATS}.ready", timeout=60_000)
        next_frame(page)
        return page

    yield _open
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def pad_inputs():
    """What the app shows, rebuilt here: the same seed-0 model, codes and decoder payload."""
    import pad_app

    with pytest.MonkeyPatch.context() as patch:
        for name, value in APP_ENV.items():
            patch.setenv(name, value)
        return pad_app.build_inputs(2000, 300)


def wait_for_run(page, count: int) -> None:
    """Wait until the script has run `count` times in this session and finished."""
    page.wait_for_function(f"() => document.body.innerText.includes('runs: {count}')", timeout=30_000)
    wait_idle(page, timeout_ms=30_000)


def runs(page) -> int:
    text = page.get_by_text("runs:").inner_text()
    return int(text.split(":")[1])


def received(page) -> list[list[float]]:
    return json.loads(page.get_by_text("probes:").inner_text().split(":", 1)[1])


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_test_id("latent-pad").screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def drag_path(pad_inputs, steps: int) -> list[tuple[float, float]]:
    """Codes along a diagonal across the middle of the visible range."""
    (x0, x1), (y0, y1) = pad_inputs["x_range"], pad_inputs["y_range"]
    return [(x0 + (x1 - x0) * (0.2 + 0.6 * t), y0 + (y1 - y0) * (0.3 + 0.4 * t))
            for t in np.linspace(0, 1, steps)]


def test_drag_decodes_in_the_browser_without_rerun(open_pad, pad_inputs) -> None:
    page = open_pad("browser")
    assert runs(page) == 1
    assert page.get_by_test_id("latent-pad-decoded").count() == 1
    path = drag_path(pad_inputs, 40)
    frames_before = page.evaluate(f"{STATS}.decodeMs.length")
    page.mouse.move(*to_client(page, STATS, *path[0]))
    page.mouse.down()
    seen = []
    for index, code in enumerate(path[1:], 1):
        page.mouse.move(*to_client(page, STATS, *code))
        if index % 10 == 0:
            next_frame(page)
            seen.append(decoded_pixels(page))
            assert runs(page) == 1, "the script reran during the drag"
    screenshot(page, "latent_pad_drag")
    stats = page.evaluate(f"({{frames: {STATS}.decodeMs.length, z: {STATS}.last.z}})")
    # An image per animation frame, not per release; and it changed as the probe moved.
    assert stats["frames"] - frames_before >= 4
    assert all(np.abs(a.astype(int) - b).max() > 0 for a, b in zip(seen, seen[1:]))
    assert np.allclose(stats["z"], path[-1], atol=2e-3 * (pad_inputs["x_range"][1] - pad_inputs["x_range"][0]))
    assert runs(page) == 1

    page.mouse.up()
    wait_for_run(page, 2)
    final = received(page)
    assert len(final) == 1
    np.testing.assert_allclose(final[0], stats["z"], atol=1e-12)  # exactly where the probe was released
    # The painted image is the browser decode of that code, to within rounding to gray levels.
    painted = decoded_pixels(page)
    expected = torch_decode(pad_inputs["model"], final[0])[0]
    assert np.abs(painted / 255.0 - expected).max() < 1e-2 + 0.5 / 255


def test_browser_pixels_match_torch(open_pad, pad_inputs) -> None:
    from ae_core.browser_decoder import reference_decode

    page = open_pad("browser")
    path = drag_path(pad_inputs, 12)
    page.mouse.move(*to_client(page, STATS, *path[0]))
    page.mouse.down()
    for code in path[1:]:
        page.mouse.move(*to_client(page, STATS, *code))
    next_frame(page)
    last = page.evaluate(f"({{z: {STATS}.last.z, pixels: Array.from({STATS}.last.pixels)}})")
    page.mouse.up()
    pixels = np.asarray(last["pixels"], dtype=np.float32).reshape(28, 28)
    expected = torch_decode(pad_inputs["model"], last["z"])[0]
    assert np.abs(pixels - expected).max() < 1e-2
    # ... and the browser runs exactly the reference maths, here and over the whole visible range.
    np.testing.assert_allclose(pixels, reference_decode(pad_inputs["payload"], last["z"]), atol=1e-5)
    (x0, x1), (y0, y1) = pad_inputs["x_range"], pad_inputs["y_range"]
    grid = [(x, y) for x in np.linspace(x0, x1, 5) for y in np.linspace(y0, y1, 5)]
    browser = np.asarray(page.evaluate(f"codes => codes.map(([x, y]) => {STATS}.decode(x, y))", grid))
    browser = browser.reshape(-1, 28, 28)
    assert np.abs(browser - torch_decode(pad_inputs["model"], grid)).max() < 1e-2
    np.testing.assert_allclose(browser, reference_decode(pad_inputs["payload"], np.asarray(grid)), atol=1e-5)


def test_hover_shows_the_point_image_and_label(open_pad, pad_inputs) -> None:
    page = open_pad("scatter")
    tooltip = page.get_by_test_id("latent-pad-hover")
    assert not tooltip.is_visible()
    assert page.get_by_test_id("latent-pad-decoded").count() == 0  # scatter only: no probes
    index = 5
    code = pad_inputs["codes"][index].tolist()
    page.mouse.move(*to_client(page, STATS, *code))
    tooltip.wait_for(state="visible")
    name, hovered = tooltip.inner_text().strip().split(" · #")
    hovered = int(hovered)  # the nearest point: this one, unless a twin sits exactly on it
    codes = pad_inputs["codes"].numpy()
    assert np.abs(codes[hovered] - codes[index]).max() < 1e-3 * (pad_inputs["x_range"][1] - pad_inputs["x_range"][0])
    assert name == str(int(pad_inputs["labels"][hovered]))
    rgba = tooltip.locator("canvas").evaluate(
        "c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)")
    shown = np.asarray(rgba, dtype=np.uint8).reshape(28, 28, 4)[..., 0]
    expected = np.round(pad_inputs["hover"][hovered].numpy() * 255)
    np.testing.assert_array_equal(shown, expected)
    screenshot(page, "latent_pad_hover")
    page.mouse.move(5, 5)
    tooltip.wait_for(state="hidden")


def test_shift_press_and_buttons_add_and_remove_probes(open_pad, pad_inputs) -> None:
    page = open_pad("browser")
    decoded = page.get_by_test_id("latent-pad-decoded")
    (x0, x1), (y0, y1) = pad_inputs["x_range"], pad_inputs["y_range"]
    corner = (x0 + 0.15 * (x1 - x0), y0 + 0.8 * (y1 - y0))
    page.keyboard.down("Shift")
    page.mouse.move(*to_client(page, STATS, *corner))
    page.mouse.down()
    page.mouse.up()
    page.keyboard.up("Shift")
    assert decoded.count() == 2
    wait_for_run(page, 2)
    positions = received(page)
    assert len(positions) == 2
    np.testing.assert_allclose(positions[1], corner, atol=2e-3 * (x1 - x0))
    first_image, second_image = decoded_pixels(page, 0), decoded_pixels(page, 1)
    assert np.abs(first_image.astype(int) - second_image).max() > 0

    # A plain press moves the nearest probe (the new one), it adds none.
    page.mouse.move(*to_client(page, STATS, corner[0] + 0.05 * (x1 - x0), corner[1]))
    page.mouse.down()
    page.mouse.up()
    wait_for_run(page, 3)
    assert decoded.count() == 2
    assert received(page)[0] == positions[0]

    page.get_by_test_id("latent-pad-add").click()
    wait_for_run(page, 4)
    assert decoded.count() == 3 and len(received(page)) == 3
    screenshot(page, "latent_pad_three_probes")
    page.get_by_test_id("latent-pad-remove").click()
    wait_for_run(page, 5)
    assert decoded.count() == 2 and len(received(page)) == 2


def test_server_decodes_on_release(open_pad, pad_inputs) -> None:
    """Without a decoder payload the image comes from Python after release, for the released code."""
    page = open_pad("server")
    card = page.locator(".lp-card")
    start = decoded_pixels(page)
    centre = received(page)[0]
    np.testing.assert_allclose(start / 255.0, torch_decode(pad_inputs["model"], centre)[0], atol=0.5 / 255 + 1e-6)
    path = drag_path(pad_inputs, 15)
    page.mouse.move(*to_client(page, STATS, *path[0]))
    page.mouse.down()
    for code in path[1:]:
        page.mouse.move(*to_client(page, STATS, *code))
    next_frame(page)
    expect(card).to_have_class(re.compile("lp-stale"))  # the image is from before the drag
    assert runs(page) == 1
    page.mouse.up()
    wait_for_run(page, 2)
    expect(card).not_to_have_class(re.compile("lp-stale"))
    final = received(page)[0]
    painted = decoded_pixels(page)
    np.testing.assert_allclose(painted / 255.0, torch_decode(pad_inputs["model"], final)[0], atol=0.5 / 255 + 1e-6)
    assert np.abs(painted.astype(int) - start).max() > 0
