"""Staff accounts at the service layer: password rules, TOTP sign-in, lock-out, admin rules."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest

from core.clock import FixedClock
from core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
)
from core.identity import audit
from core.identity.actor import ANONYMOUS, SYSTEM_CONTEXT, Actor, Context
from core.identity.audit import AuditFilter
from core.identity.staff import (
    BAD_CREDENTIALS,
    CODE_USED,
    FAILURES_PER_CLIENT,
    EnrolmentRequired,
    StaffCreated,
    StaffService,
)
from core.identity.tables import AuthToken, RateEvent, StaffRole, StaffUser, Unit
from core.identity.tokens import TokenService

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
PASSWORD = "Mật-khẩu-đủ-dài-42"
CLIENT = Context(ANONYMOUS, "203.0.113.7")


def secret_of(created: StaffCreated | str) -> str:
    uri = created if isinstance(created, str) else created.totp_uri
    return parse_qs(urlsplit(uri).query)["secret"][0]


def code_at(secret: str, clock: FixedClock) -> str:
    return pyotp.TOTP(secret).at(clock.now())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def service(clock: FixedClock) -> StaffService:
    return StaffService(clock, "test-secret")


async def make_unit(*, code: str = "000.00.12.H56", active: bool = True) -> int:
    rows = await Unit.insert(
        Unit(code=code, name=f"Đơn vị {code}", kind="department", active=active, created_at=NOW)
    ).returning(Unit.id)
    return int(rows[0]["id"])


async def make_staff(
    service: StaffService,
    *,
    username: str = "officer.an",
    roles: tuple[str, ...] = ("officer",),
    unit: str | None = "000.00.12.H56",
) -> StaffCreated:
    if unit and not await Unit.exists().where(Unit.code == unit):
        await make_unit(code=unit)
    return await service.create(SYSTEM_CONTEXT, username, PASSWORD, roles, unit, "Nguyễn Văn An")


def admin_ctx(staff_id: int) -> Context:
    return Context(Actor("staff", staff_id, "admin", frozenset({"admin"})), "198.51.100.1")


async def actions() -> list[str]:
    rows, _ = await audit.search(AuditFilter(), limit=200)
    return [r.action for r in reversed(rows)]


# --- creating accounts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("ab", PASSWORD, "username"),
        ("Has Space", PASSWORD, "username"),
        ("officer.an", "short1A", "password"),
        ("officer.an", "officer.an-Secret-1", "password"),
        ("officer.an", "aaaaaaaaaaaaaaaa", "password"),
        ("officer.an", "123456789012345", "password"),
    ],
)
async def test_bad_username_or_password_is_refused_with_the_rule(
    db: None, service: StaffService, username: str, password: str, field: str
) -> None:
    """Usernames are 3–64 of [a-z0-9._-]; passwords ≥12, without the username, 2+ classes."""
    await make_unit()
    with pytest.raises(InvalidInput) as caught:
        await service.create(SYSTEM_CONTEXT, username, password, ["officer"], "000.00.12.H56")
    assert [e.field for e in caught.value.errors] == [field]
    assert await StaffUser.count() == 0


async def test_officer_needs_an_existing_active_unit_and_a_known_role(
    db: None, service: StaffService
) -> None:
    """officer/head need an active unit; roles come from officer|head|admin, at least one."""
    await make_unit(code="000.00.99.H56", active=False)
    for roles, unit in ((["officer"], None), (["head"], "000.00.99.H56"), (["officer"], "nope")):
        with pytest.raises(InvalidInput) as caught:
            await service.create(SYSTEM_CONTEXT, "an", PASSWORD + "x", roles, unit)
        assert "unit" in [e.field for e in caught.value.errors]
    for roles in ([], ["root"]):
        with pytest.raises(InvalidInput) as caught:
            await service.create(SYSTEM_CONTEXT, "ann", PASSWORD, roles)
        assert "roles" in [e.field for e in caught.value.errors]
    assert await StaffUser.count() == 0


async def test_create_gives_an_otpauth_uri_and_audits_without_secrets(
    db: None, service: StaffService
) -> None:
    """The URI names issuer motcua; the password is hashed (argon2); the audit row holds neither."""
    created = await make_staff(service)
    assert created.totp_uri.startswith("otpauth://totp/motcua:officer.an?")
    assert "issuer=motcua" in created.totp_uri
    row = await StaffUser.select().where(StaffUser.id == created.id).first()
    assert row is not None and row["password_hash"].startswith("$argon2id$")
    assert not row["totp_enrolled"]
    rows, _ = await audit.search(AuditFilter(action="staff.created"))
    assert rows[0].after == {
        "username": "officer.an",
        "roles": ["officer"],
        "unit": "000.00.12.H56",
    }
    dumped = repr(rows[0])
    assert PASSWORD not in dumped and secret_of(created) not in dumped


async def test_a_taken_username_is_refused(db: None, service: StaffService) -> None:
    """Usernames are unique; the second account is not created."""
    await make_staff(service)
    with pytest.raises(InvalidInput, match="đã có"):
        await make_staff(service)
    assert await StaffUser.count() == 1


async def test_only_an_admin_manages_staff(db: None, service: StaffService) -> None:
    """An officer (or a citizen) cannot create, list or change accounts: PermissionDenied."""
    created = await make_staff(service)
    officer = Context(Actor("staff", created.id, "officer.an", frozenset({"officer"})))
    citizen = Context(Actor("citizen", 1, "x"))
    for ctx in (officer, citizen, CLIENT):
        with pytest.raises(PermissionDenied):
            await service.create(ctx, "other", PASSWORD, ["admin"])
        with pytest.raises(PermissionDenied):
            await service.set_roles(ctx, created.id, ["admin"])
        with pytest.raises(PermissionDenied):
            await service.list_staff(ctx)
    assert await _roles(created.id) == ["officer"]


# --- signing in ---------------------------------------------------------------------------------


async def test_sign_in_with_password_and_code_enrols_and_gives_a_token(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """The first accepted code enrols the authenticator; the token names the staff member."""
    created = await make_staff(service)
    token = await service.login(
        CLIENT, "officer.an", PASSWORD, code_at(secret_of(created), clock), "bearer"
    )
    actor = await TokenService(clock).resolve(token, "bearer")
    assert actor.is_staff and actor.id == created.id and actor.roles == {"officer"}
    assert actor.unit_code == "000.00.12.H56"
    row = await StaffUser.select().where(StaffUser.id == created.id).first()
    assert row is not None and row["totp_enrolled"] and row["totp_last_step"] > 0
    signed_in, _ = await audit.search(AuditFilter(action="staff.sign_in"))
    assert signed_in[0].actor_id == created.id and signed_in[0].client_address == "203.0.113.7"


async def test_unknown_user_wrong_password_and_wrong_code_answer_alike(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """Three different mistakes, one message: nothing tells whether the account exists."""
    created = await make_staff(service)
    good = code_at(secret_of(created), clock)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    attempts = [
        ("nobody", PASSWORD, good),
        ("officer.an", PASSWORD + "!", good),
        ("officer.an", PASSWORD, wrong),
    ]
    await service.login(CLIENT, "officer.an", PASSWORD, good, "bearer")  # enrolled now
    clock.advance(dt.timedelta(seconds=30))
    for username, password, code in attempts:
        with pytest.raises(Unauthenticated) as caught:
            await service.login(CLIENT, username, password, code, "bearer")
        assert caught.value.message == BAD_CREDENTIALS
        assert type(caught.value) is Unauthenticated
    failed, _ = await audit.search(AuditFilter(action="staff.sign_in_failed"))
    assert sorted(r.detail for r in failed) == ["unknown account", "wrong code", "wrong password"]
    for row in failed:
        assert PASSWORD not in repr(row)


async def test_a_replayed_code_is_refused(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """The same code twice in its 30 seconds: the second is refused, and so is an older step."""
    created = await make_staff(service)
    secret = secret_of(created)
    code = code_at(secret, clock)
    await service.login(CLIENT, "officer.an", PASSWORD, code, "bearer")
    with pytest.raises(Unauthenticated) as caught:
        await service.login(CLIENT, "officer.an", PASSWORD, code, "bearer")
    assert caught.value.message == CODE_USED
    clock.advance(dt.timedelta(seconds=30))
    previous = pyotp.TOTP(secret).at(clock.now() - dt.timedelta(seconds=30))
    with pytest.raises(Unauthenticated):  # still inside the window, but not later than the last
        await service.login(CLIENT, "officer.an", PASSWORD, previous, "bearer")
    assert await service.login(CLIENT, "officer.an", PASSWORD, code_at(secret, clock), "bearer")
    assert await AuthToken.count() == 2


async def test_five_failures_lock_the_account_even_for_the_right_credentials(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """Four 401s, the fifth locks (429 with the wait); the right code is refused for 15 minutes."""
    created = await make_staff(service)
    secret = secret_of(created)
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            await service.login(CLIENT, "officer.an", "Wrong-password-1", "000000", "bearer")
    with pytest.raises(RateLimited) as caught:
        await service.login(CLIENT, "officer.an", "Wrong-password-1", "000000", "bearer")
    assert caught.value.retry_after == 15 * 60
    clock.advance(dt.timedelta(minutes=14))
    with pytest.raises(RateLimited) as caught:
        await service.login(CLIENT, "officer.an", PASSWORD, code_at(secret, clock), "bearer")
    assert 0 < caught.value.retry_after <= 61
    clock.advance(dt.timedelta(minutes=1, seconds=1))
    assert await service.login(CLIENT, "officer.an", PASSWORD, code_at(secret, clock), "bearer")
    assert (await actions()).count("staff.locked") == 1


async def test_a_success_resets_the_failure_count(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """Failures must be consecutive: four, a success, four more do not lock."""
    created = await make_staff(service)
    for _ in range(2):
        for _ in range(4):
            with pytest.raises(Unauthenticated):
                await service.login(CLIENT, "officer.an", "Wrong-password-1", "1", "bearer")
        code = code_at(secret_of(created), clock)
        assert await service.login(CLIENT, "officer.an", PASSWORD, code, "bearer")
        clock.advance(dt.timedelta(seconds=30))


async def test_a_new_account_without_a_code_gets_an_enrolment_ticket(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """Right password, no authenticator yet: a ticket that shows the secret, then the first code."""
    created = await make_staff(service)
    with pytest.raises(EnrolmentRequired) as caught:
        await service.login(CLIENT, "officer.an", PASSWORD, "", "session")
    ticket = caught.value.ticket
    assert secret_of(created) not in ticket
    shown = await service.enrolment(ticket)
    assert shown.totp_uri == created.totp_uri and shown.totp_secret == secret_of(created)
    with pytest.raises(Unauthenticated):
        await service.complete_enrolment(CLIENT, ticket, "000000", "session")
    token = await service.complete_enrolment(
        CLIENT, ticket, code_at(shown.totp_secret, clock), "session"
    )
    assert (await TokenService(clock).resolve(token, "session")).id == created.id
    with pytest.raises(Unauthenticated):  # enrolled: the ticket is spent
        await service.enrolment(ticket)


async def test_enrolment_tickets_expire_and_cannot_be_forged(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """A ticket is signed, lasts 10 minutes, and dies when the secret is reset."""
    created = await make_staff(service)
    with pytest.raises(EnrolmentRequired) as caught:
        await service.login(CLIENT, "officer.an", PASSWORD, "", "session")
    ticket = caught.value.ticket
    forged = ticket[:-4] + ("0000" if not ticket.endswith("0000") else "1111")
    for bad in (forged, f"{created.id}.9999999999.x", "", "garbage"):
        with pytest.raises(Unauthenticated):
            await service.enrolment(bad)
    await service.reset_totp(SYSTEM_CONTEXT, created.id)
    with pytest.raises(Unauthenticated):
        await service.enrolment(ticket)
    with pytest.raises(EnrolmentRequired) as caught:
        await service.login(CLIENT, "officer.an", PASSWORD, "", "session")
    clock.advance(dt.timedelta(minutes=11))
    with pytest.raises(Unauthenticated):
        await service.enrolment(caught.value.ticket)


async def test_a_wrong_password_never_gives_an_enrolment_ticket(
    db: None, service: StaffService
) -> None:
    """Only someone who knows the password may see the enrolment secret."""
    await make_staff(service)
    with pytest.raises(Unauthenticated) as caught:
        await service.login(CLIENT, "officer.an", PASSWORD + "x", "", "session")
    assert type(caught.value) is Unauthenticated


async def test_a_deactivated_account_cannot_sign_in_and_loses_its_tokens(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """Deactivation revokes every token; the next sign-in answers like an unknown user."""
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    created = await make_staff(service)
    secret = secret_of(created)
    token = await service.login(CLIENT, "officer.an", PASSWORD, code_at(secret, clock), "bearer")
    await service.set_active(admin_ctx(admin.id), created.id, False)
    assert not (await TokenService(clock).resolve(token, "bearer")).is_staff
    clock.advance(dt.timedelta(seconds=30))
    with pytest.raises(Unauthenticated, match=BAD_CREDENTIALS):
        await service.login(CLIENT, "officer.an", PASSWORD, code_at(secret, clock), "bearer")


# --- limits per client address ----------------------------------------------------------------


async def fail_from(service: StaffService, ctx: Context, times: int) -> None:
    """`times` failed sign-ins from ctx's address, each with a different unknown username."""
    for n in range(times):
        with pytest.raises(Unauthenticated):
            await service.login(ctx, f"guess.{n}", "Wrong-password-1", "000000", "bearer")


async def pause(service: StaffService, ctx: Context) -> None:
    """Use up the address's failures: 19 answered 401, the 20th 429."""
    await fail_from(service, ctx, FAILURES_PER_CLIENT.count - 1)
    with pytest.raises(RateLimited):
        await service.login(ctx, "guess.last", "Wrong-password-1", "000000", "bearer")


async def test_guessing_usernames_from_one_address_meets_a_limit(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """19 unknown usernames are 401s, the 20th is a 429 with the 15-minute wait."""
    await fail_from(service, CLIENT, FAILURES_PER_CLIENT.count - 1)
    with pytest.raises(RateLimited) as caught:
        await service.login(CLIENT, "guess.last", "Wrong-password-1", "000000", "bearer")
    assert caught.value.retry_after == 15 * 60
    assert "địa chỉ mạng" in caught.value.message and "15 phút" in caught.value.message
    _, total = await audit.search(AuditFilter(action="staff.sign_in_failed"), limit=50)
    assert total == FAILURES_PER_CLIENT.count
    assert await RateEvent.count() == total  # each failure counted with its audit row
    paused, _ = await audit.search(AuditFilter(action="staff.sign_in_paused"))
    assert len(paused) == 1 and paused[0].client_address == "203.0.113.7"


async def test_a_paused_address_is_refused_even_with_the_right_credentials(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """While paused: 429 before any password is checked, nothing written; other addresses work."""
    created = await make_staff(service)
    await pause(service, CLIENT)
    clock.advance(dt.timedelta(minutes=10))
    written = len(await actions())
    code = code_at(secret_of(created), clock)
    with pytest.raises(RateLimited) as caught:
        await service.login(CLIENT, "officer.an", PASSWORD, code, "bearer")
    assert 4 * 60 < caught.value.retry_after <= 5 * 60
    assert len(await actions()) == written and await AuthToken.count() == 0
    elsewhere = Context(ANONYMOUS, "198.51.100.99")
    assert await service.login(elsewhere, "officer.an", PASSWORD, code, "bearer")
    row = await StaffUser.select(StaffUser.failed_logins).where(StaffUser.id == created.id).first()
    assert row is not None and row["failed_logins"] == 0  # the account itself is not touched


async def test_the_address_pause_ends_after_its_window(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """Fifteen minutes after the first counted failure, the address may sign in again."""
    created = await make_staff(service)
    await pause(service, CLIENT)
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    code = code_at(secret_of(created), clock)
    assert await service.login(CLIENT, "officer.an", PASSWORD, code, "bearer")


async def test_wrong_codes_and_locked_accounts_count_for_the_address_too(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """Every kind of failure counts: wrong password, wrong code, tries on a locked account."""
    created = await make_staff(service)
    await service.login(
        CLIENT, "officer.an", PASSWORD, code_at(secret_of(created), clock), "bearer"
    )
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            await service.login(CLIENT, "officer.an", PASSWORD, "000000", "bearer")
    with pytest.raises(RateLimited, match="tài khoản tạm khoá"):  # the 5th locks the account
        await service.login(CLIENT, "officer.an", "Wrong-password-1", "000000", "bearer")
    for _ in range(FAILURES_PER_CLIENT.count - 6):
        with pytest.raises(RateLimited, match="tài khoản tạm khoá"):
            await service.login(CLIENT, "officer.an", PASSWORD, "000000", "bearer")
    with pytest.raises(RateLimited, match="tài khoản tạm khoá"):  # 20th: both limits now
        await service.login(CLIENT, "officer.an", PASSWORD, "000000", "bearer")
    with pytest.raises(RateLimited, match="địa chỉ mạng"):
        await service.login(CLIENT, "someone.else", PASSWORD, "000000", "bearer")
    assert await RateEvent.count() == FAILURES_PER_CLIENT.count


# --- unlocking ----------------------------------------------------------------------------------


async def lock(service: StaffService, username: str = "officer.an") -> None:
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            await service.login(CLIENT, username, "Wrong-password-1", "000000", "bearer")
    with pytest.raises(RateLimited):
        await service.login(CLIENT, username, "Wrong-password-1", "000000", "bearer")


async def test_an_admin_lifts_a_lock_out_without_deactivating(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """unlock clears failed_logins and locked_until, audits staff.unlocked; sessions stay."""
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    created = await make_staff(service)
    secret = secret_of(created)
    token = await service.login(CLIENT, "officer.an", PASSWORD, code_at(secret, clock), "bearer")
    await lock(service)
    ctx = admin_ctx(admin.id)
    assert (await service.get(ctx, created.id)).locked
    await service.unlock(ctx, created.id)
    view = await service.get(ctx, created.id)
    assert not view.locked and view.locked_until is None and view.active
    row = await StaffUser.select(StaffUser.failed_logins).where(StaffUser.id == created.id).first()
    assert row is not None and row["failed_logins"] == 0
    assert (await TokenService(clock).resolve(token, "bearer")).id == created.id
    rows, _ = await audit.search(AuditFilter(action="staff.unlocked"))
    assert rows[0].actor_id == admin.id and rows[0].object_id == str(created.id)
    assert rows[0].before["locked_until"] == (NOW + dt.timedelta(minutes=15)).isoformat()
    assert rows[0].after == {"failed_logins": 0, "locked_until": None}
    clock.advance(dt.timedelta(seconds=30))
    assert await service.login(CLIENT, "officer.an", PASSWORD, code_at(secret, clock), "bearer")


async def test_unlock_forgets_the_failures_counted_so_far(db: None, service: StaffService) -> None:
    """Two failures, unlock, then four more are still 401s; the fifth after unlock locks."""
    created = await make_staff(service)
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            await service.login(CLIENT, "officer.an", "Wrong-password-1", "000000", "bearer")
    await service.unlock(SYSTEM_CONTEXT, created.id)
    await lock(service)
    assert (await actions()).count("staff.locked") == 1


async def test_only_an_admin_unlocks_and_only_an_existing_account(
    db: None, service: StaffService
) -> None:
    """An officer or a citizen gets PermissionDenied; an unknown id is NotFound; no audit row."""
    created = await make_staff(service)
    await lock(service)
    officer = Context(Actor("staff", created.id, "officer.an", frozenset({"officer"})))
    for ctx in (officer, Context(Actor("citizen", 1, "x")), CLIENT):
        with pytest.raises(PermissionDenied):
            await service.unlock(ctx, created.id)
    with pytest.raises(NotFound):
        await service.unlock(SYSTEM_CONTEXT, created.id + 100)
    assert (await service.get(SYSTEM_CONTEXT, created.id)).locked
    assert "staff.unlocked" not in await actions()


# --- admin rules --------------------------------------------------------------------------------


async def _roles(staff_id: int) -> list[str]:
    rows = await StaffRole.select(StaffRole.role).where(StaffRole.staff == staff_id)
    return sorted(r["role"] for r in rows)


async def test_the_last_admin_cannot_be_demoted_or_deactivated(
    db: None, service: StaffService
) -> None:
    """Removing the only active admin's role or account is a Conflict; nothing changes."""
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    ctx = admin_ctx(admin.id)
    await make_unit()
    with pytest.raises(Conflict, match="cuối cùng"):
        await service.set_roles(ctx, admin.id, ["officer"])
    with pytest.raises(Conflict):
        await service.set_active(ctx, admin.id, False)
    assert await _roles(admin.id) == ["admin"]
    assert "staff.roles_changed" not in await actions()


async def test_a_second_admin_makes_demotion_possible(db: None, service: StaffService) -> None:
    """With another active admin, the first may step down; an inactive admin does not count."""
    first = await make_staff(service, username="admin1", roles=("admin",), unit=None)
    second = await make_staff(service, username="admin2", roles=("admin",), unit=None)
    ctx = admin_ctx(first.id)
    await service.set_active(ctx, second.id, False)
    with pytest.raises(Conflict):
        await service.set_roles(ctx, first.id, ["head"])
    await service.set_active(ctx, second.id, True)
    await make_unit()
    await service.set_unit(ctx, first.id, "000.00.12.H56")
    await service.set_roles(ctx, first.id, ["head"])
    assert await _roles(first.id) == ["head"]


async def test_role_changes_are_audited_with_before_and_after(
    db: None, service: StaffService
) -> None:
    """staff.roles_changed names the admin, the account and both role lists."""
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    officer = await make_staff(service)
    await service.set_roles(admin_ctx(admin.id), officer.id, ["officer", "head"])
    rows, _ = await audit.search(AuditFilter(action="staff.roles_changed"))
    assert rows[0].before == {"roles": ["officer"]}
    assert rows[0].after == {"roles": ["head", "officer"]}
    assert rows[0].actor_id == admin.id and rows[0].object_id == str(officer.id)
    assert await _roles(officer.id) == ["head", "officer"]


async def test_roles_needing_a_unit_are_refused_without_one(
    db: None, service: StaffService
) -> None:
    """An admin without a unit cannot be made an officer; a unit cannot be taken from an officer."""
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    officer = await make_staff(service)
    ctx = admin_ctx(admin.id)
    with pytest.raises(InvalidInput):
        await service.set_roles(ctx, admin.id, ["admin", "officer"])
    with pytest.raises(InvalidInput):
        await service.set_unit(ctx, officer.id, None)
    with pytest.raises(InvalidInput):
        await service.set_roles(ctx, officer.id, [])
    assert (await service.get(ctx, officer.id)).unit_code == "000.00.12.H56"


async def test_reset_totp_needs_a_new_enrolment(
    db: None, service: StaffService, clock: FixedClock
) -> None:
    """After a reset, the old authenticator's codes fail and the new URI's work."""
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    created = await make_staff(service)
    await service.login(
        CLIENT, "officer.an", PASSWORD, code_at(secret_of(created), clock), "bearer"
    )
    uri = await service.reset_totp(admin_ctx(admin.id), created.id)
    assert secret_of(uri) != secret_of(created)
    clock.advance(dt.timedelta(seconds=30))
    with pytest.raises(Unauthenticated):
        await service.login(
            CLIENT, "officer.an", PASSWORD, code_at(secret_of(created), clock), "bearer"
        )
    assert await service.login(
        CLIENT, "officer.an", PASSWORD, code_at(secret_of(uri), clock), "bearer"
    )
    views = await service.list_staff(admin_ctx(admin.id))
    assert [v.username for v in views] == ["admin", "officer.an"]
