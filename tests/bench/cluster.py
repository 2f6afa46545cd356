"""A throwaway PostgreSQL cluster that a test or the fault bench may stop and start at will.

The machine's own server on 5432 is shared with other test runs, so it is never stopped; this one
lives in a temporary directory, on a free port, from the installed binaries (TESTING.md), and is
removed when the block ends. Run as root: the server itself runs as the `postgres` user.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"


class ClusterError(RuntimeError):
    """The binaries are missing or a pg_ctl step failed."""


def _binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise ClusterError("no PostgreSQL binaries under /usr/lib/postgresql (apt-get postgresql)")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclasses.dataclass
class Cluster:
    directory: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/test"

    def _pg(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / tool), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise ClusterError(f"{tool} {' '.join(args)}: {done.stderr[-2000:]}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses={HOST} -c fsync=off"
        log = str(self.directory / "log")
        self._pg(
            "pg_ctl", "-D", str(self.directory / "data"), "-l", log, "-w", "-o", options, "start"
        )

    def stop(self) -> None:
        """A fast shutdown, as an operator's restart or a fail-over does: sessions are cut."""
        self._pg("pg_ctl", "-D", str(self.directory / "data"), "-w", "stop", "-m", "fast")

    def is_running(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 0.5):
            return True
        return False


@contextlib.contextmanager
def throwaway() -> Iterator[Cluster]:
    """A running cluster with an empty database `test`; stopped and deleted afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="motcua-pg-"))
    shutil.chown(directory, "postgres")
    cluster = Cluster(directory, _free_port(), _binaries())
    try:
        data = str(directory / "data")
        cluster._pg(
            "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"
        )
        cluster.start()
        cluster._pg("createdb", "-h", HOST, "-p", str(cluster.port), "-U", "postgres", "test")
        yield cluster
    finally:
        with contextlib.suppress(ClusterError):
            if cluster.is_running():
                cluster.stop()
        time.sleep(0.1)
        shutil.rmtree(directory, ignore_errors=True)
