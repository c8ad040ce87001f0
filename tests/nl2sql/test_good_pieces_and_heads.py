"""Good pieces, where they were booked, and the tables things are named by.

"good parts" and 合格品 are the sum of the column that counts the good pieces, even where only
a Chinese comment says so (合格品数); a scrap rate is scrap over good and scrap; "yesterday's
output" is that of the bookings made yesterday, not of the jobs planned for yesterday; 班组 is a
team, not a shift; "per customer" is the customer of a `client_mstr` table the rows reach, not
a column that mentions customers."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood_rows

SCHEMA = (
    """CREATE TABLE client_mstr (
  client_no TEXT PRIMARY KEY,
  client_name TEXT NOT NULL
)""",
    """CREATE TABLE sku_mstr (
  sku_no TEXT PRIMARY KEY,
  client_no TEXT NOT NULL REFERENCES client_mstr(client_no)
)""",
    """CREATE TABLE task_hdr ( -- 生产任务
  job_no TEXT PRIMARY KEY,
  sku_no TEXT NOT NULL REFERENCES sku_mstr(sku_no),
  client_ref TEXT, -- customer order reference
  planned_start TEXT NOT NULL, -- 计划开始时间
  done_ok INTEGER NOT NULL, -- 完工良品数(件)
  st INTEGER NOT NULL -- 状态: 1=生产中 2=完工
)""",
    """CREATE TABLE team ( -- 班组
  team_id INTEGER PRIMARY KEY,
  team_nm TEXT NOT NULL -- 班组名称
)""",
    """CREATE TABLE shift_def ( -- 班次
  shift_code TEXT PRIMARY KEY,
  shift_nm TEXT NOT NULL -- 班次名称
)""",
    """CREATE TABLE booking ( -- 产量记录
  bk_id INTEGER PRIMARY KEY,
  job_no TEXT NOT NULL REFERENCES task_hdr(job_no),
  team_id INTEGER NOT NULL REFERENCES team(team_id),
  shift_code TEXT NOT NULL REFERENCES shift_def(shift_code),
  booked_at TEXT NOT NULL, -- 记录时间
  pcs_a INTEGER NOT NULL, -- 合格品数(件)
  pcs_b INTEGER NOT NULL -- 报废品数(件)
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "client_mstr": [("C1", "Acme"), ("C2", "Borg")],
    "sku_mstr": [("I1", "C1"), ("I2", "C2")],
    "task_hdr": [  # J2 was planned for yesterday (Fri 20 Nov), J1 and J3 earlier
        ("J1", "I1", "PO-7", "2026-11-16 06:00:00", 500, 1),
        ("J2", "I1", "PO-8", "2026-11-20 06:00:00", 40, 1),
        ("J3", "I2", "PO-7", "2026-11-12 06:00:00", 300, 2),
    ],
    "team": [(1, "Team red"), (2, "Team blue")],
    "shift_def": [("E", "Early"), ("L", "Late")],
    "booking": [  # yesterday: 90 good, 10 scrap; last week (9–15 Nov): red 70, blue 30
        (1, "J1", 1, "E", "2026-11-20 08:00:00", 60, 6),
        (2, "J1", 2, "E", "2026-11-20 09:00:00", 30, 4),
        (3, "J3", 1, "L", "2026-11-12 20:00:00", 50, 0),
        (4, "J3", 2, "E", "2026-11-13 08:00:00", 30, 1),
        (5, "J3", 1, "E", "2026-11-14 08:00:00", 20, 2),
    ],
}


@pytest.fixture(scope="module")
def plant(own_plant: NL2SQL) -> NL2SQL:
    return own_plant


@pytest.mark.parametrize("question", ["How many good parts did we make yesterday?", "昨天合格品产量是多少？"])
def test_good_parts_are_the_good_pieces_booked_in_the_window(plant: NL2SQL, question: str) -> None:
    assert understood_rows(plant, question) == [(90,)]  # not J2's 40, the job planned for yesterday


def test_a_scrap_rate_is_scrap_over_good_and_scrap(plant: NL2SQL) -> None:
    assert understood_rows(plant, "昨天的报废率是多少？") == [(10.0,)]  # 10 / (90 + 10), in percent


def test_a_team_is_not_a_shift(plant: NL2SQL) -> None:
    rows = understood_rows(plant, "上周每个班组的合格品产量是多少？")
    assert [(row[0], row[-1]) for row in rows] == [("Team blue", 30), ("Team red", 70)], rows


def test_per_customer_is_the_customer_table_the_rows_reach(plant: NL2SQL) -> None:
    rows = understood_rows(plant, "How many tasks per customer?")
    assert [(row[0], row[-1]) for row in rows] == [("Acme", 2), ("Borg", 1)], rows
