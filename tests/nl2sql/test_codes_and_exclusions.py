"""State codes said as words, rows left out, and levels said in English.

A state code with no label that shortens a word ('CNCL') is what "cancelled" and 取消 name;
"not counting cancelled ones" and 取消的不算 leave those rows out; "high priority" is the level
a comment names 高."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood_rows

SCHEMA = (
    """CREATE TABLE job_order ( -- production jobs
  job_no TEXT PRIMARY KEY,
  urgency INTEGER NOT NULL, -- 紧急程度: 1=高 2=中 3=低
  state TEXT NOT NULL, -- job status
  made_on TEXT NOT NULL, -- date made
  qty INTEGER NOT NULL -- pieces
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "job_order": [  # this month: J1, J2 (cancelled), J3, J4; J5 in October
        ("J1", 1, "OPEN", "2026-11-03", 10),
        ("J2", 1, "CNCL", "2026-11-04", 20),
        ("J3", 2, "DONE", "2026-11-02", 30),
        ("J4", 1, "DONE", "2026-11-05", 40),
        ("J5", 3, "OPEN", "2026-10-20", 50),
    ],
}


@pytest.mark.parametrize(
    "question",
    [
        "How many jobs were made this month, not counting cancelled ones?",
        "这个月一共有多少张工单？取消的不算",
    ],
)
def test_rows_left_out_are_those_of_the_state_a_code_shortens(own_plant: NL2SQL, question: str) -> None:
    assert understood_rows(own_plant, question) == [(3,)]  # J1, J3, J4


@pytest.mark.parametrize("question", ["How many jobs have been cancelled?", "有几张工单被取消了？"])
def test_a_code_that_shortens_a_word_is_named_by_it(own_plant: NL2SQL, question: str) -> None:
    assert understood_rows(own_plant, question) == [(1,)]


def test_a_level_named_in_one_chinese_character_is_said_in_english(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many high priority jobs are there?") == [(3,)]  # J1, J2, J4
