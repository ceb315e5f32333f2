"""AppTest of the explorer of codes above 2-D (ui/explore.py) on the Undercomplete and Variational
pages, in both languages: the shipped model's views from its file, a slider per dimension over its
range, a move decoded and counted, a size without a shipped model offering training, a model the
learner trained explored with its t-SNE map computed in the background (with progress), a bad
link value, and the beta comparison's words following its numbers."""
from __future__ import annotations

import re
import time

import numpy as np
import pytest

from ae_core import checkpoints, explore, pretrained, views
from ae_core.models import build_model
from ae_core.training import TrainConfig, run
from tests.page_helpers import open_app_page, text
from streamlit.testing.v1 import AppTest

from tests.tiny_pretrained import ROOT, pretrained_from
from ui import explore as section
from ui.models import TrainedModel

pytestmark = pytest.mark.usefixtures("small_probes")  # see conftest.py

UC, VAE = "pages/undercomplete.py", "pages/vae.py"
EXPLORE = {"undercomplete.view": section.EXPLORER, "vae.view": section.EXPLORER}  # either page's explorer view


def open_explorer(page: str, lang: str = "en", **state):
    return open_app_page(page, lang, **EXPLORE, **state)


def _ship(folder, key: str, model, data) -> None:
    """Save `model` as the shipped `key` with its explorer views; the t-SNE stand-in is the PCA
    points (the page draws what the file holds; the engine's tests check t-SNE itself)."""
    spec = pretrained.SPECS[key]
    checkpoints.save(model, pretrained.path_for(key, folder), dataset="mnist", epochs=1, training=spec.train,
                     description=spec.description)
    space = explore.code_space(model, data)
    entries = {"explore": ({}, space),
               "tsne": ({"images": views.TSNE_IMAGES, "seed": views.TSNE_SEED}, space.points[:views.TSNE_IMAGES])}
    if spec.family == "vae":
        entries["beta"] = ({"images": views.BETA_IMAGES, "samples": views.BETA_SAMPLES},
                           explore.beta_summary(model, data, views.BETA_IMAGES, views.BETA_SAMPLES))
    views.save(pretrained.views_path_for(key, folder), key, "mnist",
               views.fingerprint(pretrained.path_for(key, folder)), entries)


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory, mnist, mnist_small):
    folder = tmp_path_factory.mktemp("pretrained")
    ae = build_model("ae", {"latent_dim": 16, "hidden": [64]}, seed=0)
    run(ae, mnist_small, TrainConfig(epochs=1, batch_size=64, lr=3e-3, seed=0))
    _ship(folder, "ae-16d", ae.eval(), mnist)
    for key, beta in (("vae-16d", 1.0), ("vae-16d-beta4", 4.0)):
        vae = build_model("vae", {"latent_dim": 16, "architecture": "mlp", "hidden": [64], "beta": beta}, seed=0)
        run(vae, mnist_small, TrainConfig(epochs=1, batch_size=64, lr=3e-3, seed=0))
        _ship(folder, key, vae.eval(), mnist)
    return folder


@pytest.fixture
def shipped(tiny_folder):
    with pretrained_from(tiny_folder) as folder:
        yield folder


def explorer_sliders(at, name: str):
    """The explorer's sliders for setting `name`, in dimension order (the page lays them out in columns)."""
    found = [s for s in at.slider if s.key and s.key.startswith(f"explore.{name}.")]
    return sorted(found, key=lambda s: int(s.key.rsplit(".", 1)[1]))


def captions(at) -> list[str]:
    """Captions of text and of images."""
    return [c.value for c in at.caption] + [image.caption for element in at.image for image in element.proto.imgs]


LESSON_HEADING = {UC: "usage.title", VAE: "vae.q_title"}  # a heading only the lesson draws
def headings(at) -> list[str]:
    return [h.value for h in at.header] + [h.value for h in at.subheader]


LESSON_KEY = {UC: "undercomplete", VAE: "vae"}  # the page's name in its settings' keys


@pytest.mark.parametrize("page", [UC, VAE])
def test_a_page_draws_its_lesson_or_its_explorer_and_the_switch_keeps_the_lessons_settings(shipped, page) -> None:
    name = LESSON_KEY[page]
    at = open_app_page(page)
    assert text(LESSON_HEADING[page]) in headings(at) and text("explore.title") not in headings(at)
    assert not [s for s in at.slider if s.key and s.key.startswith("explore.")]
    setting = "vae.beta" if page == VAE else "undercomplete.usage"
    widget = at.select_slider(key=setting) if page == VAE else at.segmented_control(key=setting)
    widget.set_value(4.0 if page == VAE else "novelty").run()

    at.segmented_control(key=section.view_key(name)).set_value(section.EXPLORER).run()
    assert not at.exception
    assert text("explore.title") in headings(at) and text(LESSON_HEADING[page]) not in headings(at)
    assert explorer_sliders(at, "ae-16" if page == UC else "vae-16-b1")

    at.segmented_control(key=section.view_key(name)).set_value(section.LESSON).run()
    assert text(LESSON_HEADING[page]) in headings(at)
    kept = at.select_slider(key=setting) if page == VAE else at.segmented_control(key=setting)
    assert kept.value == (4.0 if page == VAE else "novelty")


@pytest.mark.parametrize(("value", "explorer"), [("explore", True), ("Latent spaces above 2-D", True),
                                                 ("maps", False)])
def test_a_link_opens_the_view_it_names_or_the_lesson_and_says_so(shipped, value, explorer) -> None:
    linked = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    linked.query_params["vae.view"] = value
    linked.run()
    linked.switch_page(VAE).run()
    assert not linked.exception
    assert (text("explore.title") in [h.value for h in linked.header]) is explorer
    warned = [w.value for w in linked.warning if value in w.value]
    assert warned == ([] if explorer else [text("state.bad_link", setting=text("explore.view"), value=value,
                                                default=text("explore.view.lesson"))])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_shipped_16d_autoencoder_is_explored_from_its_views_file(shipped, lang) -> None:
    at = open_explorer(UC, lang)
    assert text("explore.title", lang) in [h.value for h in at.header]
    space = pretrained.load_views("ae-16d", shipped).get("explore", {}, explore.CodeSpace)
    sliders = explorer_sliders(at, "ae-16")
    assert len(sliders) == 16
    for j, slider in enumerate(sliders):
        assert slider.min == pytest.approx(float(space.low[j])) and slider.max == pytest.approx(float(space.high[j]))
        assert slider.label.startswith(f"h{j + 1} · ")
        assert slider.label.endswith(text("explore.activity.std", lang, value=float(space.activity[j])))
    shown = captions(at)
    assert text("explore.pca.caption", lang, dim=16, explained=space.pca_explained) in shown
    assert text("explore.tsne.caption", lang, count=10000, dim=16) in shown
    assert text("explore.moved", lang, count=0, dim=16) in shown
    # The traversal shows the 8 most spread numbers first, and all 16 on request.
    assert text("explore.traversal.caption", lang, symbol="h", shown=8, dim=16,
                kind=text("explore.order.std", lang)) in shown


def test_a_moved_slider_is_decoded_counted_and_reset(shipped) -> None:
    at = open_explorer(UC)
    slider = explorer_sliders(at, "ae-16")[4]
    slider.set_value(slider.max).run()
    assert not at.exception
    assert text("explore.moved", count=1, dim=16) in captions(at)
    at.toggle(key="explore.ae-16.all").set_value(True).run()
    assert text("explore.traversal.caption", symbol="h", shown=16, dim=16,
                kind=text("explore.order.std")) in captions(at)
    at.button(key="explore.ae-16.reset").click().run()
    assert not at.exception
    assert text("explore.moved", count=0, dim=16) in captions(at)
    assert explorer_sliders(at, "ae-16")[4].value != pytest.approx(slider.max)


def test_a_size_without_a_shipped_model_offers_training(shipped) -> None:
    at = open_explorer(UC, **{"undercomplete.explore": "ae-4"})
    infos = [i.value for i in at.info]
    assert text("explore.need_training", setting=text("explore.setting.ae", dim=4)) in infos
    assert not explorer_sliders(at, "ae-4")
    assert any(e.label == text("explore.panel_title", setting=text("explore.setting.ae", dim=4))
               for e in at.expander)


def test_a_bad_setting_in_a_link_opens_the_default_and_says_so(shipped) -> None:
    linked = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    linked.query_params["undercomplete.explore"] = "ae-5"
    linked.query_params["undercomplete.view"] = "explore"
    linked.run()
    linked.switch_page(UC).run()
    assert not linked.exception
    assert any("ae-5" in w.value for w in linked.warning)
    assert len(explorer_sliders(linked, "ae-16")) == 16  # the default, 16-D


def test_a_model_the_learner_trained_is_explored_and_its_tsne_map_comes_with_progress(shipped, mnist_small) -> None:
    model = build_model("ae", {"latent_dim": 4, "hidden": [32]}, seed=1)
    run(model, mnist_small, TrainConfig(epochs=1, batch_size=64, lr=3e-3, seed=0))
    trained = TrainedModel("explore.ae-4", model.eval(), {"dataset": "mnist", "epochs": 1}, "done", "MLP 784-32-4")
    at = open_explorer(UC, **{"undercomplete.explore": "ae-4", "trained.explore.ae-4": trained})
    assert any(c.startswith(text("explore.using_trained", epochs=1)) for c in captions(at))
    assert len(explorer_sliders(at, "ae-4")) == 4
    expected = text("explore.tsne.caption", count=section.COMPUTED_TSNE_IMAGES, dim=4)
    if expected not in captions(at):  # still computing: a progress bar stands where the map will be
        bars = at.get("progress")
        assert bars and text("explore.tsne.computing", count=section.COMPUTED_TSNE_IMAGES) in bars[0].proto.text
        deadline = time.time() + 240
        while expected not in captions(at) and time.time() < deadline:
            time.sleep(2)
            at.run()
            assert not at.exception
    assert expected in captions(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_vae_explorer_and_what_beta_does_follow_the_measured_numbers(shipped, lang) -> None:
    at = open_explorer(VAE, lang)
    sliders = explorer_sliders(at, "vae-16-b1")
    assert len(sliders) == 16
    space = pretrained.load_views("vae-16d", shipped).get("explore", {}, explore.CodeSpace)
    assert all(s.min <= -explore.PRIOR_SPAN and s.max >= explore.PRIOR_SPAN for s in sliders)
    unused = int((space.activity < 0.05).sum())
    assert text("explore.activity_caption.kl", lang, unused=unused, dim=16) in captions(at)
    low, high = (pretrained.load_views(key, shipped).get("beta", {"images": views.BETA_IMAGES,
                                                                 "samples": views.BETA_SAMPLES}, explore.BetaSummary)
                 for key in section.BETA_PAIR)
    table = at.dataframe[-1].value
    assert list(table["β = 4"])[0] == f"{high.active} / 16" and list(table["β = 1"])[0] == f"{low.active} / 16"
    assert list(table["β = 4"])[2] == f"{high.recon:.1f}"
    markdown = " ".join(m.value for m in at.markdown)
    assert text("explore.beta.read.active", lang, low=low.active, high=high.active, beta="4", dim=16) in markdown
    which = "less" if high.mean_abs_correlation < low.mean_abs_correlation else "more"
    assert text(f"explore.beta.read.correlation_{which}", lang, low=low.mean_abs_correlation,
                high=high.mean_abs_correlation) in markdown


def test_the_beta_reading_says_what_the_numbers_show() -> None:
    def summary(beta, active, correlation, grey, recon):
        return explore.BetaSummary(beta, 16, active, [0.0] * 16, correlation, recon, 10.0, grey, 0.1)

    blurrier = section._beta_reading(summary(1, 12, 0.3, 0.2, 80), summary(4, 5, 0.1, 0.3, 95))
    assert "5 of 16" in blurrier and "less correlated" in blurrier and "blurrier" in blurrier
    sharper = section._beta_reading(summary(1, 12, 0.1, 0.3, 80), summary(4, 5, 0.3, 0.2, 95))
    assert "not less correlated" in sharper and "not blurrier" in sharper
    assert re.search(r"0\.30 against 0\.10", sharper)


def test_the_traversal_picture_has_a_row_per_dimension_and_refuses_a_label_count_that_differs() -> None:
    from io import BytesIO

    from PIL import Image

    grid = np.random.default_rng(0).random((3, 9, 28, 28)).astype(np.float32)
    picture = Image.open(BytesIO(section.traversal_png(grid, ["h1", "h2", "h3"], scale=2, gap=2, label_px=96)))
    assert picture.size == (96 + 9 * 56 + 8 * 2, 3 * 56 + 2 * 2)
    with pytest.raises(ValueError, match="labels"):
        section.traversal_png(grid, ["h1"])


def test_shipped_traversal_grids_are_drawn_once_per_code_and_bounded() -> None:
    from ui import explore

    explore._shared_traversal.clear()
    drawn = []

    def draw(name):
        def make() -> bytes:
            drawn.append(name)
            return name.encode()
        return make

    assert explore._shared_traversal("a", draw("a")) == b"a"
    assert explore._shared_traversal("a", draw("a")) == b"a" and drawn == ["a"]
    explore._shared_traversal("b", draw("b"))
    assert drawn == ["a", "b"]
    # Past TRAVERSALS_KEPT other grids, "a" has been dropped and is drawn again.
    for index in range(explore.TRAVERSALS_KEPT):
        explore._shared_traversal(index, draw(str(index)))
    explore._shared_traversal("a", draw("a"))
    assert drawn.count("a") == 2 and len(drawn) == 2 + explore.TRAVERSALS_KEPT + 1
    explore._shared_traversal.clear()
