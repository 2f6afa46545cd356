"""The citizen's catalog pages: home, search (live with htmx, a plain form without it), detail."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import Parameter, PathParameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from core.calendar.service import CalendarService
from core.catalog.service import DEFAULT_PAGE_SIZE, CatalogService, SearchQuery
from core.dossiers.deadline import due_at
from web.guards import safe_next
from web.i18n import COOKIE, LANGUAGES

Catalog = NamedDependency[CatalogService]
Calendars = NamedDependency[CalendarService]
ONE_YEAR = 365 * 24 * 3600
Text = Annotated[str | None, Parameter(max_length=10_000)]
Page = Annotated[int, Parameter(ge=1, le=1_000_000)]


class CatalogPages(Controller):
    include_in_schema = False

    @get("/")
    async def home(self, catalog: Catalog) -> Template:
        return Template("home.html", context={"fields": await catalog.fields()})

    @get("/procedures")
    async def search(
        self,
        request: HTMXRequest,
        catalog: Catalog,
        q: Text = None,
        field: Text = None,
        level: Text = None,
        online: Text = None,
        page: Page = 1,
    ) -> Template:
        query = SearchQuery.parse(
            q=q, page=page, size=DEFAULT_PAGE_SIZE, field=field, level=level, online=online
        )
        result = await catalog.search(query)
        form = {"q": q or "", "field": field or "", "level": level or "", "online": online or ""}
        context = {
            "result": result,
            "form": form,
            "fields": await catalog.fields(),
            "page_url": lambda n: "/procedures?" + urlencode({**form, "page": n}),
        }
        fragment = bool(request.htmx) and not request.htmx.boosted
        name = "_results.html" if fragment else "search.html"
        context["oob"] = fragment  # title, count and language link follow the live results
        context["on_search_page"] = fragment and _path_of(request.htmx.current_url) == "/procedures"
        return Template(name, context=context, headers={"Vary": "HX-Request"})

    @get("/procedures/{code:str}")
    async def detail(
        self,
        catalog: Catalog,
        calendar: Calendars,
        state: State,
        code: Annotated[str, PathParameter(max_length=40)],
    ) -> Template:
        procedure = await catalog.get(code)
        due_if_now = await due_at(calendar, procedure, state.clock.now())
        return Template("procedure.html", context={"p": procedure, "due_if_now": due_if_now})

    @get("/procedures/{code:str}/submit")
    async def submit(
        self, catalog: Catalog, code: Annotated[str, PathParameter(max_length=40)]
    ) -> Template:
        return Template("submit.html", context={"p": await catalog.get(code)})

    @get("/lang/{lang:str}")
    async def switch_language(
        self, request: Request[Any, Any, Any], lang: Annotated[str, PathParameter(max_length=8)]
    ) -> Response[Any]:
        response = Redirect(safe_next(request.query_params.get("next")))
        if lang in LANGUAGES:
            response.set_cookie(COOKIE, lang, max_age=ONE_YEAR, httponly=True, samesite="lax")
        return response


def _path_of(url: str | None) -> str:
    return urlsplit(url or "").path
