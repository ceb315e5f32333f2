"""One source of defaults (ae_core.defaults): the command line, `pretrain` and the pages' training
forms all take their settings from it, and `--help` shows them."""
from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from ae_core import defaults, pretrained
from ae_core.__main__ import _model_config, _train_config, build_parser
from ae_core.training import TrainConfig
from tests.page_helpers import open_app_page
from tests.tiny_pretrained import ROOT, pretrained_from, write_tiny_pretrained
from ui.training_panel import widget_key

pytestmark = pytest.mark.usefixtures("small_probes")  # see conftest.py


def parsed(*args: str) -> tuple[str, dict, TrainConfig]:
    namespace = build_parser().parse_args(list(args))
    family, config, noise, level = _model_config(namespace)
    return family, config, _train_config(namespace, noise, level)


def expected_train(recipe: defaults.Recipe, **fields) -> TrainConfig:
    return TrainConfig(**{**recipe.train, **fields})


def test_the_table_states_every_training_default_as_train_config_does():
    config = TrainConfig()
    for name, value in defaults.TRAIN_BASE.items():
        assert getattr(config, name) == value, name


@pytest.mark.parametrize("model", list(defaults.CLI_MODELS))
def test_the_command_line_trains_the_tables_recipe(model):
    recipe = defaults.CLI[model]
    family, config, train = parsed("train", "--model", model)
    assert (family, config) == (recipe.family, recipe.model)
    assert train == expected_train(recipe)


@pytest.mark.parametrize("model, architecture", [("dae", "mlp"), ("vae", "conv")])
def test_architecture_picks_the_tables_other_variant(model, architecture):
    recipe = defaults.cli_recipe(model, architecture)
    assert recipe is not defaults.CLI[model]
    family, config, train = parsed("train", "--model", model, "--architecture", architecture)
    assert (family, config, train) == (recipe.family, recipe.model, expected_train(recipe))


def test_given_arguments_win_over_the_table():
    family, config, train = parsed("train", "--model", "vae", "--latent-dim", "3", "--hidden", "64",
                                   "--epochs", "2", "--warmup", "0", "--lr-schedule", "constant")
    assert family == "vae" and config["latent_dim"] == 3 and config["hidden"] == [64]
    assert (train.epochs, train.warmup, train.lr_schedule) == (2, 0.0, "constant")
    assert train.batch_size == defaults.CLI["vae"].train["batch_size"]


def test_the_novelty_command_trains_the_detector_that_ships():
    namespace = build_parser().parse_args(["novelty", "--normal", "0"])
    family, config, noise, level = _model_config(namespace)
    assert (family, config) == (defaults.NOVELTY.family, defaults.NOVELTY.model)
    assert _train_config(namespace, noise, level) == expected_train(defaults.NOVELTY)
    spec = pretrained.SPECS["novelty"]
    assert (spec.family, spec.config, spec.train) == (family, config, defaults.NOVELTY.train)


def test_pretrain_trains_the_tables_recipes():
    assert set(pretrained.SPECS) == set(defaults.PRETRAIN)
    for key, spec in pretrained.SPECS.items():
        recipe = defaults.PRETRAIN[key]
        assert (spec.family, spec.config, spec.train) == (recipe.family, recipe.model, recipe.train), key
    # The shipped denoiser and 20-D VAE are the command line's own recipes.
    for key, model in (("dae-gaussian", "dae"), ("vae-20d", "vae")):
        shipped, cli = defaults.PRETRAIN[key], defaults.CLI[model]
        assert (shipped.family, shipped.model, shipped.train) == (cli.family, cli.model, cli.train)


def train_parser():
    commands = next(action for action in build_parser()._actions if action.dest == "command")
    return commands.choices["train"]


def test_every_train_setting_states_its_default():
    switches = {"help", "json", "greedy", "compile"}  # on/off flags: off unless given
    for action in train_parser()._actions:
        if action.option_strings and action.dest not in switches:
            assert "default:" in (action.help or ""), f"{action.option_strings[-1]} states no default"


def test_help_shows_each_models_defaults():
    result = subprocess.run([sys.executable, "-m", "ae_core", "train", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    vae, dae = defaults.CLI["vae"], defaults.CLI["dae"]
    assert f"vae {vae.model['latent_dim']}" in text and f"dae {dae.model['latent_dim']}" in text
    assert f"vae {vae.train['warmup']:g}" in text
    assert f"vae {' '.join(map(str, vae.model['hidden']))}" in text
    assert f"vae {vae.model['activation']}" in text


# Each page's training form, as a browser first shows it: (page, session state, panel key, recipe).
PAGES = [
    ("pages/undercomplete.py", {}, "undercomplete", "undercomplete"),
    ("pages/undercomplete.py", {}, "features.2", "features"),
    ("pages/undercomplete.py", {"undercomplete.usage": "novelty"}, "novelty.0", "novelty"),
    ("pages/denoising.py", {}, "denoising", "denoising"),
    ("pages/conv.py", {}, "conv", "conv"),
    ("pages/vae.py", {}, "vae", "vae-mlp"),
    ("pages/vae.py", {"vae.architecture": "conv"}, "vae", "vae-conv"),
    ("pages/stacked.py", {"stacked.mode": "mnist"}, "stacked.greedy", "stacked"),
]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    with pretrained_from(write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), tuple(pretrained.SPECS))):
        yield


@pytest.mark.parametrize("page, state, key, recipe", PAGES)
def test_a_pages_training_form_starts_at_the_tables_defaults(shipped, page, state, key, recipe):
    at = open_app_page(page, **state)
    values = {widget.key: widget.value for kind in ("number_input", "select_slider", "text_input")
              for widget in getattr(at, kind) if widget.key and widget.key.startswith("panel.")}
    # A recipe without a limit trains on every image: the form starts at all 60,000 of MNIST's.
    train = {"limit": 60000, **defaults.PAGES[recipe].train}
    for name in ("epochs", "batch_size", "lr", "limit", "stage_epochs"):
        if name in train or name != "stage_epochs":
            assert values[widget_key(key, name)] == train[name], name
    model = defaults.PAGES[recipe].model
    for name in ("latent_dim", "hidden", "channels"):
        if widget_key(key, name) in values:
            shown = values[widget_key(key, name)]
            assert shown == (", ".join(map(str, model[name])) if isinstance(model[name], list) else model[name]), name


def test_page_recipes_are_the_command_lines_networks_with_a_smaller_budget():
    assert defaults.PAGES["novelty"].model == defaults.NOVELTY.model
    assert defaults.PAGES["conv"].model == defaults.CLI["conv"].model
    assert defaults.PAGES["stacked"].model == defaults.CLI["stacked"].model


def test_recipes_build_and_validate():
    from ae_core.models import build_model

    tables = {**{f"cli {k}": r for k, r in defaults.CLI.items()}, **{f"page {k}": r for k, r in defaults.PAGES.items()},
              **{f"pretrain {k}": r for k, r in defaults.PRETRAIN.items()}, "novelty": defaults.NOVELTY}
    for name, recipe in tables.items():
        build_model(recipe.family, recipe.model, seed=0)
        fields = {field.name for field in dataclasses.fields(TrainConfig)}
        TrainConfig(**{k: v for k, v in recipe.train.items() if k in fields}).validate()
