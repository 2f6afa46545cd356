"""The form-fields macro: a procedure's tờ khai as accessible HTML that needs no JavaScript."""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import jinja2
import pytest

from core.catalog import transfer
from core.catalog.model import FormField
from core.dossiers.provinces import PROVINCES
from core.errors import FieldError

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
PAGE = (
    '{% from "dossiers/_form_fields.html" import form_fields, error_summary %}'
    "{{ error_summary(errors) }}<form novalidate>"
    "{{ form_fields(fields, values, errors, provinces) }}</form>"
)


class Elements(HTMLParser):
    """Every start tag with its attributes, and each label's text by its `for`."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.labels: dict[str, str] = {}
        self._label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "label":
            self._label = dict(attrs).get("for") or ""
            self.labels[self._label] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self.labels[self._label] += data

    def by_id(self, id_: str) -> dict[str, str | None]:
        return next(attrs for _, attrs in self.tags if attrs.get("id") == id_)

    def named(self, tag: str, name: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag and attrs.get("name") == name]


def birth_fields() -> list[FormField]:
    """The form of 1.001193 Đăng ký khai sinh, as bundled."""
    data = resources.files("core.catalog.data").joinpath("procedures.json").read_bytes()
    catalog = transfer.decode(data, "json")
    return next(p for p in catalog.procedures if p.code == "1.001193").form_fields


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


def render(
    env: jinja2.Environment,
    *,
    fields: list[FormField] | None = None,
    values: Mapping[str, str] | None = None,
    errors: list[FieldError] | None = None,
) -> str:
    return env.from_string(PAGE).render(
        fields=birth_fields() if fields is None else fields,
        values=values or {},
        errors=errors or [],
        provinces=PROVINCES,
    )


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_every_input_has_the_f_prefixed_id(env: jinja2.Environment) -> None:
    """Each input's id is "f-" + its name, so the error summary can link to it."""
    page = parse(render(env))
    names = {
        attrs["name"]: attrs["id"]
        for tag, attrs in page.tags
        if tag in ("input", "select") and attrs.get("type") != "radio"
    }
    assert names == {name: f"f-{name}" for name in names}
    assert set(names) == {
        "applicant_name",
        "citizen_id",
        "phone",
        "address.province",
        "address.detail",
        "email",
        "child_name",
        "child_birth_date",
        "birth_place",
    }


def test_labels_point_at_their_inputs(env: jinja2.Environment) -> None:
    """Each label's text is the field's label, bound by `for`."""
    page = parse(render(env))
    assert page.labels["f-applicant_name"] == "Họ, chữ đệm và tên người yêu cầu"
    assert page.labels["f-child_birth_date"] == "Ngày, tháng, năm sinh"
    assert page.labels["f-address.detail"] == "Xã, phường, số nhà, đường"
    assert all(page.by_id(for_) for for_ in page.labels)


def test_optional_field_says_so(env: jinja2.Environment) -> None:
    """The email is optional: "(không bắt buộc)" follows its label."""
    assert parse(render(env)).labels["f-email"] == "Thư điện tử (không bắt buộc)"


def test_sex_is_two_radios_nam_and_nu(env: jinja2.Environment) -> None:
    """A select of 2 options is radios; the first carries the group's id."""
    page = parse(render(env))
    radios = page.named("input", "child_sex")
    assert [(r["type"], r["value"], r["id"]) for r in radios] == [
        ("radio", "Nam", "f-child_sex"),
        ("radio", "Nữ", "f-child_sex-2"),
    ]
    assert page.labels["f-child_sex-2"] == "Nữ"


def test_long_option_list_is_a_select(env: jinja2.Environment) -> None:
    """More than 4 options render a <select> with a blank first choice."""
    field = FormField(
        name="licence_class", label="Hạng", type="select", options=["A1", "A", "B1", "B", "C"]
    )
    page = parse(render(env, fields=[field]))
    assert page.by_id("f-licence_class") in page.named("select", "licence_class")
    options = [a["value"] for t, a in page.tags if t == "option"]
    assert options == ["", "A1", "A", "B1", "B", "C"]


def test_province_select_lists_the_34_provinces(env: jinja2.Environment) -> None:
    """The address offers a prompt then the 34 provinces, in PROVINCES order."""
    html = render(env)
    assert '<option value="">— Chọn tỉnh, thành phố —</option>' in html
    page = parse(html)
    options = [a["value"] for t, a in page.tags if t == "option" and a["value"]]
    assert options == list(PROVINCES)
    assert len(options) == 34


def test_input_types_suit_a_phone_keyboard(env: jinja2.Environment) -> None:
    """Numeric keypads for ID and date, tel for the phone, no autofill of the ID."""
    page = parse(render(env))
    citizen_id = page.by_id("f-citizen_id")
    assert (citizen_id["inputmode"], citizen_id["maxlength"], citizen_id["autocomplete"]) == (
        "numeric",
        "12",
        "off",
    )
    date = page.by_id("f-child_birth_date")
    assert (date["type"], date["inputmode"], date["placeholder"]) == (
        "text",
        "numeric",
        "dd/mm/yyyy",
    )
    assert date["aria-describedby"] == "f-child_birth_date-hint"
    phone = page.by_id("f-phone")
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")


def test_errors_show_inline_and_in_the_summary(env: jinja2.Environment) -> None:
    """Each error sits by its input, which points at it, and the summary links to "#f-<key>"."""
    errors = [
        FieldError("citizen_id", "Số định danh cá nhân gồm đúng 12 chữ số"),
        FieldError("address.province", "Chọn tỉnh, thành phố của nơi cư trú"),
    ]
    html = render(env, errors=errors)
    page = parse(html)
    assert page.by_id("f-citizen_id-error")["class"] == "field-error"
    assert page.by_id("f-citizen_id")["aria-describedby"] == "f-citizen_id-error"
    assert page.by_id("f-citizen_id")["aria-invalid"] == "true"
    assert page.by_id("f-address.province")["aria-invalid"] == "true"
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links == ["#f-citizen_id", "#f-address.province"]
    assert html.count("Số định danh cá nhân gồm đúng 12 chữ số") == 2


def test_typed_values_come_back_escaped(env: jinja2.Environment) -> None:
    """Values are re-shown as typed (escaped), the radio checked and the province selected."""
    values = {"applicant_name": '<b>"An"</b>', "child_sex": "Nữ", "address.province": "Huế"}
    html = render(env, values=values)
    page = parse(html)
    assert page.by_id("f-applicant_name")["value"] == '<b>"An"</b>'
    assert "<b>" not in html
    assert "checked" in page.by_id("f-child_sex-2")
    assert "checked" not in page.by_id("f-child_sex")
    selected = [a["value"] for t, a in page.tags if t == "option" and "selected" in a]
    assert selected == ["Huế"]


def test_checkbox_is_ticked_from_its_value(env: jinja2.Environment) -> None:
    """A checkbox posts "yes" and is ticked when the value says so."""
    field = FormField(name="pledge", label="Tôi cam đoan", type="checkbox")
    page = parse(render(env, fields=[field], values={"pledge": "yes"}))
    box = page.by_id("f-pledge")
    assert (box["type"], box["value"], "checked" in box) == ("checkbox", "yes", True)


def test_file_fields_are_not_rendered(env: jinja2.Environment) -> None:
    """Documents are uploaded in their own step."""
    field = FormField(name="photo", label="Ảnh", type="file")
    assert "f-photo" not in render(env, fields=[field])


def test_no_javascript_is_needed(env: jinja2.Environment) -> None:
    """No script, inline handler or htmx attribute."""
    html = render(env, errors=[FieldError("phone", "x")])
    assert "<script" not in html
    assert " on" not in html.replace(" option", "")
    assert "hx-" not in html
