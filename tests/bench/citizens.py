"""Citizens and their bearer tokens for the submission bench, made straight in the database.

`python -m tests.bench.citizens --count 64 --out tokens.json`, with the same MOTCUA_* environment
as the server, after `motcua init` and `motcua demo-data` (the receiving units) and before the
server starts. Signing 64 citizens in over HTTP would trip the per-address OTP rate limits, so
this goes through the core services instead: one citizen row each and
`TokenService.issue("bearer", ...)`, as the OTP sign-in itself does after the code checks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from core import database
from core.clock import SystemClock
from core.identity.tables import Citizen
from core.identity.tokens import TokenService
from core.settings import Settings

PHONE_PREFIX = "+8493"  # not the demo citizen's +84900000001 (motcua demo-data)


def phone_of(n: int) -> str:
    return f"{PHONE_PREFIX}{n:07d}"


async def make(count: int) -> list[dict[str, object]]:
    """`count` citizens, each with one live bearer token: [{"citizen", "phone", "token"}]."""
    clock = SystemClock()
    tokens = TokenService(clock)
    engine = database.bound_engine()
    assert engine is not None
    made: list[dict[str, object]] = []
    async with database.write_transaction(engine):
        for n in range(count):
            phone = phone_of(n)
            row = await Citizen.insert(
                Citizen(phone=phone, full_name=f"Công dân thử tải {n}", created_at=clock.now())
            ).returning(Citizen.id)
            citizen = int(row[0]["id"])
            token = await tokens.issue("bearer", citizen_id=citizen)
            made.append({"citizen": citizen, "phone": phone, "token": token})
    return made


async def _main(count: int) -> list[dict[str, object]]:
    settings = Settings.from_env()
    engine = database.engine_for(settings.database_url)
    database.bind(engine)
    async with database.connected(engine, pool_size=2):
        return await make(count)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.citizens", description=__doc__)
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--out", type=Path, required=True, help="JSON file of citizens + tokens")
    args = parser.parse_args(argv)
    made = asyncio.run(_main(args.count))
    args.out.write_text(json.dumps(made), encoding="utf-8")
    args.out.chmod(0o600)
    print(f"  {len(made)} citizens with bearer tokens in {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
