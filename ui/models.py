"""The model a page shows: the shipped pretrained one or the one this session trained.

Session state, per model key (a page's main key is its row's `model_key` in ui/navigation.py):
    model_source.<key>  "pretrained" or "trained" (the sidebar's choice)
    trained.<key>       TrainedModel: the last model this session trained with that key
    job.<key>           the TrainingJob that trains or trained it (ui/jobs.py)
"""
from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

import streamlit as st

from ui import resources
from ui.describe import model_description
from ui.i18n import explain, t
from ui.jobs import DONE, STOPPED, UNSOUND_STATES, TrainingJob

if TYPE_CHECKING:
    import numpy as np
    import torch

    from ae_core.data import ImageData

PRETRAINED, TRAINED = "pretrained", "trained"
SOURCES = (PRETRAINED, TRAINED)
DATASET_LABELS = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST", "kmnist": "KMNIST"}


def source_key(key: str) -> str:
    return f"model_source.{key}"


def trained_key(key: str) -> str:
    return f"trained.{key}"


def job_key(key: str) -> str:
    return f"job.{key}"


def panel_anchor(key: str) -> str:
    """The HTML anchor of the training panel's heading for `key` (a link target)."""
    return f"train-{key}"


def get_source(key: str) -> str:
    return st.session_state.get(source_key(key), PRETRAINED)


def set_source(key: str, source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"model source must be one of {SOURCES}, got {source!r}")
    st.session_state[source_key(key)] = source


@dataclass
class TrainedModel:
    """A model this session trained, with what the download and the page need.

    facts: what the checkpoint records beside the family and config (dataset, epochs, test
    metrics, training config, the form's values, history...); `metadata` adds those two.
    """

    key: str
    model: "torch.nn.Module"
    facts: dict[str, Any]
    status: str  # done, stopped, diverged or collapsed
    description: str
    _checkpoint: bytes | None = field(default=None, repr=False)

    @property
    def metadata(self) -> dict[str, Any]:
        return {**self.model.describe(), **self.facts}

    @property
    def file_stem(self) -> str:
        return f"{self.key}-{self.model.family}"

    def checkpoint_bytes(self) -> bytes:
        """Weights + JSON metadata in one safetensors file (ae_core.checkpoints), made once."""
        if self._checkpoint is None:
            from ae_core import checkpoints

            self._checkpoint = checkpoints.to_bytes(self.model, self.facts)
        return self._checkpoint

    def metadata_json(self) -> str:
        """The metadata exactly as the checkpoint file records it."""
        from ae_core import checkpoints

        return json.dumps(checkpoints.read_metadata_bytes(self.checkpoint_bytes()), indent=2, sort_keys=True)

    def latent_view(self, data: "ImageData") -> resources.LatentView | None:
        """Its test codes as 2-D points: encoded once in the background (None, with a note, until then)."""
        model = self.model
        return resources.trained_view(self, f"latent.{data.name}", lambda: resources.compute_latent_view(model, data),
                                      t("latent.computing", count=data.test_images.shape[0]))


@dataclass(frozen=True)
class ModelChoice:
    """The model a page draws with, and where it comes from."""

    model: "torch.nn.Module"
    metadata: dict[str, Any]
    source: str
    description: str
    pretrained_key: str | None = None
    trained: TrainedModel | None = None

    @property
    def dataset(self) -> str:
        return str(self.metadata.get("dataset", "mnist"))

    def latent_view(self, data: "ImageData") -> resources.LatentView | None:
        """The model's test codes as 2-D points; None while they are computed in the background."""
        if self.trained is not None:
            return self.trained.latent_view(data)
        return resources.pretrained_latent_view(self.pretrained_key, data.name)

    def reconstructions(self, data: "ImageData", indices: Sequence[int]) -> np.ndarray:
        """(n, 28, 28) reconstructions of the test images at `indices`: a shipped model's are made
        once per server (resources.pretrained_reconstructions), a learner's own on every call."""
        if self.trained is None and self.pretrained_key is not None:
            return resources.pretrained_reconstructions(self.pretrained_key, data.name,
                                                        tuple(int(index) for index in indices))
        from ui.images import reconstruct, to_numpy

        return to_numpy(reconstruct(self.model, data.test_images[list(indices)]))

    def caption(self) -> str:
        """"Model in use: ...", with a link to the command that reproduces it (ui/code_view.py)."""
        dataset = DATASET_LABELS.get(self.dataset, self.dataset)
        if self.source == TRAINED:
            epochs = self.metadata.get("epochs", 0)
            text = t("models.in_use_trained", description=self.description, epochs=epochs, dataset=dataset)
        else:
            text = t("models.in_use_pretrained", description=self.description, dataset=dataset)
        return f"{text} · {t('code.reproduce.link')}"


def trained_model(key: str) -> TrainedModel | None:
    return st.session_state.get(trained_key(key))


def pretrained_choice(pretrained_key: str) -> ModelChoice:
    """The shipped model; raises PretrainedUnavailable or CheckpointError as load_pretrained does."""
    from ae_core.pretrained import PRETRAINED as SPECS

    model, metadata = resources.pretrained(pretrained_key)
    description = (model_description(model, metadata) or metadata.get("description")
                   or SPECS[pretrained_key].description)
    return ModelChoice(model, metadata, PRETRAINED, description, pretrained_key=pretrained_key)


def mlp_summary(model: "torch.nn.Module") -> str | None:
    """"MLP 784-256-128-2" for an MLP autoencoder (the same in every language); None otherwise."""
    hidden = getattr(getattr(model, "config", None), "hidden", None)
    if getattr(model, "family", None) not in ("ae", "stacked") or hidden is None:
        return None
    inputs = getattr(model.config, "input_dim", 784)
    return "MLP " + "-".join(str(size) for size in [inputs, *hidden, model.latent_dim])


def trained_choice(trained: TrainedModel) -> ModelChoice:
    description = model_description(trained.model, trained.metadata) or trained.description
    return ModelChoice(trained.model, trained.metadata, TRAINED, description, trained=trained)


def settings_key(key: str) -> str:
    """The settings (widget key -> value) that describe this session's trained model for `key`."""
    return f"model_settings.{key}"


def auto_key(key: str) -> str:
    """Set while the page shows the shipped model only because the trained one does not fit."""
    return f"model_source_auto.{key}"


SOURCE_SLOT_KEY = "sidebar.source_slot"  # (page model key, sidebar container) for this run


def restore_settings(key: str) -> None:
    """Put the page's settings back to those of the trained model for `key`, and show it."""
    for state_key, value in st.session_state.get(settings_key(key), {}).items():
        st.session_state[state_key] = value
    st.session_state.pop(auto_key(key), None)
    set_source(key, TRAINED)


def _reconcile(key: str, trained: TrainedModel | None, fits: bool) -> None:
    """Keep the sidebar's source on a model that fits the page's settings: a trained model for other
    settings gives way to the shipped one, and comes back when the settings describe it again."""
    if trained is None:
        return
    if not fits and get_source(key) == TRAINED:
        set_source(key, PRETRAINED)
        st.session_state[auto_key(key)] = True
    elif fits and st.session_state.pop(auto_key(key), False):
        set_source(key, TRAINED)


def _source_selector(key: str, pretrained_key: str | None, trained: TrainedModel | None, fits: bool) -> None:
    """The sidebar's model source for the page's main model, drawn once the page knows its settings
    (sidebar.render leaves a slot): only sources that exist are offered; picking a trained model
    made for other settings puts those settings back."""
    from ui.sidebar import synced_widget

    slot = st.session_state.get(SOURCE_SLOT_KEY)
    if slot is None or slot[0] != key:
        return
    offered = SOURCES if pretrained_key is not None else (TRAINED,) if trained is not None else ()
    with slot[1]:
        if not offered:
            st.caption(t("sidebar.no_model_for_settings"))
            return
        labels = {source: t(f"source.{source}") for source in SOURCES}

        def chosen() -> None:
            if get_source(key) == TRAINED and not fits:
                restore_settings(key)

        synced_widget(st.radio, source_key(key), offered[0], offered, label=t("sidebar.model_source"),
                      format_func=labels.get, on_change=chosen)
        if trained is None and get_source(key) == TRAINED:
            st.caption(t("sidebar.no_trained"))
        elif trained is not None and not fits:
            st.caption(t("sidebar.trained_other_settings"))


def _other_settings_notice(key: str, trained: TrainedModel) -> None:
    st.info(t("models.trained_other_settings", description=trained_choice(trained).description),
            icon=":material/tune:")
    st.button(t("models.back_to_trained"), key=f"models.back.{key}", on_click=restore_settings, args=(key,),
              icon=":material/undo:")


def current_model(key: str, pretrained_key: str | None, data: "ImageData | None" = None,
                  settings: dict[str, Any] | None = None,
                  model_settings: "Callable[[torch.nn.Module], dict[str, Any]] | None" = None) -> ModelChoice | None:
    """The model the page shows for `key`, following from the page's settings, with a clear message
    when it cannot be had. Draws the sidebar's model source (see _source_selector).

    settings: the page's current settings (widget key -> value) that a model must match;
    model_settings(model) gives the same keys for a model. A trained model made for other
    settings is not shown: the page shows the shipped model for these settings (pretrained_key,
    None when none ships) and says that the trained one is for other settings, with one click
    back to them. Otherwise falls back to the other source when the chosen one is missing:
    no trained model yet -> the pretrained one; pretrained weights missing or corrupt -> the
    trained one, if it fits. None when neither exists: the message then offers (and links to)
    the page's training panel.
    """
    from ae_core.checkpoints import CheckpointError
    from ae_core.pretrained import PretrainedUnavailable

    trained = trained_model(key)
    fits = True
    if trained is not None and settings is not None and model_settings is not None:
        own = model_settings(trained.model)
        st.session_state[settings_key(key)] = own
        fits = all(own.get(name) == value for name, value in settings.items())
    _reconcile(key, trained, fits)
    _source_selector(key, pretrained_key, trained, fits)
    usable = trained if fits else None
    if usable is not None and (get_source(key) == TRAINED or pretrained_key is None):
        choice = trained_choice(usable)
    elif pretrained_key is None:
        choice = None
    else:
        try:
            choice = pretrained_choice(pretrained_key)
        except PretrainedUnavailable as error:
            st.warning(t("models.pretrained_missing", message=explain(error)), icon=":material/warning:")
            choice = None
        except CheckpointError as error:
            st.error(t("models.pretrained_corrupt", message=explain(error)), icon=":material/error:")
            choice = None
        if choice is None and usable is not None:
            st.info(t("models.using_trained_instead"))
            choice = trained_choice(usable)
    if trained is not None and not fits:
        _other_settings_notice(key, trained)
    if choice is None:
        st.info(t("models.offer_training", anchor=panel_anchor(key)), icon=":material/model_training:")
    if choice is not None and data is not None and choice.dataset != data.name:
        st.caption(t("models.dataset_mismatch", trained_on=DATASET_LABELS.get(choice.dataset, choice.dataset),
                     dataset=DATASET_LABELS.get(data.name, data.name)))
    return choice


def pretrained_or_trained(pretrained_key: str, key: str) -> tuple[ModelChoice | None, str | None]:
    """The shipped model, else this session's trained model for `key` (None when neither), and
    why the shipped one could not load (None when it did). Draws nothing."""
    from ae_core.checkpoints import CheckpointError
    from ae_core.pretrained import PretrainedUnavailable

    try:
        return pretrained_choice(pretrained_key), None
    except (PretrainedUnavailable, CheckpointError) as error:
        trained = trained_model(key)
        return (trained_choice(trained) if trained is not None else None), explain(error)


def collect_finished_jobs() -> None:
    """Turn every finished, not yet collected job of this session into its key's trained model.

    app.py calls this at the top of each run, before the sidebar draws the model source, so a
    model that finished training shows at once as the page's current model.
    """
    for state_key in [k for k in st.session_state if isinstance(k, str) and k.startswith("job.")]:
        job = st.session_state[state_key]
        if isinstance(job, TrainingJob) and job.finished and not job.absorbed:
            absorb(state_key[len("job."):], job)


def absorb(key: str, job: TrainingJob, keep_unsound: bool = False) -> TrainedModel | None:
    """Make `job`'s model the key's trained model. A run that diverged or collapsed is not taken
    unless `keep_unsound` (its user chose to keep it after reading why it failed)."""
    job.absorbed = True
    snapshot = job.snapshot()
    if snapshot.state not in (DONE, STOPPED, *UNSOUND_STATES) or not job.has_progress:
        return None
    if snapshot.state in UNSOUND_STATES and not keep_unsound:
        return None
    model = job.model.eval().requires_grad_(False)
    history = job.history
    last_test = history[-1]["test"] if history else None
    facts = {
        "dataset": job.data.name,
        "epochs": len(history),
        "test": last_test,
        "training": dataclasses.asdict(job.config),
        "hyperparameters": job.values,
        "description": job.description,
        "status": snapshot.state,
        "history": history,
        "trained_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    if job.continued_from is not None:
        facts["continued_from"] = job.continued_from
    trained = TrainedModel(key, model, facts, snapshot.state, job.description)
    st.session_state[trained_key(key)] = trained
    set_source(key, TRAINED)
    return trained
