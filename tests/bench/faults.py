"""Fault benches (`--only faults`): the submission load of tests/bench/submissions.py while
something breaks underneath, then the same count of rows: nothing accepted may be lost.

1. PostgreSQL stopped for 10 s (a throwaway cluster, tests/bench/cluster.py: never the
   machine's own server) and started again, with `motcua worker` beside the server, which is
   killed with SIGKILL before the outage and started again (its jobs must pick up what it left).
2. The upload directory full for 10 s: the data dir's `files/` is a small tmpfs that a filler
   file fills to the last byte (ENOSPC, as a quota does), then the filler is removed (SQLite).

During each fault a prober uploads one fresh paper every PROBE_EVERY_S as a citizen of its own
and records every status: only 503 (database) or 507 (disk) may answer while the fault lasts,
never a 500; recovery is the time from the end of the fault to its first 201. The clients of the
load retry 5xx answers with the same Idempotency-Key (MAX_ATTEMPTS raised so that a retry
outlives a 10 s outage); afterwards `submissions check` counts lost (a 201 without its dossier)
and duplicated dossiers, which must both be 0.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import errno
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import asyncpg

from tests.bench import cluster, jpegs, payer, rawhttp, servers, submissions

CLIENTS = 16  # a lighter load than the submission bench: the point is the fault, not the rate
WARMUP_S = 2
DURATION_S = 30
OUTAGE_S = 10
FAULT_AT_S = 10  # seconds after the generator starts
WORKER_KILL_AT_S = 4
PROBE_EVERY_S = 0.1
RECOVER_TIMEOUT_S = 60
DRAIN_TIMEOUT_S = 30  # for the restarted worker to empty the outbox after the load
GENERATOR_MAX_ATTEMPTS = 12  # backoff 0.05·2^n s: the 12th try is ~100 s after the first
TMPFS_SIZE = "64m"
BOUNDARY = "motcua-fault-probe-4d2a"


class FaultBenchError(RuntimeError):
    """A fault could not be set up (no PostgreSQL binaries, no tmpfs) or a step failed."""


@dataclasses.dataclass
class Probe:
    """Statuses of the prober's uploads, and when the fault began and ended (monotonic)."""

    token: str
    statuses: list[tuple[float, int]] = dataclasses.field(default_factory=list)
    fault_start: float = 0.0
    fault_end: float = 0.0

    def during(self) -> dict[str, int]:
        seen = [s for t, s in self.statuses if self.fault_start <= t <= self.fault_end]
        return {str(k): v for k, v in sorted(collections.Counter(seen).items())}

    def recovered_s(self) -> float | None:
        ok = [t for t, s in self.statuses if t > self.fault_end and s == 201]
        return round(ok[0] - self.fault_end, 2) if ok else None

    def server_errors(self) -> int:
        return sum(1 for _, s in self.statuses if s >= 500 and s not in (503, 507))


@dataclasses.dataclass
class Loaded:
    load: dict[str, Any]
    check: dict[str, Any]
    probe: Probe
    notes: list[str]
    payer: payer.Payer | None


@dataclasses.dataclass
class FaultRun:
    fault: str
    database: str
    probe_during: dict[str, int]
    probe_500s: int
    recovered_s: float | None
    dossiers_201: int
    abandoned: int  # clients that gave up on a key (never told 201: not accepted, not lost)
    lost: int
    duplicated: int
    client_retries: dict[str, int]
    client_errors: dict[str, int]
    notes: list[str] = dataclasses.field(default_factory=list)
    payments: dict[str, int] = dataclasses.field(default_factory=dict)  # tests/bench/payer.py


# -- the generator, with retries that outlive an outage -----------------------------------------


def generator_main(argv: Sequence[str]) -> int:
    """`python -m tests.bench.faults load ...`: submissions' `load` with more retries."""
    submissions.MAX_ATTEMPTS = GENERATOR_MAX_ATTEMPTS
    return submissions.main(["load", *argv])


# -- one loaded run -----------------------------------------------------------------------------


def _prepare(env: dict[str, str], work: Path, label: str) -> Path:
    """init, demo-data (the units), CLIENTS + 2 citizens (the last two: the payer, the prober)."""
    servers.motcua(env, "init")
    motcua = str(Path(sys.executable).with_name("motcua"))
    submissions._quietly(env, [motcua, "demo-data"])
    tokens = work / f"{label}.citizens.json"
    submissions._quietly(
        env,
        [
            *(sys.executable, "-m", "tests.bench.citizens"),
            *("--count", str(CLIENTS + 2), "--out", str(tokens)),
        ],
    )
    return tokens


def _loaded(
    work: Path,
    label: str,
    env: dict[str, str],
    fault: Callable[[servers.Server, Probe], list[str]],
    paying_on: str | None = None,
) -> Loaded:
    """Serve, load, run `fault` meanwhile (it sets the probe's fault window), then check.
    With `paying_on` (a PostgreSQL URL), a payer pays fees all along (tests/bench/payer.py)."""
    tokens = _prepare(env, work, label)
    citizens = json.loads(tokens.read_text(encoding="utf-8"))
    probe = Probe(str(citizens[-1]["token"]))
    results, checked = work / f"{label}.results.json", work / f"{label}.check.json"
    with servers.serving(
        label,
        submissions.MOTCUA_APP,
        env=env,
        log_dir=work,
        factory=True,
        ready_path="/healthz",
        workers=submissions.SERVER_WORKERS,
    ) as server:
        print(f"  loading {label}: {CLIENTS} clients for {WARMUP_S + DURATION_S}s", flush=True)
        generator = subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.bench.faults", "load"),
                *("--url", server.url, "--tokens", str(tokens), "--out", str(results)),
                *("--clients", str(CLIENTS), "--duration", str(DURATION_S)),
                *("--warmup", str(WARMUP_S)),
            ],
            cwd=servers.REPO,
        )
        stop, stop_paying = threading.Event(), threading.Event()
        prober = threading.Thread(target=_probe, args=(server, probe, stop), daemon=True)
        prober.start()
        paying = payer.Payer(server, str(citizens[-2]["token"]), paying_on) if paying_on else None
        paying_thread = threading.Thread(
            target=paying.run if paying else (lambda _: None), args=(stop_paying,), daemon=True
        )
        paying_thread.start()
        try:
            notes = fault(server, probe)
            deadline = time.monotonic() + RECOVER_TIMEOUT_S
            while probe.recovered_s() is None and time.monotonic() < deadline:
                time.sleep(PROBE_EVERY_S)
            stop.set()
            prober.join()
            code = generator.wait(timeout=DURATION_S + WARMUP_S + 600)
            stop_paying.set()  # the payer finishes the fee in hand, as the clients do
            paying_thread.join(RECOVER_TIMEOUT_S)
        finally:
            stop.set()
            stop_paying.set()
            if generator.poll() is None:
                generator.kill()
                generator.wait()
        if code != 0:
            raise FaultBenchError(f"{label}: the generator exited with {code}")
    submissions._quietly(
        env,
        [
            *(sys.executable, "-m", "tests.bench.submissions", "check"),
            *("--results", str(results), "--out", str(checked)),
        ],
    )
    return Loaded(
        json.loads(results.read_text(encoding="utf-8")),
        json.loads(checked.read_text(encoding="utf-8")),
        probe,
        notes,
        paying,
    )


def _probe(server: servers.Server, probe: Probe, stop: threading.Event) -> None:
    """Upload a fresh paper every PROBE_EVERY_S; 0 stands for no answer at all."""
    papers = jpegs.Papers(10_000)
    serial = 0
    while not stop.is_set():
        serial += 1
        body = rawhttp.multipart_body(
            BOUNDARY, "file", "probe.jpg", "image/jpeg", papers.jpeg(serial)
        )
        connection = http.client.HTTPConnection(servers.HOST, server.port, timeout=10)
        try:
            connection.request(
                "POST",
                submissions.UPLOADS,
                body,
                {
                    "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                    "Authorization": f"Bearer {probe.token}",
                },
            )
            status = connection.getresponse().status
        except OSError:
            status = 0
        finally:
            connection.close()
        probe.statuses.append((time.monotonic(), status))
        stop.wait(PROBE_EVERY_S)


def _summary(fault: str, database: str, loaded: Loaded) -> FaultRun:
    load, check, probe = loaded.load, loaded.check, loaded.probe
    return FaultRun(
        fault=fault,
        database=database,
        probe_during=probe.during(),
        probe_500s=probe.server_errors(),
        recovered_s=probe.recovered_s(),
        dossiers_201=check["keys_with_201"],
        abandoned=len(load["abandoned"]),
        lost=check["lost"],
        duplicated=check["duplicated"],
        client_retries=load["retries"],
        client_errors=load["errors"],
        notes=loaded.notes,
    )


# -- 1. PostgreSQL stopped, worker killed ---------------------------------------------------------


def postgresql_outage(work: Path) -> FaultRun:
    print("faults: PostgreSQL stopped for 10 s under load, worker killed", flush=True)
    with cluster.throwaway() as pg:
        env = servers.motcua_env(work / "fault-postgresql")
        env["MOTCUA_DATABASE_URL"] = pg.url

        workers, spawned = contextlib.ExitStack(), []

        def fault(server: servers.Server, probe: Probe) -> list[str]:
            with _worker(env, work, "worker-1") as first:
                time.sleep(WORKER_KILL_AT_S)
                pending_before = asyncio_run(_outbox(pg.url))
                os.kill(first.pid, signal.SIGKILL)
                first.wait()
            notes = [
                f"worker killed (SIGKILL) at {WORKER_KILL_AT_S}s; outbox then {pending_before}"
            ]
            second = workers.enter_context(_worker(env, work, "worker-2"))
            spawned.append(second)
            started = _worker_ready(work / "worker-2.log", second)
            notes.append(f"restarted worker ran its first job after {started}s")
            time.sleep(max(0.0, FAULT_AT_S - WORKER_KILL_AT_S - started))
            probe.fault_start = time.monotonic()
            pg.stop()
            time.sleep(OUTAGE_S)
            pg.start()
            probe.fault_end = time.monotonic()
            if second.poll() is not None:  # a supervisor (systemd) would restart it
                notes.append(f"the worker exited {second.returncode} during the outage")
            return notes

        with workers:
            loaded = _loaded(work, "fault-postgresql", env, fault, paying_on=pg.url)
            loaded.notes.append(_drain(pg.url, spawned[-1], workers))
        assert loaded.payer is not None
        paid = asyncio_run(payer.lost_payments(pg.url, loaded.payer.accepted))
    run = _summary("postgresql stopped 10 s", "postgresql", loaded)
    run.payments = paid
    run.notes.append(f"payer's answers by status: {dict(loaded.payer.statuses)}")
    return run


@contextlib.contextmanager
def _worker(env: dict[str, str], work: Path, name: str) -> Iterator[subprocess.Popen[bytes]]:
    log = (work / f"{name}.log").open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("motcua")), "worker"],
        cwd=servers.REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _worker_ready(log: Path, worker: subprocess.Popen[bytes]) -> float:
    """Seconds until the worker logs its first job (it builds the whole app first)."""
    begun = time.monotonic()
    while time.monotonic() - begun < RECOVER_TIMEOUT_S and worker.poll() is None:
        if b"job " in log.read_bytes():
            break
        time.sleep(0.1)
    return round(time.monotonic() - begun, 1)


def _drain(url: str, worker: subprocess.Popen[bytes], workers: contextlib.ExitStack) -> str:
    """After the load, give the restarted worker time to empty the outbox; say what is left."""
    begun = time.monotonic()
    counts: dict[str, int] = {}
    while time.monotonic() - begun < DRAIN_TIMEOUT_S:
        counts = asyncio_run(_outbox(url))
        if not counts.get("pending"):
            break
        time.sleep(1)
    alive = "running" if worker.poll() is None else f"exited {worker.returncode}"
    workers.close()
    waited = time.monotonic() - begun
    return f"outbox {waited:.0f}s after the load (restarted worker {alive}): {counts}"


def asyncio_run(coroutine: Any) -> Any:
    try:
        return asyncio.run(coroutine)
    except OSError as error:  # the database is down right now: say so instead of failing
        return {"unreachable": str(error.errno or error)}


async def _outbox(url: str) -> dict[str, int]:
    return await _counts(url, "SELECT status AS k, COUNT(*) AS n FROM outbox_message GROUP BY 1")


async def _counts(url: str, query: str) -> dict[str, int]:
    connection = await asyncpg.connect(url)
    try:
        return {str(r["k"]): int(r["n"]) for r in await connection.fetch(query)}
    finally:
        await connection.close()


# -- 2. the upload directory full ---------------------------------------------------------------


def disk_full(work: Path) -> FaultRun:
    print("faults: the upload directory full for 10 s under load (tmpfs)", flush=True)
    data_dir = work / "fault-disk"
    files = data_dir / "files"
    files.mkdir(parents=True)
    with _tmpfs(files):
        env = servers.motcua_env(data_dir)

        def fault(server: servers.Server, probe: Probe) -> list[str]:
            time.sleep(FAULT_AT_S)
            filler = files / ".filler"
            written = _fill(filler)
            probe.fault_start = time.monotonic()  # from the moment not one byte is left
            time.sleep(OUTAGE_S)
            filler.unlink()
            probe.fault_end = time.monotonic()
            return [f"tmpfs {TMPFS_SIZE} at files/, filled with {written:,} bytes for {OUTAGE_S}s"]

        loaded = _loaded(work, "fault-disk", env, fault)
        leftovers = [p.name for p in files.rglob(".incoming-*")]
    run = _summary("upload disk full 10 s", "sqlite", loaded)
    run.notes.append(f"half-written temporary files left: {len(leftovers)}")
    return run


@contextlib.contextmanager
def _tmpfs(directory: Path) -> Iterator[None]:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise FaultBenchError(f"cannot mount a tmpfs (root needed): {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False)


def _fill(path: Path) -> int:
    """Write until the file system says ENOSPC (1 MiB, then 4 KiB at a time); bytes written."""
    written = 0
    with path.open("wb", buffering=0) as file:
        for chunk in (1 << 20, 1 << 12, 1):
            block = b"\0" * chunk
            while True:
                try:
                    written += file.write(block) or 0
                except OSError as error:
                    if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                        raise
                    break
    return written


# -- the runner's side --------------------------------------------------------------------------


def run_all(work: Path) -> list[FaultRun]:
    """Both faults, one server at a time."""
    return [postgresql_outage(work), disk_full(work)]


def errors_of(runs: Sequence[FaultRun]) -> list[str]:
    """What makes `make bench` fail: a lost or duplicated dossier, a 500, no recovery."""
    found = []
    for run in runs:
        if run.lost or run.duplicated:
            found.append(f"{run.fault}: {run.lost} lost, {run.duplicated} duplicated")
        if run.probe_500s:
            found.append(f"{run.fault}: {run.probe_500s} answers 5xx other than 503/507")
        if run.payments.get("lost") or run.payments.get("receipts_not_one"):
            found.append(f"{run.fault}: payments {run.payments}")
        if run.recovered_s is None:
            found.append(f"{run.fault}: no 201 within {RECOVER_TIMEOUT_S}s after the fault")
    return found


def printable(runs: Sequence[FaultRun]) -> str:
    lines = ["", "Faults (under the submission load)"]
    for run in runs:
        lines += [
            f"{run.fault} ({run.database}):",
            f"  probe answers during the fault: {run.probe_during}; other 5xx: {run.probe_500s}",
            f"  recovered {run.recovered_s}s after the fault ended (first 201)",
            f"  dossiers answered 201: {run.dossiers_201}; lost {run.lost}; "
            f"duplicated {run.duplicated}; keys given up by clients: {run.abandoned}",
            f"  client retries: {run.client_retries}",
        ]
        if run.payments:
            lines.append(f"  payments: {run.payments}")
        if run.client_errors:
            lines.append(f"  client gave up: {run.client_errors}")
        lines += [f"  {note}" for note in run.notes]
    return "\n".join(lines)


def as_json(runs: Sequence[FaultRun]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(r) for r in runs]


if __name__ == "__main__":
    if sys.argv[1:2] != ["load"]:
        raise SystemExit("usage: python -m tests.bench.faults load ARGS (see submissions load)")
    sys.exit(generator_main(sys.argv[2:]))
