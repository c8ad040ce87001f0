"""Schema linking: what each table, column and stored value is called, and how tables join.

`SchemaIndex.of(catalog)` is built once per catalog (cached on the object) so the hot
path only looks things up. Fuzzy linking through an embedding function is optional and
lazy: schema vectors are computed on first use, and only words the lexicon did not
recognise are embedded.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nl2sql.catalog import Catalog, Column, TableInfo
from nl2sql.countries import country_names
from nl2sql.glossary import chinese_words
from nl2sql.lexicon import (
    _ENGLISH,
    ABBREVIATIONS,
    CONCEPTS,
    EMPLOYED,
    GOOD_WORDS,
    GOOD_WORDS_ZH,
    LEFT,
    LEVEL_WORDS,
    OPEN_STATE_WORDS,
    RECORDING,
    VALUE_WORDS,
    abbreviated,
    concepts_of_text,
    identifier_concepts,
    name_words,
    own_chinese_words,
    shortens,
)
from nl2sql.profile import planned_codes, qualified_labels
from nl2sql.types import Ref

Embed = Callable[[list[str]], Any]

_LINE_ALIAS = re.compile(r"^(?:l|line)\s*-?\s*(\d+)$", re.I)
#: A line's code ending in its number ("ASM3", "PK-02"), said "line 3" where no other is.
_NUMBERED_LINE = re.compile(r"^[a-z]{1,5}[-_ ]?0*(\d{1,2})$", re.I)
_PREFERRED_TIME = ("raised_at", "opened_at", "created_at", "started_at", "found_at", "hour_start")


#: A table the rows point to is their header (an order of its lines), whose time is theirs, when
#: it holds at least this share of their number of rows; a master table (the presses a job ran
#: on) holds far fewer, and its date (when a press was installed) is no time of theirs.
HEADER_SHARE = 0.05


def normalise(text: str) -> str:
    """Lower case, full-width folded, punctuation except hyphens turned into spaces.

    >>> normalise("  Line 3 ，PR‐07？")
    'line 3 pr-07'
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("‐", "-").replace("–", "-")
    text = re.sub(r"[^\w\s\-./%:']", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def compact(text: str) -> str:
    """A value without spaces, hyphens or underscores, for matching "PR07" to "PR-07".

    >>> compact("PR-07"), compact("in_progress")
    ('pr07', 'inprogress')
    """
    return re.sub(r"[\s\-_]", "", text.lower())


def aliases(value: str, of_lines: bool = True) -> set[str]:
    """Other ways people write a stored value; "L3" is also "line 3" where it is `of_lines`
    (kept by a column about lines, not a part's position on a board).

    >>> sorted(aliases("L3"))
    ['3号线', '3线', 'l3', 'line 3', 'line3']
    >>> sorted(aliases("L3", of_lines=False)), sorted(aliases("ASM3"))
    (['l3'], ['3号线', 'asm3', 'line 3'])
    >>> sorted(aliases("qa_tech"))
    ['qa tech', 'qa technician', 'qa_tech', 'qatech']
    >>> sorted(aliases("Kestrel Tools GmbH"))
    ['kestrel tools', 'kestrel tools gmbh', 'kestreltoolsgmbh']
    """
    found = {normalise(value), compact(value)}
    m = _LINE_ALIAS.match(value.strip()) if of_lines else None
    if m:
        n = m.group(1)
        found |= {f"line {n}", f"line{n}", f"l{n}", f"{n}号线", f"{n}线"}
    elif of_lines and (m := _NUMBERED_LINE.match(value.strip())):
        n = m.group(1)  # not "3线", which "ASM3线" holds
        found |= {f"line {n}", f"{n}号线"}
    if "_" in value:
        found.add(value.replace("_", " ").lower())
    words = normalise(value.replace("_", " ")).split()
    if any(w in ABBREVIATIONS for w in words):  # 'qa_tech' is said "QA technician"
        found.add(" ".join(ABBREVIATIONS.get(w, w) for w in words))
    if "/" in value:  # "paint/assembly lead", said "paint / assembly leads"
        found.add(" ".join(value.replace("/", " ").lower().split()))
    if (named := _LEGAL_FORM.sub("", value).strip(" ,")) != value.strip():
        found.add(normalise(named))  # 'Kestrel Tools GmbH' is said "Kestrel Tools"
    return {a for a in found if a}


#: What a name may end in that people leave out when they name the thing: a size or grade
#: ("40 mm", "1.6", "2%", "24V"), its unit, or a short code in capitals ("ZN", "HDI").
_SPEC = re.compile(r"^(?=.*\d)[\w.,%/+-]+$|^[A-Z0-9]{2,5}$|^(?i:ml|cl|l|kg|g|mm|cm|m|kw|w|v|ah|pcs|oz|lb)$")


def _chinese(text: str) -> bool:
    """Whether `text` holds a Chinese character."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def name_heads(values: Sequence[object]) -> list[tuple[str, str]]:
    """Each name with the words it is said by without trailing sizes and codes, where no other
    name of the column is said by them ("Hinge plate 40 mm" is "hinge plate", "Tonic 2 L CAN"
    is "tonic 2 l"); a plain number alone ends no head: "Weld Cell 2" is never just "weld cell".

    >>> name_heads(["Hinge plate 2.5 ZN", "Weld Cell 2", "Tonic water 2 L CAN", "Tonic water 1 L CAN"])
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Hinge plate 2.5 ZN', 'hinge plate 2.5'), ('Hinge plate 2.5 ZN', 'hinge plate'),
     ('Tonic water 2 L CAN', 'tonic water 2 l'), ('Tonic water 2 L CAN', 'tonic water 2'),
     ('Tonic water 1 L CAN', 'tonic water 1 l'), ('Tonic water 1 L CAN', 'tonic water 1')]
    """
    heads: list[tuple[str, str]] = []
    for value in values:
        words = str(value).split()
        kept = list(words)
        while len(kept) > 2 and _SPEC.match(kept[-1]):
            kept.pop()
            if not (len(kept) == len(words) - 1 and words[-1].isdigit()):
                heads.append((str(value), normalise(" ".join(kept))))
    said = Counter(head for _value, head in heads)
    names = {normalise(str(value)) for value in values}
    return [(value, head) for value, head in heads if said[head] == 1 and head not in names]


def _value_words(label: str) -> tuple[str, ...]:
    """What an English question calls a Chinese meaning: its own words ("1=在用": "in use"), or
    those of the longest word of three characters or more it begins with ("预防性保养": 预防性,
    "preventive"); a shorter word is too often a mere modifier of what the meaning names.

    >>> _value_words("预防性保养"), _value_words("在用")
    (('preventive',), ('active', 'in service', 'in use'))
    """
    if label in VALUE_WORDS:
        return VALUE_WORDS[label]
    start = max((w for w in VALUE_WORDS if len(w) > 2 and label.startswith(w)), key=len, default="")
    return VALUE_WORDS[start] if start else ()


def kind_words(values: Sequence[object]) -> list[tuple[str, str]]:
    """Each name with the word that says what kind of thing it is, where two names or more end in
    it and not all do: a lowercase last word ("Clear film", "Printed film": "film", "films").
    A person's name is no kind ("Anna Berg", "Ida Berg").

    >>> kind_words(["Clear film", "Printed film", "Paper tray", "Anna Berg", "Ida Berg"])
    [('Clear film', 'film'), ('Clear film', 'films'), ('Printed film', 'film'), ('Printed film', 'films')]
    """
    names = [str(value) for value in values]
    said: dict[str, list[str]] = {}
    for name in names:
        words = name.split()
        if len(words) > 1 and words[-1].isalpha() and words[-1].islower() and len(words[-1]) > 2:
            said.setdefault(words[-1], []).append(name)
    return [
        (name, form)
        for kind, named in said.items()
        if 1 < len(named) < len(names)
        for name in named
        for form in (kind, f"{kind}s")
    ]


#: The legal form a company's name ends in, which people leave out when they name it.
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:gmbh|ag|kg|ab|as|a/s|asa|oy|bv|nv|sa|s\.a\.|sas|sarl|s\.r\.o\.|s\.r\.l\.|srl|spa|"
    r"s\.p\.a\.|sp\. z o\.o\.|ltd\.?|limited|inc\.?|llc|plc|corp\.?|co\.,? ltd\.?|co\.?|pty ltd|kk)$|"
    r"(?:股份)?有限公司$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ValueRef:
    table: str
    column: str
    value: str


@dataclass
class SchemaIndex:
    """Lookups over one catalog."""

    catalog: Catalog
    values: dict[str, list[ValueRef]] = field(default_factory=dict)
    cjk_values: list[tuple[str, list[ValueRef]]] = field(default_factory=list)
    max_value_words: int = 1
    #: English names given to a code only by translating its Chinese label ("in use" for 1=在用):
    #: a Chinese question names the label itself, never through that translation.
    translated: set[tuple[str, ValueRef]] = field(default_factory=set)
    table_concepts: dict[str, frozenset[str]] = field(default_factory=dict)
    table_name_concepts: dict[str, frozenset[str]] = field(default_factory=dict)
    column_concepts: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    edges: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)
    referenced: set[str] = field(default_factory=set)
    metric_phrases: list[tuple[str, str]] = field(default_factory=list)
    value_counts: dict[str, int] = field(default_factory=dict)
    _vectors: Any = None
    _vector_keys: list[tuple[str, str]] = field(default_factory=list)
    _chinese_names: dict[str, frozenset[str]] | None = field(default=None, compare=False, repr=False)
    _chinese_values: dict[str, tuple[ValueRef, ...]] | None = field(default=None, compare=False, repr=False)
    _own_words: frozenset[str] | None = field(default=None, compare=False, repr=False)
    _hyphenated: frozenset[str] | None = field(default=None, compare=False, repr=False)
    _events: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, catalog: Catalog) -> SchemaIndex:
        """The index of `catalog`, built on first use and kept on the catalog."""
        cached = getattr(catalog, "_index", None)
        if cached is None:
            cached = cls.build(catalog).keep()
        return cached

    def keep(self) -> SchemaIndex:
        """Keep this index on its catalog, for `of` to return from now on; returns it."""
        self.catalog._index = self  # type: ignore[attr-defined]
        return self

    @classmethod
    def build(cls, catalog: Catalog) -> SchemaIndex:
        index = cls(catalog)
        cjk: dict[str, list[ValueRef]] = {}
        for table in catalog.tables.values():
            words = [table.name, table.comment, table.label_en, table.label_zh, *table.synonyms]
            called = concepts_of_text(table.name) | frozenset(
                c for s in (table.label_en, table.label_zh, *table.synonyms) if s for c in concepts_of_text(s)
            )
            if not called & KNOWN_CONCEPTS and table.comment and _opaque(table.name):
                # An opaque name (`shd`, `kf`) says nothing; its comment names the table, better
                # than a guess at what its letters shorten.
                called |= concepts_of_text(re.sub(r"[(（][^)）]*[)）]?", " ", table.comment))
            else:
                called |= identifier_concepts(table.name)
            if _CHINESE_NAME.fullmatch(table.comment.strip()):
                called |= own_chinese_words(table.comment)  # `vat` -- 奶缸: its name in Chinese
            index.table_name_concepts[table.name] = called
            index.table_concepts[table.name] = frozenset().union(
                called, *(concepts_of_text(w) for w in words if w), own_chinese_words(table.comment or "")
            )
            for column in table.visible:
                cw = [column.name, column.comment, *column.synonyms]
                index.column_concepts[(table.name, column.name)] = _good_pieces(
                    column,
                    frozenset().union(
                        identifier_concepts(column.name),
                        *(concepts_of_text(w) for w in cw if w),
                        own_chinese_words(column.comment or ""),
                    ),
                )
                if column.references:
                    other, other_col = column.references
                    if catalog.table(other):
                        index.edges.setdefault(table.name, []).append((column.name, other, other_col, "out"))
                        index.edges.setdefault(other, []).append((other_col, table.name, column.name, "in"))
                        index.referenced.add(other)
                # A stored value is named by itself, or by the meaning a comment gives its code. A
                # foreign key's values are the keys of the table it points to: "MC-07" names that
                # table's row, not each table that refers to it.
                if column.references and _holds_values(catalog, *column.references):
                    continue
                owner = (table.name, column.name)
                if column.references and catalog.table(column.references[0]) is not None:
                    owner = column.references  # the key's own table, though its values went unprofiled
                named = [(value, value) for value in column.values or ()] + list(column.labels.items())
                named += flag_names(column) + code_names(column, table) + planned_names(column, table)
                named += country_names(column.values or ()) if _of_countries(column) else []
                named += qualified_labels(column.comment) if column.labels else []
                # "1=在用" and a stored name 夜班 are what an English question calls "in use" and "night"
                named_so = "name" in concepts_of_text(f"{column.name} {column.comment}")
                said_in_chinese = [(v, v) for v in column.values or () if named_so and _chinese(str(v))]
                translated = [
                    (v, e)
                    for v, label in [*column.labels.items(), *said_in_chinese]
                    for e in (*_value_words(label), *LEVEL_WORDS.get(label, ()))
                ]
                index.translated |= {(normalise(e), ValueRef(owner[0], owner[1], v)) for v, e in translated}
                named += translated
                named += name_heads(column.values or ())
                # "film" of "Clear film", unless it is the table's own noun ("board" of `board`)
                named += [
                    (v, k) for v, k in kind_words(column.values or ()) if not concepts_of_text(k) & called
                ]
                of_lines = "line" in concepts_of_text(f"{owner[0]} {owner[1]} {column.name} {column.comment}")
                for value, name in named:
                    ref = ValueRef(owner[0], owner[1], value)
                    for alias in aliases(name, of_lines):
                        if _chinese(alias):
                            if len(alias) > 1 and ref not in cjk.get(alias, ()):  # 件, 台: measure words
                                cjk.setdefault(alias, []).append(ref)
                        elif ref not in index.values.get(alias, ()):
                            index.values.setdefault(alias, []).append(ref)
                            index.max_value_words = max(index.max_value_words, min(6, len(alias.split())))
                        index.value_counts[alias] = index.value_counts.get(alias, 0) + 1
        index.cjk_values = sorted(cjk.items(), key=lambda kv: -len(kv[0]))
        for metric in catalog.metrics:
            for phrase in (metric.name, metric.label_en, metric.label_zh, *metric.synonyms):
                if phrase:
                    index.metric_phrases.append((normalise(phrase), metric.name))
        index.metric_phrases.sort(key=lambda kv: -len(kv[0]))
        return index

    def table(self, name: str) -> TableInfo:
        found = self.catalog.table(name)
        assert found is not None, name
        return found

    def is_dimension(self, name: str) -> bool:
        """A table others point to and that points nowhere much (lines, stations, shifts); not
        one of events (breakdowns a work order points to)."""
        outgoing = [e for e in self.edges.get(name, []) if e[3] == "out"]
        return name in self.referenced and len(outgoing) <= 1 and not self.holds_events(name)

    def holds_events(self, name: str) -> bool:
        """Whether every row of the table happened at a time: a required time of day."""
        if name not in self._events:
            columns = self.table(name).visible
            self._events[name] = any(c.kind == "datetime" and not c.nullable for c in columns)
        return self._events[name]

    def _event_key(self, table: str, label: str) -> str | None:
        """The key of a table of events, even a number: "breakdown 4711" is how people name one,
        where its failure code or machine is shared by many; likewise of a table whose label is
        another row's ("lot 4711", shown by the cell it was made in, which made many)."""
        keys = [c for c in self.table(table).columns if c.primary_key]
        borrowed = any(column == label and d == "out" for column, _o, _oc, d in self.edges.get(table, []))
        return (
            keys[0].name
            if len(keys) == 1 and keys[0].name != label and (self.holds_events(table) or borrowed)
            else None
        )

    def label_column(self, table: str) -> str:
        """The column that names a row of `table` for people ("name", "code", "title"…)."""
        info = self.table(table)
        text_cols = [c for c in info.visible if c.kind == "text" and not c.primary_key]
        for wanted in ("name", "title", "code", "label"):
            for c in text_cols:
                if c.name.lower() == wanted:
                    return c.name
        for wanted in ("name", "code", "title"):
            for c in text_cols:
                lower = c.name.lower()
                if (
                    lower.endswith(wanted)
                    and not lower.endswith("_zh")
                    and not self._names_another(table, c.name)
                ):
                    return c.name
        # Abbreviated names ("bjmc", "yhm") say what they hold in their comment ("部件名称", "姓名");
        # else a key people write ("press_no" = "P-12") names the row better than a type code.
        # A column called as its table is ("suppliers.Supplier", "crew.Crew") holds its name.
        pk = [c for c in info.columns if c.primary_key]
        own = [c for c in text_cols if not self._names_another(table, c.name)]
        called = self.table_name_concepts.get(table, frozenset())
        as_table = [c for c in own if (words := identifier_concepts(c.name)) and words <= called]
        named = [c for c in own if "name" in self.column_concepts.get((table, c.name), ())]
        coded = [c for c in own if "code" in self.column_concepts.get((table, c.name), ())]
        for c in [*as_table, *named, *(c for c in pk if c.kind == "text"), *coded]:
            return c.name
        # Else a tag people write ("P-104"), else the key: a state or type ("OPEN", "VOID"), a
        # failure mode or a note is shared by many rows and names none of them.
        tags = [c for c in text_cols if c.values and all(any(ch.isdigit() for ch in v) for v in c.values)]
        return (tags or pk or [c for c in text_cols if not _state_code(c)] or text_cols or info.columns)[
            0
        ].name

    def _names_another(self, table: str, column: str) -> bool:
        """Whether a `…name` column names another thing than a row of `table`: an order's `cust_name`
        is its customer's name, where an employee's `emp_name` and a line's `full_name` are theirs."""
        words = name_words(column)[:-1]
        said = frozenset().union(*(identifier_concepts(w) for w in words)) & KNOWN_CONCEPTS
        return bool(said) and not said & self.table_name_concepts.get(table, frozenset())

    def spoken_key(self, table: str) -> str | None:
        """The key of `table` when people say it beside a row's name (a code such as "CY-03",
        kept as text, the primary key or another declared unique), so that a list or a breakdown
        shows both; None for a number, which is the database's own, or where the key is the name."""
        info = self.table(table)
        keys = [c for c in info.columns if c.primary_key]
        label = self.label_column(table)
        if len(keys) == 1 and keys[0].kind == "text":
            return keys[0].name if keys[0].name != label else None
        unique = [
            c for c in info.visible if c.unique and c.kind == "text" and not self._names_itself(table, c.name)
        ]
        return unique[0].name if unique and unique[0].name != label else None

    def naming_columns(self, table: str) -> list[str]:
        """How people name a row of `table`: its name, and its code beside it when it has one; a
        row named only by a code ("T-117", "P-2040") is also shown by its description."""
        label = self.label_column(table)
        key = self.spoken_key(table) or self._event_key(table, label)
        described = [
            c.name
            for c in self.table(table).visible
            if c.kind == "text" and _DESCRIBES.search(c.name) and c.name not in (label, key)
        ]
        return [
            label,
            *([key] if key else []),
            *(described[:1] if not self._names_itself(table, label) else []),
        ]

    def name_of(self, table: str) -> Ref | None:
        """The column a row of `table` is called by, when no column says "name": its label kept
        as text ("suppliers.Supplier"), else the name of the one table it points to that has one
        (a welder's name is its person's, `person.Name`)."""
        label = self.table(table).column(self.label_column(table))
        if label is not None and label.kind == "text" and not label.primary_key:
            return Ref(table, label.name)
        named = [
            Ref(other, column.name)
            for _col, other, _oc, direction in self.edges.get(table, [])
            if direction == "out"
            for column in self.table(other).visible
            if "name" in self.column_concepts.get((other, column.name), ())
        ]
        return named[0] if len({ref.table for ref in named}) == 1 else None

    def _names_itself(self, table: str, column: str) -> bool:
        """Whether a column is a name people say ("name", "title", a comment saying 名称)."""
        return bool(re.search(r"(?:name|title)$", column, re.I)) or "name" in self.column_concepts.get(
            (table, column), ()
        )

    def time_column(self, table: str) -> str | None:
        """The default time column: configured, else the first required timestamp, else a date."""
        info = self.table(table)
        if info.time_column and info.column(info.time_column):
            return info.time_column
        temporal = [c for c in info.visible if c.temporal]
        for name in _PREFERRED_TIME:
            for c in temporal:
                if c.name == name:
                    return c.name
        for predicate in (
            lambda c: c.kind == "datetime" and not c.nullable,
            lambda c: c.kind == "datetime",
            lambda c: c.kind == "date" and not c.nullable,
            lambda c: c.kind == "date",
        ):
            for c in temporal:
                if predicate(c):
                    return c.name
        return None

    def window_time(self, table: str) -> Ref | None:
        """The time a window of `table`'s rows is placed on: its own, else its header's (the
        order of its lines, see `HEADER_SHARE`)."""
        own = self.time_column(table)
        if own:
            return Ref(table, own)
        for _col, other, _oc, direction in self.edges.get(table, []):
            other_time = self.time_column(other) if direction == "out" else None
            if other_time and self.table(other).rows >= HEADER_SHARE * self.table(table).rows:
                return Ref(other, other_time)
        return None

    def path(
        self, start: str, goal: str, max_hops: int = 3, via: Iterable[str] = ()
    ) -> list[tuple[str, str, str, str]] | None:
        """Join steps (from_table.col = to_table.col) from `start` to `goal` along foreign keys;
        through the link columns `via` ("table.column") where a table is reached two ways."""
        if start == goal:
            return []
        chosen = set(via)
        queue: deque[tuple[str, list[tuple[str, str, str, str]]]] = deque([(start, [])])
        seen = {start}
        while queue:
            table, steps = queue.popleft()
            if len(steps) >= max_hops:
                continue
            # Prefer following foreign keys outwards (many-to-one keeps counts right).
            for col, other, other_col, direction in sorted(
                self.edges.get(table, []), key=lambda e: (e[3] != "out", f"{table}.{e[0]}" not in chosen)
            ):
                if other in seen or direction != "out":
                    continue
                step = (table, col, other, other_col)
                if other == goal:
                    return [*steps, step]
                seen.add(other)
                queue.append((other, [*steps, step]))
        return None

    def link_named(self, name: str) -> str | None:
        """The link column ("table.column") `name` says, by its column name or as table.column."""
        said = name.lower()
        for table, edges in self.edges.items():
            for col, _other, _other_col, direction in edges:
                if direction == "out" and said in (col.lower(), f"{table}.{col}".lower()):
                    return f"{table}.{col}"
        return None

    def two_ways(self, start: str, goal: str, via: Iterable[str] = ()) -> list[str]:
        """The link columns ("table.column") between which the path from `start` to `goal` must
        choose, where one table points to the next by two of its columns (a move's from and to
        location) and `via` names neither; [] when the path is one way."""
        chosen = set(via)
        for table, _col, other, _other_col in self.path(start, goal, via=chosen) or []:
            links = [
                f"{table}.{c}" for c, o, _oc, d in self.edges.get(table, []) if o == other and d == "out"
            ]
            if len(links) > 1 and not chosen & set(links):
                return links
        return []

    def chinese_names(self) -> dict[str, frozenset[str]]:
        """Chinese words for the schema's own English words (see `glossary`) and its own Chinese
        words (`lexicon.own_chinese_words`, each its own concept), found on first use."""
        if self._chinese_names is None:
            words = frozenset().union(*self.table_concepts.values(), *self.column_concepts.values())
            own = {w: frozenset([w]) for w in words if not w.isascii()}
            self._chinese_names = {**chinese_words(w for w in words if w.isascii()), **own}
        return self._chinese_names

    def shortened(self, word: str) -> frozenset[str]:
        """The schema's own words that shorten an English `word` no lexicon knows (`lexicon.shortens`:
        `insp` for "inspection", `rslt` for "result", `mtrl` for "material").

        >>> columns = [Column("insp_rslt", "text"), Column("mtrl_cd", "text")]
        >>> index = SchemaIndex.of(Catalog("sqlite", {"qc": TableInfo("qc", columns)}))
        >>> [sorted(index.shortened(w)) for w in ("inspection", "result", "material", "ins")]
        [['insp'], ['rslt'], ['mtrl'], []]
        """
        return frozenset(own for own in self.own_words() if len(word) >= len(own) + 2 and shortens(own, word))

    def own_words(self) -> frozenset[str]:
        """The English words of the schema's names that no lexicon knows (`insp`, `woodturner`),
        found on first use."""
        if self._own_words is None:
            words = frozenset().union(*self.table_concepts.values(), *self.column_concepts.values())
            self._own_words = frozenset(
                w for w in words if len(w) >= 3 and w.isascii() and w.isalpha() and w not in KNOWN_CONCEPTS
            )
        return self._own_words

    def hyphenated(self) -> frozenset[str]:
        """The words joined by a hyphen that a stored value, a comment or the lexicon says whole
        ("heat-treated", "li-ion", "machine-hour rate"), found on first use."""
        if self._hyphenated is None:
            comments = [
                text
                for table in self.catalog.tables.values()
                for text in (table.comment, *(column.comment for column in table.columns))
                if text
            ]
            said = [*self.values, *_ENGLISH, *(normalise(text) for text in comments)]
            self._hyphenated = frozenset(w.strip(".,;:()") for text in said for w in text.split() if "-" in w)
        return self._hyphenated

    def chinese_values(self) -> dict[str, tuple[ValueRef, ...]]:
        """Chinese words for the English values stored (德国 for 'Germany'; see `glossary`),
        longest first, found on first use."""
        if self._chinese_values is None:
            found = chinese_words(alias for alias in self.values if alias.replace(" ", "").isalpha())
            self._chinese_values = {
                word: tuple(dict.fromkeys(ref for alias in sorted(aliases) for ref in self.values[alias]))
                for word, aliases in sorted(found.items(), key=lambda kv: -len(kv[0]))
            }
        return self._chinese_values

    def schema_terms(self) -> list[tuple[tuple[str, str], str]]:
        """(table, column) keys and the text that describes them, for embeddings."""
        terms: list[tuple[tuple[str, str], str]] = []
        for table in self.catalog.tables.values():
            terms.append(((table.name, ""), f"{table.name.replace('_', ' ')}: {table.comment}"))
            for column in table.visible:
                if not column.primary_key and not column.references:
                    text = f"{table.name.replace('_', ' ')} {column.name.replace('_', ' ')}: {column.comment}"
                    terms.append(((table.name, column.name), text))
        return terms

    def nearest(self, phrase: str, embed: Embed, threshold: float = 0.55) -> tuple[str, str] | None:
        """The (table, column) whose description is nearest to `phrase`, if near enough."""
        import numpy as np

        if self._vectors is None:
            terms = self.schema_terms()
            if not terms:
                return None  # a database without tables has nothing to be near
            self._vector_keys = [key for key, _ in terms]
            self._vectors = _unit(np.asarray(embed([text for _, text in terms]), dtype=float))
        query = _unit(np.asarray(embed([phrase]), dtype=float))[0]
        scores = self._vectors @ query
        best = int(scores.argmax())
        return self._vector_keys[best] if scores[best] >= threshold else None


_FLAG = re.compile(
    r"^(?:is|has|flag)_(.+)$|^(active|enabled|valid|preferred|hazmat|critical)$|"
    r"^(.+?)_(?:yn|flag|flg|ind)$",
    re.I,
)


def flag_names(column: Column) -> list[tuple[str, str]]:
    """The states a 1/0 or 'Y'/'N' flag with no labels of its own is called by: `is_active` 1 is
    "active", 0 "inactive", "not active", "no longer active"; `hazmat` 1 is "hazmat"; `rework_flag`
    'Y' is "rework".

    >>> flag_names(Column("is_preferred", "int"))[:2]
    [('1', 'preferred'), ('0', 'not preferred')]
    >>> flag_names(Column("is_active", "int", labels={"1": "in use", "0": "mothballed"}))
    []
    >>> flag_names(Column("sfjh", "bool", comment="是否计划停机: 1=是 0=否"))[3:]
    [('1', 'planned'), ('0', 'unplanned')]
    >>> flag_names(Column("rework_flag", "text", values=["N", "Y"]))[:2]
    [('Y', 'rework'), ('N', 'not rework')]
    >>> flag_names(Column("inspected", "text", values=["false", "true"]))[:2]
    [('true', 'inspected'), ('false', 'not inspected')]
    >>> flag_names(Column("ht", "int", comment="1 = heat-treated after casting"))[2:]
    [('1', 'heat-treated'), ('0', 'not heat-treated')]
    """
    yes_no = _yes_no(column)
    if column.labels or column.primary_key or not (yes_no or column.kind in ("int", "code", "bool")):
        return []
    yes, no = yes_no or ("1", "0")
    found = _FLAG.match(_CAMEL.sub("_", column.name))
    asked = _WHETHER.match(column.comment)
    names: list[tuple[str, str]] = []
    if found or yes_no:  # a column of only 'true' and 'false' is a flag whatever its name: `inspected`
        state = next(g for g in found.groups() if g) if found else _CAMEL.sub("_", column.name)
        state = state.replace("_", " ").lower()
        names += [(yes, state), (no, f"not {state}"), (no, f"no longer {state}"), (no, f"non {state}")]
        if state in _OPPOSITES:
            names.append((no, _OPPOSITES[state]))
        if state == "active":  # `active_flg` of staff: "still with us", "have left"
            names += [(yes, said) for said in EMPLOYED] + [(no, said) for said in LEFT]
    if not found and not yes_no and (one := _ONE_MEANS.match(column.comment)):
        # "1 = heat-treated after casting": 1 is "heat-treated after casting", or its first word
        state = one.group(1).lower()
        for said in dict.fromkeys((state, state.split()[0])):
            names += [(yes, said), (no, f"not {said}")]
    if asked:
        # "是否计划停机: 1=是 0=否": 1 is 计划停机 (planned), 0 is 非计划停机 (unplanned).
        state = asked.group(1)
        names += [(yes, state), (no, f"非{state}"), (no, f"不是{state}")]
        word = next((w for w in sorted(VALUE_WORDS, key=len, reverse=True) if state.startswith(w)), "")
        names += [(yes, english) for english in VALUE_WORDS.get(word, ())]
        names += [(no, english) for english in VALUE_WORDS.get(f"非{word}", ())]
    return names


def planned_names(column: Column, table: TableInfo) -> list[tuple[str, str]]:
    """The codes a comment calls planned are "planned" and the others "unplanned": unplanned
    stops are every kind but tool settings and planned cleaning. A flag of the table that says
    whether a row was planned says it first.

    >>> from nl2sql.profile import enumeration
    >>> said = "B=breakdown, J=jam, C=planned cleaning"
    >>> kind = Column("kind", "code", comment=said, labels=enumeration(said))
    >>> planned_names(kind, TableInfo("stops", [kind]))
    [('C', 'planned'), ('B', 'unplanned'), ('J', 'unplanned')]
    >>> planned_names(kind, TableInfo("stops", [kind, Column("is_planned", "bool")]))
    []
    """
    planned = planned_codes(column.comment)
    flagged = any(name == "planned" for other in table.visible for _code, name in flag_names(other))
    if not planned or not column.labels or flagged:
        return []
    others = [code for code in column.labels if code not in planned]
    return [(code, "planned") for code in sorted(planned)] + [(code, "unplanned") for code in others]


def code_names(column: Column, table: TableInfo) -> list[tuple[str, str]]:
    """The words, English and Chinese, a state code with no label is said by when it shortens
    lexicon words of one meaning ('CNCL' is "cancelled", 取消), unless the table keeps the time of
    that step (`recv_date`: "not received" is then the step not taken, not a state).

    >>> status = Column("state", "text", values=["CNCL", "RECV"])
    >>> code_names(status, TableInfo("po", [status, Column("recv_date", "date")]))[:3]
    [('CNCL', 'cancelled'), ('CNCL', 'canceled'), ('CNCL', 'cancel')]
    """
    said = identifier_concepts(column.name) | concepts_of_text(column.comment)
    if column.labels or column.primary_key or column.kind != "text" or "status" not in said:
        return []
    steps = frozenset().union(*(identifier_concepts(c.name) for c in table.columns if c.temporal))
    names: list[tuple[str, str]] = []
    for value in column.values or ():
        meanings = abbreviated(value.lower()) if _CODE.fullmatch(value) else frozenset()
        if len(meanings) == 1 and not meanings & steps:
            meaning = next(iter(meanings))
            english, chinese = CONCEPTS[meaning]
            names += [
                (value, word)
                for word in (*english, *chinese)
                if meaning != RECORDING or word in OPEN_STATE_WORDS  # "raised" is no state 'OPEN'
            ]
    return names


#: A code in capitals that may shorten a word: 'CNCL', 'RECV'.
_CODE = re.compile(r"[A-Z]{3,6}")
#: The yes and no a text flag keeps, in capitals.
_TEXT_FLAGS = (("Y", "N"), ("TRUE", "FALSE"), ("YES", "NO"), ("T", "F"))


def _yes_no(column: Column) -> tuple[str, str] | None:
    """The stored yes and no of a text flag kept as 'Y' / 'N' (`active_yn`) or 'true' / 'false',
    as stored."""
    stored = {v.upper(): v for v in column.values or ()}
    if column.kind != "text":
        return None
    return next(((stored[yes], stored[no]) for yes, no in _TEXT_FLAGS if set(stored) == {yes, no}), None)


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: A column that describes a row in words (`PartDesc`, `descr`, `item_description`).
_DESCRIBES = re.compile(r"desc(?:r|ription)?$", re.IGNORECASE)
_WHETHER = re.compile(r"^\s*(?:是否|是不是)([\u4e00-\u9fff]{2,8})")
#: A flag whose comment says only what 1 means: "1 = heat-treated after casting".
_ONE_MEANS = re.compile(r"^\s*1\s*[=＝]\s*([a-z][\w -]*?)\s*(?:[,;(]|$)", re.IGNORECASE)
#: The one-word opposite of a state a flag names.
_OPPOSITES = {"active": "inactive", "enabled": "disabled", "valid": "invalid"}


def _good_pieces(column: Column, concepts: frozenset[str]) -> frozenset[str]:
    """`concepts`, with "good" where `column` counts the good pieces (`ok_qty`, "合格品数"): "how
    many good parts" and "合格品产量" are its sum."""
    good = concepts & GOOD_WORDS or GOOD_WORDS_ZH.search(column.comment or "")
    return concepts | {"good"} if good and column.numeric and not column.primary_key else concepts


#: A comment that is only a Chinese noun: the table's name in Chinese.
_CHINESE_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}")


def _of_countries(column: Column) -> bool:
    """Whether a text column keeps countries, by its name or comment."""
    said = identifier_concepts(column.name) | concepts_of_text(column.comment)
    return column.kind == "text" and "country" in said


def _opaque(name: str) -> bool:
    """Whether a name is initials that say nothing by themselves (`shd`, `rk_mx`, `kf`), not
    words the lexicon lacks (`handovers`): every part of it short or without a vowel.

    >>> _opaque("rk_mx"), _opaque("shd"), _opaque("handovers"), _opaque("t_shift_log")
    (True, True, False, False)
    """
    parts = [p for p in re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name) if p]
    return bool(parts) and all(len(p) <= 2 or not re.search(r"[aeiou]", p, re.I) for p in parts)


def _holds_values(catalog: Catalog, table: str, column: str) -> bool:
    """Whether `table.column` exists with stored values of its own to link to."""
    info = catalog.table(table)
    target = info.column(column) if info is not None else None
    return target is not None and bool(target.values or target.labels)


def _unit(vectors: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


KNOWN_CONCEPTS = frozenset(CONCEPTS)


def _state_code(column: Column) -> bool:
    """Whether a text column holds a few states or types, explained, or single words in one case
    ("OPEN", "VOID", "in_progress"), rather than names of rows ("Pilsner", "Anna Berg")."""
    words = [v.replace("_", "") for v in column.values or []]
    return bool(column.labels) or (
        0 < len(words) <= 12
        and all(w.isalpha() and (w.isupper() or w.islower()) and len(w) <= 12 for w in words)
    )
