"""A thing named by the words of its name without the sizes and codes it ends in: "the gear
cover" is 'Gear cover 40 mm'; "the hinge plate", which names two, is never one of them. "Who
makes the press brake" asks its maker, "what is it made of" its material, "how many spindles does
the laser cutter have" the number it keeps, not a count of rows."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood

SCHEMA = (
    """CREATE TABLE part_master (
  part_no TEXT PRIMARY KEY,
  descr TEXT NOT NULL, -- part description
  price_eur REAL NOT NULL, -- selling price, EUR
  material TEXT NOT NULL -- material grade
)""",
    """CREATE TABLE machine (
  machine_id TEXT PRIMARY KEY,
  machine_name TEXT NOT NULL,
  maker TEXT NOT NULL,
  spindles INTEGER NOT NULL
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "part_master": [
        ("P-1", "Gear cover 40 mm", 12.5, "AlSi9"),
        ("P-2", "Hinge plate 2.5 ZN", 3.2, "S235"),
        ("P-3", "Hinge plate 3.0 ZN", 3.9, "S355"),
        ("P-4", "Weld Cell 2", 99.0, "S235"),
    ],
    "machine": [("M-1", "Press brake", "Alder", 1), ("M-2", "Laser cutter", "Birch", 2)],
}


def test_a_name_is_said_without_its_size(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "What's the selling price of the gear cover?")
    assert 12.5 in answer.rows[0] and len(answer.rows) == 1, answer.sql


def test_words_that_name_two_things_name_neither(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "What's the selling price of the hinge plate?")
    assert answer is None or len(answer.rows) != 1, answer.sql


def test_who_makes_a_thing_is_its_maker(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Who makes the press brake?")
    assert [row[-1] for row in answer.rows] == ["Alder"], answer.sql


def test_what_a_thing_is_made_of_is_its_material(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "What is the gear cover made of?")
    assert [row[-1] for row in answer.rows] == ["AlSi9"], answer.sql


def test_how_many_of_a_number_a_row_keeps_is_that_number(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many spindles does the laser cutter have?")
    assert [row[-1] for row in answer.rows] == [2], answer.sql
