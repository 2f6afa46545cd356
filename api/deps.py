"""Dependency providers for the API handlers: the services built by `create_app`."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency

from core.catalog.service import CatalogService
from core.identity.actor import Context
from core.outbox.service import DevOutboxService

CatalogDep = NamedDependency[CatalogService]
DevOutboxDep = NamedDependency[DevOutboxService]


def provide_catalog(state: State) -> CatalogService:
    service: CatalogService = state.catalog
    return service


def provide_dev_outbox(state: State) -> DevOutboxService:
    service: DevOutboxService = state.dev_outbox
    return service


Ctx = NamedDependency[Context]  # the actor and the client address (api/identity.py)
