"""The statistics bench (`python -m tests.bench.run --only stats`, or this module alone).

Per database: a fresh installation (`motcua init`), a synthetic province history of --dossiers
dossiers (`motcua stats synthesize`, timed), then one server and sequential GETs of the public
dashboard page and of `GET /api/v1/stats`, each for a year and a month, the province-wide
figures (the largest sums). Latency is measured at the client, one request at a time, after a
warm-up; the p95 is compared with the targets: 200 ms on PostgreSQL, 1 s on SQLite.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.bench import servers, submissions

MOTCUA_APP = "api.app:app_from_env"
YEAR = 2026
PATHS = {
    "api-year": f"/api/v1/stats?from={YEAR}-01-01&to={YEAR}-12-31",
    "api-month": f"/api/v1/stats?from={YEAR}-06-01&to={YEAR}-06-30",
    "page-year": f"/thong-ke?period={YEAR}",
    "page-month": f"/thong-ke?period={YEAR}-06",
}
FLOOR = "/healthz"  # one trivial query: what any request costs on this machine right now
TARGET_S = {"postgresql": 0.2, "sqlite": 1.0}


@dataclasses.dataclass(frozen=True, slots=True)
class StatsRun:
    database: str
    dossiers: int
    synthesize_s: float
    p50_ms: dict[str, float]
    p95_ms: dict[str, float]

    @property
    def met(self) -> bool:
        return max(self.p95_ms[k] for k in PATHS) <= TARGET_S[self.database] * 1000


def run_all(
    work: Path, dossiers: int, databases: Sequence[str], pg_url: str, requests: int = 40
) -> list[StatsRun]:
    runs = []
    for name in databases:
        if name == "sqlite":
            runs.append(_run_one(work, name, None, dossiers, requests))
        elif not pg_url:
            print("stats on postgresql: SKIPPED (no --pg-url; `make bench` gives one)")
        else:
            with submissions._throwaway_database(pg_url) as url:
                runs.append(_run_one(work, name, url, dossiers, requests))
    for run in runs:
        print(_line(run), flush=True)
    return runs


def _run_one(work: Path, database: str, url: str | None, dossiers: int, requests: int) -> StatsRun:
    print(f"motcua statistics on {database}, {dossiers} dossiers", flush=True)
    env = servers.motcua_env(work / f"stats-{database}")
    if url:
        env["MOTCUA_DATABASE_URL"] = url
    servers.motcua(env, "init")
    started = time.monotonic()
    servers.motcua(env, "stats", "synthesize", "--dossiers", str(dossiers), "--year", str(YEAR))
    made = time.monotonic() - started
    p50: dict[str, float] = {}
    p95: dict[str, float] = {}
    with servers.serving(
        f"stats-{database}", MOTCUA_APP, env=env, log_dir=work, factory=True, ready_path="/healthz"
    ) as server:
        for label, path in {**PATHS, "floor-healthz": FLOOR}.items():
            times = _timed(server, path, requests)
            p50[label] = round(statistics.median(times) * 1000, 1)
            p95[label] = round(statistics.quantiles(times, n=20)[-1] * 1000, 1)
    return StatsRun(database, dossiers, round(made, 1), p50, p95)


def _timed(server: servers.Server, path: str, requests: int) -> list[float]:
    for _ in range(3):  # warm-up: connections, caches
        _get(server, path)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        _get(server, path)
        times.append(time.perf_counter() - start)
    return times


def _get(server: servers.Server, path: str) -> None:
    status, body = servers.fetch(server, path)
    if status != 200 or not body:
        raise servers.ServerError(f"{server.name}: {path} answered {status}")


def _line(run: StatsRun) -> str:
    verdict = "met" if run.met else "MISSED"
    parts = ", ".join(f"{k} p50 {run.p50_ms[k]} ms / p95 {run.p95_ms[k]} ms" for k in run.p50_ms)
    return (
        f"stats {run.database}: {run.dossiers} dossiers synthesized in {run.synthesize_s}s; "
        f"{parts}; target p95 ≤ {TARGET_S[run.database] * 1000:.0f} ms: {verdict}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.stats", description=__doc__)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--requests", type=int, default=40, help="timed GETs per path")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="motcua-stats-") as work:
        runs = run_all(
            Path(work), args.dossiers, args.databases.split(","), args.pg_url, args.requests
        )
    if args.out:
        args.out.write_text(json.dumps([dataclasses.asdict(r) for r in runs], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
