"""A sawmill of its own: its workers, their cuts and the blades fitted. People still employed
and those who have left are said many ways and found by the staff flag; a bound said as an
amount of a thing ("over 10 hours of labour", "5 or more of") bounds each group's total,
not each row; a count of batches said with its measure word (几批) counts them; two words the
schema writes as one ("wood turners" of `woodturner`) name its table; a column of whole numbers
named as a group ("each bay") groups; and "how many blades have kind code BND" counts the
blades, not the kinds that table of codes keeps."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood_rows

SCHEMA = (
    """CREATE TABLE worker (
  badge TEXT PRIMARY KEY,
  full_name TEXT NOT NULL,
  trade TEXT NOT NULL, -- SAW=sawyer, GRD=grader, DRV=forklift driver, INS=inspector
  bay INTEGER NOT NULL,
  active_ind TEXT NOT NULL -- Y / N
)""",
    """CREATE TABLE log_cut (
  cut_id INTEGER PRIMARY KEY,
  badge TEXT NOT NULL REFERENCES worker(badge),
  cut_on TEXT NOT NULL, -- cut date
  labour_min INTEGER NOT NULL, -- minutes worked
  redo_flg TEXT NOT NULL -- Y / N
)""",
    "CREATE TABLE blade_kind (kind_code TEXT PRIMARY KEY, kind_desc TEXT NOT NULL)",
    """CREATE TABLE blade (
  blade_code TEXT PRIMARY KEY,
  blade_desc TEXT NOT NULL,
  kind_code TEXT NOT NULL REFERENCES blade_kind(kind_code)
)""",
    """CREATE TABLE blade_fit (
  fit_id INTEGER PRIMARY KEY,
  blade_code TEXT NOT NULL REFERENCES blade(blade_code),
  fitted_on TEXT NOT NULL, -- date fitted
  qty_pcs INTEGER NOT NULL -- blades fitted
)""",
    """CREATE TABLE kiln_batch (
  batch_no TEXT PRIMARY KEY,
  loaded_on TEXT NOT NULL, -- date loaded into the kiln
  boards INTEGER NOT NULL -- boards loaded
)""",
    """CREATE TABLE board_check (
  check_id INTEGER PRIMARY KEY,
  badge TEXT NOT NULL REFERENCES worker(badge), -- who checked the boards
  checked_on TEXT NOT NULL -- check date
)""",
    "CREATE TABLE woodturner (turner_id INTEGER PRIMARY KEY, turner_name TEXT NOT NULL)",
)
ROWS = {
    "worker": [
        ("B1", "Ann Holt", "GRD", 1, "Y"),
        ("B2", "Bo Lind", "GRD", 2, "N"),
        ("B3", "Cy Marsh", "SAW", 1, "Y"),
        ("B4", "Di Noor", "SAW", 2, "Y"),
        ("B5", "Ed Park", "DRV", 2, "N"),
        ("B6", "Flo Quinn", "INS", 1, "Y"),
        ("B7", "Gus Reed", "INS", 2, "Y"),
    ],
    # October: Ann 4 + 4 + 4 = 12 h, Cy 6 + 3 = 9 h, Di 11 h in one cut; November: Cy 8 h
    "log_cut": [
        (1, "B1", "2026-10-02", 240, "N"),
        (2, "B1", "2026-10-09", 240, "Y"),
        (3, "B1", "2026-10-16", 240, "N"),
        (4, "B3", "2026-10-05", 360, "Y"),
        (5, "B3", "2026-10-12", 180, "N"),
        (6, "B4", "2026-10-20", 660, "Y"),
        (7, "B3", "2026-11-03", 480, "N"),
    ],
    "blade_kind": [("BND", "band saw"), ("CIR", "circular saw"), ("CHP", "chipper")],
    "blade": [
        ("BL-1", "Band blade 41 mm", "BND"),
        ("BL-2", "Circular blade 600 mm", "CIR"),
        ("BL-3", "Chipper knife", "CHP"),
        ("BL-4", "Band blade 54 mm", "BND"),
    ],
    # October: BL-1 3 + 4 = 7 in two fittings, BL-2 2 + 1 + 1 = 4 in three, BL-3 5 in one
    "blade_fit": [
        (1, "BL-1", "2026-10-01", 3),
        (2, "BL-1", "2026-10-15", 4),
        (3, "BL-2", "2026-10-03", 2),
        (4, "BL-2", "2026-10-10", 1),
        (5, "BL-2", "2026-10-24", 1),
        (6, "BL-3", "2026-10-28", 5),
        (7, "BL-2", "2026-11-02", 9),
    ],
    "kiln_batch": [
        ("K-1", "2026-10-03", 400),
        ("K-2", "2026-10-17", 380),
        ("K-3", "2026-10-30", 420),
        ("K-4", "2026-11-06", 410),
    ],
    # October: Gus three checks, Flo two; the grader Ann four, more than either
    "board_check": [
        (1, "B6", "2026-10-02"),
        (2, "B7", "2026-10-03"),
        (3, "B7", "2026-10-09"),
        (4, "B6", "2026-10-15"),
        (5, "B7", "2026-10-21"),
        (6, "B1", "2026-10-04"),
        (7, "B1", "2026-10-11"),
        (8, "B1", "2026-10-18"),
        (9, "B1", "2026-10-25"),
    ],
    "woodturner": [(1, "Fay Quist"), (2, "Gil Rowe")],
}


def test_the_staff_still_with_us_are_those_the_flag_keeps(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "List the graders still on the payroll.")
    assert {row[1] for row in rows} == {"Ann Holt"}


def test_the_staff_who_have_left_are_those_the_flag_lets_go(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many workers have left the company?") == [(2,)]
    rows = understood_rows(own_plant, "List the graders who have left.")
    assert [row[0] for row in rows] == ["B2"]


def test_hours_of_labour_bound_each_persons_total(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which workers booked over 10 hours of labour in October?")
    assert {row[0] for row in rows} == {"Ann Holt", "Di Noor"}


def test_a_bound_of_things_themselves_is_their_pieces(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which blades did we fit 5 or more of in October?")
    assert {row[0] for row in rows} == {"BL-1", "BL-3"}


def test_a_flag_of_a_short_suffix_is_a_flag(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many redo cuts were there in October?") == [(3,)]


def test_batches_counted_with_their_measure_word(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "10月一共有几批？") == [(3,)]


def test_two_words_the_schema_writes_as_one_name_its_table(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many wood turners are there?") == [(2,)]


def test_a_column_of_whole_numbers_groups_when_named(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "How many workers are there in each bay?")
    assert sorted(rows) == [(1, 3), (2, 4)]


def test_which_of_a_role_named_by_a_common_noun_is_a_person_of_that_role(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which inspector did the most board checks in October?")
    assert [row[0] for row in rows] == ["Gus Reed"]


def test_things_counted_by_a_code_of_the_table_of_their_kinds(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many blades have kind code BND?") == [(2,)]
