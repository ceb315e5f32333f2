"""The command line that reproduces a model (ae_core.reproduce): it parses back to the model's exact
settings, settings without a flag are refused by name, and running it on a small slice gives the
test metrics that the app's own training paths give: a shipped model's spec (pretrained.train_spec)
and each page's training panel, run through AppTest."""
from __future__ import annotations

import contextlib
import dataclasses
import io
import json

import pytest

from ae_core import pretrained, reproduce
from ae_core.__main__ import _model_config, _train_config, build_parser, main
from ae_core.greedy import GreedyTrainConfig
from ae_core.models import model_class
from ae_core.models.base import config_from_dict
from ae_core.training import TrainConfig
from tests.page_helpers import open_app_page
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained

pytestmark = pytest.mark.usefixtures("small_probes")  # see conftest.py

SLICE = {"epochs": 1, "limit": 128, "eval_limit": 300}


def parsed(args: list[str]) -> tuple[str, object, TrainConfig, object]:
    """(family, model config, TrainConfig, parsed namespace) as `python -m ae_core` builds them."""
    namespace = build_parser().parse_args(args)
    family, config, noise, level = _model_config(namespace)
    return family, config_from_dict(model_class(family).Config, config), _train_config(namespace, noise, level), namespace


def spec_metadata(spec: pretrained.PretrainedSpec, **training) -> dict:
    """What a shipped model's checkpoint records about how it was made (ae_core.pretrained.save_spec)."""
    return {"family": spec.family, "config": spec.config, "training": {**spec.train, **training},
            "dataset": "mnist", "digits": None if spec.digits is None else list(spec.digits)}


def run_cli(args: list[str]) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*args, "--json", "--device", "cpu"]) == 0
    return json.loads(out.getvalue().strip().splitlines()[-1])


def assert_same_metrics(ours: dict, theirs: dict) -> None:
    assert ours and set(ours) == set(theirs)
    for name, value in ours.items():
        assert theirs[name] == pytest.approx(value, rel=1e-4, abs=1e-6), name


@pytest.mark.parametrize("key", list(pretrained.SPECS))
def test_a_shipped_models_command_parses_back_to_its_spec(key):
    spec = pretrained.SPECS[key]
    args = reproduce.arguments(spec_metadata(spec))
    family, config, train_config, namespace = parsed(args)
    assert family == spec.family
    assert config == config_from_dict(model_class(spec.family).Config, spec.config)
    assert train_config == spec.train_config(seed=0)
    assert namespace.digits == (None if spec.digits is None else list(spec.digits))
    assert reproduce.command(spec_metadata(spec)).startswith("python -m ae_core train --model ")


def test_a_trained_models_full_metadata_parses_back():
    """What ui/models.py records for a trained model: every config field, the whole TrainConfig."""
    config = {"latent_dim": 2, "architecture": "conv", "channels": [8], "hidden": [], "beta": 4.0}
    model_config = config_from_dict(model_class("vae").Config, config)
    training = TrainConfig(epochs=2, batch_size=32, lr=3e-3, limit=640, eval_limit=2000, seed=7)
    args = reproduce.arguments({"family": "vae", "config": dataclasses.asdict(model_config),
                                "training": dataclasses.asdict(training), "dataset": "mnist"})
    assert args[args.index("--hidden") + 1].startswith("--")  # an empty list of hidden layers
    family, parsed_config, parsed_training, _ = parsed(args)
    assert (family, parsed_config, parsed_training) == ("vae", model_config, training)


def test_greedy_pretraining_is_written_with_its_stage_epochs():
    training = GreedyTrainConfig(epochs=3, stage_epochs=2, lr=2e-3, limit=1000, eval_limit=2000)
    args = reproduce.arguments({"family": "stacked", "config": {"latent_dim": 16, "hidden": [256, 128, 64]},
                                "training": dataclasses.asdict(training)})
    _, _, parsed_training, namespace = parsed(args)
    assert namespace.greedy and namespace.stage_epochs == 2
    assert parsed_training == training.finetune_config()


def test_noise_makes_a_denoising_command():
    args = reproduce.arguments({"family": "ae", "config": {"latent_dim": 32},
                                "training": {"noise": "masking", "noise_level": 0.25}})
    assert args[args.index("--model") + 1] == "dae"
    _, _, training, _ = parsed(args)
    assert (training.noise, training.noise_level) == ("masking", 0.25)


ONE_EPOCH = {"epochs": 1}


@pytest.mark.parametrize("metadata, named", [
    ({"family": "stacked", "config": {"input_dim": 5, "hidden": [2, 2, 2], "latent_dim": 2},
      "training": ONE_EPOCH, "dataset": "toy-5d"}, "toy-5d"),
    ({"family": "ae", "config": {"latent_dim": 2, "depth": 3}, "training": ONE_EPOCH}, "depth"),
    ({"family": "ae", "training": {"momentum": 0.9}}, "momentum"),
    ({"family": "ae", "config": {"latent_dim": 2}}, "does not record how the model was trained"),
    ({"config": {}, "training": ONE_EPOCH}, "family"),
])
def test_unknown_settings_are_refused_by_name(metadata, named):
    with pytest.raises(reproduce.NotReproducible, match=named):
        reproduce.arguments(metadata)


@pytest.mark.parametrize("family, setting", [("stacked", {"activation": "tanh"}),
                                             ("vae", {"gaussian_std": 0.5}),
                                             ("conv", {"upsample_mode": "bilinear"})])
def test_a_setting_is_written_when_it_has_a_flag_and_refused_when_not(family, setting):
    (name, value), = setting.items()
    metadata = {"family": family, "config": setting, "training": ONE_EPOCH}
    if name not in reproduce.train_flags():
        with pytest.raises(reproduce.NotReproducible, match=name):
            reproduce.arguments(metadata)
        return
    _, config, _, _ = parsed(reproduce.arguments(metadata))
    assert getattr(config, name) == value


def test_stage_epochs_without_greedy_is_a_clear_error(capsys):
    assert main(["train", "--model", "stacked", "--stage-epochs", "2", "--epochs", "1"]) == 2
    assert "--stage-epochs needs --greedy" in capsys.readouterr().err


@pytest.mark.parametrize("key", list(pretrained.SPECS))
def test_a_shipped_models_command_gives_its_training_metrics(key, mnist):
    """pretrain's own path (train_spec) and the command, on the same small slice and seed."""
    spec = pretrained.SPECS[key]
    done = None
    for _, done in pretrained.train_spec(spec, mnist, seed=0, **SLICE):
        pass
    result = run_cli(reproduce.arguments(spec_metadata(spec, **SLICE)))
    assert_same_metrics(done.test, result["test"])


# The pages' training panels: form values for a small slice, then the settings a page takes from
# its own controls (session state set before the first run).
PAGES = {
    "undercomplete": ("pages/undercomplete.py", "undercomplete", {}, {"hidden": "32"}),
    "denoising": ("pages/denoising.py", "denoising", {"denoising.noise": "salt-pepper"}, {"hidden": "32"}),
    "conv": ("pages/conv.py", "conv", {"conv.decoder": "unpool"}, {"channels": "4"}),
    "vae": ("pages/vae.py", "vae", {"vae.beta": 2.0}, {"hidden": "32"}),
    "vae-conv": ("pages/vae.py", "vae", {"vae.architecture": "conv"}, {"channels": "4", "dense": ""}),
    "stacked-greedy": ("pages/stacked.py", "stacked.greedy", {"stacked.mode": "mnist"}, {"stage_epochs": 1}),
    "stacked": ("pages/stacked.py", "stacked", {"stacked.mode": "mnist", "stacked.hidden": "64, 32, 16"}, {}),
}
SHIPPED = ("ae-2d", "dae-gaussian", "conv-unpool", "vae-2d-mlp", "vae-2d-conv", "stacked")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    with pretrained_from(write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), SHIPPED)) as folder:
        yield folder


@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_trained_models_command_gives_the_pages_metrics(page, shipped):
    path, key, state, fields = PAGES[page]
    at = open_app_page(path, "en", **state)
    form = {"epochs": 1, "limit": 1280, **fields}
    for name, value in form.items():
        widget = f"panel.{key}.{name}"
        if isinstance(value, str):
            at.text_input(key=widget).set_value(value)
        elif name != "limit" or any(w.key == widget for w in at.number_input):
            at.number_input(key=widget).set_value(value)
    at.button(key=f"panel.{key}.train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    job = at.session_state[f"job.{key}"]
    # So short a run may not beat the mean image yet: the panel then offers to keep it anyway.
    assert job.wait(300) and job.state in ("done", "collapsed"), job.snapshot().message
    at.run()
    if job.state == "collapsed":
        at.button(key=f"panel.{key}.keep").click().run()
    assert not at.exception, [e.value for e in at.exception]
    trained = at.session_state[f"trained.{key}"]
    args = reproduce.arguments(trained.metadata)
    assert "--limit" in args and "--eval-limit" in args
    assert_same_metrics(trained.metadata["test"], run_cli(args)["test"])
