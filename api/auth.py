"""Citizen sign-in over the JSON API: one-time code by SMS, bearer token, sign-out, profile.

Bearer tokens only: the session cookie of the pages never authorises a call here
(api/identity.py resolves /api/ requests from the Authorization header alone).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, MediaType, Request, Response, delete, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import JSONBody

from api.deps import Ctx
from api.identity import bearer_of, citizen_id
from core.identity.citizens import CitizenAuth, Profile

CitizenAuthDep = NamedDependency[CitizenAuth]
Short = Annotated[str, msgspec.Meta(max_length=64)]
Long = Annotated[str, msgspec.Meta(max_length=2_000)]
PRIVATE = {"Cache-Control": "no-store"}
EXPORT_NAME = "motcua-du-lieu-cua-toi.json"


def provide_citizen_auth(state: State) -> CitizenAuth:
    """One service per app, over the app's clock, SMS adapter and secret."""
    return CitizenAuth(state.clock, state.sms, str(state.settings.secret_key))


class PhoneIn(msgspec.Struct, frozen=True):
    phone: Short


class VerifyIn(msgspec.Struct, frozen=True):
    phone: Short
    code: Short


class CodeSentOut(msgspec.Struct, frozen=True):
    sent: bool
    expires_in: int


class TokenOut(msgspec.Struct, frozen=True):
    token: str


class ProfileIn(msgspec.Struct, frozen=True):
    full_name: Long
    national_id: Short = ""
    address: Long = ""
    email: Long = ""


class ProfileOut(msgspec.Struct, frozen=True):
    id: int
    phone: str
    full_name: str
    national_id: str
    address: str
    email: str
    created_at: dt.datetime


class AuthController(Controller):
    path = "/auth"
    tags = ["citizens"]

    @post("/otp", status_code=202, summary="Send a one-time sign-in code by SMS")
    async def request_code(
        self, data: JSONBody[PhoneIn], ctx: Ctx, citizen_auth: CitizenAuthDep
    ) -> CodeSentOut:
        sent = await citizen_auth.request_code(ctx, data.phone)
        return CodeSentOut(True, sent.expires_in)

    @post("/otp/verify", status_code=200, summary="Exchange the code for a bearer token")
    async def verify(
        self, data: JSONBody[VerifyIn], ctx: Ctx, citizen_auth: CitizenAuthDep
    ) -> TokenOut:
        return TokenOut(await citizen_auth.verify(ctx, data.phone, data.code, "bearer"))

    @post("/sign-out", status_code=204, summary="Revoke this bearer token")
    async def sign_out(
        self, request: Request[Any, Any, Any], ctx: Ctx, citizen_auth: CitizenAuthDep
    ) -> None:
        await citizen_auth.sign_out(ctx, bearer_of(request.scope))


class MeController(Controller):
    path = "/me"
    tags = ["citizens"]

    @get("/", summary="The signed-in citizen's profile")
    async def show(self, ctx: Ctx, citizen_auth: CitizenAuthDep) -> Response[ProfileOut]:
        profile = await citizen_auth.profile(citizen_id(ctx))
        return Response(_out(profile), headers=PRIVATE)

    @put("/", summary="Change the profile (every invalid field is named)")
    async def update(
        self, data: JSONBody[ProfileIn], ctx: Ctx, citizen_auth: CitizenAuthDep
    ) -> Response[ProfileOut]:
        profile = await citizen_auth.update_profile(
            ctx,
            full_name=data.full_name,
            national_id=data.national_id,
            address=data.address,
            email=data.email,
        )
        return Response(_out(profile), headers=PRIVATE)

    @get("/export", summary="Download everything held about me (JSON)")
    async def export(self, ctx: Ctx, citizen_auth: CitizenAuthDep) -> Response[Any]:
        data = await citizen_auth.export(ctx)
        disposition = f'attachment; filename="{EXPORT_NAME}"'
        return Response(
            data,
            media_type=MediaType.JSON,
            headers={**PRIVATE, "Content-Disposition": disposition},
        )

    @delete("/", status_code=204, summary="Delete my account (minimised as the law allows)")
    async def remove(self, ctx: Ctx, citizen_auth: CitizenAuthDep) -> None:
        await citizen_auth.request_deletion(ctx)


def _out(p: Profile) -> ProfileOut:
    return ProfileOut(p.id, p.phone, p.full_name, p.national_id, p.address, p.email, p.created_at)


ROUTES: list[Any] = [AuthController, MeController]
