"""States said in shop-floor Chinese: 备用 is standby, 等备件 waiting for parts, 没到货 a receipt
not yet made, each with 现在 ("now") accounted for by the state; "not completed" leaves out the
cancelled, though the status column is not declared NOT NULL."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood_rows

SCHEMA = (
    """CREATE TABLE equipment (
  equip_id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  state TEXT NOT NULL -- U = in use, S = standby, R = retired
)""",
    """CREATE TABLE repair_req ( -- 维修单
  req_no TEXT PRIMARY KEY,
  equip_id TEXT NOT NULL REFERENCES equipment(equip_id),
  req_sts TEXT, -- O = open, WP = waiting for parts, D = done, V = void
  raised_at TEXT NOT NULL,
  closed_at TEXT, -- when completed
  cost REAL
)""",
    """CREATE TABLE po ( -- 采购单
  po_ref TEXT PRIMARY KEY,
  placed_on TEXT NOT NULL,
  received_on TEXT, -- date received
  amount REAL NOT NULL
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "equipment": [
        ("A1", "Press", "U"),
        ("A2", "Spare press", "S"),
        ("A3", "Old lathe", "S"),
        ("A4", "Saw", "R"),
    ],
    "repair_req": [  # two waiting for parts; three not completed, besides the one cancelled
        ("R1", "A1", "WP", "2026-11-02 08:00:00", None, 100.0),
        ("R2", "A1", "WP", "2026-11-09 08:00:00", None, 50.0),
        ("R3", "A4", "D", "2026-11-10 08:00:00", "2026-11-12 10:00:00", 80.0),
        ("R4", "A1", "O", "2026-11-20 08:00:00", None, None),
        ("R5", "A4", "V", "2026-11-11 08:00:00", None, None),
    ],
    "po": [  # one received, two not yet
        ("P1", "2026-11-02", "2026-11-09", 500.0),
        ("P2", "2026-11-12", None, 300.0),
        ("P3", "2026-11-18", None, 200.0),
    ],
}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("备用状态的设备目前有几台？", [(2,)]),
        ("等备件的维修单目前有几张？", [(2,)]),
        ("目前还没到货的采购单有几张？", [(2,)]),
        ("目前没有完成的维修单还有几张？", [(3,)]),  # a status column that may be empty still ends some
    ],
)
def test_states_said_in_shop_floor_chinese(
    own_plant: NL2SQL, question: str, expected: list[tuple[object]]
) -> None:
    assert understood_rows(own_plant, question) == expected
