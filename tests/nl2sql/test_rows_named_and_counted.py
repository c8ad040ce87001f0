"""Rows asked for one by one, things picked out by how many rows they have, and the value most
rows share, on a schema of its own (a tool crib): "the weight and length of every gauge" and
"give the gauges …" list each gauge; "the names of the fitters that had more than two loans" is
each fitter's number of loans, bounded; "the most common reason for a loan" is the reason most
loans give; a region, a city (a town) and a country are three things, not one; what a thing
weighs is its weight, where it is kept its bin, and what someone booked the rows they logged."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood, understood_rows

SCHEMA = (
    """CREATE TABLE gauge (
  gauge_no INTEGER PRIMARY KEY,
  gauge_name TEXT NOT NULL,
  weight_g REAL NOT NULL,
  length_mm REAL NOT NULL,
  bin TEXT NOT NULL
)""",
    "CREATE TABLE fitter (fitter_id INTEGER PRIMARY KEY, fitter_name TEXT NOT NULL)",
    """CREATE TABLE loan (
  loan_id INTEGER PRIMARY KEY,
  fitter_id INTEGER NOT NULL REFERENCES fitter(fitter_id),
  gauge_no INTEGER NOT NULL REFERENCES gauge(gauge_no),
  reason TEXT NOT NULL -- 借用原因
)""",
    """CREATE TABLE maker (
  maker_id INTEGER PRIMARY KEY,
  maker_name TEXT NOT NULL,
  city TEXT NOT NULL,
  region TEXT NOT NULL,
  country TEXT NOT NULL
)""",
)
ROWS = {
    "gauge": [
        (1, "Bore gauge", 410.0, 150.0, "B-04"),
        (2, "Thread plug", 120.0, 60.0, "A-11"),
        (3, "Snap gauge", 230.0, 95.0, "B-02"),
    ],
    "fitter": [(1, "Ilse"), (2, "Marek"), (3, "Noor")],
    # Ilse 3 loans, Marek 1, Noor 2; calibration is the reason of three of the six
    "loan": [
        (1, 1, 1, "calibration"),
        (2, 1, 2, "first article"),
        (3, 1, 3, "calibration"),
        (4, 2, 1, "setup"),
        (5, 3, 2, "calibration"),
        (6, 3, 3, "setup"),
    ],
    "maker": [
        (1, "Feinmess", "Suhl", "Thuringia", "Germany"),
        (2, "Mitaka Gauge", "Osaka", "Kansai", "Japan"),
    ],
}


def test_the_values_of_every_row_are_listed_not_counted(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "What is the weight and length of every gauge?")
    assert answer.columns[-2:] == ["weight_g", "length_mm"]
    assert sorted(tuple(row[-2:]) for row in answer.rows) == [(120.0, 60.0), (230.0, 95.0), (410.0, 150.0)]


def test_one_value_of_each_row_is_listed_not_averaged(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "What is the weight of each gauge?")
    assert sorted(row[-1] for row in answer.rows) == [120.0, 230.0, 410.0]


def test_a_figure_of_all_rows_is_still_a_figure(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "What is the average weight of all gauges?") == [(253.33,)]


def test_the_names_of_things_with_more_than_a_number_of_rows(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Show the names of the fitters that had more than two loans.")
    assert [row[0] for row in rows] == ["Ilse"]
    rows = understood_rows(own_plant, "What are the names of fitters who have at least 2 loans?")
    assert [row[0] for row in rows] == ["Ilse", "Noor"]


def test_the_most_common_value_is_the_one_most_rows_have(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "What is the most common reason for a loan?") == [("calibration", 3)]
    assert understood_rows(own_plant, "最常见的借用原因是什么？") == [("calibration", 3)]


def test_a_region_a_city_and_a_country_are_told_apart(own_plant: NL2SQL) -> None:
    assert understood(own_plant, "What is the region of Feinmess?").rows[0][-1] == "Thuringia"
    assert understood(own_plant, "Which town is Mitaka Gauge in?").rows[0][-1] == "Osaka"
    assert understood(own_plant, "Which country is Feinmess in?").rows[0][-1] == "Germany"


def test_give_the_things_asks_for_them_not_a_total(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Give the gauges with a length above 90.")
    assert [row[0] for row in rows] == ["Bore gauge", "Snap gauge"]


def test_weighs_kept_in_and_booked_say_no_more_than_their_columns(own_plant: NL2SQL) -> None:
    assert understood(own_plant, "How much does the Bore gauge weigh?").rows[0][-1] == 410.0
    assert understood(own_plant, "Which bin is the Thread plug kept in?").rows[0][-1] == "A-11"
    assert understood_rows(own_plant, "How many loans did Noor book?") == [(2,)]
