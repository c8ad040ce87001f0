"""The sample plant's fixed shape: areas, lines, machines, shifts, reasons and people."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    name: str
    name_zh: str
    machine_prefix: str
    machine_kind: str
    machine_kind_zh: str
    rate_per_hour: int
    products: tuple[str, ...]
    downtime_reasons: tuple[tuple[str, str, float], ...]  # reason, planned/unplanned, weight
    defect_types: tuple[tuple[str, float], ...]


PLANT = "Suzhou Plant"
AREAS = (
    Area(
        "Stamping",
        "冲压",
        "PR",
        "press",
        "冲床",
        120,
        ("door panel", "roof panel", "bracket"),
        (
            ("die change", "planned", 3),
            ("material shortage", "unplanned", 4),
            ("machine breakdown", "unplanned", 3),
            ("quality check", "unplanned", 1.5),
            ("planned maintenance", "planned", 1),
            ("no operator", "unplanned", 0.5),
        ),
        (("burr", 3), ("crack", 1.5), ("dent", 2), ("dimension out of tolerance", 1)),
    ),
    Area(
        "Welding",
        "焊装",
        "WD",
        "welder",
        "焊机",
        40,
        ("side frame", "floor assembly"),
        (
            ("electrode tip change", "planned", 2),
            ("machine breakdown", "unplanned", 4),
            ("material shortage", "unplanned", 2),
            ("robot fault", "unplanned", 3),
            ("quality check", "unplanned", 1),
            ("no operator", "unplanned", 0.5),
        ),
        (("weld porosity", 3), ("burn through", 1.5), ("missing weld", 1), ("dimension out of tolerance", 1)),
    ),
    Area(
        "Assembly",
        "总装",
        "AS",
        "assembly cell",
        "装配工位",
        30,
        ("door module", "seat module", "dashboard"),
        (
            ("material shortage", "unplanned", 5),
            ("changeover", "planned", 2),
            ("machine breakdown", "unplanned", 2),
            ("quality check", "unplanned", 1.5),
            ("no operator", "unplanned", 1),
        ),
        (("missing part", 3), ("scratch", 3), ("wrong part", 1.5), ("loose fastener", 1)),
    ),
)
LINES_PER_AREA = 2
STATIONS_PER_LINE = 5

# (code, name, name_zh, start hour); each shift lasts eight hours.
SHIFTS = (("A", "Day", "早班", 6), ("B", "Swing", "中班", 14), ("C", "Night", "夜班", 22))

ANDON_REASONS = {
    "material": ("material shortage", "wrong material delivered", "kanban empty"),
    "quality": ("defect found", "gauge out of tolerance", "first piece check failed"),
    "equipment": ("machine down", "sensor fault", "tool broken"),
    "safety": ("guard open", "oil spill", "near miss"),
    "process": ("standard work unclear", "cycle time over takt", "changeover overrun"),
    "other": ("need help", "supervisor requested"),
}
ANDON_WEIGHTS = {"material": 4, "quality": 3, "equipment": 3, "safety": 0.6, "process": 1.5, "other": 0.8}

PROBLEM_TITLES = {
    "quality": ("Burrs on door panel edge", "Porosity on side frame welds", "Scratches on dashboard trim"),
    "safety": ("Oil leak near press", "Forklift path blocked", "Missing guard on conveyor"),
    "5s": ("Tools not returned to shadow board", "Scrap bins overflowing", "Floor markings worn"),
    "equipment": (
        "Press hydraulic pressure drops",
        "Welding robot faults at start of shift",
        "Torque tool drifts",
    ),
    "material": (
        "Fastener kanban runs empty",
        "Wrong revision of bracket delivered",
        "Supplier pallets damaged",
    ),
    "process": (
        "Changeover takes longer than standard",
        "Standard work sheet outdated",
        "Rework loop too long",
    ),
}

OPERATORS = (
    "Wang Wei",
    "Li Na",
    "Zhang Min",
    "Liu Yang",
    "Chen Jie",
    "Yang Fan",
    "Zhao Lei",
    "Huang Li",
    "Emma Brown",
    "Carlos Diaz",
    "Sun Hao",
    "Zhou Ting",
)
TEAM_LEADS = ("Xu Gang", "Ma Lin", "Gao Yan", "Sarah Miller", "He Jun", "Lin Mei")
ENGINEERS = ("Guo Qiang", "Tang Hui", "David Chen", "Luo Xin")
AUDITORS = ("Qian Bo", "Anna Schmidt", "Xie Hong")
