"""POST /api/v1/dossiers/{code}/feedback and the complaint routes over the JSON API."""

from __future__ import annotations

import asyncio

import pytest

from core.clock import FixedClock
from tests.api.test_auth import sign_in
from tests.api.test_staff_dossiers import COMMUNE, Client, Headers, act, file, staff
from tests.api.test_staff_dossiers import api as api  # the fixtures, re-exported
from tests.api.test_staff_dossiers import clock as clock


async def returned(api: Client, clock: FixedClock, citizen: Headers, key: str) -> str:
    """A dossier of `citizen` taken through to "returned" at the commune's counter; its code."""
    code = await file(api, citizen, key)
    officer = await staff(clock, COMMUNE, "officer")
    for action in ("receive", "forward"):
        assert (await act(api, officer, code, action)).status_code == 200
    assert (await act(api, await staff(clock, COMMUNE, "head"), code, "approve")).status_code == 200
    done = await act(api, officer, code, "return_result", via="counter")
    assert done.status_code == 200 and done.json()["status"] == "returned"
    return code


def rate(api: Client, code: str, who: Headers, **body: object) -> object:
    return api.post(f"/api/v1/dossiers/{code}/feedback", json=body, headers=who)


async def test_the_owner_rates_once_after_the_return(api: Client, clock: FixedClock) -> None:
    """201 with the rating, then 409 with the reason on a second try."""
    citizen = await sign_in(api)
    code = await returned(api, clock, citizen, "k-fb-api-0001")
    criteria = {"attitude": "tan_tinh", "visits": 1}
    first = await rate(api, code, citizen, level="rat_hai_long", criteria=criteria)
    assert first.status_code == 201, first.text
    assert first.json()["level"] == "rat_hai_long" and first.json()["criteria"] == criteria
    second = await rate(api, code, citizen, level="khong_hai_long")
    assert second.status_code == 409
    assert "một lần" in second.json()["detail"]


async def test_before_the_return_is_409_and_strangers_get_404(
    api: Client, clock: FixedClock
) -> None:
    citizen = await sign_in(api)
    code = await file(api, citizen, "k-fb-api-0002")
    early = await rate(api, code, citizen, level="hai_long")
    assert early.status_code == 409 and "chưa trả kết quả" in early.json()["detail"]
    stranger = await sign_in(api, "0987654321")
    assert (await rate(api, code, stranger, level="hai_long")).status_code == 404
    officer = await staff(clock, COMMUNE, "officer")
    assert (await rate(api, code, officer, level="hai_long")).status_code == 404
    anonymous = await api.post(f"/api/v1/dossiers/{code}/feedback", json={"level": "hai_long"})
    assert anonymous.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level": "tuyet_voi"}, "level"),
        ({"level": "hai_long", "criteria": {"attitude": "xau"}}, "criteria.attitude"),
        ({"level": "hai_long", "criteria": {"visits": 99}}, "criteria.visits"),
    ],
)
async def test_bad_levels_and_criteria_are_422(
    api: Client, clock: FixedClock, body: dict[str, object], field: str
) -> None:
    citizen = await sign_in(api)
    code = await returned(api, clock, citizen, "k-fb-api-0003")
    response = await rate(api, code, citizen, **body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_two_ratings_sent_at_once_give_201_and_409(api: Client, clock: FixedClock) -> None:
    citizen = await sign_in(api)
    code = await returned(api, clock, citizen, "k-fb-api-0004")
    answers = await asyncio.gather(
        rate(api, code, citizen, level="hai_long"),
        rate(api, code, citizen, level="khong_hai_long", comment="Chậm"),
    )
    assert sorted(a.status_code for a in answers) == [201, 409]


async def test_a_complaint_is_filed_listed_and_published_only_with_consent(
    api: Client, clock: FixedClock
) -> None:
    citizen = await sign_in(api)
    code = await file(api, citizen, "k-fb-api-0005")
    body = {
        "kind": "phan_anh",
        "subject_kind": "dossier",
        "subject": code,
        "body": "Gọi 0912345678 nhiều lần không ai nghe máy.",
    }
    filed = await api.post("/api/v1/complaints", json=body, headers=citizen)
    assert filed.status_code == 201, filed.text
    assert filed.json()["code"].startswith(f"PAKN-{COMMUNE}-260302-")
    assert filed.json()["unit"] == COMMUNE and filed.json()["status"] == "received"
    mine = await api.get("/api/v1/complaints", headers=citizen)
    assert [c["code"] for c in mine.json()] == [filed.json()["code"]]
    assert (await api.get("/api/v1/complaints/published")).json() == []
    bad = await api.post("/api/v1/complaints", json={**body, "kind": "x"}, headers=citizen)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"
