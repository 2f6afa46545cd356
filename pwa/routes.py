"""The installable shell's URLs: the manifest, the service worker, the offline page, the icons.

The service worker is served from the root (`/sw.js`, `Service-Worker-Allowed: /`) so that its
scope is the whole site, and with `Cache-Control: no-cache` so that the browser checks for a new
one on every navigation instead of trusting a stale copy for a day. Its version is the hash of the
files it precaches and of its own source, written into it when served: changing any of them
makes a new worker, which drops the old caches (pwa/static/sw.js says what it caches and why).

The offline page is a static file styled by the site's own stylesheet, not a template: `pwa` may
not import `web` (import-linter), and a page the worker stores once must not depend on a request.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from litestar import Response, get
from litestar.static_files import create_static_files_router

STATIC = Path(__file__).parent / "static"
THEME_COLOUR = "#a50e0e"  # the header's red (web/static/css/app.css --brand)
BACKGROUND_COLOUR = "#ffffff"
NO_CACHE = {"Cache-Control": "no-cache"}
# Precached by the worker: small files only (the first visit pays for them, see
# tests/browser/test_page_weight.py); htmx and the rest are cached as pages ask for them.
SHELL_FILES = ("/offline", "/static/css/app.css", "/pwa/pwa.js")
VERSIONED = ("sw.js", "pwa.js", "offline.html")


def manifest() -> dict[str, Any]:
    """The web app manifest: Vietnamese first, installable on Android, shortcuts to the two
    things a citizen comes back for (finding a procedure, their own dossiers)."""
    icon = "/pwa/icons/icon-192.png"
    return {
        "id": "/",
        "name": "Một cửa — Dịch vụ công trực tuyến",
        "short_name": "Một cửa",
        "description": "Tra cứu thủ tục hành chính và nộp hồ sơ trực tuyến",
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["government", "utilities"],
        "icons": [
            {"src": icon, "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {
                "src": "/pwa/icons/icon-512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": "/pwa/icons/maskable-512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {
                "name": "Tìm thủ tục",
                "short_name": "Tìm thủ tục",
                "url": "/procedures",
                "icons": [{"src": icon, "sizes": "192x192", "type": "image/png"}],
            },
            {
                "name": "Hồ sơ của tôi",
                "short_name": "Hồ sơ",
                "url": "/dossiers",
                "icons": [{"src": icon, "sizes": "192x192", "type": "image/png"}],
            },
        ],
    }


@functools.cache
def _manifest_bytes() -> bytes:
    return json.dumps(manifest(), ensure_ascii=False, separators=(",", ":")).encode()


@functools.cache
def service_worker_source() -> bytes:
    """sw.js with its version and the list of shell files written in (read once)."""
    digest = hashlib.sha256()
    for name in VERSIONED:
        digest.update((STATIC / name).read_bytes())
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    source = source.replace('"__VERSION__"', json.dumps(digest.hexdigest()[:12]))
    return source.replace('["__SHELL__"]', json.dumps(list(SHELL_FILES))).encode()


@functools.cache
def _file(name: str) -> bytes:
    return (STATIC / name).read_bytes()


@get("/manifest.webmanifest", include_in_schema=False)
async def web_manifest() -> Response[bytes]:
    return Response(
        _manifest_bytes(),
        media_type="application/manifest+json",
        headers={"Cache-Control": "max-age=3600"},
    )


@get("/sw.js", include_in_schema=False)
async def service_worker() -> Response[bytes]:
    headers = {**NO_CACHE, "Service-Worker-Allowed": "/"}
    return Response(service_worker_source(), media_type="text/javascript", headers=headers)


@get("/offline", include_in_schema=False)
async def offline_page() -> Response[bytes]:
    return Response(_file("offline.html"), media_type="text/html; charset=utf-8", headers=NO_CACHE)


@get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response[bytes]:
    """For browsers and crawlers that ask the root; pages link /static/icon.svg."""
    headers = {"Cache-Control": "max-age=86400"}
    return Response(_file("icons/favicon.ico"), media_type="image/x-icon", headers=headers)


def routes() -> list[Any]:
    """Everything above, and the client script and icons under /pwa/."""
    files = create_static_files_router(
        path="/pwa", directories=[STATIC], cache_control=None, include_in_schema=False
    )
    return [web_manifest, service_worker, offline_page, favicon, files]
