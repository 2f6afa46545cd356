"""Dossier submission under load: 64 citizens filing birth registrations, then a count of the rows.

Two commands, each a process of its own:

`load` drives the server (two uvicorn workers; it and they share the machine's two cores, as the
target is per machine) with N concurrent clients (asyncio and the bare HTTP/1.1 client of
tests/bench/rawhttp.py, one keep-alive connection each, as N phones would; httpx cost more CPU per
dossier than the generator could spare at the target rates).
A client's loop is one dossier: upload a small JPEG whose pixels no other dossier shares
(tests/bench/jpegs.py; `POST /api/v1/uploads`), then file procedure 1.001193 with it
(`POST /api/v1/dossiers`) under a fresh `Idempotency-Key`. Every request that times out, loses
its connection or gets a 5xx is sent again, the same request with the same key, after a short
backoff. On purpose, a share of the filings is also
- replayed: sent again after its 201; the same code must come back, marked replayed;
- raced: sent twice at once, as a double tap does; both must answer the same code;
- cut off: the client stops waiting for the answer right after sending, as a phone losing its
  signal does, and then retries with the key; the server may or may not have filed it by then.
Only dossiers whose pair (upload + filing) completes inside the measured window count towards
dossiers/s; warm-up and the final drain (every client finishes the dossier in hand, so no key is
left in doubt) do not. Every key that got a 201 is written out with its code.

`check` (with the server's MOTCUA_* environment, after the server stopped) reads the database:
one dossier per key that got a 201, with the code the client was given (else it is *lost*), no
second dossier for a key nor a dossier no client knows of (*duplicated*), no code twice, and
exactly one document and one timeline event per dossier.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import json
import os
import random
import re
import resource
import secrets
import statistics
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.bench import jpegs, rawhttp, report, servers

PROCEDURE = "1.001193"  # Đăng ký khai sinh (tests/core/dossiers/conftest.py)
BIRTH_CERTIFICATE = 5  # its requirement "Giấy chứng sinh"
UPLOADS = "/api/v1/uploads"
DOSSIERS = "/api/v1/dossiers"
TIMEOUT_S = 30.0
CUT_OFF_S = 0.002  # "the signal dropped": stop reading this soon after sending
MAX_ATTEMPTS = 8
BACKOFF_S = 0.05  # doubled on each retry, plus jitter
RETRYABLE = frozenset(range(500, 600))
SERVER_WORKERS = 2  # the target is per machine: two uvicorn workers, the generator beside them
BOUNDARY = "motcua-bench-paper-9f3c1e7a5b"  # fixed: the multipart body is built per upload
UPLOAD_CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def birth_fields(client: int) -> dict[str, Any]:
    """Valid answers for 1.001193 (as in tests/core/dossiers/conftest.py), one child per client."""
    return {
        "applicant_name": "Nguyễn Văn An",
        "citizen_id": "038090001234",
        "phone": "0912345678",
        "address": {"province": "Thanh Hóa", "detail": f"Thôn {client % 9 + 1}, xã Đông Sơn"},
        "child_name": f"Nguyễn Thị Bình {client}",
        "child_birth_date": "25/02/2026",
        "child_sex": "Nữ",
        "birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
    }


# -- load ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Window:
    """The measured interval, on the loop's monotonic clock; stop ends the run."""

    start: float
    end: float
    stop: float

    def holds(self, begun: float, done: float) -> bool:
        return begun >= self.start and done <= self.end


@dataclasses.dataclass
class Tally:
    dossiers: int = 0  # pairs that completed inside the window
    submit_ms: list[float] = dataclasses.field(default_factory=list)
    pair_ms: list[float] = dataclasses.field(default_factory=list)
    upload_ms: list[float] = dataclasses.field(default_factory=list)
    errors: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    retries: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    replays: int = 0
    races: int = 0
    cut_offs: int = 0
    mismatches: list[str] = dataclasses.field(default_factory=list)
    filed: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # key → answer
    abandoned: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # no 201 in the end
    total_pairs: int = 0


class GaveUp(Exception):
    """A request still failed after MAX_ATTEMPTS, or answered a status no retry can fix."""


@dataclasses.dataclass(frozen=True, slots=True)
class Origin:
    """Where the server listens, and the authority its Host header is given."""

    host: str
    port: int
    authority: str

    @classmethod
    def of(cls, url: str) -> Origin:
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise SystemExit(f"--url must be http://host:port, not {url}")
        return cls(parts.hostname, parts.port or 80, parts.netloc)


class Client:
    """One citizen's phone: one dossier after another over its own keep-alive connection.

    A second connection, the spare, carries the other half of a race, which has to be on the
    wire at the same time as the first; it is opened when first needed (and again when the
    server has closed it for idling between races).
    """

    def __init__(
        self,
        n: int,
        citizen: dict[str, Any],
        origin: Origin,
        tally: Tally,
        window: Window,
        shares: dict[str, float],
        rng: random.Random,
    ) -> None:
        self.n = n
        self.citizen = int(citizen["citizen"])
        self.authorization = f"Bearer {citizen['token']}"
        self.origin = origin
        self.connection = rawhttp.Connection(origin.host, origin.port, timeout_s=TIMEOUT_S)
        self.spare = rawhttp.Connection(origin.host, origin.port, timeout_s=TIMEOUT_S)
        self.papers = jpegs.Papers(n)
        self.tally = tally
        self.window = window
        self.shares = shares
        self.rng = rng
        self.fields = birth_fields(n)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        serial = 0
        while loop.time() < self.window.stop:
            serial += 1
            await self.one_dossier(serial)

    async def close(self) -> None:
        await self.connection.aclose()
        await self.spare.aclose()

    async def one_dossier(self, serial: int) -> None:
        loop = asyncio.get_running_loop()
        begun = loop.time()
        try:
            upload_id = await self.upload(self.papers.jpeg(serial))
        except GaveUp as failure:
            self.tally.errors[f"upload {failure}"] += 1
            return
        uploaded = loop.time()
        key = f"bench-{self.n}-{serial}-{secrets.token_hex(6)}"
        filing = self.filing(key, upload_id)
        self.tally.total_pairs += 1
        draw = self.rng.random()
        try:
            if draw < self.shares["race"]:
                answer = await self.race(key, filing)
            else:
                cut_off = draw < self.shares["race"] + self.shares["cut_off"]
                answer = await self.submit(filing, cut_off=cut_off)
        except GaveUp as failure:
            self.tally.errors[f"submit {failure}"] += 1
            self.tally.abandoned.append({"key": key, "citizen": self.citizen, "why": str(failure)})
            return
        done = loop.time()
        self.tally.filed[key] = {"citizen": self.citizen, "code": answer["code"]}
        if self.window.holds(begun, done):
            self.tally.dossiers += 1
            self.tally.upload_ms.append((uploaded - begun) * 1000)
            self.tally.submit_ms.append((done - uploaded) * 1000)
            self.tally.pair_ms.append((done - begun) * 1000)
        if self.rng.random() < self.shares["replay"]:
            await self.replay(key, filing, answer)

    def request(self, path: str, content_type: str, body: bytes, key: str | None = None) -> bytes:
        """A POST as this citizen, whole, ready to be sent (and sent again unchanged)."""
        headers = {"Content-Type": content_type, "Authorization": self.authorization}
        if key is not None:
            headers["Idempotency-Key"] = key
        return rawhttp.request_bytes("POST", path, self.origin.authority, headers, body)

    def filing(self, key: str, upload_id: str) -> bytes:
        """The filing of 1.001193 with the uploaded paper, under `key`: one request for the
        first send, its retries, the race's twin and the replay alike."""
        body = {
            "procedure_code": PROCEDURE,
            "fields": self.fields,
            "documents": [{"requirement": BIRTH_CERTIFICATE, "upload_id": upload_id}],
        }
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return self.request(DOSSIERS, "application/json", data, key)

    async def upload(self, data: bytes) -> str:
        filename = f"giay-chung-sinh-{self.n}.jpg"
        body = rawhttp.multipart_body(BOUNDARY, "file", filename, "image/jpeg", data)
        response = await self.send("upload", self.request(UPLOADS, UPLOAD_CONTENT_TYPE, body))
        return str(response.json()["id"])

    async def submit(
        self, filing: bytes, *, cut_off: bool = False, connection: rawhttp.Connection | None = None
    ) -> Any:
        """File; with `cut_off`, first send it and drop the connection CUT_OFF_S later."""
        connection = connection or self.connection
        if cut_off:
            self.tally.cut_offs += 1
            try:
                await connection.exchange(filing, read_timeout_s=CUT_OFF_S)
            except rawhttp.TransportError:
                pass  # the answer (if any) is lost; the retry below asks again with the key
            else:
                self.tally.cut_offs -= 1  # it answered within the cut-off: not a lost answer
        response = await self.send("submit", filing, connection)
        answer = response.json()
        if cut_off and response.headers.get("idempotent-replayed") == "true":
            self.tally.retries["submit answered as replay after a cut-off"] += 1
        return answer

    async def race(self, key: str, filing: bytes) -> Any:
        """The same filing twice at once: one dossier, one code, both answers 201."""
        self.tally.races += 1
        first, second = await asyncio.gather(
            self.submit(filing), self.submit(filing, connection=self.spare)
        )
        if first["code"] != second["code"]:
            self.tally.mismatches.append(f"race {key}: {first['code']} != {second['code']}")
        return first

    async def replay(self, key: str, filing: bytes, answer: Any) -> None:
        self.tally.replays += 1
        try:
            again = await self.send("replay", filing)
        except GaveUp as failure:
            self.tally.errors[f"replay {failure}"] += 1
            return
        replayed = again.headers.get("idempotent-replayed")
        if again.json()["code"] != answer["code"] or replayed != "true":
            self.tally.mismatches.append(
                f"replay {key}: {again.json()['code']} (replayed {replayed}) != {answer['code']}"
            )

    async def send(
        self, what: str, request: bytes, connection: rawhttp.Connection | None = None
    ) -> rawhttp.Response:
        """One request, sent again unchanged on a timeout, a lost connection or a 5xx."""
        connection = connection or self.connection
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                await asyncio.sleep(BACKOFF_S * 2 ** (attempt - 1) * (0.5 + self.rng.random()))
            try:
                response = await connection.exchange(request)
            except rawhttp.TransportError as error:
                self.tally.retries[f"{what} {type(error).__name__}"] += 1
                continue
            if response.status == 201:
                return response
            if response.status in RETRYABLE:
                self.tally.retries[f"{what} {response.status}"] += 1
                continue
            raise GaveUp(f"{response.status} {response.text()[:200]}")
        raise GaveUp(f"still failing after {MAX_ATTEMPTS} attempts")


async def load(args: argparse.Namespace) -> dict[str, Any]:
    citizens = json.loads(args.tokens.read_text(encoding="utf-8"))[: args.clients]
    if len(citizens) < args.clients:
        raise SystemExit(f"{args.tokens} holds {len(citizens)} citizens, not {args.clients}")
    shares = {"replay": args.replay_share, "race": args.race_share, "cut_off": args.cut_off_share}
    tally = Tally()
    origin = Origin.of(args.url)
    rng = random.Random(args.seed)
    window = Window(0.0, 0.0, 0.0)  # set below, once every client is ready
    clients = [  # each encodes its two paper images here, before the clock starts
        Client(n, c, origin, tally, window, shares, random.Random(rng.random()))
        for n, c in enumerate(citizens)
    ]
    loop = asyncio.get_running_loop()
    now = loop.time()
    window.start, window.end = now + args.warmup, now + args.warmup + args.duration
    window.stop = window.end
    tasks = [asyncio.create_task(c.run()) for c in clients]
    try:
        await asyncio.sleep(max(0.0, window.start - loop.time()))
        cpu_before, wall_before = _cpu_seconds(), loop.time()
        server_before = _process_cpu_seconds(args.server_pid)
        await asyncio.sleep(max(0.0, window.end - loop.time()))
        cpu = _cpu_seconds() - cpu_before
        server_cpu = _process_cpu_seconds(args.server_pid) - server_before
        wall = loop.time() - wall_before
        await asyncio.gather(*tasks)  # the drain: every client finishes the dossier in hand
    finally:
        await asyncio.gather(*(c.close() for c in clients))
    summary = _summary(args, tally, wall, cpu)
    summary["server_cpu_share"] = round(server_cpu / wall, 3) if args.server_pid else None
    summary["server_cpu_ms_per_dossier"] = (
        round(server_cpu * 1000 / tally.dossiers, 2) if args.server_pid and tally.dossiers else None
    )
    return summary


def _summary(args: argparse.Namespace, tally: Tally, wall: float, cpu: float) -> dict[str, Any]:
    return {
        "clients": args.clients,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "window_s": round(wall, 3),
        "dossiers": tally.dossiers,
        "dossiers_per_s": round(tally.dossiers / wall, 1),
        "submit_p50_ms": _percentile(tally.submit_ms, 50),
        "submit_p99_ms": _percentile(tally.submit_ms, 99),
        "upload_p50_ms": _percentile(tally.upload_ms, 50),
        "upload_p99_ms": _percentile(tally.upload_ms, 99),
        "pair_p50_ms": _percentile(tally.pair_ms, 50),
        "pair_p99_ms": _percentile(tally.pair_ms, 99),
        "errors": dict(tally.errors),
        "retries": dict(tally.retries),
        "replays": tally.replays,
        "races": tally.races,
        "cut_offs": tally.cut_offs,
        "mismatches": tally.mismatches,
        "generator_cpu_share": round(cpu / wall, 3),
        "generator_cpu_ms_per_dossier": (
            round(cpu * 1000 / tally.dossiers, 2) if tally.dossiers else None
        ),
        "total_pairs": tally.total_pairs,
        "filed": tally.filed,
        "abandoned": tally.abandoned,
    }


def _percentile(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return round(values[0], 2) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 2)


def _process_cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of another process and its children (its workers), or 0."""
    if not pid:
        return 0.0
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended while we looked
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        times[child] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    tree, grown = {pid}, True
    while grown:
        found = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= found
        grown = bool(found)
    return sum(times.get(p, 0.0) for p in tree)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- check --------------------------------------------------------------------------------------


async def check(results: dict[str, Any]) -> dict[str, Any]:
    """What the database holds against what the clients were told (see the module docstring)."""
    from core import database
    from core.settings import Settings

    engine = database.engine_for(Settings.from_env().database_url)
    database.bind(engine)
    async with database.connected(engine, pool_size=1):
        rows = await engine.run_ddl("SELECT id, code, idempotency_scope FROM dossier")
        documents = await engine.run_ddl(
            "SELECT d.id AS id, COUNT(x.id) AS n FROM dossier d "
            "LEFT JOIN dossier_document x ON x.dossier = d.id GROUP BY d.id"
        )
        events = await engine.run_ddl(
            "SELECT d.id AS id, COUNT(x.id) AS n FROM dossier d "
            "LEFT JOIN dossier_event x ON x.dossier = d.id GROUP BY d.id"
        )
    return verify(results, rows, documents, events)


def verify(
    results: dict[str, Any],
    rows: Sequence[dict[str, Any]],
    documents: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    # Only the bench's own citizens' dossiers: `motcua demo-data` files two demo dossiers first.
    ours = {str(v["citizen"]) for v in results["filed"].values()}
    ours |= {str(a["citizen"]) for a in results["abandoned"]}
    rows = [r for r in rows if str(r["idempotency_scope"]).split(":")[0] in ours]
    kept = {r["id"] for r in rows}
    documents = [d for d in documents if d["id"] in kept]
    events = [e for e in events if e["id"] in kept]
    by_scope: dict[str, list[str]] = collections.defaultdict(list)
    for row in rows:
        by_scope[str(row["idempotency_scope"])].append(str(row["code"]))
    filed = {f"{v['citizen']}:{key}": v["code"] for key, v in results["filed"].items()}
    in_doubt = {f"{a['citizen']}:{a['key']}" for a in results["abandoned"]}
    lost = sorted(scope for scope, code in filed.items() if code not in by_scope.get(scope, []))
    duplicated = sum(len(codes) - 1 for codes in by_scope.values() if len(codes) > 1)
    unknown = sorted(s for s in by_scope if s not in filed and s not in in_doubt)
    codes = collections.Counter(str(row["code"]) for row in rows)
    same_code = sum(n - 1 for n in codes.values() if n > 1)
    return {
        "dossiers_in_database": len(rows),
        "keys_with_201": len(filed),
        "keys_in_doubt": len(in_doubt),
        "in_doubt_filed": sum(1 for s in in_doubt if s in by_scope),
        "lost": len(lost),
        "lost_examples": lost[:5],
        "duplicated": duplicated + len(unknown) + same_code,
        "unknown_examples": unknown[:5],
        "codes_twice": same_code,
        "without_one_document": sum(1 for d in documents if int(d["n"]) != 1),
        "without_one_event": sum(1 for e in events if int(e["n"]) != 1),
    }


# -- the runner's side: prepare, serve, load, check --------------------------------------------

DATABASES = ("sqlite", "postgresql")
MOTCUA_APP = "api.app:app_from_env"


class SubmissionBenchError(RuntimeError):
    """A step of the submission bench failed (preparation, the generator or the check)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    clients: int
    duration: int
    warmup: int
    databases: tuple[str, ...]
    pg_url: str


def run_all(work: Path, settings: Settings) -> list[report.SubmissionRun]:
    """One fresh installation per database, loaded then checked, one server at a time."""
    runs: list[report.SubmissionRun] = []
    for name in settings.databases:
        if name == "sqlite":
            runs.append(_run_one(work, settings, name, None))
        elif not settings.pg_url:
            print("submissions on postgresql: SKIPPED (no --pg-url; `make bench` gives one)")
        else:
            with _throwaway_database(settings.pg_url) as url:
                runs.append(_run_one(work, settings, name, url))
    return runs


def settings_of(runs: Sequence[report.SubmissionRun]) -> dict[str, Any]:
    return {
        "generator": [
            *("python", "-m", "tests.bench.submissions", "load"),
            "--clients N --duration S --warmup S",
        ],
        "server_workers": SERVER_WORKERS,
        "databases": [r.database for r in runs],
        "shares": {"replay": 0.10, "race": 0.02, "cut_off": 0.02},
    }


def _run_one(
    work: Path, settings: Settings, database: str, url: str | None
) -> report.SubmissionRun:
    label = f"submissions-{database}"
    print(f"motcua, dossier submission on {database}", flush=True)
    env = servers.motcua_env(work / label)
    if url:
        env["MOTCUA_DATABASE_URL"] = url
    servers.motcua(env, "init")
    _quietly(env, [str(Path(sys.executable).with_name("motcua")), "demo-data"])  # the units
    tokens = work / f"{label}.citizens.json"
    _quietly(
        env,
        [
            sys.executable,
            "-m",
            "tests.bench.citizens",
            "--count",
            str(settings.clients),
            "--out",
            str(tokens),
        ],
    )
    results, checked = work / f"{label}.results.json", work / f"{label}.check.json"
    with servers.serving(
        label,
        MOTCUA_APP,
        env=env,
        log_dir=work,
        factory=True,
        ready_path="/healthz",
        workers=SERVER_WORKERS,
    ) as server:
        print(
            f"  measuring {label}: {settings.clients} clients, warm-up {settings.warmup}s, "
            f"then {settings.duration}s",
            flush=True,
        )
        generator = [
            *(sys.executable, "-m", "tests.bench.submissions", "load"),
            *("--url", server.url, "--tokens", str(tokens), "--out", str(results)),
            *("--clients", str(settings.clients), "--duration", str(settings.duration)),
            *("--warmup", str(settings.warmup), "--server-pid", str(server.process.pid)),
        ]
        done = subprocess.run(
            generator,
            cwd=servers.REPO,
            timeout=settings.duration + settings.warmup + 600,
            check=False,
        )
        if done.returncode != 0:
            raise SubmissionBenchError(
                f"{label}: the generator exited with {done.returncode}\n{server.log_tail()}"
            )
    _quietly(
        env,
        [
            sys.executable,
            "-m",
            "tests.bench.submissions",
            "check",
            "--results",
            str(results),
            "--out",
            str(checked),
        ],
    )
    load_result = json.loads(results.read_text(encoding="utf-8"))
    load_result["server_errors"] = _server_errors(work / f"{label}.log")
    load_result["abandoned"] = len(load_result["abandoned"])
    load_result["filed"] = len(load_result["filed"])
    return report.SubmissionRun(
        database, load_result, json.loads(checked.read_text(encoding="utf-8"))
    )


def _server_errors(log: Path) -> dict[str, int]:
    """The exception lines of the server's log (a 5xx is logged with its traceback), counted."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    found = re.findall(r"^([A-Za-z_][\w.]*(?:Error|Exception)\b.*)$", text, re.MULTILINE)
    return dict(collections.Counter(line[:200] for line in found))


def _quietly(env: dict[str, str], command: list[str]) -> None:
    """Run a preparation step; its output only if it fails (demo-data prints passwords)."""
    shown = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command))
    print(f"  $ {shown}", flush=True)
    done = subprocess.run(command, cwd=servers.REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SubmissionBenchError(f"{shown} exited with {done.returncode}:\n{done.stderr[-3000:]}")


@contextlib.contextmanager
def _throwaway_database(server_url: str) -> Iterator[str]:
    """A database motcua_bench_<pid> on the server of `server_url`, dropped afterwards."""
    name = f"motcua_bench_{os.getpid()}"
    asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"'))
    print(f"  created database {name}", flush=True)
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        asyncio.run(_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        print(f"  dropped database {name}", flush=True)


async def _admin(server_url: str, statement: str) -> None:
    """One statement on the server's own database; CREATE DATABASE is retried while another
    session copies template1 (the test suites make databases too)."""
    import asyncpg

    connection = await asyncpg.connect(server_url)
    try:
        for attempt in range(5):
            try:
                await connection.execute(statement)
                return
            except asyncpg.exceptions.ObjectInUseError:
                if attempt == 4:
                    raise
                await asyncio.sleep(0.5 * (attempt + 1))
    finally:
        await connection.close()


# -- command line -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.submissions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("load", help="drive a running server; write the results as JSON")
    run.add_argument("--url", required=True)
    run.add_argument("--tokens", type=Path, required=True, help="from tests.bench.citizens")
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--clients", type=int, default=64)
    run.add_argument("--duration", type=float, default=20.0)
    run.add_argument("--warmup", type=float, default=3.0)
    run.add_argument("--replay-share", type=float, default=0.10)
    run.add_argument("--race-share", type=float, default=0.02)
    run.add_argument("--cut-off-share", type=float, default=0.02)
    run.add_argument("--seed", type=int, default=1193)
    run.add_argument("--server-pid", type=int, default=0, help="to read its CPU time in the window")
    verify_ = commands.add_parser("check", help="count the rows against a `load` result file")
    verify_.add_argument("--results", type=Path, required=True)
    verify_.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "load":
        summary = asyncio.run(load(args))
        args.out.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    else:
        results = json.loads(args.results.read_text(encoding="utf-8"))
        found = asyncio.run(check(results))
        args.out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
