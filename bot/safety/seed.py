"""A few weeks of safety observations for the sample plant: near misses, unsafe acts and
conditions, a few injuries, about a quarter of them anonymous, the older ones closed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert

from bot.safety.models import SafetyObservation

if TYPE_CHECKING:  # the sample plant imports this seed
    from bot.sample_plant.routines import SeedPlant

WEEKS = 6
#: (kind, weight, English and Chinese descriptions: "{station}" names a station on a line).
_KINDS: tuple[tuple[str, int, tuple[tuple[str, str], ...]], ...] = (
    (
        "near_miss",
        35,
        (
            ("Forklift nearly hit a walker at the crossing", "叉车在路口差点撞到行人"),
            ("Pallet almost fell from the top rack", "托盘险些从顶层货架掉落"),
            ("Hand almost caught in {station} while clearing a jam", "清理卡料时手差点被 {station} 夹到"),
            ("Hose whipped loose and nearly struck an operator", "软管松脱，差点打到操作工"),
        ),
    ),
    (
        "unsafe_condition",
        33,
        (
            ("Oil leak on the floor next to {station}", "{station} 旁地面漏油"),
            ("Guard on {station} left open", "{station} 的防护罩未关闭"),
            ("Emergency exit blocked by cartons", "安全出口被纸箱堵塞"),
            ("Exposed cable under the workbench", "工作台下电缆裸露"),
        ),
    ),
    (
        "unsafe_act",
        24,
        (
            ("Operator grinding without safety glasses", "操作工打磨时未戴护目镜"),
            ("Running in the aisle during shift change", "交接班时在通道内跑动"),
            ("Light curtain bypassed on {station}", "{station} 的光幕被绕过"),
            ("Using a phone while driving the forklift", "驾驶叉车时玩手机"),
        ),
    ),
    (
        "injury",
        8,
        (
            ("Operator cut a finger on a sheet-metal burr", "操作工手指被钣金毛刺割伤"),
            ("Minor burn from a hot weld part at {station}", "在 {station} 被焊接件轻微烫伤"),
            ("Sprained ankle stepping off a platform", "下平台时扭伤脚踝"),
        ),
    ),
)
_SEVERITIES = {
    "injury": ("medium", "high", "high", "critical"),
    "near_miss": ("medium", "high", "high", "low"),
}
_OTHER_SEVERITIES = ("low", "medium", "medium", "medium", "high")


def seed(connection: Connection, plant: SeedPlant) -> dict[Table, int]:
    """Insert the sample plant's safety observations; rows inserted per table."""
    rng = plant.rng
    first = max(plant.start, plant.end - timedelta(weeks=WEEKS))
    stations_by_line: dict[int, list[dict[str, Any]]] = {}
    for station in plant.stations:
        stations_by_line.setdefault(station["line_id"], []).append(station)
    rows: list[dict[str, Any]] = []
    day = first
    while day <= plant.end:
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            rows.append(_observation(rng, plant, day, stations_by_line, len(rows) + 1))
        day += timedelta(days=1)
    table = SafetyObservation.__table__
    assert isinstance(table, Table)
    if rows:
        connection.execute(insert(table), rows)
    return {table: len(rows)}


def _observation(
    rng: Any, plant: SeedPlant, day: Any, stations_by_line: dict[int, list[dict[str, Any]]], number: int
) -> dict[str, Any]:
    kind, _, texts = rng.choices(_KINDS, weights=[k[1] for k in _KINDS])[0]
    area = rng.choice(plant.areas)
    line_stations = stations_by_line.get(area["line_id"]) or []
    station = rng.choice(line_stations) if line_stations and rng.random() < 0.6 else None
    usable = [t for t in texts if station or "{station}" not in t[0]]
    english, chinese = rng.choice(usable)
    language = rng.choice(("en", "zh"))
    text = (chinese if language == "zh" else english).replace("{station}", station["code"] if station else "")
    last_hour = 9 if day == plant.end else 21  # the sample plant's clock stops mid-morning
    local = datetime.combine(day, time(rng.randint(6, last_hour), rng.randint(0, 59)))
    observed = plant.utc(local)
    anonymous = rng.random() < 0.25
    severity = rng.choice(_SEVERITIES.get(kind, _OTHER_SEVERITIES))
    closed = (plant.end - day).days > 3 and rng.random() < 0.8
    return {
        "id": number,
        "area_id": area["id"],
        "line_id": area["line_id"],
        "station_id": station["id"] if station else None,
        "kind": kind,
        "severity": severity,
        "description": " ".join(text.split()),
        "observed_at": observed,
        "anonymous": anonymous,
        "reporter": None if anonymous else rng.choice(plant.people),
        "status": "closed" if closed else "open",
        "closed_at": observed + timedelta(hours=rng.randint(2, 72)) if closed else None,
        "closed_by": area["ehs_owner"] if closed else None,
        "close_note": None,
        "escalation_level": {"high": 1, "critical": 2}.get(severity, 0),
        "andon_id": None,
        "language": language,
    }
