"""Predict, then check: a few questions at the end of each concept page. The learner picks an answer
and locks it in; only then does the page run the question's experiment (ae_core/predictions.py) on
the shipped models, once per server and dataset in the background (ui/resources.background), and
show what was measured, whether the prediction was right, and why. Progress (answered / correct)
is kept in session state for the whole session.

Views that ship with the weights (conv test MSE and checkerboards, PSNR curves, codes, novelty
scores) are read through ui/resources.pretrained_view_task, the same tasks the pages use, so a
question never computes them twice.
"""
from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import streamlit as st

from ae_core import views
from ae_core.defaults import NOVELTY_DEFAULT_NORMAL
from ui import resources
from ui.i18n import explain, t

if TYPE_CHECKING:
    from ae_core.data import ImageData
    from ae_core.predictions import Outcome

LOCKED_KEY = "predict.locked"  # {question id: the choice locked in}
PROGRESS_KEY = "predict.progress"  # {question id: whether the locked choice was right}
ASKED_EMPTY_KEY = "predict.asked_empty"  # the question whose Lock in was pressed with no choice

TEST_IMAGES = 2000  # reconstruction errors on the first test images: seconds at most on a CPU
PCA_TRAIN = 10000  # PCA baselines fitted on the first training images (1 s for 784 x 784)
NOISE_LEVELS = {"gaussian": 0.5, "salt-pepper": 0.2, "masking": 0.5}  # the Denoising page's defaults
STACKED_NOISE = 0.3
DECODERS = ("unpool", "upsample", "transposed")  # the shipped conv models, conv-<decoder>
PRIOR_SAMPLES = 64
PRIOR_REFERENCE = 5000
# The trained experiments' budgets: seconds each on a CPU thread, once per server and dataset.
GREEDY_STAGE_EPOCHS: int | None = None  # None: half the Stacked page's own toy epochs per stage
VAE_TRAIN = {"epochs": 2, "batch_size": 128, "lr": 2e-3, "limit": 10000, "eval_limit": 500}


@dataclass(frozen=True)
class Question:
    """One question: texts under predict.<id>.*, its choices, the one the source text leads one to
    expect, the experiment (started only after lock-in) and the values its sentence quotes."""

    id: str
    choices: tuple[str, ...]
    expected: str
    start: Callable[["ImageData"], "Future[Outcome]"]
    quote: Callable[["Outcome", "ImageData"], dict[str, str]]
    fmt: dict[str, str] | None = None  # placeholders of the question's wording


class Unavailable(Exception):
    """A shipped model the experiment needs cannot be loaded; the message says why."""


def _model(key: str):
    from ae_core.checkpoints import CheckpointError
    from ae_core.pretrained import PretrainedUnavailable

    try:
        return resources.pretrained(key)[0]
    except (PretrainedUnavailable, CheckpointError) as error:
        raise Unavailable(explain(error)) from error


def _task(question_id: str, data: "ImageData", compute: Callable[[], "Outcome"]) -> "Future[Outcome]":
    return resources.background(("predict", question_id, data.name), compute)


def _mse(value: float) -> str:
    return f"{value:.4f}"


def _db(value: float) -> str:
    return f"{value:.2f}"


def _count(data: "ImageData", limit: int | None = None) -> str:
    total = int(data.test_images.shape[0])
    return f"{min(total, limit) if limit else total:,}"


# ---- The experiments of each question ----------------------------------------------------------------

def _versus_pca(question_id: str, key: str, k: int):
    def start(data):
        from ae_core.predictions import model_vs_pca

        model = _model(key)
        return _task(question_id, data, lambda: model_vs_pca(model, data, k, PCA_TRAIN, TEST_IMAGES))
    return start


def _code_sizes(data):
    from ae_core.predictions import best_reconstruction

    models = {"ae_2d": _model("ae-2d"), "ae_32d": _model("ae-32d")}
    return _task("undercomplete.size", data,
                 lambda: best_reconstruction(models, data.test_images[:TEST_IMAGES]))


def _novelty(data):
    from ae_core.novelty import NoveltyAnalysis
    from ae_core.predictions import novelty_gap

    _model("novelty")
    normal = list(NOVELTY_DEFAULT_NORMAL)
    analysis = resources.pretrained_view_task(
        "novelty", "novelty", data.name, {"normal": normal, "normal_train": views.NOVELTY_TRAIN_SCORED},
        lambda model, images: views.novelty_analysis(model, images, normal), NoveltyAnalysis)
    return _then(analysis, lambda result: novelty_gap(result.scores, result.labels, result.normal))


def _then(future: Future, finish: Callable) -> Future:
    """A future of finish(future's result): the view is read or computed as the page would."""
    done: Future = Future()

    def chain(source: Future) -> None:
        try:
            done.set_result(finish(source.result()))
        except Exception as error:  # the page shows it as it would an error of the view itself
            done.set_exception(error)

    future.add_done_callback(chain)
    return done


def _greedy(data):
    def compute():
        import torch

        from ae_core.predictions import greedy_vs_end_to_end
        from ae_core.toy import TOY_MODEL, TOY_TRAIN, toy_dataset

        # Layers of two units train ten times faster on one thread than split across cores.
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            stage_epochs = GREEDY_STAGE_EPOCHS or TOY_TRAIN["epochs"] // 2
            return greedy_vs_end_to_end(toy_dataset(), dict(TOY_MODEL), stage_epochs,
                                        TOY_TRAIN["batch_size"], TOY_TRAIN["lr"])
        finally:
            torch.set_num_threads(threads)
    return resources.background(("predict", "stacked.greedy", GREEDY_STAGE_EPOCHS), compute)


def _stacked_noise(data):
    from ae_core.predictions import cleans_noise

    model = _model("stacked")
    return _task("stacked.noise", data,
                 lambda: cleans_noise(model, data.test_images[:TEST_IMAGES], "gaussian", STACKED_NOISE))


def _curve(key: str, data, kind: str):
    from ae_core.denoising import PsnrCurve

    _model(key)
    return resources.pretrained_view_task(key, f"psnr.{kind}", data.name, {"images": views.CURVE_IMAGES},
                                          lambda model, images: views.psnr_curve(model, images, kind), PsnrCurve)


def _all(futures: list[Future]) -> Future:
    """One future of the list of their results."""
    done: Future = Future()
    results: list = [None] * len(futures)
    remaining = [len(futures)]

    def collect(index: int, source: Future) -> None:
        if done.done():
            return
        if source.exception() is not None:
            done.set_exception(source.exception())
            return
        results[index] = source.result()
        remaining[0] -= 1
        if remaining[0] == 0:
            done.set_result(results)

    for index, future in enumerate(futures):
        future.add_done_callback(lambda source, index=index: collect(index, source))
    return done


def _worst_noise(data):
    from ae_core.predictions import least_cleaned

    kinds = list(NOISE_LEVELS)
    curves = _all([_curve("ae-32d", data, kind) for kind in kinds])
    return _then(curves, lambda results: least_cleaned(dict(zip(kinds, results)), NOISE_LEVELS))


def _denoiser_vs_plain(kind: str):
    def start(data):
        from ae_core.predictions import denoiser_vs_plain

        both = _all([_curve("dae-gaussian", data, kind), _curve("ae-32d", data, kind)])
        return _then(both, lambda results: denoiser_vs_plain(results[0], results[1], NOISE_LEVELS[kind]))
    return start


def _conv_scores(data):
    for decoder in DECODERS:
        _model(f"conv-{decoder}")
    return _all([resources.pretrained_view_task(f"conv-{decoder}", "conv", data.name,
                                                {"checker_images": views.CHECKER_IMAGES}, views.conv_scores)
                 for decoder in DECODERS])


def _decoder_mse(data):
    from ae_core.predictions import lowest

    return _then(_conv_scores(data), lambda scores: lowest(
        {name: score["mse"] for name, score in zip(DECODERS, scores)}))


def _decoder_checker(data):
    from ae_core.predictions import visible_checkerboard

    return _then(_conv_scores(data), lambda scores: visible_checkerboard(
        {name: score["checker"] for name, score in zip(DECODERS, scores)}, scores[0]["original_checker"]))


CONV_CONFIG = {"latent_dim": 16, "channels": [16, 32], "decoder": "transposed"}
MLP_HIDDEN = [256, 128]


def _parameters(data):
    from ae_core.convolution import decoder_parameter_counts, mlp_parameter_count
    from ae_core.predictions import parameters_vs_mlp

    counts = decoder_parameter_counts(CONV_CONFIG)
    return resources.ready(parameters_vs_mlp(counts[CONV_CONFIG["decoder"]],
                                             mlp_parameter_count(CONV_CONFIG["latent_dim"], MLP_HIDDEN)))


def _vae_config() -> dict:
    from ae_core.defaults import PAGES

    return {key: value for key, value in PAGES["vae-mlp"].model.items() if key != "beta"}


def _beta(data):
    def compute():
        from ae_core.predictions import beta_effect
        from ae_core.training import TrainConfig

        return beta_effect(data, _vae_config(), TrainConfig(**VAE_TRAIN), TEST_IMAGES)
    return resources.background(("predict", "vae.beta", data.name, tuple(sorted(VAE_TRAIN.items()))), compute)


def _normal_codes(data):
    from ae_core.predictions import closest_to_normal
    from ae_core.views import LatentView, PosteriorView

    _model("vae-2d-mlp")
    _model("ae-2d")
    posterior = resources.pretrained_view_task("vae-2d-mlp", "posterior", data.name,
                                               {"loss_images": views.LOSS_IMAGES}, views.posterior_view, PosteriorView)
    latent = resources.pretrained_view_task("ae-2d", "latent", data.name, {}, views.latent_view, LatentView)
    return _then(_all([posterior, latent]),
                 lambda results: closest_to_normal({"vae": results[0].mu, "ae": results[1].points}))


def _prior(data):
    from ae_core.predictions import prior_samples_realism

    models = {"vae": _model("vae-2d-mlp"), "ae": _model("ae-2d")}
    return _task("vae.prior", data, lambda: prior_samples_realism(models, data.test_images[:PRIOR_REFERENCE],
                                                                   PRIOR_SAMPLES))


def _quote_values(formats: dict[str, Callable[[float], str]]):
    def quote(outcome: "Outcome", data: "ImageData") -> dict[str, str]:
        return {name: formats.get(name, _mse)(value) for name, value in outcome.values.items()}
    return quote


def _with(quote, **extra: Callable[["ImageData"], str]):
    def wrapped(outcome, data):
        return {**quote(outcome, data), **{name: make(data) for name, make in extra.items()}}
    return wrapped


_TEST_COUNT = {"count": lambda data: _count(data, TEST_IMAGES)}
_CURVE_COUNT = {"count": lambda data: _count(data, views.CURVE_IMAGES)}

QUESTIONS: dict[str, list[Question]] = {
    "undercomplete": [
        Question("undercomplete.pca", ("model", "pca", "tie"), "model", _versus_pca("undercomplete.pca", "ae-2d", 2),
                 _with(_quote_values({}), **_TEST_COUNT)),
        Question("undercomplete.size", ("ae_2d", "ae_32d"), "ae_32d", _code_sizes,
                 _with(_quote_values({}), **_TEST_COUNT)),
        Question("undercomplete.novelty", ("normal", "novel", "same"), "novel", _novelty,
                 _with(_quote_values({}), count=lambda data: _count(data)),
                 fmt={"digits": ", ".join(map(str, NOVELTY_DEFAULT_NORMAL))}),
    ],
    "stacked": [
        Question("stacked.greedy", ("greedy", "e2e", "tie"), "greedy", _greedy,
                 _quote_values({"epochs": lambda value: f"{value:.0f}"})),
        Question("stacked.pca", ("model", "pca", "tie"), "model", _versus_pca("stacked.pca", "stacked", 16),
                 _with(_quote_values({}), **_TEST_COUNT)),
        Question("stacked.noise", ("cleaner", "noisier"), "noisier", _stacked_noise,
                 _with(_quote_values({"noisy": _db, "output": _db}), **_TEST_COUNT),
                 fmt={"level": f"{STACKED_NOISE:g}"}),
    ],
    "denoising": [
        Question("denoising.worst", ("gaussian", "salt_pepper", "masking"), "masking", _worst_noise,
                 _with(_quote_values({"gaussian": _db, "salt_pepper": _db, "masking": _db}), **_CURVE_COUNT)),
        Question("denoising.dae", ("denoiser", "plain", "same"), "denoiser", _denoiser_vs_plain("gaussian"),
                 _with(_quote_values({"denoiser": _db, "plain": _db, "noisy": _db}), **_CURVE_COUNT)),
        Question("denoising.transfer", ("denoiser", "same", "plain"), "same", _denoiser_vs_plain("masking"),
                 _with(_quote_values({"denoiser": _db, "plain": _db, "noisy": _db}), **_CURVE_COUNT)),
    ],
    "conv": [
        Question("conv.mse", DECODERS, "unpool", _decoder_mse,
                 _with(_quote_values({}), count=lambda data: _count(data))),
        Question("conv.checker", (*DECODERS, "none"), "none", _decoder_checker,
                 _with(_quote_values({name: _db for name in ("unpool", "upsample", "transposed", "original")}),
                       count=lambda data: _count(data, views.CHECKER_IMAGES))),
        Question("conv.params", ("conv", "mlp"), "conv", _parameters,
                 _quote_values({"conv": lambda value: f"{value:,.0f}", "mlp": lambda value: f"{value:,.0f}",
                                "ratio": lambda value: f"{value:.1f}"})),
    ],
    "vae": [
        Question("vae.beta", ("same", "spread", "collapsed"), "spread", _beta,
                 _with(_quote_values({name: _db for name in ("spread0", "spread1", "sigma0", "sigma1")}),
                       epochs=lambda data: str(VAE_TRAIN["epochs"]),
                       images=lambda data: f"{min(VAE_TRAIN['limit'], int(data.train_images.shape[0])):,}")),
        Question("vae.normal", ("vae", "ae"), "vae", _normal_codes,
                 _with(_quote_values({"vae": _db, "ae": _db}), count=lambda data: _count(data))),
        Question("vae.prior", ("vae", "ae"), "vae", _prior,
                 _with(_quote_values({}), reference=lambda data: _count(data, PRIOR_REFERENCE)),
                 fmt={"count": str(PRIOR_SAMPLES)}),
    ],
}


# ---- The widget ------------------------------------------------------------------------------------------

def total_questions() -> int:
    return sum(len(questions) for questions in QUESTIONS.values())


def progress() -> tuple[int, int]:
    """(answered, correct) in this session, over every page."""
    record = st.session_state.get(PROGRESS_KEY, {})
    return len(record), sum(1 for right in record.values() if right)


def _label(question: Question, choice: str) -> str:
    return t(f"predict.{question.id}.{choice}")


def _lock(question: Question) -> None:
    choice = st.session_state.get(f"predict.{question.id}.choice")
    if choice is None:
        st.session_state[ASKED_EMPTY_KEY] = question.id
        return
    st.session_state.pop(ASKED_EMPTY_KEY, None)
    st.session_state.setdefault(LOCKED_KEY, {})[question.id] = choice


def _question(number: int, question: Question, data: "ImageData") -> None:
    with st.container(border=True):
        st.markdown(f"**{t('predict.question', number=number)}** · " + t(f"predict.{question.id}.question",
                                                                            **(question.fmt or {})))
        locked = st.session_state.get(LOCKED_KEY, {}).get(question.id)
        if locked is None:
            # Labels fixed at drawing time: a format function read later must not depend on the
            # language of whatever run calls it.
            labels = {choice: _label(question, choice) for choice in question.choices}
            st.radio(t("predict.choose"), question.choices, index=None, key=f"predict.{question.id}.choice",
                     format_func=labels.__getitem__)
            st.button(t("predict.lock"), key=f"predict.{question.id}.lock", icon=":material/lock:",
                      on_click=_lock, args=(question,))
            if st.session_state.get(ASKED_EMPTY_KEY) == question.id:
                st.caption(t("predict.choose_first"))
            return
        st.markdown(t("predict.locked", choice=_label(question, locked)))
        try:
            future = question.start(data)
        except Unavailable as error:
            st.caption(t("predict.missing", message=str(error)))
            return
        outcome = resources.wait_for(future, t("predict.running"))
        if outcome is None:
            return
        right = locked == outcome.answer
        st.session_state.setdefault(PROGRESS_KEY, {}).setdefault(question.id, right)
        answer = _label(question, outcome.answer)
        # A prediction that missed is part of learning, not an error: told in a warning, not an error box.
        (st.success if right else st.warning)(t("predict.right" if right else "predict.wrong", answer=answer))
        st.markdown(t(f"predict.{question.id}.measure", **question.quote(outcome, data)))
        if outcome.points:
            _maps(question, outcome, data)
        reason = "why" if outcome.answer == question.expected else "exception"
        st.info(t(f"predict.{question.id}.{reason}", answer=answer), icon=":material/lightbulb:")


def _maps(question: Question, outcome: "Outcome", data: "ImageData") -> None:
    """The outcome's codes side by side on the same axes, so that their spreads compare at a glance."""
    import numpy as np

    from ae_core.figures import latent_scatter

    reach = 1.05 * max(float(np.abs(points).max()) for points in outcome.points.values())
    labels = data.test_labels.cpu().numpy()
    for column, (name, points) in zip(st.columns(len(outcome.points)), outcome.points.items()):
        figure = latent_scatter(points, labels[:points.shape[0]], data.class_names,
                                legend_title=t("predict.map.legend"), height=360)
        figure.update_xaxes(range=[-reach, reach]).update_yaxes(range=[-reach, reach])
        column.markdown(f"**{t(f'predict.{question.id}.map.{name}')}**")
        column.plotly_chart(figure, key=f"predict.{question.id}.map.{name}", config={"displayModeBar": False})


def render(page: str) -> None:
    """The page's questions on the dataset in use, and this session's progress over every page's
    questions."""
    data = resources.current_data()
    st.divider()
    st.header(t("predict.title"), anchor="predict")
    st.markdown(t("predict.intro"))
    counter = st.empty()
    for number, question in enumerate(QUESTIONS[page], start=1):
        _question(number, question, data)
    answered, correct = progress()
    # Drawn last so that a result that arrived in this run is counted.
    counter.caption(t("predict.progress", answered=answered, correct=correct, total=total_questions()))
