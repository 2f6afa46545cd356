"""GET /api/v1/procedures: the public catalog as JSON."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, MediaType, Response, get
from litestar.params import Parameter, PathParameter

from api.deps import CatalogDep
from api.schemas import (
    FieldItem,
    ProcedureDetail,
    ProcedureList,
    encoded_detail,
    field_item,
    list_of,
)
from core.catalog.model import LEVEL_ORDER
from core.catalog.service import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    ONLINE_LEVELS,
    SearchQuery,
)

Query = Annotated[
    str | None,
    Parameter(
        max_length=MAX_QUERY_LENGTH, description="words of the name, with or without diacritics"
    ),
]
Page = Annotated[int, Parameter(ge=1, le=MAX_PAGE, description="1-based page number")]
Size = Annotated[int, Parameter(ge=1, le=MAX_PAGE_SIZE, description="items per page")]
FieldName = Annotated[str | None, Parameter(max_length=200, description="field name or slug")]
Level = Annotated[str | None, Parameter(description=f"one of {', '.join(LEVEL_ORDER)}")]
Online = Annotated[str | None, Parameter(description=f"one of {', '.join(ONLINE_LEVELS)}")]
Code = Annotated[
    str, PathParameter(max_length=40, description="national procedure code, e.g. 1.001193")
]


class ProcedureController(Controller):
    path = "/procedures"
    tags = ["catalog"]

    @get("/", summary="Search the procedures in force")
    async def search(
        self,
        catalog: CatalogDep,
        q: Query = None,
        page: Page = 1,
        size: Size = DEFAULT_PAGE_SIZE,
        field: FieldName = None,
        level: Level = None,
        online: Online = None,
    ) -> ProcedureList:
        query = SearchQuery.parse(
            q=q, page=page, size=size, field=field, level=level, online=online
        )
        return list_of(await catalog.search(query))

    @get("/{code:str}", summary="One procedure in full", raises=[])
    async def detail(self, catalog: CatalogDep, code: Code) -> Response[ProcedureDetail]:
        body = await catalog.view(code, encoded_detail)  # encoded once per catalog revision
        # OpenAPI documents ProcedureDetail; the wire gets its JSON, already encoded.
        return Response(body, media_type=MediaType.JSON)  # type: ignore[arg-type]


class FieldController(Controller):
    path = "/fields"
    tags = ["catalog"]

    @get("/", summary="Fields (lĩnh vực) with their number of procedures")
    async def fields(self, catalog: CatalogDep) -> list[FieldItem]:
        return [field_item(f) for f in await catalog.fields()]
