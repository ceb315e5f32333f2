"""The shared lesson pattern (ui/state.py, ui/models.current_model, ui/model_upload.py): settings
that survive page switches and language changes, links that set them (and say when a value
cannot be used), the model in view following the settings, and a downloaded model brought back."""
from __future__ import annotations

import json

import numpy as np
import pytest
import safetensors.torch
import torch
from streamlit.testing.v1 import AppTest

from ae_core import checkpoints
from ae_core.models import build_model
from tests.page_helpers import open_link, text
from ui.i18n import catalog
from tests.tiny_pretrained import ROOT, pretrained_from, write_tiny_pretrained
from ui.models import TrainedModel
from ui.vae import PosteriorView, regions_on_path

pytestmark = pytest.mark.usefixtures("small_probes")  # see conftest.py

KEYS = ("conv-unpool", "conv-upsample", "conv-transposed", "dae-gaussian", "ae-2d", "ae-32d", "stacked",
        "vae-2d-mlp", "vae-2d-conv")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    with pretrained_from(write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), KEYS)) as folder:
        yield folder


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def in_use(at: AppTest) -> str | None:
    """Which model the page's "model in use" caption names: "trained", "pretrained" or None."""
    for source in ("trained", "pretrained"):
        prefix = catalog()[f"models.in_use_{source}"]["en"].split("{")[0]
        if any(caption.startswith(prefix) for caption in captions(at)):
            return source
    return None


def other_settings_named(at: AppTest) -> bool:
    prefix = catalog()["models.trained_other_settings"]["en"].split("{")[0]
    return any(info.startswith(prefix) for info in infos(at))


def sidebar_source(at: AppTest):
    return next(r for r in at.sidebar.radio if r.key == "widget.model_source.conv")


def tiny_conv(decoder: str) -> torch.nn.Module:
    return build_model("conv", {"latent_dim": 16, "channels": [4, 8], "decoder": decoder}, seed=1)


def conv_file(decoder: str) -> bytes:
    return checkpoints.to_bytes(tiny_conv(decoder), {"dataset": "mnist", "epochs": 2,
                                                     "description": f"tiny conv, {decoder}"})


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    uploader = next(u for u in at.get("file_uploader") if u.proto.id.endswith(f"upload.model.{key}"))
    uploader.upload(name, data).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("value", [text("cv.decoder.transposed"), "transposed"])
def test_a_link_sets_the_decoder(shipped, value):
    at = open_link("pages/conv.py", **{"conv.decoder": value})
    assert at.segmented_control(key="conv.decoder").value == "transposed"
    assert text("cv.decoder_help.transposed") in captions(at)
    assert not warnings(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_with_a_bad_value_opens_with_the_default_and_says_so(shipped, lang):
    at = open_link("pages/conv.py", lang, **{"conv.decoder": "bogus"})
    assert at.segmented_control(key="conv.decoder").value == "unpool"
    assert text("state.bad_link", lang, setting=text("cv.decoder", lang), value="bogus",
                default=text("cv.decoder.unpool", lang)) in warnings(at)


def test_a_noise_level_out_of_range_falls_back(shipped):
    at = open_link("pages/denoising.py", **{"denoising.noise": "salt-pepper", "denoising.level.salt-pepper": "7"})
    assert at.segmented_control(key="denoising.noise").value == "salt-pepper"
    assert at.select_slider(key="denoising.level.salt-pepper").value == 0.2
    assert text("state.bad_link", setting=text("dn.level.salt-pepper"), value="7", default="0.2") in warnings(at)


def test_settings_survive_page_switches_and_a_language_change(shipped):
    at = open_link("pages/conv.py")
    at.segmented_control(key="conv.decoder").set_value("upsample").run()
    at.switch_page("pages/denoising.py").run()
    at.segmented_control(key="denoising.noise").set_value("masking").run()
    at.select_slider(key="denoising.level.masking").set_value(0.3).run()
    at.sidebar.segmented_control(key="widget.lang").set_value("ko").run()
    assert at.segmented_control(key="denoising.noise").value == "masking"
    assert at.select_slider(key="denoising.level.masking").value == 0.3
    at.switch_page("pages/stacked.py").run()
    at.segmented_control(key="stacked.mode").set_value("mnist").run()
    at.switch_page("pages/conv.py").run()
    assert not at.exception
    assert at.segmented_control(key="conv.decoder").value == "upsample"
    assert at.title[0].value == text("cv.title", "ko")
    at.switch_page("pages/denoising.py").run()
    assert at.segmented_control(key="denoising.noise").value == "masking"
    assert at.select_slider(key="denoising.level.masking").value == 0.3
    at.switch_page("pages/stacked.py").run()
    assert at.segmented_control(key="stacked.mode").value == "mnist"


def test_an_uploaded_model_follows_the_decoder_choice(shipped):
    at = open_link("pages/conv.py", **{"conv.decoder": "transposed"})
    upload(at, "conv", "conv-transposed.safetensors", conv_file("transposed"))
    trained = at.session_state["trained.conv"]
    assert trained.model.config.decoder == "transposed" and trained.model.config.channels == [4, 8]
    assert sidebar_source(at).value == "trained"
    assert in_use(at) == "trained"
    # Another decoder: the shipped model for it is shown, the sidebar says so, the page names why.
    at.segmented_control(key="conv.decoder").set_value("unpool").run()
    assert sidebar_source(at).value == "pretrained"
    assert in_use(at) == "pretrained"
    assert other_settings_named(at)
    # One click back: the decoder the model was trained with, and the model itself.
    at.button(key="models.back.conv").click().run()
    assert at.segmented_control(key="conv.decoder").value == "transposed"
    assert sidebar_source(at).value == "trained"
    assert in_use(at) == "trained"
    assert not other_settings_named(at)


def test_choosing_the_trained_model_in_the_sidebar_puts_its_settings_back(shipped):
    at = open_link("pages/conv.py", **{"conv.decoder": "upsample"})
    upload(at, "conv", "conv-upsample.safetensors", conv_file("upsample"))
    at.segmented_control(key="conv.decoder").set_value("transposed").run()
    assert sidebar_source(at).value == "pretrained"
    sidebar_source(at).set_value("trained").run()
    assert at.segmented_control(key="conv.decoder").value == "upsample"
    assert at.session_state["model_source.conv"] == "trained"


def non_finite_file() -> bytes:
    data = conv_file("unpool")
    record = checkpoints.read_metadata_bytes(data)
    tensors = {name: tensor.clone() for name, tensor in safetensors.torch.load(data).items()}
    first = next(name for name, tensor in tensors.items() if tensor.is_floating_point())
    tensors[first][0] = float("nan")
    return safetensors.torch.save(tensors, metadata={checkpoints.METADATA_KEY: json.dumps(record)})


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("case", ["family", "corrupt", "non-finite", "pickle"])
def test_unusable_model_files_are_refused(shipped, case, lang):
    files = {
        "family": checkpoints.to_bytes(build_model("vae", {"latent_dim": 2, "hidden": [8]}, seed=0), {}),
        "corrupt": conv_file("unpool")[:-100],
        "non-finite": non_finite_file(),
        "pickle": b"\x80\x04\x95" + bytes(200),
    }
    at = open_link("pages/conv.py", lang)
    upload(at, "conv", "model.safetensors", files[case])
    assert "trained.conv" not in at.session_state
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    if case == "family":
        assert errors[0] == text("upload.wrong_family", lang, found=text("upload.family.vae", lang),
                                 wanted=text("upload.family.conv", lang))
    else:
        # The reason in the session's language: the checkpoint's own check, said as the app says it.
        with pytest.raises(checkpoints.CheckpointError) as refused:
            checkpoints.from_bytes(files[case], expected_family="conv")
        reason = {"corrupt": "damaged", "non-finite": "not_finite", "pickle": "pickle"}[case]
        assert refused.value.reason == reason
        why = str(refused.value) if lang == "en" else text(f"why.checkpoint.{reason}", lang, **refused.value.details)
        assert errors[0] == text("upload.not_a_model" if case == "pickle" else "upload.unusable", lang, message=why)


def test_stacked_network_follows_the_chosen_sizes_and_offers_no_missing_model(shipped):
    at = open_link("pages/stacked.py", **{"stacked.mode": "mnist", "stacked.hidden": "96, 48"})
    assert at.text_input(key="stacked.hidden").value == "96, 48"
    spec = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("stacked.network.mnist")).proto.spec)
    words = [a.get("text") for a in spec["layout"]["annotations"]]
    assert "96" in words and "48" in words and "256" not in words
    # No model ships for this network: the sidebar offers none and the page offers training.
    assert not [r for r in at.sidebar.radio if r.key == "widget.model_source.stacked"]
    assert text("sidebar.no_model_for_settings") in [c.value for c in at.sidebar.caption]
    at.text_input(key="stacked.hidden").set_value("256, 128, 64").run()
    source = next(r for r in at.sidebar.radio if r.key == "widget.model_source.stacked")
    assert source.value == "pretrained"


def test_toy_mode_offers_no_shipped_model(shipped):
    at = open_link("pages/stacked.py")
    assert at.segmented_control(key="stacked.mode").value == "toy"
    assert not [r for r in at.sidebar.radio if r.key.startswith("widget.model_source")]


@pytest.mark.parametrize("kind", ["gaussian", "masking"])
def test_denoising_explanation_matches_the_chart(shipped, kind):
    at = open_link("pages/denoising.py", **{"denoising.noise": kind})
    spec = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("denoising.curve")).proto.spec)
    curves = {trace["name"]: trace for trace in spec["data"] if trace.get("name")}
    level = at.select_slider(key=f"denoising.level.{kind}").value
    x = np.asarray(curves[text("dn.curve.plain")]["x"], dtype=float)
    nearest = int(np.argmin(np.abs(x - level)))
    plain = np.asarray(curves[text("dn.curve.plain")]["y"], dtype=float)[nearest]
    ours = np.asarray(curves[text("dn.curve.dae")]["y"], dtype=float)[nearest]
    robust = text("dn.robust") in infos(at)
    exception = any(i.startswith(text("dn.robust_exception", noise="", trained="")[:40]) for i in infos(at))
    assert robust != exception
    assert exception == (plain >= ours)


def test_interpolation_names_the_regions_its_path_crosses():
    # Three clusters on a line: 0 on the left, 9 in the middle, 5 on the right.
    centres = {0: -2.0, 9: 0.0, 5: 2.0}
    labels = np.repeat(list(centres), 30)
    rng = np.random.default_rng(0)
    mu = np.stack([np.array([centres[label], 0.0]) + rng.normal(0, 0.1, 2) for label in labels]).astype(np.float32)
    view = PosteriorView(mu, np.ones_like(mu), labels, {})
    first_0, first_5, first_9 = (int(np.flatnonzero(labels == digit)[0]) for digit in (0, 5, 9))
    assert regions_on_path(view, first_0, first_5, 10) == [9]
    assert regions_on_path(view, first_0, first_9, 10) == []


def test_a_trained_vae_of_the_other_kind_is_named_not_shown(shipped):
    at = open_link("pages/vae.py")
    vae = build_model("vae", {"latent_dim": 2, "architecture": "mlp", "hidden": [16]}, seed=0)
    uploader = next(u for u in at.get("file_uploader") if u.proto.id.endswith("upload.model.vae"))
    uploader.upload("vae.safetensors", checkpoints.to_bytes(vae, {"dataset": "mnist", "epochs": 1})).run()
    assert not at.exception, [e.value for e in at.exception]
    assert in_use(at) == "trained"
    at.segmented_control(key="vae.architecture").set_value("conv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert in_use(at) == "pretrained"
    assert other_settings_named(at)
    at.button(key="models.back.vae").click().run()
    assert at.segmented_control(key="vae.architecture").value == "mlp"
    assert in_use(at) == "trained"


def test_the_feature_code_size_survives_a_page_switch(shipped):
    at = open_link("pages/undercomplete.py")
    at.segmented_control(key="features.dim").set_value(16).run()
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/undercomplete.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.segmented_control(key="features.dim").value == 16


def test_features_use_a_model_of_that_size_from_the_main_panel(shipped):
    eight = TrainedModel("undercomplete", build_model("ae", {"latent_dim": 8, "hidden": [32]}, seed=0).eval(),
                         {"dataset": "mnist", "epochs": 2}, "done", "MLP 784-32-8")
    at = open_link("pages/undercomplete.py", state={"trained.undercomplete": eight}, **{"features.dim": "8"})
    assert at.segmented_control(key="features.dim").value == 8
    assert text("features.using_trained", dim=8, epochs=2) in captions(at)
    assert not [i for i in infos(at) if i == text("features.need_training", dim=8)]


def stacked_model(hidden: list[int], latent: int, epochs: int, limit: int) -> TrainedModel:
    model = build_model("stacked", {"hidden": hidden, "latent_dim": latent}, seed=0).eval()
    return TrainedModel("stacked.greedy", model, {"dataset": "mnist", "epochs": epochs,
                                                  "training": {"epochs": epochs, "limit": limit}},
                        "done", "greedy")


def test_greedy_for_another_network_is_named_with_the_way_back(shipped):
    greedy = stacked_model([32, 16], 4, 3, 256)
    at = open_link("pages/stacked.py", state={"trained.stacked.greedy": greedy}, **{"stacked.mode": "mnist"})
    prefix = catalog()["stacked.greedy_other_network"]["en"].split("{")[0]
    assert any(i.startswith(prefix) for i in infos(at))
    at.button(key="stacked.greedy_back").click().run()
    assert at.text_input(key="stacked.hidden").value == "32, 16"
    assert at.selectbox(key="stacked.latent").value == 4
    assert not any(i.startswith(prefix) for i in infos(at))
    assert text("stacked.showing", which=text("stacked.which.greedy")) in captions(at)


def test_greedy_against_the_shipped_model_says_the_budgets_differ(shipped):
    greedy = stacked_model([256, 128, 64], 16, 3, 256)
    at = open_link("pages/stacked.py", state={"trained.stacked.greedy": greedy}, **{"stacked.mode": "mnist"})
    shipped_budget = text("stacked.budget_epochs", epochs=1)  # the tiny stand-in's metadata: 1 epoch
    expected = text("stacked.compare_unequal", greedy=text("stacked.budget", epochs=3, images="256"),
                    e2e=shipped_budget)
    assert expected in warnings(at)


def test_a_model_file_over_the_stated_limit_is_refused(shipped):
    from ui.model_upload import MAX_MEGABYTES

    at = open_link("pages/conv.py")
    uploader = next(u for u in at.get("file_uploader") if u.proto.id.endswith("upload.model.conv"))
    assert f"{MAX_MEGABYTES} MB" in uploader.label
    too_big = conv_file("unpool") + bytes(MAX_MEGABYTES * 2**20)
    upload(at, "conv", "big.safetensors", too_big)
    assert "trained.conv" not in at.session_state
    assert [e.value for e in at.error] == [text("upload.too_large", size=len(too_big) / 2**20, mb=MAX_MEGABYTES)]
