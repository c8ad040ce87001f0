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


TRENDS = {
    # question: the same figures computed in one step, the plain way
    "daily output of line 2 this week": "SELECT DATE(p.hour_start), SUM(p.output_qty) FROM production p "
    "JOIN lines l ON l.id = p.line_id WHERE l.name = 'Line 2' AND p.hour_start >= '2026-11-16' "
    "AND p.hour_start < '2026-11-22' GROUP BY 1 ORDER BY 1",
    "andon calls per day last week": "SELECT DATE(raised_at), COUNT(*) FROM andon_calls "
    "WHERE raised_at >= '2026-11-09' AND raised_at < '2026-11-16' GROUP BY 1 ORDER BY 1",
    "monthly output trend since september": "SELECT STRFTIME('%Y-%m', hour_start), SUM(output_qty) "
    "FROM production WHERE hour_start >= '2026-09-01' AND hour_start < '2026-11-22' GROUP BY 1 ORDER BY 1",
}


@pytest.mark.parametrize("question", list(TRENDS))
def test_a_trend_summed_by_raw_time_first_gives_the_one_step_figures(
    question: str, plant, plant_engine
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    answer = plant.answer(question, now=NOW)
    assert "by_time" in answer.sql and "GROUP BY" in answer.sql
    with plant_engine.connect() as connection:
        expected = [list(row) for row in connection.execute(text(TRENDS[question]))]
    assert answer.rows == expected and expected


def test_an_average_trend_is_averaged_over_the_rows_not_over_each_time() -> None:
    from nl2sql.render import by_time_first
    from nl2sql.types import Dim, Measure, Ref

    hour = Ref("production", "hour_start")
    plan = Plan("production", Measure("avg", Ref("production", "output_qty")), group=[Dim(hour, grain="day")])
    assert not by_time_first(plan)
    plan.measure = Measure("sum", Ref("production", "output_qty"))
    assert by_time_first(plan)


DAY = {"sqlite": "DATE(raised_at)", "postgresql": "CAST(raised_at AS DATE)", "mysql": "DATE(raised_at)"}


def test_a_trend_summed_by_raw_time_first_runs_on_every_database(any_plant) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from tests.nl2sql.conftest import answerer

    answer = answerer(any_plant).answer("andon calls per day last week", now=NOW)
    assert "by_time" in answer.sql
    day = DAY[any_plant.dialect.name]
    plain = (
        f"SELECT {day}, COUNT(*) FROM andon_calls WHERE raised_at >= '2026-11-09' "
        "AND raised_at < '2026-11-16' GROUP BY 1 ORDER BY 1"
    )
    with any_plant.connect() as connection:
        expected = [[str(d)[:10], n] for d, n in connection.execute(text(plain))]
    assert [[str(d)[:10], n] for d, n in answer.rows] == expected and len(expected) == 7


def test_a_weekly_trend_starts_its_weeks_on_monday_on_every_database(any_plant) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from tests.nl2sql.conftest import answerer

    answer = answerer(any_plant).answer("andon calls per week this month", now=NOW)
    weeks = [date.fromisoformat(str(row[0])[:10]) for row in answer.rows]
    assert weeks and all(week.weekday() == 0 for week in weeks)
