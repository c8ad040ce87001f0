"""Time windows in plain words, English and Chinese, anchored to a given plant-local "now".

Windows are half-open `[start, end)` in plant-local wall-clock time; weeks start on
Monday. `find_window` returns the window and where its phrase is in the text, so the
parser can remove it before reading the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_RE = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ZH_WEEKDAYS = "一二三四五六日"
#: A weekday after 周: 周一, but not the 一 of 一共, 一次, 一个 ("上周一共" is last week, all of it).
_ZH_DAY = r"[一二三四五六日天](?![共次个张台条件批])"
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_EN_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fourteen": 14,
    "thirty": 30,
    "ninety": 90,
}


def cn_number(text: str) -> int | None:
    """An integer written in digits or Chinese numerals, or None.

    >>> cn_number("30"), cn_number("三十"), cn_number("十二"), cn_number("七"), cn_number("x")
    (30, 30, 12, 7, None)
    """
    if text.isdigit():
        return int(text)
    if text.lower() in _EN_NUMBERS:
        return _EN_NUMBERS[text.lower()]
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[ch]
    return total + current


@dataclass(frozen=True)
class Window:
    """A span of plant-local time and how to say it."""

    start: datetime
    end: datetime
    label_en: str
    label_zh: str
    phrase: str = ""

    def label(self, language: str) -> str:
        return self.label_zh if language == "zh" else self.label_en

    def to_dict(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label_en": self.label_en,
            "label_zh": self.label_zh,
            "phrase": self.phrase,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Window:
        return cls(
            datetime.fromisoformat(data["start"]),
            datetime.fromisoformat(data["end"]),
            data["label_en"],
            data["label_zh"],
            data.get("phrase", ""),
        )


#: The start of a window said only by its end ("before 2025"): earlier than any record.
_EARLIEST = date(1900, 1, 1)
#: Where a window phrase inside a clause ends: "opened before this week are still open".
_CLAUSE_END = r"$|[,?.!]| on | for | by | per | are | is | was | were | and | that | with "
#: A day, month, year or named period in Chinese, as "…之前" ends it.
_ZH_DAY_OR_PERIOD = (
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月\d{1,2}[日号]|\d{1,2}月份?|"
    r"本周|这周|本月|这个月|今年|上周|上个?月|去年"
)


def _day(d: date) -> datetime:
    return datetime.combine(d, time())


def _fmt_day(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()].title()} {d.day} {MONTHS[d.month - 1].title()} {d.year}"


def _fmt_range(a: date, b: date) -> str:
    """English label for the days a..b inclusive."""
    if a == b:
        return _fmt_day(a)
    if a.year == b.year and a.month == b.month:
        return (
            f"{_WEEKDAYS[a.weekday()].title()} {a.day} – {_WEEKDAYS[b.weekday()].title()} {b.day} "
            f"{MONTHS[b.month - 1].title()} {b.year}"
        )
    left = f"{_WEEKDAYS[a.weekday()].title()} {a.day} {MONTHS[a.month - 1].title()}"
    left += f" {a.year}" if a.year != b.year else ""
    return f"{left} – {_fmt_day(b)}"


def _zh_day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _zh_range(a: date, b: date) -> str:
    if a == b:
        return f"{_zh_day(a)}（周{_ZH_WEEKDAYS[a.weekday()]}）"
    right = f"{b.day}日" if (a.year, a.month) == (b.year, b.month) else f"{b.month}月{b.day}日"
    if a.year != b.year:
        right = f"{b.year}年{right}"
    return f"{_zh_day(a)}至{right}"


def days(a: date, b_inclusive: date, phrase: str = "") -> Window:
    """The window of whole days a..b (inclusive).

    >>> days(date(2026, 11, 9), date(2026, 11, 15)).label_en
    'Mon 9 – Sun 15 Nov 2026'
    >>> days(date(2026, 11, 9), date(2026, 11, 15)).label_zh
    '2026年11月9日至15日'
    """
    return Window(
        _day(a),
        _day(b_inclusive + timedelta(days=1)),
        _fmt_range(a, b_inclusive),
        _zh_range(a, b_inclusive),
        phrase,
    )


def month(year: int, m: int, phrase: str = "") -> Window:
    """The calendar month `m` of `year`.

    >>> month(2026, 10).label_en, month(2026, 10).label_zh
    ('Oct 2026', '2026年10月')
    """
    start = date(year, m, 1)
    end = date(year + (m == 12), m % 12 + 1, 1)
    return Window(_day(start), _day(end), f"{MONTHS[m - 1].title()} {year}", f"{year}年{m}月", phrase)


def quarter(year: int, q: int, phrase: str = "") -> Window:
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), (3 * q) % 12 + 1, 1)
    return Window(_day(start), _day(end), f"Q{q} {year}", f"{year}年第{q}季度", phrase)


def year_window(year: int, phrase: str = "") -> Window:
    return Window(_day(date(year, 1, 1)), _day(date(year + 1, 1, 1)), str(year), f"{year}年", phrase)


def _month_number(word: str) -> int:
    return MONTHS.index(word[:3]) + 1


def _past_month(now: date, m: int, year: int | None) -> int:
    return year if year else now.year if m <= now.month else now.year - 1


def _last_days(today: date, n: int, phrase: str) -> Window:
    return days(today - timedelta(days=n - 1), today, phrase)


def _rolling(now: datetime, n: int, unit: str, phrase: str) -> Window:
    today = now.date()
    if unit.startswith(("hour", "小时")):
        start = now - timedelta(hours=n)
        return Window(
            start,
            now,
            f"past {n} h ({_fmt_day(start.date())} {start:%H:%M} – {now:%H:%M})",
            f"近{n}小时（{start:%m-%d %H:%M}至{now:%H:%M}）",
            phrase,
        )
    if unit.startswith(("week", "周", "星期")):
        return _last_days(today, 7 * n, phrase)
    if unit.startswith(("month", "个月", "月")):
        m = today.month - n
        y = today.year + (m - 1) // 12
        m = (m - 1) % 12 + 1
        first = date(y, m, min(today.day, 28)) + timedelta(days=1)
        return days(first, today, phrase)
    return _last_days(today, n, phrase)


def _date_of(now: date, y: str | None, m: int, d: int) -> date | None:
    try:
        when = date(int(y) if y else now.year, m, d)
    except ValueError:
        return None
    if not y and when > now:
        when = date(when.year - 1, m, d)
    return when


def _match(pattern: str, text: str) -> re.Match[str]:
    """`re.match` for the rules below, whose patterns always match the text they are given."""
    found = re.match(pattern, text)
    assert found is not None, (pattern, text)
    return found


_NUM = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty|ninety)"
_ZH_NUM = r"([0-9一二两三四五六七八九十百]+)"
_ZH_MONTH = r"十[一二]?|(?<![一二三四五六七八九十])[一二三四五六七八九]"  # 十月, 十二月, 三月


def _rules(now: datetime) -> list[tuple[re.Pattern[str], Any]]:
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    prev_month_end = first - timedelta(days=1)
    q_now = (today.month - 1) // 3 + 1
    prev_q = (today.year, q_now - 1) if q_now > 1 else (today.year - 1, 4)
    yesterday = today - timedelta(days=1)
    tomorrow = today + timedelta(days=1)  # what is planned or due
    next_month = (first + timedelta(days=32)).replace(day=1)

    def week(offset: int) -> Callable:
        return lambda m: days(
            monday + timedelta(weeks=offset), monday + timedelta(weeks=offset, days=6), m[0]
        )

    def so_far(start: date, en: str, zh: str) -> Callable:
        def make(m: re.Match[str]) -> Window:
            w = days(start, today, m[0])
            return Window(w.start, w.end, w.label_en, w.label_zh, m[0])

        return make

    def weekday(m: re.Match[str]) -> Window:
        target = _WEEKDAYS.index(m[1][:3])
        back = (today.weekday() - target) % 7 or 7
        d = today - timedelta(days=back)
        return days(d, d, m[0])

    def zh_weekday(m: re.Match[str]) -> Window:
        target = _ZH_WEEKDAYS.index(m[2] if m[2] != "天" else "日")
        base = monday - timedelta(weeks=1) if m[1] else monday
        d = base + timedelta(days=target)
        return days(d, d, m[0])

    def en_month(m: re.Match[str]) -> Window:
        n = _month_number(m[1])
        return month(_past_month(today, n, int(m[2]) if m[2] else None), n, m[0])

    def zh_month(m: re.Match[str]) -> Window:
        n = int(m[2]) if m[2].isdigit() else cn_number(m[2]) or 1
        return month(_past_month(today, n, int(m[1]) if m[1] else None), n, m[0])

    def one_day(y: str | None, mo: int, d: int, phrase: str) -> Window | None:
        when = _date_of(today, y, mo, d)
        return days(when, when, phrase) if when else None

    def q(m: re.Match[str]) -> Window:
        n = cn_number(m[1]) or {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(m[1], 1)
        year = int(m[2]) if m.lastindex and m.lastindex >= 2 and m[2] else today.year
        return quarter(year if (year, n) <= (today.year, q_now) else year - 1, n, m[0])

    def since(m: re.Match[str]) -> Window | None:
        # "since 2 november ran over an hour": the window is the words that name a day
        words = m[1].split(" ")
        for n in range(len(words), 0, -1):
            inner = _whole_window(" ".join(words[:n]), now)
            if inner is not None:
                said = m[0] if n == len(words) else m[0][: m[0].index(m[1]) + len(" ".join(words[:n]))]
                return days(inner.start.date(), today, said)
        return None

    def before(m: re.Match[str]) -> Window | None:
        inner = _whole_window(m[1], now)
        if inner is None:
            return None
        end = inner.start.date()
        return Window(_day(_EARLIEST), inner.start, f"before {_fmt_day(end)}", f"{_zh_day(end)}之前", m[0])

    def between(m: re.Match[str]) -> Window | None:
        a, b = _whole_window(m[1], now), _whole_window(m[2], now)
        if a is None or b is None:
            return None
        return days(a.start.date(), (b.end - timedelta(days=1)).date(), m[0])

    return [
        (
            re.compile(r"(?:between|from) (.+?) (?:and|to|until) (.+?)(?=$|[,?.!]| on | for | by | per )"),
            between,
        ),
        (re.compile(r"since (.+?)(?=$|[,?.!]| on | for | by | per )"), since),
        (re.compile(rf"\b(?:before|prior to|earlier than) (.+?)(?={_CLAUSE_END})"), before),
        (re.compile(rf"({_ZH_DAY_OR_PERIOD})(?:之前|以前)"), before),
        (re.compile(rf"自?({_ZH_MONTH_OR_DAY}|上个?月|上周|今年)(?:以来|至今|到现在)"), since),
        (
            re.compile(r"day before yesterday|前天"),
            lambda m: days(today - timedelta(2), today - timedelta(2), m[0]),
        ),
        (re.compile(r"\byesterday\b|昨天|昨日"), lambda m: days(yesterday, yesterday, m[0])),
        (re.compile(r"\btoday\b|今天|今日|当天"), lambda m: days(today, today, m[0])),
        (re.compile(r"\btomorrow\b|明天|明日"), lambda m: days(tomorrow, tomorrow, m[0])),
        (re.compile(rf"\bnext week\b|下周(?!{_ZH_DAY})|下个?星期(?!{_ZH_DAY})|下一周"), week(1)),
        (
            re.compile(r"\bnext month\b|下个?月"),
            lambda m: month(next_month.year, next_month.month, m[0]),
        ),
        (re.compile(r"(?:the )?week before last|上上周|上上个?星期"), week(-2)),
        (
            re.compile(
                rf"\b(?:last|previous|prior) week\b|上周(?!{_ZH_DAY})|"
                rf"上个?星期(?!{_ZH_DAY})|上一周"
            ),
            week(-1),
        ),
        (
            re.compile(r"\b(?:this|current) week(?: so far)?\b|\bweek to date\b|本周|这周|这个?星期|本星期"),
            so_far(monday, "", ""),
        ),
        (
            re.compile(r"\b(?:last|previous|prior) month\b|上个?月"),
            lambda m: month(prev_month_end.year, prev_month_end.month, m[0]),
        ),
        (
            re.compile(r"\b(?:this|current) month(?: so far)?\b|\bmonth to date\b|\bmtd\b|本月|这个月|当月"),
            so_far(first, "", ""),
        ),
        (re.compile(r"\b(?:last|previous|prior) quarter\b|上个?季度"), lambda m: quarter(*prev_q, m[0])),
        (
            re.compile(r"\b(?:this|current) quarter\b|本季度|这个季度"),
            lambda m: quarter(today.year, q_now, m[0]),
        ),
        (re.compile(r"\b(?:last|previous) year\b|去年"), lambda m: year_window(today.year - 1, m[0])),
        (
            re.compile(r"\b(?:this|current) year\b|\bytd\b|\byear to date\b|今年|本年"),
            so_far(date(today.year, 1, 1), "", ""),
        ),
        (
            re.compile(
                rf"\b(?:in )?(?:the )?(?:last|past|previous|recent) {_NUM} (hours?|days?|weeks?|months?)\b"
            ),
            lambda m: _rolling(now, cn_number(m[1]) or 1, m[2], m[0]),
        ),
        (
            re.compile(rf"(?:近|最近|过去|前)\s*{_ZH_NUM}\s*(小时|天|日|周|星期|个月|月)"),
            lambda m: _rolling(now, cn_number(m[1]) or 1, m[2], m[0]),
        ),
        (
            re.compile(r"\b(?:in |over |during )?(?:the )?(?:last|past) (hour|day|week|month)\b"),
            lambda m: _rolling(now, 1, m[1], m[0]),
        ),
        (
            re.compile(rf"(?:上)(?:周|星期)(?={_ZH_DAY})(.)"),
            lambda m: zh_weekday(_match(r"(上)?(.)", "上" + m[1])),
        ),
        (
            re.compile(rf"(?:本周|这周)?(?:周|星期)(?={_ZH_DAY})(.)"),
            lambda m: zh_weekday(_match(r"()?(.)", m[1])),
        ),
        (
            re.compile(r"\b(?:on |last )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
            weekday,
        ),
        (
            re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})"),
            lambda m: one_day(m[1], int(m[2]), int(m[3]), m[0]),
        ),
        (
            re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]"),
            lambda m: one_day(m[1], int(m[2]), int(m[3]), m[0]),
        ),
        (
            re.compile(rf"\b(?:on )?{_MONTH_RE}\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b"),
            lambda m: one_day(m[3], _month_number(m[1]), int(m[2]), m[0]),
        ),
        (
            re.compile(rf"\b(?:on )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH_RE}(?: (\d{{4}}))?\b"),
            lambda m: one_day(m[3], _month_number(m[2]), int(m[1]), m[0]),
        ),
        (re.compile(r"\b(?:in )?q([1-4])(?:\s*(?:of\s*)?(\d{4}))?\b"), q),
        (re.compile(r"\b(?:in )?(?:the )?(first|second|third|fourth) quarter(?: of (\d{4}))?"), q),
        (
            re.compile(r"(?:(\d{4})年)?第([一二三四1-4])季度"),
            lambda m: q(_match(r"(.)(.*)", m[2] + (m[1] or ""))),
        ),
        (re.compile(rf"\b(?:in |during )?{_MONTH_RE}(?: (\d{{4}}))?\b"), en_month),
        (re.compile(rf"(?:(\d{{4}})年)?(\d{{1,2}}|{_ZH_MONTH})月份?"), zh_month),
        (re.compile(r"\b(?:in )?(20\d\d)\b|(20\d\d)年"), lambda m: year_window(int(m[1] or m[2]), m[0])),
    ]


# Words around a window phrase that say no more than it ("since the start of october").
_WINDOW_FILLER = re.compile(r"\s*(?:the\s+)?(?:(?:start|beginning)\s+of\s+(?:the\s+)?)?\s*")


#: A month or a day of one, in Chinese: "11月", "2026年11月份", "11月2日".
_ZH_MONTH_OR_DAY = r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?份?"


def _whole_window(text: str, now: datetime) -> Window | None:
    """The window `text` names when the whole of it is a window phrase ("october", "last
    monday"); None when it says more ("10:00 today": the clock time would be dropped).

    >>> now = datetime(2026, 11, 21, 12)
    >>> _whole_window("october", now).label_en, _whole_window("10:00 today", now)
    ('Oct 2026', None)
    >>> _whole_window("the beginning of october", now).label_en
    'Oct 2026'
    """
    found = find_window(text, now)
    if found is None:
        return None
    start, end = found[1]
    if _WINDOW_FILLER.fullmatch(text[:start]) and _WINDOW_FILLER.fullmatch(text[end:]):
        return found[0]
    return None


def find_window(text: str, now: datetime) -> tuple[Window, tuple[int, int]] | None:
    """The first time window phrase in `text` (lower case), and its span; None if none.

    >>> now = datetime(2026, 11, 21, 12)
    >>> w, span = find_window("andon calls last week on line 3", now)
    >>> w.label_en, span
    ('Mon 9 – Sun 15 Nov 2026', (12, 21))
    >>> find_window("上周3号线停机", now)[0].label_zh
    '2026年11月9日至15日'
    >>> find_window("scrap in october", now)[0].label_en
    'Oct 2026'
    >>> find_window("上周一共停机几次", now)[0].label_zh, find_window("上周一停机", now)[0].label_zh
    ('2026年11月9日至15日', '2026年11月9日（周一）')
    >>> find_window("十月份停机", now)[0].label_en
    'Oct 2026'
    >>> find_window("近30天", now)[0].label_en
    'Fri 23 Oct – Sat 21 Nov 2026'
    >>> w, span = find_window("stops since 2 november lasted over an hour", now)
    >>> w.label_en, span, find_window("11月2日以来", now)[0].label_en
    ('Mon 2 – Sat 21 Nov 2026', (6, 22), 'Mon 2 – Sat 21 Nov 2026')
    """
    for pattern, make in _rules(now):
        for match in pattern.finditer(text):
            window = make(match)
            if window is not None:
                said = match.group()  # a rule may take fewer words than it matched ("since")
                if window.phrase and said.startswith(window.phrase):
                    said = window.phrase
                return window, (match.start(), match.start() + len(said))
    return None
