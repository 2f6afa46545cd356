"""CatalogService against the database: bundled load, versions, import and export."""

import asyncio
import datetime as dt
from importlib import resources

import msgspec
import pytest

from core.catalog import transfer
from core.catalog.model import Catalog
from core.catalog.service import CatalogService, SearchQuery
from core.clock import FixedClock, SystemClock
from core.errors import InvalidInput, NotFound
from tests.core.catalog.factories import make_procedure


async def test_bundled_catalog_loads_at_least_sixty_real_procedures(
    catalog: CatalogService,
) -> None:
    """The bundled catalog is large enough and carries the well-known codes."""
    index = await catalog.index()
    assert len(index) >= 60
    birth = await catalog.get("1.001193")
    assert birth.name == "Đăng ký khai sinh"
    assert birth.same_day and birth.cutoff == "15:00"


async def test_bundled_catalog_covers_the_required_fields(catalog: CatalogService) -> None:
    """Civil status, certification, business households, land and construction are all there."""
    fields = {f.name for f in await catalog.fields()}
    for expected in ("Hộ tịch", "Chứng thực", "Đất đai", "Hoạt động xây dựng"):
        assert expected in fields
    assert any("hộ kinh doanh" in f for f in fields)


async def test_loading_twice_changes_nothing(catalog: CatalogService) -> None:
    """`motcua init` may run again: the second load reports everything unchanged."""
    report = await catalog.load_bundled()
    assert report.created == 0 and report.updated == 0 and report.unchanged >= 60


@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_export_then_import_is_lossless(catalog: CatalogService, fmt: str) -> None:
    """Exported, re-imported and exported again, the catalog is byte for byte the same."""
    first = await catalog.export_catalog()
    data = transfer.encode(first, fmt)  # type: ignore[arg-type]
    report = await catalog.import_catalog(transfer.decode(data, fmt))  # type: ignore[arg-type]
    assert report.created == 0 and report.updated == 0
    again = await catalog.export_catalog()
    assert again == first
    assert transfer.encode(again, fmt) == data  # type: ignore[arg-type]


async def test_search_pages_are_bounded(catalog: CatalogService) -> None:
    """A page holds at most `size` items and `total` counts them all."""
    page = await catalog.search(SearchQuery.parse(q="dang ky", size=5, page=2))
    assert len(page.items) == 5 and page.total > 10 and page.page == 2


async def test_page_past_the_end_is_empty(catalog: CatalogService) -> None:
    """A page number past the last one gives no items, not an error."""
    page = await catalog.search(SearchQuery.parse(q="khai sinh", page=9_999))
    assert page.items == () and page.total > 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"page": 0}, "page"),
        ({"size": 51}, "size"),
        ({"q": "x" * 201}, "q"),
        ({"level": "galaxy"}, "level"),
        ({"online": "maybe"}, "online"),
    ],
)
def test_bad_search_requests_name_the_field(kwargs: dict[str, object], field: str) -> None:
    """Out-of-range paging, long queries and unknown filters are InvalidInput on that field."""
    with pytest.raises(InvalidInput) as caught:
        SearchQuery.parse(**kwargs)  # type: ignore[arg-type]
    assert [e.field for e in caught.value.errors] == [field]


async def test_unknown_code_is_not_found(catalog: CatalogService) -> None:
    """A code that is not in the catalog raises NotFound."""
    with pytest.raises(NotFound):
        await catalog.get("1.999999")


async def test_the_version_in_force_is_served(db: None) -> None:
    """Of two versions, the one whose dates cover today is served; a future one waits."""
    clock = FixedClock(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC))
    service = CatalogService(clock, refresh_seconds=0)
    await service.import_catalog(
        Catalog(
            procedures=[
                make_procedure(name="Cũ", version=1, effective_to=dt.date(2026, 1, 1)),
                make_procedure(name="Hiện hành", version=2, effective_from=dt.date(2026, 1, 1)),
                make_procedure(name="Tương lai", version=3, effective_from=dt.date(2027, 1, 1)),
            ]
        )
    )
    assert (await service.get("1.000001")).name == "Hiện hành"
    clock.advance(dt.timedelta(days=365))
    assert (await service.get("1.000001")).name == "Tương lai"


async def test_import_replaces_a_changed_version(db: None) -> None:
    """Importing the same code and version with new facts updates it in place."""
    service = CatalogService(SystemClock(), refresh_seconds=0)
    await service.import_catalog(Catalog(procedures=[make_procedure(processing_hours=8)]))
    report = await service.import_catalog(Catalog(procedures=[make_procedure(processing_hours=24)]))
    assert (report.created, report.updated) == (0, 1)
    assert (await service.get("1.000001")).processing_hours == 24


async def test_import_rejects_duplicates_and_writes_nothing(db: None) -> None:
    """A file naming one version twice is refused whole."""
    service = CatalogService(SystemClock(), refresh_seconds=0)
    with pytest.raises(InvalidInput):
        await service.import_catalog(Catalog(procedures=[make_procedure(), make_procedure()]))
    assert (await service.export_catalog()).procedures == []


async def test_another_process_import_is_seen_after_refresh(db: None) -> None:
    """A second service (another worker process) sees an import once its index refreshes."""
    reader = CatalogService(SystemClock(), refresh_seconds=0)
    assert len(await reader.index()) == 0
    await CatalogService(SystemClock()).import_catalog(Catalog(procedures=[make_procedure()]))
    assert len(await reader.index()) == 1


def test_bundled_file_decodes_strictly() -> None:
    """The shipped data file is a valid Catalog with unique codes."""
    data = resources.files("core.catalog.data").joinpath("procedures.json").read_bytes()
    catalog = msgspec.json.decode(data, type=Catalog)
    codes = [p.code for p in catalog.procedures]
    assert len(codes) == len(set(codes)) >= 60


async def test_readers_are_not_held_up_while_one_checks_for_changes(db: None) -> None:
    """While one request checks the revision, the others are answered from the index in hand."""
    service = CatalogService(SystemClock(), refresh_seconds=0)
    await service.import_catalog(Catalog(procedures=[make_procedure()]))
    first = await service.index()
    async with service._lock:  # a check in progress
        assert await asyncio.wait_for(service.index(), timeout=1) is first
