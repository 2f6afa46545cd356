"""The papers of a procedure as a checklist: what everyone brings first, then what some cases need.

The portal lists a procedure's papers in no useful order, mixing the ones every applicant needs
with those that apply only in some case ("Trường hợp ủy quyền…", "… trong trường hợp …"). A
citizen reads the short unconditional list first and stops there when no case applies to them.
Notes (kind "note") are not papers and are left to the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from core.catalog.model import Document
from core.text import fold

PAPERS = ("submit", "present")


@dataclasses.dataclass(frozen=True, slots=True)
class Checklist:
    always: list[Document]
    # (case heading, papers): a heading the portal published, or None for papers whose own text
    # names their case
    by_case: list[tuple[str | None, list[Document]]]

    def __bool__(self) -> bool:
        return bool(self.always or self.by_case)


def conditional(document: Document) -> bool:
    """Whether the paper's own text limits it to a case ("Trường hợp…", "… trong trường hợp…")."""
    name = fold(document.name)
    return name.startswith("truong hop") or " trong truong hop " in name


def checklist(documents: Iterable[Document]) -> Checklist:
    """Papers to submit or show: unconditional first, then by case, each in published order."""
    always: list[Document] = []
    cases: dict[str | None, list[Document]] = {}
    for document in documents:
        if document.kind not in PAPERS:
            continue
        if document.case is None and not conditional(document):
            always.append(document)
        else:
            cases.setdefault(document.case, []).append(document)
    uncased = cases.pop(None, [])
    by_case = [*cases.items(), *([(None, uncased)] if uncased else [])]
    return Checklist(always, by_case)
