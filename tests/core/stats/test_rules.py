"""Periods as people name them, and the 766 rules file: checked at load, scored as written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from core.errors import ConfigurationError, InvalidInput
from core.stats import periods, scorecard

TODAY = dt.date(2026, 5, 4)


def test_named_periods() -> None:
    assert periods.parse("2026", today=TODAY) == periods.of_year(2026)
    q2 = periods.parse("2026-Q2", today=TODAY)
    assert (q2.start, q2.end, q2.label) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30), "Quý 2/2026")
    feb = periods.parse("2028-02", today=TODAY)
    assert (feb.end, feb.grain, len(feb.buckets())) == (dt.date(2028, 2, 29), "day", 29)
    assert periods.parse("", today=TODAY).start == dt.date(2026, 1, 1)
    year = periods.of_year(2026)
    assert [b.label for b in year.buckets()][:2] == ["01/2026", "02/2026"]
    custom = periods.parse("", "2026-03-15", "2026-06-10", today=TODAY)
    months = custom.buckets()
    assert (months[0].start, months[-1].end, len(months)) == (custom.start, custom.end, 4)


@pytest.mark.parametrize(
    ("period", "start", "end", "field"),
    [
        ("2026-13", "", "", "period"),
        ("năm nay", "", "", "period"),
        ("2026", "2026-01-01", "", "period"),
        ("", "2026-02-30", "", "from"),
        ("", "2026-05-01", "2026-04-01", "to"),
        ("", "2015-01-01", "2026-01-01", "to"),
    ],
)
def test_bad_periods_name_the_field(period: str, start: str, end: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        periods.parse(period, start, end, today=TODAY)
    assert [e.field for e in caught.value.errors] == [field]


def test_the_bundled_rules_add_up_to_100_and_mark_what_is_unconfirmed() -> None:
    rules = scorecard.load()
    assert [(g.key, g.max) for g in rules.groups] == [
        ("CKMB", 18),
        ("TDGQ", 20),
        ("DVCTT", 12),
        ("TTTT", 10),
        ("MDHL", 18),
        ("MDSH", 22),
    ]
    confirmed = {i.key for g in rules.groups for i in g.indicators if i.confirmed}
    assert confirmed == {"on_time"}  # TDGQ as the national portal publishes it


def test_steps_and_empty_denominators() -> None:
    card = scorecard.score({"received": 10, "received_online": 6, "received_full_online": 3})
    dvctt = next(g for g in card.groups if g.group.key == "DVCTT")
    online, full = dvctt.indicators
    assert online.score == 6.0  # 60 %: the 50 % step gives 75 % of 8 points
    assert "60,0 %" in online.explanation and "75 %" in online.explanation
    assert full.score == 2.0 and full.explanation == "3/6 = 50,0 % × 4 điểm = 2 điểm"
    ckmb = next(g for g in card.groups if g.group.key == "CKMB")
    assert ckmb.score == 18.0  # no late dossier: the apology indicator counts in full
    assert "theo quy ước" in ckmb.indicators[1].explanation
    assert card.by_key()["MDHL"] is None and card.total == 18 + 0 + 8 + 0 + 0 + 0


def test_a_broken_rules_file_is_refused(tmp_path: Path) -> None:
    raw = json.loads(scorecard.DATA.read_text(encoding="utf-8"))
    raw["groups"][0]["indicators"][0]["numerator"] = ["no_such_counter"]
    raw["groups"][1]["max"] = 25
    path = tmp_path / "766.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        scorecard.load(path)
    assert "no_such_counter" in str(caught.value) and "add up to 100" in str(caught.value)
