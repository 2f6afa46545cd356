"""wrk, pinned to its own core, and a parser for its report.

wrk spends far less CPU per request than the Python server it loads, so on a core of its own it
is never the bottleneck. Its report is parsed rather than read by eye so that any error response
or socket error fails the run instead of silently inflating requests/s.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

LOAD_CPU = "0"
THREADS = 1
CONNECTIONS = 32
ROTATE_SCRIPT = Path(__file__).with_name("rotate.lua")
_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_PERCENTILE = re.compile(r"^\s*(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_REQUESTS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


class WrkError(RuntimeError):
    """wrk failed, or printed a report this parser does not understand."""


@dataclasses.dataclass(frozen=True, slots=True)
class WrkResult:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def command(url: str, paths_file: Path, seconds: int, headers: list[str]) -> list[str]:
    """The exact command line, kept in the results so a number can be reproduced by hand."""
    extra = [arg for header in headers for arg in ("-H", header)]
    return [
        *("taskset", "-c", LOAD_CPU, "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s"),
        *("--latency", *extra, "-s", str(ROTATE_SCRIPT), url, "--", str(paths_file)),
    ]


def run(url: str, paths_file: Path, seconds: int, headers: list[str]) -> WrkResult:
    """One wrk run over the paths listed in `paths_file`, rotated by rotate.lua."""
    done = subprocess.run(
        command(url, paths_file, seconds, headers),
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}: {done.stderr.strip() or done.stdout}")
    return parse(done.stdout)


def parse(report: str) -> WrkResult:
    """The numbers of one wrk --latency report; error lines are absent when there were none."""
    rps = _RPS.search(report)
    requests = _REQUESTS.search(report)
    percentiles = {int(n): float(v) * _TO_MS[unit] for n, v, unit in _PERCENTILE.findall(report)}
    if rps is None or requests is None or not {50, 99} <= percentiles.keys():
        raise WrkError(f"unexpected wrk report:\n{report}")
    non_2xx = _NON_2XX.search(report)
    socket = _SOCKET.search(report)
    return WrkResult(
        requests=int(requests.group(1)),
        rps=float(rps.group(1)),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )
