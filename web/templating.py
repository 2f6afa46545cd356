"""Template helpers: the language of the request and the words of the interface."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from litestar.plugins.jinja import JinjaTemplateEngine

from core.clock import VIETNAM
from core.dossiers.forms import TITLES as FORM_TITLES
from core.identity.actor import ANONYMOUS, Actor
from core.text import slug
from web.checklist import checklist
from web.display import display_of
from web.guards import actor_of
from web.i18n import COOKIE, Language, language_of, money, translate
from web.next_step import next_step

LANG_SCOPE_KEY = "motcua.lang"


def _lang(ctx: Mapping[str, Any], /) -> Language:
    """The page's language, read from the cookie once per request (every t() asks for it)."""
    request = ctx.get("request")
    if request is None:
        return language_of(None)
    lang: Language | None = request.scope.get(LANG_SCOPE_KEY)
    if lang is None:
        lang = language_of(request.cookies.get(COOKIE))
        request.scope[LANG_SCOPE_KEY] = lang
    return lang


def _actor(ctx: Mapping[str, Any], /) -> Actor:
    request = ctx.get("request")
    return actor_of(request) if request is not None else ANONYMOUS


def _t(ctx: Mapping[str, Any], /, key: str, **values: object) -> str:
    return translate(_lang(ctx), key, **values)


def vi_datetime(value: dt.datetime) -> str:
    """An instant as forms write it, in Việt Nam time: 14 giờ 05 phút, ngày 01/12/2026."""
    local = value.astimezone(VIETNAM)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def vi_fee(amount: int | None) -> str:
    """A fee in Vietnamese whatever the page language: Miễn phí, 8.000 đồng, or Chưa xác định."""
    if amount is None:
        return "Chưa xác định"
    return "Miễn phí" if amount == 0 else f"{money(amount)} đồng"


def configure(engine: JinjaTemplateEngine) -> None:
    """Register what every template may call: t("key"), lang(), display(), money(n)."""
    engine.register_template_callable("t", _t)
    engine.register_template_callable("lang", _lang)
    engine.register_template_callable("actor", _actor)
    engine.register_template_callable("display", display_of)
    engine.engine.globals["money"] = money
    engine.engine.filters["slug"] = slug
    engine.engine.filters["vi_datetime"] = vi_datetime
    engine.engine.filters["vi_fee"] = vi_fee
    engine.engine.globals["checklist"] = checklist
    engine.engine.globals["next_step"] = next_step
    engine.engine.globals["form_titles"] = FORM_TITLES
    engine.engine.auto_reload = False  # templates ship with the release: no stat() per render
