"""AppTest of the Variational AE page: both networks in both languages, the reparameterisation
controls, beta, the latent pad's data (codes, ellipses, markers, probes, decoder), released probes
used by the other views, range and grid, picks, the user's digit (drawn, uploaded, refused),
interpolation, prior samples, missing weights and training with the chosen beta.

AppTest runs no JavaScript, so the pad is checked through the message Python sends it (decoded
here as pad.js decodes it) and a release is simulated by setting the pad's state, as the browser
does; tests/browser/test_vae_page.py drags it for real.
"""
from __future__ import annotations

import io
import json
import re
import struct
import zlib

import numpy as np
import pytest
import torch
from PIL import Image
from streamlit.testing.v1 import AppTest

from ae_core import checkpoints, pretrained
from ae_core.browser_decoder import reference_decode
from ae_core.latent import decode_codes, decode_grid
from ae_core.models import build_model
from ae_core.training import TrainConfig, run
from ae_core.variational import inside_fraction, posterior, reparameterized_samples
from tests.page_helpers import digit_uploader, keep_trained, open_app_page, text
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained
from ui.i18n import catalog

PAGE = "pages/vae.py"
PAD_BUDGET = 1_000_000  # bytes one run sends the pad (the target)
TINY = {"mlp": {"hidden": [64]}, "conv": {"channels": [4, 8], "hidden": [16]}}


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory, mnist_small):
    """Both shipped VAEs as small networks: the MLP trained for a moment (codes that spread, sigmas
    below 1), the conv one untrained (its tests check where images are decoded, not what)."""
    folder = tmp_path_factory.mktemp("pretrained")
    for architecture, config in TINY.items():
        spec = pretrained.SPECS[f"vae-2d-{architecture}"]
        model = build_model("vae", {**spec.config, **config}, seed=0)
        if architecture == "mlp":
            run(model, mnist_small, TrainConfig(epochs=2, batch_size=64, lr=3e-3))
        checkpoints.save(model, pretrained.path_for(spec.key, folder), dataset="mnist", epochs=1,
                         training=spec.train, description=spec.description)
    # The explorer's shipped models of codes above 2-D, so the page opens as it ships.
    write_tiny_pretrained(folder, ["vae-8d", "vae-16d", "vae-16d-beta4"])
    return folder


@pytest.fixture
def shipped(tiny_folder):
    with pretrained_from(tiny_folder) as folder:
        yield folder


def model_of(folder, architecture: str = "mlp") -> torch.nn.Module:
    return pretrained.load_pretrained(f"vae-2d-{architecture}", device="cpu", folder=folder)[0].eval()


def open_page(lang: str = "en", **state) -> AppTest:
    return open_app_page(PAGE, lang, **state)


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def pad_message(at: AppTest) -> tuple[dict, dict[str, np.ndarray], int]:
    """The pad's data as pad.js reads it: the JSON header, its packed arrays unpacked, the size."""
    element = next(c for c in at.main.get("bidi_component") if c.proto.id.endswith("-vae.pad"))
    raw = element.proto.bytes
    assert raw[:4] == b"LPAD"
    (length,) = struct.unpack("<I", raw[4:8])
    header = json.loads(raw[8:8 + length])
    body = raw[8 + length:]
    arrays: dict[str, np.ndarray] = {}

    def walk(node, path):
        if isinstance(node, dict) and "offset" in node and "dtype" in node:
            values = zlib.decompress(body[node["offset"]:node["offset"] + node["length"]])
            arrays[path] = np.frombuffer(values, dtype=np.dtype(node["dtype"]).newbyteorder("<")).reshape(node["shape"])
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}.{index}")

    walk(header, "")
    return header, arrays, len(raw)


def pad_codes(header: dict, arrays: dict[str, np.ndarray]) -> np.ndarray:
    x_low, x_high, y_low, y_high = header["bounds"]
    steps = arrays["points"].astype(np.float64) / 65535
    return np.column_stack([x_low + steps[:, 0] * (x_high - x_low), y_low + steps[:, 1] * (y_high - y_low)])


def payload_for_browser(header: dict, arrays: dict[str, np.ndarray]) -> dict:
    """The decoder payload back in ae_core.browser_decoder's packed form, for reference_decode."""
    import base64

    def repack(node, path):
        if isinstance(node, dict) and "offset" in node:
            values = arrays[path]
            return {"dtype": node["dtype"], "shape": node["shape"],
                    "b64": base64.b64encode(zlib.compress(values.tobytes())).decode()}
        if isinstance(node, dict):
            return {k: repack(v, f"{path}.{k}") for k, v in node.items()}
        if isinstance(node, list):
            return [repack(v, f"{path}.{i}") for i, v in enumerate(node)]
        return node

    return repack(header["decoder"], "decoder")


def chart(at: AppTest, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")).proto.spec)


def values(data) -> np.ndarray:
    """A plotly JSON array: a plain list, or {"dtype", "bdata"} (numpy arrays, base64)."""
    import base64

    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"]))
    return np.asarray(data)


def mosaic(figure: dict) -> np.ndarray:
    import base64

    source = figure["layout"]["images"][0]["source"]
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))))


def button(at: AppTest, key: str):
    return at.button(key=key)


def markdown_starting(at: AppTest, prefix: str) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(prefix)]


def png(image: np.ndarray, size: int = 112) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray((image * 255).astype(np.uint8)).resize((size, size)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("architecture", ["mlp", "conv"])
def test_the_page_in_both_languages_with_both_networks(shipped, lang, architecture):
    at = open_page(lang, **{"vae.architecture": architecture})
    assert at.title[0].value == text("vae.title", lang)
    subheaders = [s.value for s in at.subheader]
    for key in ("vae.q_title", "vae.loss_title", "vae.pad_title", "vae.digit_title", "vae.interp_title",
                "vae.prior_title", "vae.train_title"):
        assert text(key, lang) in subheaders
    assert not at.warning and not at.error
    header, arrays, size = pad_message(at)
    assert size <= PAD_BUDGET
    assert header["strings"]["add_probe"] == text("vae.pad.add_probe", lang)
    assert header["probes"] == [[-1.0, 0.0], [1.0, 0.0]]
    assert header["x_range"] == header["y_range"] == [-4.0, 4.0]
    model = model_of(shipped, architecture)
    if architecture == "mlp":
        # Decoded in the browser: weights shipped, no server images; the browser's maths (here in
        # numpy) gives the torch decoder's pixels within 1e-2 over the visible range.
        assert header["decoded"] is None and header["decoder"]["input_dim"] == 2
        grid = np.stack(np.meshgrid(np.linspace(-4, 4, 9), np.linspace(-4, 4, 9)), -1).reshape(-1, 2)
        browser = reference_decode(payload_for_browser(header, arrays), grid).reshape(-1, 28, 28)
        with torch.no_grad():
            expected = model.decode(torch.tensor(grid, dtype=torch.float32)).numpy()[:, 0]
        assert np.abs(browser - expected).max() < 1e-2
        assert any(c.value == text("vae.pad_mode.browser", lang) for c in at.caption)
    else:
        assert header["decoder"] is None
        images = arrays["decoded.images"]
        expected = decode_codes(model, torch.tensor(header["probes"])).numpy()[:, 0]
        assert np.abs(images / 255.0 - expected).max() <= 0.5 / 255 + 1e-6
        assert any(c.value == text("vae.pad_mode.server", lang) for c in at.caption)


def test_the_pad_shows_the_test_sets_posterior(shipped, mnist):
    at = open_page("en")
    header, arrays, _ = pad_message(at)
    model = model_of(shipped)
    mu, sigma = posterior(model, mnist.test_images)
    codes = pad_codes(header, arrays)
    assert codes.shape == (10000, 2)
    extent = float((mu.max(0).values - mu.min(0).values).max())
    assert np.abs(codes - mu.numpy()).max() <= extent / 65535
    np.testing.assert_array_equal(arrays["labels"], mnist.test_labels.numpy())
    # Hover images are linked, not sent: the file at the link (Streamlit's static folder) holds
    # the test images, of which the pad shows the first 3000.
    link = header["hover_link"]
    assert "hover_images" not in arrays and link["count"] == 3000
    assert link["url"].startswith("/app/static/hover/")
    from ui.resources import HOVER_FOLDER
    stored = (HOVER_FOLDER / link["url"].rsplit("/", 1)[1]).read_bytes()
    hover = np.frombuffer(zlib.decompress(stored), np.uint8).reshape(-1, 28, 28)
    np.testing.assert_array_equal(hover, (mnist.test_images.squeeze(1) * 255).round().to(torch.uint8).numpy())
    # One ellipse per default pick (the first test image of each digit): its mean and 1-sigma.
    firsts = [int(np.flatnonzero(mnist.test_labels.numpy() == d)[0]) for d in range(10)]
    expected = torch.cat([mu[firsts], sigma[firsts]], 1).numpy()
    np.testing.assert_allclose(header["ellipses"], expected, rtol=1e-5, atol=1e-6)
    # Interpolation ends A (first 1) and B (first 7) marked at their means.
    labels = {marker["label"]: marker for marker in header["markers"]}
    assert labels["A"]["x"] == pytest.approx(float(mu[firsts[1], 0]), abs=1e-5)
    assert labels["B"]["y"] == pytest.approx(float(mu[firsts[7], 1]), abs=1e-5)


def test_released_probes_are_shown_and_used_by_the_other_views(shipped):
    # The browser sets the pad's state on release; the page then shows and reuses the positions.
    at = open_page("en", **{"vae.pad": {"probes": [[0.5, -1.25], [2.0, 3.0], [-3.5, 0.75]]}})
    assert markdown_starting(at, "**Probe 1**") == [
        "**Probe 1** z = (0.500, -1.250) · **Probe 2** z = (2.000, 3.000) · **Probe 3** z = (-3.500, 0.750)"]
    assert at.session_state["vae.probes"] == [[0.5, -1.25], [2.0, 3.0], [-3.5, 0.75]]
    map_markers = [trace for trace in chart(at, "vae.map")["data"] if trace.get("mode") == "markers+text"][0]
    assert list(zip(map_markers["x"], map_markers["y"], map_markers["text"])) == [
        (0.5, -1.25, "1"), (2.0, 3.0, "2"), (-3.5, 0.75, "3")]
    # ... and the reparameterisation demo takes mu from probe 1.
    button(at, "vae.reparam.from_probe").click()
    rerun(at)
    assert (at.slider(key="vae.reparam.mu1").value, at.slider(key="vae.reparam.mu2").value) == (0.5, -1.2)


def test_conv_probes_are_decoded_on_the_server_after_release(shipped):
    at = open_page("en", **{"vae.architecture": "conv", "vae.pad": {"probes": [[1.5, -0.5]]}})
    header, arrays, _ = pad_message(at)
    assert header["decoded"]["positions"] == [[1.5, -0.5]]
    expected = decode_codes(model_of(shipped, "conv"), torch.tensor([[1.5, -0.5]])).numpy()[:, 0]
    assert np.abs(arrays["decoded.images"] / 255.0 - expected).max() <= 0.5 / 255 + 1e-6


def test_each_click_draws_a_fresh_eps_and_sliders_move_the_same_draws(shipped):
    at = open_page("en")
    assert any(c.value == text("vae.reparam_empty") for c in at.caption)
    button(at, "vae.reparam.draw_one").click()
    rerun(at)
    _, z = reparameterized_samples([0.0, 0.0], [1.0, 1.0], [1])
    latest = markdown_starting(at, "Latest draw")[0]
    assert f"**({z[0, 0]:.2f}, {z[0, 1]:.2f})**" in latest
    button(at, "vae.reparam.draw_one").click()
    rerun(at)
    assert at.session_state["vae.reparam.seeds"] == [1, 2]  # a fresh eps per click
    # Moving mu and sigma moves the same two draws: z = mu + sigma * eps with the stored eps.
    at.slider(key="vae.reparam.mu1").set_value(1.5)
    at.slider(key="vae.reparam.sigma2").set_value(0.5)
    rerun(at)
    eps, z = reparameterized_samples([1.5, 0.0], [1.0, 0.5], [1, 2])
    figure = chart(at, "vae.reparam.figure")
    z_points = [trace for trace in figure["data"] if trace.get("xaxis") == "x2"
                and trace.get("marker", {}).get("size") == 7][0]
    np.testing.assert_allclose(np.column_stack([values(z_points["x"]), values(z_points["y"])]), z.numpy(), rtol=1e-5)
    assert f"**({z[1, 0]:.2f}, {z[1, 1]:.2f})**" in markdown_starting(at, "Latest draw")[0]
    # The decoded images of mu and of the latest z are shown with a model at hand.
    assert any(image.caption == text("vae.reparam_decoded") for element in at.image for image in element.proto.imgs)
    button(at, "vae.reparam.draw_many").click()
    rerun(at)
    share = next(c.value for c in at.caption if c.value.endswith("the expected share is 39%."))
    eps, _ = reparameterized_samples([0.0, 0.0], [1.0, 1.0], list(range(1, 53)))
    assert share.startswith(f"{round(52 * inside_fraction(eps))} of 52 draws")
    button(at, "vae.reparam.clear").click()
    rerun(at)
    assert any(c.value == text("vae.reparam_empty") for c in at.caption)


def test_q_of_a_test_image_sets_mu_and_sigma(shipped, mnist):
    at = open_page("en", **{"vae.picks": "42"})
    button(at, "vae.reparam.from_test").click()
    rerun(at)
    mu, sigma = posterior(model_of(shipped), mnist.test_images[42:43])
    assert at.slider(key="vae.reparam.mu1").value == pytest.approx(float(np.clip(round(float(mu[0, 0]), 1), -3, 3)))
    assert at.slider(key="vae.reparam.sigma2").value == pytest.approx(
        float(np.clip(round(float(sigma[0, 1]), 2), 0.05, 2.0)))


def test_beta_weighs_the_kl_term_and_goes_to_training(shipped):
    at = open_page("en")
    metrics = {m.label: m.value for m in at.metric}
    recon = float(metrics[text("vae.metric.recon")])
    kl = float(metrics[text("vae.metric.kl")])
    assert float(metrics[text("vae.metric.total", beta="1")]) == pytest.approx(recon + kl, abs=0.11)
    at.select_slider(key="vae.beta").set_value(4.0)
    rerun(at)
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics[text("vae.metric.total", beta="4")]) == pytest.approx(recon + 4 * kl, abs=0.15)
    assert any("β = 4 (set above)" in c.value for c in at.caption)
    # Train a tiny MLP VAE at beta 4; the panel records every named term, recon and KL apart.
    at.text_input(key="panel.vae.hidden").set_value("16")
    at.number_input(key="panel.vae.epochs").set_value(1)
    at.number_input(key="panel.vae.limit").set_value(256)
    next(b for b in at.get("form_submit_button") if b.label == text("panel.train")).click().run()
    assert not at.exception
    job = at.session_state["job.vae"]
    assert job.wait(timeout=120)
    assert job.model.config.beta == 4.0 and job.model.config.latent_dim == 2
    assert job.description == "MLP VAE 784-16-2, β = 4"
    assert {"loss", "recon", "kl"} <= set(job.snapshot().points[-1]["terms"])
    # A run this short usually ends no better than the mean image: kept through the panel's button.
    keep_trained(at, "vae", job)
    state = {"job.vae": job, "vae.beta": 4.0, "trained.vae": at.session_state["trained.vae"],
             "model_source.vae": "trained"}
    after = open_page("en", **state)
    titles = [a["text"] for a in chart(after, "panel.vae.loss")["layout"]["annotations"]]
    # One panel per term, each titled with its translated name and unit (ui/charts.loss_words).
    assert titles[:3] == [f"<b>{text(key)}</b>" for key in ("chart.loss.vae", "chart.recon.vae", "chart.kl")]
    assert after.session_state["trained.vae"].model is job.model
    header, _, _ = pad_message(after)  # the pad now shows the trained model's decoder
    assert header["decoder"]["layers"][0]["out"] == 16


def test_range_and_grid_change_the_pad_and_the_map(shipped):
    at = open_page("en")
    at.select_slider(key="vae.range").set_value(2.0)
    at.select_slider(key="vae.grid").set_value(8)
    rerun(at)
    header, _, _ = pad_message(at)
    assert header["x_range"] == header["y_range"] == [-2.0, 2.0]
    figure = chart(at, "vae.map")
    tiles = mosaic(figure)
    assert tiles.shape == (8 * 28, 8 * 28)
    expected = (decode_grid(model_of(shipped), (-2, 2), (-2, 2), 8).numpy() * 255).round()
    assert np.abs(tiles[:28, :28].astype(int) - expected[0, 0]).max() <= 1
    assert np.abs(tiles[-28:, -28:].astype(int) - expected[7, 7]).max() <= 1
    assert any(c.value.startswith("Latent map: decoder(z) on a 8×8 grid over [−2, 2]²") for c in at.caption)


def test_picks_set_the_ellipses_and_bad_ones_are_explained(shipped):
    at = open_page("en")
    at.text_input(key="vae.picks").set_value("5, 17 ,#23")
    rerun(at)
    assert len(pad_message(at)[0]["ellipses"]) == 3
    at.text_input(key="vae.picks").set_value("5, seven")
    rerun(at)
    assert any("is not a list of image numbers" in w.value for w in at.warning)
    assert pad_message(at)[0]["ellipses"] == []
    at.text_input(key="vae.picks").set_value("5, 10000")
    rerun(at)
    assert any("No test image has the number(s) 10000" in w.value for w in at.warning)
    at.text_input(key="vae.picks").set_value(", ".join(str(i) for i in range(25)))
    rerun(at)
    assert any("Only the first 20" in w.value for w in at.warning)
    assert len(pad_message(at)[0]["ellipses"]) == 20
    button(at, "vae.picks_other").click()
    rerun(at)
    picks = [int(p) for p in at.text_input(key="vae.picks").value.split(",")]
    assert len(picks) == 10 and not at.warning
    assert len(pad_message(at)[0]["ellipses"]) == 10


def test_a_drawn_digit_is_encoded_reconstructed_and_marked(shipped, mnist):
    digit = mnist.test_images[3, 0].numpy()
    at = open_page("en", **{"vae.digit.draw": digit})
    mu, sigma = posterior(model_of(shipped), torch.from_numpy(digit))
    yours = next(m for m in pad_message(at)[0]["markers"] if m["label"] == "yours")
    np.testing.assert_allclose([yours["x"], yours["y"], yours["sx"], yours["sy"]],
                               [*mu[0].tolist(), *sigma[0].tolist()], rtol=1e-5)
    assert markdown_starting(at, "q(z|x): μ") == [
        f"q(z|x): μ = ({mu[0, 0]:.3f}, {mu[0, 1]:.3f}), σ = ({sigma[0, 0]:.3f}, {sigma[0, 1]:.3f})"]
    map_labels = [trace["text"] for trace in chart(at, "vae.map")["data"] if trace.get("mode") == "markers+text"][0]
    assert map_labels[-1] == "yours"


def test_a_drawn_digit_in_korean(shipped, mnist):
    at = open_page("ko", **{"vae.digit.draw": mnist.test_images[5, 0].numpy()})
    assert any(m["label"] == "내 숫자" for m in pad_message(at)[0]["markers"])
    assert any(c.value == text("vae.digit_marker_note", "ko", label="내 숫자") for c in at.caption)


def test_an_uploaded_digit_is_centred_like_mnist(shipped, mnist):
    from ae_core.images import prepare_digit

    at = open_page("en", **{"vae.digit_source": "upload"})
    picture = png(mnist.test_images[0, 0].numpy())
    digit_uploader(at, "vae").set_value(("seven.png", picture, "image/png"))
    rerun(at)
    mu, _ = posterior(model_of(shipped), torch.from_numpy(prepare_digit(picture)))
    yours = next(m for m in pad_message(at)[0]["markers"] if m["label"] == "yours")
    assert (yours["x"], yours["y"]) == pytest.approx(tuple(mu[0].tolist()), rel=1e-5)


@pytest.mark.parametrize("name, data, message", [
    ("notes.png", b"this is not a picture", "not an image in a supported format"),
    ("huge.png", b"\x89PNG" + bytes(6 * 1024 * 1024), "the file is 6.0 MB"),
    ("big.png", (5000, 5000), "the picture is too large (5000×5000 pixels)"),
    ("bomb.png", (30000, 30000), "the picture is too large (900,000,000 pixels)"),
], ids=["not-an-image", "too-many-bytes", "too-many-pixels", "decompression-bomb"])
def test_bad_uploads_say_why(shipped, name, data, message):
    if isinstance(data, tuple):  # tiny on disk, millions of pixels once decoded (a bomb)
        buffer = io.BytesIO()
        Image.new("1", data).save(buffer, format="PNG")
        data = buffer.getvalue()
        assert len(data) < 200_000
    at = open_page("en", **{"vae.digit_source": "upload"})
    digit_uploader(at, "vae").set_value((name, data, "image/png"))
    rerun(at)
    assert any("cannot be used" in w.value and message in w.value for w in at.warning)
    assert all(m["label"] != "yours" for m in pad_message(at)[0]["markers"])


def test_interpolation_between_two_picked_test_digits(shipped, mnist):
    at = open_page("en")
    at.number_input(key="vae.interp.a").set_value(12)
    at.number_input(key="vae.interp.b").set_value(99)
    at.slider(key="vae.interp.steps").set_value(6)
    rerun(at)
    model = model_of(shipped)
    mu, _ = posterior(model, mnist.test_images[[12, 99]])
    caption = next(c.value for c in at.caption if c.value.startswith("A = #12"))
    assert f"μ = ({mu[0, 0]:.2f}, {mu[0, 1]:.2f})" in caption and "B = #99" in caption
    markers = {m["label"]: (m["x"], m["y"]) for m in pad_message(at)[0]["markers"]}
    assert markers["B"] == pytest.approx(tuple(mu[1].tolist()), rel=1e-5)
    assert any(image.caption == text("vae.interp_row.path") for element in at.image for image in element.proto.imgs)
    assert at.session_state["vae.interp.steps"] == 6


def prior_image(at: AppTest, seed: int):
    """The prior samples' grid, named by its caption; None when no such image is drawn."""
    return next((image for element in at.image for image in element.proto.imgs
                 if image.caption == text("vae.prior_caption", seed=seed)), None)


def test_prior_samples_are_redrawn_on_a_click(shipped):
    at = open_page("en")
    before = prior_image(at, 0)
    assert before is not None and prior_image(at, 1) is None
    button(at, "vae.prior_redraw").click()
    rerun(at)
    after = prior_image(at, 1)
    # Media files are named by their content: new samples, a new address.
    assert after is not None and prior_image(at, 0) is None and after.url != before.url


def test_missing_weights_are_explained_and_training_offered(tmp_path):
    with pretrained_from(tmp_path):
        at = open_page("en")
        assert any("vae-2d-mlp.safetensors are missing" in w.value for w in at.warning)
        assert any(i.value.startswith("No model to show yet.") for i in at.info)
        assert not [c for c in at.main.get("bidi_component") if c.proto.id.endswith("-vae.pad")]
        # The explanation still works without a model: the demo draws, the loss is explained.
        button(at, "vae.reparam.draw_one").click()
        rerun(at)
        assert markdown_starting(at, "Latest draw")
        assert any(b.label == text("panel.train") for b in at.get("form_submit_button"))
        at.segmented_control(key="vae.architecture").set_value("conv")
        rerun(at)
        assert any("vae-2d-conv.safetensors are missing" in w.value for w in at.warning)
        assert at.text_input(key="panel.vae.channels").value == "16, 32"


def test_a_model_that_is_not_a_2d_vae_is_refused_politely(shipped):
    from ui.models import TrainedModel

    model = build_model("vae", {"latent_dim": 4, "hidden": [16]}, seed=0).eval()
    trained = TrainedModel("vae", model, {"dataset": "mnist", "epochs": 1}, "done", "4-D VAE")
    at = open_page("en", **{"trained.vae": trained, "model_source.vae": "trained"})
    assert any(i.value == text("vae.not_usable") for i in at.info)
    assert not [c for c in at.main.get("bidi_component") if c.proto.id.endswith("-vae.pad")]
    # Described from the model itself: its layers end in the 4-D code.
    assert "MLP VAE 784-16-4" in " ".join(c.value for c in at.caption)


def test_bold_markup_closes_where_markdown_allows():
    """CommonMark ends ** only when it is not preceded by punctuation or is followed by a space or
    punctuation: "**...(VAE)**는" would print its asterisks, as Korean particles follow directly."""
    for key, entry in catalog().items():
        if not key.startswith("vae."):
            continue
        for lang, value in entry.items():
            for match in re.finditer(r"\*\*(.+?)\*\*(.?)", value):
                inner, after = match.groups()
                assert not (inner[-1] in ")]}.,:;!?\"'”" and after.isalnum()), (key, lang, match.group(0))


def test_the_conv_network_trains_with_its_own_fields(shipped):
    at = open_page("en", **{"vae.architecture": "conv"})
    assert at.text_input(key="panel.vae.dense").value == "128"  # not the MLP's hidden layers
    at.text_input(key="panel.vae.channels").set_value("4, 8")
    at.text_input(key="panel.vae.dense").set_value("")
    at.number_input(key="panel.vae.epochs").set_value(1)
    at.number_input(key="panel.vae.limit").set_value(128)
    next(b for b in at.get("form_submit_button") if b.label == text("panel.train")).click().run()
    assert not at.exception
    job = at.session_state["job.vae"]
    assert job.wait(timeout=120)
    config = job.model.config
    assert (config.architecture, config.channels, config.hidden, config.latent_dim) == ("conv", [4, 8], [], 2)
    assert job.description == "conv VAE channels 4-8, dense none, code 2, β = 1"
