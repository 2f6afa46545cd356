"""Life events (việc cần làm): the everyday words people use for a need, mapped to procedures.

A farmer types "làm giấy khai sinh cho con" or "làm sổ đỏ", not the legal names "Đăng ký khai
sinh" or "Đăng ký đất đai, … cấp Giấy chứng nhận quyền sử dụng đất … lần đầu". A life event names
the situation, lists the phrases people say for it and the procedure codes it means, best first;
search puts those procedures first whenever a query contains one of the phrases.

The bundled list (data/life_events.json) seeds the table on `motcua init`; admins edit it on
/admin/life-events. Messages are in Vietnamese: the province's administrator reads them as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Literal

import msgspec

from core.catalog.model import CODE_RE
from core.errors import FieldError, InvalidInput
from core.text import fold, words

MAX_NAME = 200
MAX_NOTE = 500
MAX_PHRASES = 30
MAX_PHRASE_LENGTH = 120
MAX_CODES = 10
MIN_PHRASE_WORDS = 2  # one word ("đất", "con") would hijack too many queries
MAX_PHRASE_WORDS = 12  # search reads at most 12 words of a query (core.catalog.search)
KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

_CODE_SEPARATORS = re.compile(r"[\s,;]+")

Key = Annotated[str, msgspec.Meta(pattern=KEY_PATTERN, max_length=64)]


class LifeEvent(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One situation: its name, the phrases people say for it, the procedures it means."""

    key: Key
    name: str
    codes: list[str]
    phrases: list[str] = []
    note: str = ""

    @property
    def folded_phrases(self) -> tuple[str, ...]:
        """What search matches: the name (when it is long enough) and every phrase, folded."""
        found: dict[str, None] = {}
        for text in (self.name, *self.phrases):
            folded = fold(text)
            if len(folded.split()) >= MIN_PHRASE_WORDS:
                found[folded] = None
        return tuple(found)


class LifeEventFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The bundled file: its format, where the mapping came from, the events."""

    events: list[LifeEvent]
    format: Literal["motcua-life-events/1"] = "motcua-life-events/1"
    notes: str | None = None


def decode_file(data: bytes) -> LifeEventFile:
    try:
        return msgspec.json.decode(data, type=LifeEventFile)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise InvalidInput.one("file", f"the life events file is not valid: {exc}") from exc


def from_form(
    *, key: str, name: str | None, phrases: str | None, codes: str | None, note: str | None
) -> LifeEvent:
    """An event as typed on the admin page: phrases one a line, codes separated by anything."""
    return LifeEvent(
        key=key,
        name=(name or "").strip(),
        phrases=[line.strip() for line in (phrases or "").splitlines() if line.strip()],
        codes=[c for c in _CODE_SEPARATORS.split((codes or "").strip()) if c],
        note=(note or "").strip(),
    )


def check(event: LifeEvent, known_codes: Iterable[str], others: Iterable[LifeEvent]) -> None:
    """Refuse an event that search could not use well, saying what to fix in each field.

    `others` are the events already stored: a phrase leads to one event only, or a query
    containing it would have two answers.
    """
    known = set(known_codes)
    taken = {phrase: other.name for other in others for phrase in other.folded_phrases}
    errors = [
        *_name_problems(event, taken),
        *_phrase_problems(event, taken),
        *_code_problems(event.codes, known),
    ]
    if len(event.note) > MAX_NOTE:
        errors.append(FieldError("note", f"Ghi chú dài tối đa {MAX_NOTE} ký tự"))
    if errors:
        raise InvalidInput("việc cần làm chưa hợp lệ", errors)


def check_all(events: Iterable[LifeEvent], known_codes: Iterable[str]) -> None:
    """Check a whole list (the bundled file): each event against those before it."""
    known = set(known_codes)
    seen: list[LifeEvent] = []
    keys: set[str] = set()
    for event in events:
        try:
            if event.key in keys:
                raise InvalidInput.one("key", f"Khóa «{event.key}» xuất hiện hai lần")
            check(event, known, seen)
        except InvalidInput as exc:
            errors = [FieldError(f"{event.key} {e.field}", e.message) for e in exc.errors]
            raise InvalidInput(f"the life event {event.key!r} is not valid", errors) from exc
        keys.add(event.key)
        seen.append(event)


def summary(event: LifeEvent) -> Mapping[str, object]:
    """What the audit log keeps of an event."""
    return {
        "name": event.name,
        "phrases": event.phrases,
        "codes": event.codes,
        "note": event.note,
    }


def _name_problems(event: LifeEvent, taken: Mapping[str, str]) -> list[FieldError]:
    if not event.name:
        return [FieldError("name", "Nhập tên việc cần làm, ví dụ: Làm giấy khai sinh cho con")]
    if len(event.name) > MAX_NAME:
        return [FieldError("name", f"Tên dài tối đa {MAX_NAME} ký tự")]
    other = taken.get(fold(event.name))
    if other is not None:
        return [FieldError("name", f"Tên «{event.name}» đã là cách nói của mục «{other}»")]
    return []


def _phrase_problems(event: LifeEvent, taken: Mapping[str, str]) -> list[FieldError]:
    if len(event.phrases) > MAX_PHRASES:
        return [FieldError("phrases", f"Nhập tối đa {MAX_PHRASES} cách nói, mỗi dòng một cách")]
    problems: list[str] = []
    seen: set[str] = set()
    for phrase in event.phrases:
        count = len(words(phrase))
        folded = fold(phrase)
        if len(phrase) > MAX_PHRASE_LENGTH or count > MAX_PHRASE_WORDS:
            problems.append(f"«{phrase[:40]}…» dài quá {MAX_PHRASE_WORDS} từ: hãy rút gọn")
        elif count < MIN_PHRASE_WORDS:
            problems.append(
                f"«{phrase}» quá ngắn: mỗi cách nói cần ít nhất {MIN_PHRASE_WORDS} từ, "
                "ví dụ: sinh con"
            )
        elif folded in seen:
            problems.append(f"«{phrase}» được nhập hai lần (không kể dấu và chữ hoa)")
        elif folded in taken:
            problems.append(
                f"«{phrase}» đã thuộc mục «{taken[folded]}»: mỗi cách nói chỉ dẫn tới một mục"
            )
        seen.add(folded)
    return [FieldError("phrases", message) for message in problems]


def _code_problems(codes: list[str], known: set[str]) -> list[FieldError]:
    if not codes:
        return [FieldError("codes", "Nhập ít nhất một mã thủ tục, ví dụ: 1.001193")]
    if len(codes) > MAX_CODES:
        return [FieldError("codes", f"Nhập tối đa {MAX_CODES} mã thủ tục")]
    problems: list[str] = []
    for n, code in enumerate(codes):
        if not CODE_RE.match(code):
            problems.append(f"«{code[:20]}» không phải mã thủ tục: mã có dạng 1.001193")
        elif code not in known:
            problems.append(
                f"Mã {code} không có trong danh mục thủ tục: kiểm tra lại mã trên trang thủ tục"
            )
        elif code in codes[:n]:
            problems.append(f"Mã {code} được nhập hai lần")
    return [FieldError("codes", message) for message in problems]
