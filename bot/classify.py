"""Guessing a reason category and an urgency from free text, in English or Chinese."""

from __future__ import annotations

import re

_KEYWORDS: dict[str, tuple[str, ...]] = {
    # Safety first: a spill during a breakdown is a safety call.
    "safety": (
        "safety",
        "injur",
        "hurt",
        "spill",
        "guard",
        "fire",
        "smoke",
        "near miss",
        "unsafe",
        "安全",
        "受伤",
        "漏油",
        "着火",
        "冒烟",
        "险肇",
        "防护",
    ),
    "material": (
        "material",
        "shortage",
        "kanban",
        "missing part",
        "parts",
        "supply",
        "wrong part",
        "缺料",
        "物料",
        "来料",
        "零件",
        "断料",
        "供料",
        "看板",
    ),
    "quality": (
        "quality",
        "defect",
        "scrap",
        "reject",
        "nok",
        "gauge",
        "dimension",
        "burr",
        "crack",
        "porosity",
        "scratch",
        "质量",
        "不良",
        "缺陷",
        "报废",
        "尺寸",
        "毛刺",
        "划伤",
    ),
    "equipment": (
        "machine",
        "breakdown",
        "down",
        "broken",
        "fault",
        "sensor",
        "tool",
        "robot",
        "equipment",
        "leak",
        "jam",
        "设备",
        "故障",
        "停机",
        "坏",
        "机器",
        "机台",
        "卡料",
        "报警",
    ),
    "process": (
        "process",
        "standard",
        "changeover",
        "cycle",
        "takt",
        "method",
        "sop",
        "工艺",
        "换型",
        "节拍",
        "标准",
        "作业",
    ),
    "5s": (
        "5s",
        "6s",
        "clutter",
        "dirty",
        "housekeeping",
        "shadow board",
        "整理",
        "整顿",
        "清扫",
        "清洁",
        "素养",
    ),
}
_URGENT = re.compile(r"urgent|asap|critical|emergency|!{2,}|紧急|立即|马上|严重", re.IGNORECASE)


def categorize(text: str, allowed: tuple[str, ...], default: str) -> str:
    """The first category in `allowed` whose keywords appear in `text`, else `default`.

    An explicit category name at the start wins.

    >>> ANDON = ("material", "quality", "equipment", "safety", "process", "other")
    >>> categorize("material shortage at the feeder", ANDON, "other")
    'material'
    >>> categorize("机器故障，漏油", ANDON, "other")
    'safety'
    >>> categorize("need a hand", ANDON, "other")
    'other'
    """
    lowered = text.lower().strip()
    first = lowered.split(maxsplit=1)[0] if lowered else ""
    if first in allowed:
        return first
    for category, words in _KEYWORDS.items():
        if category in allowed and any(word in lowered for word in words):
            return category
    return default


def is_urgent(text: str) -> bool:
    """Whether the text says it is urgent.

    >>> is_urgent("urgent: guard open"), is_urgent("紧急！"), is_urgent("kanban empty")
    (True, True, False)
    """
    return bool(_URGENT.search(text))
