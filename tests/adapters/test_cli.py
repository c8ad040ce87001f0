"""The `gemba` command line, as a user runs it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from adapters.cli.common import collector_paused
from adapters.cli.main import app
from bot.sample_plant.generate import clear
from bot.sample_plant.schema import metadata as plant_metadata
from bot.store.db import make_engine
from bot.store.migrate import downgrade

runner = CliRunner()


def gemba(*args: str, env: dict[str, str]) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`.gemba/` (playbook index, catalog cache) is written here, not into the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    # The playbook links in andon replies are tested with the real models in tests/knowledge
    # and tests/bot; here the fake embedder spares each test indexing the bundled playbooks.
    return {
        "GEMBA_DATABASE_URL": f"sqlite:///{tmp_path / 'gemba.db'}",
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "GEMBA_EMBEDDER": "fake",
    }


def test_help_names_every_subcommand() -> None:
    code, output = gemba("--help", env={})
    assert code == 0
    for name in ("chat", "ask", "demo-data", "db", "config"):
        assert name in output
    code, output = gemba("db", "--help", env={})
    assert "upgrade" in output


def test_demo_data_then_chat_commands_through_ask(env: dict[str, str]) -> None:
    code, output = gemba("demo-data", "--end-date", "2026-11-21", env=env)
    assert code == 0, output
    assert "andon_calls" in output
    code, output = gemba("ask", "andon L3 WD-03 material shortage", "--user", "ana", env=env)
    assert code == 0
    assert "raised on Line 3 › WD-03 (material)" in output
    assert "#console ▸ 🔴 Andon" in output, "the card is delivered to the console channel"
    ref = output.split()[1]
    code, output = gemba("ask", f"确认 {ref}", "--user", "bob", env=env)
    assert f"安灯 {ref} 已由 bob" in output
    code, output = gemba("demo-data", env=env)
    assert code == 1 and "already has plant data" in output
    code, output = gemba("demo-data", "--if-missing", env=env)
    assert code == 0 and "nothing generated" in output


def test_ask_json_and_a_fixed_now(env: dict[str, str]) -> None:
    gemba("demo-data", "--end-date", "2026-11-21", env=env)
    code, output = gemba("ask", "--json", "--now", "2026-11-20T09:30:00", "andon L1 kanban empty", env=env)
    payload = json.loads(output)
    assert code == 0 and "raised on Line 1" in payload["answer"]
    code, output = gemba("ask", "--now", "tomorrow", "status", env=env)
    assert code == 2 and "not an ISO 8601 time" in output
    code, output = gemba("ask", "--json", "--now", "tomorrow", "status", env=env)
    assert code == 2 and json.loads(output) == {"error": "--now: not an ISO 8601 time: 'tomorrow'"}


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_and_then_as_it_was_with_what_was_made_frozen(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with collector_paused():
            assert not gc.isenabled()
            made = [object()]
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() > 0 and made
    finally:
        gc.unfreeze()
        gc.enable() if was else gc.disable()


def test_ask_about_another_database_needs_no_store_of_its_own(plant_db: str, tmp_path: Path) -> None:
    store = tmp_path / "never-created.db"
    env = {"GEMBA_DATABASE_URL": f"sqlite:///{store}", "GEMBA_TIMEZONE": "Asia/Shanghai"}
    question = "how many andon calls on line 3 last week?"
    code, output = gemba("ask", "--db", plant_db, "--now", "2026-11-21T12:00:00", "--json", question, env=env)
    assert code == 0, output
    payload = json.loads(output)
    assert payload["path"] == "rules" and payload["columns"] == ["count"]
    assert payload["sql"].startswith("SELECT") and payload["rows"][0][0] > 0
    assert not store.exists()


def test_commands_refuse_a_database_without_schema(env: dict[str, str]) -> None:
    code, output = gemba("ask", "status", env=env)
    assert code == 1 and "gemba db upgrade" in output
    code, output = gemba("db", "upgrade", env=env)
    assert code == 0 and "empty →" in output
    code, output = gemba("db", "current", env=env)
    assert output.strip().isdigit()


def test_config_check_redacts_secrets_and_says_what_is_missing(env: dict[str, str]) -> None:
    gemba("db", "upgrade", env=env)
    code, output = gemba("config", "check", env={**env, "SLACK_BOT_TOKEN": "xoxb-very-secret"})
    assert code == 0
    assert "xoxb-very-secret" not in output and "(set, hidden)" in output
    assert "SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)" in output
    assert "dingtalk   not configured (needs DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET)" in output
    assert "schema up to date" in output


@pytest.mark.parametrize(
    ("name", "value"), [("GEMBA_TIMEZONE", "Mars/Olympus"), ("GEMBA_LANGUAGE", "fr"), ("GEMBA_ROW_CAP", "-3")]
)
def test_config_check_fails_on_invalid_values(env: dict[str, str], name: str, value: str) -> None:
    code, output = gemba("config", "check", env={**env, name: value})
    assert code == 2 and f"Invalid setting {name}" in output


@pytest.mark.parametrize("server", ["postgres_url", "mariadb_url"])
def test_db_upgrade_and_demo_data_on_server_databases(server: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(server)
    env = {"GEMBA_DATABASE_URL": url, "GEMBA_EMBEDDER": "fake"}
    engine = make_engine(url)
    try:
        code, output = gemba("demo-data", "--end-date", "2026-11-21", env=env)
        assert code == 0, output
        code, output = gemba("ask", "andon L3 kanban empty", env=env)
        assert "raised on Line 3" in output, "ids continue after the generated ones"
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM downtime_events")).scalar() > 1000
    finally:
        clear(engine)
        plant_metadata.drop_all(engine)
        downgrade(engine, "base")
        engine.dispose()


def test_console_chat_session(env: dict[str, str], tmp_path: Path) -> None:
    gemba("demo-data", "--end-date", "2026-11-21", env=env)
    script = "andon L3 WD-03 kanban empty\nstatus L3\n帮助\nquit\n"
    result = subprocess.run(
        [sys.executable, "-c", "from adapters.cli.main import main; main()", "chat", "--user", "ana"],
        input=script,
        capture_output=True,
        text=True,
        env={**env, "HOME": str(tmp_path), "PATH": "/usr/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "raised on Line 3 › WD-03" in result.stdout
    assert "Status · Line 3" in result.stdout
    assert "Gemba 能做什么" in result.stdout


def test_lines_import_adds_and_updates_lines_and_stations(env: dict[str, str], tmp_path: Path) -> None:
    gemba("db", "upgrade", env=env)
    csv_file = tmp_path / "lines.csv"
    csv_file.write_text(
        "line,line_name,line_name_zh,area,station,station_name\n"
        "P1,Paint 1,涂装1线,Paint,SP-01,Spray booth 1\n"
        "P1,,,,SP-02,Spray booth 2\n"
        "K7,Kitting,,Logistics,,\n",
        encoding="utf-8",
    )
    code, output = gemba("lines", "import", str(csv_file), env=env)
    assert code == 0 and "2 lines and 2 stations added" in output
    code, output = gemba("lines", "list", env=env)
    assert "Paint 1" in output and "SP-01, SP-02" in output and "K7" in output
    code, output = gemba("ask", "andon P1 SP-02 paint runs", env=env)
    assert "raised on Paint 1 › SP-02" in output
    csv_file.write_text("line,station\n,SP-09\n", encoding="utf-8")
    code, output = gemba("lines", "import", str(csv_file), env=env)
    assert code == 2 and "line is required" in output
