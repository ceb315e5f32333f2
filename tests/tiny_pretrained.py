"""Page tests' stand-ins for the shipped pretrained models: small untrained networks of each spec's
family saved with the spec's metadata into a temporary folder, which ae_core.pretrained then reads.

They test the pages' wiring (the page shows what the engine computes for the model it loaded),
not the quality of the shipped weights; benchmarks/engine_targets.py measures those.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator, Sequence

import streamlit as st

from ae_core import checkpoints, pretrained
from ae_core.models import build_model

ROOT = Path(__file__).resolve().parent.parent
# Smaller layers than the specs', the rest of each spec's config kept.
SMALL = {"ae": {"hidden": [32]}, "conv": {"channels": [4, 8]}}


def write_tiny_pretrained(folder: Path, keys: Sequence[str], seed: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key in keys:
        spec = pretrained.SPECS[key]
        model = build_model(spec.family, {**spec.config, **SMALL.get(spec.family, {})}, seed=seed)
        checkpoints.save(model, pretrained.path_for(key, folder), dataset="mnist", epochs=1,
                         training=spec.train, description=spec.description)
    return folder


@contextlib.contextmanager
def pretrained_from(folder: Path) -> Iterator[Path]:
    """Make load_pretrained read `folder`, with Streamlit's caches emptied before and after so no
    model loaded from elsewhere is reused."""
    saved = pretrained.PRETRAINED_DIR
    pretrained.PRETRAINED_DIR = folder
    st.cache_resource.clear()
    try:
        yield folder
    finally:
        pretrained.PRETRAINED_DIR = saved
        st.cache_resource.clear()
