"""Units of measure, read both ways from one table: the unit a column keeps (from its name or
comment: `duration_min`, `water_l`, "用电量（千瓦时）") and the unit a question asks for ("in
litres", "how many kWh", "多少分钟"). A question's unit word is accounted for only by a measure
kept in that unit, or converted to it (units of time).
"""

from __future__ import annotations

import re

from nl2sql.catalog import Column

#: (unit, how a column's name or comment says it, how a question asks for it); earlier rows win.
UNITS = tuple(
    (unit, re.compile(kept), re.compile(asked))
    for unit, kept, asked in (
        ("h", r"hours|_h\b|_hrs?\b|小时", r"\bhours?\b|\bhrs?\b|小时"),
        ("min", r"minute|_min\b|_mins\b|分钟", r"\bminutes?\b|\bmins?\b|分钟"),
        ("s", r"seconds|_s\b|_sec\b|(?<!毫)秒", r"\bseconds?\b|\bsecs?\b|(?<!毫)秒"),
        ("d", r"_days\b|\bdays\b|天数|[(（]天[)）]", r"\bdays\b|多少天|几天|天数"),
        ("pcs", r"pieces|pcs|[(（]件[)）/]|件数|/件", r"\bpieces\b|\bpcs\b|多少件|几件"),
        ("kg", r"\bkg\b|_kg\b|公斤|千克", r"\bkg\b|\bkilos?\b|\bkilograms?\b|公斤|千克"),
        ("t", r"\btonnes?\b|\btons?\b|_tons?\b|吨", r"\btonnes?\b|\btons?\b|吨"),
        ("km", r"\bkm\b|_km\b|公里", r"\bkm\b|\bkilomet(?:re|er)s?\b|公里"),
        ("L", r"\blit(?:re|er)s?\b|_l\b|_ltr\b|[(（]升[)）]|升数", r"\blit(?:re|er)s?\b|多少升|几升"),
        ("hL", r"hectolit|_hl\b|百升", r"\bhectolit(?:re|er)s?\b|\bhl\b|百升"),
        ("mL", r"\bml\b|_ml\b|毫升", r"\bml\b|\bmillilit(?:re|er)s?\b|毫升"),
        ("MWh", r"mwh|兆瓦时", r"\bmwh\b|兆瓦时"),
        ("kW", r"\bkw\b|_kw\b|千瓦(?!时)", r"\bkw\b|\bkilowatts?\b|千瓦(?!时)"),
        ("kWh", r"kwh|千瓦时|[(（]度[)）]", r"\bkwh\b|千瓦时|多少度电?|几度电"),
        ("m3", r"\bm3\b|_m3\b|m³|立方米", r"\bm3\b|m³|\bcubic met(?:re|er)s?\b|立方米?|多少方"),
        ("EUR", r"\beur\b|_eur\b|€|欧元", r"\beur\b|\beuros?\b|€|欧元"),
        ("USD", r"\busd\b|_usd\b|us\$|美元", r"\busd\b|\b(?:us )?dollars?\b|美元"),
        ("PLN", r"\bpln\b|_pln\b|zł|兹罗提", r"\bpln\b|zł|\bzloty\b|兹罗提"),
        ("CNY", r"\bcny\b|\brmb\b|人民币|[(（]元[)）]", r"\bcny\b|\brmb\b|\byuan\b|人民币"),
    )
)
#: The length of each unit of time, in minutes.
UNIT_MINUTES = {"h": 60.0, "min": 1.0, "s": 1 / 60, "d": 1440.0}
#: Units of the same quantity, and their size in the first of them: a column kept in one is
#: answered in another when asked ("in hectolitres" of litres).
_SIZES = {
    "L": ("volume", 1.0),
    "hL": ("volume", 100.0),
    "mL": ("volume", 0.001),
    "m3": ("volume", 1000.0),
    "kg": ("mass", 1.0),
    "t": ("mass", 1000.0),
    "kWh": ("energy", 1.0),
    "MWh": ("energy", 1000.0),
}


def conversion(kept: str, asked: str) -> float | None:
    """What a value kept in `kept` is multiplied by to be in `asked`; None across quantities.

    >>> conversion("L", "hL"), conversion("t", "kg"), conversion("L", "kg")
    (0.01, 1000.0, None)
    """
    if kept not in _SIZES or asked not in _SIZES or _SIZES[kept][0] != _SIZES[asked][0]:
        return None
    return _SIZES[kept][1] / _SIZES[asked][1]


def column_unit(column: Column) -> str:
    """The unit `column` keeps, from its configured unit, name or comment; "" when unknown.

    >>> column_unit(Column("duration_min", "int")), column_unit(Column("q", "int", comment="pieces"))
    ('min', 'pcs')
    >>> column_unit(Column("q", "int", comment="(件)")), column_unit(Column("t", "text", comment="外购件"))
    ('pcs', '')
    >>> column_unit(Column("water_l", "float")), column_unit(Column("e", "float", comment="用电量（千瓦时）"))
    ('L', 'kWh')
    >>> column_unit(Column("LeadTimeDays", "int")), column_unit(Column("DurMin", "int"))
    ('d', 'min')
    """
    if column.unit:
        return column.unit
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", column.name)  # `LeadTimeDays` keeps days
    return stated_unit(f"{name} {column.comment}")


def stated_unit(text: str) -> str:
    """The unit a name, comment or a stored code's meaning says things are kept in; "" when none.

    >>> stated_unit("water (m3)"), stated_unit("power (kWh)"), stated_unit("water")
    ('m3', 'kWh', '')
    """
    return next((unit for unit, kept, _asked in UNITS if kept.search(text.lower())), "")


def keeps_time(column: Column | None) -> bool:
    """Whether `column` keeps a length of time (seconds, minutes, hours, days), by its unit.

    >>> keeps_time(Column("setup_min", "int")), keeps_time(Column("reject_qty", "int")), keeps_time(None)
    (True, False, False)
    """
    return column is not None and column_unit(column) in UNIT_MINUTES


def asked_units(text: str) -> list[str]:
    """The units `text` asks for, in the order of `UNITS`.

    >>> asked_units("How many kWh did press 2 use?"), asked_units("用了多少升水，几个小时")
    (['kWh'], ['h', 'L'])
    """
    lowered = text.lower()
    return [unit for unit, _kept, asked in UNITS if asked.search(lowered)]


def asked_time_unit(text: str) -> tuple[str, float] | None:
    """The unit of time `text` asks a length in, and its minutes; None when it asks none."""
    return next(((unit, UNIT_MINUTES[unit]) for unit in asked_units(text) if unit in UNIT_MINUTES), None)


def asks_quantity(text: str) -> bool:
    """Whether `text` asks an amount in a unit other than time ("how many kWh", "多少升").

    >>> asks_quantity("how many kWh"), asks_quantity("how many hours")
    (True, False)
    """
    return any(unit not in UNIT_MINUTES for unit in asked_units(text))


def asked_amounts(text: str) -> list[str]:
    """The units `text` asks an amount in, other than time and pieces ("how many kilos").

    >>> asked_amounts("how many kg and pieces in how many hours"), asked_amounts("多少立方")
    (['kg'], ['m3'])
    """
    return [unit for unit in asked_units(text) if unit not in UNIT_MINUTES and unit != "pcs"]


def unit_spans(text: str) -> list[tuple[int, int, str]]:
    """Where `text` asks for a unit: (start, end, unit), in order.

    >>> unit_spans("一共用了多少升水")
    [(4, 7, 'L')]
    """
    lowered = text.lower()
    return sorted((m.start(), m.end(), unit) for unit, _kept, asked in UNITS for m in asked.finditer(lowered))


def unit_words(unit: str, text: str) -> str:
    """The words of `text` that ask for `unit` ("litres", "多少天"); `unit` when none do.

    >>> unit_words("L", "in litres, please"), unit_words("d", "平均多少天"), unit_words("h", "per line")
    ('litres', '多少天', 'h')
    """
    found = (asked.search(text.lower()) for u, _kept, asked in UNITS if u == unit)
    return next((m.group() for m in found if m), unit)
