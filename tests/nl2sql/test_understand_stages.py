"""Golden files of the stages of `nl2sql.understand`, one file a stage, as sqlglot's optimizer
fixtures are one file a rule: `fixtures/understand/<stage>.txt`.

A case is two lines, apart from the next by a blank line: `[catalog] question` (a follow-up is
`previous question >> follow-up`), then that stage's piece of the reading or of the plan, as
`PIECES[stage]` writes it. Lines starting with `#` are comments. Catalogs: the sample plant
(`plant`), the quality lab (`lab`) and the maintenance department (`maintenance`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from nl2sql.catalog import Catalog
from nl2sql.errors import NoSuchData
from nl2sql.link import SchemaIndex
from nl2sql.types import Clarification, Filter, Plan, Ref
from nl2sql.understand import understand
from nl2sql.understand.read import read
from nl2sql.understand.reading import Given, Reading
from nl2sql.understand.score import choose_table
from tests.nl2sql.conftest import NOW, plant_catalog

FIXTURES = Path(__file__).parent / "fixtures" / "understand"


def _ref(ref: Ref | None) -> str:
    return f"{ref.table}.{ref.column}" if ref else "-"


def _value(value: object) -> str:
    return "(" + ", ".join(map(str, value)) + ")" if isinstance(value, list) else str(value)


def _filter(f: Filter) -> str:
    return f"{_ref(f.ref)} {f.op} {_value(f.value)}".rstrip()


def _reading(question: str, catalog: Catalog) -> Reading:
    return read(question, Given(SchemaIndex.of(catalog), NOW))


def _plan(question: str, catalog: Catalog) -> Plan | Clarification:
    """The plan of `question`, or of its follow-up when written `previous >> follow-up`."""
    *before, asked = question.split(" >> ")
    context = None
    if before:
        previous = understand(before[0], catalog, now=NOW)
        assert isinstance(previous, Plan), previous
        context = previous.to_dict()
    return understand(asked, catalog, now=NOW, context=context)


def _planned(piece: Callable[[Plan], str]) -> Callable[[str, Catalog], str]:
    """A piece of the plan of a question (a question back is written as its choices)."""

    def of(question: str, catalog: Catalog) -> str:
        plan = _plan(question, catalog)
        if isinstance(plan, Clarification):
            return "ask: " + " | ".join(plan.choices)
        return piece(plan)

    return of


def _read(piece: Callable[[Reading], str]) -> Callable[[str, Catalog], str]:
    return lambda question, catalog: piece(_reading(question, catalog))


def window(r: Reading) -> str:
    w = r.window
    return f"{w.start:%Y-%m-%d %H:%M} → {w.end:%Y-%m-%d %H:%M}" if w else "-"


def metric(r: Reading) -> str:
    return r.metric or (f"ratio {r.ratio[0]}/{r.ratio[1]}" if r.ratio else "-")


def thresholds(r: Reading) -> str:
    bounds = [f"{op} {value:g} {unit}".rstrip() for op, value, unit in r.thresholds]
    return "; ".join(bounds + [f'counts: "{after}"' for after in r.counted_after]) or "-"


def values(r: Reading) -> str:
    found = []
    for surface, refs, weak in r.values:
        places = sorted({f"{ref.table}.{ref.column}={ref.value}" for ref in refs})
        found.append(f"{surface} → {', '.join(places)}{' (weak)' if weak else ''}")
    return "; ".join(found) or "-"


def words(r: Reading) -> str:
    parts = [f"words: {', '.join(surface for _at, _cs, surface in r.concepts) or '-'}"]
    parts += [f"by: {phrase}" for _at, phrase in r.group_phrases]
    parts += [f"trend: {r.trend}"] if r.trend else []
    parts += [f"not understood: {', '.join(r.unmatched)}"] if r.unmatched else []
    return "; ".join(parts)


def cues(r: Reading) -> str:
    said = [name for name, value in vars(r.cues).items() if value or (name == "which" and value is not None)]
    return ", ".join(said) or "-"


def table(question: str, catalog: Catalog) -> str:
    r = _reading(question, catalog)
    try:
        chosen = choose_table(question, r, SchemaIndex.of(catalog))
    except NoSuchData:
        return "no such data"
    return "ask: " + " | ".join(chosen.choices) if isinstance(chosen, Clarification) else chosen


def measure(p: Plan) -> str:
    m = p.measure
    if m is None:
        return "list"
    what = m.metric if m.agg in ("metric", "ratio") else _ref(m.ref) if m.ref else "rows"
    if m.when is not None:  # a share: of the rows meeting its condition
        what = _filter(m.when)
    if m.since is not None:
        what = f"{_ref(m.since)} → {_ref(m.ref)}"
    if m.times is not None:  # a worth: the quantity times its unit price
        what = f"{_ref(m.ref)} × {_ref(m.times)}"
    return (
        f"{m.agg} {what}" + (f" in {m.unit}" if m.unit else "") + (f" ×{m.scale:.4g}" if m.scale != 1 else "")
    )


def bounds(p: Plan) -> str:
    found = [_filter(f) for f in p.filters if f.op in ("<", ">", "<=", ">=")]
    found += [f"having {_filter(p.having)}"] if p.having else []
    return "; ".join(found) or "-"


PIECES: dict[str, Callable[[str, Catalog], str]] = {
    "window": _read(window),
    "metric": _read(metric),
    "top": _read(lambda r: str(r.limit or "-")),
    "thresholds": _read(thresholds),
    "absence": _read(lambda r: r.absence or "-"),
    "values": _read(values),
    "pending": _read(lambda r: "; ".join(surface for surface, _cs in r.pending) or "-"),
    "words": _read(words),
    "cues": _read(cues),
    "table": table,
    "time": _planned(lambda p: _ref(p.time_ref)),
    "filters": _planned(lambda p: "; ".join(_filter(f) for f in p.filters) or "-"),
    "group": _planned(
        lambda p: "; ".join(_ref(d.ref) + (f" per {d.grain}" if d.grain else "") for d in p.group) or "-"
    ),
    "measure": _planned(measure),
    "columns": _planned(lambda p: ", ".join(_ref(c) for c in p.columns) or "-"),
    "bounds": _planned(bounds),
    "order": _planned(lambda p: f"{p.order or '-'} {p.limit or ''}".rstrip()),
    "absent": _planned(lambda p: f"{_ref(p.group[0].ref)} without {p.table}" if p.absent else "-"),
    "leftovers": _planned(lambda p: ", ".join(p.ignored) or "-"),
    "follow": _planned(
        lambda p: f"{p.table}; {window_of(p)}; " + ("; ".join(_filter(f) for f in p.filters) or "-")
    ),
}


def window_of(p: Plan) -> str:
    return f"{p.window.start:%Y-%m-%d} → {p.window.end:%Y-%m-%d}" if p.window else "all time"


def cases() -> list[object]:
    found = []
    for path in sorted(FIXTURES.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for block in "\n".join(lines).strip().split("\n\n"):
            asked, expected = block.strip().split("\n")
            catalog, question = asked[1:].split("] ", 1)
            found.append(pytest.param(path.stem, catalog, question, expected, id=f"{path.stem}:{question}"))
    return found


@pytest.fixture(scope="module")
def plant_catalogue(plant_engine: Engine) -> Catalog:
    return plant_catalog(plant_engine)


def test_every_stage_file_has_a_piece_and_both_languages() -> None:
    stages = {path.stem for path in FIXTURES.glob("*.txt")}
    assert stages == set(PIECES)
    for stage in stages:
        questions = [c.values[2] for c in cases() if c.values[0] == stage]  # type: ignore[attr-defined]
        assert any(q.isascii() for q in questions) and not all(q.isascii() for q in questions), stage


@pytest.mark.parametrize(("stage", "catalog", "question", "expected"), cases())
def test_stage(
    stage: str, catalog: str, question: str, expected: str, request: pytest.FixtureRequest
) -> None:
    found = request.getfixturevalue("plant_catalogue" if catalog == "plant" else catalog)
    assert PIECES[stage](question, found) == expected


def test_the_reading_is_frozen() -> None:
    r = _reading("how many andon calls on line 3 last week?", Catalog("sqlite", {}))
    with pytest.raises(AttributeError):
        r.text = ""  # type: ignore[misc]
    assert isinstance(r.values, tuple) and isinstance(r.concepts, tuple)
