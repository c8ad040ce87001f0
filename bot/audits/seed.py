"""The sample plant's 5S/6S audits: every area audited weekly for the last weeks by rotating
auditors, item by item from the shipped checklists, improving slowly; checks scored below 3
opened a "5s" problem (older ones are resolved or closed by now)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from statistics import mean
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, func, insert, select

from bot.audits.config import DEFAULT_THRESHOLD
from bot.audits.models import FiveSAudit, FiveSScore
from bot.audits.templates import SIX_S, load_template
from bot.sample_plant import layout
from bot.store.models import Problem

if TYPE_CHECKING:  # the routines module lists this seed
    from bot.sample_plant.routines import SeedPlant

WEEKS = 6
#: How each S tends to score against the area's level: set-in-order and sustain slip most.
S_BIAS = {
    "sort": 0.2,
    "set_in_order": -0.5,
    "shine": 0.0,
    "standardize": -0.1,
    "sustain": -0.3,
    "safety": 0.1,
}


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def seed_audits(connection: Connection, plant: SeedPlant) -> dict[Table, int]:
    """Insert a few weeks of finished audits for every area, their item scores and the problems
    their low scores opened; returns rows inserted per table."""
    rng = plant.rng
    audits: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    next_problem = int(connection.scalar(select(func.max(Problem.id))) or 0) + 1
    end_utc = plant.utc(datetime.combine(plant.end, time(23, 59)))
    first_monday = plant.end - timedelta(days=plant.end.weekday() + 7 * (WEEKS - 1))
    for index, area in enumerate(plant.areas):
        six = area["kind"] in ("tool_room", "warehouse")
        items = load_template(area["kind"]).checklist(six=six)
        level = rng.uniform(3.3, 4.2)
        for week in range(WEEKS):
            day = first_monday + timedelta(days=7 * week + index % 5)
            if day > plant.end:
                continue
            started = plant.utc(datetime.combine(day, time(9 + index % 6, rng.randrange(60))))
            finished = started + timedelta(minutes=rng.randrange(12, 30))
            audit_id = len(audits) + 1
            auditor = layout.AUDITORS[(week + index) % len(layout.AUDITORS)]
            by_s: dict[str, list[int]] = {}
            for n, item in enumerate(items):
                target = level + 0.1 * week + S_BIAS[item.s]
                score = max(1, min(5, round(rng.gauss(target, 0.6))))
                by_s.setdefault(item.s, []).append(score)
                scores.append(
                    {
                        "id": len(scores) + 1,
                        "audit_id": audit_id,
                        "s": item.s,
                        "item": item.key,
                        "item_text": item.en,
                        "score": score,
                        "note": None,
                        "scored_by": auditor,
                        "scored_at": started + timedelta(minutes=n + 1),
                    }
                )
                if score < DEFAULT_THRESHOLD:
                    problems.append(
                        _problem(
                            next_problem + len(problems),
                            area,
                            (item.en, item.s, score, auditor),
                            day,
                            finished,
                            end_utc,
                            rng.random(),
                        )
                    )
            per_s = {s: round(mean(v), 2) for s, v in by_s.items()}
            audits.append(
                {
                    "id": audit_id,
                    "area_id": area["id"],
                    "audit_type": "6s" if six else "5s",
                    "status": "done",
                    "auditor": auditor,
                    "started_at": started,
                    "finished_at": finished,
                    "score": round(mean(per_s.values()), 2),
                    **{f"{s}_score": per_s.get(s) for s in SIX_S},
                    "note": "",
                    "problems_opened": sum(1 for v in by_s.values() for x in v if x < DEFAULT_THRESHOLD),
                    "language": "en",
                    "platform": "console",
                    "workspace": "",
                    "channel": "",
                    "thread": None,
                }
            )
    for table, rows in (
        (_table(FiveSAudit), audits),
        (_table(FiveSScore), scores),
        (_table(Problem), problems),
    ):
        keys = {key for row in rows for key in row}  # executemany needs the same keys in every row
        if rows:
            connection.execute(insert(table), [{key: row.get(key) for key in keys} for row in rows])
    return {_table(FiveSAudit): len(audits), _table(FiveSScore): len(scores), _table(Problem): len(problems)}


def _problem(
    problem_id: int,
    area: dict[str, Any],
    finding: tuple[str, str, int, str],
    day: date,
    opened: datetime,
    now: datetime,
    luck: float,
) -> dict[str, Any]:
    """The problem a low check (its text, S, score and auditor) opened; older ones have been
    resolved (and most closed) since."""
    check, s, score, auditor = finding
    priority = "high" if score == 1 else "medium"
    row: dict[str, Any] = {
        "id": problem_id,
        "title": f"5S {area['code']} · {s.replace('_', ' ')}: {check} ({score}/5)"[:200],
        "description": f"Found in a 5S audit by {auditor}. Suggested owner: {area['owner']}.",
        "category": "5s",
        "line_id": area["line_id"],
        "station_id": None,
        "reporter": auditor,
        "assignee": area["owner"],
        "priority": priority,
        "due_date": day + timedelta(days=3 if priority == "high" else 7),
        "status": "open",
        "opened_at": opened,
        "platform": "console",
        "workspace": "",
        "channel": "",
        "thread": None,
        "language": "en",
    }
    resolved = opened + timedelta(days=2 + 14 * luck)
    if resolved < now - timedelta(days=1):
        row.update(
            status="resolved",
            resolved_at=resolved,
            resolved_by=area["owner"],
            countermeasure="5S standard restored",
        )
        if luck < 0.7:
            row.update(status="closed", closed_at=resolved + timedelta(days=1), closed_by=auditor)
    return row
