"""Files to upload in tests, made on the spot with Pillow (keyword-only factories)."""

from __future__ import annotations

import io

from PIL import ExifTags, Image, ImageDraw

GPS_HANOI = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (105.0, 50.0, 1.0),
}
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def photo(*, width: int = 64, height: int = 48) -> Image.Image:
    """A photo-like picture: smooth shading plus sensor noise (compresses like a real photo)."""
    shade = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 24)
    red = Image.blend(shade, noise, 0.35)
    return Image.merge("RGB", (red, shade.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise))


def drawing(*, width: int = 64, height: int = 48, mode: str = "RGB") -> Image.Image:
    """A screenshot-like picture: flat colours and a few shapes."""
    image = Image.new(mode, (width, height), "white")
    ImageDraw.Draw(image).rectangle((4, 4, width // 2, height // 2), fill="navy")
    return image


def encode(image: Image.Image, *, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def jpeg(
    *,
    width: int = 64,
    height: int = 48,
    quality: int = 90,
    gps: bool = False,
    orientation: int | None = None,
) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS_HANOI)
    image = photo(width=width, height=height)
    return encode(image, fmt="JPEG", quality=quality, exif=exif.tobytes())


def png(*, width: int = 64, height: int = 48, mode: str = "RGB", photo_like: bool = False) -> bytes:
    image = photo(width=width, height=height) if photo_like else drawing(width=width, height=height)
    return encode(image.convert(mode), fmt="PNG")


def webp(*, width: int = 64, height: int = 48, mode: str = "RGB") -> bytes:
    return encode(drawing(width=width, height=height).convert(mode), fmt="WEBP", lossless=True)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
