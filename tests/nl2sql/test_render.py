"""understand + render: the golden file of question → SQL (`fixtures/plant_questions.sql`), and dialects."""

from __future__ import annotations

from pathlib import Path

import pytest

from nl2sql import Plan, understand
from nl2sql.render import render
from tests.nl2sql.conftest import NOW

GOLDEN = [
    (block.split("\n", 1)[0].removeprefix("-- "), block.split("\n", 1)[1].strip().rstrip(";"))
    for block in (Path(__file__).parent / "fixtures/plant_questions.sql")
    .read_text(encoding="utf-8")
    .split("\n\n")
    if block.strip()
]


@pytest.mark.parametrize(("question", "sql"), GOLDEN, ids=[q for q, _ in GOLDEN])
def test_golden_questions(question: str, sql: str, plant) -> None:  # type: ignore[no-untyped-def]
    catalog = plant.sources[0].catalog
    plan = understand(question, catalog, now=NOW)
    assert isinstance(plan, Plan)
    assert render(plan, catalog, "sqlite") == sql


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql", "duckdb"])
@pytest.mark.parametrize("question", [q for q, _ in GOLDEN])
def test_every_dialect_renders_sql_the_checker_accepts(question: str, dialect: str, plant) -> None:  # type: ignore[no-untyped-def]
    from nl2sql import check

    catalog = plant.sources[0].catalog
    plan = understand(question, catalog, now=NOW)
    assert isinstance(plan, Plan)
    check(render(plan, catalog, dialect), catalog, dialect)
