"""The live training panel every page uses: a form of the page's hyperparameters, Train and Stop,
and a fragment that redraws progress, loss curves and a reconstruction preview from a background
job (ui/jobs.py) while the rest of the page stays usable.

    trained = training_panel(
        "undercomplete", data,
        fields=[Field("latent_dim", "field.latent_dim", "choice", 2, options=(2, 4, 8, 16)),
                Field("hidden", "field.hidden", "sizes", [256, 128]),
                *training_fields(epochs=5)],
        build_model=lambda v: build_model("ae", {"latent_dim": v["latent_dim"], "hidden": v["hidden"]}),
    )

When the job ends, app.py's next run makes its model the key's trained model (ui/models.py) and
switches the sidebar's model source for that key to "trained by you".
"""
from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

import streamlit as st

from ui import models, resources
from ui.charts import stage_name
from ui.i18n import explain, t
from ui.images import image_rows
from ui.jobs import (COLLAPSED, DIVERGED, DONE, FAILED, QUEUED, STOPPED, UNSOUND_STATES, JobOwner, JobSnapshot,
                     Preview, Schedule, TrainingJob, reconstruction_preview, train_schedule)
from ui.navigation import PAGES

if TYPE_CHECKING:
    import torch

    from ae_core.data import ImageData
    from ae_core.training import TrainConfig

# The live view's redraw interval while a job runs (the first step) and while it waits in the
# queue. Under load one redraw takes longer: the interval grows to LIVE_HEADROOM times the last
# redraw's duration, one of these steps, so that a tick never cuts the previous redraw short
# (Streamlit stops a running fragment run for the next) and the charts keep updating.
LIVE_INTERVALS_S = (0.5, 1.0, 2.0, 4.0, 8.0)
QUEUED_INTERVAL_S = 2.0
LIVE_HEADROOM = 4.0
LOSS_POINTS_DRAWN = 400  # longer histories are thinned for the live chart (the first and last points stay)
STOP_WAIT_S = 1.0  # after Stop, the live view waits up to this long for the job to end
FIELD_KINDS = ("int", "float", "choice", "select", "sizes", "bool")
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 1e-2, 3e-2, 0.1, 1.0)
BATCH_SIZES = (16, 32, 64, 128, 256, 512)


@dataclass(frozen=True)
class Field:
    """One hyperparameter of the form; its value reaches build_model / train_config as values[name].

    kind: "int" / "float" (number input within [low, high] by step), "choice" (a slider over
    `options`), "select" (a dropdown over `options`), "sizes" (a comma-separated list of layer
    sizes, parsed to list[int]), "bool" (a checkbox). label / help: text keys. option_labels:
    a text-key prefix, option v shows as t(f"{option_labels}.{v}"). Keep `name` equal to the
    engine's field name: a ConfigError naming it is then shown against this field's label.
    """

    name: str
    label: str
    kind: str
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple[Any, ...] = ()
    option_labels: str | None = None
    help: str | None = None
    format: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"Field kind must be one of {FIELD_KINDS}, got {self.kind!r}")
        if self.kind in ("choice", "select") and self.default not in self.options:
            raise ValueError(f"Field {self.name}: default {self.default!r} is not among its options")


def training_fields(*, epochs: int = 5, max_epochs: int = 100, batch_size: int = 128, lr: float = 2e-3,
                    limit: int = 60000, max_limit: int = 60000) -> list[Field]:
    """The fields every page trains with: epochs, batch size, learning rate, training images."""
    return [
        Field("epochs", "field.epochs", "int", epochs, 1, max_epochs, 1),
        Field("batch_size", "field.batch_size", "choice", batch_size, options=BATCH_SIZES),
        Field("lr", "field.lr", "choice", lr, options=LEARNING_RATES),
        Field("limit", "field.limit", "int", limit, 64, max_limit, 64, help="field.limit.help"),
    ]


def page_training_fields(page: str) -> list[Field]:
    """training_fields() at the settings ae_core.defaults.PAGES gives `page`'s panel: the same
    table the command line and pretraining read, sized for a few seconds on one CPU thread."""
    from ae_core.defaults import PAGES

    train = PAGES[page].train
    return training_fields(epochs=train["epochs"], batch_size=train["batch_size"], lr=train["lr"],
                           limit=train.get("limit", 60000))


def default_train_config(values: dict[str, Any]) -> "TrainConfig":
    """TrainConfig from the fields of training_fields(); other keys in `values` are ignored."""
    from ae_core.training import TrainConfig

    known = {field.name for field in dataclasses.fields(TrainConfig)}
    # Metrics at each epoch's end on 2,000 test images: enough for a curve, cheap on a CPU.
    return TrainConfig(**{"eval_limit": 2000, **{k: v for k, v in values.items() if k in known}})


def parse_sizes(name: str, text: str) -> list[int]:
    from ae_core.models import ConfigError

    parts = [part for part in re.split(r"[,\s]+", str(text).strip()) if part]
    try:
        return [int(part) for part in parts]
    except ValueError:
        raise ConfigError(t("field.sizes.parse", field=name, text=text)) from None


def parse_values(fields: Sequence[Field], raw: dict[str, Any]) -> dict[str, Any]:
    """Widget values -> typed values (layer-size text becomes a list of ints)."""
    values = {}
    for field in fields:
        value = raw[field.name]
        if field.kind == "sizes":
            value = parse_sizes(field.name, value)
        elif field.kind == "int":
            value = int(value)
        elif field.kind == "float":
            value = float(value)
        values[field.name] = value
    return values


def field_label_for(fields: Sequence[Field], message: str) -> str | None:
    """The label of the field that a ConfigError message names, if any."""
    for field in sorted(fields, key=lambda f: -len(f.name)):
        if re.search(rf"(?<![\w]){re.escape(field.name)}(?![\w])", message):
            return t(field.label)
    return None


def widget_key(key: str, name: str) -> str:
    return f"panel.{key}.{name}"


def _field_widget(key: str, field: Field) -> Any:
    common = dict(label=t(field.label), key=widget_key(key, field.name),
                  help=t(field.help) if field.help else None, persist_state="session")
    if field.kind in ("int", "float"):
        cast = int if field.kind == "int" else float
        return st.number_input(min_value=None if field.low is None else cast(field.low),
                               max_value=None if field.high is None else cast(field.high),
                               step=None if field.step is None else cast(field.step),
                               value=cast(field.default), format=field.format, **common)
    if field.kind in ("choice", "select"):
        # Labels are looked up now: a format_func may be called where no session (language) is at hand.
        labels = {option: t(f"{field.option_labels}.{option}") if field.option_labels
                  else f"{option:g}" if isinstance(option, float) else str(option) for option in field.options}
        format_option = labels.__getitem__
        if field.kind == "choice":
            return st.select_slider(options=field.options, value=field.default, format_func=format_option,
                                    **common)
        return st.selectbox(options=field.options, index=field.options.index(field.default),
                            format_func=format_option, **common)
    if field.kind == "sizes":
        return st.text_input(value=", ".join(str(size) for size in field.default), **common)
    return st.checkbox(value=bool(field.default), **common)


def _describe(model: "torch.nn.Module") -> str:
    parameters = sum(p.numel() for p in model.parameters())
    family = getattr(model, "family", type(model).__name__)
    latent = getattr(model, "latent_dim", None)
    if latent:
        return f"{family}, latent {latent}, {parameters:,} parameters"
    return f"{family}, {parameters:,} parameters"


def start_job(key: str, data: "ImageData", values: dict[str, Any], *,
              build_model: Callable[[dict[str, Any]], "torch.nn.Module"],
              train_config: Callable[[dict[str, Any]], "TrainConfig"] = default_train_config,
              schedule: Schedule = train_schedule, noise: tuple[str, float] | None = None,
              preview: Preview = reconstruction_preview,
              describe: Callable[[dict[str, Any]], str] | None = None,
              start_from: "models.TrainedModel | None" = None) -> TrainingJob:
    """Validate, build and start a job for `key` (raises ConfigError before anything starts).

    start_from: a model of this session (trained or uploaded) whose weights the new model starts
    from, to train it further; its family and network must be the ones the form describes.
    """
    from ae_core.models import ConfigError

    model = build_model(values)
    if start_from is not None:
        if start_from.model.describe() != model.describe():
            raise ConfigError(t("panel.continue_mismatch"))
        model.load_state_dict(start_from.model.state_dict())
    config = train_config(values)
    if noise is not None:
        config = dataclasses.replace(config, noise=noise[0], noise_level=float(noise[1]))
    config.validate()
    # A data set outside the sidebar's list (the stacked page's toy vectors) previews its first items.
    known = data.name in models.DATASET_LABELS
    preview_images = data.test_images[resources.preview_indices(data.name) if known else slice(0, 10)]
    description = describe(values) if describe else _describe(model)
    if start_from is not None:
        description = t("panel.continued", description=description, epochs=start_from.facts.get("epochs", 0))
    job = TrainingJob(model, data, config, preview_images, schedule=schedule, preview=preview,
                      values=values, description=description, owner=session_owner())
    if start_from is not None:
        job.continued_from = {name: start_from.facts.get(name) for name in
                              ("dataset", "epochs", "training", "test", "uploaded_from", "continued_from")
                              if start_from.facts.get(name) is not None}
    st.session_state[models.job_key(key)] = job
    st.session_state.pop(_interval_key(key), None)
    return job.start()


OWNER_KEY = "jobs.owner"


def session_owner() -> JobOwner:
    """This session's JobOwner. Its jobs stop once no tab has been connected to the session for
    Streamlit's server.disconnectedSessionTTL (the time Streamlit keeps a closed tab's session
    for it to reconnect), or once the session's state is freed."""
    owner = st.session_state.get(OWNER_KEY)
    if owner is None:
        from streamlit import runtime
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        context = get_script_run_ctx()
        session_id = context.session_id if context is not None else None

        def connected() -> bool:
            return session_id is None or not runtime.exists() or runtime.get_instance().is_active_session(session_id)

        owner = st.session_state[OWNER_KEY] = JobOwner(
            connected, grace_s=float(st.get_option("server.disconnectedSessionTTL")))
    return owner


def _error_key(key: str) -> str:
    return f"panel.{key}.error"


def continue_key(key: str) -> str:
    """The form's "train the model you have further" checkbox (drawn when there is such a model)."""
    return f"panel.{key}.continue"


def _train_clicked(key: str, data: "ImageData", fields: Sequence[Field], options: dict[str, Any]) -> None:
    """Train's callback: read the submitted form, start the job, or keep the error to show."""
    from ae_core.models import ConfigError

    job = st.session_state.get(models.job_key(key))
    if job is not None and not job.finished:
        return
    raw = {field.name: st.session_state[widget_key(key, field.name)] for field in fields}
    start_from = models.trained_model(key) if st.session_state.get(continue_key(key)) else None
    try:
        start_job(key, data, parse_values(fields, raw), start_from=start_from, **options)
    except ConfigError as error:
        label = field_label_for(fields, str(error))
        message = explain(error)
        st.session_state[_error_key(key)] = (t("panel.failed", message=message) if label is None
                                             else t("panel.config_error", field=label, message=message))


def _why(snapshot: JobSnapshot) -> str:
    """Why the run ended badly, in the session's language where the engine's error says why."""
    from ae_core.errors import Explained

    return explain(snapshot.error) if isinstance(snapshot.error, Explained) else snapshot.message


def training_panel(key: str, data: "ImageData", *, fields: Sequence[Field],
                   build_model: Callable[[dict[str, Any]], "torch.nn.Module"],
                   train_config: Callable[[dict[str, Any]], "TrainConfig"] = default_train_config,
                   schedule: Schedule = train_schedule, noise: tuple[str, float] | None = None,
                   preview: Preview = reconstruction_preview,
                   describe: Callable[[dict[str, Any]], str] | None = None,
                   title: str | None = None, intro: str | None = None, columns: int = 4,
                   live_extra: Callable[[TrainingJob, JobSnapshot], None] | None = None,
                   ) -> models.TrainedModel | None:
    """Draw the panel for model `key` and return the session's trained model for it (or None).

    fields: the form, in order (see Field; training_fields() gives the usual training ones).
    build_model(values) -> a fresh model; train_config(values) -> TrainConfig; noise: (kind,
    level) applied on top of the config (a denoising page's own controls); schedule(model, data,
    config, stop) -> TrainEvents, e.g. a greedy layer-wise schedule; preview(model, images,
    config) -> labelled rows of images redrawn after every epoch; describe(values) -> a short
    description of the model for captions and metadata. title / intro: already translated text.
    live_extra(job, snapshot): draws more of the job's live state inside the panel's fragment
    (e.g. the stacked page's network with its current weights).
    """
    # The panel is a fragment: Train and Stop rerun the panel alone, not the whole page (which may
    # hold heavy views), so the live view starts at once. A finished job reruns the whole app.
    @st.fragment
    def panel() -> models.TrainedModel | None:
        st.subheader(title or t("panel.title"), anchor=models.panel_anchor(key))
        st.caption(intro or t("panel.intro"))
        job = st.session_state.get(models.job_key(key))
        busy = job is not None and not job.finished
        options = dict(build_model=build_model, train_config=train_config, schedule=schedule, noise=noise,
                       preview=preview, describe=describe)
        with st.form(f"panel.{key}.form", border=True):
            grid = st.columns(columns)
            for index, field in enumerate(fields):
                with grid[index % columns]:
                    _field_widget(key, field)
            if models.trained_model(key) is not None:
                st.checkbox(t("panel.continue"), key=continue_key(key), help=t("panel.continue.help"))
            # The job starts in the button's callback, before the run it triggers: that run already
            # draws the form with Train disabled and the live view polling the job.
            st.form_submit_button(t("panel.train"), type="primary", icon=":material/play_arrow:",
                                  disabled=busy, key=f"panel.{key}.train", on_click=_train_clicked,
                                  args=(key, data, fields, options))
        if busy:
            st.caption(t("panel.busy"))
        problem = st.session_state.pop(_error_key(key), None)
        if problem is not None:
            st.error(problem, icon=":material/error:")
        live_view(key, live_extra)
        trained = models.trained_model(key)
        if trained is not None:
            downloads(trained)
        return trained

    return panel()


def live_view(key: str, live_extra: Callable[[TrainingJob, JobSnapshot], None] | None = None) -> None:
    """Progress, loss curves and preview of the key's job: a fragment that reruns itself while the
    job is queued or running (every live_interval()), and draws the final state once it ends."""
    job = st.session_state.get(models.job_key(key))
    if job is None:
        return

    @st.fragment(run_every=None if job.finished else st.session_state.get(_interval_key(key), LIVE_INTERVALS_S[0]))
    def live() -> None:
        started = time.perf_counter()
        current = st.session_state.get(models.job_key(key))
        if current is None:
            return
        if current.snapshot().stop_requested:
            current.wait(STOP_WAIT_S)  # Stop was just pressed: show the stopped state in this run
        snapshot = current.snapshot()
        with st.container(key=f"panel-live-{key}"):
            _status(key, current, snapshot)
            chart, preview_column = st.columns([1, 1])
            with chart:
                _loss_chart(key, snapshot)
            with preview_column:
                _preview(snapshot)
            if live_extra is not None:
                live_extra(current, snapshot)
        if snapshot.finished and not current.absorbed:
            st.rerun()  # a full run: app.py collects the model; sidebar and page show it
        if snapshot.active:
            _pace(key, snapshot, time.perf_counter() - started)

    live()


def _interval_key(key: str) -> str:
    return f"panel.{key}.live_interval"


def live_interval(last_run_s: float, queued: bool) -> float:
    """The redraw interval after a redraw that took `last_run_s`: the first step of
    LIVE_INTERVALS_S at least LIVE_HEADROOM times as long (QUEUED_INTERVAL_S at least while queued)."""
    wanted = max(QUEUED_INTERVAL_S if queued else 0.0, LIVE_HEADROOM * last_run_s)
    return next((step for step in LIVE_INTERVALS_S if step >= wanted), LIVE_INTERVALS_S[-1])


def _pace(key: str, snapshot: JobSnapshot, run_s: float) -> None:
    """Re-time this live fragment's ticks when its redraws got slower or faster (or the job left the
    queue). The browser restarts a fragment's timer when told a new interval for it."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

    interval = live_interval(run_s, snapshot.state == QUEUED)
    if interval == st.session_state.get(_interval_key(key), LIVE_INTERVALS_S[0]):
        return
    st.session_state[_interval_key(key)] = interval
    context, fragment_id = get_script_run_ctx(), ThreadState.get().fragment_id
    if context is None or fragment_id is None:
        return
    message = ForwardMsg()
    message.auto_rerun.interval = interval
    message.auto_rerun.fragment_id = fragment_id
    context.enqueue(message)


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return t("panel.seconds", seconds=seconds)
    return t("panel.minutes", minutes=seconds // 60, seconds=seconds % 60)


def _status(key: str, job: TrainingJob, snapshot: JobSnapshot) -> None:
    if snapshot.active:
        text_column, button_column = st.columns([5, 1], vertical_alignment="center")
        with text_column:
            if snapshot.stop_requested:
                st.progress(snapshot.event.progress if snapshot.event else 0.0, text=t("panel.stopping"))
            elif snapshot.state == QUEUED:
                wait = (t("panel.queue_wait", wait=_duration(snapshot.wait_s)) if snapshot.wait_s is not None
                        else t("panel.queue_wait_unknown"))
                st.info(f"{t('panel.queued', position=snapshot.queue_position or 1, limit=snapshot.limit)} {wait}",
                        icon=":material/hourglass_top:")
            elif snapshot.event is None:
                st.progress(0.0, text=t("panel.starting"))
            else:
                st.progress(snapshot.event.progress, text=_progress_text(snapshot))
        button_column.button(t("panel.stop"), key=f"panel.{key}.stop", icon=":material/stop:",
                             disabled=snapshot.stop_requested, on_click=job.stop)
        return
    epochs, seconds = snapshot.epochs_done, _duration(snapshot.elapsed_s)
    if snapshot.state == DONE:
        # Only a page's main model has a sidebar choice to switch; other panels' models show where they are used.
        done = "panel.done" if key in {page.model_key for page in PAGES} else "panel.done_here"
        st.success(t(done, epochs=epochs, seconds=seconds), icon=":material/check_circle:")
    elif snapshot.state == STOPPED:
        message = "panel.stopped" if snapshot.points else "panel.stopped_empty"
        st.info(t(message, epochs=epochs, seconds=seconds), icon=":material/stop_circle:")
    elif snapshot.state == DIVERGED:
        st.error(t("panel.diverged", message=_why(snapshot)), icon=":material/error:")
    elif snapshot.state == COLLAPSED:
        mse = snapshot.test_points[-1]["test"]["mse"]
        st.warning(t("panel.collapsed", epochs=epochs, mse=f"{mse:.4f}", baseline=f"{snapshot.baseline_mse:.4f}"),
                   icon=":material/blur_on:")
    elif snapshot.state == FAILED:
        st.error(t("panel.failed", message=_why(snapshot)), icon=":material/error:")
    if snapshot.state in UNSOUND_STATES and job.has_progress:
        _keep_anyway(key, job)


def _keep_anyway(key: str, job: TrainingJob) -> None:
    """A failed run's model is not the page's model unless its user asks for it, knowing why."""
    kept = models.trained_model(key)
    if kept is not None and kept.model is job.model:
        st.caption(t("panel.kept_anyway"))
    elif st.button(t("panel.keep_anyway"), key=f"panel.{key}.keep", icon=":material/input:"):
        models.absorb(key, job, keep_unsound=True)
        st.rerun()  # the whole app: the sidebar and the page show the kept model


def _progress_text(snapshot: JobSnapshot) -> str:
    event = snapshot.event
    text = t("panel.progress", epoch=event.epoch, epochs=event.epochs, step=event.step,
             steps=event.steps_per_epoch, rate=f"{event.samples_per_second:,.0f}", eta=_duration(event.eta_s))
    return f"{t('panel.stage', stage=stage_name(event.stage))} · {text}" if event.stage else text


def _loss_chart(key: str, snapshot: JobSnapshot) -> None:
    from ui.charts import loss_figure

    if not snapshot.points:
        if snapshot.active:
            st.caption(t("panel.waiting_first_loss"))
        return
    # Each redraw of a live view used to rebuild the figure from every point: reuse it while no new
    # point came in, and thin a long history (the redraw's cost grows with it, the chart does not).
    signature = (id(st.session_state.get(models.job_key(key))), len(snapshot.points), len(snapshot.test_points),
                 t("figure.epoch"))
    cached = st.session_state.get(f"panel.{key}.loss_figure")
    if cached is not None and cached[0] == signature:
        figure = cached[1]
    else:
        figure = loss_figure(thinned(snapshot.points, LOSS_POINTS_DRAWN), snapshot.test_points,
                             st.session_state[models.job_key(key)].model)
        st.session_state[f"panel.{key}.loss_figure"] = (signature, figure)
    st.plotly_chart(figure, key=f"panel.{key}.loss", config={"displaylogo": False})
    if snapshot.test_points:
        last = snapshot.test_points[-1]
        test = last["test"]
        if "mse" in test and "psnr" in test:
            st.caption(t("panel.test_metrics", epoch=last["epoch"], mse=f"{test['mse']:.4f}",
                         psnr=f"{test['psnr']:.1f}"))


def thinned(points: list[Any], most: int) -> list[Any]:
    """At most `most` of `points`, evenly spread, the first and the last always among them."""
    if len(points) <= most:
        return points
    last = len(points) - 1
    return [points[round(index * last / (most - 1))] for index in range(most)]


def _preview(snapshot: JobSnapshot) -> None:
    if not snapshot.preview:
        return
    if snapshot.preview_final:
        when = t("panel.preview_final")
    elif snapshot.preview_epoch == 0:
        when = t("panel.preview_untrained")
    else:
        when = t("panel.preview_epoch", epoch=snapshot.preview_epoch)
    st.caption(t("panel.preview", when=when))
    image_rows([(t(label), images) for label, images in snapshot.preview], scale=2)


def downloads(trained: models.TrainedModel) -> None:
    """Download buttons for a trained model: one safetensors file (weights + JSON metadata) and
    the metadata alone as .json."""
    row = st.container(horizontal=True)
    row.download_button(
        t("panel.download_weights"), data=trained.checkpoint_bytes, file_name=f"{trained.file_stem}.safetensors",
        mime="application/octet-stream", on_click="ignore", icon=":material/download:",
        help=t("panel.download_help"), key=f"panel.{trained.key}.download")
    row.download_button(
        t("panel.download_metadata"), data=trained.metadata_json, file_name=f"{trained.file_stem}.json",
        mime="application/json", on_click="ignore", icon=":material/data_object:",
        key=f"panel.{trained.key}.download_json")
