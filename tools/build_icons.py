"""Build the PWA's icons in pwa/static/icons/ from one drawing: the "một cửa" door.

Usage: python tools/build_icons.py [OUT_DIR]

The mark is the one of web/static/icon.svg: a yellow door frame, open at the bottom, on the theme
red. It is drawn large and scaled down (Lanczos), so edges stay clean at every size. Which files,
and why:
- icon-192.png, icon-512.png: what Chromium needs to offer installation (192 and 512, "any");
- maskable-512.png: Android crops icons to a circle or squircle; the mark stays inside the
  central 80 % safe zone and the red bleeds to every edge;
- apple-touch-icon-180.png: iOS ignores the manifest's icons; opaque, no rounded corners (iOS
  rounds them itself);
- badge-96.png: the small monochrome icon of a notification in Android's status bar: only its
  alpha counts, so white on transparent;
- favicon.ico (16, 32, 48): for browsers and crawlers that ask /favicon.ico.
The PNGs are committed; run this again only when the drawing changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

THEME = (165, 14, 14, 255)  # #a50e0e, the manifest's theme_color
MARK = (255, 205, 0, 255)  # #ffcd00, the header's mark
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
CANVAS = 1024  # drawn at this size, then scaled down
# The door in a 64-unit box, as in icon.svg: a frame whose opening reaches the bottom edge.
DOOR = [(18, 46), (18, 18), (46, 18), (46, 46), (36, 46), (36, 30), (28, 30), (28, 46)]
OUT = Path(__file__).resolve().parents[1] / "pwa" / "static" / "icons"


def door(
    size: int, ink: tuple[int, ...], ground: tuple[int, ...], *, scale: float = 1.0
) -> Image.Image:
    """The mark on a square `size`; `scale` < 1 shrinks it around the centre (maskable)."""
    image = Image.new("RGBA", (CANVAS, CANVAS), ground)
    unit = CANVAS / 64 * scale
    offset = CANVAS / 2 - 32 * unit
    points = [(offset + x * unit, offset + y * unit) for x, y in DOOR]
    ImageDraw.Draw(image).polygon(points, fill=ink)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def rounded(image: Image.Image, radius_share: float = 12 / 64) -> Image.Image:
    """Round the corners as icon.svg does (`rx=12` of 64), for the 'any' icons."""
    mask = Image.new("L", image.size, 0)
    radius = round(image.size[0] * radius_share)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, *image.size), radius=radius, fill=255)
    out = Image.new("RGBA", image.size, CLEAR)
    out.paste(image, mask=mask)
    return out


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "icon-192.png": rounded(door(192, MARK, THEME)),
        "icon-512.png": rounded(door(512, MARK, THEME)),
        "maskable-512.png": door(512, MARK, THEME, scale=0.7),
        "apple-touch-icon-180.png": door(180, MARK, THEME).convert("RGB"),
        "badge-96.png": door(96, WHITE, CLEAR, scale=1.6),
    }
    written = []
    for name, image in files.items():
        path = out / name
        image.save(path, "PNG", optimize=True)
        written.append(path)
    favicon = out / "favicon.ico"
    door(48, MARK, THEME).save(favicon, sizes=[(16, 16), (32, 32), (48, 48)])
    written.append(favicon)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(f"{path} {path.stat().st_size} B")
