"""RatingService: the owner rates a returned dossier once (đánh giá mức độ hài lòng).

Only the dossier's owner, only once its result was returned, only once: the unique dossier key
of `Rating` makes a second rating (even two sent at the same instant) a `Conflict`. The rating,
the head's follow-up task (an unhappy rating with a comment) and the audit row are written in one
transaction. The web flow takes the level in one tap and the optional criteria and comment on
the next page (`add_details`); the API takes everything at once (`rate`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from core import database, rows
from core.clock import VIETNAM, Clock
from core.dossiers.tables import Dossier
from core.errors import Conflict, NotFound
from core.feedback import follow_ups
from core.feedback.levels import (
    DISSATISFIED,
    LEVELS,
    RatingInput,
    checked_details,
    checked_level,
)
from core.feedback.tables import Rating
from core.identity import audit
from core.identity.actor import Context
from core.stats import recorder

NOT_FOUND = "Không tìm thấy hồ sơ"
NOT_RETURNED = "Hồ sơ chưa trả kết quả; ông/bà đánh giá được sau khi nhận kết quả"
ALREADY_RATED = "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần"
ALREADY_DETAILED = "Ông/bà đã gửi ý kiến chi tiết cho đánh giá này"
RETURNED = "returned"


@dataclasses.dataclass(frozen=True, slots=True)
class Rated:
    """A dossier's rating as its owner sees it (None fields: not given)."""

    code: str
    level: str
    level_label: str
    criteria: Mapping[str, Any]
    comment: str
    rated_at: dt.datetime
    detailed: bool
    follow_up: bool  # a task for the unit's head was opened


@dataclasses.dataclass(frozen=True, slots=True)
class RatingState:
    """What the rating page needs: the dossier, whether it can be rated, and any rating."""

    code: str
    procedure_code: str
    returned: bool
    rating: Rated | None


@dataclasses.dataclass(frozen=True, slots=True)
class _Owned:
    id: int
    code: str
    procedure_code: str
    status: str
    unit: int
    unit_code: str


class RatingService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def state(self, ctx: Context, code: str) -> RatingState:
        dossier = await _owned(ctx, code)
        return RatingState(
            dossier.code,
            dossier.procedure_code,
            dossier.status == RETURNED,
            await _rated(dossier),
        )

    async def rate(self, ctx: Context, code: str, given: RatingInput) -> Rated:
        """Record the owner's rating of `code`: 404 for others, 409 before the return or twice,
        422 for a level or criterion that does not exist."""
        dossier = await _owned(ctx, code)
        level = checked_level(given.level)
        criteria, comment = checked_details(given.criteria, given.comment)
        if dossier.status != RETURNED:
            raise Conflict(NOT_RETURNED)
        if await _rated(dossier) is not None:
            raise Conflict(ALREADY_RATED)
        now = self._clock.now()
        detailed = bool(criteria or comment)
        try:
            async with database.write_transaction(Rating._meta.db):
                inserted = await rows.insert(
                    Rating,
                    [
                        {
                            "dossier": dossier.id,
                            "citizen": ctx.actor.id,
                            "unit": dossier.unit,
                            "unit_code": dossier.unit_code,
                            "level": level,
                            "criteria": criteria,
                            "comment": comment,
                            "rated_at": now,
                            "detailed_at": now if detailed else None,
                        }
                    ],
                    returning="id",
                )
                await _after_rating(ctx, dossier, int(inserted[0]["id"]), level, comment, now)
                await recorder.rating_given(dossier.unit_code, recorder.day_of(now), level)
        except Exception as error:
            if database.is_unique_violation(error):
                raise Conflict(ALREADY_RATED) from None
            raise
        found = await _rated(dossier)
        assert found is not None
        return found

    async def add_details(
        self, ctx: Context, code: str, criteria: Mapping[str, Any], comment: str
    ) -> Rated:
        """The criteria and comment of a rating given by level alone (the web's second page);
        once only, so a comment cannot be rewritten after the head has read it."""
        dossier = await _owned(ctx, code)
        kept, text = checked_details(criteria, comment)
        rated = await _rated(dossier)
        if rated is None:
            raise Conflict("Hãy chọn mức hài lòng trước")
        if rated.detailed:
            raise Conflict(ALREADY_DETAILED)
        now = self._clock.now()
        async with database.write_transaction(Rating._meta.db):
            changed = await (
                Rating.update(
                    {Rating.criteria: kept, Rating.comment: text, Rating.detailed_at: now}
                )
                .where((Rating.dossier == dossier.id) & Rating.detailed_at.is_null())
                .returning(Rating.id)
            )
            if not changed:
                raise Conflict(ALREADY_DETAILED)
            if rated.level == DISSATISFIED and text:
                await follow_ups.open_task(
                    int(changed[0]["id"]), dossier.unit, dossier.code, text, now
                )
            await audit.record(
                ctx,
                "feedback.details",
                object_type="dossier",
                object_id=dossier.code,
                after={"criteria": kept, "comment": bool(text)},
                unit_code=dossier.unit_code,
            )
        found = await _rated(dossier)
        assert found is not None
        return found


async def _after_rating(
    ctx: Context, dossier: _Owned, rating_id: int, level: str, comment: str, now: dt.datetime
) -> None:
    """The rest of the rating's transaction: the head's task when unhappy and said why, audit."""
    if level == DISSATISFIED and comment:
        await follow_ups.open_task(rating_id, dossier.unit, dossier.code, comment, now)
    await audit.record(
        ctx,
        "feedback.rate",
        object_type="dossier",
        object_id=dossier.code,
        after={"level": level, "day": now.astimezone(VIETNAM).date().isoformat()},
        unit_code=dossier.unit_code,
    )


async def _owned(ctx: Context, code: str) -> _Owned:
    """The dossier if the actor owns it; anyone else (an assistant, staff) meets "not found"."""
    row = (
        await Dossier.select(
            Dossier.id,
            Dossier.code,
            Dossier.procedure_code,
            Dossier.owner,
            Dossier.status,
            Dossier.holding_unit,
            Dossier.holding_unit.code.as_alias("unit_code"),
        )
        .where(Dossier.code == (code or "").strip()[:48])
        .first()
    )
    if row is None or not ctx.actor.is_citizen or row["owner"] != ctx.actor.id:
        raise NotFound(NOT_FOUND)
    return _Owned(
        row["id"],
        row["code"],
        row["procedure_code"],
        row["status"],
        row["holding_unit"],
        row["unit_code"],
    )


async def _rated(dossier: _Owned) -> Rated | None:
    row = await Rating.select().where(Rating.dossier == dossier.id).output(load_json=True).first()
    if row is None:
        return None
    criteria = row["criteria"]
    return Rated(
        code=dossier.code,
        level=row["level"],
        level_label=LEVELS[row["level"]],
        criteria=criteria if isinstance(criteria, dict) else {},
        comment=row["comment"],
        rated_at=row["rated_at"],
        detailed=row["detailed_at"] is not None,
        follow_up=await follow_ups.exists_for(row["id"]),
    )
