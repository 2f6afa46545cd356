"""The uvicorn servers under test: pinned to core 1, healthy before use, always stopped.

Every target runs under the same command line (one worker, no access log, warnings only) so the
only difference between them is the application. Servers live in their own session so a Ctrl-C
in the terminal reaches this runner, which then stops them in order instead of leaving orphans.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SERVER_CPU = "1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
LOG_TAIL = 3000


class ServerError(RuntimeError):
    """A server did not start, died, or answered something other than 200."""


@dataclasses.dataclass(frozen=True, slots=True)
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return text[-LOG_TAIL:] or "(empty log)"


def motcua_env(data_dir: Path) -> dict[str, str]:
    """Our environment minus every MOTCUA_* setting, so nothing can point at a real database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(MOTCUA_ENV="test", MOTCUA_DATA_DIR=str(data_dir))
    return env


def motcua(env: dict[str, str], *args: str) -> None:
    """Run the `motcua` command of this venv, as an operator would prepare an installation."""
    cli = Path(sys.executable).with_name("motcua")
    print(f"  $ motcua {' '.join(args)}", flush=True)
    subprocess.run([str(cli), *args], cwd=REPO, env=env, check=True)


def uvicorn_command(app: str, port: int, *, factory: bool, workers: int = 1) -> list[str]:
    """The one server command line every target shares.

    One worker is pinned to core 1 (the catalog bench compares it with a bare route there);
    several workers are left to the scheduler, to use the whole machine.
    """
    pinned = ("taskset", "-c", SERVER_CPU) if workers == 1 else ()
    return [
        *(*pinned, sys.executable, "-m", "uvicorn", app),
        *("--host", HOST, "--port", str(port), "--workers", str(workers)),
        *("--no-access-log", "--log-level", "warning", *(["--factory"] if factory else [])),
    ]


@contextlib.contextmanager
def serving(
    name: str,
    app: str,
    *,
    env: dict[str, str],
    log_dir: Path,
    factory: bool = False,
    ready_path: str = "/",
    workers: int = 1,
) -> Iterator[Server]:
    """A server answering 200 on `ready_path`, stopped when the block ends, even on error."""
    port = _free_port()
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            uvicorn_command(app, port, factory=factory, workers=workers),
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, port, process, log)
    try:
        _wait_ready(server, ready_path)
        yield server
    finally:
        _stop(server)


def cpu_seconds(server: Server) -> float:
    """CPU time the server process has used so far (user + system), from /proc.

    Compared with the wall time of a run, it shows whether the server had its core to itself:
    on a shared machine another process can take part of core 1 and lower requests/s.
    """
    stat = Path(f"/proc/{server.process.pid}/stat").read_text(encoding="ascii")
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def check_paths(server: Server, paths: Iterable[str]) -> None:
    """Every path answers 200 before it is measured (a redirect counts as a failure too)."""
    for path in paths:
        status, _ = fetch(server, path)
        if status != 200:
            raise ServerError(f"{server.name}: GET {path} answered {status or 'nothing'}")


def fetch(server: Server, path: str) -> tuple[int, bytes]:
    """Status and body of one GET, (0, b"") when nothing answers; no redirect is followed."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_ready(server: Server, path: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(
                f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        if fetch(server, path)[0] == 200:
            return
        time.sleep(0.1)
    raise ServerError(
        f"{server.name}: GET {path} not 200 after {START_TIMEOUT:.0f}s:\n{server.log_tail()}"
    )


def _stop(server: Server) -> None:
    """SIGTERM first so uvicorn runs the app's shutdown; SIGKILL if it hangs."""
    if server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
