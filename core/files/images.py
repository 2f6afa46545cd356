"""Cleaning an uploaded photo or scan before it is stored (Pillow).

Every image is decoded in full and encoded again, because that is what removes what a citizen
never meant to send: EXIF (GPS position, phone model, time), XMP and text chunks. Along the way:

- decompression bombs are refused by their pixel count before any pixel is decoded;
- EXIF orientation is applied, so a phone photo shows upright once its EXIF is gone;
- the longest side is brought down to 2000 px, enough for an officer to read a paper;
- JPEG stays JPEG (quality 82). PNG and WebP with few colours (screenshots, forms, grey scans)
  become PNG when that is at most 1 MiB, because lossless keeps small text sharp; the rest
  (photos saved as PNG or WebP would be several MB) become JPEG, transparency on white paper.
- the ICC colour profile is kept when the colour space is unchanged (it holds no personal data
  and phones' wide-gamut photos look wrong without it).
"""

from __future__ import annotations

import dataclasses
import io
import warnings

from PIL import Image, ImageOps

from core.errors import InvalidInput, TooLarge
from core.files.inspect import JPEG, PNG

MAX_PIXELS = 40_000_000  # 40 MP: above any phone camera, far below a decompression bomb
MAX_SIDE = 2000
JPEG_QUALITY = 82
PNG_KEEP_BYTES = 1024 * 1024
FEW_COLOURS = 4096  # more than this and it is a photo: PNG would be large and slow to make
FORMATS = ("JPEG", "PNG", "WEBP")

BROKEN = "Ảnh bị hỏng hoặc chưa tải lên hết; hãy chụp hoặc quét lại rồi nộp lại."
TOO_MANY_PIXELS = "Ảnh quá lớn: tối đa 40 megapixel. Hãy chụp lại với độ phân giải thấp hơn."


@dataclasses.dataclass(frozen=True, slots=True)
class CleanImage:
    data: bytes
    content_type: str
    width: int
    height: int


def normalise_image(data: bytes, content_type: str) -> CleanImage:
    """Decode, check, turn upright, shrink and re-encode without metadata.

    InvalidInput for a broken or truncated image, TooLarge for more than 40 megapixels.
    """
    image = _decode(data)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if content_type != JPEG and image.getcolors(FEW_COLOURS) is not None:
        png = _png(image)
        if len(png) <= PNG_KEEP_BYTES:
            return CleanImage(png, PNG, *image.size)
    return CleanImage(_jpeg(image), JPEG, *image.size)


def _decode(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; make it a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(data), formats=FORMATS)
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise TooLarge(TOO_MANY_PIXELS)
            # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale for free; never below MAX_SIDE.
            opened.draft(None, (MAX_SIDE, MAX_SIDE))
            opened.load()
            image = ImageOps.exif_transpose(opened)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise TooLarge(TOO_MANY_PIXELS) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise InvalidInput.one("file", BROKEN) from None
    return image


def _png(image: Image.Image) -> bytes:
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        image = image.convert("RGBA")
    out = io.BytesIO()
    image.save(out, "PNG", icc_profile=image.info.get("icc_profile"))
    return out.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    flat = _flatten(image)
    same_space = _space(flat.mode) == _space(image.mode)
    icc = image.info.get("icc_profile") if same_space else None
    out = io.BytesIO()
    flat.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """An L or RGB image, transparency composed onto white paper."""
    if image.mode in ("L", "RGB"):
        return image
    if image.mode == "P" or image.mode == "PA":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA"):
        base = "RGB" if image.mode == "RGBA" else "L"
        paper = Image.new(base, image.size, "white")
        paper.paste(image.convert(base), mask=image.getchannel("A"))
        return paper
    if image.mode in ("1", "I", "I;16", "F"):
        return image.convert("L")
    return image.convert("RGB")  # CMYK, YCbCr, LAB...


def _space(mode: str) -> str:
    if mode in ("1", "L", "LA", "I", "I;16", "F"):
        return "grey"
    if mode in ("P", "PA", "RGB", "RGBA"):
        return "rgb"
    return mode
