"""Amounts and lengths of time said on a schema of its own (a cheese dairy): "how many kilograms"
of a run that keeps a planned and an actual weight is the actual one, unless the plan is said;
实际 ("actual") names `act_…` columns, and "produce" / 产出 is what they keep; "took the
longest" and "how long did … take" are a span's length, never a standard time; "which
cheesemaker" (a role stored of people) names each such person; "runs that ended" are on the end
time; "how much water did the plant use" sums the readings kept in the unit the meter medium's
meaning says ("W water (m3)"), over the whole plant; "in cubic metres" is a unit of two words."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood, understood_rows

SCHEMA = (
    "CREATE TABLE vat ( -- 奶缸\n  vat_id INTEGER PRIMARY KEY,\n  vat_name TEXT NOT NULL\n)",
    """CREATE TABLE staff (
  staff_id INTEGER PRIMARY KEY,
  staff_name TEXT NOT NULL,
  role TEXT NOT NULL -- CM=cheesemaker, QA=quality assistant
)""",
    """CREATE TABLE press_run ( -- one pressing of a vat's curd
  run_id INTEGER PRIMARY KEY,
  vat_id INTEGER NOT NULL REFERENCES vat(vat_id),
  pressed_by INTEGER REFERENCES staff(staff_id),
  cheese TEXT NOT NULL,
  started TEXT NOT NULL, -- local time
  ended TEXT, -- local time
  plan_qty_kg REAL NOT NULL,
  act_qty_kg REAL
)""",
    """CREATE TABLE cleaning ( -- a clean-in-place of a vat
  clean_id INTEGER PRIMARY KEY,
  vat_id INTEGER NOT NULL REFERENCES vat(vat_id),
  cleaned_at TEXT NOT NULL, -- local time
  std_min INTEGER NOT NULL -- standard minutes for the programme
)""",
    """CREATE TABLE utility_meter (
  meter_id INTEGER PRIMARY KEY,
  tag TEXT NOT NULL UNIQUE,
  room TEXT NOT NULL,
  medium TEXT NOT NULL -- E power (kWh), A compressed air (m3), W water (m3)
)""",
    """CREATE TABLE meter_read (
  read_id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES utility_meter(meter_id),
  read_at TEXT NOT NULL, -- start of the hour, local time
  kwh REAL,
  m3 REAL
)""",
)
ROWS = {
    "vat": [(1, "Vat A"), (2, "Vat B")],
    "staff": [(1, "Ana", "CM"), (2, "Ben", "CM"), (3, "Cy", "QA")],
    # last week: Gouda 900 kg done of 1000 planned (Vat A, pressed by Ana: 60 and 120 min), Edam
    # 450 of 500 (Vat B, by Ben: 30 min); the week before, Gouda 400 of 400 (by Cy, 600 min)
    "press_run": [
        (1, 1, 1, "Gouda", "2026-11-10 06:00:00", "2026-11-10 07:00:00", 500, 400),
        (2, 1, 1, "Gouda", "2026-11-11 06:00:00", "2026-11-11 08:00:00", 500, 500),
        (3, 2, 2, "Edam", "2026-11-12 06:00:00", "2026-11-12 06:30:00", 500, 450),
        (4, 2, 3, "Gouda", "2026-11-03 06:00:00", "2026-11-03 16:00:00", 400, 400),
    ],
    "cleaning": [(1, 1, "2026-11-10 12:00:00", 45), (2, 2, "2026-11-12 12:00:00", 45)],
    "utility_meter": [
        (1, "EM-1", "Press hall", "E"),
        (2, "AM-1", "Compressor room", "A"),
        (3, "WM-1", "Press hall", "W"),
        (4, "WM-2", "Brine cellar", "W"),
    ],
    # last week: water 10 + 5 (press hall) and 7 (brine cellar); compressed air 30; 100 kWh
    "meter_read": [
        (1, 1, "2026-11-10 08:00:00", 100, None),
        (2, 2, "2026-11-10 08:00:00", None, 30),
        (3, 3, "2026-11-10 08:00:00", None, 10),
        (4, 3, "2026-11-11 08:00:00", None, 5),
        (5, 4, "2026-11-11 08:00:00", None, 7),
        (6, 4, "2026-11-03 08:00:00", None, 99),  # the week before
    ],
}


def test_an_amount_in_a_unit_is_the_actual_one_unless_the_plan_is_said(own_plant: NL2SQL) -> None:
    assert understood(own_plant, "How many kilograms of Gouda did we press last week?").rows == [[900]]
    answer = understood(own_plant, "How many kilograms of Gouda were planned last week?")
    assert answer.rows == [[1000]], answer.sql


def test_actual_in_chinese_names_the_actual_column(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "上周每个奶缸的实际产量分别是多少公斤？")
    assert [row[-1] for row in rows] == [900, 450] and rows[0][0] == "Vat A", rows


def test_produce_is_what_the_actual_quantity_keeps(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many kilograms did we produce in runs that ended last week?")
    assert answer.rows == [[1350]], answer.sql
    assert understood(own_plant, "上周的压榨平均实际产出多少公斤？").rows == [[450]]


def test_took_the_longest_is_the_length_of_a_span(own_plant: NL2SQL) -> None:
    question = "Which vat took the longest on average per press run last week, in minutes?"
    rows = understood(own_plant, question).rows
    assert rows[0][0] == "Vat A" and rows[0][-1] == 90, rows
    answer = understood(own_plant, "How long did press runs take on average last week, in minutes?")
    assert answer.rows == [[70]], answer.sql


def test_which_kind_of_person_names_each_person_of_that_kind(own_plant: NL2SQL) -> None:
    question = "Which cheesemaker took the longest on average per press run this month, in minutes?"
    rows = understood(own_plant, question).rows
    assert rows == [["Ana", 90]], rows


def test_how_long_things_took_is_never_their_standard_time(own_plant: NL2SQL) -> None:
    """The cleanings keep no start and end, only a standard: no answer from it."""
    answer = answered_outright(own_plant, "How long did the cleanings take on average last week?")
    assert answer is None, answer.sql


def test_an_amount_of_a_medium_sums_the_readings_in_its_unit(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How much water did the plant use last week?")
    assert answer.rows == [[22]], answer.sql
    assert understood(own_plant, "How much water did the press hall use last week?").rows == [[15]]
    answer = understood(own_plant, "How much compressed air did we use last week, in cubic metres?")
    assert answer.rows == [[30]], answer.sql
