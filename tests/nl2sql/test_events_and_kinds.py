"""Events others point to, kinds to group by, and one event of many.

A table of failures is a table of events even where cost entries point to it; 停 says a stop;
"各停机原因" groups by the reason code a column keeps; "by failure code" groups, though the
stops are named "failures"; "the longest single stop" is one stop, never a machine's total
(not understood rather than a total); 扣住 is a state on hold; a listed event shows its key."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL, NL2SQLError
from tests.nl2sql.conftest import NOW, understood_rows

SCHEMA = (
    """CREATE TABLE jq ( -- 机器台账
  jq_no TEXT PRIMARY KEY, -- 机器编号
  jq_nm TEXT NOT NULL -- 机器名称
)""",
    """CREATE TABLE tj ( -- 机器停机记录
  tj_id INTEGER PRIMARY KEY,
  jq_no TEXT NOT NULL REFERENCES jq(jq_no), -- 机器编号
  t0 TEXT NOT NULL, -- 停机开始时间
  mins INTEGER, -- 停机时长(分钟)
  yy TEXT NOT NULL -- 原因代码: A1=缺料 B2=换型 C3=电气
)""",
    """CREATE TABLE fix_order ( -- 维修单
  fo_no TEXT PRIMARY KEY,
  tj_id INTEGER REFERENCES tj(tj_id), -- 停机记录
  zt TEXT NOT NULL -- 状态: O=处理中 H=暂扣 C=已关闭
)""",
    """CREATE TABLE failure_log ( -- failures
  f_id INTEGER PRIMARY KEY,
  jq_no TEXT NOT NULL REFERENCES jq(jq_no),
  began_at TEXT NOT NULL,
  down_min INTEGER NOT NULL, -- downtime minutes
  fault_cd TEXT NOT NULL -- EL = electrical, ME = mechanical
)""",
    """CREATE TABLE cost_entry (
  ce_no TEXT PRIMARY KEY,
  f_id INTEGER NOT NULL REFERENCES failure_log(f_id),
  eur REAL NOT NULL
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "jq": [("J1", "一号机"), ("J2", "二号机")],
    "tj": [  # last week (Mon 9 – Sun 15 Nov): three stops; J1 has the most minutes in all, J2 the longest one
        (1, "J1", "2026-11-10 08:00:00", 30, "A1"),
        (2, "J1", "2026-11-11 08:00:00", 40, "C3"),
        (3, "J2", "2026-11-12 08:00:00", 50, "A1"),
        (4, "J2", "2026-11-18 08:00:00", 5, "B2"),
    ],
    "fix_order": [("F1", 2, "H"), ("F2", 3, "C"), ("F3", 1, "H")],
    "failure_log": [
        (1, "J1", "2026-11-10 08:00:00", 20, "EL"),
        (2, "J2", "2026-11-11 08:00:00", 15, "EL"),
        (3, "J2", "2026-11-12 08:00:00", 60, "ME"),
    ],
    "cost_entry": [("E1", 1, 120.0), ("E2", 3, 80.0)],
}


@pytest.fixture(scope="module")
def plant(own_plant: NL2SQL) -> NL2SQL:
    return own_plant


def test_failures_others_point_to_are_events_to_rank_by_not_things_to_group_by(plant: NL2SQL) -> None:
    # cost entries point to failures, yet "by failures" ranks the machines by how many they had
    rows = understood_rows(plant, "top 2 machines by failures last week")
    assert rows == [("一号机", "J1", 1), ("二号机", "J2", 2)]


def test_ting_says_a_stop_and_each_reason_groups_by_the_reason_code(plant: NL2SQL) -> None:
    assert understood_rows(plant, "上周各停机原因分别停了多少分钟？") == [("A1", 80), ("C3", 40)]


def test_by_failure_code_groups_the_failures(plant: NL2SQL) -> None:
    rows = understood_rows(plant, "minutes lost last week, by failure code")
    assert rows == [("EL", 35), ("ME", 60)]


def test_the_longest_single_stop_is_never_a_total(plant: NL2SQL) -> None:
    try:  # J1 has the most minutes (70), J2 the longest single stop (50): a total names J1
        answer = plant.answer("上周停机时间最长的一次是哪台机器？", now=NOW, language="zh")
    except NL2SQLError:
        return
    assert answer.choices or [row[0] for row in answer.rows] == ["二号机"], answer.sql


def test_kouzhu_is_the_state_on_hold(plant: NL2SQL) -> None:
    assert understood_rows(plant, "有几张维修单被扣住了？") == [(2,)]


def test_lasted_says_how_long_not_the_last_one(plant: NL2SQL) -> None:
    answer = plant.answer("How many failures last week lasted more than 30 minutes?", now=NOW)
    assert not answer.choices and answer.rows == [[1]], answer.sql


def test_a_listed_event_is_named_by_its_key(plant: NL2SQL) -> None:
    # the failure code is shared by many failures; the key tells which failure each row is
    answer = plant.answer("List J2's failures with their downtime minutes.", now=NOW)
    assert "f_id" in answer.columns, answer.sql
    assert sorted((row[answer.columns.index("f_id")], row[-1]) for row in answer.rows) == [(2, 15), (3, 60)]
