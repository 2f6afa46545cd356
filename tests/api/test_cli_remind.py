"""`motcua remind`: the reminders run once, as cron runs them."""

from pathlib import Path

import pytest

from api.cli import main


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: None, migrated: str) -> Path:
    """An installed, empty database, reached through the environment like an operator's shell."""
    monkeypatch.setenv("MOTCUA_ENV", "test")
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", migrated)
    return tmp_path


def test_remind_on_an_empty_installation(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Both kinds run and report that nothing was due; each flag runs its own kind only."""
    assert main(["remind"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "morning: 0 messages, 0 dossiers, 0 units",
        "crossing_80: 0 messages, 0 dossiers, 0 units",
    ]
    assert main(["remind", "--crossing"]) == 0
    assert capsys.readouterr().out.startswith("crossing_80:")


def test_remind_before_init_says_what_to_run(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a database not set up it stops with the command to run, not a traceback."""
    monkeypatch.setenv("MOTCUA_DATABASE_URL", f"sqlite:///{env / 'empty.sqlite3'}")
    assert main(["remind", "--morning"]) == 2
    assert "motcua init" in capsys.readouterr().err


def test_help_gives_the_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` tells the operator what cron should run, and when."""
    with pytest.raises(SystemExit):
        main(["remind", "--help"])
    out = capsys.readouterr().out
    assert "0 7 * * *     motcua remind --morning" in out
    assert "*/15 * * * *  motcua remind --crossing" in out


def test_worker_once_runs_every_job(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`motcua worker --once`: each job once (outbox, payments, 80 % warnings, morning digest)."""
    assert main(["worker", "--once"]) == 0
    names = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()]
    assert names == ["outbox", "payments", "reminders-80", "morning-digest"]
