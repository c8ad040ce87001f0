"""check: golden files of allowed statements (`check.sql`) and rejected ones (`check__invalid.sql`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nl2sql import Rejected, check

FIXTURES = Path(__file__).parent / "fixtures"
VALID = [
    tuple(part.strip().rstrip(";") for part in block.split("\n=> "))
    for block in FIXTURES.joinpath("check.sql").read_text(encoding="utf-8").split(";\n")
    if "=>" in block
]
INVALID = [
    line
    for line in FIXTURES.joinpath("check__invalid.sql").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("--")
]


@pytest.mark.parametrize(("sql", "expected"), [(v[0].split("\n")[-1], v[1]) for v in VALID])
def test_allowed_statements_run_as_regenerated(sql: str, expected: str, plant) -> None:  # type: ignore[no-untyped-def]
    assert check(sql, plant.sources[0].catalog, "sqlite") == expected


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql", "duckdb"])
@pytest.mark.parametrize("sql", INVALID)
def test_invalid_statements_are_rejected(sql: str, dialect: str, plant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Rejected):
        check(sql, plant.sources[0].catalog, dialect)


def test_the_row_cap_wraps_and_keeps_the_query_limit(plant) -> None:  # type: ignore[no-untyped-def]
    sql = check(
        "SELECT name FROM lines ORDER BY name LIMIT 50", plant.sources[0].catalog, "postgres", row_cap=10
    )
    assert sql == "SELECT * FROM (SELECT name FROM lines ORDER BY name LIMIT 50) AS capped LIMIT 10"


def test_cte_names_are_not_mistaken_for_tables_but_unknown_tables_are_caught(plant) -> None:  # type: ignore[no-untyped-def]
    catalog = plant.sources[0].catalog
    check("WITH x AS (SELECT id FROM lines) SELECT id FROM x", catalog, "sqlite")
    with pytest.raises(Rejected, match="table"):
        check("WITH x AS (SELECT id FROM lines) SELECT id FROM y", catalog, "sqlite")


def test_rejections_say_why_in_both_languages(plant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Rejected) as caught:
        check("SELECT pg_sleep(5)", plant.sources[0].catalog, "postgres")
    assert "PG_SLEEP" in caught.value.user_message("en")
    assert "我不会执行" in caught.value.user_message("zh")
    assert caught.value.sql == "SELECT pg_sleep(5)"


@pytest.mark.parametrize(
    ("sql", "policy"),
    [
        ("SELECT * FROM slack_bots", True),
        ("SELECT max(channel) FROM andon_calls", True),
        ("SELECT pg_sleep(1)", True),
        ("DELETE FROM lines", True),
        ("ATTACH DATABASE 'x' AS y", True),
        ("SELECT * FROM sqlite_master", True),
        ("SELECT nosuch FROM lines", False),
        ("SELECT code FROM lines WHERE", False),
        ("SELECT id FROM lines, stations", False),
        ("SELECT reason AS channel FROM andon_calls", False),
    ],
)
def test_refusals_of_policy_and_plain_mistakes_are_told_apart(sql: str, policy: bool, plant) -> None:  # type: ignore[no-untyped-def]
    """Only a plain mistake may be shown to the LLM again (see nl2sql.answer)."""
    with pytest.raises(Rejected) as caught:
        check(sql, plant.sources[0].catalog, "sqlite")
    assert caught.value.policy is policy


def test_a_cte_named_after_a_table_hides_it_only_in_its_own_scope(plant) -> None:  # type: ignore[no-untyped-def]
    catalog = plant.sources[0].catalog
    check("WITH outbox AS (SELECT 1 AS a) SELECT a FROM outbox", catalog, "sqlite")  # only the CTE is read
    with pytest.raises(Rejected, match="table I may not show"):
        check(
            "SELECT * FROM (WITH outbox AS (SELECT 1 AS a) SELECT a FROM outbox) t, outbox", catalog, "sqlite"
        )
