"""Staff pages: sign in (password + TOTP), TOTP enrolment with a QR code, the staff home.

A new account's first sign-in checks the password, then shows the QR code of its TOTP secret
(`/staff/enrol`). The page finds the pending enrolment through a short-lived signed ticket in an
HttpOnly cookie scoped to that path, never through the URL. Wrong credentials re-render the form
with an error summary and the status code of the error (401, 422, 429 + Retry-After).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from core.errors import RateLimited, Unauthenticated
from core.identity.actor import Context
from core.identity.staff import EnrolmentRequired, StaffService
from core.identity.staff.sign_in import CODE_USED
from core.identity.tokens import STAFF_TTL
from core.identity.totp import TICKET_TTL
from web.deps import Ctx
from web.guards import actor_of, require_staff, safe_next
from web.qr import qr_svg

StaffServiceDep = NamedDependency[StaffService]
SESSION_COOKIE = "motcua_session"  # the cookie the server's actor middleware reads
ENROL_COOKIE = "motcua_staff_enrol"
ENROL_PATH = "/staff/enrol"
HOME = "/staff"
NO_STORE = {"Cache-Control": "no-store"}


def field(form: Any, name: str, limit: int) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def page_error(field_name: str, message: str = "", key: str = "") -> dict[str, str]:
    """One problem for the error summary: a message from the service, or a message key."""
    return {"field": field_name, "message": message, "key": key}


def _sign_in_page(
    *, status: int = 200, errors: list[dict[str, str]] | None = None, **form: str
) -> Template:
    context = {"errors": errors or [], "form": form}
    return Template("staff/sign_in.html", context=context, status_code=status, headers=NO_STORE)


def _failure(exc: Unauthenticated | RateLimited, username: str, next_url: str) -> Template:
    status = 429 if isinstance(exc, RateLimited) else 401
    # A replayed code is the code's fault, not the name's: show it beside the code field.
    where = "totp" if exc.message == CODE_USED else "username"
    page = _sign_in_page(
        status=status,
        errors=[page_error(where, exc.message)],
        username=username,
        next=next_url,
    )
    if isinstance(exc, RateLimited):
        page.headers["Retry-After"] = str(exc.retry_after)
    return page


def _signed_in(token: str, target: str, state: State) -> Response[Any]:
    response: Response[Any] = Redirect(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(STAFF_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=state.settings.is_prod,
    )
    response.delete_cookie(ENROL_COOKIE, path=ENROL_PATH)
    return response


@get("/staff/sign-in", include_in_schema=False)
async def sign_in_form(request: Request[Any, Any, Any]) -> Response[Any]:
    next_url = safe_next(request.query_params.get("next"), HOME)
    if actor_of(request).is_staff:
        return Redirect(next_url, status_code=303)
    return _sign_in_page(next=next_url)


@post("/staff/sign-in", include_in_schema=False)
async def sign_in(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx, state: State
) -> Response[Any]:
    form = await request.form()
    username, password = field(form, "username", 64), field(form, "password", 256)
    code, next_url = field(form, "totp", 16), safe_next(field(form, "next", 2000), HOME)
    missing = [
        page_error(name, key=key)
        for name, value, key in (
            ("username", username, "staff_need_username"),
            ("password", password, "staff_need_password"),
        )
        if not value.strip()
    ]
    if missing:
        return _sign_in_page(status=422, errors=missing, username=username, next=next_url)
    try:
        token = await staff_service.login(ctx, username, password, code, "session")
    except EnrolmentRequired as needed:
        response: Response[Any] = Redirect(ENROL_PATH, status_code=303)
        response.set_cookie(
            ENROL_COOKIE,
            needed.ticket,
            path=ENROL_PATH,
            max_age=int(TICKET_TTL.total_seconds()),
            httponly=True,
            samesite="strict",
            secure=state.settings.is_prod,
        )
        return response
    except (Unauthenticated, RateLimited) as exc:
        return _failure(exc, username, next_url)
    return _signed_in(token, next_url, state)


@get(ENROL_PATH, include_in_schema=False)
async def enrol_form(request: Request[Any, Any, Any], staff_service: StaffServiceDep) -> Template:
    try:
        shown = await staff_service.enrolment(request.cookies.get(ENROL_COOKIE, ""))
    except Unauthenticated as exc:
        return _sign_in_page(status=401, errors=[page_error("username", exc.message)])
    return _enrol_page(shown.username, shown.totp_uri, shown.totp_secret)


def _enrol_page(
    username: str, uri: str, secret: str, status: int = 200, errors: Any = None
) -> Template:
    context = {
        "username": username,
        "qr": qr_svg(uri),
        "secret": secret,
        "errors": errors or [],
    }
    return Template("staff/enrol.html", context=context, status_code=status, headers=NO_STORE)


@post(ENROL_PATH, include_in_schema=False)
async def enrol(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx, state: State
) -> Response[Any]:
    ticket = request.cookies.get(ENROL_COOKIE, "")
    code = field(await request.form(), "totp", 16)
    try:
        shown = await staff_service.enrolment(ticket)
    except Unauthenticated as exc:
        return _sign_in_page(status=401, errors=[page_error("username", exc.message)])
    try:
        token = await staff_service.complete_enrolment(ctx, ticket, code, "session")
    except (Unauthenticated, RateLimited) as exc:
        status = 429 if isinstance(exc, RateLimited) else 401
        errors = [
            page_error("totp", exc.message)
            if code.strip()
            else page_error("totp", key="staff_need_code")
        ]
        return _enrol_page(shown.username, shown.totp_uri, shown.totp_secret, status, errors)
    return _signed_in(token, HOME, state)


@get(HOME, include_in_schema=False)
async def home(request: Request[Any, Any, Any], staff_service: StaffServiceDep) -> Template:
    actor = require_staff(request)
    me = await staff_service.me(Context(actor))
    return Template("staff/home.html", context={"me": me})


@post("/staff/sign-out", include_in_schema=False)
async def sign_out(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx
) -> Response[Any]:
    await staff_service.sign_out(ctx, request.cookies.get(SESSION_COOKIE))
    response: Response[Any] = Redirect("/staff/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


ROUTES: list[Any] = [sign_in_form, sign_in, enrol_form, enrol, home, sign_out]
