"""The hostile corpus (evals/nl2sql/hostile.jsonl): none of it reaches a database unchecked.

Questions are refused before parsing; hostile LLM outputs are rejected by the checker in
every dialect and, through the LLM path, on real SQLite, PostgreSQL and MariaDB databases,
which are unchanged afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, table

from nl2sql import NL2SQL, NL2SQLError, Rejected, Source, check
from nl2sql.fallback import MAX_REPAIRS
from tests.nl2sql.conftest import NOW, FakeLLM, plant_catalog

CORPUS = [
    json.loads(line)
    for line in (Path(__file__).parents[2] / "evals/nl2sql/hostile.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]
QUESTIONS = [c for c in CORPUS if c["kind"] == "question"]
OUTPUTS = [c for c in CORPUS if c["kind"] == "llm_sql"]


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 60 and len(QUESTIONS) >= 30 and len(OUTPUTS) >= 30


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t: connection.execute(select(func.count()).select_from(table(t))).scalar_one()
            for t in ("lines", "andon_calls", "problems", "outbox")
        }


@pytest.mark.parametrize("case", QUESTIONS, ids=[c["id"] for c in QUESTIONS])
def test_hostile_questions_are_refused(case: dict[str, str], plant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NL2SQLError) as caught:
        plant.answer(case["text"], now=NOW)
    assert caught.value.user_message("en") and caught.value.user_message("zh")


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
@pytest.mark.parametrize("case", OUTPUTS, ids=[c["id"] for c in OUTPUTS])
def test_hostile_sql_is_rejected_by_the_checker(case: dict[str, str], dialect: str, plant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Rejected) as caught:
        check(case["text"], plant.sources[0].catalog, dialect)
    assert caught.value.user_message("en").startswith("I won't run that query")


# Hostile outputs that are plain mistakes (an unknown column, a SELECT that does not parse):
# the model is told once; every other refusal is one of policy and never goes back to it.
MISTAKES = {"hs-45", "hs-54"}


def test_hostile_llm_outputs_never_reach_the_database(any_plant: Engine) -> None:
    before = _counts(any_plant)
    catalog = plant_catalog(any_plant)
    for case in OUTPUTS:
        llm = FakeLLM(case["text"])
        nl2sql = NL2SQL([Source("plant", any_plant, catalog)], llm=llm, charts=False)
        with pytest.raises(NL2SQLError):
            nl2sql.answer("what is the flux capacitor reading?", now=NOW)
        if case["id"] in MISTAKES:
            assert len(llm.calls) == 1 + MAX_REPAIRS == 2, case["id"]
            assert "failed" in llm.calls[-1][-1]["content"]
        else:
            assert len(llm.calls) == 1, case["id"]  # a refusal of policy is never fed back
    assert _counts(any_plant) == before
