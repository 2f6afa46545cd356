"""Build core/catalog/data/procedures.json from facts published on dichvucong.gov.vn.

Usage: python tools/build_catalog.py FACTS.json OUT.json [--extra tools/extra-facts.json]
It never makes up a code, time or fee: ambiguous text (bare numbers, calendar days, fees varying
by case) is kept and the machine value left empty, so no guess passes for law. Form fields are
motcua's own design, not facts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

import msgspec

from core.catalog import model
from core.catalog.model import Catalog, Channel, Document, FeeRule, FormField, Procedure

# fmt: off
# Decree 118/2025 and the two-tier local government took effect this day; the crawl postdates it.
EFFECTIVE_FROM = dt.date(2025, 7, 1)
LEVELS = dict(zip(("Cấp xã", "Cấp tỉnh", "Cấp bộ", "Cơ quan khác"), model.LEVEL_ORDER, strict=True))
CHANNELS = {"Trực tiếp": "counter", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
# Headings that name a list (what to hand in or show), not a case (trường hợp) of the procedure.
CERT = "Người yêu cầu chứng thực "
SUBMIT_HEADINGS = {"Giấy tờ phải nộp", "Thành phần hồ sơ",
                   CERT + "nộp 01 (một) bộ hồ sơ yêu cầu chứng thực, gồm các giấy tờ sau đây"}
PRESENT_HEADINGS = {"Giấy tờ phải xuất trình", CERT + "phải xuất trình các giấy tờ sau"}
NOTE_HEADING = "Lưu ý"
# A zero-quantity item opening like this is an explanation printed in the table, not a paper.
NOTE_OPENINGS = ("Trường hợp", "(Trường hợp", "Lưu ý", "Ví dụ", "Người ", "Đối với")
# The published wording of the same-day rule with a 15:00 cut-off (hộ tịch procedures).
SAME_DAY_RE = re.compile(r"tiếp nhận hồ sơ sau 15 giờ thì .*trong ngày làm việc tiếp theo")
CHANNEL_TIME_RE = re.compile(r"(Trực tuyến|Dịch vụ bưu chính|Trực tiếp):\s*([^;]+)")
PAGE_TIERS_RE = re.compile(r"(([\d.]+) đồng/trang); (từ trang thứ (\d+) trở lên thu ([\d.]+) "
                           r"đồng/trang, tối đa thu không quá ([\d.]+) đồng/bản)")
LEAD_AMOUNT_RE = re.compile(r"([\d.,]+) (?:Việt Nam Đồng|VNĐ)\(")
UNIT_RE = re.compile(r"\(/([^)]+)\)|([\d.]+) ?(?:đồng|đ)/([^.;()]+)")
MAX_TEXT, MAX_COUNT = 20_000, 100
# Procedure field <- published key, copied as text.
VERBATIM = {k: k for k in ("agency", "target_group", "conditions", "result", "decision_no",
                           "source", "fee_text")} | {"time_text": "processing_time_text"}
# fmt: on


def text(value: object) -> str | None:
    """NFC text (some cells come decomposed, which breaks matching), None for an empty cell; an
    object such as a structured `source` is joined into one string so nothing is lost."""
    if isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    value = "" if value is None else unicodedata.normalize("NFC", str(value)).strip()
    return value[:MAX_TEXT] or None


def money(digits: str) -> int:
    """Vietnamese pages write 2.000 or 2,000 for two thousand đồng."""
    return int(re.sub(r"[.,]", "", digits))


def levels(published: str) -> list[model.Level]:
    """'Cấp bộ, Cấp tỉnh' -> ['province', 'ministry']: lowest level first, like LEVEL_ORDER."""
    found = {LEVELS[p.strip()] for p in published.split(",")}
    return [level for level in model.LEVEL_ORDER if level in found]


def working_hours(value: str) -> int | None:
    """Only explicit working units convert; calendar 'Ngày' and bare numbers cannot, honestly."""
    if m := re.fullmatch(r"(\d+) Ngày làm việc", value.strip()):
        return 8 * int(m.group(1))
    if m := re.fullmatch(r"(\d+) (?:Giờ|giờ làm việc)", value.strip()):
        return int(m.group(1))
    return None


def channels(rec: dict) -> list[Channel]:
    """One Channel per published way to submit, with its own part of a time text such as
    'Trực tuyến: 8 Ngày làm việc; Trực tiếp: ...' or else the whole text; two parts (two cases)
    mean no hours. The fee text is shared: its ' | ' parts are the page's distinct fee rows
    (deduplicated), not one per channel, so assigning them would be a guess."""
    published = {CHANNELS[c] for c in rec.get("channels") or []}
    time_text, fee_text = text(rec.get("processing_time_text")), text(rec.get("fee_text"))
    labelled = CHANNEL_TIME_RE.findall(time_text or "")
    out = []
    for kind in (k for k in CHANNELS.values() if k in published):
        parts = list(dict.fromkeys(v.strip() for label, v in labelled if CHANNELS[label] == kind))
        parts = parts if labelled else [time_text] if time_text else []
        hours = working_hours(parts[0]) if len(parts) == 1 else None
        out.append(Channel(kind, hours, text("; ".join(parts)), fee_text))
    return out


def fee_rules(fee_text: str | None) -> list[FeeRule]:
    """Machine-readable fees only where the text states one clear structure; otherwise none."""
    if m := PAGE_TIERS_RE.search(fee_text or ""):
        tiers = [(m.group(2), m.group(1), 1), (m.group(5), m.group(3), int(m.group(4)))]
        return [
            FeeRule("per_page", money(amount), label, from_unit=first, cap_vnd=money(m.group(6)))
            for amount, label, first in tiers
        ]
    found = set()
    for part in (fee_text or "").split(" | "):
        if "USD" in part.split("(")[0]:
            continue  # charged abroad in dollars; the text keeps it
        lead, unit = LEAD_AMOUNT_RE.match(part), UNIT_RE.search(part)
        if not lead or not unit:
            return []  # free, set by the province, or prose: nothing to compute
        amount = money(lead.group(1))
        if unit.group(2) and money(unit.group(2)) != amount:
            return []  # the cell and its description disagree: a typo on the page
        found.add((amount, (unit.group(1) or unit.group(3)).strip()))
    if len(found) != 1:
        return []  # amounts that differ by case or channel
    amount, unit = found.pop()
    kind = "per_page" if unit == "trang" else "per_copy" if unit in ("bản", "bản sao") else "fixed"
    label = f"{amount:,} đồng/{unit}".replace(",", ".")
    return [FeeRule(kind=kind, amount_vnd=amount, label=label)]


def document_kind(name: str, group: str | None, originals: int, copies: int) -> str:
    """A note shows two of three signs: reads as an explanation, has no quantity, sits under
    'Lưu ý' (where the crawl also filed some forms); present: shown, not handed in."""
    explains = name.startswith(NOTE_OPENINGS) and not name.endswith(":")
    if sum((explains, originals == copies == 0, group == NOTE_HEADING)) >= 2:
        return "note"
    if group in PRESENT_HEADINGS or name.startswith("Xuất trình"):
        return "present"
    return "submit"


def documents(rec: dict, warnings: list[str]) -> list[Document]:
    """Dossier components grouped by case, whitespace-normalised, exact duplicates dropped.
    A count over 100 is a crawl error and becomes 0, which the facts use for 'not stated'."""
    out: list[Document] = []
    for item in rec.get("documents") or []:
        name = text(re.sub(r"[ \t]+", " ", item.get("name") or ""))
        if not name:
            continue
        group, where = text(item.get("group")), f"{rec['code']} '{name[:40]}'"
        originals, copies = int(item.get("original") or 0), int(item.get("copy") or 0)
        if max(originals, copies) > MAX_COUNT:  # crawl error: a form number glued to the count
            warnings.append(f"{where}: count {originals}/{copies} is no quantity, stored as 0")
            originals, copies = (n if n <= MAX_COUNT else 0 for n in (originals, copies))
        is_case = group not in SUBMIT_HEADINGS | PRESENT_HEADINGS | {NOTE_HEADING, None}
        kind, case = document_kind(name, group, originals, copies), group if is_case else None
        doc = Document(name, kind, case, originals, copies, text(item.get("form")))
        if doc not in out:
            out.append(doc)
    return out


def field(name: str, label: str, type_: str = "text", required: bool = True, options=()):
    """Shorthand so the form tables below stay readable."""
    return FormField(name=name, label=label, type=type_, required=required, options=list(options))


# fmt: off
BASE_FORM = [field("applicant_name", "Họ, chữ đệm và tên người yêu cầu"),
             field("citizen_id", "Số định danh cá nhân", "citizen_id"),
             field("phone", "Số điện thoại", "phone"), field("address", "Nơi cư trú", "address"),
             field("email", "Thư điện tử", required=False)]
# Licence classes as listed in the published fee text of 3.000346.
LICENCE_CLASSES = ["A1", "A", "B1", "B", "C1", "C", "D1", "D2", "D", "BE", "C1E", "CE", "D1E",
                   "D2E", "DE"]
CHANGES = r"điều chỉnh|gia hạn|cấp lại|cấp đổi|đổi giấy"
LAND_PARCEL = field("land_parcel", "Số tờ, số thửa đất")
# (regex on the lower-cased field, regex on the lower-cased name, fields to add); "" is any:
# the online form is motcua's design, so it asks only what the procedure obviously needs.
FORM_RULES = [
    ("", r"^(?!.*bản sao).*khai sinh", [
        field("child_name", "Họ, chữ đệm và tên người được khai sinh"),
        field("child_birth_date", "Ngày, tháng, năm sinh", "date"),
        field("child_sex", "Giới tính", "select", options=("Nam", "Nữ")),
        field("birth_place", "Nơi sinh")]),
    ("", r"kết hôn", [
        field("spouse_name", "Họ, chữ đệm và tên vợ/chồng"),
        field("spouse_citizen_id", "Số định danh cá nhân của vợ/chồng", "citizen_id"),
        field("spouse_birth_date", "Ngày, tháng, năm sinh của vợ/chồng", "date")]),
    ("", r"khai tử|mai táng", [
        field("deceased_name", "Họ, chữ đệm và tên người đã chết"),
        field("death_date", "Ngày, tháng, năm chết", "date"), field("death_place", "Nơi chết")]),
    ("", r"con nuôi", [
        field("adoptee_name", "Họ, chữ đệm và tên người được nhận làm con nuôi"),
        field("adoptee_birth_date", "Ngày, tháng, năm sinh người được nhận làm con nuôi", "date")]),
    ("", r"bản sao|trích lục", [field("copies", "Số bản sao", "number")]),
    (r"hộ kinh doanh", "", [
        field("business_name", "Tên hộ kinh doanh"),
        field("business_address", "Địa điểm kinh doanh")]),
    (r"hộ kinh doanh", r"thành lập", [
        field("business_line", "Ngành, nghề kinh doanh"),
        field("capital_vnd", "Vốn kinh doanh (đồng)", "number")]),
    (r"của doanh nghiệp", "", [field("enterprise_name", "Tên doanh nghiệp")]),
    (r"của doanh nghiệp", r"^(?!.*thành lập)", [field("enterprise_code", "Mã số doanh nghiệp")]),
    (r"xây dựng", "", [field("site_address", "Địa điểm xây dựng"), LAND_PARCEL]),
    (r"xây dựng", CHANGES, [field("permit_no", "Số giấy phép xây dựng đã được cấp")]),
    (r"đất đai", "", [LAND_PARCEL,
                      field("land_area", "Diện tích (m²)", "number", required=False)]),
    (r"cư trú", "", [field("request_content", "Nội dung đề nghị")]),
    (r"lái xe", "", [
        field("licence_class", "Hạng giấy phép lái xe", "select", options=LICENCE_CLASSES)]),
    (r"lái xe", CHANGES + r"|quốc tế", [field("licence_no", "Số giấy phép lái xe")]),
    (r"bhxh|bảo hiểm xã hội", "", [field("social_insurance_no", "Mã số bảo hiểm xã hội")]),
]
# fmt: on


def form_fields(rec: dict, rules: list[FeeRule]) -> list[FormField]:
    """The base applicant fields, then the procedure's own, without repeating a field name. A
    parenthesised list in a name offers alternatives, so it adds no fields of its own."""
    proc_field, name = rec["field"].lower(), re.sub(r"\(.*?\)", "", rec["name"]).lower()
    extra = []
    for field_re, name_re, fields in FORM_RULES:
        if re.search(field_re, proc_field) and re.search(name_re, name):
            extra += fields
    if any(r.kind == "per_page" for r in rules):
        extra.append(field("pages", "Số trang của bản chính", "number"))
    unique: dict[str, FormField] = {}
    for f in BASE_FORM + extra:
        unique.setdefault(f.name, f)
    return list(unique.values())


def timing(rec: dict, chans: list[Channel]) -> dict:
    """processing_hours from the online channel, else the counter; same-day only when the
    record's own steps state the 15:00 cut-off, with one working day as the legal maximum."""
    if any(SAME_DAY_RE.search(step) for step in rec.get("steps") or []):
        return {"processing_hours": 8, "same_day": True, "cutoff": "15:00"}
    hours = {c.kind: c.working_hours for c in chans if c.working_hours is not None}
    return {"processing_hours": hours.get("online", hours.get("counter")), "same_day": False}


def procedure(rec: dict, warnings: list[str]) -> Procedure:
    """One facts record -> one Procedure (version 1), every published value kept verbatim."""
    chans, rules = channels(rec), fee_rules(text(rec.get("fee_text")))
    name = re.sub(r"^Thủ tục\s+", "", rec["name"].strip())
    return Procedure(
        code=rec["code"].strip(),
        name=name[:1].upper() + name[1:],
        field=rec["field"].strip(),
        levels=levels(rec["level"]),
        effective_from=EFFECTIVE_FROM,
        version=1,
        online_level="partial" if any(c.kind == "online" for c in chans) else "none",
        channels=chans,
        documents=documents(rec, warnings),
        form_fields=form_fields(rec, rules),
        fee_vnd=rec.get("fee_vnd"),
        fee_rules=rules,
        steps=[t for t in map(text, rec.get("steps") or []) if t],
        legal_basis=[t for t in map(text, rec.get("legal_basis") or []) if t],
        **{key: text(rec.get(published)) for key, published in VERBATIM.items()},
        **timing(rec, chans),
    )


def load(paths: list[Path], warnings: list[str]) -> list[Procedure]:
    """Main facts first, then extras; each record validated alone so one bad record is reported
    and dropped, not fatal. A code already present keeps its first record."""
    by_code: dict[str, Procedure] = {}
    for path in paths:
        for rec in json.loads(path.read_text(encoding="utf-8")):
            try:
                data = msgspec.json.encode(procedure(rec, warnings))
                proc = msgspec.json.decode(data, type=Procedure)
            except (KeyError, ValueError, msgspec.ValidationError) as exc:
                warnings.append(f"dropped {rec.get('code')} from {path.name}: {exc!r}")
                continue
            if proc.code in by_code:
                warnings.append(f"dropped duplicate {proc.code} from {path.name}")
            by_code.setdefault(proc.code, proc)
    return sorted(by_code.values(), key=lambda p: p.code)


def main(argv: list[str] | None = None) -> int:
    """Write the catalog pretty-printed with readable Vietnamese, then prove it decodes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--extra", type=Path, action="append", default=[], help="more facts")
    args, warnings = parser.parse_args(argv), []
    inputs = [args.facts, *args.extra]
    procedures = load(inputs, warnings)
    notes = f"From {', '.join(p.name for p in inputs)} by tools/build_catalog.py; see each source."
    data = msgspec.json.encode(Catalog(procedures=procedures, notes=notes))
    pretty = json.dumps(json.loads(data), indent=1, ensure_ascii=False) + "\n"
    msgspec.json.decode(pretty.encode("utf-8"), type=Catalog)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(pretty, encoding="utf-8")
    sys.stderr.writelines(f"warning: {line}\n" for line in warnings)
    print(f"wrote {len(procedures)} procedures to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
