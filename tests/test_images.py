"""Preprocessing of users' digit images (ae_core.images): safe decoding, grey/ink, MNIST centring."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from ae_core.images import (BOX, MAX_BYTES, SIDE, EmptyImageError, ImageInputError, decode_image,
                            prepare_digit)


def png_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def bar_drawing(size=(200, 300), light_background=True, offset=(40, 60)) -> np.ndarray:
    """A thick vertical bar, 20 wide and 150 tall, as grey uint8 (H, W)."""
    background, ink = (255, 0) if light_background else (0, 255)
    canvas = np.full(size, background, np.uint8)
    top, left = offset
    canvas[top:top + 150, left:left + 20] = ink
    return canvas


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(image.shape)
    total = image.sum()
    return float((ys * image).sum() / total), float((xs * image).sum() / total)


def test_black_on_white_becomes_white_on_black_scaled_and_centred():
    digit = prepare_digit(png_bytes(Image.fromarray(bar_drawing())))
    assert digit.shape == (SIDE, SIDE) and digit.dtype == np.float32
    assert digit.min() >= 0 and digit.max() == pytest.approx(1.0, abs=0.02)
    rows = np.flatnonzero((digit > 0.2).any(1))
    cols = np.flatnonzero((digit > 0.2).any(0))
    # The bar's longer side (height) is scaled to the 20-pixel box, keeping its 150:20 aspect.
    assert rows[-1] - rows[0] + 1 == BOX
    assert 2 <= cols[-1] - cols[0] + 1 <= 4
    cy, cx = centre_of_mass(digit)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5
    # Corners are background.
    assert digit[0, 0] == 0 and digit[-1, -1] == 0


def test_light_and_dark_backgrounds_and_position_give_the_same_digit():
    a = prepare_digit(bar_drawing(light_background=True, offset=(10, 10)))
    b = prepare_digit(bar_drawing(light_background=False, offset=(45, 250)))
    assert np.abs(a - b).max() < 0.02


@pytest.mark.parametrize("pen", [(0, 0, 0), (255, 255, 255)])
def test_transparent_canvas_with_dark_or_light_pen(pen):
    rgba = np.zeros((200, 200, 4), np.uint8)
    rgba[30:170, 90:110, :3] = pen
    rgba[30:170, 90:110, 3] = 255
    digit = prepare_digit(png_bytes(Image.fromarray(rgba)))
    assert digit.max() == pytest.approx(1.0, abs=0.02)
    assert digit[0].max() == 0  # the transparent area became background, not ink
    assert (digit > 0.5).sum() > 20


def test_mnist_digit_survives_a_round_trip_through_a_large_photo(mnist_small):
    original = mnist_small.test_images[0, 0].numpy()  # (28, 28) white on black
    photo = Image.fromarray(((1 - original) * 255).astype(np.uint8)).resize((280, 280), Image.Resampling.BICUBIC)
    restored = prepare_digit(png_bytes(photo.convert("RGB"), "JPEG"))
    correlation = np.corrcoef(original.ravel(), restored.ravel())[0, 1]
    assert correlation > 0.85


@pytest.mark.parametrize("array", [
    np.zeros((50, 50), np.uint8),
    np.full((50, 50, 3), 255, np.uint8),
    np.full((40, 40), 0.5, np.float32),
])
def test_blank_images_are_refused_as_empty(array):
    with pytest.raises(EmptyImageError, match="blank"):
        prepare_digit(array)


def test_not_an_image_is_a_clear_error():
    with pytest.raises(ImageInputError, match="not an image"):
        prepare_digit(b"%PDF-1.4 this is a document, not a picture")
    with pytest.raises(ImageInputError, match="empty"):
        prepare_digit(b"")
    with pytest.raises(ImageInputError, match="expected"):
        prepare_digit("digit.png")


def test_truncated_file_is_a_clear_error():
    data = png_bytes(Image.fromarray(bar_drawing()))
    with pytest.raises(ImageInputError):
        prepare_digit(data[: len(data) // 2])


def test_oversized_file_is_refused_before_decoding():
    with pytest.raises(ImageInputError, match="MB"):
        decode_image(b"\x89PNG\r\n\x1a\n" + b"\0" * (MAX_BYTES + 1))


def test_too_many_pixels_is_refused_from_the_header():
    data = png_bytes(Image.new("1", (300, 200)))
    with pytest.raises(ImageInputError, match="300×200") as refused:
        decode_image(data, max_pixels=300 * 200 - 1)
    assert refused.value.reason == "too_many_pixels"
    assert decode_image(data, max_pixels=300 * 200).size == (300, 200)


def test_decompression_bomb_with_the_default_limit():
    # 4100 x 4100 one-bit pixels compress to a few kB but would decode to 16.8 million pixels.
    data = png_bytes(Image.new("1", (4100, 4100)))
    assert len(data) < 100_000
    with pytest.raises(ImageInputError, match="pixels"):
        decode_image(data)


@pytest.mark.parametrize("side", [10_000, 20_000])
def test_a_valid_picture_too_large_in_pixels_is_refused_as_too_large(side):
    # 10000² lies between Pillow's warning and error levels, 20000² above its error level: both
    # are valid PNGs of a few kB, and both are too large, never "not an image".
    data = png_bytes(Image.new("1", (side, side)))
    with pytest.raises(ImageInputError, match="too large") as refused:
        decode_image(data)
    assert refused.value.reason == "too_many_pixels"
    assert refused.value.details["limit"] == "4096×4096"
    if side == 10_000:
        assert refused.value.details["size"] == "10000×10000"


def test_every_refusal_names_a_reason_the_app_translates():
    from ui.i18n import catalog

    texts = catalog()
    for reason in ImageInputError.REASONS:
        entry = texts[f"digit.error.{reason}"]
        assert entry["en"] and entry["ko"] and entry["en"] != entry["ko"]
    with pytest.raises(ImageInputError) as refused:
        prepare_digit(b"%PDF-1.4 not a picture")
    assert refused.value.reason == "unsupported"
    assert texts["digit.error.unsupported"]["ko"].format(**refused.value.details)


def test_bad_arrays_are_refused():
    with pytest.raises(ImageInputError, match="array"):
        prepare_digit(np.zeros((4, 4, 2), np.uint8))
    with pytest.raises(ImageInputError):
        prepare_digit(np.zeros((0, 5), np.uint8))


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/undercomplete.py", "pages/conv.py"])
def test_digits_reach_the_browser_as_the_png_that_was_drawn(page):
    """st.image sends an image without an alpha channel as a JPEG unless told the format, which
    smears the digits' pixel edges; every image the pages draw goes as PNG."""
    from tests.page_helpers import open_app_page

    at = open_app_page(page)
    urls = [image.proto.imgs[0].url for image in at.main if getattr(image, "type", "") == "image"]
    assert urls and all(url.endswith(".png") for url in urls), urls


def test_grid_tiles_images_in_rows_with_white_gaps():
    from ui.images import BACKGROUND, grid, strip

    images = np.stack([np.full((2, 3), value, np.float32) for value in (0.0, 0.5, 1.0, 0.2, 0.8)])
    tiled = np.asarray(Image.open(io.BytesIO(grid(images, columns=2, scale=1, gap=1))))
    assert tiled.shape == (3 * 2 + 2, 2 * 3 + 1)  # three rows of two, one-pixel gaps
    assert tiled[0, 0] == 0 and tiled[0, 4] == 128 and tiled[3, 0] == 255 and tiled[6, 0] == 204
    assert (tiled[2, :] == BACKGROUND).all() and (tiled[:, 3] == BACKGROUND).all()
    assert (tiled[6:, 4:] == BACKGROUND).all()  # the last row's empty place
    row = np.asarray(Image.open(io.BytesIO(strip(images[:3], scale=2, gap=1))))
    assert row.shape == (4, 3 * 6 + 2) and row[0, 7] == 128
    with pytest.raises(ValueError):
        grid(images, columns=0)
