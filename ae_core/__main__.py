"""Command line: `python -m ae_core {train,evaluate,novelty,probe,bench,pretrain} ... [--json]`.

With --json the last line on stdout is one JSON object; progress goes to stderr. Bad arguments
exit non-zero with one clear line, never a traceback.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from typing import Any, NoReturn

FAMILIES_CLI = ("ae", "stacked", "dae", "conv", "vae")


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message}")


def _digits(text: str) -> list[int]:
    if text == "all":
        return list(range(10))
    try:
        digits = [int(part) for part in text.replace(",", " ").split()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"digits must be like '1' or '3,5' or 'all', got {text!r}")
    if not digits or any(not 0 <= d <= 9 for d in digits):
        raise argparse.ArgumentTypeError(f"digits must lie in 0..9, got {text!r}")
    return digits


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", default="mnist", help="mnist (bundled), fashion-mnist, kmnist (default: mnist)")
    parser.add_argument("--device", default=None, help="cpu, cuda, cuda:N or mps (default: best available)")
    parser.add_argument("--seed", type=int, default=0, help="initial weights, shuffling, noise (default: 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last stdout line")


def _defaults_text(name: str, recipes: dict[str, Any], part: str) -> str:
    """'default: dae 64, vae 20' for one setting: each model's value from the defaults table
    (ae_core.defaults), or one value when every model shares it."""
    values = {}
    for model, recipe in recipes.items():
        value = getattr(recipe, part).get(name)
        if value is not None:
            values[model] = " ".join(map(str, value)) if isinstance(value, list) else f"{value:g}" \
                if isinstance(value, float) else str(value)
    if not values:
        return "default: none"
    if len(set(values.values())) == 1 and len(values) == len(recipes):
        return f"default: {next(iter(values.values()))}"
    return "default: " + ", ".join(f"{model} {value}" for model, value in values.items())


def _add_model_args(parser: argparse.ArgumentParser, recipes: dict[str, Any], default_model: str | None) -> None:
    """Model arguments default to None: the chosen model's recipe fills in what is not given."""
    def text(what: str, name: str) -> str:
        return f"{what} ({_defaults_text(name, recipes, 'model')})"

    parser.add_argument("--model", choices=FAMILIES_CLI, default=default_model,
                        help=f"default: {default_model or next(iter(recipes))}")
    parser.add_argument("--latent-dim", type=int, help=text("code size", "latent_dim"))
    parser.add_argument("--hidden", type=int, nargs="*",
                        help=text("hidden layer sizes, e.g. --hidden 256 128; none: a conv VAE's map feeds its code", "hidden"))
    parser.add_argument("--channels", type=int, nargs="+", help=text("channels of each conv block", "channels"))
    parser.add_argument("--architecture", choices=("mlp", "conv"),
                        help="dae and vae: MLP or convolutional network (default: dae conv, vae mlp)")
    parser.add_argument("--decoder", choices=("unpool", "upsample", "transposed"),
                        help=text("conv: decoder kind", "decoder"))
    parser.add_argument("--beta", type=float, help=text("vae: weight of the KL term", "beta"))
    # Each family checks its own: the MLP VAE takes relu/silu/elu, the stacked AE relu/sigmoid/tanh.
    parser.add_argument("--activation", choices=("relu", "silu", "elu", "sigmoid", "tanh"),
                        help=text("hidden activation; mlp vae: relu, silu or elu (the browser decodes relu "
                                  "only); stacked: relu, sigmoid or tanh", "activation"))
    parser.add_argument("--reconstruction", choices=("bce", "mse"),
                        help=text("reconstruction loss of ae, stacked, conv", "reconstruction"))


def _add_train_args(parser: argparse.ArgumentParser, recipes: dict[str, Any]) -> None:
    def text(what: str, name: str) -> str:
        return f"{what} ({_defaults_text(name, recipes, 'train')})"

    parser.add_argument("--epochs", type=int, help=text("passes over the training images", "epochs"))
    parser.add_argument("--batch-size", type=int, help=text("images per step", "batch_size"))
    parser.add_argument("--lr", type=float, help=text("peak learning rate (Adam)", "lr"))
    parser.add_argument("--lr-schedule", choices=("cosine", "constant"),
                        help=text("cosine decays the rate to 5%% of --lr over the run", "lr_schedule"))
    parser.add_argument("--warmup", type=float,
                        help=text("share of the steps that ramp the rate up to --lr", "warmup"))
    parser.add_argument("--noise", choices=("gaussian", "salt-pepper", "masking"),
                        help=text("corrupt the inputs, keep the targets clean", "noise"))
    parser.add_argument("--noise-level", type=float,
                        help="sigma (gaussian) or probability (default: dae 0.5; 0.5 for gaussian, 0.3 otherwise)")
    parser.add_argument("--limit", type=int, help="train on the first N training images only (default: all)")
    parser.add_argument("--eval-limit", type=int, help="test images used for per-epoch metrics (default: all)")
    parser.add_argument("--precision", choices=("auto", "bf16", "fp32"), default="auto",
                        help="bf16 autocast: auto uses it where the hardware does bf16 natively (default: auto)")
    parser.add_argument("--compile", action="store_true",
                        help="torch.compile the loss: faster steps after seconds of compiling (default: off)")


def build_parser() -> Parser:
    from . import defaults

    parser = Parser(prog="python -m ae_core", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    train = commands.add_parser("train", help="train one model and report its test metrics")
    _add_model_args(train, defaults.CLI_MODELS, "ae")
    _add_train_args(train, defaults.CLI_MODELS)
    train.add_argument("--greedy", action="store_true", help="stacked: greedy layer-wise pretraining first")
    train.add_argument("--stage-epochs", type=int,
                       help="with --greedy: epochs of each pretraining stage (default: --epochs)")
    train.add_argument("--digits", type=_digits,
                       help="train on these digits only (every test image is kept), e.g. 0 or 3,5 (default: all)")
    train.add_argument("--save", help="write weights (.safetensors) and metadata (.json) here (default: not saved)")
    _add_common(train)

    evaluate = commands.add_parser("evaluate", help="test metrics of a saved model")
    evaluate.add_argument("path")
    evaluate.add_argument("--noise", choices=("gaussian", "salt-pepper", "masking"))
    evaluate.add_argument("--noise-level", type=float, default=0.0)
    _add_common(evaluate)

    novelty = commands.add_parser("novelty", help="one-class novelty detection AUROC")
    novelty.add_argument("--normal", type=_digits, required=True,
                         help="normal digits, e.g. 1 or 3,5; 'all' runs each digit alone and averages")
    _add_model_args(novelty, {"the novelty detector": defaults.NOVELTY}, None)
    _add_train_args(novelty, {"the novelty detector": defaults.NOVELTY})
    _add_common(novelty)

    probe = commands.add_parser("probe", help="linear-probe accuracy: codes vs raw pixels vs PCA")
    probe.add_argument("--checkpoint", help="probe a saved model instead of training one")
    _add_model_args(probe, defaults.CLI_MODELS, "ae")
    _add_train_args(probe, defaults.CLI_MODELS)
    probe.add_argument("--train-limit", type=int, default=10000, help="images the probe trains on")
    _add_common(probe)

    bench = commands.add_parser("bench", help="engine throughput against a DataLoader reference")
    bench.add_argument("--steps", type=int, default=300, help="training steps timed for each side")
    bench.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    bench.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians are reported")
    bench.add_argument("--compile", action="store_true",
                       help="also time the engine with its loss compiled (torch.compile; slow first steps)")
    _add_common(bench)

    pretrain = commands.add_parser("pretrain", help="regenerate the shipped pretrained weights")
    pretrain.add_argument("--only", nargs="+", help="keys to regenerate (default: all)")
    pretrain.add_argument("--out", help="folder (default: pretrained/)")
    pretrain.add_argument("--epochs", type=int, help="override every spec's epochs (quick checks)")
    pretrain.add_argument("--limit", type=int, help="train on the first N images (quick checks)")
    pretrain.add_argument("--views-only", action="store_true",
                          help="recompute only the views files (ae_core/views.py) from the weights there")
    _add_common(pretrain)
    return parser


def _progress(event: Any) -> None:
    """Progress lines on stderr: one per epoch, and a running line within an epoch."""
    stage = f"[{event.stage}] " if event.stage else ""
    if event.kind == "epoch":
        terms = " ".join(f"{k}={v:.4g}" for k, v in event.terms.items())
        test = " ".join(f"{k}={v:.4g}" for k, v in (event.test or {}).items())
        print(f"\r{stage}epoch {event.epoch}/{event.epochs} train {terms} | test {test} "
              f"| {event.samples_per_second:.0f} samples/s, {event.elapsed_s:.1f} s", file=sys.stderr)
    elif event.kind == "step":
        print(f"\r{stage}epoch {event.epoch}/{event.epochs} step {event.step}/{event.steps_per_epoch} "
              f"loss {event.terms.get('loss', float('nan')):.4g}", end="", file=sys.stderr, flush=True)


def _recipe(args: argparse.Namespace):
    """The defaults table's recipe for the chosen model (ae_core.defaults)."""
    from . import defaults

    if args.model is None:
        return defaults.NOVELTY
    if args.architecture is not None and not defaults.CLI[args.model].variants:
        raise CliError("--architecture applies to --model dae and vae only")
    return defaults.cli_recipe(args.model, args.architecture)


def _model_config(args: argparse.Namespace) -> tuple[str, dict[str, Any], str | None, float]:
    """(family, config dict, noise, noise level): the recipe's, with what the arguments give."""
    recipe = _recipe(args)
    config = dict(recipe.model)
    for name in ("latent_dim", "hidden", "channels", "beta", "activation", "decoder", "reconstruction"):
        value = getattr(args, name, None)
        if value is not None:
            config[name] = value
    noise, level = getattr(args, "noise", None), getattr(args, "noise_level", None)
    if noise is None:
        noise = recipe.train.get("noise")
        level = recipe.train.get("noise_level") if level is None and noise else level
    if noise is not None and level is None:
        level = 0.5 if noise == "gaussian" else 0.3
    if noise is None and level is not None:
        raise CliError("--noise-level needs --noise (or --model dae)")
    return recipe.family, config, noise, level or 0.0


def _train_config(args: argparse.Namespace, noise: str | None, level: float):
    from .training import TrainConfig

    values = dict(_recipe(args).train)
    given = {"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
             "lr_schedule": args.lr_schedule, "warmup": args.warmup, "limit": args.limit,
             "eval_limit": args.eval_limit}
    values.update({name: value for name, value in given.items() if value is not None})
    values.update(noise=noise, noise_level=level, seed=args.seed,
                  amp={"auto": None, "bf16": True, "fp32": False}[getattr(args, "precision", "auto")],
                  compile=bool(getattr(args, "compile", False)))
    config = TrainConfig(**values)
    config.validate()
    return config


def _load_data(args: argparse.Namespace):
    from .data import load_dataset

    return load_dataset(args.dataset, device=args.device)


def cmd_train(args: argparse.Namespace) -> dict[str, Any]:
    from . import checkpoints, experiments, training
    from .models import build_model

    family, model_config, noise, level = _model_config(args)
    if args.greedy and family != "stacked":
        raise CliError("--greedy applies to --model stacked only")
    if args.stage_epochs is not None and not args.greedy:
        raise CliError("--stage-epochs needs --greedy")
    model = build_model(family, model_config, seed=args.seed)
    config = _train_config(args, noise, level)
    data = _load_data(args)
    if args.digits is not None:
        data = data.subset(digits=args.digits)
    if args.greedy:
        stage_config = config if args.stage_epochs is None else dataclasses.replace(config, epochs=args.stage_epochs)
        stage_config.validate()
        events = training.train_greedy(model, data, stage_config, config)
    else:
        events = training.train(model, data, config)
    done = experiments.train_model(model, data, config, on_event=_progress, events=events)
    result = experiments.describe_run(model, config, done, data.device)
    result["model"] = args.model
    if args.save:
        path = checkpoints.save(model, args.save, dataset=args.dataset, epochs=done.epoch,
                                test=done.test, training=result["config"]["train"])
        result["saved"] = str(path)
    return result


def cmd_evaluate(args: argparse.Namespace) -> dict[str, Any]:
    from . import checkpoints, metrics

    data = _load_data(args)
    model, metadata = checkpoints.load(args.path, device=data.device)
    test = metrics.evaluate(model, data.test_images, args.noise, args.noise_level, seed=args.seed)
    return {"path": args.path, "model": metadata.get("family"), "dataset": args.dataset, "test": test}


def cmd_novelty(args: argparse.Namespace) -> dict[str, Any]:
    from . import experiments

    family, model_config, noise, level = _model_config(args)
    config = _train_config(args, noise, level)
    data = _load_data(args)
    one_class = len(args.normal) == 10
    runs = [[digit] for digit in args.normal] if one_class else [args.normal]
    reports = []
    for normal in runs:
        print(f"normal digits {normal}", file=sys.stderr)
        _, report = experiments.novelty_experiment(data, normal, family, model_config, config,
                                                   seed=args.seed, on_event=_progress)
        print(f"AUROC {report['auroc']:.4f}", file=sys.stderr)
        reports.append(report)
    if not one_class:
        return reports[0]
    mean = sum(r["auroc"] for r in reports) / len(reports)
    return {"normal": "each digit alone", "auroc": mean, "per_digit": {str(r["normal"][0]): r["auroc"] for r in reports}}


def cmd_probe(args: argparse.Namespace) -> dict[str, Any]:
    from . import checkpoints, experiments, training
    from .models import build_model

    data = _load_data(args)
    if args.checkpoint:
        model, _ = checkpoints.load(args.checkpoint, device=data.device)
    else:
        family, model_config, noise, level = _model_config(args)
        model = build_model(family, model_config, seed=args.seed)
        config = _train_config(args, noise, level)
        experiments.train_model(model, data, config, on_event=_progress,
                                events=training.train(model, data, config))
    return experiments.probe_experiment(model, data, train_limit=args.train_limit)


def cmd_bench(args: argparse.Namespace) -> dict[str, Any]:
    from . import bench

    return bench.throughput(steps=args.steps, device=args.device, threads=args.threads, log=sys.stderr,
                           compile=args.compile, rounds=args.rounds)


def cmd_pretrain(args: argparse.Namespace) -> dict[str, Any]:
    from . import pretrained

    keys = args.only or list(pretrained.SPECS)
    unknown = [key for key in keys if key not in pretrained.SPECS]
    if unknown:
        raise CliError(f"unknown pretrained key(s) {', '.join(unknown)}; known: {', '.join(pretrained.SPECS)}")
    data = _load_data(args)
    folder = None if args.out is None else __import__("pathlib").Path(args.out)
    results = {}
    for key in keys:
        spec = pretrained.SPECS[key]
        print(f"== {key}: {spec.description}", file=sys.stderr)
        if not args.views_only:
            overrides = {k: v for k, v in {"epochs": args.epochs, "limit": args.limit}.items() if v is not None}
            model = done = None
            for model, done in pretrained.train_spec(spec, data, seed=args.seed, **overrides):
                _progress(done)
            path = pretrained.save_spec(spec, model, done, args.dataset, folder)
            results[key] = {"path": str(path), "test": done.test, "train_seconds": round(done.elapsed_s, 1)}
        # What the pages show about the model, made from the weights just written (ae_core/views.py).
        started = time.perf_counter()
        views_path = pretrained.write_views(key, data, folder,
                                            progress=lambda name: print(f"   view {name}", file=sys.stderr))
        results.setdefault(key, {}).update(views=None if views_path is None else str(views_path),
                                           views_seconds=round(time.perf_counter() - started, 1))
    return {"pretrained": results}


COMMANDS = {"train": cmd_train, "evaluate": cmd_evaluate, "novelty": cmd_novelty, "probe": cmd_probe,
            "bench": cmd_bench, "pretrain": cmd_pretrain}


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    try:
        args = build_parser().parse_args(argv)
        result = COMMANDS[args.command](args)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except (ValueError, FileNotFoundError, RuntimeError) as error:
        # ConfigError, CheckpointError, DatasetUnavailable, TrainingDiverged and device errors all
        # carry a message written for the user.
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    result["wall_seconds"] = round(time.perf_counter() - started, 3)
    if args.json:
        print(json.dumps(result, default=float))
    else:
        print(json.dumps(result, indent=2, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
