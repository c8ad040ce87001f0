"""`gemba` loads only what the chosen command runs: the import graph of real processes.

Each case runs `gemba` in a fresh Python process and lists the modules it imported. The
figures (whole-process times) are measured by `evals/start/bench.py`, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What `gemba --help` never needs: models, search indexes, tokenizers, migrations, SQL
# parsing, charts, chat platforms, web servers, settings.
HEAVY = (
    "torch",
    "sentence_transformers",
    "transformers",
    "faiss",
    "numpy",
    "rjieba",
    "alembic",
    "sqlglot",
    "sqlalchemy",
    "matplotlib",
    "slack_bolt",
    "slack_sdk",
    "dingtalk_stream",
    "starlette",
    "uvicorn",
    "httpx",
    "pydantic_settings",
    "rich",
    "pandas",
    "jinja2",
    "prometheus_client",
    "bot",
    "nl2sql",
    "knowledge",
)
# The playbooks' stack, which a data question never needs.
KNOWLEDGE_STACK = (
    "torch",
    "sentence_transformers",
    "faiss",
    "numpy",
    "knowledge.keywords",
    "knowledge.library",
    "knowledge.index",
    "knowledge.embed",
)
# What a data question never needs: libraries for other work, and every command's module
# but `ask`'s (the routines' commands and models, the digest, the scheduler, escalations).
NOT_FOR_A_DATA_QUESTION = (
    "alembic",
    "matplotlib",
    "pandas",
    "PIL",
    "jinja2",
    "starlette",
    "uvicorn",
    "httpx",
    "prometheus_client",
    "apscheduler",
    "slack_bolt",
    "dingtalk_stream",
    "rich",
    "bot.commands.andon",
    "bot.commands.problems",
    "bot.commands.status",
    "bot.commands.digest",
    "bot.commands.followup",
    "bot.handover",
    "bot.audits.commands",
    "bot.audits.models",
    "bot.tier.commands",
    "bot.tier.models",
    "bot.safety.commands",
    "bot.safety.models",
    "bot.improve.commands",
    "bot.improve.models",
    "bot.digest",
    "bot.escalation",
    "bot.scheduler",
    "bot.worker",
    "bot.access",
    "adapters.cli.background_wiring",
    "adapters.web",
    "adapters.slack",
    "adapters.dingtalk",
)
PROBE = """
import json, sys
sys.argv = ["gemba", *json.loads(sys.argv[1])]
from adapters.cli.main import main
try:
    main()
finally:
    sys.stdout.flush()
    modules = sorted(sys.modules)
    models = sys.modules.get("bot.store.models")
    configured = models is not None and models.OutboxMessage.__mapper__.configured
    print("\\nMODULES " + json.dumps({"modules": modules, "mappers_configured": configured}))
"""


class Probe(NamedTuple):
    """What a `gemba` process printed, the modules it had imported when it ended, and whether
    it had configured the store's ORM mappers (which its first ORM statement does)."""

    output: str
    modules: set[str]
    mappers_configured: bool


def probe(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Probe:
    """Run `gemba args…` in a fresh process (see `Probe`)."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GEMBA_")},
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output, _, found = done.stdout.rpartition("\nMODULES ")
    assert found, done.stderr
    state = json.loads(found)
    return Probe(output, set(state["modules"]), state["mappers_configured"])


def imported(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """What `gemba args…` printed, and the modules its process had imported when it ended."""
    output, modules, _ = probe(args, cwd, env)
    return output, modules


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Which of `names` (packages or modules) are among `modules`."""
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


@pytest.mark.parametrize("args", [["--help"], ["knowledge", "--help"], ["serve", "slack", "--help"]])
def test_help_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    output, modules = imported(args, tmp_path)
    assert "Usage: gemba" in output
    assert loaded(modules, HEAVY) == []


@pytest.mark.parametrize(
    ("question", "answer"),
    [("how many andon calls last week", "Andon calls"), ("上周有几次安灯呼叫", "安灯次数")],
)
def test_a_data_question_loads_only_what_answers_it(
    question: str, answer: str, plant_db: str, tmp_path: Path
) -> None:
    env = {"GEMBA_DATABASE_URL": plant_db, "GEMBA_TIMEZONE": "Asia/Shanghai"}
    output, modules, mappers_configured = probe(["ask", question], tmp_path, env)
    assert answer in output and "SELECT" in output
    assert loaded(modules, KNOWLEDGE_STACK) == []
    assert loaded(modules, NOT_FOR_A_DATA_QUESTION) == []
    # Every Chinese word is the lexicon's (几次 安灯 呼叫) or a lone character (有): nothing to segment.
    assert "rjieba" not in modules
    assert not mappers_configured, "a data question with nothing to send makes no ORM statement"
    assert "sqlglot" in modules, "the question was answered from the data"
    dialects = {m for m in modules if m.startswith("sqlglot.dialects.")} - {"sqlglot.dialects.dialect"}
    assert dialects == {"sqlglot.dialects.sqlite"}, "only the dialect of the database asked"


def test_a_command_loads_its_own_module_only(plant_db: str, tmp_path: Path) -> None:
    env = {"GEMBA_DATABASE_URL": plant_db, "GEMBA_TIMEZONE": "Asia/Shanghai"}
    output, modules, mappers_configured = probe(["ask", "handovers L1"], tmp_path, env)
    assert "Recent handovers · Line 1" in output
    assert mappers_configured, "reading the store's records is an ORM statement"
    assert "bot.handover.commands" in modules
    others = ("bot.tier.commands", "bot.audits.commands", "bot.safety.commands", "bot.improve.commands")
    assert loaded(modules, others) == []
    assert loaded(modules, KNOWLEDGE_STACK) == []


def test_a_playbook_question_loads_them(plant_db: str, tmp_path: Path) -> None:
    env = {"GEMBA_DATABASE_URL": plant_db, "GEMBA_EMBEDDER": "fake", "GEMBA_INDEX_DIR": str(tmp_path / "i")}
    output, modules = imported(["ask", "how do we run a 5 whys?"], tmp_path, env)
    assert "5 Whys" in output or "5 why" in output.lower()
    assert "knowledge.library" in modules and "faiss" in modules


def test_knowledge_index_up_to_date_loads_no_index(tmp_path: Path) -> None:
    env = {"GEMBA_EMBEDDER": "fake", "GEMBA_INDEX_DIR": str(tmp_path / "i")}
    first, modules = imported(["knowledge", "index"], tmp_path, env)
    assert "embedded" in first and "faiss" in modules
    again, modules = imported(["knowledge", "index"], tmp_path, env)
    assert "up to date" in again
    assert loaded(modules, KNOWLEDGE_STACK) == []


def test_a_routines_error_at_start_is_worded_though_its_commands_are_not_loaded(
    plant_db: str, tmp_path: Path
) -> None:
    checklists = tmp_path / "checklists"
    checklists.mkdir()
    (checklists / "office.yaml").write_text("items: [not, a, mapping\n", encoding="utf-8")
    env = {"GEMBA_DATABASE_URL": plant_db, "GEMBA_AUDIT_TEMPLATES_DIR": str(checklists)}
    done = subprocess.run(
        [sys.executable, "-c", "from adapters.cli.main import main; main()", "ask", "how many andon calls?"],
        cwd=tmp_path,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("GEMBA_")},
            "PYTHONPATH": str(ROOT),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "The audit checklist" in done.stderr and "office.yaml" in done.stderr
