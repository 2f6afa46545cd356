"""The database going away under a live server, seen from a phone: a Vietnamese 503 page that
passes axe-core, and the same page working again once PostgreSQL is back, without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.bench import cluster
from tests.browser.conftest import PHONE, _serve, inject_axe, screenshot
from tests.browser.test_catalog import axe_violations, describe

pytestmark = pytest.mark.browser

PAGE = "/track/H56.01-261203-0001"  # the public tracking page reads the database


@pytest.fixture(scope="module")
def outage_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, cluster.Cluster]]:
    """A live server of its own on a throwaway PostgreSQL cluster the test may stop."""
    with cluster.throwaway() as pg:
        data_dir: Path = tmp_path_factory.mktemp("outage-live")
        for origin in _serve(data_dir, pg.url):
            yield origin, pg


def test_a_phone_sees_a_clear_503_page_while_postgresql_is_down_then_the_page_again(
    browser: Browser, outage_server: tuple[str, cluster.Cluster]
) -> None:
    """Stopped PostgreSQL: 503, Retry-After, Vietnamese text, no axe violation; started: back."""
    origin, pg = outage_server
    context = browser.new_context(**{**PHONE, "base_url": origin})
    try:
        page = context.new_page()
        before = page.goto(PAGE)
        assert before is not None and before.status == 404  # no such dossier: the page works
        pg.stop()
        down = page.goto(PAGE)
        assert down is not None and down.status == 503
        assert down.headers["retry-after"] == "10"
        assert page.locator("h1").inner_text() == "Hệ thống tạm thời gián đoạn"
        assert "thử lại sau khoảng 10 giây" in page.locator("main").inner_text()
        screenshot(page, "outage-503-database-down")
        inject_axe(page)
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        pg.start()
        back = page.goto(PAGE)
        for _ in range(5):  # each pooled connection that died with the server fails once
            if back is not None and back.status != 503:
                break
            back = page.goto(PAGE)
        assert back is not None and back.status == 404
    finally:
        context.close()
