"""Turn a user's picture of a digit (an upload, or a canvas drawing) into an MNIST-like 28x28 image.

The one place for it: every page that scores or reconstructs a user's image calls prepare_digit.
Decoding is defensive because the bytes come from a browser: the file size, the pixel count
(decompression bombs) and the formats are bounded before Pillow decodes any pixel data, and every
decoding failure becomes an ImageInputError: its `reason` and `details` let the app say it in
the user's language, its message says it in English (the command line, logs).

MNIST's own recipe (LeCun et al., 1998) is followed: the digit, white on black, is cropped to its
bounding box, scaled so that its longer side is 20 pixels (keeping the aspect ratio), and placed
in a 28x28 frame so that its centre of mass lies at the centre.
"""
from __future__ import annotations

import io
import math
import re
import warnings
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

SIDE = 28  # output image side, as MNIST
BOX = 20  # the digit's longer side after scaling, as MNIST
MAX_MEGABYTES = 5  # the one stated limit of an image upload: the uploader widget enforces it too
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024  # an upload larger than this is refused before decoding
MAX_SIDE = 4096
MAX_PIXELS = MAX_SIDE * MAX_SIDE  # width * height above this is refused before decoding (bomb guard)
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF")
# Pixels whose ink (0..1, after background removal) is below this do not count for the bounding
# box: JPEG artefacts and paper texture would otherwise stretch it.
INK_THRESHOLD = 0.2


class ImageInputError(ValueError):
    """The input cannot be used as a digit image. `reason` names the problem (one of REASONS) and
    `details` holds the numbers a message about it needs; str(error) says it in English."""

    REASONS = ("not_bytes", "empty_file", "file_too_large", "too_many_pixels", "unsupported",
               "undecodable", "no_pixels", "blank", "bad_array")

    def __init__(self, reason: str, message: str, **details: object) -> None:
        if reason not in self.REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        super().__init__(message)
        self.reason = reason
        self.details = details


class EmptyImageError(ImageInputError):
    """The image decoded fine but holds no digit (a blank canvas, a uniform picture)."""

    def __init__(self) -> None:
        super().__init__("blank", "the image is blank: draw or upload a digit")


def _too_many_pixels(size: str, max_pixels: int = MAX_PIXELS) -> ImageInputError:
    """size: "W×H", or a pixel count where only that is known."""
    side = math.isqrt(max_pixels)
    limit = f"{side}×{side}" if side * side == max_pixels else f"{max_pixels:,}"
    return ImageInputError("too_many_pixels", f"the image is too large ({size} pixels); images up to "
                           f"{limit} pixels are accepted", size=size, limit=limit)


def decode_image(data: bytes, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Bytes of an image file -> a fully loaded PIL image (first frame), or ImageInputError."""
    if not isinstance(data, (bytes, bytearray)):
        raise ImageInputError("not_bytes", f"expected the bytes of an image file, got {type(data).__name__}")
    if len(data) == 0:
        raise ImageInputError("empty_file", "the file is empty")
    if len(data) > max_bytes:
        size_mb, limit_mb = f"{len(data) / 2**20:.1f}", f"{max_bytes / 2**20:.0f}"
        raise ImageInputError("file_too_large", f"the file is {size_mb} MB; images up to {limit_mb} MB "
                              "are accepted", size_mb=size_mb, limit_mb=limit_mb)
    try:
        with warnings.catch_warnings():
            # max_pixels is far below Pillow's own warning level: the check below refuses such an
            # image with its size, before any pixel is decoded. Above twice Pillow's level open()
            # raises DecompressionBombError, refused below as too large too.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(bytes(data)), formats=FORMATS)  # reads the header only
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(f"{width}×{height}", max_pixels)
            image.seek(0)
            image.load()
    except ImageInputError:
        raise
    except Image.DecompressionBombError as error:
        # Pillow names only the pixel count: "Image size (N pixels) exceeds limit of ...".
        count = re.search(r"\((\d+) pixels\)", str(error))
        size = f"{int(count.group(1)):,}" if count else f"> {2 * Image.MAX_IMAGE_PIXELS:,}"
        raise _too_many_pixels(size, max_pixels) from None
    except UnidentifiedImageError:
        formats = ", ".join(FORMATS)
        raise ImageInputError("unsupported", f"this file is not an image in a supported format ({formats})",
                              formats=formats) from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise ImageInputError("undecodable", f"the image could not be decoded ({error})") from None
    if width == 0 or height == 0:
        raise ImageInputError("no_pixels", "the image has no pixels")
    return image


def to_grey(image: Image.Image) -> np.ndarray:
    """A PIL image -> (H, W) float32 in [0, 1] (luminance).

    Transparent areas are filled with the colour that contrasts with the visible strokes, so both
    a black pen and a white pen on a transparent canvas come out as strokes on a plain background.
    """
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = np.asarray(image.convert("RGBA"), dtype=np.float32) / 255.0  # (H, W, 4)
        grey = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        alpha = rgba[..., 3]
        visible = alpha > 0.5
        stroke_level = float(grey[visible].mean()) if visible.any() else 0.0
        backdrop = 0.0 if stroke_level > 0.5 else 1.0
        return (alpha * grey + (1 - alpha) * backdrop).astype(np.float32)
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def ink_map(grey: np.ndarray) -> np.ndarray:
    """Grey (H, W) in [0, 1] -> ink (H, W) in [0, 1]: white strokes on black, like MNIST.

    The background level is the median of the border pixels; a light background is inverted. Ink
    is the distance from the background, stretched so that the strongest stroke is 1.
    """
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = float(np.median(border))
    if background > 0.5:
        grey, background = 1.0 - grey, 1.0 - background
    ink = np.clip(grey - background, 0.0, None)
    peak = float(ink.max())
    if peak < 0.05:
        raise EmptyImageError()
    return (ink / peak).astype(np.float32)


def centre_like_mnist(ink: np.ndarray, side: int = SIDE, box: int = BOX) -> np.ndarray:
    """Ink (H, W) -> (side, side): crop to the strokes, scale the longer side to `box`, centre the
    mass. Raises EmptyImageError when no pixel reaches INK_THRESHOLD."""
    rows = np.flatnonzero((ink >= INK_THRESHOLD).any(1))
    cols = np.flatnonzero((ink >= INK_THRESHOLD).any(0))
    if rows.size == 0:
        raise EmptyImageError()
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    height, width = crop.shape
    scale = box / max(height, width)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))  # PIL: (w, h)
    scaled = Image.fromarray((crop * 255).round().astype(np.uint8)).resize(
        new_size, Image.Resampling.LANCZOS)
    digit = np.asarray(scaled, dtype=np.float32) / 255.0  # (h', w'), h' and w' <= box

    out = np.zeros((side, side), dtype=np.float32)
    total = float(digit.sum())
    if total <= 0:
        raise EmptyImageError()
    ys, xs = np.indices(digit.shape)
    centre_y, centre_x = float((ys * digit).sum()) / total, float((xs * digit).sum()) / total
    # MNIST's centres of mass sit at pixel index 14: the mean over its training images is 14.0
    # on both axes.
    top = int(round(side / 2 - centre_y))
    left = int(round(side / 2 - centre_x))
    # Paste with clipping: a lopsided digit may shift partly out of the frame, as in MNIST.
    src_top, src_left = max(0, -top), max(0, -left)
    dst_top, dst_left = max(0, top), max(0, left)
    h = min(digit.shape[0] - src_top, side - dst_top)
    w = min(digit.shape[1] - src_left, side - dst_left)
    out[dst_top:dst_top + h, dst_left:dst_left + w] = digit[src_top:src_top + h, src_left:src_left + w]
    return out


def prepare_digit(source: Any) -> np.ndarray:
    """An image of a digit -> (28, 28) float32 in [0, 1], white digit on black, MNIST-centred.

    `source`: bytes of an image file (an upload, a canvas PNG), a PIL image, or an array
    (H, W) grey / (H, W, 3) RGB / (H, W, 4) RGBA, uint8 in 0..255 or float in [0, 1].
    Raises ImageInputError (EmptyImageError for a blank image) with a message for the user.
    """
    if isinstance(source, (bytes, bytearray)):
        image = decode_image(source)
    elif isinstance(source, Image.Image):
        image = source
    elif isinstance(source, np.ndarray):
        image = _array_to_image(source)
    else:
        raise ImageInputError("not_bytes", f"expected image bytes, a PIL image or an array, got "
                              f"{type(source).__name__}")
    return centre_like_mnist(ink_map(to_grey(image)))


def _array_to_image(array: np.ndarray) -> Image.Image:
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (1, 3, 4)):
        raise ImageInputError("bad_array", f"an image array must be (H, W), (H, W, 3) or (H, W, 4), got "
                              f"{array.shape}")
    if array.size == 0:
        raise ImageInputError("no_pixels", f"the image array of shape {array.shape} is empty")
    if array.shape[0] * array.shape[1] > MAX_PIXELS:
        raise _too_many_pixels(f"{array.shape[1]}×{array.shape[0]}")
    if array.dtype != np.uint8:
        values = np.nan_to_num(array.astype(np.float32), nan=0.0)
        if values.max(initial=0.0) <= 1.0:
            values = values * 255.0
        array = np.clip(values, 0, 255).round().astype(np.uint8)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    return Image.fromarray(np.ascontiguousarray(array))  # mode from the shape: L, RGB or RGBA
