"""Citizen sign-in with a one-time code, the profile and data rights, at the service layer."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import re

import pytest

from core.clock import VIETNAM, FixedClock
from core.errors import InvalidInput, RateLimited, Unauthenticated
from core.identity.actor import ANONYMOUS, Actor, Context
from core.identity.citizens import CitizenAuth, CodeRejected
from core.identity.phone import normalise_phone, phone_key
from core.identity.tables import AuditEntry, AuthToken, Citizen, OtpChallenge
from core.identity.tokens import TokenService

SECRET = "test-secret-0123456789"
PHONE = "+84912345678"
NATIONAL = "912345678"  # the digits that identify the number in any spelling
CLIENT = Context(ANONYMOUS, "198.51.100.7")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)


@dataclasses.dataclass
class RecordingSms:
    sent: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    async def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))

    def last_code(self, phone: str = PHONE) -> str:
        text = next(t for p, t in reversed(self.sent) if p == normalise_phone(phone))
        found = re.search(r"\b(\d{6})\b", text)
        assert found
        return found.group(1)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def sms() -> RecordingSms:
    return RecordingSms()


@pytest.fixture
def auth(db: None, clock: FixedClock, sms: RecordingSms) -> CitizenAuth:
    return CitizenAuth(clock, sms, SECRET)


@pytest.fixture
def tokens(clock: FixedClock) -> TokenService:
    return TokenService(clock)


async def sign_in(auth: CitizenAuth, sms: RecordingSms, phone: str = PHONE) -> tuple[str, Context]:
    """Ask for a code, type it in; returns the bearer token and the citizen's context."""
    await auth.request_code(CLIENT, phone)
    token = await auth.verify(CLIENT, phone, sms.last_code(phone))
    actor = await TokenService(FixedClock(START)).resolve(token, "bearer")
    assert actor.is_citizen
    return token, Context(actor, CLIENT.client)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def audit_text() -> str:
    return json.dumps(await AuditEntry.select(), default=str)


# --- asking for a code ----------------------------------------------------------------------


async def test_code_is_six_digits_sent_in_vietnamese_and_stored_hashed(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """The SMS says the code in Vietnamese; the database keeps only an HMAC of it."""
    sent = await auth.request_code(CLIENT, "0912 345 678")
    assert sent.expires_in == 300 and sent.masked_phone == "091*****78"
    code = sms.last_code()
    assert sms.sent[-1][1] == (
        f"Mã xác thực motcua của bạn là {code}, có hiệu lực 5 phút. "
        "Không chia sẻ mã này cho bất kỳ ai."
    )
    row = await OtpChallenge.select().first()
    assert row is not None and row["phone"] == PHONE
    assert code not in json.dumps(row, default=str) and len(row["code_hash"]) == 64
    assert row["expires_at"] - row["created_at"] == dt.timedelta(minutes=5)


@pytest.mark.parametrize(
    "raw", ["024 3825 1234", "+1 415 555 0100", "0123", "", "09123456789", "+84 212 345 678"]
)
async def test_not_a_vietnamese_mobile_is_invalid_and_nothing_is_sent(
    auth: CitizenAuth, sms: RecordingSms, raw: str
) -> None:
    """Landlines, foreign and malformed numbers: InvalidInput naming the phone field, no SMS."""
    with pytest.raises(InvalidInput) as caught:
        await auth.request_code(CLIENT, raw)
    assert [e.field for e in caught.value.errors] == ["phone"]
    assert sms.sent == [] and await OtpChallenge.count() == 0


async def test_three_codes_per_number_per_quarter_hour(
    auth: CitizenAuth, clock: FixedClock, sms: RecordingSms
) -> None:
    """A 4th code within 15 minutes is refused with the wait; any spelling counts as one number."""
    for raw in ("0912345678", "+84 912 345 678", "84912345678"):
        await auth.request_code(CLIENT, raw)
    with pytest.raises(RateLimited) as caught:
        await auth.request_code(CLIENT, "0912.345.678")
    assert 800 < caught.value.retry_after <= 900
    assert len(sms.sent) == 3
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    await auth.request_code(CLIENT, PHONE)
    assert len(sms.sent) == 4


async def test_codes_per_client_address_are_limited(auth: CitizenAuth, sms: RecordingSms) -> None:
    """One address may not spray codes at many numbers: 20 per hour."""
    for n in range(20):
        await auth.request_code(CLIENT, f"0912{n:06d}")
    with pytest.raises(RateLimited) as caught:
        await auth.request_code(CLIENT, "0988888888")
    assert caught.value.retry_after > 3000
    await auth.request_code(Context(ANONYMOUS, "203.0.113.9"), "0988888888")
    assert len(sms.sent) == 21


async def test_same_answer_whether_or_not_the_number_has_an_account(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """A known and an unknown number get the same kind of answer and the same SMS."""
    await sign_in(auth, sms)
    known = await auth.request_code(CLIENT, PHONE)
    unknown = await auth.request_code(CLIENT, "0987654321")
    assert (known.expires_in, len(known.masked_phone)) == (
        unknown.expires_in,
        len(unknown.masked_phone),
    )
    assert sms.sent[-1][1].replace(sms.last_code("+84987654321"), "") == sms.sent[-2][1].replace(
        sms.last_code(), ""
    )


# --- checking a code ------------------------------------------------------------------------


async def test_right_code_signs_in_and_creates_the_account_once(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """First sign-in creates the citizen; other spellings of the number are the same person."""
    _, first = await sign_in(auth, sms, "0912345678")
    _, again = await sign_in(auth, sms, "+84 912 345 678")
    _, third = await sign_in(auth, sms, "84912345678")
    assert first.actor.is_citizen and first.actor.id == again.actor.id == third.actor.id
    assert await Citizen.count() == 1


async def test_wrong_code_is_401_saying_so(auth: CitizenAuth, sms: RecordingSms) -> None:
    """A wrong code: Unauthenticated with the reason 'wrong'; nobody is created."""
    await auth.request_code(CLIENT, PHONE)
    with pytest.raises(CodeRejected) as caught:
        await auth.verify(CLIENT, PHONE, wrong(sms.last_code()))
    assert caught.value.reason == "wrong" and "not right" in caught.value.message
    assert await Citizen.count() == 0 and await AuthToken.count() == 0


async def test_replayed_code_is_refused_as_used(auth: CitizenAuth, sms: RecordingSms) -> None:
    """A code signs in once; the same code again is 'already used'."""
    await auth.request_code(CLIENT, PHONE)
    code = sms.last_code()
    await auth.verify(CLIENT, PHONE, code)
    with pytest.raises(CodeRejected) as caught:
        await auth.verify(CLIENT, PHONE, code)
    assert caught.value.reason == "used" and "already been used" in caught.value.message
    assert await AuthToken.count() == 1


async def test_expired_code_is_refused_as_expired(
    auth: CitizenAuth, clock: FixedClock, sms: RecordingSms
) -> None:
    """After 5 minutes the right code is 'expired'."""
    await auth.request_code(CLIENT, PHONE)
    clock.advance(dt.timedelta(minutes=5, seconds=1))
    with pytest.raises(CodeRejected) as caught:
        await auth.verify(CLIENT, PHONE, sms.last_code())
    assert caught.value.reason == "expired"


async def test_code_just_before_expiry_still_works(
    auth: CitizenAuth, clock: FixedClock, sms: RecordingSms
) -> None:
    """At 4 min 59 s the code is still good."""
    await auth.request_code(CLIENT, PHONE)
    clock.advance(dt.timedelta(minutes=4, seconds=59))
    assert await auth.verify(CLIENT, PHONE, sms.last_code())


async def test_newer_code_supersedes_the_older_one(auth: CitizenAuth, sms: RecordingSms) -> None:
    """Asking again makes the previous unused code stop working."""
    await auth.request_code(CLIENT, PHONE)
    old = sms.last_code()
    await auth.request_code(CLIENT, PHONE)
    new = sms.last_code()
    if old != new:
        with pytest.raises(CodeRejected) as caught:
            await auth.verify(CLIENT, PHONE, old)
        assert caught.value.reason == "expired"
    assert await auth.verify(CLIENT, PHONE, new)


async def test_no_code_requested_is_said_without_naming_an_account(auth: CitizenAuth) -> None:
    """With no code waiting the answer is 'none' for a known and an unknown number alike."""
    with pytest.raises(CodeRejected) as caught:
        await auth.verify(CLIENT, PHONE, "123456")
    assert caught.value.reason == "none"
    assert "account" not in caught.value.message


async def test_five_wrong_codes_lock_the_number_even_for_the_right_code(
    auth: CitizenAuth, clock: FixedClock, sms: RecordingSms
) -> None:
    """Guessing: 5 wrong tries, then 429 with a 15-minute wait, even with the right code."""
    await auth.request_code(CLIENT, PHONE)
    code = sms.last_code()
    for _ in range(5):
        with pytest.raises(CodeRejected):
            await auth.verify(CLIENT, PHONE, wrong(code))
    with pytest.raises(RateLimited) as caught:
        await auth.verify(CLIENT, PHONE, code)
    assert 850 < caught.value.retry_after <= 900 and "15 minutes" in caught.value.message
    with pytest.raises(RateLimited):
        await auth.request_code(CLIENT, PHONE)  # no new code to guess at while locked
    assert await AuthToken.count() == 0
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    await auth.request_code(CLIENT, PHONE)
    assert await auth.verify(CLIENT, PHONE, sms.last_code())


async def test_parallel_guesses_do_not_slip_past_the_lock(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """Ten guesses at once: at most five are judged, the rest are rate-limited."""
    await auth.request_code(CLIENT, PHONE)
    code = sms.last_code()
    guesses = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 11)]
    results = await asyncio.gather(
        *(auth.verify(CLIENT, PHONE, g) for g in guesses), return_exceptions=True
    )
    assert sum(isinstance(r, CodeRejected) for r in results) == 5
    assert sum(isinstance(r, RateLimited) for r in results) == 5


async def test_the_same_code_twice_at_once_signs_in_once(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """A race between two requests with one code yields exactly one token."""
    await auth.request_code(CLIENT, PHONE)
    code = sms.last_code()
    results = await asyncio.gather(
        auth.verify(CLIENT, PHONE, code), auth.verify(CLIENT, PHONE, code), return_exceptions=True
    )
    assert sum(isinstance(r, str) for r in results) == 1
    assert [r.reason for r in results if isinstance(r, CodeRejected)] == ["used"]
    assert await AuthToken.count() == 1 and await Citizen.count() == 1


async def test_wrong_codes_per_client_address_are_limited(auth: CitizenAuth) -> None:
    """One address guessing across many numbers is stopped after 20 wrong codes in an hour."""
    for n in range(20):
        with pytest.raises(CodeRejected):
            await auth.verify(CLIENT, f"0912{n // 4:06d}", "000000")
    with pytest.raises(RateLimited):
        await auth.verify(CLIENT, "0977777777", "000000")


async def test_malformed_code_and_number_are_invalid_at_once(auth: CitizenAuth) -> None:
    """A code that is not 6 digits and a bad number: both fields named, no attempt counted."""
    with pytest.raises(InvalidInput) as caught:
        await auth.verify(CLIENT, "12345", "12ab")
    assert [e.field for e in caught.value.errors] == ["phone", "code"]
    assert await AuditEntry.count() == 0


async def test_sign_in_and_failures_are_audited_without_the_number(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """Audit rows: sign_in by the citizen, sign_in_failed under a keyed hash; no phone digits."""
    await auth.request_code(CLIENT, PHONE)
    with pytest.raises(CodeRejected):
        await auth.verify(CLIENT, PHONE, wrong(sms.last_code()))
    token = await auth.verify(CLIENT, PHONE, sms.last_code())
    failed = await AuditEntry.select().where(AuditEntry.action == "citizen.sign_in_failed")
    assert len(failed) == 1 and failed[0]["detail"] == "wrong"
    assert failed[0]["object_id"] == phone_key(PHONE, SECRET)
    assert failed[0]["client_address"] == CLIENT.client
    signed = await AuditEntry.select().where(AuditEntry.action == "citizen.sign_in").first()
    citizen = await Citizen.select(Citizen.id).first()
    assert signed is not None and citizen is not None
    assert (signed["actor_kind"], signed["actor_id"]) == ("citizen", citizen["id"])
    assert NATIONAL not in await audit_text() and token not in await audit_text()


async def test_sign_out_revokes_the_token(
    auth: CitizenAuth, sms: RecordingSms, tokens: TokenService
) -> None:
    """After sign-out the bearer token names nobody; the sign-out is audited."""
    token, ctx = await sign_in(auth, sms)
    await auth.sign_out(ctx, token)
    assert await tokens.resolve(token, "bearer") == ANONYMOUS
    assert await AuditEntry.count().where(AuditEntry.action == "citizen.sign_out") == 1


async def test_ticket_finds_the_number_only_when_genuine(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """The page ticket gives back the number; a forged or altered ticket gives nothing."""
    sent = await auth.request_code(CLIENT, PHONE)
    assert await auth.phone_of_ticket(sent.ticket) == PHONE
    number, _, signature = sent.ticket.partition(".")
    assert await auth.phone_of_ticket(f"{int(number) + 1}.{signature}") is None
    assert await auth.phone_of_ticket(f"{number}.{'0' * 32}") is None
    assert await auth.phone_of_ticket("") is None


# --- profile and data rights ----------------------------------------------------------------


async def test_profile_validation_names_every_problem_at_once(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """Empty name, an 11-digit ID, a too-long address and a bad email are all reported."""
    _, ctx = await sign_in(auth, sms)
    with pytest.raises(InvalidInput) as caught:
        await auth.update_profile(
            ctx, full_name="  ", national_id="01234567890", address="x" * 501, email="a@b"
        )
    assert [e.field for e in caught.value.errors] == [
        "full_name",
        "national_id",
        "address",
        "email",
    ]
    assert (await auth.profile(ctx.actor.id or 0)).full_name == ""


@pytest.mark.parametrize("national_id", ["0123456789012", "01234567890A", "abcdefghijkl", "1" * 9])
async def test_national_id_must_be_exactly_twelve_digits(
    auth: CitizenAuth, sms: RecordingSms, national_id: str
) -> None:
    """The citizen ID number (CCCD) is exactly 12 digits."""
    _, ctx = await sign_in(auth, sms)
    with pytest.raises(InvalidInput) as caught:
        await auth.update_profile(
            ctx, full_name="Nguyễn Văn A", national_id=national_id, address="", email=""
        )
    assert [e.field for e in caught.value.errors] == ["national_id"]


async def test_profile_update_is_saved_and_audited_by_field_names(
    auth: CitizenAuth, sms: RecordingSms
) -> None:
    """Saved values come back cleaned; the audit row names changed fields, never the ID number."""
    _, ctx = await sign_in(auth, sms)
    profile = await auth.update_profile(
        ctx,
        full_name="  Nguyễn   Thị Bích ",
        national_id="001 099 012345",
        address="Số 1, phường Ba Đình, Hà Nội",
        email="bich@example.vn",
    )
    assert (profile.full_name, profile.national_id) == ("Nguyễn Thị Bích", "001099012345")
    row = await AuditEntry.select().where(AuditEntry.action == "citizen.profile_updated").first()
    assert row is not None
    after = row["after"] if isinstance(row["after"], dict) else json.loads(row["after"])
    assert set(after) == {"full_name", "national_id", "address", "email"}
    assert "001099012345" not in await audit_text()
    await auth.update_profile(
        ctx, full_name="Nguyễn Thị Bích", national_id="", address="", email="bich@example.vn"
    )
    assert await AuditEntry.count().where(AuditEntry.action == "citizen.profile_updated") == 2
    assert (await auth.profile(ctx.actor.id or 0)).national_id == ""


async def test_profile_needs_a_signed_in_citizen(auth: CitizenAuth) -> None:
    """Anonymous and staff callers cannot edit, export or delete a citizen's data."""
    staff = Context(Actor("staff", 1, "canbo", frozenset({"officer"})))
    for ctx in (CLIENT, staff):
        with pytest.raises(Unauthenticated):
            await auth.update_profile(ctx, full_name="A", national_id="", address="", email="")
        with pytest.raises(Unauthenticated):
            await auth.export(ctx)
        with pytest.raises(Unauthenticated):
            await auth.request_deletion(ctx)


async def test_export_holds_everything_and_is_audited(auth: CitizenAuth, sms: RecordingSms) -> None:
    """The export has the profile with the number, sessions, sign-in history; it is audited."""
    await auth.request_code(CLIENT, PHONE)
    with pytest.raises(CodeRejected):
        await auth.verify(CLIENT, PHONE, wrong(sms.last_code()))
    _, ctx = await sign_in(auth, sms)
    await auth.update_profile(
        ctx, full_name="Trần Văn B", national_id="001099012345", address="Huế", email=""
    )
    data = await auth.export(ctx)
    json.dumps(data)  # plain JSON
    assert data["profile"]["phone"] == PHONE
    assert data["profile"]["national_id"] == "001099012345"
    assert data["sessions"]["active"] == 1
    actions = [e["action"] for e in data["sign_ins"]]
    assert actions.count("citizen.sign_in") == 1 and "citizen.sign_in_failed" in actions
    assert "citizen.profile_updated" in [e["action"] for e in data["activity"]]
    assert data["dossiers"] == []
    assert await AuditEntry.count().where(AuditEntry.action == "citizen.data_export") == 1


async def test_deletion_minimises_and_ends_every_session(
    auth: CitizenAuth, sms: RecordingSms, tokens: TokenService
) -> None:
    """Deletion blanks the number and profile, revokes tokens; the number later starts afresh."""
    token, ctx = await sign_in(auth, sms)
    await auth.update_profile(
        ctx, full_name="Lê C", national_id="001099012345", address="Đà Nẵng", email="c@x.vn"
    )
    await auth.request_deletion(ctx)
    row = await Citizen.select().where(Citizen.id == ctx.actor.id).first()
    assert row is not None and row["deleted_at"] is not None
    assert (row["phone"], row["full_name"], row["national_id"], row["address"], row["email"]) == (
        None,
        "",
        None,
        "",
        "",
    )
    assert await tokens.resolve(token, "bearer") == ANONYMOUS
    assert await OtpChallenge.count().where(OtpChallenge.phone == PHONE) == 0
    assert await AuditEntry.count().where(AuditEntry.action == "citizen.deleted") == 1
    _, fresh = await sign_in(auth, sms)
    assert fresh.actor.id != ctx.actor.id
    assert (await auth.profile(fresh.actor.id or 0)).full_name == ""
