"""QR codes for pages and PDFs: inline SVG for HTML, PNG bytes for documents such as form 01."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from markupsafe import Markup

BORDER = 2  # modules of quiet zone; scanners want some, the page margin adds the rest


def qr_svg(text: str) -> Markup:
    """The text as an inline SVG QR code (no image library needed)."""
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=BORDER
    )
    return Markup(image.to_string(encoding="unicode"))  # noqa: S704 - generated path data only


def qr_png(text: str, box_size: int = 8) -> bytes:
    """The text as a black-and-white PNG QR code, `box_size` pixels per module."""
    image = qrcode.make(text, box_size=box_size, border=BORDER)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
