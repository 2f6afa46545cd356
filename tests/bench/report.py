"""The bench's verdict: a table, ratios to the baseline, targets met or MISSED, and a JSON copy.

Ratios, not requests/s, carry the targets: the baseline is measured in the same run on the same
core, so a ratio travels between a laptop and a CI runner far better than a raw number does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import platform
import subprocess
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from tests.bench import servers, wrk

RATIO_TARGET = 0.50
P99_LIMIT_MS = 50.0
FULL_CORE = 0.9  # a saturated server uses ~100% of its core; less means it had to share
VERSIONS = ("litestar", "msgspec", "uvicorn", "uvloop", "httptools", "piccolo", "aiosqlite")


@dataclasses.dataclass(frozen=True, slots=True)
class Measurement:
    target: str  # baseline, search or detail
    catalog: int | None  # procedures in force; None for the baseline
    paths: int  # distinct request paths wrk rotated over
    result: wrk.WrkResult
    cpu_share: float  # server CPU time / wall time: below ~0.9, something else had core 1 too
    per_cpu_second: float  # requests per second of server CPU: what contention cannot lower
    ratio: float = 1.0  # requests/s as a share of the baseline's
    cpu_ratio: float = 1.0  # requests per CPU-second as a share of the baseline's


@dataclasses.dataclass(frozen=True, slots=True)
class Verdict:
    text: str
    met: bool
    catalog: int
    value: float


def with_ratios(measurements: Sequence[Measurement]) -> list[Measurement]:
    """Each measurement's requests/s (and per CPU-second) divided by the baseline's."""
    baseline = next(m for m in measurements if m.target == "baseline")
    return [
        dataclasses.replace(
            m,
            ratio=m.result.rps / baseline.result.rps,
            cpu_ratio=m.per_cpu_second / baseline.per_cpu_second,
        )
        for m in measurements
    ]


def table(measurements: Sequence[Measurement]) -> str:
    header = (
        f"{'target':<9}{'catalog':>8}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'ratio':>7}"
        f"{'srv cpu':>9}{'cpu ratio':>10}{'errors':>7}"
    )
    rows = [
        f"{m.target:<9}{m.catalog or '-':>8}{m.result.rps:>9.0f}{m.result.p50_ms:>8.2f}"
        f"{m.result.p99_ms:>8.2f}{m.ratio:>7.2f}{m.cpu_share:>9.0%}{m.cpu_ratio:>10.2f}"
        f"{m.result.errors:>7}"
        for m in measurements
    ]
    return "\n".join([header, "-" * len(header), *rows])


def verdicts(measurements: Sequence[Measurement]) -> list[Verdict]:
    """Per catalog size: search and detail against the ratio target, both p99s against 50 ms."""
    baseline = _one(measurements, "baseline", None)
    found: list[Verdict] = []
    for size in sorted({m.catalog for m in measurements if m.catalog is not None}):
        search, detail = (_one(measurements, target, size) for target in ("search", "detail"))
        found += [_ratio_verdict(m, baseline) for m in (search, detail)]
        worst = max(search.result.p99_ms, detail.result.p99_ms)
        met = worst < P99_LIMIT_MS
        text = (
            f"p99 search/detail < {P99_LIMIT_MS:.0f} ms: {'yes' if met else 'no'} "
            f"({search.result.p99_ms:.1f} / {detail.result.p99_ms:.1f} ms)"
        )
        found.append(Verdict(text, met, size, worst))
    return found


def _ratio_verdict(m: Measurement, baseline: Measurement) -> Verdict:
    """Judged on req/s; on the CPU-second ratio when either server had to share its core.

    A saturated server's req/s is the inverse of its CPU time per request, so on a quiet machine
    both ratios agree; on a busy one only the CPU-second ratio still measures motcua.
    """
    assert m.catalog is not None
    clean = min(m.cpu_share, baseline.cpu_share) >= FULL_CORE
    value = m.ratio if clean else m.cpu_ratio
    shown = math.floor(value * 100) / 100  # never print 0.50 for a missed 0.498
    text = f"{m.target}/baseline = {shown:.2f} (target >= {RATIO_TARGET:.2f})"
    if not clean:
        text += f"  [per server CPU-second; NOISY run, req/s ratio {m.ratio:.2f}]"
    return Verdict(text, value >= RATIO_TARGET, m.catalog, value)


def printable(measurements: Sequence[Measurement], found: Sequence[Verdict]) -> str:
    lines = ["", table(measurements), ""]
    for size in sorted({v.catalog for v in found}):
        lines.append(f"catalog of {size} procedures:")
        lines += [f"  {v.text}{'' if v.met else '   MISSED'}" for v in found if v.catalog == size]
    missed = [f"{v.text.split(' ')[0]} ({v.catalog})" for v in found if not v.met]
    lines += ["", f"MISSED: {', '.join(missed)}" if missed else "all targets met"]
    lines += _noise(measurements)
    return "\n".join(lines)


def _noise(measurements: Sequence[Measurement]) -> list[str]:
    """A warning when the server did not have core 1 to itself, which lowers req/s unevenly."""
    shared = [f"{label(m)} {m.cpu_share:.0%}" for m in measurements if m.cpu_share < FULL_CORE]
    if not shared:
        return []
    return [
        f"NOISY: the server used less than {FULL_CORE:.0%} of core 1 in: {', '.join(shared)}.",
        "  Another process took part of core 1 (or starved wrk on core 0); the 'cpu ratio' column",
        "  (requests per server CPU-second, as a share of the baseline's) is then the fairer",
        "  comparison. Rerun on an idle machine for req/s and p99 to count.",
    ]


def errors_of(measurements: Sequence[Measurement]) -> list[str]:
    """One line per measurement that saw a non-2xx response or a socket error."""
    return [
        f"{label(m)}: {m.result.non_2xx} non-2xx responses, {m.result.socket_errors} socket errors"
        for m in measurements
        if m.result.errors
    ]


def write_json(
    path: Path,
    measurements: Sequence[Measurement],
    found: Sequence[Verdict],
    settings: dict[str, Any],
) -> None:
    """bench-results/latest.json: the numbers, the settings and versions that produced them."""
    document = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "settings": settings,
        "versions": {"python": platform.python_version(), **_versions()},
        "results": [_as_json(m) for m in measurements],
        "verdicts": [dataclasses.asdict(v) for v in found],
        "errors": errors_of(measurements),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _as_json(m: Measurement) -> dict[str, Any]:
    return {
        "target": m.target,
        "catalog": m.catalog,
        "paths": m.paths,
        **dataclasses.asdict(m.result),
        "ratio": round(m.ratio, 3),
        "cpu_share": round(m.cpu_share, 3),
        "per_cpu_second": round(m.per_cpu_second),
        "cpu_ratio": round(m.cpu_ratio, 3),
    }


def label(m: Measurement) -> str:
    return m.target if m.catalog is None else f"{m.target} ({m.catalog})"


def _one(measurements: Sequence[Measurement], target: str, size: int | None) -> Measurement:
    return next(m for m in measurements if m.target == target and m.catalog == size)


def _versions() -> dict[str, str]:
    found = {}
    for name in VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def _commit() -> str | None:
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=servers.REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or None
