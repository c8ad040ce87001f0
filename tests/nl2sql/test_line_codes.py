""" "Line 3" is the line whose code ends in 3 ("ASM3"), and only a value about lines: a part's
position "L3" on a board (a coil) is no line."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood

SCHEMA = (
    "CREATE TABLE line (line_cd TEXT PRIMARY KEY, line_nm TEXT NOT NULL)",
    """CREATE TABLE machine (
  tag TEXT PRIMARY KEY,
  kind TEXT NOT NULL, -- OVN = curing oven, PRT = printer
  line_cd TEXT NOT NULL REFERENCES line(line_cd),
  maker TEXT NOT NULL
)""",
    """CREATE TABLE flaw (
  flaw_id INTEGER PRIMARY KEY,
  tag TEXT NOT NULL REFERENCES machine(tag),
  part_pos TEXT NOT NULL, -- position of the part on the board (R1, C12, L3)
  found_at TEXT NOT NULL
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "line": [("ASM1", "Front end one"), ("ASM3", "Front end three")],
    "machine": [
        ("OVN-101", "OVN", "ASM1", "Heller"),
        ("OVN-301", "OVN", "ASM3", "Rehm"),
        ("PRT-301", "PRT", "ASM3", "DEK"),
    ],
    "flaw": [(1, "OVN-101", "L3", "2026-11-20 08:00:00"), (2, "OVN-101", "C12", "2026-11-20 09:00:00")],
}


@pytest.mark.parametrize("question", ["How many machines are on line 3?", "3号线有几台设备？"])
def test_line_three_is_the_line_coded_with_three(own_plant: NL2SQL, question: str) -> None:
    answer = understood(own_plant, question)
    assert answer.rows == [[2]], answer.sql  # OVN-301 and PRT-301 on ASM3


def test_a_reference_designator_is_no_line(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "How many flaws were found on line 3?")
    assert answer is None or answer.rows == [[0]], answer.sql  # none on ASM3; flaw 1 is at position L3
