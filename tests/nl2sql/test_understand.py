"""Generalisation fixes of the parser, on the quality-lab schema (CamelCase and abbreviated names)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nl2sql.catalog import Catalog
from nl2sql.lexicon import concepts_of_text
from nl2sql.types import Plan
from nl2sql.understand import inflections, understand

NOW = datetime(2026, 11, 21, 12)


def plan(question: str, catalog: Catalog) -> Plan:
    found = understand(question, catalog, now=NOW)
    assert isinstance(found, Plan), found
    return found


@pytest.mark.parametrize(
    ("name", "concept"),
    [
        ("SupplierName", "supplier"),
        ("sev_cd", "severity"),
        ("disp_cd", "disposition"),
        ("prod_id", "product"),
    ],
)
def test_camel_case_and_abbreviated_columns_are_spelled_out(name: str, concept: str) -> None:
    assert concept in concepts_of_text(name)


def test_verb_forms_match_stored_values(lab: Catalog) -> None:
    assert "fail" in inflections("failed") and "scrap" in inflections("scrapped")
    p = plan("how many tests failed yesterday?", lab)
    assert [(f.ref.column, f.value) for f in p.filters] == [("outcome", "fail")]


def test_a_value_word_inside_a_longer_word_is_not_matched(lab: Catalog) -> None:
    p = plan("昨天有多少个检测不合格？", lab)  # 不合格 (fail), not 合格 (pass) as well
    assert [(f.ref.column, f.value) for f in p.filters] == [("outcome", "fail")]


def test_average_of_a_named_value_aggregates_the_tables_one_measure(lab: Catalog) -> None:
    p = plan("average viscosity this month", lab)
    assert p.measure is not None and (p.measure.agg, p.measure.ref and p.measure.ref.column) == (
        "avg",
        "result_value",
    )


def test_the_counted_noun_picks_the_table(lab: Catalog) -> None:
    p = plan("top 3 products by number of NCRs", lab)
    assert p.table == "ncr" and p.group[0].ref.table == "products" and p.limit == 3


def test_a_count_of_things_counts_the_table_that_holds_the_value(maintenance: Catalog) -> None:
    p = plan("how many chillers do we have?", maintenance)
    assert p.table == "assets" and p.measure is not None and p.measure.agg == "count"


@pytest.mark.parametrize("question", ["上个月每位技术员的维修工单数"])
def test_per_person_breakdowns_in_chinese(question: str, maintenance: Catalog) -> None:
    p = plan(question, maintenance)
    assert p.table == "maintenance_orders" and p.group[0].ref.table == "technicians"


def test_bare_how_much_with_a_named_amount_sums_it(lab: Catalog) -> None:
    p = plan("本月NCR的总成本是多少", lab)
    assert p.measure is not None and p.measure.agg == "sum" and p.measure.ref is not None
    assert p.measure.ref.column == "cost_amt"


@pytest.mark.parametrize(
    ("question", "not_understood"),
    [
        ("本月纠正性维修工单有几个", ""),  # function words only: all understood
        ("每位技术员本月完成了多少工单？", ""),
        ("本月维修工单有多少，给老板汇报用", "老板汇报"),
        ("维修工单的试行范围应该多大？", "试行范围应该多大"),
    ],
)
def test_chinese_words_the_data_does_not_know_are_reported(
    question: str, not_understood: str, maintenance: Catalog
) -> None:
    found = understand(question, maintenance, now=NOW)
    ignored = found.ignored if isinstance(found, Plan) else []
    assert "".join(ignored) == not_understood
