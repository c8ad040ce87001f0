"""Write `plant.jsonl`: questions about the sample plant with hand-written gold SQL (SQLite).

The gold SQL is written per question family here, not produced by the parser. Every case
is asked at the same plant time (Sat 21 Nov 2026 12:00) on a sample plant generated with
seed 7 ending that day: `gemba demo-data --end-date 2026-11-21 --seed 7`.
Run: `.venv/bin/python -m evals.nl2sql.make_plant_cases`.
"""

from __future__ import annotations

import json
from pathlib import Path

NOW = "2026-11-21T12:00:00"
W = {  # window phrase (en, zh) → [start, end)
    "last week": ("上周", "2026-11-09", "2026-11-16"),
    "this week": ("本周", "2026-11-16", "2026-11-22"),
    "this month": ("本月", "2026-11-01", "2026-11-22"),
    "last month": ("上个月", "2026-10-01", "2026-11-01"),
    "yesterday": ("昨天", "2026-11-20", "2026-11-21"),
    "in October": ("10月份", "2026-10-01", "2026-11-01"),
    "in the past 7 days": ("近7天", "2026-11-15", "2026-11-22"),
    "in the last 30 days": ("近30天", "2026-10-23", "2026-11-22"),
    "in September": ("9月", "2026-09-01", "2026-10-01"),
}
LINES = {1: "Line 1", 2: "Line 2", 3: "Line 3", 4: "Line 4", 5: "Line 5", 6: "Line 6"}


def between(column: str, window: str) -> str:
    _zh, a, b = W[window]
    return f"{column} >= '{a}' AND {column} < '{b}'"


cases: list[dict[str, str]] = []


def add(tier: str, en: list[str], zh: list[str], gold: str) -> None:
    for q in en:
        cases.append({"question": q, "gold_sql": gold, "tier": tier, "language": "en"})
    for q in zh:
        cases.append({"question": q, "gold_sql": gold, "tier": tier, "language": "zh"})


# --- Andon calls (Gemba's store; raised_at in UTC, plant timezone UTC here) -------------------
for n, win in ((3, "last week"), (2, "this month"), (5, "yesterday"), (1, "last month")):
    zh = W[win][0]
    add(
        "easy",
        [f"how many andon calls on line {n} {win}?", f"number of andons raised on L{n} {win}"],
        [f"{zh}{n}号线有多少次安灯呼叫？"],
        f"SELECT COUNT(*) FROM andon_calls a JOIN lines l ON l.id = a.line_id "
        f"WHERE l.name = 'Line {n}' AND {between('a.raised_at', win)}",
    )
for win in ("last week", "this month", "in October"):
    add(
        "easy",
        [f"how many andon calls {win}?"],
        [f"{W[win][0]}安灯总共多少次"],
        f"SELECT COUNT(*) FROM andon_calls WHERE {between('raised_at', win)}",
    )
for cat, zh in (("material", "物料类"), ("quality", "质量类"), ("safety", "安全")):
    add(
        "medium",
        [f"how many {cat} andon calls last month?"],
        [f"上个月{zh}安灯有多少次"],
        f"SELECT COUNT(*) FROM andon_calls WHERE category = '{cat}' AND {between('raised_at', 'last month')}",
    )
add(
    "medium",
    ["andon calls by category last week", "break down last week's andon calls per category"],
    ["按类别统计上周的安灯次数"],
    f"SELECT category, COUNT(*) FROM andon_calls WHERE {between('raised_at', 'last week')} GROUP BY category",
)
add(
    "medium",
    ["andon calls per line this month", "how many andons did each line raise this month"],
    ["本月各产线安灯次数"],
    f"SELECT l.name, COUNT(*) FROM andon_calls a JOIN lines l ON l.id = a.line_id "
    f"WHERE {between('a.raised_at', 'this month')} GROUP BY l.name",
)
add(
    "hard",
    ["which line had the most andon calls last week?"],
    ["上周哪条线安灯最多？"],
    f"SELECT l.name, COUNT(*) AS n FROM andon_calls a JOIN lines l ON l.id = a.line_id "
    f"WHERE {between('a.raised_at', 'last week')} GROUP BY l.name ORDER BY n DESC LIMIT 1",
)
add(
    "hard",
    ["top 3 machines by andon calls this month", "which 3 stations called andon the most this month? top 3"],
    ["本月安灯次数前3的设备"],
    f"SELECT s.name, COUNT(*) AS n FROM andon_calls a JOIN stations s ON s.id = a.station_id "
    f"WHERE {between('a.raised_at', 'this month')} GROUP BY s.name ORDER BY n DESC LIMIT 3",
)
add(
    "medium",
    ["how many high severity andon calls last week?"],
    ["上周高严重安灯有几次"],
    f"SELECT COUNT(*) FROM andon_calls WHERE severity = 'high' AND {between('raised_at', 'last week')}",
)
add(
    "medium",
    ["how many andon calls were cancelled this month?"],
    ["本月已取消的安灯有多少"],
    f"SELECT COUNT(*) FROM andon_calls WHERE status = 'cancelled' AND {between('raised_at', 'this month')}",
)
add(
    "medium",
    ["andon calls at PR-07 last month", "how many times did press 7 call andon last month"],
    ["上个月PR-07安灯多少次"],
    f"SELECT COUNT(*) FROM andon_calls a JOIN stations s ON s.id = a.station_id "
    f"WHERE s.code = 'PR-07' AND {between('a.raised_at', 'last month')}",
)
add(
    "hard",
    ["daily andon calls on line 3 this week", "andon trend per day for line 3 this week"],
    ["本周3号线每天的安灯次数"],
    f"SELECT DATE(a.raised_at), COUNT(*) FROM andon_calls a JOIN lines l ON l.id = a.line_id "
    f"WHERE l.name = 'Line 3' AND {between('a.raised_at', 'this week')} GROUP BY DATE(a.raised_at)",
)

MTTR = "AVG((JULIANDAY(resolved_at) - JULIANDAY(raised_at)) * 86400)"
MTTA = "AVG((JULIANDAY(acknowledged_at) - JULIANDAY(raised_at)) * 86400)"
DONE = "status <> 'cancelled' AND resolved_at IS NOT NULL"
ACKD = "status <> 'cancelled' AND acknowledged_at IS NOT NULL"
for win in ("last week", "last month"):
    add(
        "hard",
        [f"what was the MTTR {win}?", f"mean time to repair {win}"],
        [f"{W[win][0]}的平均解决时间是多少"],
        f"SELECT {MTTR} FROM andon_calls WHERE {DONE} AND {between('raised_at', win)}",
    )
    add(
        "hard",
        [f"MTTA {win}", f"average response time to andon calls {win}"],
        [f"{W[win][0]}平均响应时间"],
        f"SELECT {MTTA} FROM andon_calls WHERE {ACKD} AND {between('raised_at', win)}",
    )
add(
    "hard",
    ["MTTR by line last month", "mean time to resolve per line last month"],
    ["上个月各产线的平均解决时间"],
    f"SELECT l.name, AVG((JULIANDAY(a.resolved_at) - JULIANDAY(a.raised_at)) * 86400) FROM andon_calls a "
    f"JOIN lines l ON l.id = a.line_id WHERE a.status <> 'cancelled' AND a.resolved_at IS NOT NULL "
    f"AND {between('a.raised_at', 'last month')} GROUP BY l.name",
)
add(
    "hard",
    ["MTTR on line 3 this month"],
    ["本月3号线的平均解决时间"],
    f"SELECT AVG((JULIANDAY(a.resolved_at) - JULIANDAY(a.raised_at)) * 86400) FROM andon_calls a "
    f"JOIN lines l ON l.id = a.line_id WHERE l.name = 'Line 3' AND a.status <> 'cancelled' "
    f"AND a.resolved_at IS NOT NULL AND {between('a.raised_at', 'this month')}",
)

# --- Downtime ----------------------------------------------------------------------------
for n, win in ((3, "last week"), (5, "this month"), (1, "yesterday")):
    add(
        "easy",
        [f"total downtime on line {n} {win}", f"how many minutes of downtime did line {n} have {win}?"],
        [f"{W[win][0]}{n}号线停机时间一共多少分钟"],
        f"SELECT SUM(d.duration_min) FROM downtime_events d JOIN lines l ON l.id = d.line_id "
        f"WHERE l.name = 'Line {n}' AND {between('d.started_at', win)}",
    )
add(
    "easy",
    ["how many stoppages last week?", "number of downtime events last week"],
    ["上周停机次数"],
    f"SELECT COUNT(*) FROM downtime_events WHERE {between('started_at', 'last week')}",
)
add(
    "medium",
    ["top 5 downtime reasons this month", "what are the 5 biggest causes of downtime this month? top 5"],
    ["本月停机原因前5"],
    f"SELECT reason, SUM(duration_min) AS m FROM downtime_events WHERE {between('started_at', 'this month')} "
    f"GROUP BY reason ORDER BY m DESC LIMIT 5",
)
add(
    "hard",
    ["which machine had the most downtime last week?", "what machine was down the longest last week"],
    ["上周哪台设备停机时间最长？"],
    f"SELECT s.name, SUM(d.duration_min) AS m FROM downtime_events d JOIN stations s ON s.id = d.station_id "
    f"WHERE {between('d.started_at', 'last week')} GROUP BY s.name ORDER BY m DESC LIMIT 1",
)
add(
    "medium",
    ["downtime by line last month", "downtime minutes per line last month"],
    ["按产线统计上个月停机时长"],
    f"SELECT l.name, SUM(d.duration_min) FROM downtime_events d JOIN lines l ON l.id = d.line_id "
    f"WHERE {between('d.started_at', 'last month')} GROUP BY l.name",
)
add(
    "medium",
    [
        "how much downtime was caused by material shortage this month?",
        "material shortage downtime this month",
    ],
    ["本月缺料停机多少分钟"],
    f"SELECT SUM(duration_min) FROM downtime_events WHERE reason = 'material shortage' "
    f"AND {between('started_at', 'this month')}",
)
add(
    "medium",
    ["how many machine breakdowns last month?"],
    ["上个月设备故障停机几次"],
    f"SELECT COUNT(*) FROM downtime_events "
    f"WHERE reason = 'machine breakdown' AND {between('started_at', 'last month')}",
)
add(
    "medium",
    ["unplanned downtime last week", "total unplanned stoppage minutes last week"],
    ["上周非计划停机时长"],
    f"SELECT SUM(duration_min) FROM downtime_events "
    f"WHERE category = 'unplanned' AND {between('started_at', 'last week')}",
)
add(
    "hard",
    ["how many stops longer than 30 minutes last week?"],
    ["上周超过30分钟的停机有几次"],
    f"SELECT COUNT(*) FROM downtime_events WHERE duration_min > 30 AND {between('started_at', 'last week')}",
)
add(
    "hard",
    ["how many stoppages over 1 hour this month?"],
    ["本月停机超过1小时的次数"],
    f"SELECT COUNT(*) FROM downtime_events WHERE duration_min > 60 AND {between('started_at', 'this month')}",
)
add(
    "medium",
    ["average stoppage length on line 5 last month", "mean downtime duration for line 5 last month"],
    ["上个月5号线平均停机时长"],
    f"SELECT ROUND(AVG(d.duration_min), 2) FROM downtime_events d JOIN lines l ON l.id = d.line_id "
    f"WHERE l.name = 'Line 5' AND {between('d.started_at', 'last month')}",
)
add(
    "medium",
    ["downtime at WD-03 this month", "how long was WD-03 down this month"],
    ["本月WD-03停机多久"],
    f"SELECT SUM(d.duration_min) FROM downtime_events d JOIN stations s ON s.id = d.station_id "
    f"WHERE s.code = 'WD-03' AND {between('d.started_at', 'this month')}",
)
add(
    "hard",
    ["downtime by shift last month", "stoppage minutes per shift last month"],
    ["上个月各班次停机时长"],
    f"SELECT sh.name, SUM(d.duration_min) FROM downtime_events d JOIN shifts sh ON sh.id = d.shift_id "
    f"WHERE {between('d.started_at', 'last month')} GROUP BY sh.name",
)
add(
    "hard",
    ["downtime on the night shift last week"],
    ["上周夜班停机时长"],
    f"SELECT SUM(d.duration_min) FROM downtime_events d JOIN shifts sh ON sh.id = d.shift_id "
    f"WHERE sh.name = 'Night' AND {between('d.started_at', 'last week')}",
)
add(
    "hard",
    ["weekly downtime trend for line 3 last month"],
    ["上个月3号线每周停机时长趋势"],
    f"SELECT DATE(d.started_at, '-6 days', 'weekday 1'), SUM(d.duration_min) FROM downtime_events d "
    f"JOIN lines l ON l.id = d.line_id WHERE l.name = 'Line 3' AND {between('d.started_at', 'last month')} "
    f"GROUP BY 1",
)
add(
    "hard",
    ["longest single stoppage last week"],
    ["上周最长的一次停机是多少分钟"],
    f"SELECT MAX(duration_min) FROM downtime_events WHERE {between('started_at', 'last week')}",
)
add(
    "medium",
    ["downtime in stamping this month"],
    ["本月冲压车间停机时长"],
    f"SELECT SUM(d.duration_min) FROM downtime_events d JOIN lines l ON l.id = d.line_id "
    f"WHERE l.area = 'Stamping' AND {between('d.started_at', 'this month')}",
)

# --- Production ---------------------------------------------------------------------------
for n, win in ((2, "yesterday"), (4, "last week"), (6, "this month")):
    add(
        "easy",
        [f"output of line {n} {win}", f"how many pieces did line {n} produce {win}?"],
        [f"{W[win][0]}{n}号线产量"],
        f"SELECT SUM(p.output_qty) FROM production p JOIN lines l ON l.id = p.line_id "
        f"WHERE l.name = 'Line {n}' AND {between('p.hour_start', win)}",
    )
add(
    "easy",
    ["total output last week", "how much did we produce last week"],
    ["上周总产量"],
    f"SELECT SUM(output_qty) FROM production WHERE {between('hour_start', 'last week')}",
)
add(
    "medium",
    ["output by line yesterday", "production per line yesterday"],
    ["昨天各产线产量"],
    f"SELECT l.name, SUM(p.output_qty) FROM production p JOIN lines l ON l.id = p.line_id "
    f"WHERE {between('p.hour_start', 'yesterday')} GROUP BY l.name",
)
add(
    "medium",
    ["planned output for line 1 this week"],
    ["本周1号线计划产量"],
    f"SELECT SUM(p.planned_qty) FROM production p JOIN lines l ON l.id = p.line_id "
    f"WHERE l.name = 'Line 1' AND {between('p.hour_start', 'this week')}",
)
add(
    "medium",
    ["how much scrap did line 3 make last week?", "scrapped pieces on line 3 last week"],
    ["上周3号线报废数量"],
    f"SELECT SUM(p.scrap_qty) FROM production p JOIN lines l ON l.id = p.line_id "
    f"WHERE l.name = 'Line 3' AND {between('p.hour_start', 'last week')}",
)
add(
    "hard",
    ["scrap rate by line last month", "what was each line's scrap rate last month"],
    ["上个月各产线报废率"],
    f"SELECT l.name, ROUND(100.0 * SUM(p.scrap_qty) / SUM(p.output_qty), 2) FROM production p "
    f"JOIN lines l ON l.id = p.line_id WHERE {between('p.hour_start', 'last month')} GROUP BY l.name",
)
add(
    "hard",
    ["scrap rate this month"],
    ["本月报废率是多少"],
    f"SELECT ROUND(100.0 * SUM(scrap_qty) / SUM(output_qty), 2) FROM production "
    f"WHERE {between('hour_start', 'this month')}",
)
add(
    "hard",
    ["plan attainment on line 5 last week", "line 5 output vs plan last week"],
    ["上周5号线计划达成率"],
    f"SELECT ROUND(100.0 * SUM(p.output_qty) / SUM(p.planned_qty), 2) FROM production p "
    f"JOIN lines l ON l.id = p.line_id WHERE l.name = 'Line 5' AND {between('p.hour_start', 'last week')}",
)
add(
    "hard",
    ["daily output of line 2 this week", "line 2 output per day this week"],
    ["本周2号线每天的产量"],
    f"SELECT DATE(p.hour_start), SUM(p.output_qty) FROM production p JOIN lines l ON l.id = p.line_id "
    f"WHERE l.name = 'Line 2' AND {between('p.hour_start', 'this week')} GROUP BY DATE(p.hour_start)",
)
add(
    "hard",
    ["output by shift last week", "production per shift last week"],
    ["按班次统计上周产量"],
    f"SELECT sh.name, SUM(p.output_qty) FROM production p JOIN shifts sh ON sh.id = p.shift_id "
    f"WHERE {between('p.hour_start', 'last week')} GROUP BY sh.name",
)
add(
    "hard",
    ["which line produced the most last month?"],
    ["上个月哪条线产量最高"],
    f"SELECT l.name, SUM(p.output_qty) AS o FROM production p JOIN lines l ON l.id = p.line_id "
    f"WHERE {between('p.hour_start', 'last month')} GROUP BY l.name ORDER BY o DESC LIMIT 1",
)
add(
    "hard",
    ["monthly output trend since september", "output per month since september"],
    ["9月以来每月产量"],
    "SELECT STRFTIME('%Y-%m', hour_start), SUM(output_qty) FROM production "
    "WHERE hour_start >= '2026-09-01' AND hour_start < '2026-11-22' GROUP BY 1",
)

# --- Defects ------------------------------------------------------------------------------
add(
    "easy",
    ["how many defects were found last week?", "number of defect records last week"],
    ["上周发现了多少次不良"],
    f"SELECT COUNT(*) FROM defects WHERE {between('found_at', 'last week')}",
)
add(
    "medium",
    ["defect quantity by shift this month", "defective pieces per shift this month"],
    ["按班次统计本月的不良件数"],
    f"SELECT sh.name, SUM(d.qty) FROM defects d JOIN shifts sh ON sh.id = d.shift_id "
    f"WHERE {between('d.found_at', 'this month')} GROUP BY sh.name",
)
add(
    "medium",
    ["most common defect types last month", "top defect types last month by count"],
    ["上个月各缺陷类型的次数"],
    f"SELECT defect_type, COUNT(*) FROM defects "
    f"WHERE {between('found_at', 'last month')} GROUP BY defect_type",
)
add(
    "medium",
    ["how many scratch defects this month?"],
    ["本月划伤不良有多少次"],
    f"SELECT COUNT(*) FROM defects WHERE defect_type = 'scratch' AND {between('found_at', 'this month')}",
)
add(
    "medium",
    ["how many weld porosity defects on line 3 last month?"],
    ["上个月3号线气孔缺陷几次"],
    f"SELECT COUNT(*) FROM defects d JOIN lines l ON l.id = d.line_id WHERE d.defect_type = 'weld porosity' "
    f"AND l.name = 'Line 3' AND {between('d.found_at', 'last month')}",
)
add(
    "medium",
    ["how many defects went to rework last week?"],
    ["上周返工的不良有多少次"],
    f"SELECT COUNT(*) FROM defects WHERE disposition = 'rework' AND {between('found_at', 'last week')}",
)
add(
    "hard",
    ["which station found the most defects this month?"],
    ["本月哪个工位不良次数最多"],
    f"SELECT s.name, COUNT(*) AS n FROM defects d JOIN stations s ON s.id = d.station_id "
    f"WHERE {between('d.found_at', 'this month')} GROUP BY s.name ORDER BY n DESC LIMIT 1",
)
add(
    "medium",
    ["defects per line last week", "reject count by line last week"],
    ["上周各产线不良次数"],
    f"SELECT l.name, COUNT(*) FROM defects d JOIN lines l ON l.id = d.line_id "
    f"WHERE {between('d.found_at', 'last week')} GROUP BY l.name",
)
add(
    "medium",
    ["number of defects per shift this month"],
    ["按班次统计本月的不良数"],
    f"SELECT sh.name, COUNT(*) FROM defects d JOIN shifts sh ON sh.id = d.shift_id "
    f"WHERE {between('d.found_at', 'this month')} GROUP BY sh.name",
)
add(
    "hard",
    ["defects on the night shift this month"],
    ["本月夜班不良次数"],
    f"SELECT COUNT(*) FROM defects d JOIN shifts sh ON sh.id = d.shift_id WHERE sh.name = 'Night' "
    f"AND {between('d.found_at', 'this month')}",
)

# --- Problems -----------------------------------------------------------------------------
add(
    "easy",
    ["how many problems are open?", "number of open problems"],
    ["有多少未解决的问题"],
    "SELECT COUNT(*) FROM problems WHERE status = 'open'",
)
add(
    "easy",
    ["how many problems were reported last month?"],
    ["上个月报告了多少问题"],
    f"SELECT COUNT(*) FROM problems WHERE {between('opened_at', 'last month')}",
)
add(
    "medium",
    ["open problems by priority", "how many open problems per priority"],
    ["按优先级统计未关闭的问题"],
    "SELECT priority, COUNT(*) FROM problems WHERE status = 'open' GROUP BY priority",
)
add(
    "medium",
    ["problems by category this month"],
    ["本月各类别问题数量"],
    f"SELECT category, COUNT(*) FROM problems WHERE {between('opened_at', 'this month')} GROUP BY category",
)
add(
    "medium",
    ["how many critical problems are in progress?"],
    ["进行中的紧急问题有几个"],
    "SELECT COUNT(*) FROM problems WHERE priority = 'critical' AND status = 'in_progress'",
)
add(
    "medium",
    ["problems per assignee", "how many problems does each owner have"],
    ["每个负责人的问题数量"],
    "SELECT assignee, COUNT(*) FROM problems GROUP BY assignee",
)
add(
    "hard",
    ["which line reported the most problems last month?"],
    ["上个月哪条线问题最多"],
    f"SELECT l.name, COUNT(*) AS n FROM problems p JOIN lines l ON l.id = p.line_id "
    f"WHERE {between('p.opened_at', 'last month')} GROUP BY l.name ORDER BY n DESC LIMIT 1",
)
add(
    "medium",
    ["how many safety problems on line 3?"],
    ["3号线有多少安全问题"],
    "SELECT COUNT(*) FROM problems p JOIN lines l ON l.id = p.line_id "
    "WHERE p.category = 'safety' AND l.name = 'Line 3'",
)
add(
    "hard",
    ["how many problems were resolved last month?"],
    ["上个月解决了多少问题"],
    f"SELECT COUNT(*) FROM problems WHERE {between('resolved_at', 'last month')}",
)

# --- 5S audits and work orders ------------------------------------------------------------
# The 5S audits are Gemba's own (`5s L3` in chat), one row per audit of an area; a line's
# area is the area whose line it is.
AUDITS_BY_LINE = (
    "five_s_audits a JOIN areas ar ON ar.id = a.area_id JOIN lines l ON l.id = ar.line_id "
    "WHERE a.status = 'done'"
)
add(
    "medium",
    ["average 5S score by line last month", "mean 5s audit score per line last month"],
    ["上个月各产线5S平均分"],
    f"SELECT l.name, ROUND(AVG(a.score), 2) FROM {AUDITS_BY_LINE} "
    f"AND {between('a.finished_at', 'last month')} GROUP BY l.name",
)
add(
    "hard",
    ["which line had the lowest 5S score last month?"],
    ["上个月哪条线5S得分最低"],
    f"SELECT l.name, ROUND(AVG(a.score), 2) AS s FROM {AUDITS_BY_LINE} "
    f"AND {between('a.finished_at', 'last month')} GROUP BY l.name ORDER BY s ASC LIMIT 1",
)
add(
    "easy",
    ["how many 5S audits were done this month?"],
    ["本月做了几次5S审核"],
    f"SELECT COUNT(*) FROM five_s_audits WHERE status = 'done' AND {between('finished_at', 'this month')}",
)
add(
    "medium",
    ["average 5S score of line 6"],
    ["6号线5S平均得分"],
    f"SELECT ROUND(AVG(a.score), 2) FROM {AUDITS_BY_LINE} AND l.name = 'Line 6'",
)
add(
    "easy",
    ["how many work orders are in progress?"],
    ["进行中的工单有几个"],
    "SELECT COUNT(*) FROM work_orders WHERE status = 'in_progress'",
)
add(
    "medium",
    ["work orders by product last week"],
    ["上周各产品的工单数量"],
    f"SELECT product, COUNT(*) FROM work_orders WHERE {between('due_date', 'last week')} GROUP BY product",
)
add(
    "medium",
    ["how many work orders for door panels this month?"],
    ["本月门板工单有多少"],
    f"SELECT COUNT(*) FROM work_orders WHERE product = 'door panel' AND {between('due_date', 'this month')}",
)


def main() -> None:
    out = Path(__file__).with_name("plant.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for i, case in enumerate(cases, 1):
            f.write(json.dumps({"id": f"plant-{i:03d}", "now": NOW, **case}, ensure_ascii=False) + "\n")
    en = sum(c["language"] == "en" for c in cases)
    print(f"{len(cases)} cases ({en} English, {len(cases) - en} Chinese) → {out}")


if __name__ == "__main__":
    main()
