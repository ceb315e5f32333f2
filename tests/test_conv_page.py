"""AppTest of the Convolutional AE page: every decoder in both languages, the architecture and
parameter counts from the real model, the shipped decoders' test MSE, feature maps of a picked or
drawn digit, the max-unpooling picture, missing weights, and training with the chosen decoder."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from ae_core.convolution import decoder_parameter_counts, feature_maps, layers, mlp_parameter_count
from ae_core.metrics import evaluate
from ae_core.models import build_model
from ae_core.pretrained import load_pretrained
from tests.page_helpers import open_app_page, text
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained

PAGE = "pages/conv.py"
DECODERS = ("unpool", "upsample", "transposed")
KEYS = tuple(f"conv-{decoder}" for decoder in DECODERS)
PAGE_CONFIG = {"latent_dim": 16, "channels": [16, 32]}


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
    return open_app_page(PAGE, lang, **state)


def chart(at: AppTest, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")).proto.spec)


def row_labels(at: AppTest) -> list[str]:
    """Labels of the rows of images (ui.images.image_rows), top to bottom."""
    return [image.caption for element in at.image for image in element.proto.imgs if image.caption]


def array(value) -> np.ndarray:
    """A plotly JSON array: a plain list, or numpy's typed-array encoding {"dtype", "bdata", "shape"}."""
    if isinstance(value, dict):
        shape = [int(size) for size in str(value.get("shape", "-1")).split(",")]
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).reshape(shape)
    return np.asarray(value, dtype=float)


def map_charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "-conv.maps." in c.proto.id]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("decoder", DECODERS)
def test_every_decoder_in_both_languages(shipped, mnist, decoder, lang):
    at = open_page(lang, **{"conv.decoder": decoder})
    assert at.title[0].value == text("cv.title", lang)
    assert any(c.value == text(f"cv.decoder_help.{decoder}", lang) for c in at.caption)
    # The diagram is the real model's: one box per layer, each labelled with its tensor shape.
    real = layers(build_model("conv", {**PAGE_CONFIG, "decoder": decoder}))
    annotations = [a["text"].replace("<br>", "") for a in chart(at, "conv.architecture")["layout"]["annotations"]]
    shapes = ["×".join(str(size) for size in layer.shape) for layer in real]
    assert [a for a in annotations if a in shapes] == shapes
    assert text(f"cv.kind.{'deconv' if decoder == 'transposed' else decoder}", lang) in annotations
    # Parameter counts of the three decoders and of the MLP with the same code size.
    counts = decoder_parameter_counts(PAGE_CONFIG)
    metrics = {m.label: m.value for m in at.metric}
    chosen = f"**{text(f'cv.short.{decoder}', lang)}** ({text('cv.params_chosen', lang)})"
    assert metrics[chosen] == f"{counts[decoder]:,}"
    assert metrics[text("cv.params_mlp", lang)] == f"{mlp_parameter_count(16, [256, 128]):,}"
    # Originals and the three shipped decoders' reconstructions, each with its test MSE.
    rows = [label for label in row_labels(at) if "MSE" in label]
    assert len(rows) == 3
    # Feature maps of every layer of the page's model (the shipped one for this decoder).
    model, _ = load_pretrained(f"conv-{decoder}", device="cpu", folder=shipped)
    assert len(map_charts(at)) == len(feature_maps(model, mnist.test_images[0]))
    assert chart(at, "conv.unpool")["layout"]["annotations"][0]["text"] == text("cv.unpool.input", lang)
    prefix = text("cv.checker_measure", lang, count=1000, original="", values="")[:40]
    assert any(c.value.startswith(prefix) for c in at.caption)
    verdicts = (text("cv.checker_shows", lang), text("cv.checker_hidden", lang))
    assert any(c.value in verdicts for c in at.caption)
    assert not at.warning


def test_compare_rows_show_each_decoders_test_mse(shipped, mnist):
    at = open_page("en")
    rows = [label for label in row_labels(at) if "MSE" in label]
    assert [row.split(" · ")[0] for row in rows] == [text(f"cv.short.{decoder}") for decoder in DECODERS]
    model, _ = load_pretrained("conv-transposed", device="cpu", folder=shipped)
    mse = evaluate(model, mnist.test_images)["mse"]
    assert rows[2] == text("cv.compare_row", decoder=text("cv.short.transposed"), mse=mse)


def test_feature_maps_follow_the_picked_test_image(shipped, mnist):
    at = open_page("en", **{"conv.decoder": "transposed"})
    first = map_charts(at)
    at.number_input(key="conv.test_index").set_value(17).run()
    assert not at.exception
    second = map_charts(at)
    assert len(second) == len(first)
    assert not np.array_equal(array(first[0]["data"][0]["z"]), array(second[0]["data"][0]["z"]))
    # The last grid is the model's reconstruction of image 17, as the engine computes it.
    model, _ = load_pretrained("conv-transposed", device="cpu", folder=shipped)
    output = dict(feature_maps(model, mnist.test_images[17]))["output"][0]  # (28, 28)
    np.testing.assert_allclose(array(second[-1]["data"][0]["z"]), output.numpy(), atol=1e-5)


def test_feature_maps_of_a_drawn_digit(shipped, mnist):
    digit = mnist.test_images[3, 0].numpy()
    at = open_page("ko", **{"conv.digit_source": "draw", "conv.digit.draw": digit})
    assert len(map_charts(at)) > 0
    assert not [n for n in at.number_input if n.key == "conv.test_index"]


def test_another_unpooling_example(shipped):
    at = open_page("en")
    before = array(chart(at, "conv.unpool")["data"][0]["z"])
    next(b for b in at.button if b.label == text("cv.unpool_other")).click().run()
    after = array(chart(at, "conv.unpool")["data"][0]["z"])
    assert not np.array_equal(before, after)
    assert sorted(after.ravel().tolist()) == list(range(1, 17))


def test_training_uses_the_chosen_decoder(shipped, mnist):
    at = open_page("en", **{"conv.decoder": "transposed"})
    at.number_input(key="panel.conv.epochs").set_value(1)
    at.number_input(key="panel.conv.limit").set_value(128)
    at.text_input(key="panel.conv.channels").set_value("4")
    next(b for b in at.get("form_submit_button") if b.label == text("panel.train")).click().run()
    assert not at.exception
    job = at.session_state["job.conv"]
    assert job.model.config.decoder == "transposed"
    assert job.model.config.channels == [4]
    # A run this short usually ends no better than the mean image: kept on request.
    assert job.wait(timeout=180) and job.state in ("done", "collapsed")
    assert "transposed" in job.description
    # The next run shows the feature maps of the model just trained (one block: fewer layers).
    at.run()
    assert not at.exception
    if job.state == "collapsed":
        at.button(key="panel.conv.keep").click().run()
        assert not at.exception
    assert at.session_state["trained.conv"].model is job.model
    assert len(map_charts(at)) == len(feature_maps(job.model, mnist.test_images[0])) < len(feature_maps(
        load_pretrained("conv-transposed", device="cpu", folder=shipped)[0], mnist.test_images[0]))


def test_missing_weights_keep_the_explanations_and_offer_training(tmp_path):
    with pretrained_from(tmp_path):
        at = open_page("en", **{"conv.decoder": "upsample"})
    assert any("conv-upsample.safetensors are missing" in w.value for w in at.warning)
    assert any(i.value.startswith("No model to show yet.") for i in at.info)
    assert any(c.value == text("cv.compare_none") for c in at.caption)
    assert not map_charts(at)
    # What needs no weights is still there: the architecture, the unpooling and overlap pictures.
    for key in ("conv.architecture", "conv.unpool", "conv.checker"):
        assert chart(at, key)
    assert any(b.label == text("panel.train") for b in at.get("form_submit_button"))
