"""General SQL shapes on a schema of plain names: a count of the table named whole ("machines",
not "machine_events"), bounds on a listed or counted thing's own column ("presses with a
clamp force over 500", "older than 40"), a list that shows a text column beside a number,
"the one with the largest …", an aggregate per group ("the maximum … for each"), several
aggregates of one column asked at once, "how many different …", lists in the order asked, and
days kept as YYYYMMDD integers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from bot.store.db import make_engine
from nl2sql import NL2SQL, Answer, NL2SQLError, Source, introspect
from tests.nl2sql.conftest import NOW, UTC, sqlite_database

SCHEMA = (
    """CREATE TABLE machine (
  machine_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  age INTEGER NOT NULL,
  clamp_force INTEGER NOT NULL,
  price REAL NOT NULL
)""",
    """CREATE TABLE machine_event (
  event_id INTEGER PRIMARY KEY,
  machine_id INTEGER NOT NULL REFERENCES machine(machine_id),
  event_day INTEGER NOT NULL,
  minutes INTEGER NOT NULL
)""",
)
MACHINES = [
    (1, "Press A", "press", 12, 350, 90000.0),
    (2, "Press B", "press", 3, 800, 250000.0),
    (3, "Lathe C", "lathe", 25, 0, 40000.0),
    (4, "Press D", "press", 41, 500, 120000.0),
    (5, "Mill E", "mill", 7, 0, 75000.0),
]
#: Two events of each machine: more events than machines, so a count of the wrong table shows.
EVENTS = [(i, 1 + i % 5, 20261102 + (i % 3) * 7, 10 * i) for i in range(1, 11)]


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("shapes") / "plant.db",
        SCHEMA,
        {"machine": MACHINES, "machine_event": EVENTS},
    )
    yield engine
    engine.dispose()


def _answer(engine: Engine, question: str) -> Answer:
    nl2sql = NL2SQL([Source("plant", engine, introspect(engine))], charts=False)
    answer = nl2sql.answer(question, now=NOW, language="en" if question.isascii() else "zh")
    assert not answer.choices, answer.text
    return answer


def test_a_count_of_things_counts_the_table_named_whole(plant: Engine) -> None:
    assert _answer(plant, "How many machines do we have?").rows == [[len(MACHINES)]]


def test_a_bound_on_a_listed_things_own_column(plant: Engine) -> None:
    answer = _answer(plant, "List the machines with clamp force above 400")
    assert sorted(row[0] for row in answer.rows) == ["Press B", "Press D"]
    assert "clamp_force > 400" in answer.text  # the bound is said with its column


def test_a_comparison_said_by_an_adjective_bounds_its_quantity(plant: Engine) -> None:
    assert _answer(plant, "How many machines are older than 10?").rows == [[3]]
    cheaper = _answer(plant, "Which machines are cheaper than 80000?")
    assert sorted(row[0] for row in cheaper.rows) == ["Lathe C", "Mill E"]


def test_a_list_showing_a_text_column_beside_a_number_sums_nothing(plant: Engine) -> None:
    answer = _answer(plant, "Show the kind and age of all machines.")
    assert len(answer.rows) == len(MACHINES)
    assert "SUM(" not in answer.sql.upper()


def test_the_one_with_the_largest_is_one(plant: Engine) -> None:
    answer = _answer(plant, "What is the name of the machine with the largest clamp force?")
    assert [row[0] for row in answer.rows] == ["Press B"]
    oldest = _answer(plant, "What is the name of the oldest machine?")
    assert [row[0] for row in oldest.rows] == ["Press D"]


def test_the_maximum_for_each_group_is_each_groups_own(plant: Engine) -> None:
    answer = _answer(plant, "What is the maximum age for each kind of machine?")
    assert sorted(tuple(row[-2:]) for row in answer.rows) == [("lathe", 25), ("mill", 7), ("press", 41)]


def test_every_aggregate_asked_at_once_is_answered(plant: Engine) -> None:
    ages = [m[3] for m in MACHINES]
    answer = _answer(plant, "What is the average, minimum and maximum age of the machines?")
    assert answer.rows == [[round(sum(ages) / len(ages), 2), min(ages), max(ages)]]
    assert "average age · minimum age · maximum age" in answer.text.lower()
    per_kind = _answer(plant, "average and maximum age for each kind of machine")
    presses = [m[3] for m in MACHINES if m[2] == "press"]
    assert ["press", round(sum(presses) / len(presses), 2), max(presses)] in per_kind.rows


def test_two_figures_of_two_columns_are_never_half_answered(plant: Engine) -> None:
    nl2sql = NL2SQL([Source("plant", plant, introspect(plant))], charts=False)
    try:
        answer = nl2sql.answer("What is the average age and the number of machine events?", now=NOW)
    except NL2SQLError:
        return  # refused: fine
    assert answer.choices and not answer.rows  # asked back, nothing answered


def test_how_many_different_counts_values_not_rows(plant: Engine) -> None:
    kinds = len({m[2] for m in MACHINES})
    assert _answer(plant, "How many different kinds of machine are there?").rows == [[kinds]]
    assert _answer(plant, "机器有多少种不同的 kind？").rows == [[kinds]]


def test_which_n_things_most_is_the_top_n(plant: Engine) -> None:
    answer = _answer(plant, "Which 2 machines have the highest clamp force?")
    assert [row[0] for row in answer.rows] == ["Press B", "Press D"]


def test_money_in_cents_is_not_read_as_whole_units(plant: Engine) -> None:
    nl2sql = NL2SQL([Source("plant", plant, introspect(plant))], charts=False)
    try:
        answer = nl2sql.answer("Which machines cost less than 50000 cents?", now=NOW)
    except NL2SQLError:
        return
    assert answer.choices and not answer.rows


def test_a_list_in_the_order_asked(plant: Engine) -> None:
    by_age = sorted(MACHINES, key=lambda m: -m[3])
    answer = _answer(plant, "List the machines sorted by age in descending order")
    assert [row[0] for row in answer.rows] == [m[1] for m in by_age]
    assert "sorted by age, highest first" in answer.text
    cheap_first = _answer(plant, "What are the names of the machines in ascending order of price?")
    assert [row[0] for row in cheap_first.rows] == [m[1] for m in sorted(MACHINES, key=lambda m: m[5])]
    dear_first = _answer(plant, "按价格从高到低列出机器")
    assert [row[0] for row in dear_first.rows] == [m[1] for m in sorted(MACHINES, key=lambda m: -m[5])]
    assert "从高到低" in dear_first.text


def test_days_kept_as_integers_take_a_time_window(plant: Engine) -> None:
    # 2026-11-09 .. 15 is the week before NOW (Sat 21 Nov 2026)
    last_week = sum(1 for e in EVENTS if 20261109 <= e[2] < 20261116)
    assert _answer(plant, "How many machine events last week?").rows == [[last_week]]
    weekly = _answer(plant, "machine event minutes per week this month")
    assert sum(row[-1] for row in weekly.rows) == sum(e[3] for e in EVENTS)


def test_integer_days_on_every_database_kind(any_store_url: str) -> None:
    """`YYYYMMDD` days compared and grouped by week on SQLite, PostgreSQL and MariaDB alike."""
    engine = make_engine(any_store_url)
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE shift_log (log_id INTEGER PRIMARY KEY, log_day INTEGER, minutes INTEGER)")
        )
        connection.execute(
            text("INSERT INTO shift_log VALUES (:i, :day, :minutes)"),
            [{"i": e[0], "day": e[2], "minutes": e[3]} for e in EVENTS],
        )
    try:
        nl2sql = NL2SQL([Source("plant", engine, introspect(engine))], timezone=UTC, charts=False)
        last_week = nl2sql.answer("How many shift logs last week?", now=NOW)
        assert last_week.rows == [[sum(1 for e in EVENTS if 20261109 <= e[2] < 20261116)]]
        weekly = nl2sql.answer("shift log minutes per week this month", now=NOW)
        assert [str(row[0])[:10] for row in weekly.rows] == ["2026-11-02", "2026-11-09", "2026-11-16"]
        assert sum(row[-1] for row in weekly.rows) == sum(e[3] for e in EVENTS)
    finally:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE shift_log"))
        engine.dispose()
