"""A column whose comment holds the question's word as said beats one that only shares its
meaning, and a state word that another table counts in pieces is not taken for that state.

"昨天报废了几件" sums the pieces the reports scrapped (报废数量), not the pieces inspections
rejected (不良件数), nor counts the machines whose state is 报废, which "报废的设备有几台"
still counts."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood

SCHEMA = (
    """CREATE TABLE shebei ( -- 设备
  sbh TEXT PRIMARY KEY, -- 设备编号
  zt INTEGER NOT NULL -- 设备状况: 3=报废, 1=运行中, 2=闲置
)""",
    """CREATE TABLE baogong ( -- 报工记录
  jl_no INTEGER PRIMARY KEY,
  sbh TEXT NOT NULL REFERENCES shebei(sbh),
  bgrq TEXT NOT NULL, -- 报工日期
  hgs INTEGER NOT NULL, -- 合格数量(件)
  bfs INTEGER NOT NULL -- 报废数量(件)
)""",
    """CREATE TABLE jianyan ( -- 检验记录
  cj_no INTEGER PRIMARY KEY,
  cjrq TEXT NOT NULL, -- 抽检日期
  cjjs INTEGER NOT NULL, -- 抽检件数
  blj INTEGER NOT NULL -- 不良件数
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Two machines are scrapped; yesterday (20 Nov) the reports scrapped 7 + 5 pieces and the
    # inspections rejected 3.
    "shebei": [("M1", 1), ("M2", 3), ("M3", 3), ("M4", 1)],
    "baogong": [
        (1, "M1", "2026-11-20", 400, 7),
        (2, "M4", "2026-11-20", 380, 5),
        (3, "M1", "2026-11-19", 410, 9),
    ],
    "jianyan": [(1, "2026-11-20", 50, 3), (2, "2026-11-19", 50, 1)],
}


def test_pieces_scrapped_are_what_the_reports_say_they_scrapped(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "昨天报废了几件？")
    assert answer.rows == [[12]], answer.sql


def test_the_machines_in_that_state_are_still_counted(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "报废的设备有几台？")
    assert answer.rows == [[2]], answer.sql
