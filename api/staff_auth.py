"""Staff sign-in over the JSON API: username, password and TOTP code give a bearer token."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import JSONBody

from api.deps import Ctx
from api.identity import bearer_of
from core.errors import PermissionDenied, Unauthenticated
from core.identity.staff import StaffService

StaffServiceDep = NamedDependency[StaffService]
Short = Annotated[str, msgspec.Meta(max_length=64)]
Password = Annotated[str, msgspec.Meta(max_length=256)]
Code = Annotated[str, msgspec.Meta(max_length=16)]


class StaffLogin(msgspec.Struct, frozen=True):
    username: Short
    password: Password
    totp: Code


class StaffToken(msgspec.Struct, frozen=True):
    token: str


def provide_staff_service(state: State) -> StaffService:
    service: StaffService = state.staff
    return service


@post("/staff/login", status_code=200, tags=["staff"], summary="Staff sign-in (password + TOTP)")
async def login(data: JSONBody[StaffLogin], staff_service: StaffServiceDep, ctx: Ctx) -> StaffToken:
    """401 with one message for any wrong part; 429 with Retry-After when the account is locked."""
    token = await staff_service.login(ctx, data.username, data.password, data.totp, "bearer")
    return StaffToken(token)


@post("/staff/sign-out", status_code=204, tags=["staff"], summary="Revoke this bearer token")
async def sign_out(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx
) -> None:
    if ctx.actor.is_citizen:
        raise PermissionDenied("this is for staff")
    if not ctx.actor.is_staff:
        raise Unauthenticated("sign in first: send Authorization: Bearer <token>")
    await staff_service.sign_out(ctx, bearer_of(request.scope))


ROUTES: list[Any] = [login, sign_out]
