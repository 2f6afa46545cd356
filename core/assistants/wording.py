"""What the citizen is told when an assistant asks for their consent, in plain Vietnamese.

The consent names who asks (the assistant's name and commune) and for what (the procedure, or the
dossier to supplement), and says that the dossier stays in the citizen's name. The SMS adds the
code and how to use it, so that the assistant can read the same consent aloud without the code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.assistants.roster import Helper

MAX_NAME = 120  # a longer procedure name is not spelled out in an SMS
CONSENT = (
    "{name}, người hỗ trợ của {unit}, xin ông/bà đồng ý để {what} thay ông/bà trên motcua. "
    "Hồ sơ đứng tên ông/bà."
)
CODE_LINE = (
    "Nếu đồng ý, hãy đọc mã {code} cho người hỗ trợ (hiệu lực {minutes} phút, chỉ cho hồ sơ "
    "này). Nếu không đồng ý, đừng cho ai biết mã."
)


@dataclasses.dataclass(frozen=True, slots=True)
class Target:
    """What a consent is for: a procedure, and for a supplement the dossier."""

    procedure_code: str
    procedure_name: str
    dossier_id: int | None = None
    dossier_code: str = ""


def consent_text(helper: Helper, target: Target) -> str:
    """The consent as the citizen reads it: who asks, from which commune, for what."""
    name = target.procedure_name if len(target.procedure_name) <= MAX_NAME else "thủ tục đã chọn"
    if target.dossier_code:
        what = f"bổ sung giấy tờ cho hồ sơ {target.dossier_code} ({name})"
    else:
        what = f"nộp hồ sơ “{name}”"
    return CONSENT.format(name=helper.name, unit=helper.unit_name, what=what)


def sms_text(consent: str, code: str, valid_for: dt.timedelta) -> str:
    """The consent with the code and how long it lasts."""
    minutes = int(valid_for.total_seconds() // 60)
    return f"{consent} {CODE_LINE.format(code=code, minutes=minutes)}"


def masked(phone: str) -> str:
    """+84912345678 → ******5678: which number the code went to, as the assistant is shown."""
    return "*" * 6 + phone[-4:]
