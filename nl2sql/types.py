"""The typed query plan the parser produces, and the answer the pipeline returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from nl2sql.chart import Chart
from nl2sql.windows import Window


@dataclass(frozen=True)
class Ref:
    """A column of a table."""

    table: str
    column: str


@dataclass(frozen=True)
class Part:
    """A part of another column of the row, the value a filter holds a column to: `share × ref`
    ("less than 80% of their planned pieces"), or of the sum of `ref` and `plus` ("a scrap
    rate above 8%": scrapped above 0.08 × (good + scrapped))."""

    share: float
    ref: Ref
    plus: tuple[Ref, ...] = ()

    def refs(self) -> list[Ref]:
        """The columns the part is of."""
        return [self.ref, *self.plus]


@dataclass(frozen=True)
class Band:
    """The limits a filter holds a column outside of ("a weight outside the product's limits"): below
    `low` or above `high`, columns of its row or of a row it points to."""

    low: Ref
    high: Ref

    def refs(self) -> list[Ref]:
        """The columns of the limits."""
        return [self.low, self.high]


#: The unit of a bound on the number of rows grouped (see `Filter`).
ROWS = "rows"


@dataclass(frozen=True)
class Filter:
    """`column op value`; `value` is a list for "in", a `Part` for a part of another column, a
    `Band` for "outside" its limits;
    `unit`, the unit of time a bound was said in where its column keeps another ("h" of "over 3
    hours" on a column of minutes), or `ROWS` for a HAVING on the number of rows beside another
    measure ("each oven with more than 2 of them")."""

    ref: Ref
    op: str
    value: Any
    label: str = ""
    unit: str = ""

    def held_to(self) -> list[Ref]:
        """The other columns the filter holds its column to: a part's whole, a band's limits;
        none for a stored value."""
        return self.value.refs() if isinstance(self.value, (Part, Band)) else []


@dataclass(frozen=True)
class Late:
    """A time held against the time it was due: `actual > due` (late; more than `gap_s` seconds
    late where said), `actual <= due` (on time), or, with no `actual`, `due < now` (overdue:
    `now` in ISO form). `shared`: the condition a share counts the rows of, not a filter."""

    due: Ref
    op: str  # ">", "<=" or "<" (overdue)
    actual: Ref | None = None
    gap_s: float = 0.0
    now: str = ""
    label: str = ""
    shared: bool = False


#: The words of the units a span is given in (`Measure.since`), English and Chinese.
SPAN_UNITS = {"d": ("days", "天"), "h": ("hours", "小时"), "min": ("minutes", "分钟"), "s": ("seconds", "秒")}


@dataclass(frozen=True)
class Measure:
    """What is computed: count, sum, avg, min, max (of `ref`), a named metric, or the share of
    rows meeting a condition (`when`)."""

    agg: str
    ref: Ref | None = None
    metric: str = ""
    label_en: str = ""
    label_zh: str = ""
    unit: str = ""
    scale: float = 1.0  # the column's values times this are in `unit` (minutes asked in hours: 1/60)
    since: Ref | None = None  # a span's start: the measure is `ref - since`, seconds times `scale`
    times: Ref | None = None  # a worth: the measure is `ref × times`, a quantity times its unit price
    also: tuple[str, ...] = ()  # further aggregates of `ref` asked with it: "the average, min and max age"
    when: Filter | None = None  # a share: the rows meeting it, in percent of all ("the abort rate")
    whole: Ref | None = None  # a share of a sum: the quantity it is of ("the share of stop minutes")

    def each(self) -> list[Measure]:
        """This measure and each aggregate asked with it, one aggregate each.

        >>> [m.agg for m in Measure("avg", Ref("t", "age"), also=("min", "max")).each()]
        ['avg', 'min', 'max']
        """
        first = replace(self, also=())
        return [first, *(replace(first, agg=agg) for agg in self.also)]


@dataclass(frozen=True)
class Dim:
    """A grouping: a column (of the main table or one joined to it) or a time grain."""

    ref: Ref
    grain: str = ""  # "", "hour", "day", "week" or "month"
    label_en: str = ""
    label_zh: str = ""


def link_ref(link: str) -> Ref:
    """A link column written "table.column" (`Plan.via`) as a reference."""
    table, column = link.split(".", 1)
    return Ref(table, column)


@dataclass
class Plan:
    """A question, understood. `measure` None means "list the rows": the `columns` the question
    names ("the price of part P-7", "names of the operators"), or every column."""

    table: str
    measure: Measure | None
    filters: list[Filter] = field(default_factory=list)
    columns: list[Ref] = field(default_factory=list)
    window: Window | None = None
    time_ref: Ref | None = None
    group: list[Dim] = field(default_factory=list)
    order: str = ""  # "", "desc" or "asc"
    sort: Ref | None = None  # the column a list is ordered by ("sorted by age"), in `order`
    limit: int | None = None
    having: Filter | None = None
    late: Late | None = None  # "shipped after the date due", "overdue", "on-time share"
    absent: bool = False  # "which machines had no stoppages": the group's rows without any of these
    via: list[str] = field(default_factory=list)  # the link columns chosen where a table is reached two ways
    ignored: list[str] = field(default_factory=list)
    confidence: float = 1.0

    @property
    def shares_the_total(self) -> bool:
        """Whether the measure is each group's share of the total ("each area's share of all the
        electricity"), not the share of the rows meeting a condition or on time."""
        m = self.measure
        return m is not None and m.agg == "share" and m.when is None and self.late is None

    def refs(self) -> list[Ref]:
        """Every column the plan reads: shown, grouped by, filtered on, its time and its measure."""
        found = [*self.columns, *(d.ref for d in self.group), *(f.ref for f in self.filters)]
        found += [ref for f in self.filters for ref in f.held_to()]
        return found + [
            r
            for r in (
                self.time_ref,
                *((self.measure.ref, self.measure.times, self.measure.whole) if self.measure else ()),
                self.sort,
                *((self.late.due, self.late.actual) if self.late else ()),
            )
            if r
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe form, kept per chat thread for follow-up questions."""
        data = asdict(self)
        data["window"] = self.window.to_dict() if self.window else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """The plan `to_dict` wrote.

        >>> p = Plan("t", Measure("count"), [Filter(Ref("t", "a"), "=", "x")], group=[Dim(Ref("t", "b"))])
        >>> Plan.from_dict(p.to_dict()) == p
        True
        >>> aborted = Filter(Ref("t", "state"), "=", "3", "3 (aborted)")
        >>> shared = Plan("t", Measure("share", aborted.ref, unit="%", when=aborted))
        >>> Plan.from_dict(shared.to_dict()) == shared
        True
        >>> short = Filter(Ref("t", "made"), "<", Part(0.9, Ref("t", "planned")))
        >>> Plan.from_dict(Plan("t", None, [short]).to_dict()).filters == [short]
        True
        >>> rate = Filter(Ref("t", "scrap"), ">", Part(0.08, Ref("t", "good"), (Ref("t", "scrap"),)))
        >>> long = Filter(Ref("t", "dur_min"), ">", 180, "> 3 hour", unit="h")
        >>> Plan.from_dict(Plan("t", None, [rate, long]).to_dict()).filters == [rate, long]
        True
        >>> outside = Filter(Ref("w", "kg"), "outside", Band(Ref("p", "kg_min"), Ref("p", "kg_max")))
        >>> Plan.from_dict(Plan("s", None, [outside]).to_dict()).filters == [outside]
        True
        >>> late = Late(Ref("t", "due"), ">", Ref("t", "done"), gap_s=86400.0, label="late")
        >>> Plan.from_dict(Plan("t", Measure("count"), late=late).to_dict()).late == late
        True
        """

        def ref(d: dict[str, str] | None) -> Ref | None:
            return Ref(**d) if d else None

        def flt(d: dict[str, Any] | None) -> Filter | None:
            if not d:
                return None
            value = d["value"]
            if isinstance(value, dict) and "low" in value:  # the limits of a band
                value = Band(Ref(**value["low"]), Ref(**value["high"]))
            elif isinstance(value, dict):  # a part of another column, or of several summed
                plus = tuple(Ref(**other) for other in value.get("plus", ()))
                value = Part(value["share"], Ref(**value["ref"]), plus)
            return Filter(Ref(**d["ref"]), d["op"], value, d.get("label", ""), d.get("unit", ""))

        def late(d: dict[str, Any] | None) -> Late | None:
            return Late(**{**d, "due": Ref(**d["due"]), "actual": ref(d.get("actual"))}) if d else None

        m = data.get("measure")
        return cls(
            table=data["table"],
            measure=Measure(
                **{
                    **m,
                    "ref": ref(m.get("ref")),
                    "since": ref(m.get("since")),
                    "times": ref(m.get("times")),
                    "also": tuple(m.get("also", ())),
                    "when": flt(m.get("when")),
                    "whole": ref(m.get("whole")),
                }
            )
            if m
            else None,
            filters=[f for f in (flt(d) for d in data.get("filters", [])) if f],
            columns=[Ref(**d) for d in data.get("columns", [])],
            window=Window.from_dict(data["window"]) if data.get("window") else None,
            time_ref=ref(data.get("time_ref")),
            sort=ref(data.get("sort")),
            group=[Dim(**{**d, "ref": Ref(**d["ref"])}) for d in data.get("group", [])],
            order=data.get("order", ""),
            limit=data.get("limit"),
            having=flt(data.get("having")),
            late=late(data.get("late")),
            absent=bool(data.get("absent", False)),
            via=list(data.get("via", [])),
            ignored=list(data.get("ignored", [])),
            confidence=data.get("confidence", 1.0),
        )


@dataclass
class Clarification:
    """The question is ambiguous: ask back with two or three concrete choices."""

    prompt_en: str
    prompt_zh: str
    choices: list[str]


@dataclass
class Answer:
    """What `nl2sql.answer` returns for a question it could answer (or must ask back about)."""

    question: str
    language: str
    text: str = ""
    interpretation: str = ""
    sql: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False
    path: str = "rules"
    chart: Chart | None = None  # drawn lazily: `chart.png` on first access
    choices: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    plan: Plan | None = None
    ignored: list[str] = field(default_factory=list)  # words not understood, when it asks back
