"""The citizen ends a volunteer assistant's access to one of their dossiers.

The dossier page names the assistant who filed it ("Nộp qua người hỗ trợ") and links here
while the assistant may still see it; a confirmation page says what revoking does (the dossier
stays the citizen's and goes on as before), and its button posts with the CSRF token. Only the
owner gets the page: anyone else finds the site's 404, as for a dossier that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect

from core.dossiers.views import DossierView, DossierViews
from core.errors import Conflict, NotFound
from web.assist import Assistants, page
from web.deps import Ctx
from web.guards import require_citizen

Views = NamedDependency[DossierViews]
Code = Annotated[str, PathParameter(max_length=64)]


@get("/dossiers/{code:str}/assistant/revoke")
async def revoke_form(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, code: Code
) -> Response[Any]:
    view = await _owned(request, ctx, dossier_views, code)
    if view.assistant_id is None:  # over, or revoked already: nothing left to take back
        return Redirect(_detail(code), status_code=303)
    return page("assist/revoke.html", view=view)


@post("/dossiers/{code:str}/assistant/revoke")
async def revoke(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    dossier_views: Views,
    assistants: Assistants,
    code: Code,
) -> Response[Any]:
    require_citizen(request)
    try:
        await assistants.revoke(ctx, code)
    except Conflict as exc:
        view = await _owned(request, ctx, dossier_views, code)
        return page("assist/revoke.html", exc, "revoke", view=view)
    return Redirect(_detail(code) + "?done=revoked", status_code=303)


async def _owned(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: DossierViews, code: str
) -> DossierView:
    actor = require_citizen(request)
    view = await dossier_views.get(ctx, code)
    if view.owner_id != actor.id:  # the assistant may read it, but never revokes
        raise NotFound("Không tìm thấy hồ sơ")
    return view


def _detail(code: str) -> str:
    return f"/dossiers/{quote(code, safe='')}"


ROUTES: list[Any] = [revoke_form, revoke]
