"""Consent codes: the SMS, the code's life (10 minutes, five tries, once), and the limits."""

from __future__ import annotations

import datetime as dt

import pytest

from core.assistants.tables import Consent
from core.dossiers.tables import Dossier
from core.errors import Conflict, InvalidInput, NotFound, RateLimited
from core.identity.tables import Citizen
from tests.core.assistants.conftest import FARMER_PHONE, HELPER_PHONE, Desk, wrong
from tests.core.dossiers.conftest import BIRTH


async def test_the_sms_names_the_assistant_and_the_procedure(desk: Desk) -> None:
    """The citizen's SMS names who asks and for what; the code is stored only as a digest."""
    helper = await desk.helper()
    asked, code = await desk.ask(helper)
    phone, text = desk.inbox.sent[-1]
    assert phone == FARMER_PHONE and asked.phone_masked == "******5678"
    assert "Hà Thị Hỗ Trợ" in text and "Đăng ký khai sinh" in text and code in text
    assert asked.consent_text in text and code not in asked.consent_text
    assert asked.procedure_name.startswith("Đăng ký khai sinh") and asked.dossier_code == ""
    row = await Consent.select(Consent.code_hash).where(Consent.id == asked.id).first()
    assert row is not None and code not in row["code_hash"] and len(row["code_hash"]) == 64


async def test_the_right_code_binds_the_citizen(desk: Desk) -> None:
    """Confirming opens the account of a number that has none, as a sign-in would."""
    helper = await desk.helper()
    asked, code = await desk.ask(helper, "+84987654321")
    assert not await Citizen.exists().where(Citizen.phone == "+84987654321")
    confirmed = await desk.assistants.confirm(helper, asked.id, code)
    assert (confirmed.citizen_name, confirmed.procedure_code) == ("", BIRTH)
    assert await Citizen.exists().where(Citizen.phone == "+84987654321")
    again = await desk.assistants.confirm(helper, asked.id, code)  # a double press
    assert again == confirmed


async def test_a_wrong_code_is_refused_and_five_lock_it(desk: Desk) -> None:
    """Each wrong code says how many tries are left; after five even the right one is refused."""
    helper = await desk.helper()
    asked, code = await desk.ask(helper)
    for left in (4, 3, 2, 1):
        with pytest.raises(InvalidInput, match=f"còn {left} lần thử"):
            await desk.assistants.confirm(helper, asked.id, wrong(code))
    with pytest.raises(InvalidInput, match="bị khóa"):
        await desk.assistants.confirm(helper, asked.id, wrong(code))
    with pytest.raises(Conflict, match="bị khóa"):
        await desk.assistants.confirm(helper, asked.id, code)


async def test_a_code_lasts_ten_minutes(desk: Desk) -> None:
    """Eleven minutes later the right code is refused as expired."""
    helper = await desk.helper()
    asked, code = await desk.ask(helper)
    desk.world.clock.advance(dt.timedelta(minutes=11))
    with pytest.raises(Conflict, match="hết hạn"):
        await desk.assistants.confirm(helper, asked.id, code)


async def test_a_new_request_supersedes_the_older_code(desk: Desk) -> None:
    """Asking again for the same number makes the earlier, unconfirmed code useless."""
    helper = await desk.helper()
    first, first_code = await desk.ask(helper)
    await desk.ask(helper)
    with pytest.raises(Conflict, match="hết hạn"):
        await desk.assistants.confirm(helper, first.id, first_code)


async def test_another_assistants_consent_does_not_exist(desk: Desk) -> None:
    """A consent is its assistant's alone: anyone else's id is NotFound."""
    helper = await desk.helper()
    other = await desk.helper("+84900000009")
    asked, code = await desk.ask(helper)
    with pytest.raises(NotFound):
        await desk.assistants.confirm(other, asked.id, code)
    with pytest.raises(NotFound):
        await desk.assistants.confirm(helper, 2**40, code)


async def test_no_code_no_dossier(desk: Desk) -> None:
    """Without the confirmed code nothing can be started or filed."""
    helper = await desk.helper()
    asked, _ = await desk.ask(helper)
    with pytest.raises(Conflict, match="chưa xác nhận"):
        await desk.assistants.start_draft(helper, asked.id)
    submission = await desk.world.birth(helper)
    with pytest.raises(Conflict, match="chưa xác nhận"):
        await desk.assistants.submit(helper, asked.id, submission, "k-assist-0001")
    assert await Dossier.count() == 0


async def test_only_an_approved_assistant_asks(desk: Desk) -> None:
    """A citizen who is not an assistant (or still waits) is told so; no SMS leaves."""
    plain = await desk.citizen(HELPER_PHONE)
    with pytest.raises(Conflict, match="chưa đăng ký"):
        await desk.assistants.ask_consent(plain, FARMER_PHONE, BIRTH)
    assert desk.inbox.sent == []


async def test_what_is_asked_must_make_sense(desk: Desk) -> None:
    """Own number, a bad number, neither or both of procedure and dossier: refused by field."""
    helper = await desk.helper()
    cases = [
        (HELPER_PHONE, BIRTH, "", "phone"),
        ("024 3825 1234", BIRTH, "", "phone"),
        (FARMER_PHONE, "", "", "procedure_code"),
        (FARMER_PHONE, BIRTH, "000.10.11.H56-260302-0001", "procedure_code"),
        (FARMER_PHONE, "9.999999", "", "procedure_code"),
    ]
    for phone, procedure, dossier, field in cases:
        with pytest.raises(InvalidInput) as refused:
            await desk.assistants.ask_consent(helper, phone, procedure, dossier)
        assert refused.value.errors[0].field == field
    assert desk.inbox.sent == []


async def test_twenty_requests_a_day(desk: Desk) -> None:
    """The 21st request of an assistant in a day is RateLimited, in Vietnamese."""
    helper = await desk.helper()
    for n in range(20):
        await desk.assistants.ask_consent(helper, f"+8491234{n:04d}", BIRTH)
    with pytest.raises(RateLimited, match="hãy thử lại sau") as limited:
        await desk.assistants.ask_consent(helper, "+84912349999", BIRTH)
    assert limited.value.retry_after > 0 and len(desk.inbox.sent) == 20


async def test_three_requests_an_hour_to_one_number(desk: Desk) -> None:
    """Nobody's phone is flooded: the 4th request to one number within an hour is refused."""
    helper = await desk.helper()
    other = await desk.helper("+84900000009")
    for ctx in (helper, other, helper):
        await desk.assistants.ask_consent(ctx, FARMER_PHONE, BIRTH)
    with pytest.raises(RateLimited):
        await desk.assistants.ask_consent(other, FARMER_PHONE, BIRTH)


async def test_a_consent_is_shown_again_as_asked(desk: Desk) -> None:
    """The page after a refresh: the same consent, then confirmed with the citizen's name."""
    helper = await desk.helper()
    await desk.citizen(FARMER_PHONE)
    asked, code = await desk.ask(helper)
    assert await desk.assistants.consent(helper, asked.id) == asked
    await desk.assistants.confirm(helper, asked.id, code)
    shown = await desk.assistants.consent(helper, asked.id)
    assert (shown.confirmed, shown.citizen_name) == (True, "Lò Văn Nông")
    with pytest.raises(NotFound):
        await desk.assistants.consent(await desk.helper("+84900000009"), asked.id)
