"""The ceiling: a bare Litestar app with one JSON route, built like motcua's app and nothing else.

Same framework, same msgspec serialisation, same uvicorn settings, no middleware and no database:
whatever motcua's routes lose against this is motcua's own cost (routing, parameters, services,
bigger bodies), not the machine's or the stack's.
"""

from __future__ import annotations

import msgspec
from litestar import Litestar, get


class Status(msgspec.Struct, frozen=True):
    status: str


@get("/")
async def index() -> Status:
    return Status("ok")


app = Litestar(route_handlers=[index], debug=False, logging_config=None)
