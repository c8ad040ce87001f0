"""Scoring data-question cases: results compared with the gold, outcomes counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from typer.testing import CliRunner

from adapters.cli.main import app
from adapters.cli.nl2sql_score import Tally, same_result
from evals.nl2sql.maintenance import generate


@pytest.fixture
def engine() -> Engine:
    engine = create_engine("sqlite://")
    with engine.begin() as db:
        db.execute(text("CREATE TABLE singer (name TEXT, age INTEGER)"))
        db.execute(text("INSERT INTO singer VALUES ('Ann', 31), ('Bo', 25), ('Cy', 40)"))
    return engine


@pytest.mark.parametrize(
    ("gold", "rows", "same"),
    [
        ("SELECT COUNT(*) FROM singer", [[3]], True),
        ("SELECT COUNT(*) FROM singer", [[2]], False),
        ("SELECT name FROM singer", [["Cy"], ["Ann"], ["Bo"]], True),  # any order without ORDER BY … LIMIT
        ("SELECT name FROM singer", [["Ann", 31], ["Bo", 25], ["Cy", 40]], True),  # gold columns among ours
        ("SELECT name FROM singer", [["Ann"], ["Bo"]], False),
        ("SELECT name FROM singer ORDER BY age LIMIT 2", [["Bo"], ["Ann"]], True),
        ("SELECT name FROM singer ORDER BY age LIMIT 2", [["Ann"], ["Bo"]], False),
        ("SELECT name, age FROM singer", [[31, "Ann"], [25, "Bo"], [40, "Cy"]], True),
        ("SELECT AVG(age) FROM singer", [[32.0000001]], True),
    ],
)
def test_same_result(engine: Engine, gold: str, rows: list[list[object]], same: bool) -> None:
    assert same_result(gold, rows, engine) is same


@pytest.mark.parametrize(
    ("columns", "same"),
    [(["share_pct"], True), (["share"], False)],  # 33.33% is the gold's 0.3333 only as a percentage
)
def test_a_rate_in_percent_is_the_golds_fraction(engine: Engine, columns: list[str], same: bool) -> None:
    gold = "SELECT SUM(age > 35) * 1.0 / COUNT(*) FROM singer"
    assert same_result(gold, [[33.33]], engine, columns) is same


def test_a_rate_in_percent_beside_another_column_is_a_gold_kept_in_percent_too(engine: Engine) -> None:
    gold = "SELECT name, 100.0 * age / 100 FROM singer"  # "what percentage …", per singer
    shown = [["Ann", "A", 31.0], ["Bo", "B", 25.0], ["Cy", "C", 40.0]]  # each name with a code beside it
    assert same_result(gold, shown, engine, ["name", "code", "share_pct"])
    assert not same_result(gold, [[n, c, v + 1] for n, c, v in shown], engine, ["name", "code", "share_pct"])


def test_tally_reports_the_share_confidently_wrong() -> None:
    tally = Tally()
    for outcome in ["correct", "correct", "wrong", "asked back", "refused", "no gold"]:
        tally.add(outcome, "language en")
    overall = tally.lines()[0]
    assert "overall: 2/5 = 40.0% correct" in overall
    assert "answered 60.0%" in overall and "asked back 20.0%" in overall
    assert "refused 20.0%" in overall and "confidently wrong 20.0%" in overall


def test_eval_counts_a_wrong_answer_as_confidently_wrong(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    generate(str(tmp_path / "m.db"))
    question = "how many maintenance orders last week?"
    cases = [
        {"id": "wrong-gold", "now": "2026-11-21T12:00:00", "question": question, "gold_sql": "SELECT -1"},
        {"id": "refuse", "question": "DROP TABLE assets", "gold_sql": None, "expect": "refuse"},
    ]
    (tmp_path / "cases.jsonl").write_text("\n".join(json.dumps(c) for c in cases), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    db = f"sqlite:///{tmp_path / 'm.db'}"
    result = CliRunner().invoke(
        app, ["eval", "nl2sql", "--db", db, "--cases", str(tmp_path / "cases.jsonl"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "overall: 1/2 = 50.0% correct" in result.output
    assert "confidently wrong 50.0%" in result.output
    outcomes = {p["id"]: p["outcome"] for p in map(json.loads, out.read_text().splitlines())}
    assert outcomes == {"wrong-gold": "wrong", "refuse": "correct"}
