"""Restate: the words of an answer say only what its SQL does — over every eval question."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlglot
from sqlglot import exp

from bot.store.db import make_engine
from evals.nl2sql import maintenance, qualitylab
from evals.nl2sql.blind import mes_pinyin, warehouse_energy
from nl2sql import NL2SQL, Answer, NL2SQLError, Source, introspect
from nl2sql.link import SchemaIndex
from nl2sql.render import build
from nl2sql.restate import restate
from nl2sql.types import Measure, Plan, Ref
from nl2sql.windows import days
from tests.nl2sql.conftest import NOW, plant_catalog

EVALS = Path(__file__).parents[2] / "evals" / "nl2sql"
# Each set: its cases, how its database is made, and its plant timezone.
SETS: dict[str, tuple[list[Path], Callable[[str], None] | None, str]] = {
    "plant": ([EVALS / "plant.jsonl"], None, "UTC"),
    "maintenance": (
        [EVALS / "maintenance.jsonl", EVALS / "maintenance_holdout.jsonl"],
        maintenance.generate,
        "UTC",
    ),
    "qualitylab": (
        [EVALS / "qualitylab.jsonl", EVALS / "qualitylab_holdout.jsonl"],
        qualitylab.generate,
        "UTC",
    ),
    "mes_pinyin": ([EVALS / "blind" / "mes_pinyin.jsonl"], mes_pinyin.build, "Asia/Shanghai"),
    "warehouse_energy": ([EVALS / "blind" / "warehouse_energy.jsonl"], warehouse_energy.build, "UTC"),
}


def _answers(name: str, plant_engine, tmp_path: Path) -> tuple[list[Answer], SchemaIndex]:  # type: ignore[no-untyped-def]
    """The set's questions the rules answered, and the schema they were answered from."""
    files, make, zone = SETS[name]
    if make is None:
        nl2sql = NL2SQL([Source("plant", plant_engine, plant_catalog(plant_engine))], charts=False)
    else:
        path = tmp_path / f"{name}.db"
        make(str(path))
        engine = make_engine(f"sqlite:///{path}")
        nl2sql = NL2SQL([Source(name, engine, introspect(engine))], timezone=ZoneInfo(zone), charts=False)
    answers = []
    for case in (json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()):
        language = "zh" if re.search(r"[\u4e00-\u9fff]", case["question"]) else "en"
        now = datetime.fromisoformat(case["now"]) if case.get("now") else NOW
        try:
            answer = nl2sql.answer(case["question"], now=now, language=language)
        except NL2SQLError:
            continue
        if answer.plan is not None and not answer.choices:
            answers.append(answer)
    return answers, SchemaIndex.of(nl2sql.sources[0].catalog)


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_restatement_says_what_its_sql_does_not_do(name: str, plant_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers, index = _answers(name, plant_engine, tmp_path)
    assert answers  # every set has questions answered by the rules
    for answer in answers:
        plan, words, sql = answer.plan, answer.interpretation, answer.sql
        assert plan is not None
        tree = sqlglot.parse_one(sql)
        inner = tree.find(exp.Subquery)
        query = inner.this if inner is not None and inner.alias == "capped" else tree
        source = query.args.get("from_")
        by_time = (
            source is not None and isinstance(source.this, exp.Subquery) and source.this.alias == "by_time"
        )
        rows = source.this.this if by_time else query  # a trend summed by raw time first reads rows inside
        where = rows.args.get("where")
        literals = {str(lit.this) for lit in where.find_all(exp.Literal)} if where else set()
        if plan.window is not None and plan.window.label(answer.language) in words:
            assert len(literals) >= 2, (answer.question, words, sql)  # both bounds of the window
        for f in plan.filters:
            if f.label and f.label in words and f.op == "is null":
                unset = {
                    n.this.name
                    for n in (where.find_all(exp.Is) if where else ())
                    if isinstance(n.this, exp.Column)
                }
                assert f.ref.column in unset, (answer.question, words, sql)
            elif f.label and f.label in words:
                values = f.value if isinstance(f.value, list) else [f.value]
                assert {str(v) for v in values} <= literals, (answer.question, words, sql)
        grouped = query.args.get("group") is not None
        assert grouped or not re.search(r"\bby |\bper |按|每", words), (answer.question, words, sql)
        top = re.search(r"\b(?:top|bottom) (\d+)|[前后](\d+)", words)
        limit = query.args.get("limit")
        if top:
            assert limit is not None and limit.expression.sql() == (top.group(1) or top.group(2))
        if "all time" in words or "全部时间" in words:
            assert not any(
                _held_to_a_time(c, index) for c in (where.find_all(exp.Predicate) if where else ())
            )


def _held_to_a_time(condition: exp.Expr, index: SchemaIndex) -> bool:
    """Whether a condition holds a time column to a given time (a window's bound, "before now"),
    not to another of the row's times ("shipped after the day due")."""
    return condition.find(exp.Literal) is not None and any(
        _temporal(c, index) for c in condition.find_all(exp.Column)
    )


def _temporal(column: exp.Column, index: SchemaIndex) -> bool:
    info = index.catalog.table(column.table)
    found = info.column(column.name) if info else None
    return bool(found and found.temporal)


def test_a_window_the_sql_lacks_is_never_said(plant_engine) -> None:  # type: ignore[no-untyped-def]
    catalog = plant_catalog(plant_engine)
    window = days(NOW.date(), NOW.date())
    plan = Plan("andon_calls", Measure("count"), window=window, time_ref=None)
    words = restate(build(plan, catalog, "sqlite"), plan, catalog, "sqlite", "en")
    assert window.label_en not in words and words.endswith("all time")
    plan.time_ref = Ref("andon_calls", "raised_at")
    assert restate(build(plan, catalog, "sqlite"), plan, catalog, "sqlite", "en").endswith(window.label_en)


def test_a_condition_the_plan_has_no_words_for_is_said_as_written(plant_engine) -> None:  # type: ignore[no-untyped-def]
    catalog = plant_catalog(plant_engine)
    plan = Plan("andon_calls", Measure("count"))
    tree = build(plan, catalog, "sqlite").where(exp.column("severity", "andon_calls").eq("high"))
    assert "severity = 'high'" in restate(tree, plan, catalog, "sqlite", "en")
