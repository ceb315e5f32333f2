"""Bring a model back: a model file downloaded from the app (safetensors weights with the JSON
metadata inside) uploaded on its page becomes the page's trained model again.

The file is checked like the shipped ones (ae_core.checkpoints.from_bytes: safetensors only, never
unpickled; the family the page expects; config, tensor names and shapes; finite values) and is
refused with a message in the session's language otherwise. A model whose settings differ from
the page's (another decoder, network...) is then named as such by ui/models.current_model, with
one click back to its settings.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from ui import models, resources
from ui.i18n import explain, t

# The one stated limit of a model upload, the same as the server's ceiling for any upload
# (.streamlit/config.toml, server.maxUploadSize): the widget refuses a larger file in the
# browser, and from_bytes refuses it again on the bytes that arrive.
MAX_MEGABYTES = 20
INPUT_PIXELS = 784  # the pages work on 28x28 images; the toy network's 5 inputs do not fit them


class UploadRefused(ValueError):
    """An uploaded model file that cannot be used; the message is for the user."""


FAMILY_TEXTS = ("ae", "stacked", "conv", "vae")


def uploader_key(key: str) -> str:
    return f"upload.model.{key}"


def _seen_key(key: str) -> str:
    return f"upload.seen.{key}"


def _message_key(key: str) -> str:
    return f"upload.message.{key}"


def accept(key: str, data: bytes, family: str, file_name: str = "") -> models.TrainedModel:
    """Check `data` and make it the trained model of `key` (shown at once); raises
    UploadRefused with a message in the session's language."""
    from ae_core.checkpoints import RESERVED_KEYS, CheckpointError, from_bytes, read_metadata_bytes

    if len(data) > MAX_MEGABYTES * 2**20:
        raise UploadRefused(t("upload.too_large", size=len(data) / 2**20, mb=MAX_MEGABYTES))
    try:
        found = read_metadata_bytes(data).get("family")
    except CheckpointError as error:
        raise UploadRefused(t("upload.not_a_model", message=explain(error))) from None
    if found != family:
        raise UploadRefused(t("upload.wrong_family", found=t(f"upload.family.{found}")
                              if found in FAMILY_TEXTS else str(found), wanted=t(f"upload.family.{family}")))
    try:
        model, record = from_bytes(data, expected_family=family, device=resources.compute_device(),
                                   max_bytes=MAX_MEGABYTES * 2**20)
    except CheckpointError as error:
        raise UploadRefused(t("upload.unusable", message=explain(error))) from None
    if getattr(model.config, "input_dim", INPUT_PIXELS) != INPUT_PIXELS:
        raise UploadRefused(t("upload.wrong_inputs", inputs=model.config.input_dim))
    model.eval().requires_grad_(False)
    facts: dict[str, Any] = {name: value for name, value in record.items() if name not in RESERVED_KEYS}
    if file_name:
        facts["uploaded_from"] = file_name
    description = str(record.get("description") or t(f"upload.family.{family}"))
    trained = models.TrainedModel(key, model, facts, str(record.get("status", "done")), description)
    st.session_state[models.trained_key(key)] = trained
    models.set_source(key, models.TRAINED)
    return trained


def model_upload(key: str, family: str) -> None:
    """The uploader for the page's model `key` of `family`, with what became of the last file."""
    st.markdown(f"**{t('upload.title')}**")
    uploaded = st.file_uploader(t("upload.label", mb=MAX_MEGABYTES), type=["safetensors"],
                                key=uploader_key(key), max_upload_size=MAX_MEGABYTES,
                                help=t("upload.help"))
    if uploaded is not None and st.session_state.get(_seen_key(key)) != uploaded.file_id:
        st.session_state[_seen_key(key)] = uploaded.file_id
        try:
            trained = accept(key, uploaded.getvalue(), family, uploaded.name)
        except UploadRefused as refusal:
            st.session_state[_message_key(key)] = ("error", str(refusal))
        else:
            st.session_state[_message_key(key)] = ("success", t("upload.accepted", description=trained.description))
            st.rerun()  # the page above has drawn the previous model: draw it again with this one
    message = st.session_state.get(_message_key(key))
    if message is not None and uploaded is not None:
        kind, text = message
        if kind == "error":
            st.error(text, icon=":material/block:")
        else:
            st.success(text, icon=":material/upload_file:")
