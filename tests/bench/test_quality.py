"""The Lighthouse and fault benches judge their figures as they say (no server needed)."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

from tests.bench import faults, lighthouse


def report(performance: float, blocking_score: float) -> dict[str, Any]:
    """A Lighthouse JSON report cut down to what `scores_of` reads."""
    refs = [{"id": "total-blocking-time", "weight": 30}, {"id": "unused", "weight": 0}]
    categories = {c: {"score": 1.0, "auditRefs": []} for c in lighthouse.CATEGORIES}
    categories["performance"] = {"score": performance, "auditRefs": refs}
    audits = {
        "total-blocking-time": {"score": blocking_score, "numericValue": 396.4},
        "unused": {"score": 0.0},
        "first-contentful-paint": {"score": 1.0, "numericValue": 800.0},
    }
    return {"categories": categories, "audits": audits}


def test_a_miss_names_the_audits_that_cost_it() -> None:
    """Performance under 0.95 is a miss naming its weighted, failing audits only."""
    scores = lighthouse.scores_of("sign-in", "/sign-in", report(0.90, 0.4))
    assert scores.misses == ["performance 0.90 < 0.95: total-blocking-time"]
    assert scores.metrics == {"first-contentful-paint": 800.0, "total-blocking-time": 396.0}
    assert "MISSED" in lighthouse.printable([scores])


def test_scores_on_target_are_no_miss() -> None:
    """0.95 performance and 1.0 accessibility meet the targets exactly."""
    assert lighthouse.scores_of("home", "/", report(0.95, 1.0)).misses == []


def probe_with(statuses: list[tuple[float, int]]) -> faults.Probe:
    probe = faults.Probe("token", statuses)
    probe.fault_start, probe.fault_end = 10.0, 20.0
    return probe


def test_the_probe_counts_answers_in_the_fault_and_the_time_to_recover() -> None:
    """Answers inside the window are counted; recovery is the first 201 after it ends."""
    probe = probe_with([(5.0, 201), (11.0, 503), (19.0, 503), (20.5, 503), (21.25, 201)])
    assert probe.during() == {"503": 2}
    assert probe.recovered_s() == 1.25
    assert probe.server_errors() == 0
    assert probe_with([(12.0, 500)]).server_errors() == 1


def run(**overrides: Any) -> faults.FaultRun:
    values: dict[str, Any] = {
        "fault": "f",
        "database": "sqlite",
        "probe_during": {"503": 3},
        "probe_500s": 0,
        "recovered_s": 0.1,
        "dossiers_201": 10,
        "abandoned": 0,
        "lost": 0,
        "duplicated": 0,
        "client_retries": {},
        "client_errors": {},
    }
    return faults.FaultRun(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"lost": 1}, "1 lost"),
        ({"duplicated": 2}, "2 duplicated"),
        ({"probe_500s": 1}, "other than 503/507"),
        ({"recovered_s": None}, "no 201"),
        ({"payments": {"accepted": 3, "lost": 1}}, "payments"),
    ],
)
def test_a_lost_record_a_500_or_no_recovery_fails_the_bench(
    overrides: dict[str, Any], error: str
) -> None:
    """Each way a fault run goes wrong is reported as an error; a clean run is not."""
    assert faults.errors_of([run()]) == []
    (found,) = faults.errors_of([run(**overrides)])
    assert error in found


def test_filling_stops_at_enospc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The filler writes until the file system refuses, and counts what it wrote."""
    budget = [3 * 4096 + 5]

    class Quota:
        def __init__(self, path: Path) -> None:
            self.file = open(path, "wb")  # noqa: SIM115 (closed in __exit__)

        def __enter__(self) -> Quota:
            return self

        def __exit__(self, *_: object) -> None:
            self.file.close()

        def write(self, block: bytes) -> int:
            if len(block) > budget[0]:
                raise OSError(errno.ENOSPC, "No space left on device")
            budget[0] -= len(block)
            return self.file.write(block)

    monkeypatch.setattr(Path, "open", lambda self, *_, **__: Quota(self))
    assert faults._fill(tmp_path / "filler") == 3 * 4096 + 5
