"""The pages read a shipped model's views from its views file: a page's first run computes none of
them when the file is fresh, and without the file the view is computed in the background while
the page draws everything else and a note where the view will appear."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from ae_core import features, pretrained, views
from tests.page_helpers import open_app_page, text
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained
from ui import resources

CONV_KEYS = ("conv-unpool", "conv-upsample", "conv-transposed")


def row_labels(at) -> list[str]:
    return [image.caption for element in at.image for image in element.proto.imgs if image.caption]


def store(folder, key: str, stored: dict) -> None:
    """Write `stored` ({name: (params, value)}) as the views of the weights now in `folder`."""
    weights = pretrained.path_for(key, folder)
    views.save(pretrained.views_path_for(key, folder), key, "mnist", views.fingerprint(weights), stored)


def refuse(*args, **kwargs):
    raise AssertionError("a view with a fresh views file was computed")


def test_the_conv_page_reads_the_decoders_scores_from_their_views_files(tmp_path, monkeypatch) -> None:
    folder = write_tiny_pretrained(tmp_path, CONV_KEYS)
    for index, key in enumerate(CONV_KEYS):
        store(folder, key, {"conv": ({"checker_images": views.CHECKER_IMAGES},
                                     {"mse": 0.01 * (index + 1), "checker": 2.0, "original_checker": 0.5})})
    monkeypatch.setattr(views, "conv_scores", refuse)
    with pretrained_from(folder):
        at = open_app_page("pages/conv.py")
    rows = [label for label in row_labels(at) if "MSE" in label]
    assert rows == [text("cv.compare_row", decoder=text(f"cv.short.{name}"), mse=0.01 * (index + 1))
                    for index, name in enumerate(("unpool", "upsample", "transposed"))]


def test_the_undercomplete_page_reads_codes_and_accuracies_from_the_views_file(tmp_path, monkeypatch) -> None:
    folder = write_tiny_pretrained(tmp_path, ["ae-2d"])
    rng = np.random.default_rng(0)
    latent = views.LatentView(rng.normal(size=(10000, 2)).astype(np.float32), np.arange(10000) % 10,
                              "identity", 1.0, 2)
    accuracies = views.FeatureAccuracies(0.777, 2, {size: 0.5 for size in views.FEATURE_SIZES}, 0.9)
    store(folder, "ae-2d", {"latent": ({}, latent), "features": (
        {"train": features.PROBE_TRAIN, "test": features.PROBE_TEST, "sizes": list(views.FEATURE_SIZES)}, accuracies)})
    for name in ("latent_view", "feature_accuracies"):
        monkeypatch.setattr(views, name, refuse)
    for name in ("code_accuracy", "pca_accuracy", "pixel_accuracy"):
        monkeypatch.setattr(features, name, refuse)
    with pretrained_from(folder):
        at = open_app_page("pages/undercomplete.py")
    table = at.dataframe[0].value
    assert list(table.iloc[:, -1]) == ["77.7%", "50.0%", "90.0%"]


def test_without_a_views_file_the_page_draws_the_rest_and_a_note_until_the_view_is_ready(
        tmp_path, monkeypatch) -> None:
    folder = write_tiny_pretrained(tmp_path, CONV_KEYS)
    release = threading.Event()
    real = views.conv_scores

    def slow(model, data, checker_images):
        release.wait(timeout=120)
        return real(model, data.subset(test_limit=200), checker_images)

    monkeypatch.setattr(views, "conv_scores", slow)
    monkeypatch.setenv("AE_LAB_VIEWS_WAIT", "0")
    try:
        with pretrained_from(folder):
            at = open_app_page("pages/conv.py")
            infos = [info.value for info in at.info]
            assert text("cv.compare_computing", count=10000) in infos
            assert not [label for label in row_labels(at) if "MSE" in label]
            # The rest of the page, the training panel included, is drawn meanwhile.
            assert any(subheader.value == text("cv.train_title") for subheader in at.subheader)
            release.set()
            tasks = list(resources._server_tasks().values())
            assert tasks and all(task.result(timeout=300) for task in tasks)
            at.run()
            assert len([label for label in row_labels(at) if "MSE" in label]) == 3
            assert text("cv.compare_computing", count=10000) not in [info.value for info in at.info]
    finally:
        release.set()


@pytest.mark.parametrize("gain, trained, key", [
    (24.6, None, "features.reading.better_than_pca"),
    (0.1, (3, 10000), "features.reading.not_better"),
    # The quick 8-D training: code 61.4% against PCA 78.2%; the text must not say "erases".
    (-16.8, (3, 10000), "features.reading.behind_trained"),
    (-4.0, None, "features.reading.behind_wide"),
])
def test_the_feature_reading_says_what_the_chart_shows(gain, trained, key) -> None:
    from ui.feature_extraction import _reading

    said = _reading(gain, 8, trained)
    fields = {"dim": 8, "gain": gain, "drop": -gain, "ratio": 98.0}
    if trained is not None:
        fields.update(epochs=trained[0], images=trained[1])
    assert said == text(key, **fields)
    if gain <= -1:
        assert f"{-gain:.1f} points behind" in said


def test_a_background_view_is_waited_for_once_and_a_failed_one_is_tried_again(monkeypatch) -> None:
    resources._server_tasks.clear()
    release = threading.Event()
    slow = resources.background(("test", "slow"), lambda: release.wait(timeout=60) and 42)
    assert resources.background(("test", "slow"), lambda: 0) is slow  # one computation per server
    monkeypatch.setenv("AE_LAB_VIEWS_WAIT", "0.01")
    assert resources.wait_for(slow) is None
    waits: list[int] = []
    real_wait = resources.futures_wait
    monkeypatch.setattr(resources, "futures_wait", lambda *args, **kwargs: waits.append(1) or real_wait(*args, **kwargs))
    assert resources.wait_for(slow) is None and not waits  # not held again for the same computation
    release.set()
    assert slow.result(timeout=60) == 42 and resources.wait_for(slow) == 42

    def broken():
        raise ValueError("no data")

    failed = resources.background(("test", "broken"), broken)
    failed.exception(timeout=60)  # done
    with pytest.raises(ValueError, match="no data"):  # raised where the page asks, as if computed there
        resources.wait_for(failed)
    again = resources.background(("test", "broken"), lambda: "fine")
    assert again is not failed and again.result(timeout=60) == "fine"
    resources._server_tasks.clear()
