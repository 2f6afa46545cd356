"""Page weight: a citizen's first visit on a phone costs at most 60 KB and talks to no one else.

Each page is loaded in a fresh context (empty cache, no service worker yet) on a 360×800 phone.
Every response the context sees counts at its size on the wire (compressed body + headers, as
DevTools' "transferred"): the document, CSS, JS, icons, the manifest and its icons, and what a
service worker fetches to cache the app shell, since all of it is paid for on the first visit
over a weak 3G/4G link. Each figure is printed (`pytest -s`) so a regression shows its cause.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Request

pytestmark = pytest.mark.browser

BUDGET_BYTES = 60_000  # 60 KB, decimal: the stricter reading of the budget
SETTLE_MS = 1_500  # after the network is idle: lazy fetches (manifest icons, precache) start late
PAGES = {
    "home": "/",
    "search": "/procedures?q=khai%20sinh",
    "procedure": "/procedures/1.001193",  # Đăng ký khai sinh
}
# Resolves once a service worker (if the page registers one) is active, or after 5 s.
SERVICE_WORKER_READY = """() => !navigator.serviceWorker ? null : Promise.race([
  navigator.serviceWorker.ready.then(r => r.active && r.active.scriptURL),
  new Promise(done => setTimeout(() => done(null), 5000)),
])"""


def first_visit(
    new_context: Callable[..., BrowserContext], path: str
) -> tuple[list[tuple[str, int]], list[str]]:
    """(url, bytes on the wire) of every finished response, and every URL requested."""
    context = new_context()
    requested: list[str] = []
    finished: list[Request] = []
    context.on("request", lambda request: requested.append(request.url))
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    response = page.goto(path, wait_until="networkidle")
    assert response is not None and response.status == 200, f"GET {path}"
    page.evaluate(SERVICE_WORKER_READY)
    # What Chrome on Android does on a first visit to decide whether to offer "install": fetch
    # the manifest and its icon. Headless chromium only does so when asked.
    devtools = context.new_cdp_session(page)
    devtools.send("Page.getAppManifest")
    devtools.send("Page.getInstallabilityErrors")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    weights = []
    for request in finished:
        sizes = request.sizes()
        weights.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
    return weights, requested


@pytest.mark.parametrize("name", list(PAGES))
def test_first_visit_stays_under_60_kb_from_our_own_origin_only(
    new_context: Callable[..., BrowserContext], live_server: str, name: str
) -> None:
    """Compressed HTML + CSS + JS + icons of a first visit ≤ 60 KB; no third-party request."""
    weights, requested = first_visit(new_context, PAGES[name])
    origin = urlsplit(live_server).netloc
    foreign = [
        url
        for url in requested
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin
    ]
    total = sum(size for _, size in weights)
    print(f"\n{name} {PAGES[name]}: {total:,} bytes in {len(weights)} responses")
    for url, size in sorted(weights, key=lambda w: -w[1]):
        print(f"  {size:>7,}  {urlsplit(url).path}")
    assert foreign == [], f"third-party requests: {foreign}"
    assert weights, "no response was counted"
    assert total <= BUDGET_BYTES, f"{name}: {total:,} bytes > {BUDGET_BYTES:,}"
