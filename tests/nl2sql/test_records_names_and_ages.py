"""A paint shop of its own: its painters, the touch-up requests raised at its booths and the
paint orders placed. A verb that only says a record was made ("raised", "placed", 下了) is
the record itself, never the state 'OPEN'; a list asked in alphabetical order is ordered by
the names it shows (A to Z, or Z to A when it says so); an age said in years (30岁以上) bounds
the age; a bound said beside the rows' own noun ("painters older than 40", 年龄超过40的喷漆工)
bounds each row, not a group's total; 计算 only asks for the figure."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood, understood_rows

SCHEMA = (
    "CREATE TABLE booth (booth_code TEXT PRIMARY KEY, booth_name TEXT NOT NULL)",
    """CREATE TABLE painter ( -- painters 喷漆工
  painter_no TEXT PRIMARY KEY,
  painter_name TEXT NOT NULL,
  crew TEXT NOT NULL, -- 班组
  age INTEGER NOT NULL -- 年龄
)""",
    """CREATE TABLE touchup_request (
  req_no INTEGER PRIMARY KEY,
  booth_code TEXT NOT NULL REFERENCES booth(booth_code),
  req_date TEXT NOT NULL,
  status TEXT NOT NULL -- OPEN, DONE
)""",
    """CREATE TABLE paint_order (
  order_no TEXT PRIMARY KEY,
  vendor TEXT NOT NULL,
  order_date TEXT NOT NULL,
  status TEXT NOT NULL -- OPEN, RCVD
)""",
)
ROWS = {
    "booth": [("B1", "Booth North"), ("B2", "Booth South")],
    # crews: Blue has painters of 52 and 29, Red of 33 and 38, Green of 45
    "painter": [
        ("P1", "Mira Stone", "Blue", 52),
        ("P2", "Alan Frey", "Blue", 29),
        ("P3", "Zoe Kamp", "Red", 33),
        ("P4", "Hugo Brandt", "Red", 38),
        ("P5", "Carla Dunn", "Green", 45),
    ],
    # October at Booth North: three requests raised, one of them still open
    "touchup_request": [
        (1, "B1", "2026-10-03", "DONE"),
        (2, "B1", "2026-10-12", "OPEN"),
        (3, "B1", "2026-10-20", "DONE"),
        (4, "B2", "2026-10-21", "OPEN"),
        (5, "B1", "2026-11-02", "OPEN"),
    ],
    # October: four orders placed, two of them received
    "paint_order": [
        ("PO-1", "Lacktec", "2026-10-02", "RCVD"),
        ("PO-2", "Lacktec", "2026-10-09", "OPEN"),
        ("PO-3", "ColorWerk", "2026-10-15", "RCVD"),
        ("PO-4", "ColorWerk", "2026-10-28", "OPEN"),
        ("PO-5", "Lacktec", "2026-11-04", "OPEN"),
    ],
}


def test_requests_raised_are_every_request_not_the_open_ones(own_plant: NL2SQL) -> None:
    question = "How many touch-up requests were raised at Booth North in October?"
    assert understood_rows(own_plant, question) == [(3,)]


def test_orders_placed_are_the_orders_recorded(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many paint orders were placed in October?") == [(4,)]
    assert understood_rows(own_plant, "10月份我们下了几张油漆订单？") == [(4,)]


def test_a_list_in_alphabetical_order_is_ordered_by_its_names(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "List the painters in alphabetical order.")
    names = [row[answer.columns.index("painter_name")] for row in answer.rows]
    assert names == sorted(names) and len(names) == 5
    assert "A to Z" in answer.text


def test_reverse_alphabetical_order_in_chinese(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "按字母倒序列出喷漆工的名字")
    names = [row[answer.columns.index("painter_name")] for row in answer.rows]
    assert names == sorted(names, reverse=True) and len(names) == 5


def test_an_age_in_years_bounds_the_age(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "40岁以上的喷漆工有几个？") == [(2,)]


def test_a_bound_beside_the_rows_noun_bounds_each_row(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "哪些班组有年龄超过40的喷漆工？")
    assert {row[0] for row in rows} == {"Blue", "Green"}
    rows = understood_rows(own_plant, "Which crews have painters older than 40?")
    assert {row[0] for row in rows} == {"Blue", "Green"}


def test_a_request_to_compute_asks_only_for_the_figure(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "计算一下喷漆工总共有几个。") == [(5,)]
