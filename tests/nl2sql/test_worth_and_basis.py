"""What rows are worth, the time a window is counted by, and a few ways things are asked.

"the value of the open purchase orders" is their ordered quantity times the line's own price;
"the value of the stock that went to scrap" the moves' quantity times the part's unit cost; a
worth whose quantity the words cannot choose is asked back. "…last week, by production date"
counts by that date, not by the start time; a first-pass yield is the good share of all pieces;
"the tonnage of the Alder press" lists the Alder presses with theirs, never a total; 报废记录 are
the scrap moves; "top 2 parts" is never one total."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood, understood_rows

SCHEMA = (
    """CREATE TABLE vendor (
  vendor_id INTEGER PRIMARY KEY,
  vendor_name TEXT NOT NULL
)""",
    """CREATE TABLE purchase_hdr ( -- purchase orders
  order_no INTEGER PRIMARY KEY,
  vendor_id INTEGER NOT NULL REFERENCES vendor(vendor_id),
  placed_on TEXT NOT NULL, -- date ordered
  arrived_on TEXT, -- date received
  state TEXT NOT NULL -- OPEN, DONE, VOID
)""",
    """CREATE TABLE purchase_line (
  order_no INTEGER NOT NULL REFERENCES purchase_hdr(order_no),
  line_no INTEGER NOT NULL,
  ordered_qty REAL NOT NULL,
  received_qty REAL,
  each_price REAL, -- price per unit, USD
  PRIMARY KEY (order_no, line_no)
)""",
    """CREATE TABLE part (
  part_id INTEGER PRIMARY KEY,
  part_name TEXT NOT NULL,
  unit_cost REAL -- USD per unit
)""",
    """CREATE TABLE stock_mv (
  mv_id INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  kind TEXT NOT NULL, -- IN receipt, OUT issue, SCRAP scrap
  part_id INTEGER NOT NULL REFERENCES part(part_id),
  qty REAL NOT NULL
)""",
    """CREATE TABLE press (
  press_id TEXT PRIMARY KEY,
  press_label TEXT NOT NULL,
  maker TEXT NOT NULL,
  tonnage INTEGER
)""",
    """CREATE TABLE lot (
  lot_ref TEXT PRIMARY KEY,
  press_id TEXT NOT NULL REFERENCES press(press_id),
  started_at TEXT NOT NULL,
  prod_day TEXT NOT NULL, -- production date: a night's lots count to the day the shift began
  good_pcs INTEGER NOT NULL, -- good pieces
  bad_pcs INTEGER NOT NULL -- pieces scrapped or reworked
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "vendor": [(1, "Nordic Steel"), (2, "Baltic Bolts")],
    "purchase_hdr": [  # 10 and 11 received last week (Mon 9 – Sun 15 Nov); 12 and 13 open
        (10, 1, "2026-11-02", "2026-11-10", "DONE"),
        (11, 2, "2026-11-03", "2026-11-12", "DONE"),
        (12, 1, "2026-11-16", None, "OPEN"),
        (13, 2, "2026-11-18", None, "OPEN"),
        (14, 1, "2026-11-05", None, "VOID"),
    ],
    "purchase_line": [  # received: 50 + 60 from Nordic Steel, 50 from Baltic Bolts; open: 100 + 60
        (10, 1, 10, 10, 5.0),
        (10, 2, 4, 3, 20.0),
        (11, 1, 100, 100, 0.5),
        (12, 1, 8, None, 12.5),
        (13, 1, 2, None, 30.0),
        (14, 1, 50, None, 1.0),
    ],
    "part": [(1, "Sheet steel", 2.0), (2, "Bolt M8", 0.1)],
    "stock_mv": [  # scrapped this month: 20 + 5 + 2 + 1 = 28 USD; two scrap moves last week
        (1, "2026-11-03 08:00:00", "SCRAP", 1, 10),
        (2, "2026-11-17 08:00:00", "SCRAP", 2, 50),
        (3, "2026-10-20 08:00:00", "SCRAP", 1, 5),
        (4, "2026-11-10 08:00:00", "IN", 1, 100),
        (5, "2026-11-11 08:00:00", "SCRAP", 1, 1),
        (6, "2026-11-13 09:00:00", "SCRAP", 2, 10),
    ],
    "press": [
        ("P1", "Press 1", "Alder", 350),
        ("P2", "Press 2", "Birch", 200),
        ("P3", "Press 3", "Alder", 500),
    ],
    "lot": [  # by production date last week: L1, L2, L4 (195 good, 15 rejected); by start: L1, L4
        ("L1", "P1", "2026-11-09 22:00:00", "2026-11-09", 90, 10),
        ("L2", "P2", "2026-11-16 00:30:00", "2026-11-15", 45, 5),
        ("L3", "P3", "2026-11-08 23:00:00", "2026-11-08", 100, 0),
        ("L4", "P1", "2026-11-12 06:00:00", "2026-11-12", 60, 0),
    ],
}


@pytest.mark.parametrize(
    "question",
    [
        "What's the total value of the purchase orders that are still open?",
        "状态为OPEN的采购单金额一共多少？",
    ],
)
def test_the_value_of_orders_is_their_quantity_times_their_own_price(
    own_plant: NL2SQL, question: str
) -> None:
    answer = understood(own_plant, question)
    assert answer.rows == [[160.0]], answer.sql  # 8 × 12.5 + 2 × 30


def test_the_value_received_is_counted_by_the_day_it_was_received(own_plant: NL2SQL) -> None:
    question = (
        "What was the value of the goods received from Nordic Steel last week "
        "(received quantity times unit price)?"
    )
    assert understood_rows(own_plant, question) == [(110.0,)]  # 10 × 5 + 3 × 20, not ordered 10 × 5 + 4 × 20


@pytest.mark.parametrize(
    "question", ["What is the value of the stock that went to scrap this month?", "这个月报废金额是多少？"]
)
def test_the_value_of_moves_is_priced_at_the_cost_of_what_moved(own_plant: NL2SQL, question: str) -> None:
    assert understood_rows(own_plant, question) == [(28.0,)]  # not October's 5 sheets, not the receipt


def test_a_worth_whose_quantity_the_words_cannot_choose_is_asked_back(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "What is the value of the purchase lines?")
    assert answer is None, answer.sql  # ordered or received? the words say neither


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many lots did we run last week, by production date?", [(3,)]),
        ("上周一共做了多少个lot？按生产日期算", [(3,)]),
        ("What was the first-pass yield last week, by production date?", [(92.86,)]),  # 195 / 210
    ],
)
def test_a_window_is_counted_by_the_date_said(
    own_plant: NL2SQL, question: str, expected: list[tuple[object]]
) -> None:
    assert understood_rows(own_plant, question) == expected  # the lot begun Monday 00:30 was Sunday's


def test_a_first_pass_yield_per_press_is_the_good_share_of_each(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "上周各台压机的一次通过率是多少？按生产日期算")
    assert sorted(row[-1] for row in rows) == [90.0, 93.75]  # P2 45 of 50, P1 150 of 160


@pytest.mark.parametrize("question", ["What's the tonnage of the Alder press?", "Alder 压机的吨位是多少？"])
def test_a_number_of_the_things_a_value_picks_out_is_listed_with_them(
    own_plant: NL2SQL, question: str
) -> None:
    rows = understood_rows(own_plant, question)
    assert sorted(row[-1] for row in rows) == [350, 500], rows  # each Alder press's own, never 850 or 425


def test_scrap_records_are_the_scrap_moves(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "上周一共几条报废记录？") == [(2,)]


def test_top_parts_are_never_one_total(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "Top 2 parts by scrapped quantity this month")
    assert answer is None or len(answer.rows) == 2, answer.sql
