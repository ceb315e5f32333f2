"""What the browser tests of the latent pad share: waiting for frames, reading a decoded image as
painted, placing the pointer at a code, and torch's decode of codes to compare with."""
from __future__ import annotations

import numpy as np


def next_frame(page) -> None:
    """Wait until the page has drawn two more animation frames."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def decoded_pixels(page, index: int = 0) -> np.ndarray:
    """The gray levels (28, 28) of the `index`th decoded-image canvas as painted."""
    rgba = page.get_by_test_id("latent-pad-decoded").nth(index).evaluate(
        "c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)")
    return np.asarray(rgba, dtype=np.uint8).reshape(28, 28, 4)[..., 0]


def to_client(page, pad: str, x: float, y: float) -> tuple[float, float]:
    """Client pixels of code (x, y) on the pad whose stats object is the JavaScript `pad`."""
    return tuple(page.evaluate(f"([x, y]) => {pad}.toClient(x, y)", [x, y]))


def torch_decode(model, codes) -> np.ndarray:
    """model.decode of 2-D codes (P, 2) as (P, 28, 28) floats."""
    import torch

    with torch.no_grad():
        return model.decode(torch.tensor(np.asarray(codes), dtype=torch.float32).reshape(-1, 2)).numpy()[:, 0]
