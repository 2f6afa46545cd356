"""A procedure's online form (tờ khai): raw answers in, validated JSON-ready values out.

`clean_fields` checks every field and raises one `InvalidInput` listing every problem, each
message in Vietnamese saying what to fix. Raw answers come in either shape:

- the API's JSON: strings, numbers and booleans; an address as {"province": .., "detail": ..};
- a web form: strings only (an unticked checkbox is absent); an address as the two keys
  "<name>.province" and "<name>.detail".

Error keys are the form field's name; an address reports "<name>.province" and
"<name>.detail" for its parts and "<name>" only when the value has the wrong shape. Keys that
are not in the form are refused by name ("Trường không có trong tờ khai"): nothing is dropped
silently. Fields of type "file" are skipped: documents are uploaded and checked separately.

Conventions (cleaned value in brackets; an empty optional field is None, a checkbox False):

- text [str]: Unicode NFC, runs of whitespace (tabs, newlines) become one space, trimmed;
  other control characters are refused; at most 500 characters (an address detail 300).
- number [int]: whole and ≥ 0; "1000", "1.000" and "1 000" are one thousand (the dot groups
  thousands, as Vietnamese writes it); a comma or a dot not grouping thousands is a decimal
  and is refused.
- date [ISO "YYYY-MM-DD"]: dd/mm/yyyy (also with "-" or ".", or 8 digits ddmmyyyy, as a
  numeric keypad types it) or ISO; a real calendar day in 1900–2100; a birth or death date
  (the name contains "birth" or "death") may not be after today.
- select [str]: one of the options (case-insensitive; the option's own spelling is kept).
- citizen_id [str]: 12 digits, the profile's rule; phone [str]: "+84…" by `normalise_phone`.
- checkbox [bool]: true/false, or from a form "on", "yes", "1", "true"; a required one must be
  ticked. address [{"province", "detail"}]: one of the 34 provinces plus free text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from core.catalog.model import FormField
from core.clock import VIETNAM
from core.dossiers.provinces import PROVINCES, merged_into, province_named
from core.errors import FieldError, InvalidInput
from core.identity.citizens import validated_profile
from core.identity.phone import EXAMPLE as PHONE_EXAMPLE
from core.identity.phone import normalise_phone
from core.text import fold

TEXT_MAX = 500
DETAIL_MAX = 300
NUMBER_MAX = 10**15
YEAR_MIN, YEAR_MAX = 1900, 2100
PROVINCE, DETAIL = "province", "detail"
_PARTS = (PROVINCE, DETAIL)
NOT_IN_FORM = "Trường không có trong tờ khai"
DATE_EXAMPLE = "25/12/2020"
OPTIONS_LISTED = 6  # name the options in the message when there are this few
_WHITESPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9]+")
_GROUPED = (re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+"), re.compile(r"[0-9]{1,3}(?: [0-9]{3})+"))
_DMY = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})|([0-9]{2})([0-9]{2})([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TICKED = {"on", "yes", "true", "1", "co", "x"}
_UNTICKED = {"", "off", "no", "false", "0", "khong"}
_FROM_PROFILE = {
    ("applicant_name", "text"): "full_name",
    ("citizen_id", "citizen_id"): "national_id",
    ("phone", "phone"): "phone",
    ("email", "text"): "email",
}


class _Wrong(Exception):
    """One problem with one field's value; `clean_fields` names the field."""


def clean_fields(
    fields: Sequence[FormField], raw: Mapping[str, object], *, today: dt.date | None = None
) -> dict[str, object]:
    """Every non-file field's cleaned value, or InvalidInput listing every problem at once.

    `today` (in Vietnam) bounds birth and death dates; services pass their clock's date.
    """
    today = today or dt.datetime.now(VIETNAM).date()
    cleaned: dict[str, object] = {}
    errors: list[FieldError] = []
    known: set[str] = set()
    for field in fields:
        known.update(_keys(field))
        if field.type == "file":
            continue
        try:
            if field.type == "address":
                cleaned[field.name] = _address(field, raw)
            else:
                cleaned[field.name] = _one(field, raw.get(field.name), today)
        except _Wrong as exc:
            errors.append(FieldError(field.name, str(exc)))
        except InvalidInput as exc:
            errors.extend(exc.errors)
    files = {f.name for f in fields if f.type == "file"}
    for key in raw:
        if key in files:
            errors.append(FieldError(key, "Tệp đính kèm nộp ở phần giấy tờ, không gửi ở tờ khai"))
        elif key not in known:
            errors.append(FieldError(key, NOT_IN_FORM))
    if errors:
        raise InvalidInput(f"Tờ khai có {len(errors)} chỗ cần sửa", errors)
    return cleaned


def display_value(field: FormField, value: object) -> str:
    """How a cleaned value reads on check-your-answers and the receipt ("" when not given)."""
    if field.type == "checkbox":
        return "Có" if value is True else "Không"
    if value is None:
        return ""
    if field.type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if field.type == "number" and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if field.type == "phone" and isinstance(value, str) and value.startswith("+84"):
        national = "0" + value.removeprefix("+84")
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    if field.type == "address" and isinstance(value, Mapping):
        return address_line(value)
    return str(value)


def address_line(value: Mapping[str, object]) -> str:
    """A cleaned address as one line: "detail, province"."""
    return ", ".join(str(value[k]) for k in (DETAIL, PROVINCE) if value.get(k))


def first_address(fields: Mapping[str, object]) -> str:
    """The first address in a dossier's cleaned form, as one line (receipts and forms print it)."""
    for value in fields.values():
        if isinstance(value, Mapping) and PROVINCE in value:
            return address_line(value)
    return ""


def form_values(fields: Sequence[FormField], cleaned: Mapping[str, object]) -> dict[str, str]:
    """Cleaned values back as the web form's raw strings (a saved draft, a "change" link)."""
    values: dict[str, str] = {}
    for field in fields:
        value = cleaned.get(field.name)
        if field.type == "address" and isinstance(value, Mapping):
            values[f"{field.name}.{PROVINCE}"] = str(value.get(PROVINCE) or "")
            values[f"{field.name}.{DETAIL}"] = str(value.get(DETAIL) or "")
        elif field.type == "checkbox":
            if value is True:
                values[field.name] = "yes"
        elif value is not None and field.type not in ("file", "address"):
            values[field.name] = display_value(field, value)
    return values


def prefill(fields: Sequence[FormField], citizen_profile: Mapping[str, object]) -> dict[str, str]:
    """Web-form values taken from the citizen's profile, for the applicant's own fields only.

    full_name → applicant_name, national_id → citizen_id, phone → phone, email → email and the
    profile address → the address field named "address" (its province too, when the address
    ends with one). Fields about someone else (spouse_citizen_id, child_name) stay empty.
    """
    values: dict[str, str] = {}
    for field in fields:
        source = _FROM_PROFILE.get((field.name, field.type))
        value = citizen_profile.get(source) if source else None
        if isinstance(value, str) and value:
            values[field.name] = display_value(field, value)
        address = citizen_profile.get("address")
        if field.type == "address" and field.name == "address" and isinstance(address, str):
            values.update(_split_address(field.name, address))
    return values


def _one(field: FormField, value: object, today: dt.date) -> object:
    if field.type == "checkbox":
        return _checkbox(field, value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if field.required:
            raise _Wrong(_required(field))
        return None
    parse = _PARSERS.get(field.type, _text)
    return parse(field, value, today)


def _text(field: FormField, value: object, _today: dt.date) -> str:
    return _string(field.label, value, TEXT_MAX)


def _number(field: FormField, value: object, _today: dt.date) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Wrong(f"{field.label} phải là một số, ví dụ 1.000")
    if isinstance(value, str):
        text = _string(field.label, value, TEXT_MAX)
        if _DIGITS.fullmatch(text) or any(p.fullmatch(text) for p in _GROUPED):
            value = int(re.sub(r"[^0-9]", "", text))
        elif re.fullmatch(r"- ?[0-9][0-9., ]*", text):
            raise _Wrong(f"{field.label} không được là số âm")
        elif re.fullmatch(r"[0-9][0-9., ]*", text):
            raise _Wrong(
                f"{field.label} phải là số nguyên, không có phần lẻ; dấu chấm chỉ dùng để "
                "ngăn cách hàng nghìn, ví dụ 1.000"
            )
        else:
            raise _Wrong(f"{field.label} chỉ gồm chữ số, ví dụ 1000 hoặc 1.000")
    if isinstance(value, float):
        if not value.is_integer():
            raise _Wrong(f"{field.label} phải là số nguyên, không có phần lẻ")
        value = int(value)
    if value < 0:
        raise _Wrong(f"{field.label} không được là số âm")
    if value > NUMBER_MAX:
        raise _Wrong(f"{field.label} quá lớn; kiểm tra lại số đã nhập")
    return value


def _date(field: FormField, value: object, today: dt.date) -> str:
    text = re.sub(r"\s", "", _string(field.label, value, TEXT_MAX))
    iso = _ISO.fullmatch(text)
    dmy = _DMY.fullmatch(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dmy:
        day, month, year = (int(part) for part in dmy.groups() if part is not None)
    else:
        raise _Wrong(f"{field.label} phải theo dạng ngày/tháng/năm, ví dụ {DATE_EXAMPLE}")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise _Wrong(f"{field.label} phải có năm từ {YEAR_MIN} đến {YEAR_MAX}")
    if not 1 <= month <= 12:
        raise _Wrong(f"{field.label} không có thật: tháng phải từ 1 đến 12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _Wrong(
            f"{field.label} không có thật: tháng {month}/{year} chỉ có ngày 1 đến ngày {last}"
        )
    date = dt.date(year, month, day)
    if _past_only(field) and date > today:
        raise _Wrong(f"{field.label} không được sau hôm nay ({today:%d/%m/%Y})")
    return date.isoformat()


def _select(field: FormField, value: object, _today: dt.date) -> str:
    text = _string(field.label, value, TEXT_MAX)
    for option in field.options:
        if unicodedata.normalize("NFC", option).casefold() == text.casefold():
            return option
    if len(field.options) <= OPTIONS_LISTED:
        raise _Wrong(f"Chọn {_lower(field.label)} là một trong: {', '.join(field.options)}")
    raise _Wrong(f"Chọn {_lower(field.label)} trong danh sách")


def _citizen_id(field: FormField, value: object, _today: dt.date) -> str:
    if not isinstance(value, str):
        raise _Wrong(f"{field.label} gửi dạng chuỗi 12 chữ số, để giữ các số 0 ở đầu")
    try:  # the profile's rule, so a dossier and a profile accept the same numbers
        number = validated_profile(full_name="-", national_id=value, address="", email="")
    except InvalidInput:
        number = {}
    found = number.get("national_id")
    if not found:
        raise _Wrong(f"{field.label} gồm đúng 12 chữ số")
    return found


def _phone(field: FormField, value: object, _today: dt.date) -> str:
    try:
        return normalise_phone(_string(field.label, value, TEXT_MAX), field.name)
    except InvalidInput:
        raise _Wrong(
            f"{field.label} phải là số di động Việt Nam gồm 10 chữ số, ví dụ {PHONE_EXAMPLE}"
        ) from None


_PARSERS: dict[str, Callable[[FormField, object, dt.date], object]] = {
    "text": _text,
    "number": _number,
    "date": _date,
    "select": _select,
    "citizen_id": _citizen_id,
    "phone": _phone,
}


def _checkbox(field: FormField, value: object) -> bool:
    if value is None:
        ticked = False
    elif isinstance(value, bool) or value in (0, 1):
        ticked = bool(value)
    elif isinstance(value, str) and fold(value) in _TICKED | _UNTICKED:
        ticked = fold(value) in _TICKED
    else:
        raise _Wrong(f"{field.label}: chỉ nhận có hoặc không (true hoặc false)")
    if field.required and not ticked:
        raise _Wrong(_required(field))
    return ticked


def _address(field: FormField, raw: Mapping[str, object]) -> dict[str, str] | None:
    name, label = field.name, _lower(field.label)
    whole = raw.get(name)
    errors: list[FieldError] = []
    if whole is None:
        province, detail = raw.get(f"{name}.{PROVINCE}"), raw.get(f"{name}.{DETAIL}")
    elif any(f"{name}.{part}" in raw for part in (PROVINCE, DETAIL)):
        raise _Wrong(f"{field.label} gửi một lần: hoặc {name}, hoặc {name}.{PROVINCE}/{DETAIL}")
    elif not isinstance(whole, Mapping):
        raise _Wrong(
            f"{field.label} gồm hai phần: {PROVINCE} (tỉnh, thành phố) và "
            f"{DETAIL} (xã, phường, số nhà, đường)"
        )
    else:
        province, detail = whole.get(PROVINCE), whole.get(DETAIL)
        errors += [FieldError(f"{name}.{k}", NOT_IN_FORM) for k in whole if k not in _PARTS]
    if _blank(province) and _blank(detail) and not field.required:
        if errors:
            raise InvalidInput("", errors)
        return None
    cleaned: dict[str, str] = {}
    for part, check in ((PROVINCE, _province), (DETAIL, _detail)):
        try:
            cleaned[part] = check(label, province if part == PROVINCE else detail)
        except _Wrong as exc:
            errors.append(FieldError(f"{name}.{part}", str(exc)))
    if errors:
        raise InvalidInput("", errors)
    return cleaned


def _province(label: str, value: object) -> str:
    text = "" if _blank(value) else _string("Tỉnh, thành phố", value, TEXT_MAX)
    if not text:
        raise _Wrong(f"Chọn tỉnh, thành phố của {label}")
    found = province_named(text)
    if found:
        return found
    new = merged_into(text)
    if new:
        raise _Wrong(f"Từ 01/07/2025 {text} đã nhập vào {new}: chọn {new}")
    raise _Wrong(
        f"Chọn tỉnh, thành phố của {label} trong danh sách {len(PROVINCES)} tỉnh, thành phố"
    )


def _detail(label: str, value: object) -> str:
    text = "" if _blank(value) else _string("Xã, phường, số nhà, đường", value, DETAIL_MAX)
    if not text:
        raise _Wrong(f"Nhập xã, phường, số nhà, đường của {label}")
    return text


def _string(label: str, value: object, limit: int) -> str:
    """NFC, single-spaced and trimmed; control characters and over-long text refused."""
    if not isinstance(value, str):
        raise _Wrong(f"{label} phải gửi dạng chuỗi ký tự")
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise _Wrong(f"{label} có ký tự điều khiển không hiển thị được; hãy xóa rồi gõ lại")
    if len(text) > limit:
        raise _Wrong(f"{label} chỉ được tối đa {limit} ký tự, hiện có {len(text)}; hãy rút gọn")
    return text


def _required(field: FormField) -> str:
    if field.type == "checkbox":
        return f"Đánh dấu vào ô “{field.label}” để tiếp tục"
    verb = "Chọn" if field.type == "select" else "Nhập"
    return f"{verb} {_lower(field.label)}"


def _lower(label: str) -> str:
    """'Số định danh cá nhân' → 'số định danh cá nhân'; acronyms ('UBND xã') stay as written."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def _past_only(field: FormField) -> bool:
    """Birth and death dates cannot be in the future; the bundled names say which they are."""
    return "birth" in field.name or "death" in field.name


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _keys(field: FormField) -> tuple[str, ...]:
    if field.type == "address":
        return field.name, f"{field.name}.{PROVINCE}", f"{field.name}.{DETAIL}"
    return (field.name,)


def _split_address(name: str, address: str) -> dict[str, str]:
    """'12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh' → its province and the rest as detail."""
    head, _, tail = address.rpartition(",")
    province = province_named(tail) if head else None
    if province:
        return {f"{name}.{PROVINCE}": province, f"{name}.{DETAIL}": head.strip()}
    return {f"{name}.{DETAIL}": address.strip()}
