"""Browser fixtures: a live `motcua serve` on a fresh SQLite data dir, and Debian's chromium.

Playwright's sync API is driven directly (no pytest-playwright). While it is started it marks
an asyncio loop as running in the main thread, so pytest-asyncio could not run the rest of the
suite's async tests: Playwright and the browser are therefore package-scoped, stopped as soon
as the last test of this folder is done, not at the end of the session.
Nothing here skips: a missing chromium, axe-core or htmx is a failure that says what to install.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.databases import fresh_database

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
HTMX = REPO / "web" / "static" / "vendor" / "htmx.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 800},
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
}
STARTUP_SECONDS = 30
TIMEOUT_MS = 10_000

NewPage = Callable[..., Page]
PAGES = pytest.StashKey[list[Page]]()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def live_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """The live server's data dir and database URL (tests may add rows, e.g. staff accounts)."""
    choice = request.config.getoption("--database") or "sqlite"
    data_dir = tmp_path_factory.mktemp("live-data")
    with fresh_database(choice, data_dir) as url:
        yield data_dir, url


@pytest.fixture(scope="session")
def live_server(live_database: tuple[Path, str]) -> Iterator[str]:
    """`motcua init` then `motcua serve` on a free port (MOTCUA_ENV=test); yields its origin.

    The server gets its own database of the run's kind (SQLite or PostgreSQL), apart from
    the one the other tests empty between tests.
    """
    yield from _serve(*live_database)


def _serve(data_dir: Path, database_url: str) -> Iterator[str]:
    if not HTMX.is_file():
        pytest.fail(f"{HTMX} is missing: run `make assets` (npm ci) before the browser tests")
    motcua = Path(sys.executable).parent / "motcua"
    port = _free_port()
    origin = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "MOTCUA_ENV": "test",
        "MOTCUA_DATA_DIR": str(data_dir),
        "MOTCUA_DATABASE_URL": database_url,
        "MOTCUA_BASE_URL": origin,  # receipts' QR codes point back at this server
    }
    subprocess.run(
        [motcua, "init"], env=env, cwd=REPO, check=True, capture_output=True, timeout=120
    )
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [motcua, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _answers(f"{origin}/healthz"):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"motcua serve did not answer /healthz on {origin}:\n"
                        + log_path.read_text(errors="replace")
                    )
                time.sleep(0.1)
            yield origin
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Package scope, not session: see the module docstring."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium, headless. Missing means failing, never skipping."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(`apt-get install -y chromium`, or `make test-deps`); never `playwright install`"
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(
    browser: Browser, live_server: str, request: pytest.FixtureRequest
) -> Iterator[Callable[..., BrowserContext]]:
    """Make browser contexts (phone settings unless overridden), closed after the test.

    Every page opened in them is remembered so that a failing test leaves screenshots.
    """
    contexts: list[BrowserContext] = []
    pages = request.node.stash.setdefault(PAGES, [])

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**{**PHONE, "base_url": live_server, **options})
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", lambda page: pages.append(page) if page not in pages else None)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context: Callable[..., BrowserContext], request: pytest.FixtureRequest) -> NewPage:
    """A page in a fresh context; keyword arguments go to `browser.new_context`."""
    pages = request.node.stash.setdefault(PAGES, [])

    def make(**options: Any) -> Page:
        page = new_context(**options).new_page()
        if page not in pages:
            pages.append(page)
        return page

    return make


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """A phone page (360×800, touch, vi-VN) with JavaScript on."""
    return new_page()


def inject_axe(page: Page) -> None:
    """Load axe-core into the page through the DevTools protocol: a `<script>` tag added by the
    test would be inline code, which the site's Content-Security-Policy rightly blocks."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make assets) before the browser tests")
    page.evaluate(AXE.read_text(encoding="utf-8"))


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On a failure, a full-page screenshot of every page the test still has open."""
    report = yield
    if report.failed and call.when in ("setup", "call"):
        slug = re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
        for number, open_page in enumerate(item.stash.get(PAGES, [])):
            if open_page.is_closed():
                continue
            try:
                path = screenshot(open_page, f"FAILED-{slug}-{number}")
            except Exception as exc:  # a screenshot must never hide the failure itself
                report.sections.append(("screenshot", f"could not save: {exc}"))
            else:
                report.sections.append(("screenshot", str(path)))
    return report
