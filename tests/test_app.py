"""The app in AppTest: shell, sidebar, Overview and Undercomplete AE pages in both languages, the
training panel (a real tiny job, Stop, a bad hyperparameter, divergence, the queue) and the
messages for missing or corrupt pretrained weights and unavailable datasets.

A tiny stand-in for the shipped "ae-2d" model (trained for a moment on a small slice) lives in a
temporary folder that ae_core.pretrained reads during these tests.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ae_core import checkpoints, pretrained
from ae_core.models import build_model
from ae_core.training import TrainConfig, TrainEvent, TrainingDiverged, run
from ui.i18n import catalog
from ui.jobs import JobLimiter, TrainingJob
from ui.latent_pad import PRELOAD_KEY
from ui.navigation import PAGES, existing_pages
from tests.page_helpers import keep_trained

pytestmark = pytest.mark.usefixtures("small_probes")

ROOT = Path(__file__).resolve().parent.parent
UNDERCOMPLETE = "pages/undercomplete.py"
OVERVIEW = "pages/overview.py"
TIMEOUT = 300  # the first run of a page loads torch, the data and the pages' cached results


def text(key: str, language: str = "en") -> str:
    return catalog()[key][language]


def assert_pad_preloaded_last_in_sidebar(at: AppTest) -> None:
    """The sidebar ends with the latent pad mounted with no data (ui.latent_pad.preload): the tab
    loads the pad's code before any page draws a pad, and the empty slot sits below every choice."""
    last = list(at.sidebar.children.values())[-1]
    assert last.type == "bidi_component" and last.proto.id.endswith(PRELOAD_KEY)
    assert last.proto.component_name == "autoencoder_lab_latent_pad" and last.proto.bytes == b""
    assert len(at.sidebar.get("bidi_component")) == 1


def fresh_pretrained_caches() -> None:
    # Every server-wide cache: shipped models and whatever was computed from them.
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def tiny_weights(tmp_path_factory, mnist, mnist_small, small_probes) -> Path:
    """A folder holding an "ae-2d" checkpoint (784-32-2, one epoch on 2,000 images) and its views
    file, as the shipped folder holds them: each test's page reads the views instead of computing
    them again after its caches were emptied."""
    folder = tmp_path_factory.mktemp("pretrained")
    model = build_model("ae", {"latent_dim": 2, "hidden": [32]}, seed=0)
    done = run(model, mnist_small, TrainConfig(epochs=1, batch_size=64, lr=3e-3))
    checkpoints.save(model, pretrained.path_for("ae-2d", folder), dataset="mnist", epochs=1, test=done.test,
                     description="tiny stand-in for tests")
    pretrained.write_views("ae-2d", mnist, folder)
    return folder


@pytest.fixture
def weights_in(monkeypatch):
    """Point load_pretrained at a folder for one test."""
    def use(folder: Path) -> None:
        monkeypatch.setattr(pretrained, "PRETRAINED_DIR", folder)
        fresh_pretrained_caches()

    yield use
    fresh_pretrained_caches()


def app(language: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = language
    return at.run()


def open_page(at: AppTest, path: str) -> AppTest:
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def set_form(at: AppTest, **values) -> None:
    for name, value in values.items():
        key = f"panel.undercomplete.{name}"
        for widgets in (at.number_input, at.text_input, at.select_slider, at.selectbox):
            matches = [w for w in widgets if w.key == key]
            if matches:
                matches[0].set_value(value)
                break
        else:
            raise KeyError(key)


def start_training(at: AppTest, **values) -> TrainingJob:
    set_form(at, **values)
    at.button(key="panel.undercomplete.train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at.session_state["job.undercomplete"]


def event(kind: str, step: int, terms: dict[str, float]) -> TrainEvent:
    return TrainEvent(kind, 1, 1, step, 4, terms, 100.0, 0.1, 0.1)


def test_only_existing_pages_are_listed_and_their_urls_differ_from_file_names() -> None:
    listed = existing_pages()
    assert [page.path for page in listed] == [page.path for page in PAGES if (ROOT / page.path).is_file()]
    assert listed[0].path == OVERVIEW and any(page.path == UNDERCOMPLETE for page in listed)
    assert all(page.url_path != Path(page.path).stem for page in PAGES)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_pages_render_in_both_languages(tiny_weights, weights_in, language: str) -> None:
    weights_in(tiny_weights)
    at = app(language)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == text("overview.title", language)
    assert text("overview.demo_intro", language) in [m.value for m in at.markdown]
    assert len(at.get("image")) >= 16  # 8 test digits and their reconstructions
    sidebar = captions(at.sidebar)
    assert "CPU" in sidebar or "GPU" in sidebar or "cuda" in sidebar.lower()
    assert [w.key for w in at.sidebar.selectbox] == ["widget.dataset"]
    assert_pad_preloaded_last_in_sidebar(at)
    assert not at.main.get("bidi_component")

    open_page(at, UNDERCOMPLETE)
    assert_pad_preloaded_last_in_sidebar(at)
    assert at.title[0].value == text("uc.title", language)
    assert at.sidebar.radio[0].value == "pretrained"
    in_use = text("models.in_use_pretrained", language).split("{")[0]
    assert in_use in captions(at)
    assert "MLP 784-32-2" in captions(at)
    assert at.main.get("bidi_component"), "the latent space is drawn"
    assert at.button(key="panel.undercomplete.train").label == text("panel.train", language)


def test_the_language_follows_the_url_and_writes_it_back(tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "ko"
    at.run()
    assert at.title[0].value == text("overview.title", "ko")
    at.sidebar.button_group[0].set_value("en").run()
    assert at.title[0].value == text("overview.title", "en") and "lang" not in at.query_params
    at.sidebar.button_group[0].set_value("ko").run()
    assert at.query_params["lang"] == "ko"


def test_missing_pretrained_weights_offer_training(tmp_path, weights_in) -> None:
    weights_in(tmp_path)  # an empty folder
    at = app()
    assert not at.exception
    assert "ae-2d.safetensors are missing" in at.warning[0].value
    assert "python -m ae_core pretrain" in at.warning[0].value
    open_page(at, UNDERCOMPLETE)
    assert any("ae-2d.safetensors are missing" in w.value for w in at.warning)
    offer = [i.value for i in at.info if "Train one with the panel below" in i.value]
    assert offer and "#train-undercomplete" in offer[0]
    assert not at.main.get("bidi_component")
    assert at.button(key="panel.undercomplete.train")


def test_corrupt_pretrained_weights_are_a_clear_error(tmp_path, weights_in) -> None:
    (tmp_path / "ae-2d.safetensors").write_bytes(b"PK\x03\x04 a zip, not safetensors")
    weights_in(tmp_path)
    at = open_page(app(), UNDERCOMPLETE)
    assert at.error and text("models.pretrained_corrupt").split("{")[0] in at.error[0].value
    assert any("Train one with the panel below" in i.value for i in at.info)


def test_a_tiny_training_job_completes_and_becomes_the_page_model(tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    job = start_training(at, hidden="16", epochs=1, limit=256, batch_size=64)
    keep_trained(at, "undercomplete", job)
    if job.state == "done":
        assert at.success and "Finished 1 epoch(s)" in at.success[0].value
    assert at.session_state["model_source.undercomplete"] == "trained"
    assert at.sidebar.radio[0].value == "trained"
    assert "the one you trained, MLP 784-16-2, 1 epoch(s) on MNIST" in captions(at)
    assert at.get("plotly_chart"), "the loss chart stays after training"
    assert len(at.get("download_button")) == 2
    trained = at.session_state["trained.undercomplete"]
    assert trained.metadata["family"] == "ae" and trained.metadata["config"]["hidden"] == [16]
    model, metadata = checkpoints.from_bytes(trained.checkpoint_bytes(), expected_family="ae")
    assert metadata["epochs"] == 1 and metadata["hyperparameters"]["limit"] == 256

    open_page(at, OVERVIEW)
    open_page(at, UNDERCOMPLETE)
    assert at.session_state["trained.undercomplete"] is trained
    assert "the one you trained" in captions(at)
    assert at.get("plotly_chart")

    at.sidebar.radio[0].set_value("pretrained").run()
    assert "MLP 784-32-2" in captions(at) and at.session_state["model_source.undercomplete"] == "pretrained"


def test_a_model_you_have_is_trained_further_from_its_own_weights(tiny_weights, weights_in) -> None:
    from ae_core.reproduce import NotReproducible, command

    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    first = start_training(at, hidden="16", epochs=1, limit=256, batch_size=64)
    keep_trained(at, "undercomplete", first)
    before = {name: value.clone() for name, value in at.session_state["trained.undercomplete"].model.state_dict().items()}
    # Another network than the model's own is refused with the reason, and nothing starts.
    at.checkbox(key="panel.undercomplete.continue").check()
    set_form(at, hidden="32")
    at.button(key="panel.undercomplete.train").click().run()
    assert at.session_state["job.undercomplete"] is first
    assert any(text("panel.continue_mismatch").split(":")[0] in e.value for e in at.error)
    # The model's own settings: the new job starts from its weights (the same after 0 steps).
    set_form(at, hidden="16", epochs=1, limit=256, batch_size=64)
    at.checkbox(key="panel.undercomplete.continue").check()
    at.button(key="panel.undercomplete.train").click().run()
    second = at.session_state["job.undercomplete"]
    assert second is not first and second.continued_from["epochs"] == 1
    assert "continued from a model trained for 1 epoch(s)" in second.description
    keep_trained(at, "undercomplete", second)
    trained = at.session_state["trained.undercomplete"]
    assert trained.metadata["continued_from"]["epochs"] == 1
    # The weights moved on from the first model's (not from a new random start: one epoch of 256
    # images changes them little next to the gap between two random initialisations).
    after = trained.model.state_dict()
    fresh = build_model("ae", trained.metadata["config"], seed=1).state_dict()
    moved = sum(float((after[name] - before[name]).abs().sum()) for name in before)
    random_gap = sum(float((fresh[name] - before[name]).abs().sum()) for name in before)
    assert 0 < moved < random_gap / 2
    # No single command trains such a model from scratch, and the code view says so.
    with pytest.raises(NotReproducible, match="continued the training"):
        command(trained.metadata)


def test_codes_wider_than_two_are_shown_through_a_labelled_pca(tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    job = start_training(at, latent_dim=8, hidden="16", epochs=1, limit=256, batch_size=64)
    keep_trained(at, "undercomplete", job)
    assert "The codes have 8 dimensions: shown is their PCA projection" in captions(at)
    assert at.main.get("bidi_component")


@pytest.mark.parametrize("hidden, named", [("0", "each of hidden must be an integer"),
                                           ("256, abc", "hidden must be layer sizes separated by commas")])
def test_a_bad_hyperparameter_names_its_field(tiny_weights, weights_in, hidden: str, named: str) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    set_form(at, hidden=hidden)
    at.button(key="panel.undercomplete.train").click().run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith("Invalid value for “Hidden layers”")
    assert named in at.error[0].value
    assert "job.undercomplete" not in at.session_state


def test_a_bad_hyperparameter_is_explained_in_korean(tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    at.sidebar.button_group[0].set_value("ko").run()
    set_form(at, hidden="0")
    at.button(key="panel.undercomplete.train").click().run()
    assert not at.exception and at.error
    message = at.error[0].value
    # The engine's range, said in Korean; only its own field name stays as it is.
    assert "값이 올바르지 않습니다" in message and "hidden의 층 크기는 각각 [2, 4096] 범위의 정수여야" in message and "받은 값: 0" in message
    assert "must" not in message and "got" not in message


def test_other_widgets_do_not_stop_training_and_stop_does(tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    job = start_training(at, hidden="16", epochs=50, limit=60000, batch_size=16)
    assert at.button(key="panel.undercomplete.train").disabled
    at.sidebar.button_group[0].set_value("ko").run()  # the language switch
    at.switch_page(OVERVIEW).run()
    at.switch_page(UNDERCOMPLETE).run()
    assert not at.exception and job.state in ("queued", "running")

    deadline = time.perf_counter() + 60
    while not job.snapshot().points and time.perf_counter() < deadline:
        time.sleep(0.05)
    at.run()
    assert at.button(key="panel.undercomplete.stop")
    at.button(key="panel.undercomplete.stop").click().run()
    asked = time.perf_counter()
    assert job.wait(10) and job.state == "stopped"
    assert time.perf_counter() - asked < 2.0
    at.run()
    assert at.info and "중지했습니다" in " ".join(i.value for i in at.info)
    assert at.session_state["model_source.undercomplete"] == "trained"


def test_divergence_shows_a_clear_message_and_the_model_is_kept_only_on_request(tiny_weights, weights_in, mnist_small) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    model = _show_a_diverged_job(at, mnist_small)
    message = " ".join(e.value for e in at.error)
    assert "Training diverged" in message and "smaller learning rate" in message
    # A failed run does not become the page's model by itself: its user may keep it, knowing why.
    assert "trained.undercomplete" not in at.session_state
    at.button(key="panel.undercomplete.keep").click().run()
    assert not at.exception
    assert at.session_state["trained.undercomplete"].model is model
    assert "MLP 784-8-2" in captions(at)


def _show_a_diverged_job(at, data):
    """Put a finished job that diverged at epoch 1, step 3 on the Undercomplete page and rerun it;
    returns the job's model."""
    def diverging(model, data, config, stop):
        yield event("step", 2, {"loss": 3.0})
        raise TrainingDiverged("training diverged at epoch 1, step 3 (loss=nan); the last good weights were "
                               "kept. Try a smaller learning rate (now 1.0).", 1, 3, terms="loss=nan", lr=1.0)

    model = build_model("ae", {"latent_dim": 2, "hidden": [8]}, seed=0)
    job = TrainingJob(model, data, TrainConfig(), data.test_images[:3], schedule=diverging,
                      limiter=JobLimiter(1), description="MLP 784-8-2").start()
    assert job.wait(30)
    at.session_state["job.undercomplete"] = job
    at.run()
    assert not at.exception
    return model


def test_divergence_is_explained_in_korean(tiny_weights, weights_in, mnist_small) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    at.sidebar.button_group[0].set_value("ko").run()
    _show_a_diverged_job(at, mnist_small)
    message = " ".join(e.value for e in at.error)
    assert "학습이 발산했습니다" in message and "1번째 에포크의 3번째 스텝" in message and "학습률을 낮춰 보세요 (지금 1.0)" in message
    assert "Try" not in message and "diverged at" not in message


def test_a_queued_job_shows_its_place(tiny_weights, weights_in, mnist_small) -> None:
    weights_in(tiny_weights)
    at = open_page(app(), UNDERCOMPLETE)
    limiter, release = JobLimiter(1), threading.Event()

    def held(model, data, config, stop):
        yield event("step", 1, {"loss": 1.0})
        while not (release.is_set() or stop.is_set()):
            time.sleep(0.01)

    def new_job() -> TrainingJob:
        model = build_model("ae", {"latent_dim": 2, "hidden": [8]}, seed=0)
        return TrainingJob(model, mnist_small, TrainConfig(), mnist_small.test_images[:3], schedule=held,
                           limiter=limiter).start()

    other_session = new_job()
    mine = new_job()
    try:
        deadline = time.perf_counter() + 30
        while limiter.position(mine) != 1 and time.perf_counter() < deadline:
            time.sleep(0.01)
        at.session_state["job.undercomplete"] = mine
        at.run()
        assert any("place 1 in the queue" in i.value for i in at.info)
        assert at.button(key="panel.undercomplete.stop")
    finally:
        release.set()
        assert other_session.wait(30) and mine.wait(30)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_unavailable_dataset_falls_back_to_mnist(lang, tmp_path, monkeypatch, tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    monkeypatch.setenv("AE_LAB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AE_LAB_DATASET_MIRROR", "http://127.0.0.1:9/")  # nothing listens there
    at = app()
    at.session_state["lang"] = lang
    at.run()
    at.sidebar.selectbox[0].set_value("fashion-mnist").run()
    assert not at.exception
    # The selector shows what is used; a short message in the session's language says why, and the
    # technical reason (URL, error number, cache folder) waits in an expander.
    assert at.sidebar.selectbox[0].value == "mnist"
    problem = " ".join(w.value for w in at.sidebar.warning)
    assert problem == catalog()["sidebar.dataset_unavailable"][lang].format(name="Fashion-MNIST").replace(
        "을(를)", "를")
    assert "http" not in problem and str(tmp_path) not in problem and "Errno" not in problem
    assert "127.0.0.1:9" in " ".join(c.value for c in at.sidebar.expander[0].caption)
    assert len(at.get("image")) >= 16  # the demo still runs, on MNIST


def test_a_link_opens_on_its_dataset_and_the_choice_writes_the_link(tiny_weights, weights_in, monkeypatch) -> None:
    from ui import resources

    weights_in(tiny_weights)
    asked = []
    bundled = resources.dataset

    def any_dataset(name):  # every dataset served from the bundled MNIST: no network in tests
        asked.append(name)
        return bundled("mnist")

    monkeypatch.setattr(resources, "dataset", any_dataset)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["dataset"] = "kmnist"
    at.run()
    assert not at.exception and not at.sidebar.warning
    assert at.sidebar.selectbox[0].value == "kmnist" and "kmnist" in asked
    assert at.query_params["dataset"] == "kmnist"
    at.sidebar.selectbox[0].set_value("mnist").run()
    assert "dataset" not in at.query_params  # the default keeps the link clean
    at.sidebar.selectbox[0].set_value("fashion-mnist").run()
    assert at.query_params["dataset"] == "fashion-mnist"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_with_an_unknown_dataset_opens_on_mnist_and_says_so(lang, tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["dataset"] = "cifar-10"
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox[0].value == "mnist" and "dataset" not in at.query_params
    said = " ".join(w.value for w in at.sidebar.warning)
    assert "cifar-10" in said and text("sidebar.dataset", lang) in said
    assert text("sidebar.dataset.mnist", lang) in said
    at.run()  # said once: the next run has no warning
    assert not at.sidebar.warning


def test_a_link_to_a_dataset_that_cannot_be_had_falls_back_and_cleans_the_link(
        tmp_path, monkeypatch, tiny_weights, weights_in) -> None:
    weights_in(tiny_weights)
    monkeypatch.setenv("AE_LAB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AE_LAB_DATASET_MIRROR", "http://127.0.0.1:9/")  # nothing listens there
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["dataset"] = "fashion-mnist"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox[0].value == "mnist" and "dataset" not in at.query_params
    assert "Fashion-MNIST" in " ".join(w.value for w in at.sidebar.warning)
