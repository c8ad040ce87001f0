"""Numbers, shares, durations, days, weeks and age ranges as the KPI and problems pages
write them, in the page language."""

from __future__ import annotations

from datetime import date

from bot.digest.period import Week
from bot.metrics import format_duration
from bot.texts import TEXTS, register, say
from bot.types import Language

FORMAT_TEXTS: dict[str, tuple[str, str]] = {
    "web_fmt_minutes": ("{n} min", "{n} 分钟"),
    "web_fmt_pieces": ("{n} pcs", "{n} 件"),
    "web_fmt_days": ("{low}–{high} d", "{low}–{high} 天"),
    "web_fmt_days_over": ("≥ {low} d", "≥ {low} 天"),
    "web_fmt_week": ("Week {number}, {year}", "{year} 年第 {number} 周"),
}
if not FORMAT_TEXTS.keys() <= TEXTS.keys():
    register(FORMAT_TEXTS)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not %a: that follows the OS locale
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def number(value: int | float) -> str:
    """A count with thousands separators (the same in English and Chinese).

    >>> number(12345), number(7)
    ('12,345', '7')
    """
    return f"{value:,.0f}"


def percent(share: float | None) -> str:
    """A share (0-1) as a whole percentage; "–" when unknown.

    >>> percent(0.256), percent(None)
    ('26%', '–')
    """
    return "–" if share is None else f"{share:.0%}"


def minutes(value: int | None, language: Language) -> str:
    """Minutes with their unit; "–" when unknown.

    >>> minutes(1250, "en"), minutes(5, "zh")
    ('1,250 min', '5 分钟')
    """
    return "–" if value is None else say("web_fmt_minutes", language, n=number(value))


def pieces(value: int, language: Language) -> str:
    """A quantity of pieces with its unit.

    >>> pieces(3000, "zh")
    '3,000 件'
    """
    return say("web_fmt_pieces", language, n=number(value))


def duration(seconds: float | None, language: Language) -> str:
    """A duration as `bot.metrics.format_duration` writes it, in `language`.

    >>> duration(450, "zh"), duration(None, "en")
    ('7.5 分钟', '–')
    """
    return format_duration(seconds, language)


def age_range(low: int, high: int | None, language: Language) -> str:
    """An age bucket of days.

    >>> age_range(1, 3, "en"), age_range(7, None, "zh")
    ('1–3 d', '≥ 7 天')
    """
    if high is None:
        return say("web_fmt_days_over", language, low=low)
    return say("web_fmt_days", language, low=low, high=high)


def day(value: date, language: Language) -> str:
    """A day without the year.

    >>> day(date(2026, 11, 16), "en"), day(date(2026, 11, 16), "zh")
    ('Mon 16 Nov', '11月16日')
    """
    if language == "zh":
        return f"{value.month}月{value.day}日"
    return f"{_WEEKDAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]}"


def week(value: Week, language: Language) -> str:
    """A week with its first and last day.

    >>> week(Week(2026, 47), "en")
    'Week 47, 2026 (Mon 16 Nov – Sun 22 Nov)'
    >>> week(Week(2026, 47), "zh")
    '2026 年第 47 周（11月16日 – 11月22日）'
    """
    name = say("web_fmt_week", language, number=value.number, year=value.year)
    first, last = day(value.monday, language), day(value.sunday, language)
    return f"{name}（{first} – {last}）" if language == "zh" else f"{name} ({first} – {last})"
