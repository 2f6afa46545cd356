"""`motcua stats rebuild` and `motcua stats synthesize --dossiers N` (registered by api/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from core import database
from core.calendar.service import CalendarService
from core.catalog.service import CatalogService
from core.clock import SystemClock, today_in_vietnam
from core.settings import Settings
from core.stats import rebuild, synthetic

REBUILD_HELP = """Recompute every statistics counter from the dossier tables, in one transaction.

Use it after importing dossiers from another system, or to check the counters: the result is
what the incremental counting gives. Ratings (core.feedback) are kept as they are."""
SYNTHESIZE_HELP = """Write a synthetic province history for the statistics benchmark: 230 units
(codes 900.xx.xx.H99), N dossiers spread over --year with their timelines, and their counters.
For benchmarks on a throwaway database only; never on a real installation."""


def add_commands(commands: Any) -> None:
    """Add `stats rebuild` and `stats synthesize` to the `motcua` parser."""
    stats = commands.add_parser("stats", help="statistics: rebuild the counters, synthesize data")
    actions = stats.add_subparsers(dest="stats_command", required=True, metavar="ACTION")
    again = actions.add_parser(
        "rebuild",
        help="recompute the counters from the dossier tables",
        description=REBUILD_HELP,
    )
    again.set_defaults(run=cmd_rebuild)
    fake = actions.add_parser(
        "synthesize",
        help="write a synthetic history (benchmarks only)",
        description=SYNTHESIZE_HELP,
    )
    fake.add_argument("--dossiers", type=int, required=True, help="how many dossiers (≥ 1)")
    fake.add_argument("--year", type=int, default=None, help="the year (default: this year)")
    fake.add_argument("--seed", type=int, default=766, help="the random seed (repeatable)")
    fake.set_defaults(run=cmd_synthesize)


def cmd_rebuild(settings: Settings, _: argparse.Namespace) -> int:
    async def work() -> int:
        started = time.monotonic()
        written = await rebuild.rebuild(CalendarService(SystemClock()))
        print(f"stats: {written} unit-day rows rebuilt in {time.monotonic() - started:.1f}s")
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_synthesize(settings: Settings, args: argparse.Namespace) -> int:
    if args.dossiers < 1 or (args.year is not None and not 2000 <= args.year <= 2100):
        print("motcua: --dossiers is at least 1; --year is 2000–2100", file=sys.stderr)
        return 2
    clock = SystemClock()
    year = args.year or today_in_vietnam(clock).year

    async def work() -> int:
        catalog = CatalogService(clock)
        started = time.monotonic()

        def progress(done: int) -> None:
            if done % 100_000 == 0 or done == args.dossiers:
                print(f"  {done} dossiers, {time.monotonic() - started:.0f}s", flush=True)

        made = await synthetic.synthesize(
            clock, catalog, args.dossiers, year=year, seed=args.seed, progress=progress
        )
        print(
            f"stats: {made.dossiers} dossiers, {made.events} timeline events, "
            f"{made.counter_rows} unit-day counter rows over {made.units} units in "
            f"{time.monotonic() - started:.1f}s"
        )
        return 0

    return asyncio.run(_with_database(settings, work))


async def _with_database(settings: Settings, work: Any) -> int:
    engine = database.engine_for(settings.database_url)
    database.bind(engine)
    async with database.connected(engine, pool_size=2):
        pending = await database.pending_migrations()
        if pending:
            print(f"the database is not set up ({pending} migrations): run `motcua init` first")
            return 2
        result: int = await work()
        return result
