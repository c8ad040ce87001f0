"""What a comment says of its codes, as people say it.

The codes a comment calls planned ("SET=tool setting (planned)") are the planned stops, and
all the others the unplanned ones, in English and in Chinese (非计划停机); a table named with a
leading `dt_` keeps downtime; a meaning with a one-word qualifier in brackets ("5=on hold (QC)")
is said with the qualifier inside it ("on QC hold"). A meaning that is also the table's noun
("3=alarm" of alarms) is a value when it is listed with another ("warning或alarm"), and "没人确认"
is a step nobody has taken."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood

SCHEMA = (
    """CREATE TABLE dt_log (
  log_id INTEGER PRIMARY KEY,
  machine TEXT NOT NULL,
  began_at TEXT NOT NULL, -- when the machine stopped
  lost_min INTEGER, -- minutes lost
  kind TEXT NOT NULL -- MECH=mechanical, ELEC=electrical, SET=tool setting (planned), CLN=clean (planned)
)""",
    """CREATE TABLE jobs (
  job_no TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  state INTEGER NOT NULL -- 1=open, 2=done, 5=on hold (QC)
)""",
    """CREATE TABLE alarms (
  alarm_id INTEGER PRIMARY KEY,
  raised_at TEXT NOT NULL,
  sev INTEGER NOT NULL, -- 1=info, 2=warning, 3=alarm, 4=critical
  acked_at TEXT -- when someone acknowledged it; NULL until then
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Last week is Mon 9 – Sun 15 Nov: three unplanned stops (1, 3, 5) and two planned ones (2, 4).
    "dt_log": [
        (1, "Lathe 1", "2026-11-10 08:00:00", 30, "MECH"),
        (2, "Lathe 1", "2026-11-10 12:00:00", 45, "SET"),
        (3, "Lathe 2", "2026-11-11 09:00:00", 20, "ELEC"),
        (4, "Lathe 2", "2026-11-12 06:00:00", 60, "CLN"),
        (5, "Lathe 1", "2026-11-12 14:00:00", 15, "MECH"),
        (6, "Lathe 1", "2026-11-03 10:00:00", 50, "MECH"),  # the week before
    ],
    "jobs": [
        ("J-1", "2026-11-02", 2),
        ("J-2", "2026-11-05", 5),
        ("J-3", "2026-11-09", 1),
        ("J-4", "2026-11-12", 5),
    ],
    # Not acknowledged: 2 (critical), 3 (alarm) and 5 (warning); 1 is a critical one acknowledged.
    "alarms": [
        (1, "2026-11-20 08:00:00", 4, "2026-11-20 08:05:00"),
        (2, "2026-11-20 09:00:00", 4, None),
        (3, "2026-11-20 10:00:00", 3, None),
        (4, "2026-11-20 11:00:00", 3, "2026-11-20 11:30:00"),
        (5, "2026-11-20 12:00:00", 2, None),
    ],
}

UNPLANNED = ("How many unplanned stops were there last week?", "上周非计划停机有几次？")


@pytest.mark.parametrize("question", UNPLANNED)
def test_unplanned_stops_are_the_kinds_not_called_planned(own_plant: NL2SQL, question: str) -> None:
    answer = understood(own_plant, question)
    assert answer.rows == [[3]], answer.sql  # not 5 stops, nor the 2 planned ones


def test_planned_stops_are_the_kinds_the_comment_calls_planned(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many minutes were lost to planned stops last week?")
    assert answer.rows == [[105]], answer.sql  # tool setting 45 and clean 60


def test_a_qualifier_in_brackets_is_said_inside_the_meaning(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which jobs are on QC hold?")
    assert sorted(row[0] for row in answer.rows) == ["J-2", "J-4"], answer.sql


def test_a_step_nobody_took(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "critical级别的报警里有几条没人确认？")
    assert answer.rows == [[1]], answer.sql


def test_a_meaning_listed_with_another_is_a_value(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "warning或alarm级别的报警有几条没人确认？")
    assert answer.rows == [[2]], answer.sql  # 3 and 5, not the critical one


def test_the_tables_noun_alone_is_no_value(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many critical alarms are there?")
    assert answer.rows == [[2]], answer.sql
