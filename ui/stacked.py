"""Views of the Stacked AE page: the network drawn from a model's real weights, greedy layer-wise
pretraining stage by stage, the two training panels (greedy and end to end) and their comparison,
the first layer's weights and reconstructions at each depth.

Two modes share every view. "toy": the source text's own network (5 inputs, hidden layers of 2)
on ae_core.toy's synthetic points, every neuron and weight drawn. "mnist": a deep network on
digits, layers drawn as blocks. Model keys (ui/models.py): the MNIST end-to-end model is the
page's main key "stacked" (the sidebar's pretrained / trained choice); the others are trained only.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import streamlit as st

from ae_core.defaults import PAGES
from ui import models, resources, state
from ui.charts import figure_for, shared_figure
from ui.i18n import t
from ui.model_upload import model_upload
from ui.images import image_rows, to_numpy
from ui.jobs import JobSnapshot, TrainingJob, reconstruction_preview, train_schedule
from ui.training_panel import Field, default_train_config, training_fields, training_panel

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData
    from ae_core.models.stacked import StackedAE
    from ae_core.training import TrainConfig

TOY, MNIST = "toy", "mnist"
MODES = (TOY, MNIST)
MODE_KEY = "stacked.mode"
HIDDEN_KEY = "stacked.hidden"
LATENT_KEY = "stacked.latent"
STAGE_KEY = "stacked.stage"
VIEW_MODEL_KEY = "stacked.view_model"
MNIST_HIDDEN = PAGES["stacked"].model["hidden"]  # also the shipped "stacked" model's layers
MNIST_LATENT = PAGES["stacked"].model["latent_dim"]
MNIST_TRAIN = PAGES["stacked"].train
LATENT_SIZES = (2, 4, 8, 16, 32, 64)
GREEDY, E2E = "greedy", "e2e"
PREVIEW_DIGITS = 10
COMPARE_DIGITS = 10
WEIGHT_TILES = 30


@dataclass(frozen=True)
class Mode:
    """What differs between the two modes: data, network, model keys and training defaults."""

    name: str
    data: "ImageData"
    config: dict[str, Any]  # StackedConfig fields
    keys: dict[str, str]  # GREEDY / E2E -> model key
    pretrained_key: str | None  # of the end-to-end model
    stage_epochs: int
    finetune_epochs: int
    batch_size: int
    lr: float
    limit: int | None  # the form's default number of training images (None: no such field)

    @property
    def depth(self) -> int:
        return len(self.config["hidden"]) + 1


@st.cache_resource(show_spinner=False)
def toy_data() -> "ImageData":
    """The toy points stay on the CPU: layers of two units gain nothing from a GPU."""
    from ae_core.toy import toy_dataset

    return toy_dataset()


def choose_mode() -> Mode:
    """The mode control, and for MNIST the network's hidden layers and code size (shared by both
    training panels, so that greedy and end-to-end train the same network)."""
    from ae_core.toy import TOY_MODEL, TOY_TRAIN

    mode = state.choice(st.segmented_control, MODE_KEY, MODES, TOY, label=t("stacked.mode"),
                        format_func=lambda name: t(f"stacked.mode.{name}"))
    if mode != MNIST:
        return Mode(TOY, toy_data(), dict(TOY_MODEL), {GREEDY: "stacked.toy.greedy", E2E: "stacked.toy.e2e"},
                    None, TOY_TRAIN["epochs"], TOY_TRAIN["epochs"], TOY_TRAIN["batch_size"], TOY_TRAIN["lr"], None)
    hidden_column, latent_column = st.columns([3, 1])
    with hidden_column:
        text = state.text(HIDDEN_KEY, hidden_text(MNIST_HIDDEN), label=t("stacked.field.hidden"))
    with latent_column:
        latent = state.choice(st.selectbox, LATENT_KEY, LATENT_SIZES, MNIST_LATENT, label=t("stacked.field.latent"))
    hidden = _parse_hidden(text)
    # The shipped end-to-end model exists for its own network only.
    shipped = "stacked" if hidden == MNIST_HIDDEN and latent == MNIST_LATENT else None
    return Mode(MNIST, resources.current_data(), {"hidden": hidden, "latent_dim": latent},
                {GREEDY: "stacked.greedy", E2E: "stacked"}, shipped, MNIST_TRAIN["stage_epochs"],
                MNIST_TRAIN["epochs"], MNIST_TRAIN["batch_size"], MNIST_TRAIN["lr"], MNIST_TRAIN["limit"])


def hidden_text(hidden: list[int]) -> str:
    return ", ".join(map(str, hidden))


def mode_settings(mode: Mode) -> dict[str, Any]:
    """The page's settings that a model must match to be shown (ui/models.current_model)."""
    return {HIDDEN_KEY: hidden_text(mode.config["hidden"]), LATENT_KEY: mode.config["latent_dim"]}


def model_settings(model: "StackedAE") -> dict[str, Any]:
    return {HIDDEN_KEY: hidden_text(list(model.config.hidden)), LATENT_KEY: model.latent_dim}


def _parse_hidden(text: str) -> list[int]:
    from ae_core.models.base import ConfigError
    from ae_core.models.stacked import StackedConfig

    try:
        hidden = [int(part) for part in text.replace(",", " ").split()]
        StackedConfig(hidden=hidden).validate()
        return hidden
    except (ValueError, ConfigError):
        st.error(t("stacked.bad_hidden", text=text), icon=":material/error:")
        return list(MNIST_HIDDEN)


def build(mode: Mode) -> Callable[[dict[str, Any]], "StackedAE"]:
    def build_model(values: dict[str, Any]) -> "StackedAE":
        from ae_core.models import build_model as build_family

        return build_family("stacked", mode.config, seed=int(values.get("seed", 0)))

    return build_model


def describe(mode: Mode, how: str) -> str:
    sizes = [mode.config.get("input_dim", 784), *mode.config["hidden"], mode.config["latent_dim"]]
    return t("describe.stacked", sizes="-".join(map(str, sizes)), how=t(f"describe.stacked.{how}"))


# --- Which model each view shows ------------------------------------------------------------------

def e2e_choice(mode: Mode) -> models.ModelChoice | None:
    """The end-to-end model for the chosen network: MNIST's follows the sidebar (shipped, for the
    shipped network only, or trained); the toy's is trained."""
    if mode.name == TOY:
        trained = models.trained_model(mode.keys[E2E])
        return models.trained_choice(trained) if trained is not None else None
    return models.current_model(mode.keys[E2E], mode.pretrained_key, mode.data, settings=mode_settings(mode),
                                model_settings=model_settings)


def greedy_choice(mode: Mode) -> models.ModelChoice | None:
    """The greedy model, when one was trained for the chosen network (a trained one for another
    network is named, with one click back to its settings)."""
    trained = models.trained_model(mode.keys[GREEDY])
    if trained is None:
        return None
    if mode.name == MNIST and model_settings(trained.model) != mode_settings(mode):
        st.info(t("stacked.greedy_other_network", description=trained.description), icon=":material/tune:")
        st.button(t("models.back_to_trained"), key="stacked.greedy_back", icon=":material/undo:",
                  on_click=_restore_network, args=(model_settings(trained.model),))
        return None
    return models.trained_choice(trained)


def _restore_network(settings: dict[str, Any]) -> None:
    for key, value in settings.items():
        st.session_state[key] = value


@dataclass(frozen=True)
class Shown:
    """A model the page draws, how its caption names it, and what it was trained with."""

    model: "StackedAE"
    label: str
    metadata: dict[str, Any]
    source: str


def shown_models(mode: Mode) -> dict[str, Shown]:
    """{"greedy": ..., "e2e": ...} for the models of the chosen network that exist. Call it once per
    run: for MNIST it draws the sidebar's model source and the model's warnings."""
    shown = {}
    greedy = greedy_choice(mode)
    if greedy is not None:
        shown[GREEDY] = Shown(greedy.model, t("stacked.which.greedy"), greedy.metadata, greedy.source)
    e2e = e2e_choice(mode)
    if e2e is not None and getattr(e2e.model, "family", None) == "stacked":
        label = t("stacked.which.pretrained") if e2e.source == models.PRETRAINED else t("stacked.which.e2e")
        shown[E2E] = Shown(e2e.model, label, e2e.metadata, e2e.source)
    return shown


def budget(metadata: dict[str, Any]) -> str:
    """How long a model trained: epochs and training images, as its metadata records them."""
    training = metadata.get("training") or {}
    limit = training.get("limit") or metadata.get("train_images")
    epochs = metadata.get("epochs", "?")
    if limit:
        return t("stacked.budget", epochs=epochs, images=f"{int(limit):,}")
    return t("stacked.budget_epochs", epochs=epochs)


# --- The network -----------------------------------------------------------------------------------

def role_words() -> dict[str, str]:
    words = {name: t(f"figure.{name}") for name in ("encoder", "decoder", "input", "code", "output")}
    words.update({role: t(f"stacked.role.{role}") for role in ("trains", "frozen", "idle")})
    return words


def network_figure(model: "StackedAE", roles: dict[str, str] | None = None, height: int = 360,
                   share: bool = True):
    """The network drawn with its weights; `share=False` for weights that change from one draw to the
    next (a running job): see charts.figure_for."""
    from ae_core.figures import stacked_network
    from ae_core.weights import drawing_weights, layer_sizes

    return figure_for(stacked_network, layer_sizes(model), weights=drawing_weights(model), roles=roles,
                      labels=role_words(), height=height, share=share)


def stage_label(label: str, names: list[str]) -> str:
    from ae_core.greedy import FINE_TUNE

    if label == FINE_TUNE:
        return t("stacked.stage.fine-tune")
    return t("stacked.stage.pretrain", names=" / ".join(names))


def network_section(mode: Mode, shown: dict[str, Shown]) -> None:
    """The network of the model in view with a stage picker that marks what each greedy stage
    trains, keeps frozen and leaves idle."""
    from ae_core.greedy import FROZEN, IDLE, TRAINS, stage_plan
    from ae_core.models import build_model

    st.subheader(t("stacked.network_title"))
    if shown:
        which = GREEDY if GREEDY in shown else E2E
        model = shown[which].model
        st.caption(t("stacked.showing", which=shown[which].label))
    else:
        model = build_model("stacked", mode.config, seed=0)
        if mode.name == TOY:
            st.caption(t("stacked.network_untrained"))
    plan = stage_plan(model)
    # The options are the translated labels themselves (a format_func would be called outside the
    # script by AppTest, in the default language); a label that changes resets the choice to none.
    labels = [t("stacked.stage_none")] + [
        t("stacked.stage_name", index=index + 1, label=stage_label(stage.label, stage.names(TRAINS)))
        for index, stage in enumerate(plan)]
    with st.container():
        st.markdown(f"**{t('stacked.greedy_title')}** · {t('stacked.greedy_intro')}")
        choice = st.radio(t("stacked.stage_pick"), options=labels, index=0, horizontal=True,
                          key=f"{STAGE_KEY}.{mode.name}")
    picked = labels.index(choice) - 1 if choice in labels[1:] else None
    roles = plan[picked].roles if picked is not None else None
    st.plotly_chart(network_figure(model, roles), key=f"stacked.network.{mode.name}",
                    config={"displayModeBar": False})
    if picked is not None:
        stage = plan[picked]
        none = t("stacked.none")
        st.markdown(t("stacked.stage_roles", trains=", ".join(stage.names(TRAINS)) or none,
                      frozen=", ".join(stage.names(FROZEN)) or none, idle=", ".join(stage.names(IDLE)) or none))
    if mode.name == TOY:
        st.caption(t("stacked.network_toy", train=mode.data.train_images.shape[0]))
    else:
        st.caption(t("stacked.network_mnist"))


# --- Training both ways ------------------------------------------------------------------------------

def depth_preview(model: "StackedAE", images: "torch.Tensor", config: "TrainConfig") -> list[tuple[str, np.ndarray]]:
    """Preview rows for greedy training: the input, then the digits rebuilt from each depth
    (a stage's row sharpens while that stage trains)."""
    import torch

    with torch.no_grad():
        rows = model.depth_reconstructions(images)
    return [("panel.row.input", to_numpy(images))] + [
        (f"stacked.depth.{depth}", to_numpy(rebuilt)) for depth, rebuilt in enumerate(rows, start=1)]


def no_preview(model: "StackedAE", images: "torch.Tensor", config: "TrainConfig") -> list[tuple[str, np.ndarray]]:
    """The toy's points are not images: its live view is the network itself."""
    return []


def greedy_config(values: dict[str, Any]) -> "TrainConfig":
    from ae_core.greedy import GreedyTrainConfig

    known = {field.name for field in dataclasses.fields(GreedyTrainConfig)}
    return GreedyTrainConfig(**{"eval_limit": 2000, **{k: v for k, v in values.items() if k in known}})


def _fields(mode: Mode, greedy: bool) -> list[Field]:
    epochs = mode.finetune_epochs if greedy else mode.depth * mode.stage_epochs + mode.finetune_epochs
    fields = training_fields(epochs=epochs, batch_size=mode.batch_size, lr=mode.lr, limit=mode.limit or 64)
    if mode.limit is None:
        fields = [field for field in fields if field.name != "limit"]
    if greedy:
        fields[0] = dataclasses.replace(fields[0], label="stacked.field.epochs_finetune")
        fields.insert(0, Field("stage_epochs", "stacked.field.stage_epochs", "int", mode.stage_epochs, 1, 100, 1))
    return fields


def live_network(mode: Mode, greedy: bool) -> Callable[[TrainingJob, JobSnapshot], None]:
    """The panel fragment's extra view: the toy network redrawn from the job's current weights,
    and for greedy training which stage runs and what each stage's loss did."""
    def draw(job: TrainingJob, snapshot: JobSnapshot) -> None:
        from ae_core.greedy import stage_plan

        stage = snapshot.event.stage if snapshot.event is not None else None
        roles = None
        if greedy and stage is not None and snapshot.active:
            roles = next(item.roles for item in stage_plan(job.model) if item.label == stage)
        if mode.name == TOY:
            st.plotly_chart(network_figure(job.model, roles, height=320, share=not snapshot.active),
                            key=f"stacked.live.{job_key_of(mode, greedy)}", config={"displayModeBar": False})
        if greedy:
            stage_table(job.model, snapshot)
            st.caption(t("stacked.loss_note"))

    return draw


def job_key_of(mode: Mode, greedy: bool) -> str:
    return mode.keys[GREEDY if greedy else E2E]


def stage_table(model: "StackedAE", snapshot: JobSnapshot) -> None:
    import pandas as pd  # in the functions that draw tables: the page's text need not wait for it

    from ae_core.greedy import FROZEN, TRAINS, stage_plan, stage_summary

    plan = stage_plan(model)
    current = snapshot.event.stage if snapshot.event is not None else None
    rows = stage_summary([stage.label for stage in plan], snapshot.points, snapshot.test_points,
                         current=current, finished=snapshot.finished)

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.4g}"

    def test_value(test: dict[str, float] | None) -> str:
        if not test:
            return ""
        return f"{test['loss']:.4g}" if "loss" in test else f"MSE {test['mse']:.4f}"

    def losses(row: dict[str, Any]) -> str:
        if row["first_loss"] is None:
            return ""
        return f"{number(row['first_loss'])} → {number(row['last_loss'])}"

    frame = pd.DataFrame({
        t("stacked.table.stage"): [f"{i + 1}. {stage_label(s.label, s.names(TRAINS))}" for i, s in enumerate(plan)],
        t("stacked.table.frozen"): [", ".join(s.names(FROZEN)) for s in plan],
        t("stacked.table.status"): [t(f"stacked.status.{row['status']}") for row in rows],
        t("stacked.table.loss"): [losses(row) for row in rows],
        t("stacked.table.test"): [test_value(row["test"]) for row in rows],
    })
    st.dataframe(frame, hide_index=True, width="stretch")


def training_section(mode: Mode) -> None:
    from ae_core.greedy import greedy_schedule
    from ae_core.toy import one_thread

    # The toy's layers of two units train faster on one thread; MNIST's use every core.
    threads = one_thread if mode.name == TOY else (lambda schedule: schedule)

    st.subheader(t("stacked.train_title"), anchor="train-both")
    st.markdown(t("stacked.train_intro"))
    if mode.name == MNIST:
        hidden = " → ".join(map(str, mode.config["hidden"]))
        st.caption(t("stacked.architecture", hidden=hidden, latent=mode.config["latent_dim"]))
    preview = depth_preview if mode.name == MNIST else no_preview
    training_panel(mode.keys[GREEDY], mode.data, fields=_fields(mode, greedy=True), build_model=build(mode),
                   train_config=greedy_config, schedule=threads(greedy_schedule), preview=preview,
                   describe=lambda values: describe(mode, "greedy"),
                   title=t("stacked.panel.greedy"), intro=t("stacked.panel.greedy_intro"), columns=5,
                   live_extra=live_network(mode, greedy=True))
    training_panel(mode.keys[E2E], mode.data, fields=_fields(mode, greedy=False), build_model=build(mode),
                   train_config=default_train_config, schedule=threads(train_schedule),
                   preview=no_preview if mode.name == TOY else reconstruction_preview,
                   describe=lambda values: describe(mode, "e2e"),
                   title=t("stacked.panel.e2e"), intro=t("stacked.panel.e2e_intro"), columns=5,
                   live_extra=live_network(mode, greedy=False) if mode.name == TOY else None)
    if mode.name == MNIST:
        model_upload(mode.keys[E2E], "stacked")


# --- Comparison --------------------------------------------------------------------------------------

def _test_mse(model: "StackedAE", images: "torch.Tensor") -> float:
    from ae_core.metrics import evaluate

    return evaluate(model, images)["mse"]


def comparison_section(mode: Mode, shown: dict[str, Shown]) -> None:
    import pandas as pd

    from ae_core.figures import latent_scatter, series_curves
    from ae_core.greedy import FINE_TUNE, stage_points

    st.subheader(t("stacked.compare_title"))
    if len(shown) < 2:
        st.info(t("stacked.compare_waiting"), icon=":material/compare_arrows:")
        return
    test_images = mode.data.test_images[:2000]
    if shown[E2E].source == models.PRETRAINED:
        # Not like with like: say what differs, and how to make it fair.
        st.warning(t("stacked.compare_unequal", greedy=budget(shown[GREEDY].metadata),
                     e2e=budget(shown[E2E].metadata)), icon=":material/balance:")
    else:
        st.caption(t("stacked.compare_budgets", greedy=budget(shown[GREEDY].metadata),
                     e2e=budget(shown[E2E].metadata)))
    st.markdown(t("stacked.compare_metrics", greedy=_test_mse(shown[GREEDY].model, test_images),
                  e2e=_test_mse(shown[E2E].model, test_images)))
    greedy_job = st.session_state.get(models.job_key(mode.keys[GREEDY]))
    e2e_job = st.session_state.get(models.job_key(mode.keys[E2E]))
    if greedy_job is not None and e2e_job is not None and models.trained_model(mode.keys[E2E]) is not None:
        greedy_tests = greedy_job.snapshot().test_points
        e2e_tests = e2e_job.snapshot().test_points
        fine = [p for p in greedy_tests if p["stage"] == FINE_TUNE]
        start = len(greedy_tests) - len(fine)  # epochs spent in the pretraining stages
        e2e_mse = {round(p["x"]): p["test"]["mse"] for p in stage_points(e2e_tests, None)}
        greedy_mse = {start + round(p["x"]): p["test"]["mse"] for p in stage_points(greedy_tests, FINE_TUNE)}
        epochs = sorted(set(e2e_mse) | set(greedy_mse))
        if epochs:
            figure = series_curves(
                epochs, {t("stacked.curve.e2e"): [e2e_mse.get(e, float("nan")) for e in epochs],
                         t("stacked.curve.greedy"): [greedy_mse.get(e, float("nan")) for e in epochs]},
                x_title=t("stacked.curve.x"), y_title=t("stacked.curve.y"), value_format=".5f",
                marker_x=start + 0.5 if fine else None, marker_label=t("stacked.curve.finetune_starts"))
            st.plotly_chart(figure, key=f"stacked.compare.curve.{mode.name}")
            st.caption(t("stacked.compare_curve"))
    if mode.name == MNIST:
        st.markdown(f"**{t('stacked.compare_recon')}**")
        images = mode.data.test_images[resources.preview_indices(mode.data.name)][:COMPARE_DIGITS]
        rows = [(t("panel.row.input"), to_numpy(images))]
        for which in (GREEDY, E2E):
            rows.append((t(f"stacked.row.{which}"), to_numpy(_reconstruct(shown[which].model, images))))
        image_rows(rows)
        return
    st.caption(t("stacked.codes_title"))
    columns = st.columns(2)
    for column, which in zip(columns, (GREEDY, E2E)):
        with column:
            st.markdown(f"**{shown[which].label}**")
            codes = _encode(shown[which].model, mode.data.test_images)
            figure = latent_scatter(codes, mode.data.test_labels.cpu().numpy(), mode.data.class_names,
                                    axis_titles=(t("stacked.code_axis", index=1), t("stacked.code_axis", index=2)),
                                    legend_title=t("stacked.region"), height=340)
            st.plotly_chart(figure, key=f"stacked.codes.{which}")
    st.caption(t("stacked.compare_toy_recon"))
    points = mode.data.test_images[:4]
    table = {t("stacked.toy.point"): [], t("stacked.toy.input"): []}
    for which in (GREEDY, E2E):
        table[shown[which].label] = []
    rebuilt = {which: _reconstruct(shown[which].model, points).cpu().numpy() for which in (GREEDY, E2E)}
    for index, point in enumerate(points.cpu().numpy()):
        table[t("stacked.toy.point")].append(index + 1)
        table[t("stacked.toy.input")].append(_vector(point))
        for which in (GREEDY, E2E):
            table[shown[which].label].append(_vector(rebuilt[which][index]))
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")


def _vector(values: np.ndarray) -> str:
    return "(" + ", ".join(f"{value:.2f}" for value in values) + ")"


def _reconstruct(model: "StackedAE", inputs: "torch.Tensor") -> "torch.Tensor":
    from ui.images import reconstruct

    return reconstruct(model, inputs)


def _encode(model: "StackedAE", inputs: "torch.Tensor") -> np.ndarray:
    import torch

    from ae_core.latent import model_device

    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return model.encode(inputs.to(model_device(model))).float().cpu().numpy()
    finally:
        model.train(was_training)


# --- MNIST: first-layer weights and depth ------------------------------------------------------------

def _pick_model(shown: dict[str, Shown], key: str) -> "StackedAE":
    """The only model, or the one the user picks among them (options are the shown labels)."""
    if len(shown) == 1:
        return next(iter(shown.values())).model
    by_label = {item.label: item.model for item in shown.values()}
    return by_label[st.radio(t("stacked.weights_model"), options=list(by_label), horizontal=True, key=key)]


def weights_section(mode: Mode, shown: dict[str, Shown]) -> None:
    from ae_core.figures import image_grid
    from ae_core.weights import weight_images

    st.subheader(t("stacked.weights_title"))
    if not shown:
        st.info(t("stacked.no_mnist_model"), icon=":material/model_training:")
        return
    st.caption(t("stacked.weights_intro"))
    model = _pick_model(shown, f"{VIEW_MODEL_KEY}.weights")
    tiles = weight_images(model, WEIGHT_TILES)
    labels = [t("stacked.tile", index=index + 1) for index in range(tiles.shape[0])]
    st.plotly_chart(shared_figure(image_grid, tiles, columns=10, labels=labels, colorscale="RdBu_r", cell_px=3),
                    key="stacked.weights", config={"displayModeBar": False})


def depth_section(mode: Mode, shown: dict[str, Shown]) -> None:
    st.subheader(t("stacked.depth_title"))
    if not shown:
        return
    st.caption(t("stacked.depth_intro"))
    model = _pick_model(shown, f"{VIEW_MODEL_KEY}.depth")
    images = mode.data.test_images[resources.preview_indices(mode.data.name)][:PREVIEW_DIGITS]
    rows = depth_preview(model, images.to(next(model.parameters()).device), None)
    image_rows([(t(label), pictures) for label, pictures in rows])
