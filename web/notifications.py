"""The citizen's notification pages: the notification centre and the notification settings.

/account/notifications lists in-app notifications newest first, unread ones marked, with
"mark all read"; opening one marks it read and goes to its page (another person's notification
is the site's 404). /account/notifications/settings holds the push button the PWA script binds
to (`data-push-enable`, hidden until the script finds push supported), the devices receiving
push (each removable) and the channel choices per group of events. Forms post with a CSRF
token and redirect (Post/Redirect/Get). Every page is `no-store`.

`count_unread` runs before each full page for a signed-in citizen and leaves the unread count
in the request scope, where base.html shows it beside the account link.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter
from litestar.response import Redirect, Template

from core.errors import NotFound
from core.outbox import preferences
from core.outbox.inbox import InboxService
from core.push.devices import devices_of, remove_device
from web.dossier_pages import when
from web.guards import actor_of, require_citizen, safe_next

Inbox = NamedDependency[InboxService]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Id = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
CENTRE = "/account/notifications"
SETTINGS = "/account/notifications/settings"
PRIVATE = {"Cache-Control": "no-store"}
UNREAD_SCOPE_KEY = "motcua.unread"


def provide_inbox(state: State) -> InboxService:
    service: InboxService = state.inbox
    return service


async def count_unread(request: Request[Any, Any, Any]) -> None:
    """Before a full page (not an htmx fragment) for a citizen: the unread count, for the header."""
    actor = actor_of(request)
    if not actor.is_citizen or request.method != "GET" or request.headers.get("hx-request"):
        return
    inbox: InboxService = request.app.state.inbox
    request.scope[UNREAD_SCOPE_KEY] = await inbox.unread_count(actor.id or 0)  # type: ignore[literal-required]


@get(CENTRE, include_in_schema=False)
async def centre(request: Request[Any, Any, Any], inbox: Inbox) -> Template:
    actor = require_citizen(request)
    items = await inbox.items(actor.id or 0)
    return Template(
        "account/notifications.html",
        context={"items": items, "when": when, "unread": sum(i.unread for i in items)},
        headers=PRIVATE,
    )


@post(f"{CENTRE}/read-all", include_in_schema=False)
async def read_all(request: Request[Any, Any, Any], inbox: Inbox) -> Response[Any]:
    actor = require_citizen(request)
    await inbox.mark_all_read(actor.id or 0)
    return Redirect(CENTRE, status_code=303)


@get(f"{CENTRE}/{{notification_id:int}}", include_in_schema=False)
async def open_one(
    request: Request[Any, Any, Any], inbox: Inbox, notification_id: Id
) -> Response[Any]:
    actor = require_citizen(request)
    link = await inbox.open(actor.id or 0, notification_id)
    return Redirect(safe_next(link, CENTRE), status_code=303, headers=PRIVATE)


@get(SETTINGS, include_in_schema=False)
async def settings_page(request: Request[Any, Any, Any]) -> Template:
    actor = require_citizen(request)
    saved = request.query_params.get("saved", "")
    return Template(
        "account/notification_settings.html",
        context={
            "devices": await devices_of(actor.id or 0),
            "choices": (await preferences.choices_of(actor.id or 0)).table(),
            "channels": preferences.CHOOSABLE,
            "when": when,
            "saved": saved if saved in ("choices", "device") else "",
        },
        headers=PRIVATE,
    )


@post(SETTINGS, include_in_schema=False)
async def save_settings(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Checked boxes are named `group.channel`; every offered box not sent is turned off."""
    actor = require_citizen(request)
    enabled = {tuple(key.split(".", 1)) for key, value in data.items() if "." in key and value}
    await preferences.save_choices(actor.id or 0, {(g, c) for g, c in enabled})
    return Redirect(f"{SETTINGS}?saved=choices", status_code=303)


@post(f"{SETTINGS}/devices/{{device_id:int}}/remove", include_in_schema=False)
async def remove(request: Request[Any, Any, Any], device_id: Id) -> Response[Any]:
    actor = require_citizen(request)
    if not await remove_device(actor.id or 0, device_id):
        raise NotFound("no such device")
    return Redirect(f"{SETTINGS}?saved=device", status_code=303)


ROUTES: list[Any] = [centre, read_all, open_one, settings_page, save_settings, remove]
