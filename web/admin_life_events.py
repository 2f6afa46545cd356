"""Admin pages of the life events (việc cần làm): the list with an add form, an edit page, removal.

Only a signed-in admin gets here (`require_staff(request, "admin")`): other staff and citizens get
a 404, a stranger is sent to sign in. Forms post with a CSRF token and redirect after a change
(Post/Redirect/Get); a refused entry re-renders its form with an error summary (400), each message
saying what to fix; an entry someone else removed meanwhile answers 404 with the list.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter, PathParameter
from litestar.response import Redirect, Template

from core.catalog.life_event_service import LifeEventInput
from core.catalog.life_events import KEY_PATTERN, LifeEvent
from core.catalog.service import CatalogService
from core.errors import InvalidInput, NotFound
from web.deps import Ctx
from web.guards import require_staff

Catalog = NamedDependency[CatalogService]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Key = Annotated[str, PathParameter(max_length=64)]
Text = Annotated[str, Parameter(max_length=64)]
DONE = ("added", "changed", "removed")
LIST = "/admin/life-events"


def _typed(data: dict[str, str]) -> LifeEventInput:
    return LifeEventInput(
        name=data.get("name"),
        phrases=data.get("phrases"),
        codes=data.get("codes"),
        note=data.get("note"),
    )


def _errors(exc: InvalidInput) -> list[dict[str, str]]:
    return [{"field": e.field, "message": e.message, "key": ""} for e in exc.errors]


def _form_of(event: LifeEvent) -> dict[str, str]:
    return {
        "name": event.name,
        "phrases": "\n".join(event.phrases),
        "codes": ", ".join(event.codes),
        "note": event.note,
    }


async def _list_page(
    catalog: CatalogService,
    *,
    form: dict[str, str] | None = None,
    errors: list[dict[str, str]] | None = None,
    done: str = "",
    key: str = "",
    status: int = 200,
) -> Template:
    index = await catalog.index()
    # The message names the entry from the table, never words taken from the address.
    shown = await catalog.life_events.name(key) if re.fullmatch(KEY_PATTERN, key) else None
    context = {
        "events": await catalog.life_events.all(),
        "procedure": index.get,
        "form": form or {},
        "errors": errors or [],
        "done": done if done in DONE and shown else "",
        "done_name": shown or "",
    }
    return Template("admin/life_events.html", context=context, status_code=status)


def _edit_page(
    event: LifeEvent,
    form: dict[str, str],
    errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> Template:
    context = {"event": event, "form": form, "errors": errors or []}
    return Template("admin/life_event_edit.html", context=context, status_code=status)


@get(LIST, include_in_schema=False)
async def life_events_page(
    request: Request[Any, Any, Any], catalog: Catalog, done: Text = "", key: Text = ""
) -> Template:
    require_staff(request, "admin")
    return await _list_page(catalog, done=done, key=key)


@post(LIST, include_in_schema=False)
async def add_life_event(
    request: Request[Any, Any, Any], catalog: Catalog, ctx: Ctx, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        event = await catalog.life_events.add(ctx, _typed(data))
    except InvalidInput as exc:
        return await _list_page(catalog, form=data, errors=_errors(exc), status=400)
    return _back_to_list("added", event)


@get(f"{LIST}/{{key:str}}", include_in_schema=False)
async def life_event_page(request: Request[Any, Any, Any], catalog: Catalog, key: Key) -> Template:
    require_staff(request, "admin")
    event = await catalog.life_events.get(key)
    return _edit_page(event, _form_of(event))


@post(f"{LIST}/{{key:str}}", include_in_schema=False)
async def change_life_event(
    request: Request[Any, Any, Any], catalog: Catalog, ctx: Ctx, key: Key, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        event = await catalog.life_events.update(ctx, key, _typed(data))
    except InvalidInput as exc:
        stored = await catalog.life_events.get(key)
        return _edit_page(stored, data, _errors(exc), status=400)
    return _back_to_list("changed", event)


@post(f"{LIST}/{{key:str}}/remove", include_in_schema=False)
async def remove_life_event(
    request: Request[Any, Any, Any], catalog: Catalog, ctx: Ctx, key: Key
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        event = await catalog.life_events.remove(ctx, key)
    except NotFound:
        missing = [{"field": "events", "key": "life_err_missing", "message": ""}]
        return await _list_page(catalog, errors=missing, status=404)
    return _back_to_list("removed", event)


def _back_to_list(done: str, event: LifeEvent) -> Response[Any]:
    query = urlencode({"done": done, "key": event.key})
    return Redirect(f"{LIST}?{query}#events", status_code=303)


ROUTES: list[Any] = [
    life_events_page,
    add_life_event,
    life_event_page,
    change_life_event,
    remove_life_event,
]
