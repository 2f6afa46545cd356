"""The `motcua` command: init, serve, worker, demo-data, create-user, catalog (CONTRACT.md),
remind."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

import uvicorn
from piccolo.engine.base import Engine

from api import stats_cli  # -- stats (commands) --
from core import database
from core.assistants.demo import DEMO_UNIT as ASSISTANT_UNIT
from core.assistants.demo import load_demo_assistant
from core.calendar.service import CalendarService
from core.catalog import transfer
from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.dossiers.demo import DEMO_UNIT, load_demo_dossiers
from core.dossiers.reminders import ReminderReport, ReminderService
from core.errors import ConfigurationError, DomainError, InvalidInput
from core.files.local import LocalFileStore
from core.files.service import UploadService
from core.identity.actor import ROLES, SYSTEM_CONTEXT
from core.identity.demo import load_demo
from core.identity.staff import StaffService
from core.process.service import ProcessService
from core.settings import Settings

_T = TypeVar("_T")
DEMO_ACCOUNTS_FILE = "demo-accounts.tsv"


async def _with_database(settings: Settings, work: Callable[[], Awaitable[_T]]) -> _T:
    engine = database.engine_for(settings.database_url)
    database.bind(engine)
    async with database.connected(engine, pool_size=2):
        return await work()


def cmd_init(settings: Settings, _: argparse.Namespace) -> int:
    """Create the data dir, migrate, load the bundled catalog and processes (idempotent)."""

    async def work() -> int:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = database.bound_engine()
        assert engine is not None
        await database.migrate(engine)
        catalog = CatalogService(SystemClock())
        report = await catalog.load_bundled()
        processes = await ProcessService(SystemClock(), catalog).load_bundled()
        print(
            f"database ready ({settings.database_url.split(':', 1)[0]}); catalog: "
            f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged"
        )
        print(f"processes: {processes.created} new, {processes.unchanged} unchanged")
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_demo_data(settings: Settings, args: argparse.Namespace) -> int:
    """Demo content for a dev installation (refused in prod)."""
    if settings.is_prod:
        print("demo-data is for dev and test installations, not MOTCUA_ENV=prod", file=sys.stderr)
        return 2
    status = cmd_init(settings, args)
    if status:
        return status
    staff = StaffService(SystemClock(), str(settings.secret_key))
    units, accounts = asyncio.run(_with_database(settings, lambda: load_demo(staff)))
    print(f"demo units: {units.created} new, {units.updated} updated, {units.unchanged} unchanged")
    clock = SystemClock()
    uploads = UploadService(LocalFileStore(settings.data_dir / "files"), clock)
    filing = load_demo_dossiers(clock, CatalogService(clock), uploads, CalendarService(clock))
    codes = asyncio.run(_with_database(settings, lambda: filing))
    print(f"demo dossiers (a citizen's birth registrations, at {DEMO_UNIT}): {', '.join(codes)}")
    asyncio.run(_with_database(settings, lambda: load_demo_assistant(clock)))
    print(
        f"demo assistant: 0900 000 002 (Người hỗ trợ mẫu), approved at {ASSISTANT_UNIT}; "
        "sign in as that citizen and open /assist"
    )
    notes = settings.data_dir / DEMO_ACCOUNTS_FILE
    if accounts:
        with notes.open("a", encoding="utf-8") as out:
            notes.chmod(0o600)
            for a in accounts:
                out.write(f"{a.username}\t{a.role}\t{a.password}\t{a.totp_uri}\n")
    for a in accounts:
        print(
            f"demo staff account: {a.username} ({a.role}) password={a.password} "
            f"totp_uri={a.totp_uri}"
        )
    print(
        f"demo staff accounts and their passwords are in {notes} (sign in at /staff/sign-in; "
        "the first sign-in shows the QR code to scan). Citizens sign in at /sign-in with any "
        "mobile number; the code is at /dev/outbox."
    )
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    pending = asyncio.run(_with_database(settings, database.pending_migrations))
    if pending:
        print(
            f"the database is not set up ({pending} migrations to apply): run `motcua init` first",
            file=sys.stderr,
        )
        return 2
    if settings.is_prod and not settings.vnpay_hash_secret:
        print("note: no VNPay merchant settings; online payment is off", file=sys.stderr)
    uvicorn.run(
        "api.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        proxy_headers=True,
    )
    return 0


def cmd_catalog(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    fmt = transfer.format_of(path.name)
    service = CatalogService(SystemClock())
    if args.action == "export":
        catalog = asyncio.run(_with_database(settings, service.export_catalog))
        path.write_bytes(transfer.encode(catalog, fmt))
        print(f"exported {len(catalog.procedures)} procedure versions to {path}")
        return 0
    if not path.is_file():
        raise InvalidInput.one("file", f"{path} does not exist or is not a file")
    catalog = transfer.decode(path.read_bytes(), fmt)
    report = asyncio.run(_with_database(settings, lambda: service.import_catalog(catalog)))
    print(
        f"imported {path}: {report.created} new, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    return 0


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> int:
    """Create a staff account; prints its TOTP enrolment URI as `totp_uri=otpauth://...`."""
    service = StaffService(SystemClock(), str(settings.secret_key))
    created = asyncio.run(
        _with_database(
            settings,
            lambda: service.create(
                SYSTEM_CONTEXT, args.username, args.password, args.role, args.unit, args.name
            ),
        )
    )
    print(f"created staff account {created.username} (id {created.id}, {', '.join(args.role)})")
    print(f"totp_uri={created.totp_uri}")
    return 0


REMIND_HELP = """Send the reminders due now to officers and unit heads, once, then exit.

--morning: the digest of dossiers overdue or due within the working day, one per unit and
person per day (nothing on a unit's days off). --crossing: a warning for each dossier that has
used 80 % of its allowance, once per dossier. Without either flag, both. Running again sends
nothing twice, so a schedule may overlap. `motcua worker` sends them on this schedule by itself
(and `motcua serve` does in dev); without a worker, cron runs

  0 7 * * *     motcua remind --morning
  */15 * * * *  motcua remind --crossing

with the same MOTCUA_* environment as the server."""


def cmd_remind(settings: Settings, args: argparse.Namespace) -> int:
    """Send the reminders due now (morning digest, 80 % warnings) once."""
    clock = SystemClock()
    service = ReminderService(clock, CalendarService(clock))
    both = not args.morning and not args.crossing

    async def work() -> int:
        pending = await database.pending_migrations()
        if pending:
            print(
                f"the database is not set up ({pending} migrations to apply): "
                "run `motcua init` first",
                file=sys.stderr,
            )
            return 2
        reports: list[ReminderReport] = []
        if args.morning or both:
            reports.append(await service.morning_digest())
        if args.crossing or both:
            reports.append(await service.crossing_80())
        for r in reports:
            print(f"{r.kind}: {r.messages} messages, {r.dossiers} dossiers, {r.units} units")
        return 0

    return asyncio.run(_with_database(settings, work))


DATABASE_RETRY_CAP_S = 10.0  # the longest wait between two tries of a database that is down
PING_TIMEOUT_S = 5.0  # an unreachable host must not hide a stop request for long


async def wait_for_database(engine: Engine, stop: asyncio.Event) -> bool:  # type: ignore[type-arg]
    """Wait until the database answers, trying again after 0.5 s, 1 s, 2 s … up to 10 s, so a
    worker started before (or while) its database is down starts working once it is back.
    False when `stop` is set first."""
    delay = 0.5
    while not stop.is_set():
        try:
            answered = await asyncio.wait_for(database.ping(engine), PING_TIMEOUT_S)
        except TimeoutError:
            answered = False
        if answered:
            return True
        logging.getLogger("motcua.worker").warning(
            "the database does not answer; trying again in %.1f s", delay
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
        delay = min(delay * 2, DATABASE_RETRY_CAP_S)
    return False


async def run_worker(settings: Settings, args: argparse.Namespace, stop: asyncio.Event) -> int:
    """The worker command's work: wait for the database, then run the jobs until `stop`."""
    from api.app import create_app  # the one composition root builds what the jobs use
    from api.worker import jobs_for, run_jobs

    app = create_app(settings, run_worker=False)  # binds its engine; nothing connects yet
    engine = database.bound_engine()
    assert engine is not None
    if not await wait_for_database(engine, stop):
        return 0  # stopped before the database ever answered
    async with database.connected(engine, pool_size=2):
        pending = await database.pending_migrations()
        if pending:
            print(f"the database is not set up ({pending} migrations to apply)", file=sys.stderr)
            return 2
        jobs = jobs_for(app.state)
        if args.once:
            for job in jobs:
                print(f"{job.name}: {await job.run()}")
            return 0
        await run_jobs(jobs, app.state.clock, stop)
        return 0


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run the background jobs (outbox delivery, payment reconciliation, reminders) until
    SIGTERM or Ctrl+C; with --once, run each job once and exit. Started while the database is
    down, it waits for it (trying again every few seconds) instead of exiting."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    async def work() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        return await run_worker(settings, args, stop)

    return asyncio.run(work())


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="motcua", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("init", help=cmd_init.__doc__).set_defaults(run=cmd_init)
    commands.add_parser("demo-data", help=cmd_demo_data.__doc__).set_defaults(run=cmd_demo_data)
    serve = commands.add_parser("serve", help="run the web server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=cmd_serve)
    work = commands.add_parser("worker", help=cmd_worker.__doc__)
    work.add_argument("--once", action="store_true", help="run each job once, then exit")
    work.set_defaults(run=cmd_worker)
    user = commands.add_parser("create-user", help=cmd_create_user.__doc__)
    user.add_argument(
        "--role",
        action="append",
        required=True,
        choices=ROLES,
        help="officer, head or admin; repeat for several roles",
    )
    user.add_argument("--username", required=True, help="3-64 characters of a-z 0-9 . _ -")
    user.add_argument(
        "--password", required=True, help="12+ characters, two kinds, without the username"
    )
    user.add_argument("--unit", default=None, help="unit code (officers and heads need one)")
    user.add_argument("--name", default="", help="full name")
    user.set_defaults(run=cmd_create_user)
    catalog = commands.add_parser("catalog", help="import or export procedures (.json or .csv)")
    catalog.add_argument("action", choices=["import", "export"])
    catalog.add_argument("file", help="a .json or .csv file")
    catalog.set_defaults(run=cmd_catalog)
    remind = commands.add_parser(
        "remind",
        help="send the reminders due now (morning digest, 80%% warnings), once",
        description=REMIND_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    remind.add_argument("--morning", action="store_true", help="the morning digest only")
    remind.add_argument("--crossing", action="store_true", help="the 80 %% warnings only")
    remind.set_defaults(run=cmd_remind)
    stats_cli.add_commands(commands)  # -- stats (commands) --
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(Settings.from_env(), args))
    except (ConfigurationError, DomainError) as exc:
        details = "".join(
            f"\n  {e.field}: {e.message}"
            for e in getattr(exc, "errors", [])
            if e.message != str(exc)
        )
        print(f"motcua: {exc}{details}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
