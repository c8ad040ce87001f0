"""Schema linking on names a plant shortened: a question's words reach `stp_evt`, `mchn`, `dur`.

Each case is a question on a small schema written here → a piece of the SQL it must produce.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.store.db import make_engine
from nl2sql import NL2SQL, NL2SQLError, Source, introspect
from nl2sql.errors import NotUnderstood
from nl2sql.lexicon import abbreviated, identifier_concepts

NOW = datetime(2026, 11, 21, 12)

SHORTENED = """
CREATE TABLE mchn (mchn_id INTEGER PRIMARY KEY, mchn_name TEXT NOT NULL);
CREATE TABLE stp_evt (
    evt_id INTEGER PRIMARY KEY,
    mchn_id INTEGER NOT NULL REFERENCES mchn(mchn_id),
    start_ts DATETIME NOT NULL,
    dur REAL
);
INSERT INTO mchn VALUES (1, 'Lathe A'), (2, 'Mill B');
INSERT INTO stp_evt VALUES (1, 1, '2026-11-16 08:00:00', 12.5), (2, 2, '2026-11-17 09:30:00', 30),
    (3, 1, '2026-11-10 10:00:00', 5);
"""


def answerer(tmp_path: Path, ddl: str) -> NL2SQL:
    path = tmp_path / "schema.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(ddl)
    engine = make_engine(f"sqlite:///{path}")
    return NL2SQL([Source("t", engine, introspect(engine))], timezone=ZoneInfo("UTC"), charts=False)


def sql_of(nl2sql: NL2SQL, question: str) -> str:
    answer = nl2sql.answer(question, now=NOW)
    assert not answer.choices, answer.choices
    return answer.sql


@pytest.mark.parametrize(
    ("short", "concept"),
    [("tckt", "problem"), ("dfct", "defect"), ("dur", "duration"), ("splr", "supplier"), ("mchn", "station")],
)
def test_a_shortened_name_stands_for_the_word_it_shortens(short: str, concept: str) -> None:
    assert concept in abbreviated(short)
    assert concept in identifier_concepts(f"{short}_id")


@pytest.mark.parametrize("short", ["res", "cd", "xq", "gdh"])
def test_a_short_name_of_several_meanings_or_none_stands_for_nothing(short: str) -> None:
    assert abbreviated(short) == frozenset()


def test_a_modifier_abbreviation_is_spelled_as_its_compound_means() -> None:
    assert "order" in identifier_concepts("prod_order") and "product" not in identifier_concepts("prod_order")
    assert "product" in identifier_concepts("prod_id")


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        ("how many stoppages per machine last week?", 'COUNT(*) AS "count" FROM "stp_evt" JOIN "mchn"'),
        ("how many stoppages per machine last week?", 'GROUP BY "mchn"."mchn_id", "mchn"."mchn_name"'),
        ("total downtime last week", 'SUM("stp_evt"."dur")'),
        ("average stop duration on Lathe A this week", """WHERE "mchn"."mchn_name" = 'Lathe A'"""),
    ],
)
def test_questions_reach_shortened_tables_and_columns(question: str, piece: str, tmp_path: Path) -> None:
    assert piece in sql_of(answerer(tmp_path, SHORTENED), question)


METERED = """
CREATE TABLE compressor (cmp_id INTEGER PRIMARY KEY, cmp_name TEXT NOT NULL, hall TEXT NOT NULL);
CREATE TABLE air_log (
    log_id INTEGER PRIMARY KEY,
    cmp_id INTEGER NOT NULL REFERENCES compressor(cmp_id),
    logged_at DATETIME NOT NULL,
    kwh REAL
);
CREATE TABLE alarm (alarm_id INTEGER PRIMARY KEY, raised_at DATETIME NOT NULL, zone TEXT);
INSERT INTO compressor VALUES (1, 'Compressor 1', 'North'), (2, 'Compressor 2', 'South');
INSERT INTO air_log VALUES (1, 1, '2026-11-16 08:00:00', 40.5), (2, 2, '2026-11-17 09:00:00', 22),
    (3, 1, '2026-11-20 10:00:00', NULL);
INSERT INTO alarm VALUES (1, '2026-11-16 08:00:00', 'Z1'), (2, '2026-11-17 08:00:00', NULL),
    (3, '2026-11-17 09:00:00', NULL);
"""


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        # The thing named (a compressor) holds no kWh: the amount is summed where it is stored.
        ("how much electricity did Compressor 1 use this week?", 'SUM("air_log"."kwh")'),
        ("which compressor used the most electricity this week?", 'SUM("air_log"."kwh")'),
        ("本周各个车间的用电量分别是多少？", 'GROUP BY "compressor"."hall"'),
        # A breakdown of an amount lists the groups that have some of it.
        ("electricity per hall this week", 'NOT "air_log"."kwh" IS NULL'),
        # A ranking names things: rows with no zone are no zone.
        ("top 3 zones by alarms this week", 'NOT "alarm"."zone" IS NULL'),
        # "so far" adds nothing to a window that ends now; 每台 is 每 and a measure word.
        ("how many alarms so far this week?", 'COUNT(*) AS "count" FROM "alarm"'),
    ],
)
def test_amounts_are_summed_where_they_are_stored(question: str, piece: str, tmp_path: Path) -> None:
    assert piece in sql_of(answerer(tmp_path, METERED), question)


def test_measure_words_after_each_are_read(tmp_path: Path) -> None:
    assert 'GROUP BY "mchn"."mchn_id", "mchn"."mchn_name"' in sql_of(
        answerer(tmp_path, SHORTENED), "本周每台设备停机多少次？"
    )


NO_DURATION = """
CREATE TABLE mchn (mchn_id INTEGER PRIMARY KEY, mchn_name TEXT NOT NULL);
CREATE TABLE stp_evt (
    evt_id INTEGER PRIMARY KEY,
    mchn_id INTEGER NOT NULL REFERENCES mchn(mchn_id),
    start_ts DATETIME NOT NULL,
    reason TEXT
);
INSERT INTO mchn VALUES (1, 'Lathe A'), (2, 'Mill B');
INSERT INTO stp_evt VALUES (1, 1, '2026-11-16 08:00:00', 'jam'), (2, 2, '2026-11-17 09:30:00', 'jam');
"""


@pytest.mark.parametrize(
    ("ddl", "question"),
    [
        # No column holds an amount of downtime: a count of stoppages would answer another question.
        (NO_DURATION, "how much downtime did Lathe A have last week?"),
        # "95% of the plan" is a share of another measure, not a bound of 95.
        (SHORTENED, "how many stoppages below 50% of the plan this week?"),
    ],
)
def test_an_amount_or_share_the_data_cannot_give_is_not_answered(
    ddl: str, question: str, tmp_path: Path
) -> None:
    with pytest.raises(NotUnderstood):
        answerer(tmp_path, ddl).answer(question, now=NOW)


STORES = """
CREATE TABLE depot (depot_id INTEGER PRIMARY KEY, depot_name TEXT NOT NULL);
CREATE TABLE part (
    part_no TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    depot_id INTEGER NOT NULL REFERENCES depot(depot_id),
    weight_kg REAL
);
CREATE TABLE part_move (
    move_id INTEGER PRIMARY KEY,
    part_no TEXT NOT NULL REFERENCES part(part_no),
    moved_at DATETIME NOT NULL,
    move_type TEXT NOT NULL,
    qty REAL NOT NULL
);
CREATE TABLE stop_log (
    stop_id INTEGER PRIMARY KEY,
    part_no TEXT NOT NULL REFERENCES part(part_no),
    began_at DATETIME NOT NULL,
    duration_min REAL
);
INSERT INTO depot VALUES (1, 'North'), (2, 'South');
INSERT INTO part VALUES ('PX-11', 'bolts', 1, 0.2), ('PX-12', 'paint', 2, 5);
INSERT INTO part_move
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
    SELECT i, CASE i % 2 WHEN 0 THEN 'PX-11' ELSE 'PX-12' END,
        datetime('2026-09-15 08:00:00', '+' || i || ' days'),
        CASE i % 3 WHEN 0 THEN 'scrap' WHEN 1 THEN 'pick' ELSE 'receipt' END, i % 7 + 1
    FROM n;
INSERT INTO stop_log VALUES (1, 'PX-11', '2026-10-03 08:00:00', 90), (2, 'PX-12', '2026-10-04 08:00:00', 20);
"""


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        # 十月 is October; a word naming a column outright (category) beats a synonym (move_type).
        ("十月份各个类别分别报废了多少件？", 'GROUP BY "part"."category"'),
        ("十月份各个类别分别报废了多少件？", """"part_move"."moved_at" >= '2026-10-01"""),
        # A key's value names the row of the table it points to, not each table referring to it.
        ("what is the weight of PX-11?", """FROM "part" WHERE "part"."part_no" = 'PX-11'"""),
        # "whose average stop is over an hour": a bound of the average, not of each stop, shown and
        # bounded in the hours it is said in
        (
            "十月份平均每次停机超过1小时的零件有哪些？",
            'HAVING AVG(CAST("stop_log"."duration_min" AS REAL) / 60.0) > 1',
        ),
    ],
)
def test_groups_bounds_and_keys_on_a_stores_schema(question: str, piece: str, tmp_path: Path) -> None:
    assert piece in sql_of(answerer(tmp_path, STORES), question)


def test_minutes_are_not_a_breakdown(tmp_path: Path) -> None:
    sql = sql_of(answerer(tmp_path, STORES), "十月份平均每次停机多长时间（分钟）？")
    assert 'AVG("stop_log"."duration_min")' in sql and "GROUP BY" not in sql


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("盘点", "stocktake"),
        ("cycle count", "stocktake"),
        ("库位", "location"),
        ("移库", "transfer"),
        ("电表", "meter"),
        ("储罐", "tank"),
        ("采购单", "order"),
        ("用电量", "energy"),
        ("合格品", "output"),
        ("repair ticket", "work_order"),
    ],
)
def test_warehouse_and_process_words_reach_their_concepts(word: str, concept: str) -> None:
    from nl2sql.lexicon import concepts_of_text

    assert concept in concepts_of_text(word)


VENDORS = """
CREATE TABLE vendor (
    vendor_id INTEGER PRIMARY KEY,
    vendor_name TEXT NOT NULL,
    country TEXT,
    is_preferred INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO vendor VALUES (1, 'Acme', 'DE', 1, 1), (2, 'Bolt Co', 'FR', 0, 1), (3, 'Cogs Ltd', 'DE', 0, 0),
    (4, 'Dyes AG', 'AT', 1, 0), (5, 'Eon Parts', 'IT', 0, 1);
"""


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        ("which vendors are preferred?", """WHERE "vendor"."is_preferred" = '1'"""),
        ("哪些供应商是我们的首选供应商？", """WHERE "vendor"."is_preferred" = '1'"""),
        ("which vendors are no longer active?", """WHERE "vendor"."active" = '0'"""),
        ("现在有几个供应商是停用的？", """WHERE "vendor"."active" = '0'"""),
    ],
)
def test_a_flag_is_named_by_the_state_it_flags(question: str, piece: str, tmp_path: Path) -> None:
    assert piece in sql_of(answerer(tmp_path, VENDORS), question)


OPAQUE = """
CREATE TABLE kf ( -- 库房基础信息
  kfid INTEGER PRIMARY KEY, -- 库房ID
  kfmc TEXT NOT NULL, -- 库房名称
  zt INTEGER NOT NULL -- 状态: 1=在用 2=停用
);
CREATE TABLE shd ( -- 收货单
  shdh TEXT PRIMARY KEY, -- 收货单号
  kfid INTEGER NOT NULL REFERENCES kf(kfid), -- 库房ID
  shsj DATETIME NOT NULL, -- 收货时间
  sl INTEGER -- 数量(件)
);
CREATE TABLE cp ( -- 产品主数据
  cpbh TEXT PRIMARY KEY, -- 产品编号
  cpmc TEXT NOT NULL -- 产品名称
);
INSERT INTO kf VALUES (1, '北库', 1), (2, '南库', 2), (3, '东库', 1);
INSERT INTO shd VALUES ('S1', 1, '2026-11-10 08:00:00', 5), ('S2', 2, '2026-11-11 08:00:00', 7),
    ('S3', 1, '2026-11-12 08:00:00', 2);
INSERT INTO cp VALUES ('P1', '螺栓');
"""


def test_an_opaque_table_name_is_named_by_its_comment(tmp_path: Path) -> None:
    from nl2sql.link import SchemaIndex

    index = SchemaIndex.of(answerer(tmp_path, OPAQUE).sources[0].catalog)
    assert "warehouse" in index.table_name_concepts["kf"] and "order" in index.table_name_concepts["shd"]
    # 主数据 is "master data", not a quantity (数) of products.
    assert "qty" not in index.table_name_concepts["cp"]


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        ("上周各个仓库的收货单有多少？", 'COUNT(*) AS "count" FROM "shd" JOIN "kf"'),
        # A list of things by their state shows the things (their names), then the state.
        ("目前哪些仓库是停用状态？", """SELECT "kf"."kfmc", "kf"."zt" FROM "kf" WHERE "kf"."zt" = '2'"""),
    ],
)
def test_questions_on_an_abbreviated_pinyin_schema(question: str, piece: str, tmp_path: Path) -> None:
    assert piece in sql_of(answerer(tmp_path, OPAQUE), question)


STOPS = """
CREATE TABLE cell (cell_id INTEGER PRIMARY KEY, cell_name TEXT NOT NULL);
CREATE TABLE stop_rec ( -- stoppages
    rec_id INTEGER PRIMARY KEY,
    cell_id INTEGER NOT NULL REFERENCES cell(cell_id),
    began_at DATETIME NOT NULL,
    mins REAL, -- minutes stopped
    plan_flag INTEGER NOT NULL -- 是否计划停机: 1=是 0=否
);
INSERT INTO cell VALUES (1, 'Cell A'), (2, 'Cell B');
INSERT INTO stop_rec
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
    SELECT i, i % 2 + 1, datetime('2026-11-09 06:00:00', '+' || (i * 4) || ' hours'), i % 9 + 3, i % 3 = 0
    FROM n;
"""


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        # A yes/no flag is named by the property its comment asks about ("是否计划停机").
        ("how many unplanned stoppages last week?", """WHERE "stop_rec"."plan_flag" = '0'"""),
        ("上周非计划停机多少次？", """WHERE "stop_rec"."plan_flag" = '0'"""),
        # "more than 5 stoppages": a bound with no unit on the rows' own noun is a count.
        ("which cells had more than 5 unplanned stoppages last week?", "HAVING COUNT(*) > 5"),
    ],
)
def test_flags_asked_about_in_comments_and_bounds_on_counts(
    question: str, piece: str, tmp_path: Path
) -> None:
    assert piece in sql_of(answerer(tmp_path, STOPS), question)


CALLS = """
CREATE TABLE help_call (
    call_id INTEGER PRIMARY KEY,
    raised_at DATETIME NOT NULL,
    ack_at DATETIME, -- when someone acknowledged it, NULL until then
    planned_start DATETIME, -- 计划开始时间
    started_at DATETIME -- 实际开始时间
);
INSERT INTO help_call VALUES (1, '2026-11-16 08:00:00', '2026-11-16 08:05:00', NULL, '2026-11-16 08:10:00'),
    (2, '2026-11-17 08:00:00', NULL, '2026-11-17 09:00:00', NULL),
    (3, '2026-11-18 08:00:00', NULL, NULL, NULL);
"""


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        ("how many help calls are still not acknowledged?", 'WHERE "help_call"."ack_at" IS NULL'),
        ("有多少呼叫还未确认？", 'WHERE "help_call"."ack_at" IS NULL'),
        # Not started yet: the actual start is unset, whatever was planned.
        ("how many help calls have not started yet?", 'WHERE "help_call"."started_at" IS NULL'),
    ],
)
def test_a_step_not_yet_taken_is_its_time_unset(question: str, piece: str, tmp_path: Path) -> None:
    assert piece in sql_of(answerer(tmp_path, CALLS), question)


def test_a_step_the_table_does_not_record_is_not_answered(tmp_path: Path) -> None:
    with pytest.raises(NotUnderstood):
        answerer(tmp_path, CALLS).answer("how many help calls were not escalated?", now=NOW)


INSPECTIONS = """
CREATE TABLE insp ( -- 检验记录
  insp_id INTEGER PRIMARY KEY, -- 检验ID
  insp_at DATETIME NOT NULL, -- 检验时间
  bad_qty INTEGER NOT NULL, -- 不合格数量(件)
  res TEXT NOT NULL -- 判定结果: P=合格 F=不合格
);
INSERT INTO insp
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
    SELECT i, datetime('2026-11-01 06:00:00', '+' || (i * 12) || ' hours'), i % 4,
        CASE i % 4 WHEN 0 THEN 'P' ELSE 'F' END
    FROM n;
"""


def test_a_stored_word_inside_a_longer_word_is_the_longer_word(tmp_path: Path) -> None:
    # 不合格品 (rejects, pieces) is not the result 不合格 plus a stray 品.
    sql = sql_of(answerer(tmp_path, INSPECTIONS), "上周不合格品一共有多少件？")
    assert 'SUM("insp"."bad_qty")' in sql


REPORTS = """
CREATE TABLE bg ( -- 生产报工
  bg_id INTEGER PRIMARY KEY, -- 报工ID
  bg_at DATETIME NOT NULL, -- 报工时间
  shift TEXT NOT NULL -- 班次
);
INSERT INTO bg VALUES (1, '2026-11-10 08:00:00', 'A'), (2, '2026-11-11 08:00:00', 'B');
"""


def test_pieces_of_good_parts_are_not_counted_as_rows(tmp_path: Path) -> None:
    with pytest.raises(NL2SQLError):  # no column holds good pieces: not a count of reports
        answerer(tmp_path, REPORTS).answer("上周一共做了多少合格品？", now=NOW)


def test_a_word_the_lexicon_lacks_is_no_opaque_name(tmp_path: Path) -> None:
    from nl2sql.link import SchemaIndex

    ddl = """
    CREATE TABLE lines (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE handovers ( -- what the leaving shift tells the next one, per line
        id INTEGER PRIMARY KEY, line_id INTEGER REFERENCES lines(id), note TEXT
    );
    """
    index = SchemaIndex.of(answerer(tmp_path, ddl).sources[0].catalog)
    assert "line" not in index.table_name_concepts["handovers"]


WAREHOUSES = """
CREATE TABLE Depot (depot_id INTEGER PRIMARY KEY, depot_name TEXT NOT NULL);
CREATE TABLE DepotBin (
    bin_id INTEGER PRIMARY KEY,
    depot_id INTEGER NOT NULL REFERENCES Depot(depot_id),
    bin_name TEXT NOT NULL
);
CREATE TABLE BinMove (
    move_id INTEGER PRIMARY KEY,
    bin_id INTEGER NOT NULL REFERENCES DepotBin(bin_id),
    moved_at DATETIME NOT NULL,
    move_type TEXT NOT NULL, -- PICK pick, RCV receipt
    qty REAL NOT NULL
);
CREATE TABLE Delivery (
    delivery_id INTEGER PRIMARY KEY,
    ordered_on DATE NOT NULL,
    received_on DATE
);
INSERT INTO Depot VALUES (1, 'Main'), (2, 'Annex');
INSERT INTO DepotBin VALUES (1, 1, 'A-01'), (2, 1, 'A-02'), (3, 2, 'B-01');
INSERT INTO BinMove
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
    SELECT i, i % 3 + 1, datetime('2026-11-01 06:00:00', '+' || (i * 10) || ' hours'),
        CASE i % 2 WHEN 0 THEN 'PICK' ELSE 'RCV' END, i % 5 + 1
    FROM n;
INSERT INTO Delivery VALUES (1, '2026-10-20', '2026-11-17'), (2, '2026-11-16', NULL),
    (3, '2026-11-02', '2026-11-05');
"""


@pytest.mark.parametrize(
    ("question", "piece"),
    [
        # "each depot" is the depot (the head noun), not the bin that names its depot.
        ("这个月每个仓库各拣了多少次货？", 'GROUP BY "Depot"."depot_id", "Depot"."depot_name"'),
        ("这个月每个仓库各拣了多少次货？", """"BinMove"."move_type" = 'PICK'"""),
        # "received this week": the receipt date is the window's column.
        ("how many deliveries have we received this week?", """"Delivery"."received_on" >= '2026-11-16'"""),
    ],
)
def test_head_nouns_movement_words_and_receipt_dates(question: str, piece: str, tmp_path: Path) -> None:
    assert piece in sql_of(answerer(tmp_path, WAREHOUSES), question)


def test_a_bound_in_pieces_sums_the_pieces(tmp_path: Path) -> None:
    sql = sql_of(answerer(tmp_path, WAREHOUSES), "这个月拣货超过10件的仓库有哪些？")
    assert 'HAVING SUM("BinMove"."qty") > 10' in sql


def test_using_electricity_in_chinese_asks_an_amount(tmp_path: Path) -> None:
    sql = sql_of(answerer(tmp_path, METERED), "本周哪个车间用电最多？")
    assert 'SUM("air_log"."kwh")' in sql and 'GROUP BY "compressor"."hall"' in sql


LAB = """
CREATE TABLE staff (
    staff_id INTEGER PRIMARY KEY,
    staff_name TEXT NOT NULL,
    job TEXT NOT NULL -- operator / lab tech / fitter
);
CREATE TABLE sample (
    sample_id INTEGER PRIMARY KEY,
    taken_at DATETIME NOT NULL,
    staff_id INTEGER REFERENCES staff(staff_id)
);
INSERT INTO staff VALUES (1, 'Ann', 'lab tech'), (2, 'Bo', 'lab tech'), (3, 'Cy', 'operator');
INSERT INTO sample
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
    SELECT i, datetime('2026-11-09 06:00:00', '+' || (i * 5) || ' hours'), i % 2 + 1 FROM n;
"""


def test_a_chinese_word_for_a_kind_of_person_groups_by_the_people(tmp_path: Path) -> None:
    # 化验员 (lab technician) asks which person, not which job title.
    sql = sql_of(answerer(tmp_path, LAB), "上周哪个化验员做的样品最多？")
    assert 'GROUP BY "staff"."staff_id", "staff"."staff_name"' in sql


FAULTS = """
CREATE TABLE machine (mc_no TEXT PRIMARY KEY, mc_name TEXT NOT NULL);
CREATE TABLE fault_log (
    fault_id INTEGER PRIMARY KEY,
    mc_no TEXT NOT NULL REFERENCES machine(mc_no),
    began_at DATETIME NOT NULL,
    reason TEXT NOT NULL -- E1=电气故障 M1=机械故障
);
CREATE TABLE repair (
    repair_id INTEGER PRIMARY KEY,
    fault_id INTEGER REFERENCES fault_log(fault_id),
    cost REAL
);
INSERT INTO machine VALUES ('MC-07', 'Press 7'), ('MC-08', 'Press 8');
INSERT INTO fault_log
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
    SELECT i, CASE i % 2 WHEN 0 THEN 'MC-07' ELSE 'MC-08' END,
        datetime('2026-10-25 06:00:00', '+' || (i * 20) || ' hours'),
        CASE i % 3 WHEN 0 THEN 'E1' ELSE 'M1' END
    FROM n;
INSERT INTO repair VALUES (1, 1, 100), (2, 2, 50);
"""


def test_values_alone_are_counted_in_the_table_that_reaches_the_others(tmp_path: Path) -> None:
    # The fault log holds the fault kind and points to the machine; the machine points nowhere.
    sql = sql_of(answerer(tmp_path, FAULTS), "MC-07最近30天出了几次机械故障？")
    assert 'COUNT(*) AS "count" FROM "fault_log"' in sql and """"fault_log"."reason" = 'M1'""" in sql


RESULTS = """
CREATE TABLE test_run (
    run_id INTEGER PRIMARY KEY,
    run_at DATETIME NOT NULL,
    result INTEGER NOT NULL -- 1=pass, 0=fail
);
CREATE TABLE wash_cycle (
    cycle_id INTEGER PRIMARY KEY,
    washed_at DATETIME NOT NULL,
    outcome INTEGER NOT NULL -- 0=OK, 1=failed, 2=aborted
);
INSERT INTO test_run
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
    SELECT i, datetime('2026-11-15 06:00:00', '+' || (i * 5) || ' hours'), i % 2 FROM n;
INSERT INTO wash_cycle
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
    SELECT i, datetime('2026-11-15 06:00:00', '+' || (i * 5) || ' hours'), i % 3 FROM n;
"""


def test_every_form_of_a_word_finds_its_values(tmp_path: Path) -> None:
    # "failed" is the wash cycle's label; as "fail" it is the test run's, the table asked about.
    sql = sql_of(answerer(tmp_path, RESULTS), "how many test runs failed this week?")
    assert """FROM "test_run" WHERE "test_run"."result" = '0'""" in sql


def test_a_contracted_negation_is_not_offered_away(tmp_path: Path) -> None:
    # Offering "which cells had a stoppage" for "which cells haven't had one" asks the opposite.
    with pytest.raises(NotUnderstood) as refused:
        answerer(tmp_path, STOPS).answer("which cells haven't had a stoppage yet this week?", now=NOW)
    assert "not" in refused.value.words


PEOPLE = """
CREATE TABLE staff (
    staff_id INTEGER PRIMARY KEY,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    crew TEXT NOT NULL
);
INSERT INTO staff VALUES (1, 'Anna Berg', 'shift_lead', 'A'), (2, 'Ben Kurz', 'shift_lead', 'B'),
    (3, 'Cem Ucar', 'operator', 'B'), (4, 'Dora Lenz', 'operator', 'A');
"""


@pytest.mark.parametrize("question", ["Who is the shift lead of crew B?", "B班的shift lead是谁？"])
def test_who_asks_for_the_people_not_how_many(tmp_path: Path, question: str) -> None:
    """A lookup ("who is …", "…是谁") lists the rows it names; a count would be a confident wrong answer."""
    answer = answerer(tmp_path, PEOPLE).answer(question, now=NOW)
    assert not answer.choices, answer.choices
    assert "COUNT(" not in answer.sql
    assert [row for row in answer.rows if "Ben Kurz" in row] and len(answer.rows) == 1


RECEIPTS = """
CREATE TABLE receipt (
    receipt_id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    confirmed_at DATETIME
);
INSERT INTO receipt VALUES (1, 'confirmed', '2026-11-10 08:00:00', '2026-11-10 09:00:00'),
    (2, 'sent', '2026-11-11 08:00:00', NULL), (3, 'sent', '2026-11-12 08:00:00', NULL),
    (4, 'sent', '2026-11-18 08:00:00', NULL);
"""


def test_a_step_not_taken_is_neither_the_window_nor_the_state_of_its_name(tmp_path: Path) -> None:
    """ "not confirmed last week": the confirmation is unset, the week is the rows' own time, and the
    stored state "confirmed" is not asked for as well (that would count nothing, confidently)."""
    sql = sql_of(answerer(tmp_path, RECEIPTS), "how many receipts were not confirmed last week?")
    assert '"receipt"."confirmed_at" IS NULL' in sql and '"receipt"."created_at" >=' in sql
    assert "'confirmed'" not in sql and '"confirmed_at" >=' not in sql


SHARED_NAMES = """
CREATE TABLE line (line_id INTEGER PRIMARY KEY, line_name TEXT NOT NULL, workshop_name TEXT NOT NULL);
CREATE TABLE stop (
    stop_id INTEGER PRIMARY KEY, line_id INTEGER NOT NULL REFERENCES line(line_id),
    started DATETIME NOT NULL, minutes REAL NOT NULL);
INSERT INTO line VALUES (1, 'L1', 'Hall A'), (2, 'L2', 'Hall A'), (3, 'L1', 'Hall B');
INSERT INTO stop VALUES (1, 1, '2026-11-16 08:00:00', 10), (2, 2, '2026-11-17 08:00:00', 5),
    (3, 3, '2026-11-18 08:00:00', 7);
"""


def test_a_breakdown_by_a_thing_keeps_two_things_of_one_name_apart_but_not_their_shared_attribute(
    tmp_path: Path,
) -> None:
    """Two lines both called L1 are two lines; two lines in Hall A are one hall."""
    shop = answerer(tmp_path, SHARED_NAMES)
    by_line = shop.answer("stop minutes per line this week", now=NOW)
    assert sorted(by_line.rows) == [["L1", 7.0], ["L1", 10.0], ["L2", 5.0]]
    by_hall = shop.answer("stop minutes per workshop this week", now=NOW)
    assert sorted(by_hall.rows) == [["Hall A", 15.0], ["Hall B", 7.0]]


STOPPING = """
CREATE TABLE machine (machine_id INTEGER PRIMARY KEY, machine_name TEXT NOT NULL);
CREATE TABLE stoppage (
    stoppage_id INTEGER PRIMARY KEY, machine_id INTEGER NOT NULL REFERENCES machine(machine_id),
    started DATETIME NOT NULL, minutes REAL NOT NULL);
INSERT INTO machine VALUES (1, 'M1'), (2, 'M2');
INSERT INTO stoppage VALUES (1, 1, '2026-11-16 08:00:00', 10), (2, 1, '2026-11-17 08:00:00', 5),
    (3, 1, '2026-11-18 08:00:00', 6), (4, 2, '2026-11-18 09:00:00', 45);
"""


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("machines with more than 2 stoppages this week", [["M1", 3]]),
        ("本周停机超过2次的设备", [["M1", 3]]),
        ("machines whose average stoppage is over 30 minutes this week", [["M2", 45.0]]),
    ],
)
def test_things_asked_for_by_what_they_have_are_grouped_and_bounded_per_thing(
    question: str, rows: list[list[object]], tmp_path: Path
) -> None:
    """ "Machines with more than 2 stoppages": each machine's count, kept where it passes the bound
    (before, the bound fell on each stoppage's minutes and the machines were summed together)."""
    answer = answerer(tmp_path, STOPPING).answer(question, now=NOW)
    assert "HAVING" in answer.sql
    assert answer.rows == rows


@pytest.mark.parametrize(
    "question",
    [
        "what was the average stoppage length per machine this week, and how many were there?",
        "how many stoppages and the average minutes this week",
        "本周各设备的平均停机时长和次数",
    ],
)
def test_two_figures_asked_with_and_are_asked_back_not_half_answered(question: str, tmp_path: Path) -> None:
    """One SQL measure answers one figure: the other would be dropped in silence."""
    try:
        answer = answerer(tmp_path, STOPPING).answer(question, now=NOW)
    except NotUnderstood as refused:
        assert refused.words
    else:
        assert answer.sql == "" and answer.ignored
