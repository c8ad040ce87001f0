"""Bands: a measured value outside the limits it is held to ("packs with a weight outside the
product's limits", "readings out of spec", "粘度超出规格范围的样品").

`take_band` is a reading stage: it takes the words saying "outside the limits" out of the text
and keeps the words before them, which name the value held. `band_columns` finds the columns:
the value, a number of the rows or of a row they point to that those words name, and its low
and high limits, a pair of columns of its own row or of a row it reaches ("weight_min" and
"weight_max" of the product a pack points to, "LSL" and "USL" beside the reading). `choose_band` is a choose
stage: the filter `value < low OR value > high`. A band whose columns are not found is left for
`leftovers`.
"""

from __future__ import annotations

import re

from nl2sql.lexicon import concepts_of_text, name_words
from nl2sql.link import SchemaIndex
from nl2sql.profile import names_identifier
from nl2sql.types import Band, Filter, Measure, Plan, Ref
from nl2sql.understand.part import TARGET
from nl2sql.understand.reading import Given, Reading

#: The verbs said before "outside": "was outside", "fell out of".
_BE = r"(?:was|were|is|are|fell|falls?|lay|lies)"
_OUTSIDE = re.compile(
    rf"\b{_BE}?\s*(?:outside|out of|beyond)\s+(?:of\s+)?"
    r"(?:the\s+|its\s+|their\s+)?(?:[a-z]+(?:'s)?\s+)?(?:allowed\s+|spec(?:ification)?\s+|specified\s+)?"
    r"(?:limits?|range|spec(?:ification)?s?|tolerances?)\b"
    r"|(?:超出|超过|超出了|不在)[\u4e00-\u9fff]{0,6}?(?:的)?(?:规格|范围|上下限|限值|公差)(?:范围)?(?:内|之内)?"
)
_VERB = re.compile(rf"^{_BE}\s+")
#: The words naming the value held, said just before: "a weight", "粘度".
_OWN = re.compile(r"([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)?|[\u4e00-\u9fff]{1,6})\s*$")
#: Words of a column's name that make it the low or the high limit of a band.
_LOW = frozenset(["min", "minimum", "low", "lower", "lsl", "lo"])
_HIGH = frozenset(["max", "maximum", "high", "upper", "usl", "hi"])


def take_band(r: Reading, given: Given) -> Reading:
    """ "a weight outside the product's limits": see the module."""
    m = _OUTSIDE.search(r.text)
    if m is None:
        return r
    own = _OWN.search(r.text[: m.start()])
    said = _VERB.sub("", m.group().strip())  # "out of tolerance", not "were out of tolerance"
    return r.taking(m.span(), band=(said, own.group(1) if own else ""))


def band_columns(table: str, band: tuple[str, str], index: SchemaIndex) -> tuple[Ref, Band] | None:
    """The value the words before the band name, of `table` or a table it points to, and the
    one pair of limits kept for it, if all are found."""
    said = concepts_of_text(band[1])
    if not said:
        return None
    reached = [table, *(t for t in index.catalog.tables if t != table and index.path(table, t))]
    values = [
        Ref(t, c.name)
        for t in reached
        for c in index.table(t).visible
        if c.numeric
        and not (c.primary_key or c.references or names_identifier(c.name) or _limit_side(c.name))
        and said & index.column_concepts[(t, c.name)]
        and not index.column_concepts[(t, c.name)] & TARGET  # "target_weight" is no weight measured
    ]
    own = [ref for ref in values if ref.table == table]  # the rows' own first
    if len(own or values) != 1:
        return None
    value = (own or values)[0]
    pairs = [limits for t in reached if (limits := _limits(value, t, index))]
    return (value, pairs[0]) if len(pairs) == 1 else None


def _limits(value: Ref, table: str, index: SchemaIndex) -> Band | None:
    """The low and high limits of `value` kept in `table`: a pair of columns that also name the
    value ("weight_min", "weight_max"), or, beside the value in its own row, the one pair there is."""
    numbers = [c.name for c in index.table(table).visible if c.numeric]
    own = set(name_words(value.column)) - {"val", "value"}
    named = [c for c in numbers if own & set(name_words(c))] if table != value.table else []
    sides = named or (numbers if table == value.table else [])
    low = [c for c in sides if _limit_side(c) == "low"]
    high = [c for c in sides if _limit_side(c) == "high"]
    return Band(Ref(table, low[0]), Ref(table, high[0])) if len(low) == 1 and len(high) == 1 else None


def _limit_side(column: str) -> str:
    """ "low" or "high" when the column's name makes it a limit, else ""."""
    words = {w.lower() for w in name_words(column)}
    return "low" if words & _LOW else "high" if words & _HIGH else ""


def choose_band(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """The band read becomes the filter `value < low OR value > high`."""
    if r.band is None or (found := band_columns(plan.table, r.band, index)) is None:
        return
    value, band = found
    plan.filters.append(Filter(value, "outside", band, f"{value.column} {r.band[0]}"))
    cues = r.cues
    if (
        plan.measure is not None
        and plan.measure.ref == value
        and not (cues.total or cues.average or cues.amount)
    ):
        plan.measure = Measure("count")  # "packs with a weight outside …": held, not summed


def band_kept(plan: Plan, r: Reading) -> bool:
    """Whether the plan holds the band read."""
    return r.band is None or any(f.op == "outside" for f in plan.filters)
