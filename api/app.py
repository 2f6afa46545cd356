"""The composition root: `create_app(settings)` wires the database, services, routes and pages."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar, Request, Response, Router
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

import payments.routes
import web
from api import assistants as assistants_api
from api import auth, payments_api, staff_auth, worker
from api import calendar as calendar_api
from api import dossiers as dossiers_api
from api import feedback as feedback_api  # -- feedback (imports) --
from api import processes as processes_api
from api import push as push_api  # -- push (imports) --
from api import staff_dossiers as staff_dossiers_api
from api import stats as stats_api  # -- stats (imports) --
from api import uploads as uploads_api
from api.deps import provide_catalog, provide_dev_outbox
from api.errors import JSON_HANDLERS, http_error_to_json
from api.identity import actor_middleware, provide_context, provide_tokens
from api.mailer import email_channel  # -- notifications (imports) --
from api.openapi_responses import document_errors  # -- api robustness (imports) --
from api.procedures import FieldController, ProcedureController
from api.security_headers import SecurityHeaders
from api.staff_auth import provide_staff_service
from api.system import dev_outbox, healthz
from api.unavailable import OUTAGE_HANDLERS  # -- outages (imports) --
from core import database
from core.assistants.service import AssistantService
from core.calendar.service import CalendarService
from core.catalog.service import CatalogService
from core.clock import Clock, SystemClock
from core.dossiers.drafts import DraftService
from core.dossiers.forms import FormService
from core.dossiers.office_view import OfficeViews
from core.dossiers.payment_hooks import PaymentHooks
from core.dossiers.queue import DossierQueue
from core.dossiers.reminders import ReminderService
from core.dossiers.submission import SubmissionService
from core.dossiers.transitions import DossierTransitions
from core.dossiers.views import DossierViews
from core.dossiers.workflow import Workflow
from core.feedback.complaints import ComplaintService  # -- feedback (imports) --
from core.feedback.follow_ups import FollowUpService
from core.feedback.ratings import RatingService
from core.files.local import LocalFileStore
from core.files.service import UploadService
from core.identity.staff import StaffService
from core.identity.tokens import TokenService
from core.identity.units import UnitService
from core.outbox.delivery import OutboxDelivery
from core.outbox.inbox import InAppChannel, InboxService
from core.outbox.parked import ParkedOutbox
from core.outbox.service import DevOutboxService
from core.outbox.sms import DevOutboxSms, LogOnlySms, SmsChannel
from core.payments.service import PaymentService
from core.process.service import ProcessService
from core.push.channel import PushChannel
from core.settings import Settings
from payments.config import gateway_config
from payments.gateways import build_gateways
from payments.sandbox import sandbox_routes
from pwa import routes as pwa_routes  # -- pwa (imports) --
from pwa.vapid import VapidKeys
from pwa.webpush import WebPushSender, build_push_sender
from web import (
    account,
    admin,
    admin_calendar,
    admin_life_events,
    admin_outbox,
    admin_process,
    admin_staff,
    assist,
    assist_revoke,
    assist_staff,
    assist_supplement,
    complaints,  # -- feedback (imports) --
    display,
    dossier_form,
    dossier_pages,
    feedback,  # -- feedback (imports) --
    forms_print,
    notifications,
    office,
    payment_pages,
    staff,
    stats,  # -- stats (imports) --
    templating,
    tracking,
    unit_figures,
)
from web.errors import HTML_HANDLERS, http_error_page
from web.pages import CatalogPages

WEB_DIR = Path(web.__file__).parent
SERVER_POOL_SIZE = 10
# The JSON API authenticates with bearer tokens only (never cookies), so it needs no CSRF token.
CSRF_EXEMPT = [
    "^/api/",
    "^/schema",
    "^/healthz",
    "^/dev/",
    "^/static/",
    *payments.routes.CSRF_EXEMPT,  # gateways' callbacks, signed instead
]
GATEWAY_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
GZIP_LEVEL = 5  # nearly the size of level 9 at a fraction of the CPU


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    pool_size: int | None = SERVER_POOL_SIZE,
    run_worker: bool | None = None,
) -> Litestar:
    """Build the whole application from its settings; no I/O happens until it starts.

    `pool_size` opens a PostgreSQL connection pool on the app's event loop for its lifetime
    (`core.pg_engine`: one pool per loop, so tests may query from their own loop meanwhile).
    `run_worker` runs the background jobs (api.worker) inside the server; by default only in
    dev, so that `make run` reconciles payments and sends reminders on its own.
    """
    engine = database.engine_for(settings.database_url)
    database.bind(engine)
    clock = clock or SystemClock()
    catalog = CatalogService(clock)
    tokens = TokenService(clock)
    outbox = DevOutboxService()
    calendar = CalendarService(clock)
    uploads = UploadService(LocalFileStore(settings.data_dir / "files"), clock)
    processes = ProcessService(clock, catalog)
    workflow = Workflow(clock, calendar, processes, uploads)
    loopback = _Loopback()  # the sandbox gateway is served by this very app (dev/test)
    http = httpx.AsyncClient(
        timeout=GATEWAY_TIMEOUT,
        mounts=None if settings.is_prod else {settings.base_url: httpx.ASGITransport(loopback)},
    )
    gateways = gateway_config(settings)
    payment_service = PaymentService(
        clock, build_gateways(http, gateways), settings.base_url, PaymentHooks(calendar).mark_paid
    )

    sms = DevOutboxSms(outbox)
    # -- push (state) --: VAPID key in the data dir; PushChannel is the worker's push channel
    vapid = VapidKeys(settings.data_dir, settings.base_url)
    web_push = WebPushSender(vapid)
    push_channel = PushChannel(build_push_sender(settings, web_push, outbox), clock)
    # -- notifications (state) --: the outbox worker's channels; in dev/test each also writes
    # to the dev outbox; without an SMS gateway, production only logs the texts
    outbox_delivery = OutboxDelivery(
        clock,
        [
            InAppChannel(clock, None if settings.is_prod else outbox),
            push_channel,
            email_channel(settings, outbox),
            SmsChannel(
                LogOnlySms() if settings.is_prod else sms,
                settings.base_url,
                logged_only=settings.is_prod,
            ),
        ],
    )
    submissions = SubmissionService(clock, catalog, uploads, calendar)
    transitions = DossierTransitions(clock, uploads, calendar)
    drafts = DraftService(clock, catalog)
    in_process_worker = settings.env == "dev" if run_worker is None else run_worker

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with database.connected(engine, pool_size=pool_size):
            await catalog.index()  # build the search index before the first citizen waits
            await calendar.calendar()  # and the holiday calendar, once, before the first dossier
            vapid.load()  # -- push (start) --: the first start creates the key pair
            gc.freeze()  # long-lived startup objects leave the collector's generations
            stop = asyncio.Event()
            jobs = (
                asyncio.create_task(worker.run_until_stopped(app.state, stop))
                if in_process_worker
                else None
            )
            try:
                yield
            finally:
                stop.set()
                if jobs is not None:
                    await jobs
                await http.aclose()
                await web_push.aclose()  # -- push (stop) --
                # back to the collector: a process that starts many apps (the tests) would
                # otherwise keep every one of them, and whatever garbage was frozen with it
                gc.unfreeze()

    api_v1 = Router(
        path="/api/v1",
        route_handlers=[
            ProcedureController,
            FieldController,
            *auth.ROUTES,
            *staff_auth.ROUTES,
            # -- calendar (api routes) --
            *calendar_api.ROUTES,
            *processes_api.ROUTES,  # -- processes (api routes) --
            # -- uploads (api routes) --
            *uploads_api.ROUTES,
            # -- dossiers (api routes) --
            *dossiers_api.ROUTES,
            *staff_dossiers_api.ROUTES,  # -- back office (api routes) --
            *payments_api.ROUTES,  # -- payments (api routes) --
            *assistants_api.ROUTES,  # -- assistants (api routes) --
            *feedback_api.ROUTES,  # -- feedback (api routes) --
            *push_api.ROUTES,  # -- push (api routes) --
            *stats_api.ROUTES,  # -- stats (api routes) --
        ],
        exception_handlers=JSON_HANDLERS,
    )
    system_routes: list[Any] = [healthz] + ([] if settings.is_prod else [dev_outbox])
    system = Router(path="/", route_handlers=system_routes, exception_handlers=JSON_HANDLERS)
    gateway_routes = Router(
        path="/",
        route_handlers=[*payments.routes.ROUTES, *sandbox_routes(settings, clock)],
        exception_handlers=HTML_HANDLERS,
    )
    pages = Router(
        path="/",
        include_in_schema=False,  # -- api robustness --: HTML forms, not the JSON API
        before_request=notifications.count_unread,  # -- notifications (header count) --
        route_handlers=[
            CatalogPages,
            *account.ROUTES,
            *notifications.ROUTES,  # -- notifications (pages) --
            *admin_outbox.ROUTES,
            *staff.ROUTES,
            *admin.ROUTES,
            *admin_staff.ROUTES,
            *admin_calendar.ROUTES,
            *admin_process.ROUTES,
            *admin_life_events.ROUTES,  # -- life events (pages) --
            *display.ROUTES,  # -- text size and contrast (pages) --
            *unit_figures.ROUTES,
            *stats.ROUTES,  # -- stats (pages) --
            *dossier_form.ROUTES,
            *dossier_pages.ROUTES,
            *tracking.ROUTES,
            *office.ROUTES,  # -- back office (pages) --
            *forms_print.ROUTES,  # -- forms 02–07 (pages) --
            *payment_pages.ROUTES,  # -- payments (pages) --
            *assist.ROUTES,
            *assist_supplement.ROUTES,
            *assist_revoke.ROUTES,
            *assist_staff.ROUTES,
            *feedback.ROUTES,  # -- feedback (pages) --
            *complaints.ROUTES,
            *pwa_routes.routes(),  # -- pwa (routes) --: manifest, /sw.js, /offline, /pwa/ files
        ],
        exception_handlers=HTML_HANDLERS,
    )
    static = create_static_files_router(
        path="/static",
        directories=[WEB_DIR / "static"],
        cache_control=None,
        include_in_schema=False,
    )
    app = Litestar(
        route_handlers=[api_v1, system, gateway_routes, pages, static],
        state=State(
            {
                "settings": settings,
                "engine": engine,
                "catalog": catalog,
                "dev_outbox": outbox,
                "tokens": tokens,
                "clock": clock,
                "sms": sms,  # no SMS gateway yet: dev outbox only
                # -- citizen accounts (state) --
                # -- staff accounts (state) --
                "staff": StaffService(clock, str(settings.secret_key)),
                # -- units and audit (state) --
                "units": UnitService(clock),
                # -- calendar (state) --
                "calendar": calendar,
                "processes": processes,  # -- processes (state) --
                # -- uploads (state) --
                "uploads": uploads,
                # -- dossiers (state) --
                "submissions": submissions,
                "dossier_views": DossierViews(clock),
                "transitions": transitions,
                "workflow": workflow,
                "queue": DossierQueue(clock, calendar),  # -- back office (state) --
                "office_views": OfficeViews(clock, workflow, uploads),
                "drafts": drafts,
                "assistants": AssistantService(
                    clock, sms, str(settings.secret_key), submissions, transitions, uploads, drafts
                ),
                "forms": FormService(clock, calendar),  # -- forms 02–07 (state) --
                "ratings": RatingService(clock),  # -- feedback (state) --
                "follow_ups": FollowUpService(clock),
                "complaints": ComplaintService(clock, calendar, catalog),
                "reminders": ReminderService(clock, calendar),  # -- worker (state) --
                "payments": payment_service,  # -- payments (state) --
                "gateway_config": gateways,
                "http": http,
                "vapid": vapid,  # -- push (state) --
                "push_channel": push_channel,
                "outbox_delivery": outbox_delivery,  # -- notifications (state) --
                "inbox": InboxService(clock),
                "parked_outbox": ParkedOutbox(clock),
            }
        ),
        dependencies={
            "catalog": Provide(provide_catalog, sync_to_thread=False, use_cache=True),
            "dev_outbox": Provide(provide_dev_outbox, sync_to_thread=False, use_cache=True),
            "tokens": Provide(provide_tokens, sync_to_thread=False, use_cache=True),
            "ctx": Provide(provide_context, sync_to_thread=False),
            # -- citizen accounts (dependencies) --
            "citizen_auth": Provide(
                auth.provide_citizen_auth, sync_to_thread=False, use_cache=True
            ),
            # -- staff accounts (dependencies) --
            "staff_service": Provide(provide_staff_service, sync_to_thread=False, use_cache=True),
            # -- units and audit (dependencies) --
            "units": Provide(admin.provide_units, sync_to_thread=False, use_cache=True),
            # -- calendar (dependencies) --
            "processes": Provide(
                processes_api.provide_processes, sync_to_thread=False, use_cache=True
            ),
            "calendar": Provide(
                calendar_api.provide_calendar, sync_to_thread=False, use_cache=True
            ),
            # -- uploads (dependencies) --
            "uploads": Provide(uploads_api.provide_uploads, sync_to_thread=False, use_cache=True),
            # -- dossiers (dependencies) --
            "drafts": Provide(dossier_form.provide_drafts, sync_to_thread=False, use_cache=True),
            "submissions": Provide(
                dossiers_api.provide_submissions, sync_to_thread=False, use_cache=True
            ),
            "dossier_views": Provide(
                dossiers_api.provide_dossier_views, sync_to_thread=False, use_cache=True
            ),
            "transitions": Provide(
                dossiers_api.provide_transitions, sync_to_thread=False, use_cache=True
            ),
            # -- back office (dependencies) --
            "workflow": Provide(
                staff_dossiers_api.provide_workflow, sync_to_thread=False, use_cache=True
            ),
            "queue": Provide(
                staff_dossiers_api.provide_queue, sync_to_thread=False, use_cache=True
            ),
            "office_views": Provide(
                staff_dossiers_api.provide_office_views, sync_to_thread=False, use_cache=True
            ),
            # -- forms 02–07 (dependencies) --
            "forms": Provide(forms_print.provide_forms, sync_to_thread=False, use_cache=True),
            # -- payments (dependencies) --
            "assistants": Provide(assist.provide_assistants, sync_to_thread=False, use_cache=True),
            # -- feedback (dependencies) --
            "ratings": Provide(feedback_api.provide_ratings, sync_to_thread=False, use_cache=True),
            "follow_ups": Provide(
                feedback_api.provide_follow_ups, sync_to_thread=False, use_cache=True
            ),
            "complaints": Provide(
                feedback_api.provide_complaints, sync_to_thread=False, use_cache=True
            ),
            "payments": Provide(
                payment_pages.provide_payments, sync_to_thread=False, use_cache=True
            ),
            # -- notifications (dependencies) --
            "inbox": Provide(notifications.provide_inbox, sync_to_thread=False, use_cache=True),
            "parked_outbox": Provide(
                admin_outbox.provide_parked_outbox, sync_to_thread=False, use_cache=True
            ),
        },
        lifespan=[lifespan],
        after_exception=[uploads_api.release_cut_off_files],
        before_send=[SecurityHeaders(settings, gateways)],
        middleware=[actor_middleware(tokens)],
        csrf_config=CSRFConfig(
            secret=str(settings.secret_key),
            cookie_name="motcua_csrf",
            cookie_secure=settings.is_prod,
            cookie_httponly=True,
            exclude=CSRF_EXEMPT,
        ),
        # -- outages (handlers) --: 503 database down, 507 disk full; pages override them
        exception_handlers={NotFoundException: _not_found, **OUTAGE_HANDLERS},
        template_config=TemplateConfig(
            directory=WEB_DIR / "templates",
            engine=JinjaTemplateEngine,
            engine_callback=templating.configure,
        ),
        plugins=[HTMXPlugin()],
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=500, gzip_compress_level=GZIP_LEVEL
        ),
        openapi_config=OpenAPIConfig(
            title="motcua",
            version="1",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            description="Public-service portal and one-stop-shop back office (Việt Nam).",
        ),
        debug=False,
        logging_config=None,
    )
    loopback.app = app
    document_errors(app)  # -- api robustness --: the error answers in /schema/openapi.json
    return app


class _Loopback:
    """An ASGI app that is this app once built: the shared HTTP client reaches our own base URL
    (the sandbox gateway, its IPN back to us) in-process, offline and in tests alike."""

    app: Litestar | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.app is not None, "the app is built before any request"
        await self.app(scope, receive, send)


def _not_found(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[Any]:
    """Unknown paths: JSON under /api and /dev, a page everywhere else."""
    path = request.url.path
    if path.startswith(("/api/", "/dev/", "/schema")):
        return http_error_to_json(request, exc)
    return http_error_page(request, exc)


def app_from_env() -> Litestar:
    """The factory uvicorn calls in each worker process: settings from the environment."""
    return create_app(Settings.from_env(), pool_size=SERVER_POOL_SIZE)
