"""Absence said many ways, a number one named row keeps, and orders said alone.

"haven't had a single fault", "are there any units that never…", "never been acknowledged" (a
step not taken where the schema records it), 一次都没拣过 (the rows picked, not any rows);
"active units" is the units' flag where the crews have one too; "the rated power of U2" is that
row's value, not a total; "how many labour hours" sums minutes in hours; "preventive
maintenance" of maintenance jobs is their own type code, not a joined reason's text;
"…, biggest first" orders the figure; "before 2025" is a window that only ends; "Kestrel
Tools" names 'Kestrel Tools GmbH'; "what model is the oven" asks the oven's own `model`; "no
part move of any kind" is no part move; "which 维修工 took no job" never lists every employee."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL, NL2SQLError
from tests.nl2sql.conftest import NOW, understood, understood_rows

SCHEMA = (
    """CREATE TABLE unit_mstr ( -- 设备台账
  unit_no TEXT PRIMARY KEY, -- 设备编号
  unit_nm TEXT NOT NULL, -- 设备名称
  in_use_yn TEXT NOT NULL, -- Y = active, N = retired
  rated_kw REAL, -- 额定功率(kW)
  last_check_dt TEXT, -- 上次检验日期, last inspection date
  model TEXT
)""",
    """CREATE TABLE product (
  product_no TEXT PRIMARY KEY,
  descr TEXT NOT NULL
)""",
    """CREATE TABLE vendor (
  vendor_no TEXT PRIMARY KEY,
  vendor_name TEXT NOT NULL,
  country TEXT NOT NULL
)""",
    """CREATE TABLE crew (
  crew_id INTEGER PRIMARY KEY,
  crew_nm TEXT NOT NULL,
  in_use_yn TEXT NOT NULL -- Y = active, N = disbanded
)""",
    """CREATE TABLE fault_log (
  f_id INTEGER PRIMARY KEY,
  unit_no TEXT NOT NULL REFERENCES unit_mstr(unit_no),
  crew_id INTEGER REFERENCES crew(crew_id), -- crew that answered
  began_ts TEXT NOT NULL -- fault start, local time
)""",
    """CREATE TABLE alert (
  alert_id INTEGER PRIMARY KEY,
  unit_no TEXT NOT NULL REFERENCES unit_mstr(unit_no),
  lvl INTEGER NOT NULL, -- 1=low, 3=urgent
  acked_at TEXT -- acknowledged, local time; NULL until acknowledged
)""",
    """CREATE TABLE reason (
  reason_id INTEGER PRIMARY KEY,
  reason_txt TEXT NOT NULL
)""",
    """CREATE TABLE maint_job ( -- maintenance jobs
  mj_no TEXT PRIMARY KEY,
  unit_no TEXT NOT NULL REFERENCES unit_mstr(unit_no),
  job_kind TEXT NOT NULL, -- CM = corrective, PM = preventive
  reason_id INTEGER REFERENCES reason(reason_id),
  finished_ts TEXT, -- completed, local time
  labour_min INTEGER -- booked labour, minutes
)""",
    """CREATE TABLE part (
  part_ref TEXT PRIMARY KEY,
  part_nm TEXT NOT NULL
)""",
    """CREATE TABLE staff ( -- 员工
  staff_id TEXT PRIMARY KEY, -- 员工编号
  staff_nm TEXT NOT NULL, -- 姓名
  role_cd TEXT NOT NULL -- 岗位: OP=操作工 MT=机修
)""",
    """CREATE TABLE job ( -- 维修单
  job_no TEXT PRIMARY KEY,
  taken_by TEXT REFERENCES staff(staff_id), -- 接单的维修工
  job_ts TEXT NOT NULL -- 报修时间
)""",
    """CREATE TABLE part_move (
  mv_id INTEGER PRIMARY KEY,
  part_ref TEXT NOT NULL REFERENCES part(part_ref),
  mv_type TEXT NOT NULL, -- PK = picking, GR = goods receipt
  mv_ts TEXT NOT NULL
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "unit_mstr": [
        ("U1", "Press one", "Y", 55.0, "2024-06-01", "HP-200"),
        ("U2", "Press two", "Y", 75.0, "2025-02-10", "HP-300"),
        ("U3", "Oven", "Y", 120.0, "2024-12-31", "TK-9"),
        ("U4", "Old saw", "N", 11.0, "2019-01-01", "S-1"),
    ],
    "product": [("P1", "Bracket"), ("P2", "Hinge")],
    "vendor": [("V1", "Kestrel Tools GmbH", "DE"), ("V2", "Orbis AB", "SE")],
    "crew": [(1, "Day crew", "Y"), (2, "Night crew", "N")],
    "fault_log": [  # this month (from Sun 1 Nov): U1 and U4; U2 only in October
        (1, "U1", 1, "2026-11-03 08:00:00"),
        (2, "U1", 2, "2026-11-12 09:00:00"),
        (3, "U4", 1, "2026-11-05 10:00:00"),
        (4, "U2", 1, "2026-10-20 10:00:00"),
    ],
    "alert": [
        (1, "U1", 3, None),
        (2, "U2", 3, "2026-11-20 08:00:00"),
        (3, "U3", 3, None),
        (4, "U3", 1, None),
    ],
    "reason": [(1, "Preventive maintenance"), (2, "Worn part")],
    "maint_job": [  # last week is Mon 9 – Sun 15 Nov
        ("M1", "U1", "PM", 2, "2026-11-10 10:00:00", 90),
        ("M2", "U2", "CM", 1, "2026-11-11 10:00:00", 30),
        ("M3", "U3", "PM", 2, "2026-11-12 10:00:00", 60),
        ("M4", "U1", "CM", 2, "2026-11-18 10:00:00", 45),
    ],
    "part": [("I1", "Bolt"), ("I2", "Nut"), ("I3", "Washer")],
    "part_move": [(1, "I1", "PK", "2026-11-10"), (2, "I2", "GR", "2026-11-11")],
    "staff": [("S1", "Ana", "OP"), ("S2", "Bo", "MT"), ("S3", "Cy", "MT")],
    "job": [("J1", "S2", "2026-11-10 08:00:00")],
}


@pytest.fixture(scope="module")
def plant(own_plant: NL2SQL) -> NL2SQL:
    return own_plant


@pytest.mark.parametrize(
    "question",
    [
        "Which active units haven't had a single fault this month?",
        "Is there any active unit that has not had any fault this month?",
    ],
)
def test_not_a_single_row_said_in_english_lists_the_things_without_any(plant: NL2SQL, question: str) -> None:
    # U1 and U4 had faults this month; U4 is retired; "active" is the units' flag, not the crews'
    assert [row[0] for row in understood_rows(plant, question)] == ["Oven", "Press two"]


def test_are_there_any_things_that_never_lists_them(plant: NL2SQL) -> None:
    rows = understood_rows(plant, "Are there any units that have never had a fault?")
    assert [row[0] for row in rows] == ["Oven"]


def test_never_been_and_a_step_the_rows_record_is_the_step_not_taken(plant: NL2SQL) -> None:
    assert understood_rows(plant, "How many urgent alerts have never been acknowledged?") == [(2,)]


def test_never_been_and_a_verb_no_column_records_is_still_an_absence(plant: NL2SQL) -> None:
    assert understood_rows(plant, "Which parts have never been used in a part move?") == [("Washer", "I3")]


def test_the_verb_inside_a_chinese_absence_names_the_rows(plant: NL2SQL) -> None:
    # I2 was received but never picked: it is listed, beside I3, which never moved at all
    assert [row[0] for row in understood_rows(plant, "哪些物料一次都没拣过？")] == ["Nut", "Washer"]


@pytest.mark.parametrize("question", ["What's the rated power of U2?", "U2的额定功率是多少千瓦？"])
def test_a_number_one_named_row_keeps_is_its_value_not_a_total(plant: NL2SQL, question: str) -> None:
    answer = understood(plant, question)
    assert "rated_kw" in answer.columns and [row[-1] for row in answer.rows] == [75.0], answer.sql
    assert "SUM(" not in answer.sql.upper() and "total" not in answer.interpretation


def test_how_many_hours_of_a_column_kept_in_minutes_is_their_sum_in_hours(plant: NL2SQL) -> None:
    question = "How many labour hours were booked on maintenance jobs completed last week?"
    assert understood_rows(plant, question) == [(3.0,)]  # M1–M3: 180 minutes


def test_a_code_meaning_said_beside_the_tables_name_is_that_code(plant: NL2SQL) -> None:
    # the preventive orders (M1, M3), not those whose joined reason reads "Preventive maintenance"
    question = "How many labour hours went into preventive maintenance jobs completed last week?"
    assert understood_rows(plant, question) == [(2.5,)]


@pytest.mark.parametrize(("said", "first"), [("biggest first", "U1"), ("smallest first", "U2")])
def test_an_order_said_alone_orders_the_figure(plant: NL2SQL, said: str, first: str) -> None:
    names = {unit: name for unit, name, *_rest in ROWS["unit_mstr"]}
    answer = understood(plant, f"Total labour minutes per unit, {said}")
    assert answer.rows[0][0] == names[first], answer.rows


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Which active units had their last inspection before 2025?", "before Wed 1 Jan 2025"),
        ("哪些在用设备的上次检验日期在2025年之前？", "2025年1月1日之前"),
    ],
)
def test_a_window_said_only_by_its_end_takes_everything_before_it(
    plant: NL2SQL, question: str, said: str
) -> None:
    answer = understood(plant, question)
    assert sorted(row[0] for row in answer.rows) == ["Oven", "Press one"], answer.sql
    assert said in answer.interpretation


def test_a_company_is_named_without_its_legal_form(plant: NL2SQL) -> None:
    assert [row[-1] for row in understood(plant, "What country is Kestrel Tools in?").rows] == ["DE"]


def test_a_column_asked_of_a_named_row_is_looked_up_in_its_table(plant: NL2SQL) -> None:
    # "model" is also a word for products; the oven is a unit, and its model a column of units
    assert [row[-1] for row in understood(plant, "What model is the Oven?").rows] == ["TK-9"]


def test_no_rows_of_any_kind_is_no_rows(plant: NL2SQL) -> None:
    assert understood_rows(plant, "Which parts have had no part move of any kind?") == [("Washer", "I3")]


def test_the_people_without_rows_are_never_all_staff_for_a_role_named(plant: NL2SQL) -> None:
    try:  # Cy is the one technician without a job; Ana is no technician at all
        answer = plant.answer("哪些维修工这个月一张维修单都没接过？", now=NOW, language="zh")
    except NL2SQLError:
        return
    assert answer.choices or [row[0] for row in answer.rows] == ["Cy"], answer.sql
