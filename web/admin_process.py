"""Admin pages for processes: every procedure with its steps and total against its legal time, and
an edit page that saves the process as a new version.

Only a signed-in admin gets here (`require_staff(request, "admin")`); other staff get a 404 and
strangers are sent to sign in. The edit form works without JavaScript: its "add", "up", "down"
and "remove" buttons post the form back and get it re-rendered with the change, nothing saved;
"save" writes a new version (303 back to the page), or re-renders the form with an error summary
(400 for invalid input, 409 when someone else saved in between). Fields are named as the core
names its problems (`step_<i>_<attribute>`), so each error links to its input.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter, PathParameter
from litestar.response import Redirect, Template

from core.clock import VIETNAM
from core.errors import Conflict, InvalidInput
from core.process import rules
from core.process.model import Performer, ProcessEditor, Step, StepInput, StepKind, StepRole
from core.process.service import ProcessService
from core.text import slug
from web.deps import Ctx
from web.guards import require_staff

Processes = NamedDependency[ProcessService]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Code = Annotated[str, PathParameter(max_length=40)]
Text = Annotated[str, Parameter(max_length=200)]
Version = Annotated[int, Parameter(ge=0, le=1_000_000)]
ATTRIBUTES = ("position", "name", "kind", "performer", "performer_ref", "role", "allowance_hours")
MAX_ROWS = rules.MAX_STEPS + 5
Row = dict[str, str]


@get("/admin/processes", include_in_schema=False)
async def process_list(
    request: Request[Any, Any, Any], processes: Processes, field: Text = ""
) -> Template:
    require_staff(request, "admin")
    summaries = await processes.summaries()
    context = {
        "rows": [s for s in summaries if not field or slug(s.field) == field],
        "fields": sorted({s.field for s in summaries}),
        "field": field,
        "errors": [],
    }
    return Template("admin/processes.html", context=context)


@get("/admin/processes/{code:str}", include_in_schema=False)
async def process_page(
    request: Request[Any, Any, Any], processes: Processes, code: Code, saved: Version = 0
) -> Template:
    require_staff(request, "admin")
    editor = await processes.editor(code)
    rows = [_row_of(s) for s in editor.latest.steps] if editor.latest else _skeleton()
    form = {"base_version": str(editor.base_version)}
    return _edit_page(editor, rows, form, saved=saved)


@post("/admin/processes/{code:str}", include_in_schema=False)
async def process_post(
    request: Request[Any, Any, Any], processes: Processes, ctx: Ctx, code: Code, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    rows, action = _rows(data), data.get("action", "save")
    if action != "save":
        return _edit_page(await processes.editor(code), _rearranged(rows, action), data)
    try:
        saved = await processes.save(
            ctx,
            code,
            [StepInput(**row) for row in rows],
            effective_from=data.get("effective_from") or None,
            base_version=_whole(data.get("base_version")),
            note=data.get("note", ""),
        )
    except (InvalidInput, Conflict) as exc:
        errors = (
            [{"field": e.field, "key": "", "message": e.message} for e in exc.errors]
            if isinstance(exc, InvalidInput)
            else [{"field": "save", "key": "", "message": exc.message}]
        )
        status = 400 if isinstance(exc, InvalidInput) else 409
        editor = await processes.editor(code)
        return _edit_page(editor, rows, data, errors=errors, status=status)
    return Redirect(f"/admin/processes/{saved.code}?saved={saved.version}", status_code=303)


def _edit_page(
    editor: ProcessEditor,
    rows: list[Row],
    form: dict[str, str],
    *,
    errors: list[dict[str, str]] | None = None,
    saved: int = 0,
    status: int = 200,
) -> Template:
    context = {
        "editor": editor,
        "rows": rows,
        "form": form,
        "errors": errors or [],
        "saved": saved,
        "total": _total(rows),
        "legal_days": _days(editor.legal_hours),
        "kinds": list(StepKind),
        "performers": list(Performer),
        "roles": list(StepRole),
        "local_time": lambda at: at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y"),
    }
    return Template("admin/process_edit.html", context=context, status_code=status)


def _row_of(step: Step) -> Row:
    values = StepInput.of(step)
    return {name: "" if (v := getattr(values, name)) is None else str(v) for name in ATTRIBUTES}


def _skeleton() -> list[Row]:
    """A first draft for a procedure without a process: receive, appraise, approve, return."""
    drafts = [
        ("Tiếp nhận hồ sơ", StepKind.RECEIVE, Performer.RECEIVING_UNIT, StepRole.OFFICER),
        ("Thẩm định hồ sơ", StepKind.APPRAISE, Performer.FIELD_UNIT, StepRole.OFFICER),
        ("Phê duyệt", StepKind.APPROVE, Performer.RECEIVING_UNIT, StepRole.HEAD),
        ("Trả kết quả", StepKind.RETURN, Performer.RECEIVING_UNIT, StepRole.OFFICER),
    ]
    return [
        _renumbered_row(i, {"name": n, "kind": k, "performer": p, "role": r})
        for i, (n, k, p, r) in enumerate(drafts, 1)
    ]


def _rows(data: dict[str, str]) -> list[Row]:
    """The steps typed in the form, in the order of the form's rows."""
    count = min(_whole(data.get("step_count")) or 0, MAX_ROWS)
    return [
        {name: data.get(f"step_{i}_{name}", "") for name in ATTRIBUTES} for i in range(1, count + 1)
    ]


def _rearranged(rows: list[Row], action: str) -> list[Row]:
    """The rows after "add", "up-<i>", "down-<i>" or "remove-<i>", numbered 1..n again."""
    verb, _, index = action.partition("-")
    i = (_whole(index) or 0) - 1
    rows = list(rows)
    if verb == "add" and len(rows) < MAX_ROWS:
        blank = {"kind": StepKind.APPRAISE, "performer": Performer.FIELD_UNIT, "role": "officer"}
        rows.insert(max(len(rows) - 1, 0), _renumbered_row(0, blank))  # before "return"
    elif verb == "remove" and 0 <= i < len(rows):
        rows.pop(i)
    elif verb == "up" and 0 < i < len(rows):
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif verb == "down" and 0 <= i < len(rows) - 1:
        rows[i], rows[i + 1] = rows[i + 1], rows[i]
    return [_renumbered_row(n, row) for n, row in enumerate(rows, 1)]


def _renumbered_row(position: int, row: dict[str, str]) -> Row:
    return {name: str(row.get(name, "")) for name in ATTRIBUTES} | {"position": str(position)}


def _total(rows: list[Row]) -> int | None:
    hours = [_whole(r["allowance_hours"]) for r in rows]
    return None if not hours or None in hours else sum(h or 0 for h in hours)


def _days(hours: int | None) -> str:
    """Working hours as days, the Vietnamese way: 40 → "5", 12 → "1,5"."""
    return "" if hours is None else f"{hours / 8:g}".replace(".", ",")


def _whole(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 7 else None


ROUTES: list[Any] = [process_list, process_page, process_post]
