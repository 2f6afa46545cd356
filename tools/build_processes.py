"""Build core/process/data/processes.json: a realistic process for every bundled procedure.

Usage: python tools/build_processes.py FACTS.json OUT.json [--catalog CATALOG.json]
(the catalog defaults to core/catalog/data/procedures.json)

Where things come from. The procedures, their level, field and legal time come from the project's
catalog (tools/build_catalog.py made it from the same facts); the facts file is read to check
that every time the portal publishes as "N Ngày làm việc" is the catalog's, and for the agencies
the published steps name. The shape of each process is motcua's model of how one-stop offices
work, not a published fact: a province adapts it on the admin pages.

Shapes (R = the unit that received the dossier; officer unless "head" is said):
- every process starts with "receive" and ends with "return", both at R's counter;
- commune level: appraise in the commune office in charge of the field, approve by R's head
  (the chairman or a vice-chairman of the commune people's committee);
- province level: appraise in the department in charge of the field, approve by its head;
- decided by an agency outside the people's committees (police for residence and driving
  licences, social insurance for benefits): appraise and approve at that agency;
- land (Đất đai) except disputes, liên thông: appraise (commune only), then the land registration
  office → the tax department (financial obligations, if any) → back to the registration office,
  then approval (commune: R's head; province: the registration office's head);
- the liên thông birth registrations (2.000986, 2.001023): after R's head signs, the police
  registers permanent residence (2.000986 only) and social insurance issues the health card;
- a legal time under one working day (hours): receive → handle → return, no approval round.

Split rule. T is the legal time in working hours: the catalog's `processing_hours` (a same-day
procedure is one working day, 8 h). When the published time is not a number of working days or
hours (a bare number, calendar days, or nothing), every allowance is null and the note says so:
no time is invented. Otherwise receiving and returning are counted inside T, and
- receive = return = min(4, T // 8): an hour per working day of T, at most half a day;
- approve = min(8, 2 × (T // 8)): two hours per working day, at most one day;
- under 8 h, receive and return get 0 and there is no approval: the hours go to the work itself;
- the rest goes to the working steps in between by weight (appraise 3, registration office 3,
  tax 2, registration office back 1, police registration 3, health card 2), rounded down to half
  days (4 h) when T ≥ 40 h, else to hours; what rounding leaves goes to the first working step,
  and a working step left at 0 takes one unit from the largest.
So the allowances add up to exactly T (tests/core/process/test_bundled.py checks it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import msgspec

from core.catalog.model import Catalog, Procedure
from core.process import rules
from core.process.model import (
    HOURS_PER_DAY,
    BundledProcess,
    BundledStep,
    Performer,
    ProcessBundle,
    StepInput,
    StepKind,
    StepRole,
)

CATALOG = Path("core/catalog/data/procedures.json")
R, FIELD, AGENCY = Performer.RECEIVING_UNIT, Performer.FIELD_UNIT, Performer.AGENCY
OFFICER, HEAD = StepRole.OFFICER, StepRole.HEAD
RECEIVE = "Tiếp nhận, kiểm tra hồ sơ; cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
RETURN = "Trả kết quả cho tổ chức, cá nhân"
CHAIRMAN = "Chủ tịch (Phó Chủ tịch) Ủy ban nhân dân cấp xã"
LAND_OFFICE = "Chi nhánh Văn phòng đăng ký đất đai"
TAX = "Cơ quan thuế quản lý địa bàn"
POLICE = "Công an cấp xã"
TRAFFIC_POLICE = "Phòng Cảnh sát giao thông, Công an tỉnh"
SOCIAL_INSURANCE = "Cơ quan Bảo hiểm xã hội"
WEIGHT = {"appraise": 3, "land": 3, "tax": 2, "land_back": 1, "residence": 3, "health_card": 2}

# fmt: off
# field -> (appraise, who appraises, approve, who approves); the office or department in charge
# of the field is FIELD, the head of the receiving unit (a commune's chairman) is R.
COMMUNE = {
    "Hộ tịch": ("Công chức tư pháp - hộ tịch kiểm tra hồ sơ, xác minh (nếu cần), ghi Sổ hộ tịch",
                FIELD, f"{CHAIRMAN} ký giấy tờ hộ tịch", R),
    "Nuôi con nuôi": ("Công chức tư pháp - hộ tịch thẩm tra hồ sơ, lấy ý kiến người liên quan",
                      FIELD, f"{CHAIRMAN} ký quyết định, ghi Sổ đăng ký nuôi con nuôi", R),
    "Chứng thực": ("Người thực hiện chứng thực kiểm tra giấy tờ, đối chiếu bản chính, ghi lời "
                   "chứng", R, "Người có thẩm quyền ký chứng thực, đóng dấu, ghi sổ chứng thực", R),
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": (
        "Phòng Kinh tế cấp xã xem xét tính hợp lệ của hồ sơ đăng ký hộ kinh doanh", FIELD,
        "Lãnh đạo Phòng Kinh tế cấp xã ký Giấy chứng nhận, thông báo", FIELD),
    "Hoạt động xây dựng": (
        "Phòng Kinh tế, Hạ tầng và Đô thị cấp xã thẩm định hồ sơ, kiểm tra thực địa", FIELD,
        f"{CHAIRMAN} ký giấy phép xây dựng", R),
    "Bảo trợ xã hội": ("Công chức văn hóa - xã hội thẩm định hồ sơ", FIELD,
                       f"{CHAIRMAN} ký quyết định hỗ trợ", R),
    "Đất đai": ("Công chức địa chính cấp xã kiểm tra hồ sơ, thực địa, hiện trạng sử dụng đất",
                FIELD, f"{CHAIRMAN} ký Giấy chứng nhận, quyết định", R),
    "tranh chấp": ("Công chức địa chính cấp xã thẩm tra, xác minh; tổ chức hòa giải, họp tư vấn",
                   FIELD, f"{CHAIRMAN} ký biên bản hòa giải, quyết định giải quyết", R),
}
PROVINCE = {
    "Thành lập và hoạt động của doanh nghiệp": (
        "Phòng Đăng ký kinh doanh, Sở Tài chính xem xét tính hợp lệ của hồ sơ", FIELD,
        "Lãnh đạo Phòng Đăng ký kinh doanh cấp Giấy chứng nhận, thông báo", FIELD),
    "Hoạt động xây dựng": ("Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa", FIELD,
                           "Lãnh đạo Sở Xây dựng ký giấy phép xây dựng", FIELD),
}
# Decided by an agency outside the people's committees: field -> (agency, appraise, approve).
OUTSIDE = {
    "Đăng ký, quản lý cư trú": (
        POLICE, "Công an cấp xã thẩm định hồ sơ, cập nhật Cơ sở dữ liệu về cư trú",
        "Trưởng Công an cấp xã phê duyệt"),
    "Sát hạch, cấp giấy phép lái xe": (
        TRAFFIC_POLICE, "Phòng Cảnh sát giao thông kiểm tra hồ sơ, đối chiếu dữ liệu",
        "Lãnh đạo Phòng Cảnh sát giao thông ký giấy phép lái xe"),
    "Thực hiện chính sách BHXH": (
        SOCIAL_INSURANCE, "Cơ quan Bảo hiểm xã hội thẩm định hồ sơ, tính mức hưởng",
        "Lãnh đạo cơ quan Bảo hiểm xã hội ký quyết định hưởng"),
}
LAND_APPROVAL = f"Lãnh đạo {LAND_OFFICE} ký, xác nhận trên Giấy chứng nhận"
LAND_STEPS = [
    ("land", f"{LAND_OFFICE} kiểm tra hồ sơ, trích lục bản đồ địa chính, gửi thông tin "
             "xác định nghĩa vụ tài chính", LAND_OFFICE),
    ("tax", "Cơ quan thuế xác định, thông báo nghĩa vụ tài chính (nếu có)", TAX),
    ("land_back", f"{LAND_OFFICE} nhận kết quả từ cơ quan thuế, cập nhật hồ sơ địa chính, "
                  "in Giấy chứng nhận", LAND_OFFICE),
]
# (weight key, name, agency, the words of the procedure's name that call for the step)
BIRTH_STEPS = [
    ("residence", "Công an cấp xã đăng ký thường trú cho trẻ em", POLICE, "thường trú"),
    ("health_card", "Cơ quan Bảo hiểm xã hội cấp thẻ bảo hiểm y tế cho trẻ em", SOCIAL_INSURANCE,
     "bảo hiểm y tế"),
]
# fmt: on

Draft = list[tuple[str, BundledStep]]  # (weight key or step kind, step without allowance)


def step(
    kind: StepKind, name: str, performer: Performer, role: StepRole, ref: str = ""
) -> BundledStep:
    return BundledStep(name=name, kind=kind, performer=performer, role=role, performer_ref=ref)


def middle(p: Procedure, short: bool) -> Draft:
    """The steps between receive and return, each with the key of its weight."""
    commune = p.level == "commune"
    land = p.field == "Đất đai" and "tranh chấp" not in p.name
    if p.field in OUTSIDE:
        agency, appraise, approve = OUTSIDE[p.field]
        out: Draft = [("appraise", step(StepKind.APPRAISE, appraise, AGENCY, OFFICER, agency))]
        approval = step(StepKind.APPROVE, approve, AGENCY, HEAD, agency)
    elif land and not commune:  # the registration office appraises: no department round
        out = []
        approval = step(StepKind.APPROVE, LAND_APPROVAL, AGENCY, HEAD, LAND_OFFICE)
    else:
        key = p.field if land or p.field != "Đất đai" else "tranh chấp"
        table = COMMUNE if commune or key not in PROVINCE else PROVINCE
        appraise, by, approve, approver = table[key]
        out = [("appraise", step(StepKind.APPRAISE, appraise, by, OFFICER))]
        approval = step(StepKind.APPROVE, approve, approver, HEAD)
    if land:
        out += [(k, step(StepKind.INTER_AGENCY, n, AGENCY, OFFICER, a)) for k, n, a in LAND_STEPS]
    if short:
        return out
    out.append(("approve", approval))
    if p.name.startswith("Liên thông"):
        out += [
            (k, step(StepKind.INTER_AGENCY, n, AGENCY, OFFICER, a))
            for k, n, a, words in BIRTH_STEPS
            if words in p.name
        ]
    return out


def split(total: int, keys: list[str]) -> list[int]:
    """Hours for [receive, *middle, return] adding up to `total` (the module docstring's rule)."""
    days = total // HOURS_PER_DAY
    counter = min(4, days)
    approve = min(8, 2 * days) if "approve" in keys else 0
    work = [i for i, k in enumerate(keys) if k != "approve"]
    rest = total - 2 * counter - approve
    grain = 4 if total >= 5 * HOURS_PER_DAY else 1
    weights = [WEIGHT[keys[i]] for i in work]
    shares = [rest * w // sum(weights) // grain * grain for w in weights]
    shares[0] += rest - sum(shares)
    while 0 in shares and max(shares) > grain:
        shares[shares.index(max(shares))] -= grain
        shares[shares.index(0)] += grain
    hours = [approve] * len(keys)
    for i, share in zip(work, shares, strict=True):
        hours[i] = share
    return [counter, *hours, counter]


def process(p: Procedure) -> BundledProcess:
    legal = HOURS_PER_DAY if p.same_day else p.processing_hours
    short = legal is not None and legal < HOURS_PER_DAY
    draft = [("receive", step(StepKind.RECEIVE, RECEIVE, R, OFFICER))]
    draft += middle(p, short)
    draft.append(("return", step(StepKind.RETURN, RETURN, R, OFFICER)))
    steps = [s for _, s in draft]
    if legal is not None:
        hours = split(legal, [k for k, _ in draft[1:-1]])
        steps = [
            msgspec.structs.replace(s, allowance_hours=h) for s, h in zip(steps, hours, strict=True)
        ]
    return BundledProcess(
        code=p.code,
        effective_from=p.effective_from,
        steps=steps,
        legal_hours=legal,
        note=note(p, legal),
    )


def note(p: Procedure, legal: int | None) -> str:
    if p.same_day:
        cutoff = (
            f"; nhận sau {p.cutoff} thì trả kết quả ngày làm việc tiếp theo" if p.cutoff else ""
        )
        return f"Giải quyết trong ngày: 8 giờ làm việc{cutoff}."
    if legal is not None:
        days = f"{legal // HOURS_PER_DAY} ngày làm việc" if legal >= HOURS_PER_DAY else "trong ngày"
        hours = {c.working_hours for c in p.channels if c.working_hours is not None}
        online = " cho hồ sơ nộp trực tuyến" if len(hours) > 1 else ""
        return f"Tổng {legal} giờ làm việc ({days}): thời hạn công bố{online} ({p.time_text})."
    if p.time_text:
        return (
            f'Thời hạn công bố "{p.time_text}" không quy đổi được thành một số giờ làm việc: '
            "chưa ghi thời gian từng bước, tổng để mở."
        )
    return "Cổng Dịch vụ công quốc gia không công bố thời hạn: chưa ghi thời gian từng bước."


def check_against_facts(procedures: list[Procedure], facts: list[dict]) -> list[str]:
    """Every 'N Ngày làm việc' the portal publishes must be the catalog's legal time."""
    by_code, problems = {p.code: p for p in procedures}, []
    for rec in facts:
        days, found = rec.get("processing_days"), by_code.get(rec["code"].strip())
        if found is None:
            problems.append(f"{rec['code']} is in the facts but not in the catalog")
        elif days is not None and not found.same_day and found.processing_hours != 8 * days:
            problems.append(
                f"{rec['code']}: published {days} days, catalog {found.processing_hours} h"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Write the processes, prove each obeys core.process.rules, and that the file decodes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--catalog", type=Path, default=CATALOG)
    args = parser.parse_args(argv)
    catalog = msgspec.json.decode(args.catalog.read_bytes(), type=Catalog)
    facts = json.loads(args.facts.read_text(encoding="utf-8"))
    problems = check_against_facts(catalog.procedures, facts)
    if problems:
        sys.stderr.writelines(f"error: {line}\n" for line in problems)
        return 1
    latest = {p.code: p for p in sorted(catalog.procedures, key=lambda p: p.version)}
    processes = [process(p) for p in sorted(latest.values(), key=lambda p: p.code)]
    for built in processes:
        inputs = [
            StepInput(s.name, s.kind, s.performer, s.role, s.allowance_hours, s.performer_ref)
            for s in built.steps
        ]
        rules.check(inputs, legal_hours=built.legal_hours, unit_codes=())
    notes = (
        f"From {args.catalog.name} and {args.facts.name} by tools/build_processes.py: the steps "
        "are motcua's model of one-stop practice, the times are the published ones (see the "
        "script's docstring for the split)."
    )
    data = msgspec.json.encode(ProcessBundle(processes=processes, notes=notes))
    pretty = json.dumps(json.loads(data), indent=1, ensure_ascii=False) + "\n"
    msgspec.json.decode(pretty.encode("utf-8"), type=ProcessBundle)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(pretty, encoding="utf-8")
    print(f"wrote {len(processes)} processes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
