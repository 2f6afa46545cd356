"""Which papers a procedure asks for, and checking a citizen's choice of files against them.

Requirements are numbered from 1 in the order the procedure lists its documents; only those to
submit (`kind == "submit"`) take a file. The published catalog does not say which papers are
mandatory in which case (many read "Trường hợp …", "in the case of …", or are alternatives), so
motcua asks for at least one paper when the procedure lists any, and leaves completeness to the
officer, who can ask for everything missing at once (form 02).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from core.catalog.model import Document, Procedure
from core.errors import FieldError

MAX_DOCUMENTS = 20


@dataclasses.dataclass(frozen=True, slots=True)
class Requirement:
    number: int  # 1-based position in the procedure's documents
    document: Document


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentChoice:
    """The citizen's answer to one requirement: an upload from their personal store."""

    requirement: int
    upload_id: str


def requirements(procedure: Procedure) -> list[Requirement]:
    return [
        Requirement(number, document)
        for number, document in enumerate(procedure.documents, start=1)
        if document.kind == "submit"
    ]


def check_choices(
    procedure: Procedure, choices: Sequence[DocumentChoice], *, supplement: bool = False
) -> list[FieldError]:
    """Every problem with the chosen files at once: unknown requirements, missing papers, too many.

    A supplement answers an officer's request, so it need not cover every required paper again.
    """
    known = {r.number: r for r in requirements(procedure)}
    problems: list[FieldError] = []
    if len(choices) > MAX_DOCUMENTS:
        problems.append(
            FieldError("documents", f"Tối đa {MAX_DOCUMENTS} tệp cho một hồ sơ; hãy bớt tệp")
        )
    for index, choice in enumerate(choices):
        if choice.requirement not in known:
            problems.append(
                FieldError(
                    f"documents[{index}].requirement",
                    f"Thủ tục không có giấy tờ số {choice.requirement}",
                )
            )
    if known and not choices and not supplement:
        problems.append(FieldError("documents", "Đính kèm ít nhất một giấy tờ mà thủ tục yêu cầu"))
    return problems
