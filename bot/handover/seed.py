"""The sample plant's handovers: every line, every shift of the last weeks, most confirmed
within minutes, some late (reminded), a few never confirmed (escalated)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert, select

from bot.handover.models import Handover
from bot.handover.shift import DEFAULT_SHIFTS, shift_at
from bot.sample_plant import layout
from bot.sample_plant.schema import production

if TYPE_CHECKING:  # the sample plant runs this seed
    from bot.sample_plant.routines import SeedPlant

WEEKS = 4
QUALITY = (
    "",
    "",
    "First piece OK after die change",
    "Burrs on door panel edge at PR-02, 3 pcs to rework",
    "Gauge on WD-03 recalibrated, parts since OK",
    "焊点气孔增多，已通知质量工程师",
    "One scratched dashboard trim found at final check",
    "首件检验合格",
)
SAFETY = (
    "",
    "",
    "",
    "Oil on the floor near PR-04, cleaned and reported",
    "叉车通道有托盘，已移走",
    "Guard on AS-02 loose, tightened",
)
WATCH = (
    "Die change on PR-03 at start of shift",
    "Fastener kanban running low, call material early",
    "WD-01 robot faults at start: warm it up first",
    "注意 2 号焊机电极头磨损",
    "New operator on station 4, support him",
    "Audit by the customer tomorrow: 5S at the end of shift",
    "首件检验后再批量生产",
    "Torque tool drifts: check every hour",
)


def seed(connection: Connection, plant: SeedPlant) -> dict[Table, int]:
    """Insert `WEEKS` weeks of handovers, up to the last shift ended before midday of the end day."""
    rng = plant.rng
    now_local = datetime.combine(plant.end, time(12, 0))
    first = max(plant.start, plant.end - timedelta(weeks=WEEKS))
    output = _output(connection, datetime.combine(first, time()), now_local)
    rows: list[dict[str, Any]] = []
    day = first
    while day <= plant.end:
        for code, _name, _name_zh, start, _end in DEFAULT_SHIFTS:
            shift = shift_at(datetime.combine(day, time.fromisoformat(start)), list(DEFAULT_SHIFTS))
            if shift.end > now_local:
                continue
            for index, line in enumerate(plant.lines):
                lead = layout.TEAM_LEADS[(index + "ABC".index(code)) % len(layout.TEAM_LEADS)]
                rows.append(_row(rng, plant, line, shift, lead, output, len(rows) + 1))
        day += timedelta(days=1)
    table = Handover.__table__
    assert isinstance(table, Table)
    if rows:
        connection.execute(insert(table), rows)
    return {table: len(rows)}


def _output(connection: Connection, start: datetime, end: datetime) -> dict[tuple[int, datetime], list[int]]:
    """(line id, plant hour) → [planned, output, scrap] of the sample plant's production."""
    t = production
    found: dict[tuple[int, datetime], list[int]] = defaultdict(lambda: [0, 0, 0])
    query = select(t.c.line_id, t.c.hour_start, t.c.planned_qty, t.c.output_qty, t.c.scrap_qty).where(
        t.c.hour_start >= start, t.c.hour_start < end
    )
    for line_id, hour, planned, made, scrap in connection.execute(query):
        found[(line_id, hour)] = [planned, made, scrap]
    return found


def _row(
    rng: Any, plant: SeedPlant, line: dict[str, Any], shift: Any, lead: str, output: Any, row_id: int
) -> dict[str, Any]:
    planned = made = scrap = 0
    hour = shift.start
    while hour < shift.end:
        figures = output.get((line["id"], hour), [0, 0, 0])
        planned, made, scrap = planned + figures[0], made + figures[1], scrap + figures[2]
        hour += timedelta(hours=1)
    submitted = plant.utc(shift.end + timedelta(minutes=rng.randint(-20, 15)))
    fate = rng.random()
    delay = timedelta(minutes=rng.randint(2, 25) if fate < 0.8 else rng.randint(31, 75))
    confirmed = fate < 0.96
    next_lead = layout.TEAM_LEADS[(layout.TEAM_LEADS.index(lead) + 1) % len(layout.TEAM_LEADS)]
    late = not confirmed or delay >= timedelta(minutes=30)
    calls, problems = rng.choice((0, 0, 0, 1, 1, 2)), rng.choice((0, 1, 1, 2, 3))
    return {
        "id": row_id,
        "line_id": line["id"],
        "shift_code": shift.code,
        "shift_date": shift.day,
        "shift_started_at": plant.utc(shift.start),
        "shift_ended_at": plant.utc(shift.end),
        "status": "confirmed" if confirmed else "submitted",
        "handed_over_by": lead,
        "open_calls": calls,
        "open_problems": problems,
        "open_items": "",
        "planned_qty": planned if planned else None,
        "output_qty": made if planned else None,
        "scrap_qty": scrap if planned else None,
        "output_note": "Behind plan: waited for material" if planned and made < 0.8 * planned else None,
        "quality_note": rng.choice(QUALITY),
        "safety_note": rng.choice(SAFETY),
        "watch_note": rng.choice(WATCH),
        "created_at": submitted - timedelta(minutes=rng.randint(3, 12)),
        "submitted_at": submitted,
        "confirmed_at": submitted + delay if confirmed else None,
        "confirmed_by": next_lead if confirmed else None,
        "reminded_at": submitted + timedelta(minutes=30) if late else None,
        "escalated_at": submitted + timedelta(minutes=60)
        if not confirmed or delay >= timedelta(minutes=60)
        else None,
        "platform": "console",
        "workspace": "",
        "channel": "",
        "thread": None,
        "language": "zh" if rng.random() < 0.4 else "en",
    }
