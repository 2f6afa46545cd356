"""Settings read once from the environment."""

from pathlib import Path

from core.settings import Settings


def test_defaults_follow_the_contract(tmp_path: Path) -> None:
    """Defaults: dev, SQLite in the data dir, local base URL, a generated secret kept on disk."""
    settings = Settings.from_env({"MOTCUA_DATA_DIR": str(tmp_path)})
    assert settings.env == "dev"
    assert settings.database_url == f"sqlite:///{tmp_path / 'motcua.sqlite3'}"
    assert settings.base_url == "http://127.0.0.1:8000"
    assert len(settings.secret_key) > 40
    assert Settings.from_env({"MOTCUA_DATA_DIR": str(tmp_path)}).secret_key == settings.secret_key


def test_secrets_do_not_show_in_repr(tmp_path: Path) -> None:
    """repr(settings) never prints the secret key or the SMTP password."""
    settings = Settings.from_env(
        {
            "MOTCUA_DATA_DIR": str(tmp_path),
            "MOTCUA_SECRET_KEY": "hunter2-very-secret",
            "MOTCUA_SMTP_URL": "smtp://u:pw-secret@h:25",
        }
    )
    assert "hunter2" not in repr(settings) and "pw-secret" not in repr(settings)


def test_postgres_url_is_taken_as_given(tmp_path: Path) -> None:
    """MOTCUA_DATABASE_URL chooses PostgreSQL."""
    url = "postgresql://postgres@127.0.0.1:5432/test"
    settings = Settings.from_env({"MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_DATABASE_URL": url})
    assert settings.database_url == url and not settings.uses_sqlite
