# ruff: noqa: E501  (gold SQL is kept on one line per case, as it is run and read)
"""Write `qualitylab.jsonl` (and `qualitylab_holdout.jsonl`) from the cases below, running every gold query.

The first set was written before the parser ever saw the quality-lab schema and measured as
is; the held-out set was written after the fixes that followed and never tuned on.
Run: `.venv/bin/python -m evals.nl2sql.make_qualitylab_cases /tmp/qlab.db`.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

NOW = "2026-11-21T12:00:00"  # a Saturday: this week is Mon 16 Nov, last week 9–15 Nov

# (question, language, tier, gold SQL)
CASES = [
    # easy
    ("how many products do we make?", "en", "easy", "SELECT COUNT(*) FROM products"),
    (
        "how many samples were taken last week?",
        "en",
        "easy",
        "SELECT COUNT(*) FROM samples WHERE sampled_at >= '2026-11-09' AND sampled_at < '2026-11-16'",
    ),
    (
        "how many tests failed yesterday?",
        "en",
        "easy",
        "SELECT COUNT(*) FROM test_results WHERE outcome = 'fail' AND tested_at >= '2026-11-20' AND tested_at < '2026-11-21'",
    ),
    ("how many samples are on hold?", "en", "easy", "SELECT COUNT(*) FROM samples WHERE status = 'on_hold'"),
    (
        "how many critical nonconformances this month?",
        "en",
        "easy",
        "SELECT COUNT(*) FROM ncr WHERE sev_cd = 'critical' AND open_dt >= '2026-11-01' AND open_dt < '2026-11-22'",
    ),
    (
        "total cost of nonconformances in October",
        "en",
        "easy",
        "SELECT SUM(cost_amt) FROM ncr WHERE open_dt >= '2026-10-01' AND open_dt < '2026-11-01'",
    ),
    (
        "how many analysts work in the Main Lab?",
        "en",
        "easy",
        "SELECT COUNT(*) FROM analysts WHERE lab = 'Main Lab'",
    ),
    (
        "average viscosity this month",
        "en",
        "easy",
        "SELECT AVG(result_value) FROM test_results WHERE test_name = 'viscosity' AND tested_at >= '2026-11-01' AND tested_at < '2026-11-22'",
    ),
    ("how many suppliers do we have?", "en", "easy", "SELECT COUNT(*) FROM suppliers"),
    (
        "number of rejected samples last month",
        "en",
        "easy",
        "SELECT COUNT(*) FROM samples WHERE status = 'rejected' AND sampled_at >= '2026-10-01' AND sampled_at < '2026-11-01'",
    ),
    # medium
    (
        "samples per product family last month",
        "en",
        "medium",
        "SELECT p.family, COUNT(*) FROM samples s JOIN products p ON p.id = s.product_id WHERE s.sampled_at >= '2026-10-01' AND s.sampled_at < '2026-11-01' GROUP BY p.family",
    ),
    (
        "failed tests by test type this month",
        "en",
        "medium",
        "SELECT test_name, COUNT(*) FROM test_results WHERE outcome = 'fail' AND tested_at >= '2026-11-01' AND tested_at < '2026-11-22' GROUP BY test_name",
    ),
    (
        "which analyst ran the most tests this month?",
        "en",
        "medium",
        "SELECT a.name, COUNT(*) FROM test_results t JOIN analysts a ON a.id = t.analyst_id WHERE t.tested_at >= '2026-11-01' AND t.tested_at < '2026-11-22' GROUP BY a.name ORDER BY COUNT(*) DESC LIMIT 1",
    ),
    (
        "top 3 products by number of NCRs",
        "en",
        "medium",
        "SELECT p.product_name, COUNT(*) FROM ncr n JOIN products p ON p.id = n.prod_id GROUP BY p.product_name ORDER BY COUNT(*) DESC LIMIT 3",
    ),
    (
        "units affected by nonconformances per severity",
        "en",
        "medium",
        "SELECT sev_cd, SUM(qty) FROM ncr GROUP BY sev_cd",
    ),
    (
        "rejected samples per supplier",
        "en",
        "medium",
        "SELECT su.SupplierName, COUNT(*) FROM samples s JOIN suppliers su ON su.SupplierId = s.supplier_id WHERE s.status = 'rejected' GROUP BY su.SupplierName",
    ),
    (
        "tests per day last week",
        "en",
        "medium",
        "SELECT DATE(tested_at), COUNT(*) FROM test_results WHERE tested_at >= '2026-11-09' AND tested_at < '2026-11-16' GROUP BY DATE(tested_at)",
    ),
    (
        "average moisture by product",
        "en",
        "medium",
        "SELECT p.product_name, AVG(t.result_value) FROM test_results t JOIN samples s ON s.id = t.sample_id JOIN products p ON p.id = s.product_id WHERE t.test_name = 'moisture' GROUP BY p.product_name",
    ),
    (
        "how many NCRs were scrapped last month?",
        "en",
        "medium",
        "SELECT COUNT(*) FROM ncr WHERE disp_cd = 'scrap' AND open_dt >= '2026-10-01' AND open_dt < '2026-11-01'",
    ),
    (
        "how many film samples were rejected in October?",
        "en",
        "medium",
        "SELECT COUNT(*) FROM samples s JOIN products p ON p.id = s.product_id WHERE p.family = 'film' AND s.status = 'rejected' AND s.sampled_at >= '2026-10-01' AND s.sampled_at < '2026-11-01'",
    ),
    ("NCR cost by disposition", "en", "medium", "SELECT disp_cd, SUM(cost_amt) FROM ncr GROUP BY disp_cd"),
    (
        "how many tests did Li Na do last week?",
        "en",
        "medium",
        "SELECT COUNT(*) FROM test_results t JOIN analysts a ON a.id = t.analyst_id WHERE a.name = 'Li Na' AND t.tested_at >= '2026-11-09' AND t.tested_at < '2026-11-16'",
    ),
    (
        "incoming samples by country",
        "en",
        "medium",
        "SELECT su.CountryCode, COUNT(*) FROM samples s JOIN suppliers su ON su.SupplierId = s.supplier_id WHERE s.sample_point = 'incoming' GROUP BY su.CountryCode",
    ),
    # hard
    (
        "how many resin products do we have?",
        "en",
        "hard",
        "SELECT COUNT(*) FROM products WHERE family = 'resin'",
    ),
    (
        "which supplier has the most rejected samples?",
        "en",
        "hard",
        "SELECT su.SupplierName, COUNT(*) FROM samples s JOIN suppliers su ON su.SupplierId = s.supplier_id WHERE s.status = 'rejected' GROUP BY su.SupplierName ORDER BY COUNT(*) DESC LIMIT 1",
    ),
    (
        "how many nonconformances affected more than 300 units?",
        "en",
        "hard",
        "SELECT COUNT(*) FROM ncr WHERE qty > 300",
    ),
    (
        "weekly count of failed tests last month",
        "en",
        "hard",
        "SELECT DATE(tested_at, '-6 days', 'weekday 1'), COUNT(*) FROM test_results WHERE outcome = 'fail' AND tested_at >= '2026-10-01' AND tested_at < '2026-11-01' GROUP BY 1",
    ),
    (
        "highest tensile strength measured on fiber products this month",
        "en",
        "hard",
        "SELECT MAX(t.result_value) FROM test_results t JOIN samples s ON s.id = t.sample_id JOIN products p ON p.id = s.product_id WHERE t.test_name = 'tensile strength' AND p.family = 'fiber' AND t.tested_at >= '2026-11-01' AND t.tested_at < '2026-11-22'",
    ),
    ("how many NCRs are still open?", "en", "hard", "SELECT COUNT(*) FROM ncr WHERE close_dt IS NULL"),
    # Chinese
    (
        "上周抽了多少个样品？",
        "zh",
        "easy",
        "SELECT COUNT(*) FROM samples WHERE sampled_at >= '2026-11-09' AND sampled_at < '2026-11-16'",
    ),
    ("我们有多少家供应商？", "zh", "easy", "SELECT COUNT(*) FROM suppliers"),
    (
        "本月NCR的总成本是多少",
        "zh",
        "easy",
        "SELECT SUM(cost_amt) FROM ncr WHERE open_dt >= '2026-11-01' AND open_dt < '2026-11-22'",
    ),
    (
        "昨天有多少个检测不合格？",
        "zh",
        "easy",
        "SELECT COUNT(*) FROM test_results WHERE outcome = 'fail' AND tested_at >= '2026-11-20' AND tested_at < '2026-11-21'",
    ),
    (
        "每个产品系列的样品数",
        "zh",
        "medium",
        "SELECT p.family, COUNT(*) FROM samples s JOIN products p ON p.id = s.product_id GROUP BY p.family",
    ),
    (
        "上个月每位化验员的检测次数",
        "zh",
        "medium",
        "SELECT a.name, COUNT(*) FROM test_results t JOIN analysts a ON a.id = t.analyst_id WHERE t.tested_at >= '2026-10-01' AND t.tested_at < '2026-11-01' GROUP BY a.name",
    ),
    (
        "10月份不合格品报告有多少份？",
        "zh",
        "medium",
        "SELECT COUNT(*) FROM ncr WHERE open_dt >= '2026-10-01' AND open_dt < '2026-11-01'",
    ),
    ("按严重程度统计NCR数量", "zh", "medium", "SELECT sev_cd, COUNT(*) FROM ncr GROUP BY sev_cd"),
    ("每个实验室有几个化验员？", "zh", "medium", "SELECT lab, COUNT(*) FROM analysts GROUP BY lab"),
    (
        "上周每天的检测数量",
        "zh",
        "medium",
        "SELECT DATE(tested_at), COUNT(*) FROM test_results WHERE tested_at >= '2026-11-09' AND tested_at < '2026-11-16' GROUP BY DATE(tested_at)",
    ),
    (
        "哪个供应商被拒收的样品最多？",
        "zh",
        "hard",
        "SELECT su.SupplierName, COUNT(*) FROM samples s JOIN suppliers su ON su.SupplierId = s.supplier_id WHERE s.status = 'rejected' GROUP BY su.SupplierName ORDER BY COUNT(*) DESC LIMIT 1",
    ),
    (
        "本月critical级别的NCR有几个",
        "zh",
        "hard",
        "SELECT COUNT(*) FROM ncr WHERE sev_cd = 'critical' AND open_dt >= '2026-11-01' AND open_dt < '2026-11-22'",
    ),
    (
        "各产品的不合格品报告数量前3名",
        "zh",
        "hard",
        "SELECT p.product_name, COUNT(*) FROM ncr n JOIN products p ON p.id = n.prod_id GROUP BY p.product_name ORDER BY COUNT(*) DESC LIMIT 3",
    ),
]

# Written after the fixes the first set led to; never tuned on.
HOLDOUT = [
    (
        "how many final samples were taken this week?",
        "en",
        "easy",
        "SELECT COUNT(*) FROM samples WHERE sample_point = 'final' AND sampled_at >= '2026-11-16' AND sampled_at < '2026-11-22'",
    ),
    (
        "how many tests passed last month?",
        "en",
        "easy",
        "SELECT COUNT(*) FROM test_results WHERE outcome = 'pass' AND tested_at >= '2026-10-01' AND tested_at < '2026-11-01'",
    ),
    (
        "average density in October",
        "en",
        "easy",
        "SELECT AVG(result_value) FROM test_results WHERE test_name = 'density' AND tested_at >= '2026-10-01' AND tested_at < '2026-11-01'",
    ),
    (
        "how many fiber products are there?",
        "en",
        "easy",
        "SELECT COUNT(*) FROM products WHERE family = 'fiber'",
    ),
    ("NCRs per month", "en", "medium", "SELECT STRFTIME('%Y-%m', open_dt), COUNT(*) FROM ncr GROUP BY 1"),
    (
        "total units affected by major nonconformances",
        "en",
        "medium",
        "SELECT SUM(qty) FROM ncr WHERE sev_cd = 'major'",
    ),
    (
        "tests per analyst this week",
        "en",
        "medium",
        "SELECT a.name, COUNT(*) FROM test_results t JOIN analysts a ON a.id = t.analyst_id WHERE t.tested_at >= '2026-11-16' AND t.tested_at < '2026-11-22' GROUP BY a.name",
    ),
    (
        "samples from Rhein Chemie last month",
        "en",
        "medium",
        "SELECT COUNT(*) FROM samples s JOIN suppliers su ON su.SupplierId = s.supplier_id WHERE su.SupplierName = 'Rhein Chemie' AND s.sampled_at >= '2026-10-01' AND s.sampled_at < '2026-11-01'",
    ),
    (
        "which product family had the most failed tests last month?",
        "en",
        "hard",
        "SELECT p.family, COUNT(*) FROM test_results t JOIN samples s ON s.id = t.sample_id JOIN products p ON p.id = s.product_id WHERE t.outcome = 'fail' AND t.tested_at >= '2026-10-01' AND t.tested_at < '2026-11-01' GROUP BY p.family ORDER BY COUNT(*) DESC LIMIT 1",
    ),
    (
        "lowest melt index this week",
        "en",
        "hard",
        "SELECT MIN(result_value) FROM test_results WHERE test_name = 'melt index' AND tested_at >= '2026-11-16' AND tested_at < '2026-11-22'",
    ),
    (
        "本周有多少个样品待检？",
        "zh",
        "easy",
        "SELECT COUNT(*) FROM samples WHERE status = 'pending' AND sampled_at >= '2026-11-16' AND sampled_at < '2026-11-22'",
    ),
    (
        "上个月有多少个来料样品？",
        "zh",
        "easy",
        "SELECT COUNT(*) FROM samples WHERE sample_point = 'incoming' AND sampled_at >= '2026-10-01' AND sampled_at < '2026-11-01'",
    ),
    (
        "每位化验员本月的检测数量",
        "zh",
        "medium",
        "SELECT a.name, COUNT(*) FROM test_results t JOIN analysts a ON a.id = t.analyst_id WHERE t.tested_at >= '2026-11-01' AND t.tested_at < '2026-11-22' GROUP BY a.name",
    ),
    (
        "按严重程度统计不合格品的总成本",
        "zh",
        "medium",
        "SELECT sev_cd, SUM(cost_amt) FROM ncr GROUP BY sev_cd",
    ),
    (
        "10月份每个供应商的来料样品数",
        "zh",
        "hard",
        "SELECT su.SupplierName, COUNT(*) FROM samples s JOIN suppliers su ON su.SupplierId = s.supplier_id WHERE s.sample_point = 'incoming' AND s.sampled_at >= '2026-10-01' AND s.sampled_at < '2026-11-01' GROUP BY su.SupplierName",
    ),
]


def write(path: Path, cases: list[tuple[str, str, str, str]], prefix: str, db: sqlite3.Connection) -> None:
    """Run each gold query (so none is broken) and write the cases as JSON lines."""
    lines = []
    for i, (question, language, tier, gold) in enumerate(cases, 1):
        db.execute(gold).fetchall()
        case = {"id": f"{prefix}-{i:02d}", "now": NOW, "question": question, "gold_sql": gold}
        lines.append(json.dumps({**case, "tier": tier, "language": language}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    db = sqlite3.connect(sys.argv[1] if len(sys.argv) > 1 else "/tmp/qlab.db")
    here = Path(__file__).parent
    write(here / "qualitylab.jsonl", CASES, "qlab", db)
    if HOLDOUT:
        write(here / "qualitylab_holdout.jsonl", HOLDOUT, "qlab-hold", db)


if __name__ == "__main__":
    main()
