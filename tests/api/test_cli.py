"""The `motcua` command: init, demo-data and catalog import/export, as an operator runs them."""

import json
from pathlib import Path

import pytest

from api.cli import main


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, migrated: str) -> Path:
    """The CLI reads its settings from the environment, like an operator's shell."""
    monkeypatch.setenv("MOTCUA_ENV", "test")
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", migrated)
    return tmp_path


def test_init_twice_then_export_and_reimport(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """init is idempotent; an exported file re-imports with nothing changed."""
    assert main(["init"]) == 0
    assert main(["init"]) == 0
    assert "0 new, 0 updated" in capsys.readouterr().out
    for name in ("catalog.json", "catalog.csv"):
        assert main(["catalog", "export", str(env / name)]) == 0
        assert main(["catalog", "import", str(env / name)]) == 0
        assert "0 new, 0 updated" in capsys.readouterr().out
    exported = json.loads((env / "catalog.json").read_text(encoding="utf-8"))
    assert len(exported["procedures"]) >= 60


def test_import_of_a_bad_file_says_why(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing, mistyped or invalid file exits 2 with a message; nothing is written."""
    assert main(["catalog", "import", str(env / "missing.json")]) == 2
    (env / "bad.json").write_text('{"procedures": [{"code": "x"}]}', encoding="utf-8")
    assert main(["catalog", "import", str(env / "bad.json")]) == 2
    assert main(["catalog", "import", str(env / "catalog.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "not valid" in err
    assert ".json or .csv" in err


def test_demo_data_is_refused_in_prod(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """demo-data never runs against a production installation."""
    monkeypatch.setenv("MOTCUA_ENV", "prod")
    monkeypatch.setenv("MOTCUA_SECRET_KEY", "k" * 40)
    assert main(["demo-data"]) == 2
    assert "not MOTCUA_ENV=prod" in capsys.readouterr().err


def test_serve_before_init_says_what_to_run(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`motcua serve` on an empty database stops with the command to run, not a traceback."""
    monkeypatch.setenv("MOTCUA_DATABASE_URL", f"sqlite:///{env / 'empty.sqlite3'}")
    assert main(["serve", "--port", "1"]) == 2
    assert "run `motcua init` first" in capsys.readouterr().err


def test_demo_data_makes_units_and_staff_once(
    env: Path, capsys: pytest.CaptureFixture[str], db: None
) -> None:
    """Demo units and staff appear once; passwords are generated and kept in the data dir."""
    assert main(["demo-data"]) == 0
    first = capsys.readouterr().out
    assert "demo units: 8 new" in first and first.count("demo staff account:") == 5
    saved = (env / "demo-accounts.tsv").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in saved] == [
        "quantri",
        "canbo.hacthanh",
        "canbo.tuphap",
        "truong.tuphap",
        "truong.hacthanh",
    ]
    assert all(line.split("\t")[2] in first for line in saved)  # the password shown is the one kept
    assert (env / "demo-accounts.tsv").stat().st_mode & 0o077 == 0
    assert main(["demo-data"]) == 0
    again = capsys.readouterr().out
    assert "demo units: 0 new" in again and "demo staff account:" not in again
