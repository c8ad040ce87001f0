"""Write `maintenance.jsonl`: questions about the maintenance schema with hand-written gold SQL.

Asked at Sat 21 Nov 2026 12:00 with no semantic file and no LLM (zero configuration).
Run: `.venv/bin/python -m evals.nl2sql.make_maintenance_cases`.
"""

from __future__ import annotations

import json
from pathlib import Path

NOW = "2026-11-21T12:00:00"
LAST_WEEK = "reported_at >= '2026-11-09' AND reported_at < '2026-11-16'"
THIS_MONTH = "reported_at >= '2026-11-01' AND reported_at < '2026-11-22'"
LAST_MONTH = "reported_at >= '2026-10-01' AND reported_at < '2026-11-01'"
CASES = [
    (
        "easy",
        "how many maintenance orders last week?",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE {LAST_WEEK}",
    ),
    ("easy", "上周有多少维修工单", f"SELECT COUNT(*) FROM maintenance_orders WHERE {LAST_WEEK}"),
    (
        "easy",
        "how many corrective maintenance orders this month?",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE order_type = 'corrective' AND {THIS_MONTH}",
    ),
    (
        "easy",
        "本月纠正性维修工单有几个",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE order_type = 'corrective' AND {THIS_MONTH}",
    ),
    (
        "easy",
        "how many preventive jobs last month?",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE order_type = 'preventive' AND {LAST_MONTH}",
    ),
    (
        "easy",
        "how many maintenance orders are open?",
        "SELECT COUNT(*) FROM maintenance_orders WHERE state = 'open'",
    ),
    (
        "easy",
        "total maintenance cost last month",
        f"SELECT SUM(cost) FROM maintenance_orders WHERE {LAST_MONTH}",
    ),
    ("easy", "上个月维修费用合计", f"SELECT SUM(cost) FROM maintenance_orders WHERE {LAST_MONTH}"),
    (
        "easy",
        "total labor hours this month",
        f"SELECT SUM(labor_hours) FROM maintenance_orders WHERE {THIS_MONTH}",
    ),
    ("easy", "本月总工时", f"SELECT SUM(labor_hours) FROM maintenance_orders WHERE {THIS_MONTH}"),
    (
        "medium",
        "maintenance cost by asset type last month",
        "SELECT a.asset_type, SUM(m.cost) FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE m.{LAST_MONTH} GROUP BY a.asset_type",
    ),
    (
        "medium",
        "maintenance orders per technician this month",
        "SELECT t.full_name, COUNT(*) FROM maintenance_orders m JOIN technicians t ON t.id = m.technician_id "
        f"WHERE m.{THIS_MONTH} GROUP BY t.full_name",
    ),
    (
        "medium",
        "本月每个技术员的工单数量",
        "SELECT t.full_name, COUNT(*) FROM maintenance_orders m JOIN technicians t ON t.id = m.technician_id "
        f"WHERE m.{THIS_MONTH} GROUP BY t.full_name",
    ),
    (
        "medium",
        "how many urgent maintenance orders last month?",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE priority = 'urgent' AND {LAST_MONTH}",
    ),
    (
        "medium",
        "maintenance orders by priority this month",
        f"SELECT priority, COUNT(*) FROM maintenance_orders WHERE {THIS_MONTH} GROUP BY priority",
    ),
    (
        "medium",
        "maintenance orders by failure mode last month",
        f"SELECT failure_mode, COUNT(*) FROM maintenance_orders WHERE {LAST_MONTH} GROUP BY failure_mode",
    ),
    (
        "medium",
        "how many bearing wear failures last month?",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE failure_mode = 'bearing wear' AND {LAST_MONTH}",
    ),
    (
        "medium",
        "how many maintenance orders on PUM-105 this month?",
        "SELECT COUNT(*) FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE a.tag = 'PUM-105' AND m.{THIS_MONTH}",
    ),
    (
        "medium",
        "maintenance cost in Building A last month",
        "SELECT SUM(m.cost) FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE a.site = 'Building A' AND m.{LAST_MONTH}",
    ),
    (
        "medium",
        "average labor hours per maintenance order last month",
        f"SELECT ROUND(AVG(labor_hours), 2) FROM maintenance_orders WHERE {LAST_MONTH}",
    ),
    (
        "medium",
        "上个月平均维修工时",
        f"SELECT ROUND(AVG(labor_hours), 2) FROM maintenance_orders WHERE {LAST_MONTH}",
    ),
    (
        "medium",
        "how many pump maintenance orders this month?",
        "SELECT COUNT(*) FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE a.asset_type = 'pump' AND m.{THIS_MONTH}",
    ),
    ("medium", "how many assets are there?", "SELECT COUNT(*) FROM assets"),
    ("medium", "assets by type", "SELECT asset_type, COUNT(*) FROM assets GROUP BY asset_type"),
    (
        "medium",
        "how many technicians are electrical?",
        "SELECT COUNT(*) FROM technicians WHERE trade = 'electrical'",
    ),
    (
        "hard",
        "which asset had the highest maintenance cost last month?",
        "SELECT a.tag, SUM(m.cost) AS c FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE m.{LAST_MONTH} GROUP BY a.tag ORDER BY c DESC LIMIT 1",
    ),
    (
        "hard",
        "上个月哪台设备维修费用最高",
        "SELECT a.tag, SUM(m.cost) AS c FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE m.{LAST_MONTH} GROUP BY a.tag ORDER BY c DESC LIMIT 1",
    ),
    (
        "hard",
        "top 5 assets by number of maintenance orders this month",
        "SELECT a.tag, COUNT(*) AS n FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE m.{THIS_MONTH} GROUP BY a.tag ORDER BY n DESC LIMIT 5",
    ),
    (
        "hard",
        "which technician booked the most labor hours last month?",
        "SELECT t.full_name, SUM(m.labor_hours) AS h FROM maintenance_orders m JOIN technicians t "
        f"ON t.id = m.technician_id WHERE m.{LAST_MONTH} GROUP BY t.full_name ORDER BY h DESC LIMIT 1",
    ),
    (
        "hard",
        "weekly maintenance cost last month",
        "SELECT DATE(reported_at, '-6 days', 'weekday 1'), SUM(cost) FROM maintenance_orders "
        f"WHERE {LAST_MONTH} GROUP BY 1",
    ),
    (
        "hard",
        "how many maintenance orders cost more than 500 last month?",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE cost > 500 AND {LAST_MONTH}",
    ),
    (
        "hard",
        "上个月费用超过500的维修工单有几个",
        f"SELECT COUNT(*) FROM maintenance_orders WHERE cost > 500 AND {LAST_MONTH}",
    ),
    (
        "hard",
        "maintenance cost per site this month",
        "SELECT a.site, SUM(m.cost) FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE m.{THIS_MONTH} GROUP BY a.site",
    ),
    (
        "hard",
        "total spare parts used last month",
        "SELECT SUM(p.quantity) FROM part_usage p JOIN maintenance_orders m ON m.id = p.order_id "
        f"WHERE m.{LAST_MONTH}",
    ),
    (
        "hard",
        "spare part quantity by part name",
        "SELECT part_name, SUM(quantity) FROM part_usage GROUP BY part_name",
    ),
    ("hard", "how many bearings were used?", "SELECT COUNT(*) FROM part_usage WHERE part_name = 'bearing'"),
    (
        "hard",
        "daily maintenance orders last week",
        f"SELECT DATE(reported_at), COUNT(*) FROM maintenance_orders "
        f"WHERE {LAST_WEEK} GROUP BY DATE(reported_at)",
    ),
    (
        "hard",
        "本月各资产类型的维修费用",
        "SELECT a.asset_type, SUM(m.cost) FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE m.{THIS_MONTH} GROUP BY a.asset_type",
    ),
    (
        "hard",
        "how many leaks on compressors last month?",
        "SELECT COUNT(*) FROM maintenance_orders m JOIN assets a ON a.id = m.asset_id "
        f"WHERE m.failure_mode = 'leak' AND a.asset_type = 'compressor' AND m.{LAST_MONTH}",
    ),
]


def main() -> None:
    out = Path(__file__).with_name("maintenance.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for i, (tier, question, gold) in enumerate(CASES, 1):
            language = "en" if question.isascii() else "zh"
            row = {
                "id": f"maint-{i:03d}",
                "now": NOW,
                "question": question,
                "gold_sql": gold,
                "tier": tier,
                "language": language,
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases → {out}")


if __name__ == "__main__":
    main()
