"""Finding the area a routine is about from what people type: "L3", "3号线", "tool room", "工具间"."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.errors import BotError
from bot.locations import line_number
from bot.store.models import Area
from bot.texts import register
from bot.types import Language

register(
    {
        "unknown_area": (
            "There is no area *{given}*. Areas: {valid}.",
            "没有区域 *{given}*。可用区域：{valid}。",
        ),
        "missing_area": ("Which area? Areas: {valid}.", "请指明区域。可用区域：{valid}。"),
        "no_areas": (
            "No areas are set up yet (run `gemba demo-data` for the sample plant).",
            "尚未设置区域（可运行 `gemba demo-data` 生成示例工厂）。",
        ),
    }
)

_SPACES = re.compile(r"[\s_\-]+")


def all_areas(session: Session) -> list[Area]:
    """Every area with its line, in code order."""
    return list(session.scalars(select(Area).options(selectinload(Area.line)).order_by(Area.id)))


def _key(text: str) -> str:
    """Text in the form names compare in: lower case, no spaces, dashes or underscores.

    >>> _key("Tool room"), _key("tool_room"), _key(" 工具 间 ")
    ('toolroom', 'toolroom', '工具间')
    """
    return _SPACES.sub("", text.strip().lower())


def _matches(area: Area, text: str) -> bool:
    key = _key(text)
    names = {_key(area.code), _key(area.name), _key(area.name_zh or "")} - {""}
    if key in names:
        return True
    number = line_number(text)
    return number is not None and area.line is not None and line_number(area.line.code) == number


def find_area(session: Session, text: str) -> Area | None:
    """The area `text` names: its code, its line ("L3", "line 3", "3号线") or its name in
    English or Chinese ("tool room", "工具间"); None when nothing matches."""
    if not text.strip():
        return None
    return next((area for area in all_areas(session) if _matches(area, text)), None)


def valid_areas(areas: list[Area]) -> str:
    """The area codes and names, for a message."""
    return ", ".join(f"{area.code} ({area.name})" for area in areas)


def require_area(session: Session, token: str) -> Area:
    """The area `token` names. Raises `BotError` listing the areas when it names none."""
    areas = all_areas(session)
    if not areas:
        raise BotError("no_areas")
    if not token.strip():
        raise BotError("missing_area", valid=valid_areas(areas))
    area = next((a for a in areas if _matches(a, token)), None)
    if area is None:
        raise BotError("unknown_area", given=token, valid=valid_areas(areas))
    return area


def area_name(area: Area, language: Language) -> str:
    """The area's name in `language` (the English name when it has no Chinese one)."""
    return area.name_zh if language == "zh" and area.name_zh else area.name
