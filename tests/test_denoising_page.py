"""AppTest of the Denoising AE page: every noise type in both languages, the level slider, the PSNR
curve, a user's digit, missing weights, and training a DAE at the chosen noise."""
from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from ae_core.denoising import DEFAULT_LEVELS, denoise
from ae_core.noise import NOISE_KINDS
from ae_core.pretrained import load_pretrained
from tests.page_helpers import digit_uploader, open_app_page, text
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained
from ui.i18n import catalog

PAGE = "pages/denoising.py"
KEYS = ("dae-gaussian", "ae-32d")


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    return write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), KEYS)


@pytest.fixture(scope="module")
def shipped(tiny_folder):
    """The tiny models as the shipped ones, for the whole module: the pages' caches (test MSE over
    the test set, PSNR curves) are filled once."""
    with pretrained_from(tiny_folder) as folder:
        yield folder


def open_page(lang: str = "en", **state) -> AppTest:
    return open_app_page(PAGE, lang, timeout=120, **state)


def row_psnr(at: AppTest) -> tuple[float, float]:
    """(noisy, denoised) mean PSNR read from the caption under the row of digits."""
    caption = next(c.value for c in at.caption if c.value.startswith("Mean PSNR of these digits"))
    noisy, denoised = (float(v) for v in re.findall(r"(\d+\.\d) dB", caption)[:2])
    return noisy, denoised


def row_labels(at: AppTest) -> list[str]:
    """Labels of the rows of images (ui.images.image_rows), top to bottom."""
    return [image.caption for element in at.image for image in element.proto.imgs if image.caption]


def curve_spec(at: AppTest) -> dict:
    chart = next(c for c in at.get("plotly_chart") if "denoising.curve" in c.proto.id)
    return json.loads(chart.proto.spec)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_every_noise_type_in_both_languages(shipped, kind, lang):
    at = open_page(lang, **{"denoising.noise": kind})
    assert at.title[0].value == text("dn.title", lang)
    assert at.select_slider[0].label == text(f"dn.level.{kind}", lang)
    # The row: clean, noisy and denoised strips, labelled in the page's language.
    assert row_labels(at) == [text(row, lang) for row in ("dn.row.clean", "dn.row.noisy", "dn.row.denoised")]
    # The curve: noisy input, plain AE and DAE over the kind's levels, with the current level marked.
    spec = curve_spec(at)
    names = [trace["name"] for trace in spec["data"]]
    assert names == [text("dn.curve.input", lang), text("dn.curve.plain", lang), text("dn.curve.dae", lang)]
    assert spec["data"][0]["x"] == pytest.approx(list(DEFAULT_LEVELS[kind]))
    # The explanation: the lesson's claim, or why the chart shows otherwise (which one matches the
    # chart is tested in test_page_state.py).
    exception = catalog()["dn.robust_exception"][lang].split("{")[0]
    assert any(info.value == text("dn.robust", lang) or info.value.startswith(exception) for info in at.info)
    assert not at.warning


def test_the_row_shows_what_the_engine_computes(shipped, mnist):
    at = open_page("en", **{"denoising.noise": "salt-pepper", "denoising.level.salt-pepper": 0.3})
    model, _ = load_pretrained("dae-gaussian", device="cpu", folder=shipped)
    first_of_each_digit = [int(np.flatnonzero(mnist.test_labels.numpy() == d)[0]) for d in range(10)]
    expected = denoise(model, mnist.test_images[first_of_each_digit], "salt-pepper", 0.3, seed=0)
    noisy, denoised = row_psnr(at)
    assert noisy == pytest.approx(float(expected.input_psnr.mean()), abs=0.051)
    assert denoised == pytest.approx(float(expected.output_psnr.mean()), abs=0.051)


def test_moving_the_level_updates_the_row_and_the_marker(shipped):
    at = open_page("en")
    assert at.select_slider[0].value == 0.5
    at_half = row_psnr(at)
    at.select_slider[0].set_value(0.15).run()
    assert not at.exception
    at_light = row_psnr(at)
    assert at_light[0] > at_half[0] + 3  # less noise: a much cleaner noisy input
    spec = curve_spec(at)
    assert [shape["x0"] for shape in spec["layout"]["shapes"]] == [0.15]
    # The level belongs to the session: it is still there after another run.
    at.run()
    assert at.select_slider[0].value == 0.15


def test_other_digits_button_changes_the_row(shipped):
    at = open_page("en")
    before = [image.proto.imgs[0].url for image in at.image]
    next(b for b in at.button if b.label == text("dn.other_digits")).click().run()
    after = [image.proto.imgs[0].url for image in at.image]
    assert before[:3] != after[:3]


def _png(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray((image * 255).astype(np.uint8)).resize((112, 112)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_digit_is_corrupted_and_denoised(shipped, mnist):
    at = open_page("en", **{"denoising.digit_source": "upload"})
    assert row_labels(at).count(text("dn.row.noisy")) == 1
    digit = mnist.test_images[0, 0].numpy()
    digit_uploader(at, "denoising").set_value(("seven.png", _png(digit), "image/png")).run()
    assert not at.exception
    assert row_labels(at).count(text("dn.row.noisy")) == 2  # the test digits' row and the user's
    assert any(c.value.startswith("PSNR against your clean digit") for c in at.caption)


def test_an_unusable_upload_says_why(shipped):
    at = open_page("en", **{"denoising.digit_source": "upload"})
    digit_uploader(at, "denoising").set_value(("notes.png", b"this is not a picture", "image/png")).run()
    assert not at.exception
    assert any("cannot be used" in w.value for w in at.warning)


def test_a_drawn_digit_in_korean(shipped, mnist):
    digit = mnist.test_images[1, 0].numpy()
    at = open_page("ko", **{"denoising.digit.draw": digit})
    assert any(c.value.startswith("내 숫자(깨끗한 것) 대비 PSNR") for c in at.caption)


def test_training_uses_the_chosen_noise(shipped):
    at = open_page("en", **{"denoising.noise": "masking", "denoising.level.masking": 0.3})
    at.number_input(key="panel.denoising.epochs").set_value(1)
    at.number_input(key="panel.denoising.limit").set_value(128)
    at.text_input(key="panel.denoising.hidden").set_value("32")
    next(b for b in at.get("form_submit_button") if b.label == text("panel.train")).click().run()
    assert not at.exception
    job = at.session_state["job.denoising"]
    assert job.wait(timeout=120)
    assert (job.config.noise, job.config.noise_level) == ("masking", 0.3)
    assert "masking" in job.description.lower()
    # The preview shows the noisy inputs the model was given, next to its output.
    labels = [label for label, _ in job.snapshot().preview]
    assert labels == ["panel.row.input", "panel.row.noisy", "panel.row.output"]
    # The next run makes the finished job's model the page's model (a run this short may end near
    # the mean image: it is then kept on request); its curve is labelled as the user's.
    at.run()
    assert not at.exception
    if job.state == "collapsed":
        at.button(key="panel.denoising.keep").click().run()
        at.run()
    names = [trace["name"] for trace in curve_spec(at)["data"]]
    assert names[-1] == text("dn.curve.dae_trained")
    note = "This model was trained with “Masking” noise at p = 0.3"
    assert any(c.value.startswith(note) for c in at.caption)
    assert at.session_state["trained.denoising"].model is job.model


def test_missing_weights_are_explained_and_training_offered(tmp_path):
    with pretrained_from(tmp_path):
        at = open_page("en")
    assert any("dae-gaussian.safetensors are missing" in w.value for w in at.warning)
    assert any(i.value.startswith("No model to show yet.") for i in at.info)
    assert not row_labels(at)
    assert any(b.label == text("panel.train") for b in at.get("form_submit_button"))


def test_missing_plain_ae_leaves_the_curve_without_it(tmp_path):
    write_tiny_pretrained(tmp_path, ["dae-gaussian"])
    with pretrained_from(tmp_path):
        at = open_page("en")
    assert any("ae-32d.safetensors are missing" in c.value for c in at.caption)
    names = [trace["name"] for trace in curve_spec(at)["data"]]
    assert names == [text("dn.curve.input"), text("dn.curve.dae")]
