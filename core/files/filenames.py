"""The name an upload is shown under: the citizen's own name, made harmless.

No directories, no control or invisible characters, NFC, at most 200 characters, and the
extension of the type actually stored (a PNG re-encoded as JPEG is shown as `.jpg`).
"""

from __future__ import annotations

import re
import unicodedata

from core.files.inspect import EXTENSIONS

MAX_FILENAME = 200
DEFAULT_STEM = "tai-lieu"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SPACES = re.compile(r"\s+")


def clean_filename(name: str, content_type: str) -> str:
    """`"C:\\Users\\An\\Ảnh CCCD.PNG"` stored as JPEG → `"Ảnh CCCD.jpg"`."""
    base = re.split(r"[/\\]", name)[-1]
    text = unicodedata.normalize("NFC", base)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs"))
    text = _SPACES.sub(" ", _UNSAFE.sub("_", text)).strip(" .")
    stem = text.rsplit(".", 1)[0] if "." in text else text
    stem = stem.strip(" .") or DEFAULT_STEM
    extension = EXTENSIONS[content_type]
    return stem[: MAX_FILENAME - len(extension)].rstrip(" .") + extension
