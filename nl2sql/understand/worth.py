"""Worth: what rows are worth in money, their quantity times a unit price ("the value of the goods
received", "报废金额", "(quantity times price)").

`take_worth` is a reading stage: it takes the word that asks a worth, and a reckoning said beside
it, out of the text, when the schema keeps a unit price or cost and no column is itself called by
that word. `worth_columns` finds, for a table, the quantity its rows keep and the unit price they
are worth: in the table itself, else in one it points to (a move's item, a line's part); the
question's words choose between two quantities ("received", "ordered"), and two that its words
cannot tell apart are no worth. `worth_measure` is used by the measure stage: the sum of their
product (`Measure.times`), or of a money column the rows keep; none is left for `leftovers`.
"""

from __future__ import annotations

import re

from nl2sql.catalog import Column
from nl2sql.lexicon import concepts_of_text, name_words, shortens, stem
from nl2sql.link import SchemaIndex
from nl2sql.types import Measure, Plan, Ref
from nl2sql.understand.reading import Given, Reading
from nl2sql.units import column_unit

_WORTH = re.compile(r"\b(?:value|worth)\b|金额|货值|价值")
#: The reckoning said beside it, as normalised: "qty shipped x unit price", "数量 单位成本",
#: "counting quantity used times unit cost", "using each part's unit cost", "按单价算".
_RECKONING = re.compile(
    r"\b(?:counting\s+)?(?:qty|quantity)(?:\s+[a-z']+){0,2}?\s+(?:x|times|multiplied\s+by)\s+"
    r"(?:the\s+)?(?:[a-z']+\s+){0,2}?(?:price|cost)\b"
    r"|\b(?:counting|using|at)\s+(?:[a-z']+\s+){0,3}?(?:unit|selling|list)\s+(?:price|cost)\b"
    r"|[\u4e00-\u9fff]{0,4}数量\s*(?:乘以?)?\s*[\u4e00-\u9fff]{0,4}(?:单价|成本|价格)"
    r"|按[\u4e00-\u9fff]{0,4}(?:单价|成本|价格)算"
)
_MONEY = frozenset({"price", "cost"})
#: Name words of quantities that bound others rather than count what the rows hold.
_BOUNDS = frozenset({"min", "max", "minimum", "maximum", "reorder", "target", "std", "standard", "safety"})
#: Concepts every quantity or price shares, which choose none of them.
_GENERIC = frozenset({"qty", "quantity", "unit", "pcs", "piece", "cost", "price", "code", "id", "uom"})


def take_worth(r: Reading, given: Given) -> Reading:
    """ "the value of …", "金额": a worth asked, with its reckoning, where the schema can give one."""
    found = _WORTH.search(r.text)
    if found is None or not _prices_kept(given.index) or _column_called(found.group(), given.index):
        return r
    reckoning = _RECKONING.search(r.text)
    said = (found.group(), reckoning.group().strip(" ,") if reckoning else "")
    r = r.taking(found.span(), worth=said)
    return r.taking(reckoning.span()) if reckoning else r


def worth_measure(plan: Plan, r: Reading, index: SchemaIndex) -> Measure | None:
    """The sum (or average) of the worth asked of the plan's rows, in the price's currency; of
    the money column they keep when they keep one and no quantity priced; else None."""
    if r.worth is None:
        return None
    agg = "avg" if r.cues.average else "sum"
    found = worth_columns(plan.table, worth_words(r), index)
    if found is not None:
        quantity, price = found
        unit = column_unit(index.table(price.table).column(price.column) or Column(price.column, "float"))
        return Measure(agg, quantity, unit=unit, times=price)
    money = [c for c in index.table(plan.table).visible if _money(plan.table, c, index) and not _per_unit(c)]
    if len(money) == 1:  # "返工损失金额": the loss each row records
        return Measure(agg, Ref(plan.table, money[0].name), unit=column_unit(money[0]))
    return None


def worth_kept(plan: Plan, index: SchemaIndex) -> bool:
    """Whether the plan's measure is a worth: a quantity priced, or money its rows keep."""
    m = plan.measure
    if m is None or m.ref is None or m.agg not in ("sum", "avg"):
        return False
    column = index.table(m.ref.table).column(m.ref.column)
    return m.times is not None or (
        column is not None and _money(m.ref.table, column, index) and not _per_unit(column)
    )


def worth_columns(table: str, words: frozenset[str], index: SchemaIndex) -> tuple[Ref, Ref] | None:
    """(the quantity, the unit price) `table`'s rows are worth, as `words` choose them; None when
    it keeps no quantity, reaches no unit price, or the words cannot tell two apart."""
    info = index.table(table)
    quantities = [Ref(table, c.name) for c in info.visible if _quantity(table, c, index)]
    prices = [Ref(table, c.name) for c in info.visible if _money(table, c, index) and _per_unit(c)]
    if not prices:
        pointed = [other for _c, other, _oc, way in index.edges.get(table, []) if way == "out"]
        prices = [
            Ref(other, c.name)
            for other in dict.fromkeys(pointed)
            for c in index.table(other).visible
            if _money(other, c, index) and _per_unit(c)
        ]
    quantity, price = _chosen(quantities, words, index), _chosen(prices, words, index)
    return (quantity, price) if quantity is not None and price is not None else None


def _chosen(refs: list[Ref], words: frozenset[str], index: SchemaIndex) -> Ref | None:
    """The one of `refs` whose concepts or name words (`ord_qty`, `ordered_qty`: "order") the
    words name most; None on a tie or none."""
    if len(refs) == 1:
        return refs[0]

    def named(ref: Ref) -> int:
        concepts = index.column_concepts[(ref.table, ref.column)] - _GENERIC
        own = concepts | {w for w in name_words(ref.column) if w not in _GENERIC}
        return sum(any(_says(w, said) for said in words) for w in own)

    scored = sorted(((named(ref), ref) for ref in refs), key=lambda pair: -pair[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _says(kept: str, said: str) -> bool:
    """Whether a column's word is the question's, shortened (`ord`) or inflected (`ordered`)."""
    return kept == said or shortens(kept, said) or (len(said) >= 4 and kept.startswith(said))


def worth_words(r: Reading) -> frozenset[str]:
    """The concepts and stems of the question's words, and of the reckoning said beside the worth."""
    said = {c for _at, cs, s in r.concepts for c in (*cs, *(stem(w) for w in s.split()))}
    return frozenset(said | (concepts_of_text(r.worth[1]) if r.worth else set())) - _GENERIC


def _quantity(table: str, column: Column, index: SchemaIndex) -> bool:
    """A count of things the row holds (`received_qty`, `stock_pcs`), not a bound on one (`min_stock`)."""
    if not column.numeric or column.kind == "bool" or column.primary_key or column.references:
        return False
    concepts = index.column_concepts[(table, column.name)]
    counted = "quantity" in concepts or column_unit(column) == "pcs"
    return counted and not concepts & _MONEY and not set(name_words(column.name)) & _BOUNDS


def _money(table: str, column: Column, index: SchemaIndex) -> bool:
    return (
        column.numeric
        and column.kind != "bool"
        and not column.primary_key
        and not column.references
        and bool(index.column_concepts[(table, column.name)] & _MONEY)
    )


def _per_unit(column: Column) -> bool:
    """A price of one unit (`price_per_unit`, `each_price` "per unit", "单价"), not a total."""
    said = f"{column.comment} {' '.join(name_words(column.name))}".lower()
    return bool(re.search(r"\bunit\b|\bper\b|单价|单位成本|每", said))


def _prices_kept(index: SchemaIndex) -> bool:
    return any(
        _money(table, c, index) and _per_unit(c)
        for table in index.catalog.tables
        for c in index.table(table).visible
    )


def _column_called(word: str, index: SchemaIndex) -> bool:
    """Whether a column's name or comment says the word itself ("reading value", "金额")."""
    return any(
        word in name_words(c.name) or word in c.comment.lower()
        for table in index.catalog.tables
        for c in index.table(table).visible
    )
