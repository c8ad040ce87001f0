"""Kinds and failures said on a schema of its own (a brewery's stores and keg tests): a spare
part is a part where no table says "spare" (`item`); things "below their reorder point" are held
to their own stock, not to what was issued of them; a kind said with a value ("轴承类") is the
kind's column, not every name with the word in it; a "failure rate" is the share of checks
whose verdict is 'fail', counted in checks, and "a customer's kegs" says whose checks they are,
not that kegs are counted; rows that keep their downtime are stops (停机), and "设备故障" says
what they are of without grouping them; a country kept as its ISO code ('PL') is named as
people name it, Poland or 波兰; a stage kept in Chinese (终检) is named in English ("final")."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood

SCHEMA = (
    """CREATE TABLE item (
  item_no TEXT PRIMARY KEY,
  item_desc TEXT NOT NULL,
  item_cat TEXT NOT NULL, -- BRG bearings, BLT belts, SEN sensors
  unit_cost_eur REAL NOT NULL,
  stock_pcs INTEGER NOT NULL,
  reorder_pcs INTEGER NOT NULL -- reorder point
)""",
    """CREATE TABLE item_issue (
  issue_id INTEGER PRIMARY KEY,
  item_no TEXT NOT NULL REFERENCES item(item_no),
  issued_at TEXT NOT NULL, -- local time
  issued_pcs INTEGER NOT NULL
)""",
    "CREATE TABLE keg_lot (lot_id INTEGER PRIMARY KEY, customer TEXT NOT NULL)",
    "CREATE TABLE vendor (vendor_id INTEGER PRIMARY KEY, vendor_name TEXT NOT NULL, country TEXT NOT NULL)",
    "CREATE TABLE machine (machine_id INTEGER PRIMARY KEY, machine_name TEXT NOT NULL)",
    """CREATE TABLE fault (
  fault_id INTEGER PRIMARY KEY,
  machine_id INTEGER NOT NULL REFERENCES machine(machine_id),
  began TEXT NOT NULL, -- local time
  down_min INTEGER, -- downtime minutes
  fault_cd TEXT NOT NULL -- E=electrical, M=mechanical
)""",
    """CREATE TABLE leak_test (
  test_id INTEGER PRIMARY KEY,
  lot_id INTEGER NOT NULL REFERENCES keg_lot(lot_id),
  tested_at TEXT NOT NULL, -- local time
  kegs_tested INTEGER NOT NULL,
  verdict TEXT NOT NULL, -- P=pass, F=fail
  stage INTEGER NOT NULL -- 1=首检 3=终检
)""",
)
ROWS = {
    # below their reorder point: BRG-6204 and SEN-PX1; the bearings are BRG-6204 and BRG-6306
    "item": [
        ("BRG-6204", "Bearing 6204", "BRG", 4.5, 2, 5),
        ("BRG-6306", "Ball race 6306", "BRG", 9.0, 8, 3),
        ("BLT-A40", "V-belt A40", "BLT", 12.0, 10, 4),
        ("SEN-PX1", "Proximity sensor PX1", "SEN", 38.0, 1, 2),
        ("BRG-6000", "Bearing puller", "BLT", 55.0, 3, 1),
    ],
    # issued less than the reorder point each time, though most are in stock
    "item_issue": [
        (1, "BLT-A40", "2026-11-03 09:00:00", 1),
        (2, "BRG-6306", "2026-11-04 09:00:00", 1),
        (3, "BRG-6204", "2026-11-05 09:00:00", 1),
    ],
    "keg_lot": [(1, "Alehaus"), (2, "Brauerei Ost")],
    "vendor": [(1, "Hopfen Krol", "PL"), (2, "Malz Werke", "DE"), (3, "Gdansk Steel Kegs", "PL")],
    "machine": [(1, "Keg filler 1"), (2, "Keg washer 2")],
    # last week: three faults, two of them electrical; one the week before
    "fault": [
        (1, 1, "2026-11-10 07:00:00", 30, "E"),
        (2, 2, "2026-11-11 07:00:00", 10, "E"),
        (3, 2, "2026-11-12 07:00:00", 20, "M"),
        (4, 1, "2026-11-04 07:00:00", 5, "M"),
    ],
    # last week: Alehaus 1 of 2 checks failed (1 keg of 11); Brauerei Ost 1 of 3 (10 kegs of 12)
    # … two of the failed checks final ones (终检), of three final checks
    "leak_test": [
        (1, 1, "2026-11-10 10:00:00", 1, "F", 3),
        (2, 1, "2026-11-11 10:00:00", 10, "P", 1),
        (3, 2, "2026-11-10 11:00:00", 10, "F", 3),
        (4, 2, "2026-11-11 11:00:00", 1, "P", 3),
        (5, 2, "2026-11-12 11:00:00", 1, "P", 1),
    ],
}


def test_spare_parts_below_their_reorder_point_are_held_to_their_own_stock(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which spare parts are below their reorder point?")
    assert sorted(row[0] for row in answer.rows) == ["BRG-6204", "SEN-PX1"], answer.sql
    assert understood(own_plant, "现在有几种备件的库存低于再订货点？").rows == [[2]]


def test_a_kind_said_with_a_value_is_the_kinds_column(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "轴承类的备件有哪些？")
    assert sorted(row[0] for row in answer.rows) == ["BRG-6204", "BRG-6306"], answer.sql


def test_a_failure_rate_is_the_share_of_checks_that_failed(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which customer had the highest leak test failure rate last week?")
    assert answer.rows == [["Alehaus", 50.0]], answer.sql


def test_the_things_a_customer_owns_are_not_what_a_rate_counts(own_plant: NL2SQL) -> None:
    """Weighted by kegs, Brauerei Ost would lead; the rate is of checks: Alehaus or no answer."""
    question = "Which customer's kegs had the highest leak test failure rate last week?"
    answer = answered_outright(own_plant, question)
    assert answer is None or answer.rows == [["Alehaus", 50.0]], answer.sql


def test_rows_that_keep_their_downtime_are_stops_of_the_things_they_point_to(own_plant: NL2SQL) -> None:
    assert understood(own_plant, "上周一共有几次设备故障停机？").rows == [[3]]
    rows = sorted(map(tuple, understood(own_plant, "上周每种故障代码各发生了几次停机？").rows))
    assert [row[-1] for row in rows] == [2, 1], rows


def test_a_country_kept_as_its_code_is_named_in_either_language(own_plant: NL2SQL) -> None:
    expected = ["Gdansk Steel Kegs", "Hopfen Krol"]
    for question in ("List the vendors located in Poland.", "波兰的供应商有哪些？"):
        answer = understood(own_plant, question)
        assert sorted(row[1] for row in answer.rows) == expected, answer.sql


def test_a_stage_kept_in_chinese_is_named_in_english(own_plant: NL2SQL) -> None:
    assert understood(own_plant, "How many final leak tests failed last week?").rows == [[2]]
