"""`gemba eval nl2sql` and `gemba catalog show` on the maintenance schema (zero configuration)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from adapters.cli.main import app
from evals.nl2sql.maintenance import generate


def test_eval_writes_predictions_and_prints_accuracy(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    generate(str(tmp_path / "m.db"))
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(
            json.dumps(c)
            for c in [
                {
                    "id": "a",
                    "now": "2026-11-21T12:00:00",
                    "question": "how many maintenance orders last week?",
                    "gold_sql": "SELECT COUNT(*) FROM maintenance_orders WHERE reported_at >= '2026-11-09' "
                    "AND reported_at < '2026-11-16'",
                    "tier": "easy",
                },
                {
                    "id": "b",
                    "now": "2026-11-21T12:00:00",
                    "question": "DROP TABLE assets",
                    "gold_sql": "SELECT 1",
                },
                {"id": "c", "question": "total maintenance cost"},
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "nl2sql",
            "--db",
            f"sqlite:///{tmp_path / 'm.db'}",
            "--cases",
            str(cases),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "overall: 1/2 = 50.0%" in result.output and "tier easy: 1/1" in result.output
    predictions = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["id"] for p in predictions] == ["a", "b", "c"]
    assert predictions[0]["sql"].startswith("SELECT") and "error" not in predictions[0]
    assert predictions[1]["error"].startswith("rejected")
    shown = CliRunner().invoke(app, ["catalog", "show", "--db", f"sqlite:///{tmp_path / 'm.db'}"])
    assert "maintenance_orders — Maintenance work orders (jobs) on assets" in shown.output


def test_the_same_sum_added_in_another_order_is_the_same_result() -> None:
    from adapters.cli.nl2sql_score import same_result
    from bot.store.db import make_engine

    engine = make_engine("sqlite://")
    assert same_result("SELECT 26298.855000000007", [[26298.855]], engine)
    assert not same_result("SELECT 26298.87", [[26298.855]], engine)
