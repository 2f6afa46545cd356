"""The dossier factories (tests.core.dossiers.conftest) for the statistics tests."""

from tests.core.dossiers.conftest import world

__all__ = ["world"]
