"""A procedure's form fields: raw answers from the API or a web form become validated values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources

import pytest

from core.catalog import transfer
from core.catalog.model import FieldType, FormField, Procedure
from core.dossiers import provinces
from core.dossiers.fields import (
    NOT_IN_FORM,
    clean_fields,
    display_value,
    form_values,
    prefill,
)
from core.errors import InvalidInput

TODAY = dt.date(2026, 3, 2)
PROFILE = {
    "full_name": "Nguyễn Văn An",
    "national_id": "038090001234",
    "phone": "+84912345678",
    "address": "Thôn 3, xã Đông Sơn, Thanh Hóa",
    "email": "an@example.vn",
}


def make_field(
    *,
    name: str = "applicant_name",
    label: str = "Họ, chữ đệm và tên người yêu cầu",
    type: FieldType = "text",
    required: bool = True,
    options: tuple[str, ...] = (),
) -> FormField:
    return FormField(name=name, label=label, type=type, required=required, options=list(options))


SEX = make_field(name="child_sex", label="Giới tính", type="select", options=("Nam", "Nữ"))
BIRTH = make_field(name="child_birth_date", label="Ngày, tháng, năm sinh", type="date")
AREA = make_field(name="land_area", label="Diện tích (m²)", type="number")
CITIZEN_ID = make_field(name="citizen_id", label="Số định danh cá nhân", type="citizen_id")
PHONE = make_field(name="phone", label="Số điện thoại", type="phone")
ADDRESS = make_field(name="address", label="Nơi cư trú", type="address")
PLEDGE = make_field(name="pledge", label="Tôi cam đoan nội dung trên là đúng", type="checkbox")


def clean(field: FormField, value: object) -> object:
    """The one field's cleaned value."""
    return clean_fields([field], {field.name: value}, today=TODAY)[field.name]


def problems(fields: list[FormField], raw: Mapping[str, object]) -> dict[str, str]:
    """Every error key and message clean_fields reports."""
    with pytest.raises(InvalidInput) as caught:
        clean_fields(fields, raw, today=TODAY)
    return {e.field: e.message for e in caught.value.errors}


def bundled() -> list[Procedure]:
    data = resources.files("core.catalog.data").joinpath("procedures.json").read_bytes()
    return transfer.decode(data, "json").procedures


# text


def test_text_is_trimmed_single_spaced_and_nfc() -> None:
    """Tabs, newlines and runs of spaces become one space; decomposed letters are composed."""
    decomposed = "Nguye\u0302\u0303n"
    assert clean(make_field(), f"  {decomposed}\t Văn\n An ") == "Nguyễn Văn An"


def test_missing_required_text_says_what_to_enter() -> None:
    """The message is "Nhập" and the label, lower-cased."""
    assert problems([make_field()], {}) == {
        "applicant_name": "Nhập họ, chữ đệm và tên người yêu cầu"
    }


def test_blank_optional_field_is_none() -> None:
    """An optional field left empty is None, not an empty string."""
    assert clean(make_field(required=False), "   ") is None


def test_label_starting_with_an_acronym_keeps_its_case() -> None:
    """'UBND' stays upper case in "Nhập ..."."""
    field = make_field(name="office", label="UBND xã nơi cư trú")
    assert problems([field], {}) == {"office": "Nhập UBND xã nơi cư trú"}


def test_text_over_500_characters_is_refused() -> None:
    """500 characters pass; 501 are refused with the count."""
    assert clean(make_field(), "a" * 500) == "a" * 500
    assert (
        "tối đa 500 ký tự, hiện có 501"
        in problems([make_field()], {"applicant_name": "a" * 501})["applicant_name"]
    )


def test_control_characters_are_refused() -> None:
    """A NUL or escape character is not text a person typed."""
    message = problems([make_field()], {"applicant_name": "An\x00"})["applicant_name"]
    assert "ký tự điều khiển" in message


def test_text_must_be_a_string() -> None:
    """A JSON number for a text field is refused, not coerced."""
    assert "chuỗi ký tự" in problems([make_field()], {"applicant_name": 12})["applicant_name"]


# number


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1000", 1000), ("1.000", 1000), ("1 000 000", 1_000_000), ("0", 0), (42, 42), (7.0, 7)],
)
def test_numbers_accept_vietnamese_thousands_dots(raw: object, value: int) -> None:
    """Digits, dot- or space-grouped thousands and JSON integers are whole numbers."""
    assert clean(AREA, raw) == value


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("1,5", "số nguyên"),
        ("1.5", "số nguyên"),
        ("10.00", "số nguyên"),
        (1.5, "số nguyên"),
        ("-3", "không được là số âm"),
        (-3, "không được là số âm"),
        ("120 m2", "chỉ gồm chữ số"),
        (True, "phải là một số"),
        (10**16, "quá lớn"),
    ],
)
def test_bad_numbers_say_what_to_type(raw: object, fragment: str) -> None:
    """Decimals, negatives, units, booleans and absurd sizes are refused with the reason."""
    assert fragment in problems([AREA], {"land_area": raw})["land_area"]


# date


@pytest.mark.parametrize(
    "raw", ["25/12/2020", "25-12-2020", "25.12.2020", "25 / 12 / 2020", "25122020", "2020-12-25"]
)
def test_dates_are_read_day_first_or_iso(raw: str) -> None:
    """dd/mm/yyyy with any separator, 8 digits from a keypad, or ISO, all become ISO."""
    assert clean(BIRTH, raw) == "2020-12-25"


def test_single_digit_day_and_month_are_accepted() -> None:
    """5/1/2020 is the fifth of January."""
    assert clean(BIRTH, "5/1/2020") == "2020-01-05"


@pytest.mark.parametrize("raw", ["12/2020", "2020/12/25", "25/12/20", "hôm qua"])
def test_unreadable_date_shows_the_format(raw: str) -> None:
    """The message gives the format and an example."""
    assert problems([BIRTH], {"child_birth_date": raw}) == {
        "child_birth_date": "Ngày, tháng, năm sinh phải theo dạng ngày/tháng/năm, ví dụ 25/12/2020"
    }


def test_impossible_day_names_the_month_length() -> None:
    """31/02/2026 does not exist: February 2026 has 28 days."""
    message = problems([BIRTH], {"child_birth_date": "31/02/2026"})["child_birth_date"]
    assert message.endswith("tháng 2/2026 chỉ có ngày 1 đến ngày 28")


def test_month_13_is_refused() -> None:
    """Month must be 1–12 (a month-first date typed by mistake)."""
    message = problems([BIRTH], {"child_birth_date": "12/13/2020"})["child_birth_date"]
    assert "tháng phải từ 1 đến 12" in message


def test_years_before_1900_are_refused() -> None:
    """1899 is outside 1900–2100."""
    message = problems([BIRTH], {"child_birth_date": "01/01/1899"})["child_birth_date"]
    assert "từ 1900 đến 2100" in message


def test_birth_date_after_today_is_refused() -> None:
    """Tomorrow cannot be a birth date; today can."""
    assert clean(BIRTH, "02/03/2026") == "2026-03-02"
    message = problems([BIRTH], {"child_birth_date": "03/03/2026"})["child_birth_date"]
    assert message == "Ngày, tháng, năm sinh không được sau hôm nay (02/03/2026)"


def test_other_dates_may_be_in_the_future() -> None:
    """Only birth and death dates are bounded by today."""
    field = make_field(name="wedding_date", label="Ngày dự kiến", type="date")
    assert clean(field, "01/01/2027") == "2027-01-01"


# select


def test_select_keeps_the_options_spelling() -> None:
    """'nữ' matches the option 'Nữ', which is what is stored."""
    assert clean(SEX, "nữ") == "Nữ"


def test_select_outside_the_options_lists_them() -> None:
    """A short option list is named in the message."""
    assert problems([SEX], {"child_sex": "Khác"}) == {
        "child_sex": "Chọn giới tính là một trong: Nam, Nữ"
    }


def test_missing_select_says_choose() -> None:
    """A required select asks to "Chọn", not "Nhập"."""
    assert problems([SEX], {"child_sex": ""}) == {"child_sex": "Chọn giới tính"}


# citizen ID and phone


def test_citizen_id_drops_spaces_and_keeps_leading_zeros() -> None:
    """'001 234 567 890' is the 12 digits 001234567890."""
    assert clean(CITIZEN_ID, "001 234 567 890") == "001234567890"


@pytest.mark.parametrize("raw", ["12345", "0012345678901", "00123456789a"])
def test_citizen_id_needs_exactly_12_digits(raw: str) -> None:
    """Anything but 12 digits gets the same plain message."""
    assert problems([CITIZEN_ID], {"citizen_id": raw}) == {
        "citizen_id": "Số định danh cá nhân gồm đúng 12 chữ số"
    }


def test_citizen_id_as_json_number_is_refused() -> None:
    """A number would lose the leading zeros of the province code."""
    assert "chuỗi 12 chữ số" in problems([CITIZEN_ID], {"citizen_id": 1234567890})["citizen_id"]


def test_phone_becomes_e164() -> None:
    """The existing normaliser gives +84 and nine digits."""
    assert clean(PHONE, "0912 345 678") == "+84912345678"


def test_landline_is_refused_in_vietnamese() -> None:
    """The message asks for a 10-digit mobile number with an example."""
    assert problems([PHONE], {"phone": "024 3825 1234"}) == {
        "phone": "Số điện thoại phải là số di động Việt Nam gồm 10 chữ số, ví dụ 0912 345 678"
    }


# checkbox


@pytest.mark.parametrize(("raw", "ticked"), [("on", True), ("yes", True), (True, True)])
def test_ticked_checkbox_is_true(raw: object, ticked: bool) -> None:
    """A browser's "on", a form's "yes" and JSON true all tick it."""
    assert clean(PLEDGE, raw) is ticked


def test_unticked_optional_checkbox_is_false() -> None:
    """An absent optional checkbox (what a browser sends) is False."""
    field = make_field(name="sms", label="Nhận tin nhắn", type="checkbox", required=False)
    assert clean_fields([field], {}, today=TODAY) == {"sms": False}


def test_required_checkbox_must_be_ticked() -> None:
    """A required checkbox left empty asks to tick it."""
    assert problems([PLEDGE], {"pledge": False}) == {
        "pledge": "Đánh dấu vào ô “Tôi cam đoan nội dung trên là đúng” để tiếp tục"
    }


def test_checkbox_refuses_other_values() -> None:
    """'maybe' is neither ticked nor unticked."""
    assert "true hoặc false" in problems([PLEDGE], {"pledge": "maybe"})["pledge"]


# address


def test_address_from_json_object() -> None:
    """The API sends {"province", "detail"}; the province is matched to its list name."""
    value = {"province": "TP. Hồ Chí Minh", "detail": " 12 Lê Lợi,  phường Sài Gòn "}
    assert clean(ADDRESS, value) == {
        "province": "Thành phố Hồ Chí Minh",
        "detail": "12 Lê Lợi, phường Sài Gòn",
    }


def test_address_from_web_form_keys() -> None:
    """A web form sends address.province and address.detail; the result is the same shape."""
    raw = {"address.province": "Huế", "address.detail": "3 Lê Lợi, phường Thuận Hóa"}
    assert clean_fields([ADDRESS], raw, today=TODAY) == {
        "address": {"province": "Huế", "detail": "3 Lê Lợi, phường Thuận Hóa"}
    }


def test_missing_address_reports_each_part() -> None:
    """Both parts get their own key, so each input shows its message."""
    assert problems([ADDRESS], {}) == {
        "address.province": "Chọn tỉnh, thành phố của nơi cư trú",
        "address.detail": "Nhập xã, phường, số nhà, đường của nơi cư trú",
    }


def test_blank_optional_address_is_none() -> None:
    """Two empty inputs of an optional address give None."""
    field = make_field(name="address", label="Nơi ở khác", type="address", required=False)
    raw = {"address.province": "", "address.detail": ""}
    assert clean_fields([field], raw, today=TODAY) == {"address": None}


def test_pre_2025_province_names_the_new_one() -> None:
    """Bình Dương joined Thành phố Hồ Chí Minh on 1 July 2025; the message says so."""
    raw = {"address": {"province": "Bình Dương", "detail": "Phường Thủ Dầu Một"}}
    assert problems([ADDRESS], raw) == {
        "address.province": "Từ 01/07/2025 Bình Dương đã nhập vào Thành phố Hồ Chí Minh: "
        "chọn Thành phố Hồ Chí Minh"
    }


def test_unknown_province_is_refused() -> None:
    """A name not among the 34 is refused, saying how many there are."""
    message = problems([ADDRESS], {"address": {"province": "Atlantis", "detail": "x"}})
    assert "trong danh sách 34 tỉnh, thành phố" in message["address.province"]


def test_address_detail_over_300_is_refused() -> None:
    """The free-text part is at most 300 characters."""
    raw = {"address": {"province": "Huế", "detail": "a" * 301}}
    assert "tối đa 300" in problems([ADDRESS], raw)["address.detail"]


def test_address_as_plain_string_names_both_parts() -> None:
    """A flat string from the API is refused at the field's own key."""
    assert "province" in problems([ADDRESS], {"address": "Huế"})["address"]


def test_address_object_with_extra_key_is_refused() -> None:
    """{"ward": ...} inside the object is not dropped silently."""
    raw = {"address": {"province": "Huế", "detail": "x", "ward": "y"}}
    assert problems([ADDRESS], raw) == {"address.ward": NOT_IN_FORM}


def test_address_sent_in_both_shapes_is_refused() -> None:
    """An object and the dotted keys together are ambiguous."""
    raw = {"address": {"province": "Huế", "detail": "x"}, "address.detail": "y"}
    assert "gửi một lần" in problems([ADDRESS], raw)["address"]


# the whole form


def test_unknown_key_is_refused_by_name() -> None:
    """The API must not lose data a client thought it sent."""
    raw = {"applicant_name": "An", "nickname": "Tí"}
    assert problems([make_field()], raw) == {"nickname": "Trường không có trong tờ khai"}


def test_every_problem_is_reported_at_once_in_form_order() -> None:
    """One InvalidInput lists every field's problem, form order first, unknown keys last."""
    raw = {"extra": 1, "child_sex": "?", "citizen_id": "1", "land_area": "-1"}
    with pytest.raises(InvalidInput) as caught:
        clean_fields([make_field(), CITIZEN_ID, SEX, AREA], raw, today=TODAY)
    keys = [e.field for e in caught.value.errors]
    assert keys == ["applicant_name", "citizen_id", "child_sex", "land_area", "extra"]
    assert caught.value.message == "Tờ khai có 5 chỗ cần sửa"


def test_file_fields_are_skipped() -> None:
    """Documents are uploaded separately: no value, no error for a file field."""
    photo = make_field(name="photo", label="Ảnh chân dung", type="file")
    assert clean_fields([make_field(), photo], {"applicant_name": "An"}, today=TODAY) == {
        "applicant_name": "An"
    }


def test_value_for_a_file_field_is_refused() -> None:
    """A file sent inside the form is refused, pointing at the documents step."""
    photo = make_field(name="photo", label="Ảnh chân dung", type="file")
    assert "giấy tờ" in problems([photo], {"photo": "abc"})["photo"]


# display and round trip


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        (BIRTH, "2020-12-25", "25/12/2020"),
        (PLEDGE, True, "Có"),
        (PLEDGE, False, "Không"),
        (AREA, 1_250_000, "1.250.000"),
        (PHONE, "+84912345678", "0912 345 678"),
        (ADDRESS, {"province": "Huế", "detail": "3 Lê Lợi"}, "3 Lê Lợi, Huế"),
        (make_field(required=False), None, ""),
    ],
)
def test_display_value_reads_the_vietnamese_way(
    field: FormField, value: object, shown: str
) -> None:
    """Dates day first, booleans Có/Không, thousands with dots, address detail then province."""
    assert display_value(field, value) == shown


def test_form_values_round_trip_through_clean_fields() -> None:
    """A saved draft shown back in the form cleans to the same values."""
    fields = [make_field(), CITIZEN_ID, PHONE, ADDRESS, BIRTH, SEX, AREA, PLEDGE]
    raw = {
        "applicant_name": "Nguyễn Văn An",
        "citizen_id": "038090001234",
        "phone": "0912345678",
        "address": {"province": "Huế", "detail": "3 Lê Lợi"},
        "child_birth_date": "25/12/2020",
        "child_sex": "Nam",
        "land_area": "1.500",
        "pledge": True,
    }
    cleaned = clean_fields(fields, raw, today=TODAY)
    assert clean_fields(fields, form_values(fields, cleaned), today=TODAY) == cleaned


# prefill


def test_prefill_takes_the_applicants_own_facts() -> None:
    """Name, ID, phone (as typed nationally), email and address come from the profile."""
    fields = [make_field(), CITIZEN_ID, PHONE, ADDRESS, make_field(name="email", label="Email")]
    assert prefill(fields, PROFILE) == {
        "applicant_name": "Nguyễn Văn An",
        "citizen_id": "038090001234",
        "phone": "0912 345 678",
        "email": "an@example.vn",
        "address.province": "Thanh Hóa",
        "address.detail": "Thôn 3, xã Đông Sơn",
    }


def test_prefill_leaves_other_peoples_fields_empty() -> None:
    """The spouse's ID is not the applicant's."""
    spouse = make_field(name="spouse_citizen_id", label="Số định danh", type="citizen_id")
    assert prefill([spouse], PROFILE) == {}


def test_prefill_address_without_a_province_goes_to_detail() -> None:
    """An address not ending with one of the 34 provinces is all detail."""
    assert prefill([ADDRESS], {"address": "12 Lê Lợi"}) == {"address.detail": "12 Lê Lợi"}


# the bundled procedures

GOOD: dict[str, object] = {
    "text": "Nội dung hợp lệ",
    "number": "1.000",
    "date": "01/01/2000",
    "citizen_id": "001234567890",
    "phone": "0912345678",
    "checkbox": "yes",
}


def good_raw(fields: list[FormField]) -> dict[str, object]:
    """A valid web-form answer for every field, then the profile's prefill on top."""
    raw: dict[str, object] = {}
    for field in fields:
        if field.type == "address":
            raw[f"{field.name}.province"] = provinces.PROVINCES[0]
            raw[f"{field.name}.detail"] = "Số 1, phường Bến Thành"
        elif field.type == "select":
            raw[field.name] = field.options[0]
        elif field.type != "file":
            raw[field.name] = GOOD[field.type]
    raw.update(prefill(fields, PROFILE))
    return raw


@pytest.mark.parametrize("procedure", bundled(), ids=lambda p: p.code)
def test_every_bundled_procedure_is_fillable(procedure: Procedure) -> None:
    """Valid answers for each field of each of the 120 bundled procedures clean without error."""
    cleaned = clean_fields(procedure.form_fields, good_raw(procedure.form_fields), today=TODAY)
    assert set(cleaned) == {f.name for f in procedure.form_fields if f.type != "file"}


def test_the_bundled_catalog_has_120_procedures() -> None:
    """The parametrised test above covers all of them."""
    assert len(bundled()) == 120


# provinces


def test_there_are_34_provinces_six_of_them_cities() -> None:
    """Resolution 202/2025/QH15: 6 centrally-run cities and 28 provinces."""
    assert len(provinces.PROVINCES) == len(set(provinces.PROVINCES)) == 34
    cities = {p.name for p in provinces.UNITS if p.kind == "city"}
    assert cities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ"}
    assert "202/2025/QH15" in provinces.SOURCE


def test_provinces_are_in_vietnamese_alphabetical_order() -> None:
    """Đ after C, ă/â after a, and Thành phố Hồ Chí Minh under H."""
    names = provinces.PROVINCES
    assert names[:5] == ("An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ")
    assert names.index("Đà Nẵng") == 5
    assert names.index("Hải Phòng") < names.index("Thành phố Hồ Chí Minh") < names.index("Huế")
    assert names[-1] == "Vĩnh Long"


@pytest.mark.parametrize(
    "text", ["Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "thanh pho ho chi minh", "Hồ Chí Minh"]
)
def test_province_named_accepts_common_spellings(text: str) -> None:
    """Prefixes, case and missing diacritics do not matter."""
    assert provinces.province_named(text) == "Thành phố Hồ Chí Minh"


def test_every_name_and_official_name_is_recognised() -> None:
    """No two provinces fold to the same key."""
    for p in provinces.UNITS:
        assert provinces.province_named(p.name) == p.name
        assert provinces.province_named(p.official_name) == p.name


def test_63_old_provinces_map_onto_the_34() -> None:
    """29 abolished provinces each name the one they joined."""
    old = [o for p in provinces.UNITS for o in p.merged_from]
    assert len(old) == 29
    assert provinces.merged_into("Quang Nam") == "Đà Nẵng"
    assert provinces.merged_into("Hà Nội") is None
