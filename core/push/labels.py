"""A device's label from its browser's User-Agent: "Chrome trên Android", "Safari trên iPhone".

Only the browser family and the platform are kept: enough for a citizen to tell their phone from
their laptop in the settings page, nothing that fingerprints them.
"""

from __future__ import annotations

# Order matters: Edge and Opera and Samsung Internet also say "Chrome"; Chrome also says "Safari".
_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("CocCoc", "Cốc Cốc"),
    ("coc_coc", "Cốc Cốc"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Chromium", "Chromium"),
    ("Safari", "Safari"),
)
_PLATFORMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
UNKNOWN = "Trình duyệt không rõ"


def device_label(user_agent: str) -> str:
    """A short Vietnamese label for the browser and platform named in `user_agent`."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    platform = next((name for token, name in _PLATFORMS if token in user_agent), "")
    if browser and platform:
        return f"{browser} trên {platform}"
    return browser or platform or UNKNOWN
