"""The knowledge commands, run through typer's CliRunner on a small folder with the fake embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli.main import app

runner = CliRunner()

DOC = (
    "# Red tag\n\n## Steps\n1. Agree what is needed.\n2. Tag every doubtful item.\n"
    "3. Hold items for 30 days.\n"
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "red-tag.en.md").write_text(DOC, encoding="utf-8")
    (docs / "whys.zh.md").write_text(
        "# 5 个为什么\n\n## 步骤\n1. 到现场。\n2. 追问为什么。\n3. 找到根本原因。\n", "utf-8"
    )
    monkeypatch.setenv("GEMBA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("GEMBA_EMBEDDER", "fake")
    monkeypatch.setenv("GEMBA_DOCS_DIR", "")
    monkeypatch.chdir(tmp_path)
    return docs


def test_search_json_on_a_folder(env: Path) -> None:
    result = runner.invoke(
        app, ["search", "--docs", str(env), "--json", "--k", "2", "how long do we hold tagged items?"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["document"] == "Red tag" and rows[0]["section"] == "Steps"
    assert "Hold items for 30 days." in rows[0]["text"] and isinstance(rows[0]["score"], float)


def test_search_text_and_errors(env: Path) -> None:
    result = runner.invoke(app, ["search", "--docs", str(env), "为什么 根本原因"])
    assert result.exit_code == 0 and "5 个为什么 › 步骤" in result.stdout
    empty = runner.invoke(app, ["search", "--docs", str(env), "  "])
    assert empty.exit_code == 2 and "empty" in empty.output
    missing = runner.invoke(app, ["search", "--docs", str(env / "nope"), "x y"])
    assert missing.exit_code == 2 and "GEMBA_DOCS_DIR" in missing.output


def test_index_and_status(env: Path) -> None:
    first = runner.invoke(app, ["knowledge", "index", str(env)])
    assert first.exit_code == 0 and "2 documents" in first.stdout and "2 embedded" in first.stdout
    index_dir = Path(first.stdout.rsplit("-> ", 1)[1].strip())
    version = index_dir / (index_dir / "CURRENT").read_text()
    written = version.stat().st_ino, (index_dir / "CURRENT").stat().st_mtime_ns
    again = runner.invoke(app, ["knowledge", "index", str(env)])
    assert again.exit_code == 0 and "up to date" in again.stdout and "embedded" not in again.stdout
    assert (version.stat().st_ino, (index_dir / "CURRENT").stat().st_mtime_ns) == written, "not rebuilt"
    (env / "red-tag.en.md").write_text(DOC + "4. Review the tags weekly.\n", encoding="utf-8")
    changed = runner.invoke(app, ["knowledge", "index", str(env)])
    assert "1 embedded, 1 unchanged" in changed.stdout
    rebuilt = runner.invoke(app, ["knowledge", "index", str(env), "--rebuild"])
    assert "2 embedded" in rebuilt.stdout
    status = runner.invoke(app, ["knowledge", "status", str(env), "--json"])
    data = json.loads(status.stdout)
    assert data["state"] == "ready" and data["chunks"] == 2 and data["embedder"] == "fake"


def test_default_index_covers_the_bundled_playbooks(env: Path) -> None:
    result = runner.invoke(app, ["knowledge", "status", "--json"])
    assert json.loads(result.stdout)["state"] == "missing_index"
    built = runner.invoke(app, ["knowledge", "index"])
    assert built.exit_code == 0 and "36 documents" in built.stdout


def test_eval_knowledge_writes_predictions_and_scores(env: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps(
            {
                "id": "a",
                "question": "how long are tagged items held",
                "language": "en",
                "gold_snippets": ["Hold items for 30 days"],
            }
        )
        + "\n"
        + json.dumps({"id": "b", "question": "追问为什么", "language": "zh", "gold_snippets": ["追问为什么"]})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(
        app, ["eval", "knowledge", "--docs", str(env), "--cases", str(cases), "--out", str(out), "--k", "3"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [p["id"] for p in lines] == ["a", "b"] and all(p["chunks"] for p in lines)
    assert "recall@1" in result.stdout and "mrr@10" in result.stdout and "language:zh" in result.stdout


def test_eval_rejects_a_bad_cases_file(env: Path, tmp_path: Path) -> None:
    cases = tmp_path / "bad.jsonl"
    cases.write_text("{not json\n")
    result = runner.invoke(
        app,
        ["eval", "knowledge", "--docs", str(env), "--cases", str(cases), "--out", str(tmp_path / "o.jsonl")],
    )
    assert result.exit_code == 2 and "bad.jsonl:1" in result.output
