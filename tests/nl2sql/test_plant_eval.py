"""The sample plant's own eval stays answered as it was, whatever the store gains.

Every table a routine adds to the store is seen by data questions; a table that steals the
words of the plant's questions (a handover's copy of the shift's output, say) shows here.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from adapters.cli.nl2sql_score import Tally, score_file
from nl2sql import NL2SQL
from tests.nl2sql.conftest import NOW

CASES = Path(__file__).parents[2] / "evals" / "nl2sql" / "plant.jsonl"


def test_the_plant_eval_stays_at_least_95_percent_right_and_almost_never_wrong(
    plant: NL2SQL, plant_engine: Engine, tmp_path: Path
) -> None:
    tally = score_file(plant, plant_engine, CASES, tmp_path / "predictions.jsonl", NOW, Tally())
    outcomes = tally.counts["overall"]
    total = sum(outcomes.values())
    assert total == 211
    assert outcomes["correct"] >= 0.95 * total, tally.lines()[0]
    assert outcomes["wrong"] <= 2, tally.lines()[0]
