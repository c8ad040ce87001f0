"""Meters kept in several units, and codes written with hyphens.

A comment's codes keep their hyphens ("EL-PRS = press hall"), so "the press hall" is the meter
`EL-PRS`, not a code `PRS` no row holds; a sum asked in a unit ("多少度电", "how many kWh") of a
table whose rows say their own unit takes only the rows kept in it, never kWh and m³ added up."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood

SCHEMA = (
    """CREATE TABLE daily_use (
  meter TEXT NOT NULL, -- EL-PRS = press hall, EL-MAIN = site incomer, GS-OVN = paint oven gas
  used_on TEXT NOT NULL, -- day of use
  amount REAL NOT NULL, -- consumption that day
  uom TEXT NOT NULL, -- kWh or m3
  PRIMARY KEY (meter, used_on)
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Friday 20 Nov: electricity 400 + 1000 kWh, gas 55 m3.
    "daily_use": [
        ("EL-PRS", "2026-11-20", 400.0, "kWh"),
        ("EL-MAIN", "2026-11-20", 1000.0, "kWh"),
        ("GS-OVN", "2026-11-20", 55.0, "m3"),
        ("EL-PRS", "2026-11-19", 380.0, "kWh"),
    ],
}


def test_a_hyphenated_code_is_the_meter_its_comment_names(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many kWh did the press hall use yesterday?")
    assert answer.rows == [[400.0]], answer.sql


@pytest.mark.parametrize("question", ["昨天一共用了多少度电？", "How many kWh did we use yesterday?"])
def test_an_amount_asked_in_a_unit_sums_the_rows_kept_in_it(own_plant: NL2SQL, question: str) -> None:
    answer = understood(own_plant, question)
    assert answer.rows == [[1400.0]], answer.sql  # not 1455: the oven's gas is in m3
