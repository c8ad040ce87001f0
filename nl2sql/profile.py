"""Profile: what a column's values say it is, where its declared type says too little.

Many plant databases keep times as text (`2026-11-03T14:05:00`, `2026-11-03 14:05`, `2026-11-03`,
with an offset from UTC `2026-11-03T14:05:00+01:00`), as epoch integers (seconds or milliseconds)
or, as ERP systems do, days as integers `20261103`, and SQLite declares nearly anything. A sample
of the stored values decides: a column whose every sampled value is a timestamp of one form is a
time column, stored in that form (`Column.storage`), so that time windows and time groupings work
on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

SAMPLE = 50

#: Storage forms of time columns, and the kind each has.
STORAGE_KINDS = {
    "iso": "datetime",  # text 'YYYY-MM-DD HH:MM[:SS]'
    "iso_t": "datetime",  # text 'YYYY-MM-DDTHH:MM[:SS]'
    "date_text": "date",  # text 'YYYY-MM-DD'
    "epoch_s": "datetime",  # integer seconds since 1970-01-01 UTC
    "epoch_ms": "datetime",  # integer milliseconds since 1970-01-01 UTC
    "date_int": "date",  # integer YYYYMMDD, plant-local
    "iso_tz": "datetime",  # text 'YYYY-MM-DD HH:MM[:SS]+HH[:MM]', its local time first
    "iso_t_tz": "datetime",  # text 'YYYY-MM-DDTHH:MM[:SS]+HH:MM' (or Z)
    "dmy": "datetime",  # text 'DD.MM.YYYY[ HH:MM[:SS]]' (or with / or -), day first
    "mdy": "datetime",  # text 'MM/DD/YYYY[ HH:MM[:SS]]', month first
}
#: Storage forms that write the day before the year, turned into ISO text to be compared.
DAY_FIRST = ("dmy", "mdy")
#: Storage forms that write an offset from UTC after the time.
WITH_OFFSET = ("iso_tz", "iso_t_tz")

_OFFSET = r"(?:Z|[+-]\d{2}(?::?\d{2})?)"
_TEXT_FORMS = (
    ("date_text", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
    ("iso_t", re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")),
    ("iso", re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")),
    ("iso_t_tz", re.compile(rf"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?{_OFFSET}$")),
    ("iso_tz", re.compile(rf"^\d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?{_OFFSET}$")),
)
#: A day written before its year, two digits each for day and month ("21.11.2026 06:00").
_DAY_BEFORE_YEAR = re.compile(r"^(\d{2})([./-])(\d{2})\2(\d{4})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_ZERO_OFFSET = re.compile(r"(?:Z|[+-]00(?::?00)?)$")
# Epoch integers taken as times: 2000-01-01 to 2100-01-01 (ids and counts stay far below).
_EPOCH_S = (946_684_800, 4_102_444_800)
# Integer days taken as dates: 1990-01-01 to 2100-12-31, every one a real day.
_DATE_INT = (19_900_101, 21_001_231)


def storage_of(values: Sequence[object], kind: str) -> str:
    """The storage form shared by every sampled value of a text or integer column, or "".

    >>> storage_of(["2026-11-03T14:05:00", "2026-11-04T08:00"], "text")
    'iso_t'
    >>> storage_of(["2026-11-03", "2026-11-04"], "text"), storage_of(["2026-11-03", "n/a"], "text")
    ('date_text', '')
    >>> storage_of([1700000000, 1700086400], "int"), storage_of([1700000000000], "int")
    ('epoch_s', 'epoch_ms')
    >>> storage_of(["2026-11-03T14:05:00+01:00"], "text"), storage_of(["2026-11-03 14:05:00+01"], "text")
    ('iso_t_tz', 'iso_tz')
    >>> storage_of([20261103, 20261130], "int"), storage_of([20261103, 20261132], "int")
    ('date_int', '')
    >>> storage_of([1, 2, 3], "int"), storage_of([], "text")
    ('', '')
    """
    if not values:
        return ""
    if kind == "text":
        texts = [str(v) for v in values]
        for storage, form in _TEXT_FORMS:
            if all(form.match(t) and _valid(t) for t in texts):
                return storage
        return _day_first(texts)
    if kind == "int" and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        numbers = [int(v) for v in values]  # type: ignore[call-overload]
        if all(_DATE_INT[0] <= n <= _DATE_INT[1] and _valid_day(n) for n in numbers):
            return "date_int"
        low, high = _EPOCH_S
        if all(low <= n < high for n in numbers):
            return "epoch_s"
        if all(low * 1000 <= n < high * 1000 for n in numbers):
            return "epoch_ms"
    return ""


def _day_first(texts: list[str]) -> str:
    """ "dmy" or "mdy" when every text is a day written before its year, one way: dots and dashes
    put the day first ("21.11.2026"); slashes are read as the values prove ("21/11/2026" has a
    day past 12 first, "11/21/2026" second); "" where they cannot tell.

    >>> _day_first(["21.11.2026 06:00", "01.12.2026"]), _day_first(["21/11/2026", "03/11/2026"])
    ('dmy', 'dmy')
    >>> _day_first(["11/21/2026 14:05"]), _day_first(["03/11/2026"]), _day_first(["31.02.2026"])
    ('mdy', '', '')
    """
    found = [m.groups() for t in texts if (m := _DAY_BEFORE_YEAR.match(t))]
    if len(found) != len(texts):
        return ""
    firsts = [(int(a), int(b), int(year)) for a, _sep, b, year in found]
    day_first = all(_valid_day(year * 10000 + month * 100 + day) for day, month, year in firsts)
    month_first = all(_valid_day(year * 10000 + month * 100 + day) for month, day, year in firsts)
    if day_first and (any(sep != "/" for _a, sep, _b, _y in found) or any(d > 12 for d, _m, _y in firsts)):
        return "dmy"
    if month_first and all(sep == "/" for _a, sep, _b, _y in found) and any(d > 12 for _m, d, _y in firsts):
        return "mdy"
    return ""


#: A code: capitals and digits, joined by underscores or hyphens ("EL-PRS", "N2-TANK").
_CODE = r"[A-Z0-9](?:[A-Z0-9_-]{0,10}[A-Z0-9])?"
_PAIR = re.compile(rf"(?<![\w=＝:：-])({_CODE})\s*[=＝:：]\s*([^\s,，;；/=＝:：()（）]+)(?=[\s,，;；/)）]|$)")
_ITEM = re.compile(rf"^\s*(?:[^:：]*[:：]|[^\x00-\x7f]+\s+)?\s*({_CODE})\s*(?:[=＝:：]\s*|\s+)(\S.*?)\s*$")
_YES_NO = {"是", "否", "yes", "no", "true", "false", "y", "n"}


def enumeration(comment: str) -> dict[str, str]:
    """The codes a comment explains and what each means; empty when it explains fewer than
    two, or only yes and no. Codes are digits or capitals; a list is separated by commas or
    semicolons, or written as code=meaning pairs.

    >>> enumeration("状态: 0=草稿 1=审核中 2=已发布")
    {'0': '草稿', '1': '审核中', '2': '已发布'}
    >>> enumeration("AR = aisle rack, BK = bulk lane (ground)")
    {'AR': 'aisle rack', 'BK': 'bulk lane'}
    >>> enumeration("REWORK only: BRK broken, LBL label error")
    {'BRK': 'broken', 'LBL': 'label error'}
    >>> enumeration("类型 1 故障 / 2 预防")
    {'1': '故障', '2': '预防'}
    >>> enumeration("meter: EL-PRS = press hall, WT-IN = water intake (all)")
    {'EL-PRS': 'press hall', 'WT-IN': 'water intake'}
    >>> enumeration("R=rework (sanding, paint), S=scrap")
    {'R': 'rework', 'S': 'scrap'}
    >>> enumeration("是否计划停机: 1=是 0=否"), enumeration("Stop: began")
    ({}, {})
    """
    return {code: _plain(said) for code, said in meanings(comment).items()}


def qualified_labels(comment: str) -> list[tuple[str, str]]:
    """Each code's meaning said with the one-word qualifier its comment puts in brackets, as
    people say it: "5=on hold (QC)" is also "on QC hold" and "QC hold".

    >>> qualified_labels("1=open, 5=on hold (QC), SET=setting (planned)")
    [('5', 'on QC hold'), ('5', 'QC hold'), ('SET', 'planned setting')]
    """
    found = []
    for code, said in meanings(comment).items():
        if m := _QUALIFIED.fullmatch(said):
            words, qualifier = m[1].split(), m[2]
            found.append((code, " ".join([*words[:-1], qualifier, words[-1]])))
            if len(words) > 1:
                found.append((code, f"{qualifier} {words[-1]}"))
    return found


#: A meaning with a one-word qualifier in brackets after it: "on hold (QC)".
_QUALIFIED = re.compile(r"\s*(.+?)\s*[(（]\s*([A-Za-z][\w-]*)\s*[)）]\s*")


def planned_codes(comment: str) -> frozenset[str]:
    """The codes a comment calls planned, where it calls some of them so and not all: the
    others are what people call unplanned.

    >>> sorted(planned_codes("MECH=mechanical, SET=tool setting (planned), CLN=planned cleaning"))
    ['CLN', 'SET']
    >>> sorted(planned_codes("1=故障 2=计划清洁 3=缺料"))
    ['2']
    >>> planned_codes("1=unplanned stop, 2=tool wear"), planned_codes("A=planned, B=planned order")
    (frozenset(), frozenset())
    """
    explained = meanings(comment)
    planned = frozenset(code for code, said in explained.items() if _PLANNED.search(said))
    return planned if len(planned) < len(explained) else frozenset()


def meanings(comment: str) -> dict[str, str]:
    """Each code a comment explains, with all it says of it, brackets and all (see `enumeration`).

    >>> meanings("W water (m3), A compressed air (m3)")
    {'W': 'water (m3)', 'A': 'compressed air (m3)'}
    """
    items = [_ITEM.match(piece) for piece in re.split(r"[,，;；]|\s/\s", comment)]
    pairs = {m.group(1): m.group(2) for m in items if m}
    if len(pairs) < 2:
        pairs = dict(_PAIR.findall(comment))
    if len(pairs) < 2 or {_plain(said).lower() for said in pairs.values()} <= _YES_NO:
        return {}
    return pairs


#: A state said to be planned ("planned cleaning", "tool setting (planned)", 计划清洁), not
#: "unplanned" or 非计划.
_PLANNED = re.compile(r"(?<![\w-])planned\b|(?<!非)计划", re.IGNORECASE)


_FLAG = re.compile(r"^(?:is|has|can)_[a-z]|是否|yes/no|1/0|0/1|1=是|true/false|flag", re.IGNORECASE)


def is_flag(name: str, comment: str, sample: Sequence[object]) -> bool:
    """Whether an integer column holding only 0 and 1 is a yes/no flag by its name or comment.

    >>> is_flag("is_active", "", [1, 0]), is_flag("sfqr", "是否确认", [0]), is_flag("qty", "", [1, 0])
    (True, True, False)
    """
    return set(sample) <= {0, 1} and bool(_FLAG.search(name) or _FLAG.search(comment))


def names_identifier(name: str) -> bool:
    """Whether a column's name says it identifies a row, declared or not (`ack_op_id`,
    `OperatorId`, `line_no`, pinyin `bzid`): no sum or average of it means anything.

    >>> names_identifier("ack_op_id"), names_identifier("OperatorId"), names_identifier("bzid")
    (True, True, True)
    >>> names_identifier("paid_amt")
    False
    """
    words = re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", name)
    return words[-1].lower() in ("id", "no", "nr", "nbr") or re.fullmatch(r"[a-z]{2,4}id", name) is not None


def _plain(label: str) -> str:
    """A meaning without what its brackets add, closed or cut off by the list's next comma."""
    return re.sub(r"\s*[(（](?:.*?[)）]|[^)）]*$)", "", label).strip()


def day_starts(values: Sequence[object], storage: str) -> list[int]:
    """The seconds after UTC midnight at which every sampled epoch value falls, where they all fall
    at one moment of the day (two an hour apart, across a change of clock): days kept as the
    moment they began somewhere ("安装日期, 零点"); none for times of any moment.

    >>> day_starts([1429286400, 1473091200, 1332345600], "epoch_s")  # midnights in UTC+8
    [57600]
    >>> day_starts([1700000000, 1700000600, 1700090000], "epoch_s"), day_starts([1, 2], "iso")
    ([], [])
    """
    if not storage.startswith("epoch") or len(values) < 3:
        return []
    seconds = [int(v) // 1000 if storage == "epoch_ms" else int(v) for v in values if isinstance(v, int)]
    if storage == "epoch_ms" and any(int(v) % 1000 for v in values if isinstance(v, int)):
        return []
    starts = sorted({s % 86400 for s in seconds})
    return starts if len(starts) == 1 or (len(starts) == 2 and starts[1] - starts[0] == 3600) else []


def in_utc(values: Sequence[object], storage: str) -> bool:
    """Whether times stored with an offset are all written in UTC ("Z", "+00:00").

    >>> in_utc(["2026-11-03T14:05:00Z", "2026-11-03T15:00:00+00:00"], "iso_t_tz")
    True
    >>> in_utc(["2026-11-03T14:05:00+01:00"], "iso_t_tz"), in_utc(["2026-11-03 14:05"], "iso")
    (False, False)
    """
    return storage in WITH_OFFSET and all(_ZERO_OFFSET.search(str(v)) for v in values)


def _valid(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_day(number: int) -> bool:
    try:
        datetime(number // 10000, number // 100 % 100, number % 100)
    except ValueError:
        return False
    return True


def stored(moment: datetime, storage: str) -> object:
    """`moment` (naive; UTC for epoch storage) as the column stores it, for comparisons.

    >>> stored(datetime(2026, 11, 9), "iso_t"), stored(datetime(2026, 11, 9), "epoch_s")
    ('2026-11-09T00:00:00', 1794182400)
    >>> stored(datetime(2026, 11, 9), "date_text"), stored(datetime(2026, 11, 9, 6), "")
    ('2026-11-09', '2026-11-09 06:00:00')
    >>> stored(datetime(2026, 11, 9), "date_int")
    20261109
    """
    if storage in ("epoch_s", "epoch_ms"):
        seconds = int(moment.replace(tzinfo=UTC).timestamp())
        return seconds * 1000 if storage == "epoch_ms" else seconds
    if storage == "date_int":
        return int(moment.strftime("%Y%m%d"))
    if storage in ("iso_t", "iso_t_tz"):  # compared with the local time written before the offset
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    if storage == "date_text":
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M:%S")
