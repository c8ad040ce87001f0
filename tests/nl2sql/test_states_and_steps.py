"""States said one way and stored another, steps that are not states, and what a group or a
window belongs to: "opened last week" is no state 'open'; "在跑" and "正在生产" are the running
code; "by machine type" is the machine's type; "per customer" is the customer's column, not a
key whose comment mentions customers; a window on a master table's date the question does not
name is not understood; "现在" asks for a state as "now" does; "良品数" is a quantity kept; 开 and
完工 name the steps whose time a window takes; a word of the schema's own Chinese comments (报工)
names its table; a value word a measure keeps (报废) is no joined row's state."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL, NL2SQLError
from tests.nl2sql.conftest import NOW, understood_rows

SCHEMA = (
    """CREATE TABLE ticket (
  ticket_no TEXT PRIMARY KEY,
  opened_at TEXT NOT NULL, -- when the ticket was opened, local time
  state TEXT NOT NULL, -- O=open, C=closed
  est_cost REAL NOT NULL -- estimated cost
)""",
    """CREATE TABLE press (
  press_no TEXT PRIMARY KEY,
  press_sts INTEGER NOT NULL -- 10=idle, 20=running, 30=down
)""",
    """CREATE TABLE production_run (
  run_id INTEGER PRIMARY KEY,
  press_no TEXT NOT NULL REFERENCES press(press_no),
  good_qty INTEGER NOT NULL -- good parts, pcs
)""",
    """CREATE TABLE wo_hdr ( -- 工单
  wo_id TEXT PRIMARY KEY, -- 工单号
  st INTEGER NOT NULL, -- 状态: 0=待生产 1=生产中 2=已完工
  t_a TEXT, -- 开工时间
  t_b TEXT -- 完工时间
)""",
    """CREATE TABLE mach ( -- 设备台账
  mach_no TEXT PRIMARY KEY, -- 设备编号
  st INTEGER NOT NULL -- 状态: 1=在用 3=报废
)""",
    """CREATE TABLE rpt ( -- 产量报工记录
  rpt_id INTEGER PRIMARY KEY,
  mach_no TEXT NOT NULL REFERENCES mach(mach_no), -- 设备编号
  t_rpt TEXT NOT NULL, -- 报工时间
  ok_pcs INTEGER NOT NULL, -- 合格数量(件)
  ng_pcs INTEGER NOT NULL -- 报废数量(件)
)""",
    """CREATE TABLE product (
  product_pn TEXT PRIMARY KEY, -- customer product part number
  customer_nm TEXT NOT NULL -- customer
)""",
    """CREATE TABLE lot (
  lot_ref TEXT PRIMARY KEY,
  product_pn TEXT NOT NULL REFERENCES product(product_pn),
  made_on TEXT NOT NULL
)""",
    """CREATE TABLE eqp ( -- machine master
  eq_no TEXT PRIMARY KEY, -- machine number
  eq_cls TEXT NOT NULL -- machine type: L=lathe, M=mill
)""",
    """CREATE TABLE rep_ord ( -- machine repair order
  ro_no TEXT PRIMARY KEY,
  eq_no TEXT NOT NULL REFERENCES eqp(eq_no), -- machine number
  rtyp INTEGER NOT NULL, -- repair type: 1=breakdown, 2=preventive
  cost REAL NOT NULL
)""",
    """CREATE TABLE operator (
  op_id INTEGER PRIMARY KEY,
  op_name TEXT NOT NULL,
  cell TEXT NOT NULL, -- home cell
  hire_dt TEXT NOT NULL -- hire date
)""",
    """CREATE TABLE cast_lot (
  cl_no TEXT PRIMARY KEY,
  cell TEXT NOT NULL,
  op_id INTEGER NOT NULL, -- operator
  cast_day TEXT NOT NULL,
  pieces INTEGER NOT NULL
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "ticket": [  # Mon 9 – Sun 15 Nov is last week
        ("T1", "2026-11-10 08:00:00", "C", 100.0),
        ("T2", "2026-11-12 09:00:00", "O", 40.0),
        ("T3", "2026-11-18 10:00:00", "O", 7.0),
    ],
    "press": [("P1", 20), ("P2", 20), ("P3", 30), ("P4", 10)],
    "production_run": [(1, "P1", 100), (2, "P1", 50), (3, "P2", 70)],
    "wo_hdr": [  # last week: B1 and B2 started, B2 finished
        ("B1", 1, "2026-11-10 08:00:00", None),
        ("B2", 2, "2026-11-09 07:00:00", "2026-11-12 16:00:00"),
        ("B3", 1, "2026-11-18 08:00:00", None),
        ("B4", 1, "2026-11-19 08:00:00", None),
    ],
    "mach": [("S1", 1), ("S2", 3)],
    "rpt": [  # yesterday: two reports, 150 good, 12 scrap; S2 is a scrapped machine
        (1, "S1", "2026-11-20 08:00:00", 100, 5),
        (2, "S2", "2026-11-20 09:00:00", 50, 7),
        (3, "S1", "2026-11-19 08:00:00", 30, 1),
    ],
    "product": [("PN-1", "Acme"), ("PN-2", "Acme"), ("PN-3", "Borg")],
    "lot": [("L1", "PN-1", "2026-11-10"), ("L2", "PN-2", "2026-11-11"), ("L3", "PN-3", "2026-11-12")],
    "eqp": [("E1", "L"), ("E2", "M"), ("E3", "L")],
    "rep_ord": [("R1", "E1", 1, 10.0), ("R2", "E2", 1, 20.0), ("R3", "E3", 2, 30.0)],
    "operator": [
        (1, "Ana", "C2", "2026-11-10"),  # hired last week
        (2, "Ben", "C2", "2019-03-01"),
        (3, "Cy", "C1", "2024-05-06"),
    ],
    "cast_lot": [("K1", "C2", 2, "2026-11-10", 50), ("K2", "C1", 3, "2026-11-11", 60)],
}


@pytest.fixture(scope="module")
def plant(own_plant: NL2SQL) -> NL2SQL:
    return own_plant


def test_rows_opened_in_a_window_are_counted_whatever_their_state_now(plant: NL2SQL) -> None:
    # T1 was opened last week and is closed now: it was still opened then
    question = "What is the total estimated cost of the tickets opened last week?"
    assert understood_rows(plant, question) == [(140.0,)]


def test_the_state_open_is_still_a_state(plant: NL2SQL) -> None:
    assert understood_rows(plant, "How many tickets are open?") == [(2,)]


@pytest.mark.parametrize("question", ["现在有几台press在跑？", "现在正在运行的press有几台？"])
def test_running_said_in_chinese_is_the_running_code(plant: NL2SQL, question: str) -> None:
    assert understood_rows(plant, question) == [(2,)]


def test_a_state_said_another_way_finds_the_chinese_label(plant: NL2SQL) -> None:
    assert understood_rows(plant, "现在有几张工单正在生产？") == [(3,)]  # the code whose comment says 生产中


@pytest.mark.parametrize(
    ("question", "count"),
    [("上周开了几张ticket？", 2), ("上周开了几张工单？", 2), ("上周完工了几张工单？", 1)],
)
def test_opening_starting_and_finishing_said_in_chinese_name_their_time(
    plant: NL2SQL, question: str, count: int
) -> None:
    assert understood_rows(plant, question) == [(count,)]


def test_a_word_only_the_schemas_chinese_comments_use_names_their_table(plant: NL2SQL) -> None:
    assert understood_rows(plant, "昨天一共报工了几次？") == [(2,)]  # 报工 of "产量报工记录"


def test_a_value_word_that_a_measure_keeps_is_not_a_joined_rows_state(plant: NL2SQL) -> None:
    try:  # the pieces scrapped, never the good pieces of the machines in state 报废
        answer = plant.answer("昨天报工一共报废了多少件？", now=NOW, language="zh")
    except NL2SQLError:
        return
    assert answer.choices or answer.rows == [[12]], answer.sql


def test_now_in_chinese_asks_for_a_state(plant: NL2SQL) -> None:
    try:  # every press, or those running? Never a count of all of them as if asked.
        answer = plant.answer("现在有多少台press？", now=NOW, language="zh")
    except NL2SQLError:
        return
    assert answer.choices and not answer.rows, answer.sql


def test_until_now_in_chinese_is_a_window(plant: NL2SQL) -> None:
    assert understood_rows(plant, "这个月到现在一共有几张ticket？") == [(3,)]


@pytest.mark.parametrize(("question", "good"), [("P1的良品数是多少？", 150), ("良品数一共是多少？", 220)])
def test_the_number_of_good_parts_is_the_quantity_kept_not_a_count_of_runs(
    plant: NL2SQL, question: str, good: int
) -> None:
    assert understood_rows(plant, question) == [(good,)]


def test_per_customer_is_the_customer_column_not_a_key_mentioning_customers(plant: NL2SQL) -> None:
    assert understood_rows(plant, "How many lots per customer?") == [("Acme", 2), ("Borg", 1)]


def test_by_machine_type_is_the_type_of_the_machine_a_row_points_to(plant: NL2SQL) -> None:
    assert understood_rows(plant, "Total repair cost by machine type") == [("L", 40.0), ("M", 20.0)]


def test_a_window_on_a_master_date_the_question_does_not_name_is_not_understood(plant: NL2SQL) -> None:
    try:  # never the operators of cell C2 hired last week
        answer = plant.answer("Who ran C2 last week?", now=NOW)
    except NL2SQLError:
        return
    assert answer.choices and not answer.rows, answer.sql


def test_a_master_date_the_question_names_takes_the_window(plant: NL2SQL) -> None:
    assert understood_rows(plant, "How many operators were hired in 2024?") == [(1,)]
