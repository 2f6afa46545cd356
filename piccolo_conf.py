"""Piccolo's configuration. `DB` is the engine motcua bound, or one built from the environment
(for `piccolo migrations new ... --auto` run by a developer)."""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

from core import database
from core.settings import Settings

APP_REGISTRY = AppRegistry(apps=list(database.APPS))


def __getattr__(name: str) -> Engine:
    if name != "DB":
        raise AttributeError(name)
    engine = database.bound_engine()
    if engine is None:
        engine = database.engine_for(Settings.from_env().database_url)
        database.bind(engine)
    return engine
