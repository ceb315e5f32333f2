"""A tiny app that mounts the latent pad alone, for the browser tests and benchmarks/latent_pad.py.

Query parameters: mode = browser (decode in the page, default) | server (decode here on release)
| scatter (no probes); n = number of test codes shown (default 2000); hover = how many of them
carry hover images (default 300).
Environment: AE_LAB_PAD_FAMILY ("ae" default, or "vae": an MLP family), AE_LAB_PAD_HIDDEN
(default "512,256"): the model is build_model(family, {"latent_dim": 2, "hidden": ...}, seed=0);
AE_LAB_PAD_WEIGHTS, a safetensors state dict for it (benchmarks/latent_pad.py trains one). Without
weights the model stays the untrained one of seed 0, which a test process rebuilds bit for bit to
check the browser's pixels against torch.
It prints the run count and the positions Python received, so tests can see reruns.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st  # noqa: E402
import torch  # noqa: E402

from ae_core.browser_decoder import calibration_grid, decoder_payload, linear_layers  # noqa: E402
from ae_core.data import load_dataset  # noqa: E402
from ae_core.models import build_model  # noqa: E402
from ui.latent_pad import latent_pad  # noqa: E402

PAD_KEY = "pad"


def pad_model() -> torch.nn.Module:
    """The model the pad shows; tests rebuild the same one from the same environment."""
    hidden = [int(size) for size in os.environ.get("AE_LAB_PAD_HIDDEN", "512,256").split(",")]
    family = os.environ.get("AE_LAB_PAD_FAMILY", "ae")
    model = build_model(family, {"latent_dim": 2, "hidden": hidden}, seed=0)
    weights = os.environ.get("AE_LAB_PAD_WEIGHTS")
    if weights:
        from safetensors.torch import load_file

        model.load_state_dict(load_file(weights))
    return model.eval()


def build_inputs(n: int, hover: int) -> dict:
    """Model, codes of the first n test images, their labels and images, and the decoder payload."""
    model = pad_model()
    data = load_dataset("mnist", device="cpu")
    images, labels = data.test_images[:n], data.test_labels[:n]
    with torch.no_grad():
        codes = model.encode(images)
    low, high = codes.min(0).values, codes.max(0).values
    margin = 0.1 * (high - low)
    x_range = (float(low[0] - margin[0]), float(high[0] + margin[0]))
    y_range = (float(low[1] - margin[1]), float(high[1] + margin[1]))
    layers = model.decoder_layers() if hasattr(model, "decoder_layers") else linear_layers(model.decoder)
    payload = decoder_payload(layers,
                              calibration_z=calibration_grid(x_range, y_range, codes))
    return {"model": model, "codes": codes, "labels": labels, "hover": images[:hover, 0],
            "payload": payload, "x_range": x_range, "y_range": y_range}


cached_inputs = st.cache_resource(build_inputs)


def main() -> None:
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    mode = st.query_params.get("mode", "browser")
    inputs = cached_inputs(int(st.query_params.get("n", 2000)), int(st.query_params.get("hover", 300)))
    (x_low, x_high), (y_low, y_high) = inputs["x_range"], inputs["y_range"]
    centre = [(x_low + x_high) / 2, (y_low + y_high) / 2]
    first = inputs["codes"][0].tolist()

    def decode_here(codes):
        with torch.no_grad():
            return inputs["model"].decode(torch.from_numpy(codes))

    positions = latent_pad(
        inputs["codes"], inputs["labels"], key=PAD_KEY, hover_images=inputs["hover"],
        decoder_payload=inputs["payload"] if mode == "browser" else None,
        server_decode=decode_here if mode == "server" else None,
        probes=None if mode == "scatter" else [centre],
        ellipses=[(first[0], first[1], 0.05 * (x_high - x_low), 0.05 * (y_high - y_low))],
        markers=[(centre[0], y_low + 0.2 * (y_high - y_low), "yours")],
        x_range=inputs["x_range"], y_range=inputs["y_range"], height=400,
    )
    st.text(f"runs: {st.session_state['runs']}")
    st.text(f"probes: {json.dumps(positions)}")


if __name__ == "__main__":  # streamlit runs the script as __main__; tests import build_inputs
    main()

