"""Life events: everyday words find the right procedures first; admins edit; init seeds them."""

from __future__ import annotations

from importlib import resources

import msgspec
import pytest

from core.catalog import life_events
from core.catalog.life_event_service import LifeEventInput
from core.catalog.life_events import LifeEvent, LifeEventFile
from core.catalog.service import CatalogService, SearchQuery
from core.catalog.tables import LifeEventRecord
from core.clock import SystemClock
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.identity.actor import Actor, Context
from core.identity.tables import AuditEntry

ADMIN = Context(Actor("staff", 1, "quantri", frozenset({"admin"})), "10.0.0.1")
OFFICER = Context(Actor("staff", 2, "canbo", frozenset({"officer"})), "10.0.0.2")
BUNDLED = resources.files("core.catalog.data")

# The everyday phrases of issue 9 and the procedure each must put first.
EVERYDAY = [
    ("làm giấy khai sinh cho con", "1.001193"),  # Đăng ký khai sinh
    ("sinh con", "1.001193"),
    ("mở quán", "1.001612"),  # Đăng ký thành lập hộ kinh doanh
    ("xin phép xây nhà", "1.013225"),  # Cấp giấy phép xây dựng mới … nhà ở riêng lẻ
    ("làm sổ đỏ", "1.013978"),  # Đăng ký đất đai … cấp Giấy chứng nhận lần đầu, hộ gia đình
    ("đăng ký kết hôn", "1.000894"),
    ("làm căn cước", "1.010039"),  # no card procedure in the catalog: residence data first
    ("chứng thực giấy tờ", "2.000815"),  # Chứng thực bản sao từ bản chính
    ("bán đất", "2.001035"),  # Chứng thực giao dịch … quyền sử dụng đất, nhà ở
    ("chuyển hộ khẩu", "1.004222"),  # Đăng ký thường trú
]


def bundled_file() -> LifeEventFile:
    return life_events.decode_file(BUNDLED.joinpath("life_events.json").read_bytes())


def bundled_codes() -> set[str]:
    catalog = msgspec.json.decode(BUNDLED.joinpath("procedures.json").read_bytes())
    return {p["code"] for p in catalog["procedures"]}


async def first_code(catalog: CatalogService, text: str) -> str:
    page = await catalog.search(SearchQuery.parse(q=text))
    assert page.items, text
    return page.items[0].code


def typed(name: str, phrases: str, codes: str, note: str = "") -> LifeEventInput:
    return LifeEventInput(name=name, phrases=phrases, codes=codes, note=note)


@pytest.mark.parametrize(("text", "code"), EVERYDAY, ids=[t for t, _ in EVERYDAY])
async def test_everyday_words_find_the_procedure_first(
    catalog: CatalogService, text: str, code: str
) -> None:
    """Each everyday phrase puts the procedure it means first, and names the life event."""
    page = await catalog.search(SearchQuery.parse(q=text))
    assert page.items[0].code == code
    assert page.life_event is not None


@pytest.mark.parametrize("text", ["LAM GIAY KHAI SINH CHO CON", "lam giay khai sinh  cho con"])
async def test_phrases_forgive_diacritics_case_and_spaces(
    catalog: CatalogService, text: str
) -> None:
    """Without accents, in capitals or with extra spaces the phrase still matches."""
    assert await first_code(catalog, text) == "1.001193"


async def test_a_phrase_inside_a_longer_query_still_matches(catalog: CatalogService) -> None:
    """ "tôi muốn làm sổ đỏ cho nhà" contains "làm sổ đỏ": the land certificate comes first."""
    assert await first_code(catalog, "tôi muốn làm sổ đỏ cho nhà") == "1.013978"


async def test_a_query_naming_a_procedure_keeps_it_first(catalog: CatalogService) -> None:
    """Who types a full procedure name that contains a phrase gets that procedure first."""
    assert await first_code(catalog, "đăng ký kết hôn có yếu tố nước ngoài") == "2.000806"
    assert await first_code(catalog, "dang ky khai tu") == "1.000656"


async def test_filters_apply_to_the_life_events_procedures(catalog: CatalogService) -> None:
    """A filter by level drops the event's procedures that do not pass it."""
    page = await catalog.search(SearchQuery.parse(q="làm sổ đỏ", level="province"))
    assert page.items[0].code == "1.012783"  # 1.013978 is handled by the commune


def test_every_code_in_the_bundled_file_is_in_the_catalog() -> None:
    """No invented codes: each one is a procedure of procedures.json, and the file is valid."""
    file = bundled_file()
    known = bundled_codes()
    unknown = sorted({c for e in file.events for c in e.codes} - known)
    assert unknown == []
    life_events.check_all(file.events, known)


def test_an_unknown_code_in_a_file_is_refused_by_name() -> None:
    """A file naming a code the catalog lacks is refused, saying which event and code."""
    event = LifeEvent(key="nuoi-ga", name="Nuôi gà", phrases=["nuôi gà"], codes=["1.999999"])
    with pytest.raises(InvalidInput) as caught:
        life_events.check_all([event], bundled_codes())
    assert caught.value.errors[0].field == "nuoi-ga codes"
    assert "1.999999" in caught.value.errors[0].message


async def test_loading_a_file_with_an_unknown_code_writes_nothing(catalog: CatalogService) -> None:
    """The whole file is refused: no event of it reaches the table."""
    await LifeEventRecord.delete(force=True)
    good = LifeEvent(key="nuoi-ca", name="Nuôi cá lồng", codes=["1.001612"])
    bad = LifeEvent(key="nuoi-ga", name="Nuôi gà thả vườn", codes=["1.999999"])
    with pytest.raises(InvalidInput):
        await catalog.life_events.load(LifeEventFile(events=[good, bad]))
    assert await LifeEventRecord.count() == 0


async def test_seeding_is_idempotent_and_keeps_admin_edits(catalog: CatalogService) -> None:
    """`motcua init` again adds nothing, and neither undoes an edit nor brings a removal back."""
    await catalog.life_events.update(ADMIN, "mo-quan", typed("Mở quán", "mở quán", "2.001610"))
    await catalog.life_events.remove(ADMIN, "ban-dat")
    report = await catalog.life_events.load_bundled()
    assert report.created == 0 and report.unchanged == len(bundled_file().events)
    assert (await catalog.life_events.get("mo-quan")).codes == ["2.001610"]
    with pytest.raises(NotFound):
        await catalog.life_events.get("ban-dat")


async def test_an_admin_edit_changes_the_results_at_once(catalog: CatalogService) -> None:
    """Changing the codes of "mở quán" reorders its results in this process immediately."""
    assert await first_code(catalog, "mở quán") == "1.001612"
    await catalog.life_events.update(
        ADMIN, "mo-quan", typed("Mở quán, mở cửa hàng", "mở quán\nmở tiệm", "2.001610 1.001612")
    )
    assert await first_code(catalog, "mở quán") == "2.001610"


async def test_other_processes_pick_up_an_edit_through_the_revision(
    catalog: CatalogService,
) -> None:
    """A second service (another server process) sees an added event on its next refresh."""
    other = CatalogService(SystemClock(), refresh_seconds=0)
    assert (await other.search(SearchQuery.parse(q="nuôi gà thả vườn"))).life_event is None
    await catalog.life_events.add(
        ADMIN, typed("Nuôi gà thả vườn", "nuôi gà\nchăn nuôi gà", "1.001612")
    )
    assert await first_code(other, "nuoi ga") == "1.001612"


async def test_a_removed_event_no_longer_steers_search(catalog: CatalogService) -> None:
    """After removing "Làm căn cước", its phrase is an ordinary query again."""
    await catalog.life_events.remove(ADMIN, "can-cuoc")
    page = await catalog.search(SearchQuery.parse(q="làm căn cước"))
    assert page.life_event is None
    assert not page.items or page.items[0].code != "1.010039"


async def test_changes_are_audited(catalog: CatalogService) -> None:
    """Add, change and remove each leave an audit row naming the event."""
    event = await catalog.life_events.add(ADMIN, typed("Nuôi gà", "nuôi gà", "1.001612"))
    await catalog.life_events.update(ADMIN, event.key, typed("Nuôi gà", "nuôi gà", "2.001610"))
    await catalog.life_events.remove(ADMIN, event.key)
    rows = await AuditEntry.select(AuditEntry.action, AuditEntry.object_id).where(
        AuditEntry.object_type == "life_event"
    )
    actions = [(r["action"], r["object_id"]) for r in rows if r["object_id"]]
    assert actions == [
        ("catalog.life_event_added", "nuoi-ga"),
        ("catalog.life_event_changed", "nuoi-ga"),
        ("catalog.life_event_removed", "nuoi-ga"),
    ]


async def test_only_admins_edit(catalog: CatalogService) -> None:
    """An officer may not add, change or remove a life event."""
    with pytest.raises(PermissionDenied):
        await catalog.life_events.add(OFFICER, typed("Nuôi gà", "nuôi gà", "1.001612"))
    with pytest.raises(PermissionDenied):
        await catalog.life_events.remove(OFFICER, "mo-quan")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("codes", "1.999999", "1.999999 không có trong danh mục"),
        ("codes", "abc", "mã có dạng 1.001193"),
        ("codes", "", "ít nhất một mã"),
        ("phrases", "gà", "ít nhất 2 từ"),
        ("phrases", "sổ đỏ", "đã thuộc mục «Làm sổ đỏ"),
        ("name", "", "Nhập tên việc cần làm"),
    ],
)
async def test_a_bad_entry_says_what_to_fix(
    catalog: CatalogService, field: str, value: str, says: str
) -> None:
    """Each problem is reported on its field, in words that say what to change."""
    values = {"name": "Nuôi gà", "phrases": "nuôi gà", "codes": "1.001612", field: value}
    with pytest.raises(InvalidInput) as caught:
        await catalog.life_events.add(ADMIN, LifeEventInput(**values))
    assert [e.field for e in caught.value.errors] == [field]
    assert says in caught.value.errors[0].message


async def test_a_new_event_reuses_a_removed_key(catalog: CatalogService) -> None:
    """Adding an event named like a removed one revives that row instead of failing."""
    await catalog.life_events.remove(ADMIN, "ban-dat")
    event = await catalog.life_events.add(
        ADMIN, typed("Bán đất", "bán đất\nbán nhà đất", "1.013831")
    )
    assert event.key == "ban-dat"
    assert await first_code(catalog, "bán đất") == "1.013831"
