"""Operational routes: /healthz and, in dev and test only, /dev/outbox."""

from __future__ import annotations

from litestar import Response, get
from litestar.datastructures import State

from api.deps import DevOutboxDep
from api.schemas import Health, OutboxItem
from core import database


@get("/healthz", tags=["system"], summary="200 when the database answers")
async def healthz(state: State) -> Response[Health]:
    if await database.ping(state.engine):
        return Response(Health("ok"))
    return Response(Health("database unavailable"), status_code=503)


@get("/dev/outbox", tags=["system"], summary="Every SMS, email and push sent (dev and test only)")
async def dev_outbox(dev_outbox: DevOutboxDep) -> list[OutboxItem]:
    return [
        OutboxItem(m.channel, m.to, m.subject, m.body, m.created_at)
        for m in await dev_outbox.recent()
    ]
