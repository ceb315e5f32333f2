"""AppTest of the Undercomplete page's two uses: feature extraction (code size, shipped or trained
model, the three accuracies) and novelty detection (normal digits, histogram, ROC, threshold and
confusion counts, galleries, a user's digit, training a detector), in both languages."""
from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from ae_core import features
from ae_core.images import prepare_digit
from ae_core.novelty import analyse, score_image
from ae_core.pretrained import load_pretrained
from tests.page_helpers import digit_uploader, keep_trained, open_app_page, open_link, text
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained

PAGE = "pages/undercomplete.py"
KEYS = ("ae-2d", "ae-32d", "novelty")
PROBE = (500, 300)  # training and test images of the linear probes: small, so that tests stay fast


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    return write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), KEYS)


@pytest.fixture(autouse=True)
def small_probe(monkeypatch):
    monkeypatch.setattr(features, "PROBE_TRAIN", PROBE[0])
    monkeypatch.setattr(features, "PROBE_TEST", PROBE[1])


@pytest.fixture
def shipped(tiny_folder):
    with pretrained_from(tiny_folder) as folder:
        yield folder


def open_page(lang: str = "en", usage: str = "features", **state) -> AppTest:
    """The Undercomplete page showing one of its two uses (the page draws only the chosen one)."""
    return open_app_page(PAGE, lang, **{"undercomplete.usage": usage, **state})


def chart(at: AppTest, key: str) -> dict:
    element = next(c for c in at.get("plotly_chart") if key in c.proto.id)
    return json.loads(element.proto.spec)


def values(data) -> np.ndarray:
    """A plotly array from a chart spec: a list, or a typed array {"dtype", "bdata"[, "shape"]}."""
    if isinstance(data, dict) and "bdata" in data:
        array = np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"]))
        return array.reshape([int(n) for n in str(data["shape"]).split(",")]) if "shape" in data else array
    return np.asarray(data)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def png(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray((np.clip(image, 0, 1) * 255).astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def submit(at: AppTest, key: str, **values) -> None:
    for name, value in values.items():
        at.number_input(key=f"panel.{key}.{name}").set_value(value)
    at.button(key=f"panel.{key}.train").click().run()
    assert not at.exception, [e.value for e in at.exception]


# --- Feature extraction -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
def test_feature_extraction_with_the_shipped_2d_model(shipped, mnist, lang):
    at = open_page(lang)
    assert text("features.title", lang) in [s.value for s in at.subheader]
    assert text("features.using_pretrained", lang, dim=2) in [c.value for c in at.caption]
    model, _ = load_pretrained("ae-2d", device="cpu", folder=shipped)
    expected = {"codes": features.code_accuracy(model, mnist, *PROBE),
                "pca": features.pca_accuracy(mnist, 2, *PROBE),
                "pixels": features.pixel_accuracy(mnist, *PROBE)}
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == [text("features.row.codes", lang, dim=2), text("features.row.pca", lang, dim=2),
                                      text("features.row.pixels", lang)]
    assert list(table.iloc[:, 1]) == [2, 2, 784]
    assert list(table.iloc[:, 2]) == [f"{expected[name]:.1%}" for name in ("codes", "pca", "pixels")]
    bars = chart(at, "features.chart")["data"][0]
    assert values(bars["y"]) == pytest.approx([expected["codes"], expected["pca"], expected["pixels"]])
    assert text("features.protocol", lang, train=PROBE[0], test=PROBE[1]) in [c.value for c in at.caption]
    gain = 100 * (expected["codes"] - expected["pca"])
    if gain >= 1:
        reading, numbers = "features.reading.better_than_pca", {"gain": gain}
    elif gain > -1:
        reading, numbers = "features.reading.not_better", {"gain": gain}
    else:  # the tiny stand-in falls behind PCA; being shipped, it was not trained briefly by the user
        reading, numbers = "features.reading.behind_wide", {"drop": -gain}
    assert text(reading, lang, dim=2, ratio=392, **numbers) in [m.value for m in at.markdown]


def test_feature_extraction_uses_the_shipped_32d_model(shipped):
    at = open_page()
    at.segmented_control(key="features.dim").set_value(32).run()
    assert text("features.using_pretrained", dim=32) in [c.value for c in at.caption]
    assert list(at.dataframe[0].value.iloc[:, 1]) == [32, 32, 784]


def test_a_size_without_a_shipped_model_is_trained_with_the_panel(shipped):
    at = open_page()
    at.segmented_control(key="features.dim").set_value(8).run()
    assert any(i.value == text("features.need_training", dim=8) for i in at.info)
    assert not at.dataframe
    submit(at, "features.8", epochs=1, limit=256)
    job = at.session_state["job.features.8"]
    keep_trained(at, "features.8", job)
    assert text("features.using_trained", dim=8, epochs=1) in [c.value for c in at.caption]
    assert list(at.dataframe[0].value.iloc[:, 1]) == [8, 8, 784]
    trained = at.session_state["trained.features.8"]
    assert trained.model.latent_dim == 8
    # The code's accuracy is computed once for this model: a rerun does not fit the classifier again.
    task_key = ("features.code", "mnist", *PROBE)
    owner, computed = at.session_state["views.tasks"][task_key]
    assert owner is trained
    at.run()
    assert at.session_state["views.tasks"][task_key][1] is computed


def test_missing_shipped_weights_offer_training(tmp_path):
    write_tiny_pretrained(tmp_path, ("novelty",))
    with pretrained_from(tmp_path):
        at = open_page()
        assert any("ae-2d.safetensors" in w.value for w in at.warning)
        assert any(i.value == text("features.need_training", dim=2) for i in at.info)
        assert at.button(key="panel.features.2.train")


def test_the_page_shows_one_use_at_a_time(shipped):
    at = open_page()
    titles = [s.value for s in at.subheader]
    assert text("features.title") in titles and text("novelty.title") not in titles
    at.segmented_control(key="undercomplete.usage").set_value("novelty").run()
    titles = [s.value for s in at.subheader]
    assert text("novelty.title") in titles and text("features.title") not in titles
    assert not at.exception


# --- Novelty detection ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
def test_novelty_with_the_shipped_detector(shipped, mnist, lang):
    at = open_page(lang, usage="novelty")
    assert text("novelty.title", lang) in [s.value for s in at.subheader]
    assert text("novelty.using_pretrained", lang, digits="0") in [c.value for c in at.caption]
    model, _ = load_pretrained("novelty", device="cpu", folder=shipped)
    analysis = analyse(model, mnist, [0])
    histogram = chart(at, "novelty.histogram")
    names = [trace["name"] for trace in histogram["data"]]
    assert names == [text("novelty.group.normal", lang, digits="0"), text("novelty.group.novel", lang)]
    assert values(histogram["data"][0]["y"]).sum() == pytest.approx(100)
    roc = chart(at, "novelty.roc")
    assert f"AUROC = {analysis.auroc:.3f}" in [trace["name"] for trace in roc["data"]]
    assert text("novelty.auroc", lang, auroc=analysis.auroc) in [c.value for c in at.caption]
    # The threshold starts where 5% of normal training images raise an alarm; the counts follow it.
    threshold = at.slider[0].value
    assert threshold == pytest.approx(analysis.default_threshold(), abs=at.slider[0].proto.step)
    counts = analysis.confusion(threshold)
    shown = metric_values(at)
    assert shown[text("novelty.cm.caught", lang)] == f"{counts['tp']:,}"
    assert shown[text("novelty.cm.false_alarm", lang)] == f"{counts['fp']:,}"
    assert sum(int(v.replace(",", "")) for v in shown.values()) == mnist.test_images.shape[0]
    most = chart(at, "novelty.gallery.most")
    # Two rows of images: the test images, then their reconstructions under them.
    assert len({trace["y0"] for trace in most["data"]}) == 2 and len(most["data"]) % 2 == 0
    assert all(values(trace["z"]).shape == (28, 28) for trace in most["data"])


def test_moving_the_threshold_changes_the_counts(shipped, mnist):
    at = open_page(usage="novelty")
    model, _ = load_pretrained("novelty", device="cpu", folder=shipped)
    analysis = analyse(model, mnist, [0])
    slider = at.slider[0]
    low = float(np.quantile(analysis.scores, 0.2))
    slider.set_value(low).run()
    counts = analysis.confusion(at.slider[0].value)
    shown = metric_values(at)
    assert shown[text("novelty.cm.caught")] == f"{counts['tp']:,}"
    assert shown[text("novelty.cm.passed")] == f"{counts['tn']:,}"
    point = next(trace for trace in chart(at, "novelty.roc")["data"] if trace["name"] == text("novelty.roc.point"))
    assert values(point["x"])[0] == pytest.approx(counts["fp"] / (counts["fp"] + counts["tn"]))


def test_no_normal_digit_is_refused(shipped):
    at = open_page(usage="novelty")
    at.pills(key="novelty.normal").set_value([]).run()
    assert any(w.value == text("novelty.bad_normal") for w in at.warning)
    assert not any("novelty.histogram" in c.proto.id for c in at.get("plotly_chart"))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_other_normal_digits_train_their_own_detector(shipped, mnist, lang):
    at = open_page(lang, usage="novelty")
    at.pills(key="novelty.normal").set_value([8, 3]).run()
    count = int(np.isin(mnist.train_labels.numpy(), [3, 8]).sum())
    assert any(i.value == text("novelty.need_training", lang, digits="3, 8", count=count) for i in at.info)
    submit(at, "novelty.3-8", epochs=1, limit=256)
    job = at.session_state["job.novelty.3-8"]
    keep_trained(at, "novelty.3-8", job)
    assert set(job.data.train_labels.unique().tolist()) == {3, 8}  # it saw the normal digits only
    assert text("novelty.using_trained", lang, digits="3, 8", epochs=1) in [c.value for c in at.caption]
    analysis = analyse(at.session_state["trained.novelty.3-8"].model, mnist, [3, 8])
    assert text("novelty.auroc", lang, auroc=analysis.auroc) in [c.value for c in at.caption]
    # Back to the default choice: the shipped detector again, not the one trained on 3 and 8.
    at.pills(key="novelty.normal").set_value([0]).run()
    assert text("novelty.using_pretrained", lang, digits="0") in [c.value for c in at.caption]


def test_an_uploaded_digit_is_scored_against_the_threshold(shipped, mnist):
    at = open_page(usage="novelty", **{"novelty.digit_source": "upload"})
    picture = png(1 - mnist.test_images[3, 0].numpy())  # dark on light, as a photo of paper
    digit_uploader(at, "novelty").set_value(("digit.png", picture, "image/png")).run()
    assert not at.exception
    model, _ = load_pretrained("novelty", device="cpu", folder=shipped)
    score, _ = score_image(model, prepare_digit(picture))
    threshold = at.slider[0].value
    verdict = "novelty.verdict.novel" if score >= threshold else "novelty.verdict.normal"
    shown = [e.value for e in at.error] + [s.value for s in at.success]
    assert text(verdict, score=score, threshold=threshold) in shown
    histogram = chart(at, "novelty.histogram")
    assert any(a.get("text") == text("novelty.yours_marker") for a in histogram["layout"]["annotations"])


def test_an_unusable_upload_says_why(shipped):
    at = open_page(usage="novelty", **{"novelty.digit_source": "upload"})
    digit_uploader(at, "novelty").set_value(("notes.png", b"these are notes, not a picture", "image/png")).run()
    assert not at.exception
    assert any("not an image" in w.value for w in at.warning)


def test_a_drawn_digit_in_korean(shipped, mnist):
    digit = mnist.test_images[0, 0].numpy()  # a 7
    at = open_page("ko", usage="novelty", **{"novelty.digit.draw": digit})
    model, _ = load_pretrained("novelty", device="cpu", folder=shipped)
    score, _ = score_image(model, digit)
    threshold = at.slider[0].value
    verdict = "novelty.verdict.novel" if score >= threshold else "novelty.verdict.normal"
    shown = [e.value for e in at.error] + [s.value for s in at.success]
    assert text(verdict, "ko", score=score, threshold=threshold) in shown


def test_missing_detector_weights_offer_training(tmp_path):
    write_tiny_pretrained(tmp_path, ("ae-2d",))
    with pretrained_from(tmp_path):
        at = open_page(usage="novelty")
        assert any("novelty.safetensors" in w.value for w in at.warning)
        count_text = [i.value for i in at.info if i.value.startswith("No detector for normal digit(s) 0")]
        assert count_text
        assert at.button(key="panel.novelty.0.train")


def open_novelty_link(lang: str = "en", **params) -> AppTest:
    """The page's novelty use opened from a link carrying `params` (a list repeats the parameter)."""
    return open_link(PAGE, lang, state={"undercomplete.usage": "novelty"}, **params)


def test_a_link_names_the_normal_digits(shipped, mnist):
    at = open_novelty_link(**{"novelty.normal": ["8", "3"]})
    assert sorted(at.pills(key="novelty.normal").value) == [3, 8]
    assert not [w for w in at.warning if w.icon == ":material/link_off:"]  # no word of a bad link
    count = int(np.isin(mnist.train_labels.numpy(), [3, 8]).sum())
    assert text("novelty.need_training", digits="3, 8", count=count) in [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_with_values_that_are_not_digits_says_so(shipped, lang):
    at = open_novelty_link(lang, **{"novelty.normal": ["3", "eleven"]})
    assert at.pills(key="novelty.normal").value == [3]
    assert text("state.bad_link_items", lang, setting=text("novelty.normal", lang), value="eleven",
                used="3") in [w.value for w in at.warning]
    # Nothing usable: the default digit, said as for any bad link.
    at = open_novelty_link(lang, **{"novelty.normal": ["eleven"]})
    assert at.pills(key="novelty.normal").value == [0]
    assert text("state.bad_link", lang, setting=text("novelty.normal", lang), value="eleven",
                default="0") in [w.value for w in at.warning]
    assert text("novelty.using_pretrained", lang, digits="0") in [c.value for c in at.caption]
