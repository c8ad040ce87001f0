"""The sample plant's areas and the records of the lean routines (audits, safety reports,
handovers, tier meetings, improvement projects), seeded after the plant's history.

Each routine adds one `RoutineSeed` to `ROUTINE_SEEDS`. A seed gets its own random
generator (seeded from the plant's seed and its name), so adding a routine never changes
the data another one seeds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, insert

from bot.audits.seed import seed_audits
from bot.handover import seed as handover_seed
from bot.improve.seed import seed as improve_seed
from bot.safety.seed import seed as _safety_seed
from bot.sample_plant import layout
from bot.store.models import Area
from bot.tier.seed import seed_tier

# The plant's areas besides its lines: code, English and Chinese name, kind.
OTHER_AREAS = (
    ("OFFICE", "Office", "办公室", "office"),
    ("WH", "Warehouse", "仓库", "warehouse"),
    ("TOOL", "Tool room", "工具间", "tool_room"),
)
EHS_OWNERS = ("Feng Jing", "Tom Walker")
PEOPLE = (*layout.OPERATORS, *layout.TEAM_LEADS, *layout.ENGINEERS, *layout.AUDITORS)


@dataclass(frozen=True)
class SeedPlant:
    """What a routine's seed may build on: the plant's rows, people and period."""

    rng: random.Random
    lines: list[dict[str, Any]]
    stations: list[dict[str, Any]]
    areas: list[dict[str, Any]]
    people: tuple[str, ...]
    start: date
    end: date
    timezone: ZoneInfo

    def utc(self, local: datetime) -> datetime:
        """A plant-local time as the naive UTC the store keeps."""
        return local.replace(tzinfo=self.timezone).astimezone(UTC).replace(tzinfo=None)


RoutineSeed = Callable[[Connection, SeedPlant], dict[Table, int]]


def area_rows(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An area for every line (its team lead owns it) and the office, warehouse and tool room."""
    rows = [
        {
            "id": index,
            "code": line["code"],
            "name": line["name"],
            "name_zh": line["name_zh"],
            "kind": "assembly_line",
            "line_id": line["id"],
            "owner": layout.TEAM_LEADS[(index - 1) % len(layout.TEAM_LEADS)],
            "ehs_owner": EHS_OWNERS[(index - 1) % len(EHS_OWNERS)],
            "channel": None,
        }
        for index, line in enumerate(lines, start=1)
    ]
    for code, name, name_zh, kind in OTHER_AREAS:
        index = len(rows) + 1
        rows.append(
            {
                "id": index,
                "code": code,
                "name": name,
                "name_zh": name_zh,
                "kind": kind,
                "line_id": None,
                "owner": layout.ENGINEERS[(index - 1) % len(layout.ENGINEERS)],
                "ehs_owner": EHS_OWNERS[(index - 1) % len(EHS_OWNERS)],
                "channel": None,
            }
        )
    return rows


ROUTINE_SEEDS: tuple[tuple[str, RoutineSeed], ...] = (
    ("handover", handover_seed.seed),
    ("audits", seed_audits),
    ("tier", seed_tier),
    # One line per routine.
    ("safety", _safety_seed),
    ("improve", improve_seed),
)


def seed_routines(
    connection: Connection,
    *,
    seed: int,
    lines: list[dict[str, Any]],
    stations: list[dict[str, Any]],
    start: date,
    end: date,
    timezone: ZoneInfo,
) -> dict[Table, int]:
    """Insert the areas, then run every routine's seed; rows inserted per table."""
    areas = area_rows(lines)
    table = Area.__table__
    assert isinstance(table, Table)
    connection.execute(insert(table), areas)
    counts = {table: len(areas)}
    for name, routine_seed in ROUTINE_SEEDS:
        plant = SeedPlant(
            random.Random(f"{seed}:{name}"), lines, stations, areas, PEOPLE, start, end, timezone
        )
        counts.update(routine_seed(connection, plant))
    return counts
