"""`motcua create-user`: prints the TOTP enrolment URI; bad input exits 2 with the reason."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from api.cli import main
from core.identity import audit
from core.identity.audit import AuditFilter
from core.identity.tables import StaffRole, StaffUser, Unit
from tests.core.identity.test_staff import NOW, PASSWORD


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, migrated: str, db: None) -> Path:
    """The CLI reads its settings from the environment, like an operator's shell."""
    monkeypatch.setenv("MOTCUA_ENV", "test")
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", migrated)
    return tmp_path


async def test_create_user_prints_the_totp_uri(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One line `totp_uri=otpauth://...`; the account has the role; the system is the actor."""
    await Unit.insert(
        Unit(code="000.00.12.H56", name="Sở Tư pháp", kind="department", created_at=NOW)
    )
    args = ["--username", "officer.an", "--password", PASSWORD, "--unit", "000.00.12.H56"]
    assert await _run(["create-user", "--role", "officer", *args, "--name", "Nguyễn An"]) == 0
    lines = capsys.readouterr().out.splitlines()
    uri = [line for line in lines if line.startswith("totp_uri=")]
    assert len(uri) == 1 and uri[0].startswith("totp_uri=otpauth://totp/motcua:officer.an?secret=")
    user = await StaffUser.select().where(StaffUser.username == "officer.an").first()
    assert user is not None and user["full_name"] == "Nguyễn An"
    assert [r["role"] for r in await StaffRole.select(StaffRole.role)] == ["officer"]
    rows, _ = await audit.search(AuditFilter(action="staff.created"))
    assert rows[0].actor_kind == "system" and PASSWORD not in repr(rows[0])


async def test_an_admin_needs_no_unit(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The first admin of an installation is created before any unit exists."""
    args = ["create-user", "--role", "admin", "--username", "admin", "--password", PASSWORD]
    assert await _run(args) == 0
    assert "totp_uri=otpauth://" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "admin", "--username", "admin", "--password", "short"], "12 ký tự"),
        (["--role", "admin", "--username", "A B", "--password", PASSWORD], "Tên đăng nhập"),
        (["--role", "officer", "--username", "an", "--password", PASSWORD], "đơn vị"),
        (
            ["--role", "head", "--username", "an", "--password", PASSWORD, "--unit", "9.9"],
            "9.9",
        ),
    ],
)
async def test_bad_input_exits_2_with_the_reason(
    env: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """No traceback, the rule on stderr, nothing created."""
    assert await _run(["create-user", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert "totp_uri" not in captured.out
    assert await StaffUser.count() == 0


def test_an_unknown_role_is_a_usage_error(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """argparse refuses a role that is not officer, head or admin (exit 2)."""
    with pytest.raises(SystemExit) as caught:
        main(["create-user", "--role", "root", "--username", "x", "--password", PASSWORD])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


async def _run(argv: list[str]) -> int:
    """The CLI runs its own event loop; keep it off the test's loop."""
    return await asyncio.to_thread(main, argv)
