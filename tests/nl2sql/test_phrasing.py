"""Ways plant staff phrase questions that must be read, not guessed at: "flagged as preferred",
"still open", "the lead time" beside a stored role 'Lead', "the most work orders" (rows, not the
order quantity), "who has the most" (the top one), the counter 笔, and 分别 after a breakdown.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from nl2sql import NL2SQL, Answer, NL2SQLError, Source, introspect
from tests.nl2sql.conftest import NOW, sqlite_database

SCHEMA = (
    """CREATE TABLE suppliers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  country TEXT,
  lead_time_days INTEGER,
  is_preferred INTEGER NOT NULL -- 1=preferred, 0=not preferred
)""",
    "CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL)",
    """CREATE TABLE work_orders (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL,
  order_qty INTEGER NOT NULL,
  employee_id INTEGER REFERENCES employees(id),
  created_at TIMESTAMP NOT NULL
)""",
)
SUPPLIERS = [
    (1, "Nordwerk Castings", "AT", 18, 1),
    (2, "Sino Parts", "CN", 45, 0),
    (3, "Baltic Steel", "PL", 12, 1),
    (4, "Rhein Tools", "DE", 7, 0),
]
EMPLOYEES = [(1, "Ana Silva", "Lead"), (2, "Ben Ode", "Clerk"), (3, "Cai Wen", "Driver")]
#: Ana writes few orders of many pieces, Ben the most orders: counting rows and summing the
#: order quantity name different people.
NOV_2 = "2026-11-02 08:00:00"
WORK_ORDERS = [
    (i, "OPEN" if i % 3 == 0 else "CLOSED", 100 if i <= 6 else 5, 1 if i <= 6 else 2 if i <= 20 else 3, NOV_2)
    for i in range(1, 31)
]


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("phrasing") / "plant.db",
        SCHEMA,
        {"suppliers": SUPPLIERS, "employees": EMPLOYEES, "work_orders": WORK_ORDERS},
    )
    yield engine
    engine.dispose()


def _answer(engine: Engine, question: str) -> Answer:
    nl2sql = NL2SQL([Source("plant", engine, introspect(engine))], charts=False)
    answer = nl2sql.answer(question, now=NOW, language="en" if question.isascii() else "zh")
    assert not answer.choices, answer.text
    return answer


def test_a_state_flagged_or_marked_as_is_the_state(plant: Engine) -> None:
    preferred = sum(1 for s in SUPPLIERS if s[4])
    assert _answer(plant, "How many suppliers are flagged as preferred?").rows == [[preferred]]
    assert _answer(plant, "How many of our suppliers are marked as preferred?").rows == [[preferred]]


def test_still_open_is_the_open_state(plant: Engine) -> None:
    still_open = sum(1 for w in WORK_ORDERS if w[1] == "OPEN")
    assert _answer(plant, "How many work orders are still open?").rows == [[still_open]]


def test_an_acronym_in_the_plural_names_its_rows(plant: Engine) -> None:
    still_open = sum(1 for w in WORK_ORDERS if w[1] == "OPEN")
    assert _answer(plant, "How many WOs are still open?").rows == [[still_open]]


def test_a_column_named_in_words_is_not_a_stored_value_that_shares_a_word(plant: Engine) -> None:
    # 'Lead' is a stored role; "lead time" names `lead_time_days`.
    answer = _answer(plant, "What's the lead time for Nordwerk Castings?")
    assert [row[-1] for row in answer.rows] == [18]  # the supplier's own value, named beside it
    assert "lead_time_days" in answer.sql and "role" not in answer.sql


def test_the_most_work_orders_counts_them_and_who_asks_for_the_top_one(plant: Engine) -> None:
    for question in ("which employee has the most work orders?", "who has the most work orders?"):
        answer = _answer(plant, question)
        assert answer.rows == [["Ben Ode", 14]], question


def test_the_counter_bi_counts_rows_and_fenbie_is_no_breakdown_word(plant: Engine) -> None:
    assert _answer(plant, "一共有多少笔工单？").rows == [[len(WORK_ORDERS)]]
    answer = _answer(plant, "各个员工分别有多少笔工单？")
    assert sorted(answer.rows) == [["Ana Silva", 6], ["Ben Ode", 14], ["Cai Wen", 10]]


MOLDING = (
    """CREATE TABLE Mold (
  MoldNo TEXT PRIMARY KEY, -- mold number, e.g. MD-3004
  Customer TEXT NOT NULL,
  ResinGrade TEXT NOT NULL
)""",
    """CREATE TABLE resin_lot (
  lot_id TEXT PRIMARY KEY,
  grade TEXT NOT NULL,
  hold_flag TEXT NOT NULL -- Y = lot blocked by QA
)""",
    """CREATE TABLE press_energy (
  press_id TEXT NOT NULL,
  rdg_date TEXT NOT NULL, -- meter day YYYY-MM-DD
  kwh REAL NOT NULL, -- energy used that day, kWh
  PRIMARY KEY (press_id, rdg_date)
)""",
    """CREATE TABLE mold_chg (
  chg_id INTEGER PRIMARY KEY,
  chg_start TEXT NOT NULL, -- local time YYYY-MM-DD HH:MM
  reason_cd TEXT NOT NULL -- PLN=planned changeover, RPR=mold pulled for repair
)""",
)
MOLDS = [
    ("MD-3004", "MediCore", "PC-2805"),
    ("MD-3005", "MediCore", "PP-H120"),
    ("MD-4100", "Apex", "ABS-750"),
]
LOTS = [("PP-261101", "PP-H120", "N"), ("ABS-261117", "ABS-750", "Y"), ("PA6-261016", "PA6-GF30", "Y")]
ENERGY = [
    (press, f"2026-11-{day:02d}", 100.0 * day + i)
    for i, press in enumerate(["IMM-01", "IMM-02"])
    for day in (19, 20)
]
CHANGES = [(i, f"2026-11-{9 + i % 10:02d} 07:30", "PLN" if i % 3 else "RPR") for i in range(1, 13)]


@pytest.fixture(scope="module")
def molding(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("phrasing") / "molding.db",
        MOLDING,
        {"Mold": MOLDS, "resin_lot": LOTS, "press_energy": ENERGY, "mold_chg": CHANGES},
    )
    yield engine
    engine.dispose()


def test_a_thing_named_by_its_text_key_is_looked_up(molding: Engine) -> None:
    answer = _answer(molding, "What resin grade does mold MD-3004 run on?")
    assert answer.rows == [["MD-3004", "PC-2805"]]
    assert _answer(molding, "MediCore 这个客户我们一共有几套模具？").rows == [[2]]


def test_a_yes_no_flag_named_by_its_column_filters_to_yes(molding: Engine) -> None:
    answer = _answer(molding, "Which resin lots are on hold?")
    assert sorted(row[0] for row in answer.rows) == ["ABS-261117", "PA6-261016"]


def test_a_day_that_is_part_of_the_key_is_the_time_of_the_rows(molding: Engine) -> None:
    yesterday = sum(kwh for _press, day, kwh in ENERGY if day == "2026-11-20")
    assert _answer(molding, "How many kWh did all the presses use yesterday in total?").rows == [[yesterday]]


def test_a_shortened_table_name_and_a_code_type(molding: Engine) -> None:
    last_week = [c for c in CHANGES if "2026-11-09" <= c[1] < "2026-11-16"]
    assert _answer(molding, "How many mold changes did we start last week?").rows == [[len(last_week)]]
    answer = _answer(molding, "mold changes last week by reason type")
    assert sorted(answer.rows) == sorted(
        [[code, sum(1 for c in last_week if c[2] == code)] for code in ("PLN", "RPR")]
    )


def test_chinese_counters_count_the_noun_after_them(plant: Engine) -> None:
    assert _answer(plant, "一共有几家供应商？").rows == [[len(SUPPLIERS)]]
    assert _answer(plant, "Ana Silva 有几张工单？").rows == [[6]]


def test_a_named_things_attribute_asked_in_chinese_is_its_value(plant: Engine) -> None:
    answer = _answer(plant, "Baltic Steel 的交货期是几天？")
    assert answer.rows[0][-1] == 12 and len(answer.rows) == 1


SMT = (
    """CREATE TABLE asset (
  unit_ref TEXT PRIMARY KEY, -- equipment tag, e.g. PNP-303
  asset_typ TEXT NOT NULL, -- PNP=pick-and-place, RFL=reflow oven
  inst_dt TEXT -- installation date YYYY-MM-DD
)""",
    "CREATE TABLE tech (tech_id INTEGER PRIMARY KEY, tech_nm TEXT NOT NULL, role TEXT NOT NULL)",
    """CREATE TABLE brkdn (
  brkdn_id INTEGER PRIMARY KEY,
  unit_ref TEXT NOT NULL REFERENCES asset(unit_ref),
  tech_id INTEGER REFERENCES tech(tech_id),
  began_ts TEXT NOT NULL, -- YYYY-MM-DD HH:MM:SS
  dur_min INTEGER -- minutes down
)""",
    """CREATE TABLE cip_cycle (
  cip_id INTEGER PRIMARY KEY,
  tech_id INTEGER REFERENCES tech(tech_id), -- who ran the clean-in-place cycle
  began_ts TEXT NOT NULL
)""",
)
ASSETS = [
    ("PNP-303", "PNP", "2026-11-10"),
    ("PNP-304", "PNP", "2020-01-01"),
    ("RFL-301", "RFL", "2021-05-05"),
]
TECHS = [(1, "Ana", "pm_tech"), (2, "Ben", "cip_tech"), (3, "Cai", "cip_tech")]
CLEANS = [(i, 2 if i <= 5 else 3, f"2026-11-{1 + i:02d} 06:00:00") for i in range(1, 9)]
BREAKDOWNS = [
    (i, ASSETS[i % 3][0], 1 + i % 3, f"2026-11-{9 + i % 7:02d} 10:00:00", 10 * i) for i in range(1, 15)
]


@pytest.fixture(scope="module")
def smt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("phrasing") / "smt.db",
        SMT,
        {"asset": ASSETS, "tech": TECHS, "brkdn": BREAKDOWNS, "cip_cycle": CLEANS},
    )
    yield engine
    engine.dispose()


def test_a_machine_that_broke_down_is_counted_from_its_breakdowns(smt: Engine) -> None:
    last_week = [b for b in BREAKDOWNS if b[1] == "PNP-303" and "2026-11-09" <= b[3] < "2026-11-16"]
    assert _answer(smt, "How many times did PNP-303 break down last week?").rows == [[len(last_week)]]


def test_a_group_named_by_a_shortened_column_name(smt: Engine) -> None:
    totals: dict[str, int] = {}
    for _id, asset, _tech, _start, minutes in BREAKDOWNS:
        kind = next(a[1] for a in ASSETS if a[0] == asset)
        totals[kind] = totals.get(kind, 0) + minutes
    answer = _answer(smt, "breakdown minutes by asset type")
    assert sorted(answer.rows) == sorted([kind, total] for kind, total in totals.items())


def test_a_stored_value_is_named_by_its_words_spelled_out(smt: Engine) -> None:
    answer = _answer(smt, "Who are our CIP technicians?")
    assert sorted(row[1] for row in answer.rows) == ["Ben", "Cai"]


def test_which_person_named_after_their_work_is_the_person(smt: Engine) -> None:
    answer = _answer(smt, "哪个 CIP 技术员做的 CIP 次数最多？")
    assert answer.rows == [["Ben", 5]]


BOTTLING = (
    """CREATE TABLE Equipment (
  EquipTag TEXT PRIMARY KEY,
  EquipName TEXT NOT NULL,
  Status TEXT NOT NULL -- A = in service, S = standby / spare, X = scrapped
)""",
    """CREATE TABLE work_req (
  wr_no TEXT PRIMARY KEY,
  equip_tag TEXT NOT NULL REFERENCES Equipment(EquipTag),
  wr_sts TEXT NOT NULL -- N = new, W = waiting for parts, C = completed
)""",
    """CREATE TABLE util_daily (
  meter_cd TEXT NOT NULL,
  rd_dt TEXT NOT NULL, -- consumption day YYYY-MM-DD
  qty REAL NOT NULL, -- consumption that day, in uom
  uom TEXT NOT NULL, -- kWh or m3
  PRIMARY KEY (meter_cd, rd_dt)
)""",
)
EQUIPMENT = [("FIL-101", "Filler 1", "A"), ("CAP-101", "Capper 1", "X"), ("LAB-101", "Labeler 1", "X")]
REQUESTS = [
    ("WR-1", "FIL-101", "W"),
    ("WR-2", "FIL-101", "C"),
    ("WR-3", "LAB-101", "W"),
    ("WR-4", "CAP-101", "N"),
]
UTILITIES = [("W-MAIN", "2026-11-05", 310.0, "m3"), ("EL-L1", "2026-11-05", 900.0, "kWh")]


@pytest.fixture(scope="module")
def bottling(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("phrasing") / "bottling.db",
        BOTTLING,
        {"Equipment": EQUIPMENT, "work_req": REQUESTS, "util_daily": UTILITIES},
    )
    yield engine
    engine.dispose()


def test_a_chinese_state_word_reaches_an_english_label(bottling: Engine) -> None:
    answer = _answer(bottling, "有哪些设备已经报废了？")
    assert sorted(row[0] for row in answer.rows) == ["CAP-101", "LAB-101"]


def test_a_shortened_table_name_and_a_state_phrase(bottling: Engine) -> None:
    waiting = sum(1 for r in REQUESTS if r[2] == "W")
    assert _answer(bottling, "How many work requests are waiting for parts?").rows == [[waiting]]


def test_an_amount_in_a_unit_is_never_answered_with_a_count(bottling: Engine) -> None:
    nl2sql = NL2SQL([Source("bottling", bottling, introspect(bottling))], charts=False)
    try:
        answer = nl2sql.answer("What was the total water intake on November 5, in m3?", now=NOW)
    except NL2SQLError as refused:
        assert "m3" in refused.reason  # it says which words it did not understand
        return
    assert answer.choices and not answer.sql
