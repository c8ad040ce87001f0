"""Keys a database does not declare are found when a column's name and values both say so: scrap
booked per run reaches the run's shift, and a mold that no run names is "never used". A column
whose name says nothing of the table it matches (an inspector's number) is not linked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from nl2sql import NL2SQL, Answer, Source, introspect
from tests.nl2sql.conftest import NOW, sqlite_database

SCHEMA = (
    """CREATE TABLE Mold (
  MoldNo TEXT PRIMARY KEY, -- mold number
  PartDesc TEXT NOT NULL
)""",
    """CREATE TABLE operator (op_id INTEGER PRIMARY KEY, op_name TEXT NOT NULL)""",
    """CREATE TABLE ProductionRun (
  RunID INTEGER PRIMARY KEY,
  mld_no TEXT NOT NULL, -- mold mounted
  shift TEXT NOT NULL, -- A / B / C
  op_id INTEGER, -- operator responsible
  StartTime TEXT NOT NULL
)""",
    """CREATE TABLE scrap_log (
  scrap_id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  Inspector INTEGER, -- who checked it
  qty INTEGER NOT NULL -- pieces scrapped
)""",
)
MOLDS = [("MD-1", "housing"), ("MD-2", "lid"), ("MD-3", "clip"), ("MD-9", "spare cap")]
OPERATORS = [(1, "Ana"), (2, "Ben"), (3, "Cai")]
RUNS = [
    (i, f"MD-{1 + i % 3}", "ABC"[i % 3], 1 + i % 3, f"2026-11-{1 + i:02d}T07:00:00") for i in range(1, 13)
]
SCRAP = [(i, 1 + i % 12, 1 + i % 3, i) for i in range(1, 25)]


@pytest.fixture(scope="module")
def molding(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("implied") / "molding.db",
        SCHEMA,
        {"Mold": MOLDS, "operator": OPERATORS, "ProductionRun": RUNS, "scrap_log": SCRAP},
    )
    yield engine
    engine.dispose()


def _answer(engine: Engine, question: str) -> Answer:
    nl2sql = NL2SQL([Source("molding", engine, introspect(engine))], charts=False)
    answer = nl2sql.answer(question, now=NOW, language="en")
    assert not answer.choices, answer.text
    return answer


def test_links_are_found_where_name_and_values_agree(molding: Engine) -> None:
    tables = introspect(molding).tables
    run, scrap = tables["ProductionRun"], tables["scrap_log"]
    assert run.column("mld_no").references == ("Mold", "MoldNo")
    assert scrap.column("run_id").references == ("ProductionRun", "RunID")
    assert scrap.column("run_id").implied
    assert scrap.column("Inspector").references is None  # its values are operators', its name is not


def test_scrap_reaches_the_shift_of_its_run(molding: Engine) -> None:
    shift_of = {run[0]: run[2] for run in RUNS}
    expected: dict[str, int] = {}
    for _id, run_id, _inspector, qty in SCRAP:
        expected[shift_of[run_id]] = expected.get(shift_of[run_id], 0) + qty
    answer = _answer(molding, "scrap pieces by shift")
    assert sorted(answer.rows) == sorted([shift, total] for shift, total in expected.items())


def test_a_mold_no_run_names_is_listed_with_its_description(molding: Engine) -> None:
    answer = _answer(molding, "Which molds have never been used in a production run?")
    assert answer.rows == [["MD-9", "spare cap"]]


def test_a_breakdown_by_a_coded_thing_shows_its_description(molding: Engine) -> None:
    mold_of = {run[0]: run[1] for run in RUNS}
    described = dict(MOLDS)
    totals: dict[str, int] = {}
    for _id, run_id, _inspector, qty in SCRAP:
        totals[mold_of[run_id]] = totals.get(mold_of[run_id], 0) + qty
    answer = _answer(molding, "scrap pieces by mold")
    assert sorted(answer.rows) == sorted([mold, described[mold], total] for mold, total in totals.items())


STOPS_SCHEMA = (
    "CREATE TABLE Machine (MachineTag TEXT PRIMARY KEY, kind TEXT NOT NULL)",
    "CREATE TABLE crew (badge_no TEXT PRIMARY KEY, full_name TEXT NOT NULL)",
    """CREATE TABLE stop_event (
  stop_id INTEGER PRIMARY KEY,
  machine_tag TEXT, -- the machine that stopped
  logged_by TEXT, -- crew.badge_no of the person who logged it
  minutes INTEGER NOT NULL
)""",
)
MACHINES = [("M-1", "press"), ("M-2", "lathe"), ("M-3", "mill"), ("M-4", "grinder")]
CREW = [("B1", "Asha"), ("B2", "Ravi"), ("B3", "Meera")]
STOPS = [(i, ["M-1", "M-2", "M-3"][i % 3], f"B{1 + i % 3}", 5 * i) for i in range(1, 10)]


@pytest.fixture(scope="module")
def stops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("implied") / "stops.db",
        STOPS_SCHEMA,
        {"Machine": MACHINES, "crew": CREW, "stop_event": STOPS},
    )
    yield engine
    engine.dispose()


def test_a_column_named_as_a_key_or_whose_comment_names_it_is_linked(stops: Engine) -> None:
    event = introspect(stops).tables["stop_event"]
    assert event.column("machine_tag").references == ("Machine", "MachineTag")  # the key's own name
    assert event.column("logged_by").references == ("crew", "badge_no")  # "crew.badge_no" in its comment
    name_of = dict(CREW)
    totals: dict[str, int] = {}
    for _id, _tag, who, minutes in STOPS:
        totals[name_of[who]] = totals.get(name_of[who], 0) + minutes
    answer = _answer(stops, "stop minutes by crew")
    assert sorted(row[-1] for row in answer.rows) == sorted(totals.values())
    assert {row[0] for row in answer.rows} == set(totals)


def test_a_machine_that_never_stopped_said_in_chinese(stops: Engine) -> None:
    nl2sql = NL2SQL([Source("stops", stops, introspect(stops))], charts=False)
    answer = nl2sql.answer("哪台设备一次停机都没有过？", now=NOW, language="zh")
    assert [row[0] for row in answer.rows] == ["M-4"]


def test_runs_in_the_plural_are_the_production_runs(molding: Engine) -> None:
    assert _answer(molding, "How many runs did mold MD-1 have?").rows == [
        [sum(1 for r in RUNS if r[1] == "MD-1")]
    ]
