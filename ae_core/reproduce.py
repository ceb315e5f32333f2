"""The one command line that reproduces a model: `python -m ae_core train ...` from its metadata.

A model's metadata (what checkpoints record and the app keeps beside a model: family, config,
training, dataset, digits) holds every setting that shapes its weights. `command(metadata)` writes
them as the command line's flags, with the seed, so that running it trains the same model and
reports the same test metrics on the same machine.

The command is checked before it is given: it is parsed by the command line's own parser and
turned into a model config and a TrainConfig exactly as `python -m ae_core train` does, and must
give back the metadata's. So a default that the command line changes, or a setting it has no flag
for, raises NotReproducible naming the setting, rather than printing a command that would train
another model.

    command({"family": "ae", "config": {"latent_dim": 2, "hidden": [256, 128]},
             "training": {"epochs": 15, "lr": 2e-3}})
    -> 'python -m ae_core train --model ae --latent-dim 2 --hidden 256 128 --epochs 15
        --batch-size 128 --lr 0.002 --seed 0'
"""
from __future__ import annotations

import dataclasses
import functools
import json
import shlex
from typing import Any

from .data import DATASETS
from .errors import Explained
from .models import model_class
from .models.base import ConfigError, config_from_dict
from .training import TrainConfig

PROGRAM = ("python", "-m", "ae_core")
# Always written, even at their defaults: a reader sees them without looking anything up.
ALWAYS = ("epochs", "batch_size", "lr", "seed")
# Model settings always written: the code size and the network's kind and sizes, so that the
# command names the network itself rather than leaning on the command line's defaults for it
# (a VAE's channels only where it is convolutional: the MLP VAE has none).
KEEP_MODEL = ("latent_dim", "architecture", "hidden", "channels", "decoder")
# TrainConfig fields that do not change the weights a run ends with.
NOT_SHAPING = ("report_every",)
PRECISION = {True: "bf16", False: "fp32"}
# What a command is made from; the rest of a model's metadata (test metrics, history) is not.
METADATA_FIELDS = ("family", "config", "training", "dataset", "digits", "continued_from")
GREEDY_FIELD = "stage_epochs"  # ae_core.greedy.GreedyTrainConfig: greedy pretraining, then fine-tuning


class NotReproducible(Explained, ValueError):
    """No command line gives back the metadata's settings; the message names what differs."""

    domain = "reproduce"


@dataclasses.dataclass(frozen=True)
class _Target:
    """What the command must give back."""

    family: str
    config: Any  # the family's config dataclass
    training: TrainConfig
    stage_epochs: int | None
    dataset: str
    digits: list[int] | None


@functools.cache
def _train_parser():
    from .__main__ import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions if action.dest == "command")
    return parser, commands.choices["train"]


def train_flags() -> dict[str, str]:
    """{argparse dest: option string} of `python -m ae_core train`, read from its parser."""
    _, train = _train_parser()
    return {action.dest: action.option_strings[-1] for action in train._actions if action.option_strings}


def _value(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return [repr(value) if isinstance(value, float) else str(value)]


def _target(metadata: dict[str, Any]) -> _Target:
    family = metadata.get("family")
    if not isinstance(family, str):
        raise NotReproducible(f"the metadata names no model family, got {family!r}", "no_family")
    dataset = metadata.get("dataset") or "mnist"
    if dataset not in DATASETS:
        raise NotReproducible(f"the data set {dataset!r} cannot be loaded from the command line "
                              f"(it loads {', '.join(DATASETS)})", "dataset", dataset=dataset,
                              known=", ".join(DATASETS))
    if metadata.get("continued_from"):
        raise NotReproducible("the model continued the training of an earlier model, so no one command "
                              "trains it from scratch; the earlier model's settings are in its metadata",
                              "continued")
    if not metadata.get("training"):
        # Defaults would stand in for settings nobody recorded: a command for some other model.
        raise NotReproducible("the metadata does not record how the model was trained", "no_training")
    training = dict(metadata["training"])
    stage_epochs = training.pop(GREEDY_FIELD, None)
    names = {field.name for field in dataclasses.fields(TrainConfig)}
    unknown = set(training) - names
    if unknown:
        raise NotReproducible(f"unknown training setting(s): {', '.join(sorted(unknown))}", "unknown_settings",
                              names=", ".join(sorted(unknown)))
    try:
        config = config_from_dict(model_class(family).Config, dict(metadata.get("config") or {}))
        train_config = TrainConfig(**training)
        train_config.validate()
    except ConfigError as error:
        raise NotReproducible(str(error), "bad_settings", error=error) from None
    digits = metadata.get("digits")
    return _Target(family, config, train_config, stage_epochs, dataset,
                   None if digits is None else sorted(int(d) for d in digits))


def _model_names(target: _Target) -> list[tuple[str, ...]]:
    """`--model` choices to try, the most telling first: a model trained on noisy inputs is a
    denoising AE ("dae", whose --architecture picks the network), else its own family's name."""
    names: list[tuple[str, ...]] = []
    has_architecture = any(field.name == "architecture" for field in dataclasses.fields(target.config))
    if target.training.noise is not None and target.family in ("ae", "conv"):
        names += [("dae", "--architecture", "mlp" if target.family == "ae" else "conv"), ("dae",)]
    names += [(target.family,)]
    flags = train_flags()
    if has_architecture or "architecture" not in flags:
        return names
    return names + [(name[0], "--architecture", variant) for name in names for variant in ("mlp", "conv")]


def _candidate(target: _Target, model: tuple[str, ...], model_fields: list[str],
               train_fields: list[str]) -> list[str]:
    flags = train_flags()
    args = ["train", "--model", model[0], *model[1:]]
    config = dataclasses.asdict(target.config)
    for name in model_fields:
        args += [flags[name], *_value(config[name])]
    for name in train_fields:
        value = getattr(target.training, name)
        if name == "amp":
            args += [flags["precision"], PRECISION[value]]
        elif name == "compile":
            args.append(flags["compile"])
        else:
            args += [flags[name], *_value(value)]
    if target.stage_epochs is not None:
        args += [flags["greedy"], flags[GREEDY_FIELD], str(target.stage_epochs)]
    if target.dataset != "mnist":
        args += [flags["dataset"], target.dataset]
    if target.digits is not None:
        args += [flags["digits"], ",".join(map(str, target.digits))]
    return args


def _differences(args: list[str], target: _Target) -> list[str]:
    """Where what `python -m ae_core` builds from `args` differs from the target, as 'name =
    wanted (it gives found)'; empty when it gives back the target exactly."""
    from .__main__ import CliError, _model_config, _train_config

    parser, _ = _train_parser()
    try:
        namespace = parser.parse_args(args)
        family, config, noise, level = _model_config(namespace)
        training = _train_config(namespace, noise, level)
        config = config_from_dict(model_class(family).Config, config)
    except (CliError, ConfigError) as error:
        return [str(error)]
    if family != target.family:
        return [f"family = {target.family} (it gives {family})"]
    found = {**dataclasses.asdict(config), **dataclasses.asdict(training),
             GREEDY_FIELD: namespace.stage_epochs if namespace.greedy else None,
             "dataset": namespace.dataset, "digits": namespace.digits}
    wanted = {**dataclasses.asdict(target.config), **dataclasses.asdict(target.training),
              GREEDY_FIELD: target.stage_epochs, "dataset": target.dataset, "digits": target.digits}
    return [f"{name} = {wanted[name]!r} (it gives {found[name]!r})" for name in wanted
            if name not in NOT_SHAPING and found[name] != wanted[name]]


def arguments(metadata: dict[str, Any]) -> list[str]:
    """The arguments after `python -m ae_core` (what ae_core.__main__.main takes) that reproduce
    the model of `metadata`: family, config, training (TrainConfig fields; GreedyTrainConfig's
    stage_epochs for greedy pretraining), dataset, digits. Raises NotReproducible when none does."""
    # Pages ask on every rerun, and each answer parses a few candidate commands: keep the answers.
    key = json.dumps({name: metadata.get(name) for name in METADATA_FIELDS}, sort_keys=True, default=str)
    return list(_arguments(key))


@functools.lru_cache(maxsize=256)
def _arguments(key: str) -> tuple[str, ...]:
    """arguments() for the JSON of the metadata's METADATA_FIELDS.

    Every setting with a flag is written first; then each one that the command line's own
    defaults give back anyway is left out, except those of KEEP_MODEL and ALWAYS (and the noise,
    for a denoising model)."""
    target = _target(json.loads(key))
    flags = train_flags()
    config = dataclasses.asdict(target.config)
    # The code size and the network's kind first, as a reader looks for them.
    order = {name: index for index, name in enumerate(KEEP_MODEL)}
    model_fields = [name for name in sorted(config, key=lambda name: order.get(name, len(order))) if name in flags]
    kept = [*KEEP_MODEL, *ALWAYS] + (["noise", "noise_level"] if target.training.noise is not None else [])
    if config.get("architecture") == "mlp":
        kept.remove("channels")
    train_fields = [*ALWAYS] + (["noise", "noise_level"] if target.training.noise is not None else [])
    for field in dataclasses.fields(TrainConfig):
        value = getattr(target.training, field.name)
        flag = "precision" if field.name == "amp" else field.name
        if (field.name not in train_fields and field.name not in (*NOT_SHAPING, "noise", "noise_level")
                and flag in flags and value is not None and value is not False):
            train_fields.append(field.name)
    first_problems: list[str] = []
    for model in _model_names(target):
        # `--architecture` in the model's name chooses the network; not written twice.
        fields = [name for name in model_fields if not (len(model) > 1 and name == "architecture")]
        problems = _differences(_candidate(target, model, fields, train_fields), target)
        if problems:
            first_problems = first_problems or problems
            continue
        chosen = {"model": fields, "train": list(train_fields)}
        for part, names in (("model", fields), ("train", train_fields)):
            for name in names:
                if name in kept:
                    continue
                shorter = {**chosen, part: [other for other in chosen[part] if other != name]}
                if not _differences(_candidate(target, model, shorter["model"], shorter["train"]), target):
                    chosen = shorter
        return tuple(_candidate(target, model, chosen["model"], chosen["train"]))
    raise NotReproducible("the command line cannot give back " + "; ".join(first_problems), "no_flags",
                          problems="; ".join(first_problems),
                          names=", ".join(problem.split(" = ", 1)[0] for problem in first_problems))


def command(metadata: dict[str, Any]) -> str:
    """The shell command line that reproduces the model (see arguments)."""
    return shlex.join([*PROGRAM, *arguments(metadata)])
