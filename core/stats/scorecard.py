"""The Decision 766 scorecard: six groups, 100 points, each score explained by its numbers.

The formulas live in data/scorecard-766.json so a province can correct a weight or a threshold
without touching code; `load` checks the file (group maxima add up to 100, indicators' points to
their group's maximum, every counter named exists) and refuses a broken one at start-up.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.errors import ConfigurationError
from core.stats.tables import METRICS

DATA = Path(__file__).parent / "data" / "scorecard-766.json"
GROUP_KEYS = ("CKMB", "TDGQ", "DVCTT", "TTTT", "MDHL", "MDSH")


@dataclasses.dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    name: str
    points: float
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    scale: str  # linear | steps
    steps: tuple[tuple[float, float], ...]  # (lowest share, part of the points), best first
    when_empty: str  # full | zero | none
    confirmed: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Group:
    key: str
    name: str
    max: float
    indicators: tuple[Indicator, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Rules:
    decision: str
    note: str
    groups: tuple[Group, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class IndicatorScore:
    indicator: Indicator
    numerator: int
    denominator: int
    score: float | None  # None: not scored (no data)
    part: float  # steps: the part of the points the share reached

    @property
    def explanation(self) -> str:
        """The score with the numbers behind it, in Vietnamese (written only when shown)."""
        points, value = self.indicator.points, self.score
        if self.denominator <= 0:
            return "Chưa có hồ sơ để tính" + (
                "" if value is None else f": {_num(value)}/{_num(points)} điểm theo quy ước"
            )
        share = min(self.numerator / self.denominator, 1.0)
        if self.indicator.scale == "steps":
            rule = (
                f"{_pct(share)}, theo ngưỡng được {_num(self.part * 100)} % của {_num(points)} điểm"
            )
        else:
            rule = f"{_pct(share)} × {_num(points)} điểm"
        return f"{_int(self.numerator)}/{_int(self.denominator)} = {rule} = {_num(value or 0)} điểm"


@dataclasses.dataclass(frozen=True, slots=True)
class GroupScore:
    group: Group
    score: float | None
    indicators: tuple[IndicatorScore, ...]

    @property
    def confirmed(self) -> bool:
        return all(i.indicator.confirmed for i in self.indicators)


@dataclasses.dataclass(frozen=True, slots=True)
class Scorecard:
    groups: tuple[GroupScore, ...]

    @property
    def total(self) -> float:
        """Out of 100; a group without data scores nothing."""
        return round(sum(g.score or 0.0 for g in self.groups), 2)

    def by_key(self) -> dict[str, float | None]:
        return {g.group.key: g.score for g in self.groups}


@functools.cache
def load(path: Path = DATA) -> Rules:
    """The rules in `path`, checked; a ConfigurationError names what is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        groups = tuple(_group(g) for g in raw["groups"])
        rules = Rules(str(raw.get("decision", "")), str(raw.get("note", "")), groups)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigurationError(f"{path}: not a valid 766 scorecard ({error})") from None
    _check(rules, path)
    return rules


def score(counts: Mapping[str, int], rules: Rules | None = None) -> Scorecard:
    """The scorecard of one unit (or the province) from its summed counters."""
    rules = rules or load()
    groups = []
    for group in rules.groups:
        parts = tuple(_indicator(i, counts) for i in group.indicators)
        scored = [p.score for p in parts if p.score is not None]
        total = round(sum(scored), 2) if scored else None
        groups.append(GroupScore(group, total, parts))
    return Scorecard(tuple(groups))


def _indicator(indicator: Indicator, counts: Mapping[str, int]) -> IndicatorScore:
    top = sum(counts.get(name, 0) for name in indicator.numerator)
    bottom = sum(counts.get(name, 0) for name in indicator.denominator)
    points = indicator.points
    if bottom <= 0:
        value = {"full": points, "zero": 0.0}.get(indicator.when_empty)
        return IndicatorScore(indicator, top, bottom, value, 0.0)
    share = min(top / bottom, 1.0)
    part = share
    if indicator.scale == "steps":
        part = next((p for low, p in indicator.steps if share >= low), 0.0)
    return IndicatorScore(indicator, top, bottom, round(points * part, 2), part)


def _int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %".replace(".", ",")


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _group(raw: Mapping[str, Any]) -> Group:
    return Group(
        str(raw["key"]),
        str(raw["name"]),
        float(raw["max"]),
        tuple(_parse_indicator(i) for i in raw["indicators"]),
    )


def _parse_indicator(raw: Mapping[str, Any]) -> Indicator:
    steps = tuple((float(low), float(part)) for low, part in raw.get("steps", ()))
    return Indicator(
        key=str(raw["key"]),
        name=str(raw["name"]),
        points=float(raw["points"]),
        numerator=tuple(str(n) for n in raw["numerator"]),
        denominator=tuple(str(n) for n in raw["denominator"]),
        scale=str(raw.get("scale", "linear")),
        steps=tuple(sorted(steps, reverse=True)),
        when_empty=str(raw.get("when_empty", "none")),
        confirmed=bool(raw.get("confirmed", False)),
    )


def _check(rules: Rules, path: Path) -> None:
    problems = []
    if tuple(g.key for g in rules.groups) != GROUP_KEYS:
        problems.append(f"groups must be {', '.join(GROUP_KEYS)} in that order")
    if abs(sum(g.max for g in rules.groups) - 100) > 1e-9:
        problems.append("group maxima must add up to 100")
    for group in rules.groups:
        if abs(sum(i.points for i in group.indicators) - group.max) > 1e-9:
            problems.append(f"{group.key}: indicator points must add up to {group.max:g}")
        for i in group.indicators:
            unknown = [n for n in (*i.numerator, *i.denominator) if n not in METRICS]
            if unknown:
                problems.append(f"{group.key}.{i.key}: unknown counters {', '.join(unknown)}")
            if i.scale not in ("linear", "steps") or (i.scale == "steps" and not i.steps):
                problems.append(f"{group.key}.{i.key}: scale is linear, or steps with steps")
            if i.when_empty not in ("full", "zero", "none"):
                problems.append(f"{group.key}.{i.key}: when_empty is full, zero or none")
    if problems:
        raise ConfigurationError(f"{path}: " + "; ".join(problems))
