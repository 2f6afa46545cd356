"""Ratings and complaints over the JSON API.

Contract (CONTRACT.md): `POST /api/v1/dossiers/{code}/feedback` — the owner, after the result
was returned — answers 201 with the rating; 409 if the dossier was already rated (or not yet
returned, with the reason); 422 names a wrong level or criterion; 404 for anyone else's dossier.
Complaints and suggestions (phản ánh, kiến nghị) are filed and followed under `/complaints`; the
published, anonymised answers are public.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter

from api.deps import Ctx
from api.guards import only
from core.feedback.complaints import ComplaintInput, ComplaintService, ComplaintView
from core.feedback.follow_ups import FollowUpService
from core.feedback.levels import RatingInput
from core.feedback.ratings import Rated, RatingService

RatingsDep = NamedDependency[RatingService]
ComplaintsDep = NamedDependency[ComplaintService]
Code = Annotated[str, PathParameter(max_length=64)]
Short = Annotated[str, msgspec.Meta(max_length=32)]
PRIVATE = {"Cache-Control": "no-store"}
SIGN_IN = "Đăng nhập bằng số điện thoại (POST /api/v1/auth/otp) để đánh giá hoặc gửi phản ánh"
citizen_only = only("citizen", SIGN_IN)


class RatingIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    level: Short
    criteria: Annotated[dict[Short, str | int], msgspec.Meta(max_length=8)] = {}
    comment: Annotated[str, msgspec.Meta(max_length=2_000)] = ""


class RatingOut(msgspec.Struct, frozen=True):
    code: str
    level: str
    level_label: str
    criteria: dict[str, Any]
    comment: str
    rated_at: dt.datetime
    follow_up: bool


class ComplaintIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    kind: Short
    subject_kind: Short
    subject: Annotated[str, msgspec.Meta(max_length=500)]
    body: Annotated[str, msgspec.Meta(max_length=5_000)]
    unit: Short = ""
    publish_consent: bool = False


class ComplaintOut(msgspec.Struct, frozen=True):
    code: str
    kind: str
    subject_kind: str
    subject: str
    body: str
    unit: str
    received_at: dt.datetime
    due_at: dt.datetime
    status: str
    answer: str
    answered_at: dt.datetime | None
    publish_consent: bool
    published: bool


class PublicAnswerOut(msgspec.Struct, frozen=True):
    code: str
    kind: str
    unit_name: str
    received_at: dt.datetime
    answered_at: dt.datetime
    question: str
    answer: str


def provide_ratings(state: State) -> RatingService:
    service: RatingService = state.ratings
    return service


def provide_follow_ups(state: State) -> FollowUpService:
    service: FollowUpService = state.follow_ups
    return service


def provide_complaints(state: State) -> ComplaintService:
    service: ComplaintService = state.complaints
    return service


@post(
    "/dossiers/{code:str}/feedback",
    status_code=201,
    guards=[citizen_only],
    tags=["feedback"],
    summary="Rate a returned dossier (owner, once)",
)
async def rate(ctx: Ctx, ratings: RatingsDep, code: Code, data: JSONBody[RatingIn]) -> RatingOut:
    rated = await ratings.rate(ctx, code, RatingInput(data.level, data.criteria, data.comment))
    return _rating_out(rated)


class ComplaintController(Controller):
    path = "/complaints"
    tags = ["complaints"]

    @post("/", status_code=201, guards=[citizen_only], summary="File a complaint or suggestion")
    async def file(
        self, ctx: Ctx, complaints: ComplaintsDep, data: JSONBody[ComplaintIn]
    ) -> Response[ComplaintOut]:
        given = ComplaintInput(
            data.kind, data.subject_kind, data.subject, data.body, data.unit, data.publish_consent
        )
        return Response(_complaint_out(await complaints.file(ctx, given)), status_code=201)

    @get("/", guards=[citizen_only], summary="My complaints and suggestions, newest first")
    async def mine(self, ctx: Ctx, complaints: ComplaintsDep) -> Response[list[ComplaintOut]]:
        found = await complaints.mine(ctx)
        return Response([_complaint_out(c) for c in found], headers=PRIVATE)

    @get("/published", summary="Answered complaints published with consent, anonymised")
    async def published(self, complaints: ComplaintsDep) -> list[PublicAnswerOut]:
        return [
            PublicAnswerOut(
                p.code,
                p.kind_label,
                p.unit_name,
                p.received_at,
                p.answered_at,
                p.question,
                p.answer,
            )
            for p in await complaints.published()
        ]

    @get("/{code:str}", guards=[citizen_only], summary="One of my complaints, with its answer")
    async def show(self, ctx: Ctx, complaints: ComplaintsDep, code: Code) -> Response[ComplaintOut]:
        return Response(_complaint_out(await complaints.mine_one(ctx, code)), headers=PRIVATE)


def _rating_out(rated: Rated) -> RatingOut:
    return RatingOut(
        rated.code,
        rated.level,
        rated.level_label,
        dict(rated.criteria),
        rated.comment,
        rated.rated_at,
        rated.follow_up,
    )


def _complaint_out(c: ComplaintView) -> ComplaintOut:
    return ComplaintOut(
        code=c.code,
        kind=c.kind,
        subject_kind=c.subject_kind,
        subject=c.subject,
        body=c.body,
        unit=c.unit_code,
        received_at=c.received_at,
        due_at=c.due_at,
        status=c.status,
        answer=c.answer,
        answered_at=c.answered_at,
        publish_consent=c.publish_consent,
        published=c.published,
    )


ROUTES: list[Any] = [rate, ComplaintController]
