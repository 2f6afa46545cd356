"""`python -m tests.bench.run` (`make bench`): search and detail as ratios of a bare Litestar route,
then dossier submission (upload + filing) per second on SQLite and PostgreSQL.

One run measures, one server at a time and with the same server and load settings:
the baseline (tests/bench/baseline_app.py), then motcua's search and detail on the bundled
catalog, then the same on a synthetic catalog of --size procedures. Servers are pinned to core 1
and wrk to core 0 (TESTING.md, "Load generation"), each measurement after a short warm-up.
Then Lighthouse on the citizen pages (tests/bench/lighthouse.py) and the fault benches: PostgreSQL
stopped, the worker killed, the upload disk full, under load (tests/bench/faults.py; needs root).

Exit status: 1 if anything answered other than 200 or wrk saw a socket error (the numbers would
lie), or a submission was lost, duplicated, answered inconsistently or given up on, or a fault run
lost a dossier or payment, answered a 500 or did not recover; 130 on
Ctrl-C, otherwise 0, even when a target is MISSED: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from tests.bench import (
    cluster,
    faults,
    lighthouse,
    push_fanout,
    report,
    servers,
    stats,  # -- stats --
    submissions,
    synthetic,
    workload,
    wrk,
)
from tests.bench.report import Measurement, SubmissionRun

BASELINE_APP = "tests.bench.baseline_app:app"
MOTCUA_APP = "api.app:app_from_env"
RESULTS = servers.REPO / "bench-results" / "latest.json"
SYNTHETIC_DETAIL_SHARE = 0.5  # of the detail codes on the big catalog, the share from variants


@dataclasses.dataclass
class Bench:
    """One run's settings and scratch directory; every number goes through `measure`."""

    work: Path
    duration: int
    warmup: int
    headers: list[str]
    measurements: list[Measurement] = dataclasses.field(default_factory=list)
    submission_runs: list[SubmissionRun] = dataclasses.field(default_factory=list)
    lighthouse_scores: list[lighthouse.PageScores] = dataclasses.field(default_factory=list)
    fault_runs: list[faults.FaultRun] = dataclasses.field(default_factory=list)  # -- quality --
    load_before: tuple[float, ...] = dataclasses.field(default_factory=os.getloadavg)

    def measure(
        self, server: servers.Server, target: str, catalog: int | None, paths: Sequence[str]
    ) -> None:
        """Check every path answers 200, warm up, then keep one wrk run's numbers."""
        servers.check_paths(server, paths)
        label = f"{target}-{catalog or 0}"
        paths_file = workload.write_paths(paths, self.work / f"{label}.paths")
        print(
            f"  measuring {label}: {len(paths)} paths, warm-up {self.warmup}s, "
            f"then {self.duration}s",
            flush=True,
        )
        if self.warmup:
            wrk.run(server.url, paths_file, self.warmup, self.headers)
        cpu, start = servers.cpu_seconds(server), time.monotonic()
        result = wrk.run(server.url, paths_file, self.duration, self.headers)
        cpu, wall = servers.cpu_seconds(server) - cpu, time.monotonic() - start
        self.measurements.append(
            Measurement(
                target, catalog, len(paths), result, cpu / wall, result.requests / max(cpu, 1e-3)
            )
        )

    def settings(self) -> dict[str, object]:
        sample = self.work / "PATHS"
        return {
            "submissions": submissions.settings_of(self.submission_runs),
            "duration_s": self.duration,
            "warmup_s": self.warmup,
            "wrk": wrk.command("URL", sample, self.duration, self.headers),
            "server": servers.uvicorn_command("APP", 0, factory=False),
            "cpus": os.cpu_count(),
            "load_average_before": [round(n, 2) for n in self.load_before],
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.duration < 1 or args.size <= len(synthetic.bundled()):
        parser.error("--duration is at least 1s; --size exceeds the bundled catalog's 120")
    if not set(args.databases.split(",")) <= set(submissions.DATABASES) or args.clients < 1:
        parser.error(f"--databases is a list of {', '.join(submissions.DATABASES)}; --clients >= 1")
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # so the servers are stopped then too
    try:
        with tempfile.TemporaryDirectory(prefix="motcua-bench-") as work:
            bench = Bench(Path(work), args.duration, args.warmup, _headers(args))
            _run(bench, args)
    except KeyboardInterrupt:
        print("\nbench: interrupted; servers stopped", file=sys.stderr)
        return 130
    except (
        servers.ServerError,
        wrk.WrkError,
        subprocess.SubprocessError,
        submissions.SubmissionBenchError,
        lighthouse.LighthouseError,  # -- quality --
        faults.FaultBenchError,
        cluster.ClusterError,
    ) as exc:
        print(f"\nbench: FAILED: {exc}", file=sys.stderr)
        return 1
    return _report(bench, args.out)


def _run(bench: Bench, args: argparse.Namespace) -> None:
    """Baseline, the catalog half, the submission half: one server at a time."""
    print("baseline: a bare Litestar JSON route", flush=True)
    with servers.serving("baseline", BASELINE_APP, env=dict(os.environ), log_dir=bench.work) as s:
        bench.measure(s, "baseline", None, ["/"])
    if args.only in (None, "catalog"):
        _run_catalog(bench, args.size)
    if args.only in (None, "submissions"):
        settings = submissions.Settings(
            clients=args.clients,
            duration=args.submit_duration,
            warmup=args.submit_warmup,
            databases=tuple(args.databases.split(",")),
            pg_url=args.pg_url,
        )
        bench.submission_runs += submissions.run_all(bench.work, settings)
    # -- quality --: Lighthouse on the citizen pages, then the fault benches
    if args.only in (None, "lighthouse"):
        bench.lighthouse_scores = lighthouse.run_all(bench.work)
    if args.only in (None, "faults"):
        bench.fault_runs = faults.run_all(bench.work)
    if args.only in (None, "push"):  # -- push fan-out --
        push_fanout.run_from_bench(bench.work)
    if args.only in (None, "stats"):  # -- stats --: 1M synthetic dossiers, year and month
        databases = tuple(args.databases.split(","))
        stats.run_all(bench.work, args.stats_dossiers, databases, args.pg_url)


def _run_catalog(bench: Bench, size: int) -> None:
    """The bundled catalog, then the synthetic one."""
    real_codes = [p.code for p in synthetic.bundled()]
    print("motcua, bundled catalog", flush=True)
    _measure_motcua(bench, "bundled", None, workload.spread(real_codes))
    print(f"motcua, synthetic catalog of {size} procedures", flush=True)
    catalog_file = synthetic.write(synthetic.build(size), bench.work / "synthetic.json")
    n_synthetic = round(workload.CODES_PER_RUN * SYNTHETIC_DETAIL_SHARE)
    codes = workload.spread(real_codes, workload.CODES_PER_RUN - n_synthetic)
    codes += workload.synthetic_codes(size - len(real_codes), n_synthetic)
    _measure_motcua(bench, "synthetic", catalog_file, codes)


def _measure_motcua(bench: Bench, name: str, catalog_file: Path | None, codes: list[str]) -> None:
    """Prepare a data dir as an operator would (init, import), serve it, measure both routes."""
    env = servers.motcua_env(bench.work / name)
    servers.motcua(env, "init")
    if catalog_file is not None:
        servers.motcua(env, "catalog", "import", str(catalog_file))
    with servers.serving(
        name, MOTCUA_APP, env=env, log_dir=bench.work, factory=True, ready_path="/healthz"
    ) as server:
        size = _catalog_size(server)
        bench.measure(server, "search", size, workload.search_paths())
        bench.measure(server, "detail", size, workload.detail_paths(codes))


def _catalog_size(server: servers.Server) -> int:
    """The number of procedures in force, as the server itself reports it."""
    status, body = servers.fetch(server, f"{workload.SEARCH}?size=1")
    if status != 200:
        raise servers.ServerError(f"{server.name}: the catalog answered {status}")
    return int(json.loads(body)["total"])


def _report(bench: Bench, out: Path) -> int:
    """Print the table and verdicts, save them, and fail only if some response was an error."""
    measurements = report.with_ratios(bench.measurements)
    found = report.verdicts(measurements)
    runs = report.submission_ratios(bench.submission_runs, measurements)
    submitted = report.submission_verdicts(runs)
    print(report.printable(measurements, found))
    if runs:
        print(report.submission_printable(runs, submitted))
    report.write_json(out, measurements, [*found, *submitted], bench.settings(), runs)
    _add_quality(bench, out)  # -- quality --
    print(f"results written to {out}")
    errors = report.errors_of(measurements) + report.submission_errors(runs)
    errors += faults.errors_of(bench.fault_runs)  # -- quality --
    if errors:
        print(
            "\nbench: FAILED, these numbers include errors:", *errors, sep="\n  ", file=sys.stderr
        )
        return 1
    return 0


def _add_quality(bench: Bench, out: Path) -> None:
    """Print the Lighthouse and fault figures and add them to the results file."""
    if bench.lighthouse_scores:
        print(lighthouse.printable(bench.lighthouse_scores))
    if bench.fault_runs:
        print(faults.printable(bench.fault_runs))
    saved = json.loads(out.read_text(encoding="utf-8"))
    saved["lighthouse"] = lighthouse.as_json(bench.lighthouse_scores)
    saved["faults"] = faults.as_json(bench.fault_runs)
    out.write_text(json.dumps(saved, ensure_ascii=False, indent=2), encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--duration", type=_seconds, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=_seconds, default=2, help="seconds of warm-up before each")
    parser.add_argument(
        "--size", type=int, default=5000, help="procedures in the synthetic catalog"
    )
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="send Accept-Encoding: gzip, as browsers do (off: the ratios' default)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    parser.add_argument(
        "--only",
        choices=("catalog", "submissions", "lighthouse", "faults", "push", "stats"),
        default=None,
        help="run one half only (the baseline is always measured, for the ratios)",
    )
    parser.add_argument(
        "--clients", type=int, default=64, help="concurrent citizens filing dossiers"
    )
    parser.add_argument(
        "--submit-duration", type=_seconds, default=20, help="seconds of submissions measured"
    )
    parser.add_argument(
        "--submit-warmup", type=_seconds, default=3, help="seconds of submissions before that"
    )
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("MOTCUA_BENCH_PG_URL", ""),
        help="a PostgreSQL server to make a throwaway database on, e.g. "
        "postgresql://postgres@127.0.0.1:5432/postgres (none: PostgreSQL is skipped)",
    )
    parser.add_argument(  # -- stats --
        "--stats-dossiers",
        type=int,
        default=1_000_000,
        help="dossiers in the statistics bench's synthetic province history",
    )
    return parser


def _seconds(text: str) -> int:
    """`10` or `10s`, as wrk writes durations."""
    value = int(text.removesuffix("s"))
    if value < 0:
        raise argparse.ArgumentTypeError("a duration is not negative")
    return value


def _headers(args: argparse.Namespace) -> list[str]:
    return ["Accept-Encoding: gzip"] if args.gzip else []


def _exit_on_sigterm(signum: int, _: FrameType | None) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
