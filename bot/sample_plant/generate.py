"""Generate a realistic sample plant, deterministically from a seed.

Twelve or more weeks of history ending at a given date: hourly output against plan,
downtime with reasons, defects, and andon calls and problem reports
with full lifecycles in Gemba's own store. Some lines and machines are far worse than
others, as in any real plant.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Table, delete, func, insert, select, text

from bot.sample_plant import layout
from bot.sample_plant.routines import seed_routines
from bot.sample_plant.schema import (
    PLANT_TABLES,
    defects,
    downtime_events,
    metadata,
    production,
    production_daily,
    shifts,
    work_orders,
)
from bot.store.db import analyze
from bot.store.models import INTERNAL_TABLES, AndonCall, Base, Event, Line, Problem, Station, every_table

BATCH = 5000
UTC_ZONE = ZoneInfo("UTC")


@dataclass
class Counts:
    """How many rows each table received."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def has_plant_data(engine: Engine) -> bool:
    """True when the database already holds lines (sample or real)."""
    with engine.connect() as connection:
        return bool(connection.scalar(select(func.count()).select_from(Line)))


def generate(
    engine: Engine,
    *,
    end: date,
    seed: int = 7,
    weeks: int = 12,
    scale: int = 1,
    timezone: ZoneInfo = UTC_ZONE,
) -> Counts:
    """Fill `engine`'s database (already migrated) with a sample plant; returns row counts.

    History covers `weeks` full weeks before the week of `end` plus that week up to `end`.
    `scale` multiplies the number of lines (and so every table) for benchmarks.
    """
    rng = random.Random(seed)
    start = end - timedelta(days=end.weekday() + 7 * weeks)
    metadata.create_all(engine)
    plant = _Plant(rng, scale)
    counts = Counts()
    with engine.begin() as connection:
        for table, rows in (
            (_table(Line), plant.line_rows()),
            (_table(Station), plant.station_rows()),
            (shifts, plant.shift_rows()),
        ):
            counts.add(table.name, _insert(connection, table, rows))
        history = _History(rng, plant, start, end, timezone)
        for table, rows in history.tables():
            counts.add(table.name, _insert(connection, table, rows))
        routine_counts = seed_routines(
            connection,
            seed=seed,
            lines=plant.line_rows(),
            stations=plant.station_rows(),
            start=start,
            end=end,
            timezone=timezone,
        )
        for table, count in routine_counts.items():
            counts.add(table.name, count)
        if engine.dialect.name == "postgresql":
            _advance_sequences(
                connection,
                [
                    _table(Line),
                    _table(Station),
                    *PLANT_TABLES,
                    _table(AndonCall),
                    _table(Problem),
                    _table(Event),
                    *routine_counts,
                ],
            )
    with engine.begin() as connection:
        analyze(
            connection,
            [
                t.name
                for t in (_table(Line), _table(Station), *PLANT_TABLES, _table(AndonCall), _table(Problem))
            ],
        )
    return counts


def _advance_sequences(connection: Any, tables: list[Table]) -> None:
    """PostgreSQL does not move a serial's sequence past ids inserted explicitly: do it."""
    for table in tables:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def clear(engine: Engine) -> None:
    """Remove all plant data and ops records: lines, stations, calls, problems, events, areas
    and every routine's records."""
    records = [t for t in every_table().sorted_tables if t.name not in INTERNAL_TABLES]
    with engine.begin() as connection:
        for table in (*reversed(PLANT_TABLES), *reversed(records)):
            if engine.dialect.has_table(connection, table.name):
                connection.execute(delete(table))


def _insert(connection: Any, table: Table, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> int:
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            total += _insert_batch(connection, table, batch)
            batch = []
    return total + _insert_batch(connection, table, batch)


def _insert_batch(connection: Any, table: Table, batch: list[dict[str, Any]]) -> int:
    if batch:
        # executemany needs the same keys in every row: missing ones are NULL.
        keys = {key for row in batch for key in row}
        connection.execute(insert(table), [{key: row.get(key) for key in keys} for row in batch])
    return len(batch)


@dataclass
class _LineSpec:
    id: int
    area: layout.Area
    badness: float
    stations: list[tuple[int, float]]  # (station id, badness)


class _Plant:
    """Lines and stations, each with a badness factor that skews its events."""

    def __init__(self, rng: random.Random, scale: int) -> None:
        self.lines: list[_LineSpec] = []
        self._line_rows: list[dict[str, Any]] = []
        self._station_rows: list[dict[str, Any]] = []
        number = 0
        for copy in range(scale):
            for area in layout.AREAS:
                for _ in range(layout.LINES_PER_AREA):
                    number += 1
                    self._add_line(rng, number, area, copy)

    def _add_line(self, rng: random.Random, number: int, area: layout.Area, copy: int) -> None:
        badness = 2.6 if number == 3 else 1.6 if number == 5 else rng.uniform(0.6, 1.1)
        self._line_rows.append(
            {
                "id": number,
                "code": f"L{number}",
                "name": f"Line {number}",
                "name_zh": f"{number}号线",
                "area": area.name if copy == 0 else f"{area.name} {copy + 1}",
                "plant": layout.PLANT,
            }
        )
        stations = []
        for index in range(layout.STATIONS_PER_LINE):
            station_id = len(self._station_rows) + 1
            serial = (number - 1) % layout.LINES_PER_AREA * layout.STATIONS_PER_LINE + index + 1 + 100 * copy
            code = f"{area.machine_prefix}-{serial:02d}"
            station_badness = badness * (3.0 if code in ("PR-07", "WD-03") else rng.uniform(0.5, 1.2))
            self._station_rows.append(
                {
                    "id": station_id,
                    "line_id": number,
                    "code": code,
                    "name": f"{area.machine_kind.title()} {serial}",
                    "name_zh": f"{serial}号{area.machine_kind_zh}",
                    "kind": area.machine_kind,
                }
            )
            stations.append((station_id, station_badness))
        self.lines.append(_LineSpec(number, area, badness, stations))

    def line_rows(self) -> list[dict[str, Any]]:
        return self._line_rows

    def station_rows(self) -> list[dict[str, Any]]:
        return self._station_rows

    @staticmethod
    def shift_rows() -> list[dict[str, Any]]:
        return [
            {
                "id": i + 1,
                "code": code,
                "name": name,
                "name_zh": name_zh,
                "start_time": f"{hour:02d}:00",
                "end_time": f"{(hour + 8) % 24:02d}:00",
            }
            for i, (code, name, name_zh, hour) in enumerate(layout.SHIFTS)
        ]


def shift_of(moment: datetime) -> int:
    """The shift id (1 day, 2 swing, 3 night) of a plant-local time.

    >>> [shift_of(datetime(2026, 11, 2, hour)) for hour in (6, 21, 3)]
    [1, 2, 3]
    """
    hour = moment.hour
    return 1 if 6 <= hour < 14 else 2 if 14 <= hour < 22 else 3


def daily_totals(hours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`production_daily`'s rows: the hourly production rows summed per plant day, line and shift.

    >>> at = datetime(2026, 11, 2, 7)
    >>> row = {"line_id": 1, "shift_id": 1, "hour_start": at}
    >>> row |= {"planned_qty": 5, "output_qty": 4, "scrap_qty": 1}
    >>> daily_totals([row, {**row, "hour_start": at.replace(hour=8)}])[0]["output_qty"]
    8
    """
    figures = ("planned_qty", "output_qty", "scrap_qty")
    totals: dict[tuple[date, int, int], dict[str, Any]] = {}
    for hour in hours:
        key = (hour["hour_start"].date(), hour["line_id"], hour["shift_id"])
        if key not in totals:
            totals[key] = {"day": key[0], "line_id": key[1], "shift_id": key[2], **dict.fromkeys(figures, 0)}
        day = totals[key]
        for figure in figures:
            day[figure] += hour[figure]
    return [{"id": number, **day} for number, day in enumerate(totals.values(), start=1)]


class _History:
    """Events over the whole period, day by day and line by line."""

    def __init__(self, rng: random.Random, plant: _Plant, start: date, end: date, timezone: ZoneInfo) -> None:
        self.rng, self.plant, self.start, self.end, self.tz = rng, plant, start, end, timezone
        self.now_local = datetime.combine(end, time(12, 0))
        self.days = [start + timedelta(days=i) for i in range((end - start).days + 1)]

    def tables(self) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
        orders, output = self._production()
        yield work_orders, orders
        yield production, output
        yield production_daily, daily_totals(output)
        yield downtime_events, self._downtime()
        yield defects, self._defects
        calls, problems, events = self._andon_calls(), self._problems(), []
        events = [*self._events_for_calls(calls), *self._events_for_problems(problems)]
        yield _table(AndonCall), calls
        yield _table(Problem), problems
        yield _table(Event), events

    def _utc(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.tz).astimezone(UTC).replace(tzinfo=None)

    def _poisson(self, mean: float) -> int:
        # Knuth's method: fine for the small means used here.
        limit, k, p = math.exp(-mean), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    def _production(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self.rng
        orders: list[dict[str, Any]] = []
        output: list[dict[str, Any]] = []
        self._defects: list[dict[str, Any]] = []
        for line in self.plant.lines:
            for day in self.days:
                product = rng.choice(line.area.products)
                order_id = len(orders) + 1
                planned_day = line.area.rate_per_hour * 22
                status = "completed" if day < self.end else "in_progress"
                orders.append(
                    {
                        "id": order_id,
                        "code": f"WO-{day:%y%m%d}-L{line.id}",
                        "line_id": line.id,
                        "product": product,
                        "planned_qty": planned_day,
                        "due_date": day,
                        "status": status,
                    }
                )
                hours = 24 if day < self.end else self.now_local.hour
                for hour in range(hours):
                    moment = datetime.combine(day, time(hour))
                    planned = 0 if hour in (5, 13, 21) else line.area.rate_per_hour  # handover hours
                    efficiency = min(1.0, rng.gauss(0.93 - 0.06 * line.badness, 0.06))
                    made = max(0, round(planned * efficiency))
                    scrap = self._defects_in_hour(line, moment, made)
                    output.append(
                        {
                            "id": len(output) + 1,
                            "line_id": line.id,
                            "work_order_id": order_id,
                            "shift_id": shift_of(moment),
                            "hour_start": moment,
                            "planned_qty": planned,
                            "output_qty": made,
                            "scrap_qty": scrap,
                        }
                    )
        return orders, output

    def _defects_in_hour(self, line: _LineSpec, moment: datetime, made: int) -> int:
        rng, scrapped = self.rng, 0
        night = 1.5 if shift_of(moment) == 3 else 1.0
        for _ in range(self._poisson(0.12 * line.badness * night)):
            station, _badness = rng.choice(line.stations)
            kinds, weights = zip(*line.area.defect_types, strict=True)
            qty = max(1, min(made, round(rng.expovariate(1 / 3)))) if made else 1
            disposition = "scrap" if rng.random() < 0.45 else "rework"
            scrapped += qty if disposition == "scrap" else 0
            self._defects.append(
                {
                    "id": len(self._defects) + 1,
                    "line_id": line.id,
                    "station_id": station,
                    "shift_id": shift_of(moment),
                    "found_at": moment + timedelta(minutes=rng.randrange(60)),
                    "defect_type": rng.choices(kinds, weights)[0],
                    "qty": qty,
                    "disposition": disposition,
                }
            )
        return scrapped

    def _downtime(self) -> list[dict[str, Any]]:
        rng, rows = self.rng, cast(list[dict[str, Any]], [])
        for line in self.plant.lines:
            reasons, kinds, weights = zip(*line.area.downtime_reasons, strict=True)
            for station, badness in line.stations:
                for day in self.days:
                    for _ in range(self._poisson(0.55 * badness)):
                        started = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)))
                        if started >= self.now_local:
                            continue
                        index = rng.choices(range(len(reasons)), weights)[0]
                        minutes = max(2, round(rng.lognormvariate(math.log(14 * min(badness, 2.5)), 0.7)))
                        rows.append(
                            {
                                "id": len(rows) + 1,
                                "line_id": line.id,
                                "station_id": station,
                                "shift_id": shift_of(started),
                                "started_at": started,
                                "ended_at": started + timedelta(minutes=minutes),
                                "duration_min": minutes,
                                "reason": reasons[index],
                                "category": kinds[index],
                                "note": None,
                            }
                        )
        return rows

    def _andon_calls(self) -> list[dict[str, Any]]:
        rng, rows = self.rng, cast(list[dict[str, Any]], [])
        categories, weights = zip(*layout.ANDON_WEIGHTS.items(), strict=True)
        for line in self.plant.lines:
            for station, badness in line.stations:
                for day in self.days:
                    for _ in range(self._poisson(0.45 * badness)):
                        raised_local = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)))
                        if raised_local >= self.now_local:
                            continue
                        category = rng.choices(categories, weights)[0]
                        rows.append(self._call(len(rows) + 1, line, station, category, raised_local))
        return rows

    def _call(
        self, call_id: int, line: _LineSpec, station: int, category: str, raised_local: datetime
    ) -> dict[str, Any]:
        rng = self.rng
        raised = self._utc(raised_local)
        now = self._utc(self.now_local)
        ack_after = timedelta(seconds=round(rng.lognormvariate(math.log(150 * line.badness), 0.8)))
        fix_after = ack_after + timedelta(
            seconds=round(rng.lognormvariate(math.log(900 * line.badness), 0.7))
        )
        row: dict[str, Any] = {
            "id": call_id,
            "line_id": line.id,
            "station_id": station,
            "category": category,
            "reason": rng.choice(layout.ANDON_REASONS[category]),
            "severity": "high"
            if category == "safety"
            else rng.choices(("low", "normal", "high"), (2, 6, 1))[0],
            "status": "raised",
            "raised_at": raised,
            "raised_by": rng.choice(layout.OPERATORS),
            "escalation_level": 0,
            "platform": "console",
            "workspace": "",
            "channel": f"line-{line.id}",
            "language": rng.choice(("en", "zh")),
        }
        lead = rng.choice(layout.TEAM_LEADS)
        if rng.random() < 0.03 and raised + timedelta(minutes=2) < now:
            row.update(
                status="cancelled", cancelled_at=raised + timedelta(minutes=2), cancelled_by=row["raised_by"]
            )
            return row
        level = sum(ack_after > timedelta(minutes=m) for m in (5, 15, 30))
        if level:
            escalated = raised + timedelta(minutes=(5, 15, 30)[level - 1])
            if escalated < now:
                row.update(escalation_level=level, escalated_at=escalated)
        if raised + ack_after < now:
            row.update(status="acknowledged", acknowledged_at=raised + ack_after, acknowledged_by=lead)
        if raised + fix_after < now:
            row.update(
                status="resolved",
                resolved_at=raised + fix_after,
                resolved_by=lead,
                resolution_note="fixed and restarted",
            )
        return row

    def _problems(self) -> list[dict[str, Any]]:
        rng, rows = self.rng, cast(list[dict[str, Any]], [])
        categories = tuple(layout.PROBLEM_TITLES)
        now = self._utc(self.now_local)
        for day in self.days:
            for _ in range(self._poisson(1.6 * len(self.plant.lines) / 6)):
                line = rng.choices(self.plant.lines, [spec.badness for spec in self.plant.lines])[0]
                station, _ = rng.choice(line.stations)
                category = rng.choice(categories)
                opened = self._utc(datetime.combine(day, time(rng.randrange(6, 22), rng.randrange(60))))
                if opened >= now:
                    continue
                row: dict[str, Any] = {
                    "id": len(rows) + 1,
                    "title": rng.choice(layout.PROBLEM_TITLES[category]),
                    "description": "",
                    "category": category,
                    "line_id": line.id,
                    "station_id": station,
                    "reporter": rng.choice(layout.OPERATORS + layout.TEAM_LEADS),
                    "assignee": rng.choice(layout.ENGINEERS),
                    "priority": rng.choices(("low", "medium", "high", "critical"), (2, 5, 3, 0.5))[0],
                    "due_date": (opened + timedelta(days=rng.choice((3, 7, 14)))).date(),
                    "status": "open",
                    "opened_at": opened,
                    "platform": "console",
                    "workspace": "",
                    "channel": f"line-{line.id}",
                    "language": rng.choice(("en", "zh")),
                }
                self._advance_problem(row, now)
                rows.append(row)
        return rows

    def _advance_problem(self, row: dict[str, Any], now: datetime) -> None:
        rng, at = self.rng, row["opened_at"]
        if rng.random() < 0.05:
            rejected = at + timedelta(hours=rng.uniform(1, 24))
            if rejected < now:
                row.update(status="rejected", rejected_at=rejected, rejected_by=row["assignee"])
            return
        for status, column, mean_hours in (
            ("in_progress", "started", 30),
            ("resolved", "resolved", 220),
            ("closed", "closed", 48),
        ):
            at = at + timedelta(hours=rng.expovariate(1 / mean_hours))
            if at >= now:
                return
            row.update(status=status, **{f"{column}_at": at, f"{column}_by": row["assignee"]})
            if status == "resolved":
                row.update(root_cause="see 5 Whys", countermeasure="standard updated")

    def _events_for_calls(self, calls: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        steps = (
            ("raise", None, "raised"),
            ("acknowledge", "raised", "acknowledged"),
            ("resolve", "acknowledged", "resolved"),
            ("cancel", "raised", "cancelled"),
        )
        for call in calls:
            for action, before, after in steps:
                at = call.get(f"{after}_at")
                if at is not None:
                    yield {
                        "at": at,
                        "actor": call[f"{after}_by"],
                        "record_kind": "andon",
                        "record_id": call["id"],
                        "action": action,
                        "from_status": before,
                        "to_status": after,
                        "detail": None,
                    }
            if call["escalation_level"]:
                yield {
                    "at": call["escalated_at"],
                    "actor": "gemba",
                    "record_kind": "andon",
                    "record_id": call["id"],
                    "action": "escalate",
                    "from_status": None,
                    "to_status": None,
                    "detail": f"level {call['escalation_level']}",
                }

    def _events_for_problems(self, problems: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        steps = (
            ("open", None, "open", "opened_at", "reporter"),
            ("start", "open", "in_progress", "started_at", "started_by"),
            ("resolve", "in_progress", "resolved", "resolved_at", "resolved_by"),
            ("close", "resolved", "closed", "closed_at", "closed_by"),
            ("reject", "open", "rejected", "rejected_at", "rejected_by"),
        )
        for problem in problems:
            for action, before, after, at_column, by_column in steps:
                if problem.get(at_column) is not None:
                    yield {
                        "at": problem[at_column],
                        "actor": problem[by_column],
                        "record_kind": "problem",
                        "record_id": problem["id"],
                        "action": action,
                        "from_status": before,
                        "to_status": after,
                        "detail": None,
                    }
