"""The citizen's pages: sign in with a one-time code, profile, my data, sign out.

The number typed on /sign-in never travels in a URL: the code page finds it through a signed,
HttpOnly ticket cookie naming the code's challenge. Errors re-render the form with an error
summary: 400 for invalid input, 401 for a refused code, 429 (with Retry-After) for a wait.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated, Any
from urllib.parse import quote

from litestar import MediaType, Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter
from litestar.response import Redirect, Template

from core.errors import DomainError, InvalidInput, RateLimited
from core.identity.citizens import CitizenAuth, CodeRejected
from core.identity.phone import masked
from web.deps import Ctx
from web.guards import actor_of, require_citizen, safe_next

Auth = NamedDependency[CitizenAuth]
Next = Annotated[str, Parameter(max_length=2_000)]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
SESSION_COOKIE = "motcua_session"  # the name api/identity.py reads
TICKET_COOKIE = "motcua_signin"
SESSION_MAX_AGE = 30 * 24 * 3600
TICKET_MAX_AGE = 3600
HOME = "/account"
PRIVATE = {"Cache-Control": "no-store"}
PROFILE_FIELDS = [
    (
        "full_name",
        "account_full_name",
        "",
        {"type": "text", "autocomplete": "name", "maxlength": "200"},
    ),
    (
        "national_id",
        "account_national_id",
        "account_national_id_hint",
        {"type": "text", "inputmode": "numeric", "autocomplete": "off", "maxlength": "16"},
    ),
    (
        "address",
        "account_address",
        "",
        {"type": "text", "autocomplete": "street-address", "maxlength": "500"},
    ),
    (
        "email",
        "account_email",
        "account_email_hint",
        {"type": "email", "autocomplete": "email", "maxlength": "320"},
    ),
]


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One line of the error summary: the field it links to and the message key."""

    field: str
    key: str
    values: dict[str, object] = dataclasses.field(default_factory=dict)


@get("/sign-in")
async def sign_in_form(request: Request[Any, Any, Any], next: Next = "") -> Response[Any]:
    if actor_of(request).is_citizen:
        return Redirect(safe_next(next, HOME), status_code=303)
    return _page("account/sign_in.html", phone="", next=next)


@post("/sign-in")
async def send_code(ctx: Ctx, citizen_auth: Auth, state: State, data: Form) -> Response[Any]:
    phone, next_url = data.get("phone", ""), data.get("next", "")
    try:
        sent = await citizen_auth.request_code(ctx, phone)
    except (InvalidInput, RateLimited) as exc:
        return _page("account/sign_in.html", exc, "phone", phone=phone, next=next_url)
    target = "/sign-in/code" + (f"?next={quote(next_url, safe='')}" if next_url else "")
    response = Redirect(target, status_code=303)
    response.set_cookie(
        TICKET_COOKIE, sent.ticket, max_age=TICKET_MAX_AGE, path="/sign-in", **_flags(state)
    )
    return response


@get("/sign-in/code")
async def code_form(
    request: Request[Any, Any, Any], citizen_auth: Auth, next: Next = ""
) -> Response[Any]:
    phone = await citizen_auth.phone_of_ticket(request.cookies.get(TICKET_COOKIE))
    if phone is None:
        return Redirect("/sign-in", status_code=303)
    return _page("account/sign_in_code.html", masked_phone=masked(phone), next=next)


@post("/sign-in/code")
async def check_code(
    request: Request[Any, Any, Any], ctx: Ctx, citizen_auth: Auth, state: State, data: Form
) -> Response[Any]:
    phone = await citizen_auth.phone_of_ticket(request.cookies.get(TICKET_COOKIE))
    next_url = data.get("next", "")
    if phone is None:
        return Redirect("/sign-in", status_code=303)
    try:
        token = await citizen_auth.verify(ctx, phone, data.get("code", ""), "session")
    except (InvalidInput, CodeRejected, RateLimited) as exc:
        return _page(
            "account/sign_in_code.html", exc, "code", masked_phone=masked(phone), next=next_url
        )
    response = Redirect(safe_next(next_url, HOME), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_MAX_AGE, path="/", **_flags(state))
    response.delete_cookie(TICKET_COOKIE, path="/sign-in")
    return response


@get("/account")
async def account(request: Request[Any, Any, Any], citizen_auth: Auth) -> Response[Any]:
    profile = await citizen_auth.profile(require_citizen(request).id or 0)
    form = {f[0]: getattr(profile, f[0]) for f in PROFILE_FIELDS}
    return _profile_page(profile.phone, form, saved=request.query_params.get("saved") == "1")


@post("/account")
async def save_account(
    request: Request[Any, Any, Any], ctx: Ctx, citizen_auth: Auth, data: Form
) -> Response[Any]:
    actor = require_citizen(request)
    form = {f[0]: data.get(f[0], "") for f in PROFILE_FIELDS}
    try:
        await citizen_auth.update_profile(ctx, **form)
    except InvalidInput as exc:
        profile = await citizen_auth.profile(actor.id or 0)
        return _profile_page(profile.phone, form, exc)
    return Redirect(f"{HOME}?saved=1", status_code=303)


@get("/account/export")
async def export(request: Request[Any, Any, Any], ctx: Ctx, citizen_auth: Auth) -> Response[Any]:
    require_citizen(request)
    disposition = 'attachment; filename="motcua-du-lieu-cua-toi.json"'
    return Response(
        await citizen_auth.export(ctx),
        media_type=MediaType.JSON,
        headers={**PRIVATE, "Content-Disposition": disposition},
    )


@get("/account/delete")
async def delete_form(request: Request[Any, Any, Any]) -> Template:
    require_citizen(request)
    return Template("account/delete.html", headers=PRIVATE)


@post("/account/delete")
async def delete_account(
    request: Request[Any, Any, Any], ctx: Ctx, citizen_auth: Auth
) -> Response[Any]:
    require_citizen(request)
    await citizen_auth.request_deletion(ctx)
    response = Redirect("/account/deleted", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@get("/account/deleted")
async def deleted() -> Template:
    return Template("account/deleted.html")


@post("/sign-out")
async def sign_out(request: Request[Any, Any, Any], ctx: Ctx, citizen_auth: Auth) -> Response[Any]:
    if ctx.actor.is_citizen:
        await citizen_auth.sign_out(ctx, request.cookies.get(SESSION_COOKIE))
    response = Redirect("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _page(name: str, exc: DomainError | None = None, field: str = "", **context: Any) -> Template:
    """A sign-in page; after an error, with its summary and the status that error means."""
    problems, status, headers = _problems(exc, field), 200, dict(PRIVATE)
    if isinstance(exc, RateLimited):
        status, headers["Retry-After"] = 429, str(exc.retry_after)
    elif isinstance(exc, CodeRejected):
        status = 401
    elif exc is not None:
        status = 400
    return Template(
        name, context={**context, "errors": problems}, status_code=status, headers=headers
    )


def _profile_page(
    phone: str, form: dict[str, str], exc: InvalidInput | None = None, saved: bool = False
) -> Template:
    return Template(
        "account/profile.html",
        context={
            "masked_phone": masked(phone),
            "form": form,
            "fields": PROFILE_FIELDS,
            "errors": _problems(exc, ""),
            "saved": saved,
        },
        status_code=400 if exc else 200,
        headers=PRIVATE,
    )


def _problems(exc: DomainError | None, field: str) -> list[Problem]:
    """Vietnamese-first messages for the core's errors: one per field, linked from the summary."""
    if isinstance(exc, RateLimited):
        return [Problem(field, "account_error_wait", {"minutes": math.ceil(exc.retry_after / 60)})]
    if isinstance(exc, CodeRejected):
        return [Problem("code", f"account_error_code_{exc.reason}")]
    if isinstance(exc, InvalidInput):
        fields = dict.fromkeys(e.field for e in exc.errors)  # one line per field, in order
        return [Problem(f, f"account_error_{f}") for f in fields]
    return []


def _flags(state: State) -> dict[str, Any]:
    """Cookie attributes: never readable by scripts, not sent cross-site, HTTPS-only in prod."""
    return {"httponly": True, "samesite": "lax", "secure": bool(state.settings.is_prod)}


ROUTES: list[Any] = [
    sign_in_form,
    send_code,
    code_form,
    check_code,
    account,
    save_account,
    export,
    delete_form,
    delete_account,
    deleted,
    sign_out,
]
