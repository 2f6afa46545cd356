"""Recompute every daily counter from the dossier tables (`motcua stats rebuild`).

The recorder (core.stats.recorder) counts each event as it commits; this walks what the events
left behind and must arrive at exactly the same rows, which makes it both the repair after an
import and the tests' oracle. Each figure is dated by the instant the dossier tables keep for it:

- filed: `submitted_at`; resolved, refused, withdrawn, stopped: `finished_at` (the verdict from
  the dossier clock read at that instant, as the recorder read it); returned: `returned_at`;
- pauses: each `dossier_pause` row's start; form 04: `extended_at`;
- steps: each closed control-sheet row with a verdict, on the unit that held it;
- online payments: the timeline lines core.dossiers.payment_hooks writes;
- a fee owed at filing: recomputed from the frozen procedure and the form, as the filing did.

Ratings come from core.feedback and are kept as they are. Everything is replaced in one write
transaction, so a reader sees the old counters or the new ones, never a mix.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from core import database, rows
from core.catalog.model import Procedure
from core.dossiers import clock as dossier_clock
from core.dossiers import procedures
from core.dossiers.payment_hooks import PAYMENT
from core.payments import fees
from core.stats.recorder import day_of, filing_counts, resolved_counts
from core.stats.tables import METRICS, StatDay

Key = tuple[str, dt.date]
BATCH = 2000
RATINGS = tuple(m for m in METRICS if m.startswith("rating_"))


async def rebuild(calendars: dossier_clock.Calendars) -> int:
    """Replace the counters with what the dossier tables give; the number of rows written."""
    counts = await compute(calendars)
    engine = StatDay._meta.db
    async with database.write_transaction(engine):
        kept = await StatDay.raw(f"SELECT unit_code, day, {', '.join(RATINGS)} FROM stat_day")  # noqa: S608
        for row in kept:
            key = (row["unit_code"], _date(row["day"]))
            counts.setdefault(key, Counter()).update({m: int(row[m] or 0) for m in RATINGS})
        await StatDay.raw("DELETE FROM stat_day")
        await StatDay.raw("DELETE FROM stat_month")  # the insert trigger refills it
        items = [(k, c) for k, c in counts.items() if any(c.values())]
        size = max(1, 30000 // (len(METRICS) + 2))
        for at in range(0, len(items), size):
            batch = [
                {"unit_code": unit, "day": day, **{m: c.get(m, 0) for m in METRICS}}
                for (unit, day), c in items[at : at + size]
            ]
            await rows.insert(StatDay, batch)
    return len(items)


async def snapshot() -> dict[Key, dict[str, int]]:
    """The counters as stored, without zeros: what tests compare."""
    stored = await StatDay.raw(f"SELECT unit_code, day, {', '.join(METRICS)} FROM stat_day")  # noqa: S608
    out = {}
    for row in stored:
        values = {m: int(row[m]) for m in METRICS if row[m]}
        if values:
            out[(row["unit_code"], _date(row["day"]))] = values
    return out


async def compute(calendars: dossier_clock.Calendars) -> dict[Key, Counter[str]]:
    """The counters the dossier tables give, per (unit, day)."""
    out: dict[Key, Counter[str]] = {}

    def add(unit: str, instant: dt.datetime, counts: dict[str, int]) -> None:
        out.setdefault((unit, day_of(instant)), Counter()).update(counts)

    frozen: dict[int, Procedure] = {}
    last = 0
    while True:
        batch = await StatDay.raw(
            "SELECT d.id, d.status, d.channel, d.fields, d.procedure, d.submitted_at, "
            "d.extended_at, d.extended_due_at, d.finished_at, d.returned_at, d.digitised, "
            "u.code AS unit_code, (SELECT COUNT(*) FROM dossier_document x "
            "WHERE x.dossier = d.id AND x.round = 0) AS documents "
            "FROM dossier d JOIN org_unit u ON u.id = d.receiving_unit "
            "WHERE d.id > {} ORDER BY d.id LIMIT {}",
            last,
            BATCH,
        )
        if not batch:
            break
        last = batch[-1]["id"]
        for d in batch:
            procedure = frozen.get(d["procedure"])
            if procedure is None:
                procedure = frozen[d["procedure"]] = await procedures.frozen(d["procedure"])
            await _dossier(calendars, d, procedure, add)
    for p in await StatDay.raw(
        "SELECT u.code, p.kind, p.started_at FROM dossier_pause p "
        "JOIN dossier d ON d.id = p.dossier JOIN org_unit u ON u.id = d.receiving_unit"
    ):
        kind = "paused_fee" if p["kind"] == "fee" else "paused_supplement"
        add(p["code"], _instant(p["started_at"]), {kind: 1})
    for s in await StatDay.raw(
        "SELECT u.code, s.verdict, s.ended_at FROM dossier_step s JOIN org_unit u ON u.id = s.unit "
        "WHERE s.ended_at IS NOT NULL AND s.verdict IN ('early', 'on_time', 'late')"
    ):
        add(s["code"], _instant(s["ended_at"]), {f"step_{s['verdict']}": 1})
    for e in await StatDay.raw(
        "SELECT u.code, e.at FROM dossier_event e JOIN dossier d ON d.id = e.dossier "
        "JOIN org_unit u ON u.id = d.receiving_unit "
        "WHERE e.actor_kind = {} AND e.actor_label = {}",
        PAYMENT.actor.kind,
        PAYMENT.actor.label,
    ):
        add(e["code"], _instant(e["at"]), {"paid_online": 1})
    return out


async def _dossier(
    calendars: dossier_clock.Calendars, d: dict[str, Any], procedure: Procedure, add: Any
) -> None:
    unit = d["unit_code"]
    channel = d["channel"] if d["channel"] in ("online", "counter", "post") else "online"
    # The fee owed at filing, as the filing computed it: fee_vnd may since include a request.
    fields = json.loads(d["fields"]) if isinstance(d["fields"], str) else d["fields"]
    fee = fees.dossier_fee(procedure, fees.fee_items(procedure, fields or {}))
    add(
        unit,
        _instant(d["submitted_at"]),
        filing_counts(
            channel,
            full_online=procedure.online_level == "full",
            with_fee=bool(fee and fee > 0),
            digitised=int(d["documents"]) > 0,
        ),
    )
    finished = _instant(d["finished_at"]) if d["finished_at"] else None
    status = d["status"]
    if finished is not None and status in ("done", "returned"):
        facts = dossier_clock.ClockFacts(
            _instant(d["submitted_at"]),
            _instant(d["extended_at"]) if d["extended_at"] else None,
            _instant(d["extended_due_at"]) if d["extended_due_at"] else None,
            finished,
        )
        reading = await dossier_clock.read(calendars, unit, procedure, d["id"], facts, finished)
        add(unit, finished, resolved_counts(reading, extended=facts.extended_at is not None))
    elif finished is not None and status in ("rejected", "withdrawn", "stopped"):
        add(unit, finished, {"refused" if status == "rejected" else status: 1})
    if d["extended_at"]:
        add(unit, _instant(d["extended_at"]), {"extended": 1})
    if d["returned_at"]:
        counts = {"returned": 1}
        if d["digitised"]:
            counts["returned_digitised"] = 1
        add(unit, _instant(d["returned_at"]), counts)


def _instant(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
