"""Consent codes: a citizen agrees to one dossier by reading an SMS code to the assistant.

The assistant names the citizen's mobile number and either a procedure (a new dossier) or the
code of that citizen's dossier waiting for a supplement. The citizen gets an SMS naming the
assistant, their commune and the procedure, with six digits made and digested the way sign-in
codes are (`core.identity.otp`), bound to the assistant and the number. Then:

- the code is good for 10 minutes and five wrong tries, after which it is locked; a new request
  for the same number supersedes the assistant's older unconfirmed ones;
- confirming it opens (or finds) the citizen's account by their number, as a sign-in would;
- a confirmed consent files one dossier or one supplement (`claim`), within 24 hours;
- an assistant asks at most 20 times a day, and a number receives at most 3 requests an hour.

A consent of another assistant does not exist for the caller (NotFound).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hmac

from core import database
from core.assistants.grants import (
    MAX_ID,
    NOT_FOUND,
    USED,
    ConfirmedConsent,
    Procedures,
    confirmed,
    consent_row,
    dossier_procedure_name,
)
from core.assistants.roster import Helper
from core.assistants.tables import Consent
from core.assistants.wording import Target, consent_text, masked, sms_text
from core.clock import Clock
from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from core.errors import Conflict, DomainError, InvalidInput, NotFound, RateLimited
from core.identity import audit, otp, ratelimit
from core.identity.actor import Context
from core.identity.phone import EXAMPLE, normalise_phone, phone_key
from core.identity.ports import SmsSender
from core.identity.tables import Citizen

CODE_TTL = dt.timedelta(minutes=10)
MAX_TRIES = 5
PER_ASSISTANT = ratelimit.Limit(20, dt.timedelta(days=1), "Bạn đã xin 20 mã đồng ý trong 24 giờ")
PER_PHONE = ratelimit.Limit(3, dt.timedelta(hours=1), "Số này đã nhận 3 mã đồng ý trong 1 giờ")
LOCKED = "Đã nhập sai mã 5 lần nên mã bị khóa; hãy xin người dân mã mới"
EXPIRED = "Mã đồng ý đã hết hạn (10 phút) hoặc đã có mã mới hơn; hãy dùng mã mới nhất"


@dataclasses.dataclass(frozen=True, slots=True)
class ConsentRequest:
    id: int
    phone_masked: str  # ******5678
    procedure_code: str
    procedure_name: str
    dossier_code: str  # "" for a new dossier
    expires_at: dt.datetime
    consent_text: str  # what the citizen's SMS says, without the code
    citizen_name: str = ""  # once confirmed, if the citizen's account has a name
    confirmed: bool = False


class ConsentCodes:
    def __init__(self, clock: Clock, sms: SmsSender, secret: str, procedures: Procedures) -> None:
        self._clock = clock
        self._sms = sms
        self._secret = str(secret)
        self._procedures = procedures

    async def ask(
        self, ctx: Context, helper: Helper, raw_phone: str, procedure_code: str, dossier_code: str
    ) -> ConsentRequest:
        """Send the citizen a consent code by SMS; nothing else happens until it comes back."""
        phone = _phone(raw_phone)
        if phone == helper.phone:
            raise InvalidInput.one("phone", "Đây là số của chính bạn; hãy tự nộp hồ sơ của mình")
        target = await self._target(phone, procedure_code.strip(), dossier_code.strip())
        text = consent_text(helper, target)
        code, now = otp.new_code(), self._clock.now()
        async with database.write_transaction(Consent._meta.db):
            await _count(f"consent-ask:{helper.id}", PER_ASSISTANT, now)
            await _count(f"consent-phone:{phone_key(phone, self._secret)}", PER_PHONE, now)
            await Consent.update({Consent.expires_at: now}).where(
                (Consent.assistant == helper.id)
                & (Consent.phone == phone)
                & Consent.confirmed_at.is_null()
                & (Consent.expires_at > now)
            )
            made = await Consent.insert(
                Consent(
                    assistant=helper.id,
                    phone=phone,
                    procedure_code=target.procedure_code,
                    dossier=target.dossier_id,
                    code_hash=self._digest(helper, phone, code),
                    created_at=now,
                    expires_at=now + CODE_TTL,
                )
            ).returning(Consent.id)
            await audit.record(
                ctx,
                "assistant.consent_asked",
                object_type="consent",
                object_id=made[0]["id"],
                after={"procedure": target.procedure_code, "dossier": target.dossier_code},
                unit_code=helper.unit_code,
            )
        await self._sms.send(phone, sms_text(text, code, CODE_TTL))
        return ConsentRequest(
            id=made[0]["id"],
            phone_masked=masked(phone),
            procedure_code=target.procedure_code,
            procedure_name=target.procedure_name,
            dossier_code=target.dossier_code,
            expires_at=now + CODE_TTL,
            consent_text=text,
        )

    async def confirm(
        self, ctx: Context, helper: Helper, consent_id: int, raw_code: str
    ) -> ConfirmedConsent:
        """The code the citizen read out: right once within 10 minutes and five tries."""
        code, problem = otp.code_problem(raw_code)
        if problem:
            raise InvalidInput.one("code", "Nhập 6 chữ số của mã mà người dân nhận qua tin nhắn")
        if not 0 < consent_id <= MAX_ID:
            raise NotFound(NOT_FOUND)
        now = self._clock.now()
        failure: DomainError | None = None
        async with database.write_transaction(Consent._meta.db):
            # Counting the try first makes parallel guesses count too, on either database.
            tried = (
                await Consent.update({Consent.tries: Consent.tries + 1})
                .where(
                    (Consent.id == consent_id)
                    & (Consent.assistant == helper.id)
                    & Consent.confirmed_at.is_null()
                    & (Consent.tries < MAX_TRIES)
                    & (Consent.expires_at > now)
                )
                .returning(Consent.code_hash, Consent.tries, Consent.phone)
            )
            if not tried:
                failure = await _why_not(helper, consent_id, now)
            elif not hmac.compare_digest(
                tried[0]["code_hash"], self._digest(helper, tried[0]["phone"], code)
            ):
                failure = _wrong(MAX_TRIES - tried[0]["tries"])
                await audit.record(
                    ctx,
                    "assistant.consent_wrong_code",
                    object_type="consent",
                    object_id=consent_id,
                    detail=f"tries={tried[0]['tries']}",
                    unit_code=helper.unit_code,
                )
            else:
                await _confirm(ctx, helper, consent_id, tried[0]["phone"], now)
        if failure is not None:
            raise failure
        return await confirmed(self._procedures, helper, consent_id)

    async def shown(self, helper: Helper, consent_id: int) -> ConsentRequest:
        """A consent as asked, to show again (the page after a refresh or a wrong code)."""
        row = await consent_row(helper, consent_id)
        if row is None:
            raise NotFound(NOT_FOUND)
        target = Target(row["procedure_code"], row["procedure_code"], row["dossier"])
        if row["dossier"] is None:
            with contextlib.suppress(DomainError):  # withdrawn from the catalog since
                procedure = await self._procedures.procedure(row["procedure_code"])
                target = dataclasses.replace(target, procedure_name=procedure.name)
        else:
            name = await dossier_procedure_name(row["dossier"])
            target = dataclasses.replace(
                target, procedure_name=name, dossier_code=row["dossier_code"]
            )
        return ConsentRequest(
            id=row["id"],
            phone_masked=masked(row["phone"]),
            procedure_code=target.procedure_code,
            procedure_name=target.procedure_name,
            dossier_code=target.dossier_code,
            expires_at=row["expires_at"],
            consent_text=consent_text(helper, target),
            citizen_name=row["citizen_name"] or "",
            confirmed=row["confirmed_at"] is not None,
        )

    async def _target(self, phone: str, procedure_code: str, dossier_code: str) -> Target:
        if bool(procedure_code) == bool(dossier_code):
            raise InvalidInput.one(
                "procedure_code", "Chọn thủ tục cần nộp, hoặc nhập mã hồ sơ cần bổ sung"
            )
        if procedure_code:
            procedure = await self._procedures.procedure(procedure_code[:16])
            return Target(procedure.code, procedure.name)
        row = (
            await Dossier.select(
                Dossier.id,
                Dossier.code,
                Dossier.status,
                Dossier.procedure_code,
                Dossier.procedure.name.as_alias("procedure_name"),
                Dossier.owner.phone.as_alias("owner_phone"),
            )
            .where(Dossier.code == dossier_code[:48])
            .first()
        )
        if row is None or row["owner_phone"] != phone:
            raise NotFound("Không tìm thấy hồ sơ có mã này của số điện thoại đã nhập")
        if row["status"] != Status.SUPPLEMENT_REQUESTED.value:
            raise Conflict("Hồ sơ này không ở trạng thái chờ bổ sung giấy tờ")
        return Target(row["procedure_code"], row["procedure_name"], row["id"], row["code"])

    def _digest(self, helper: Helper, phone: str, code: str) -> str:
        return otp.digest(self._secret, f"consent:{helper.id}:{phone}", code)


async def _confirm(
    ctx: Context, helper: Helper, consent_id: int, phone: str, now: dt.datetime
) -> None:
    """The right code: the citizen's account (opened now if they have none) is bound to it."""
    made = (
        await Citizen.insert(Citizen(phone=phone, created_at=now))
        .on_conflict(target=Citizen.phone, action="DO NOTHING")
        .returning(Citizen.id)
    )
    found = await Citizen.select(Citizen.id).where(Citizen.phone == phone).first()
    assert found is not None
    await Consent.update({Consent.confirmed_at: now, Consent.citizen: found["id"]}).where(
        Consent.id == consent_id
    )
    await audit.record(
        ctx,
        "assistant.consent_confirmed",
        object_type="consent",
        object_id=consent_id,
        after={"citizen": found["id"], "new_account": bool(made)},
        unit_code=helper.unit_code,
    )


async def _why_not(helper: Helper, consent_id: int, now: dt.datetime) -> DomainError | None:
    """Why a code cannot be tried; None when it was confirmed already (a repeated request)."""
    row = (
        await Consent.select(
            Consent.confirmed_at, Consent.used_at, Consent.tries, Consent.expires_at
        )
        .where((Consent.id == consent_id) & (Consent.assistant == helper.id))
        .first()
    )
    if row is None:
        return NotFound(NOT_FOUND)
    if row["confirmed_at"] is not None:
        return Conflict(USED) if row["used_at"] is not None else None
    return Conflict(LOCKED) if row["tries"] >= MAX_TRIES else Conflict(EXPIRED)


def _wrong(left: int) -> InvalidInput:
    if left <= 0:
        return InvalidInput.one("code", f"Mã đồng ý không đúng. {LOCKED}")
    return InvalidInput.one("code", f"Mã đồng ý không đúng; còn {left} lần thử")


def _phone(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except InvalidInput:
        raise InvalidInput.one(
            "phone", f"Số di động của người dân gồm 10 chữ số, ví dụ {EXAMPLE}"
        ) from None


async def _count(bucket: str, limit: ratelimit.Limit, now: dt.datetime) -> None:
    """Count one request; the refusal says in Vietnamese when to try again."""
    try:
        await ratelimit.count(bucket, limit, now)
    except RateLimited as limited:
        wait = limited.retry_after
        when = f"{wait} giây" if wait < 120 else f"{-(-wait // 60)} phút"
        raise RateLimited(f"{limit.message}; hãy thử lại sau {when}", wait) from None
