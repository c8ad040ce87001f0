"""`gemba digest`, `gemba outbox list|retry` and `gemba followup jobs|run-once` on the sample plant."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from adapters.cli.main import app
from bot.outbox import Target, enqueue
from bot.store import service
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.models import AndonCall, Line, OutboxMessage
from bot.types import Reply


@pytest.fixture
def env(plant_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name, value in {
        "GEMBA_DATABASE_URL": plant_db,
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "GEMBA_DIGEST_CHANNELS": "",
        "GEMBA_ESCALATION_FILE": "",
    }.items():
        monkeypatch.setenv(name, value)
    return plant_db


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_digest_dry_run_writes_markdown_and_charts_and_sends_nothing(env: str, tmp_path: Path) -> None:
    out = tmp_path / "digest"
    output = _run("digest", "--week", "2026-W46", "--dry-run", "--no-tip", "--out", str(out))
    assert "*Andon calls:* 110 (+11, +11% vs last week)" in output and "(dry run: nothing sent)" in output
    document = (out / "digest-2026-W46-en.md").read_text(encoding="utf-8")
    assert document.startswith("# Weekly digest 2026-W46 (2026-11-09 – 2026-11-15) · all lines")
    for stem in ("downtime_pareto", "andon_by_line", "output_vs_plan"):
        png = (out / f"{stem}.png").read_bytes()
        assert struct.unpack(">II", png[16:24]) == (1200, 900)
        assert f"({stem}.png)" in document
    sessions = make_sessions(make_engine(env))
    with sessions() as session:
        assert (
            session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key.like("digest:%")))
            is None
        )


def test_digest_to_a_channel_queues_it_once_and_shows_it_on_the_console(env: str) -> None:
    output = _run("digest", "--week", "2026-W46", "--channel", "console:managers:zh:L3", "--no-tip")
    assert "Queued for: console:managers:zh:L3" in output
    assert "#managers ▸ *📊 周报 2026-W46" in output  # delivered to the console platform
    again = _run("digest", "--week", "2026-W46", "--channel", "console:managers:zh:L3", "--no-tip")
    assert "Queued for: no channel" in again


def test_digest_without_a_channel_or_dry_run_says_what_to_do(env: str) -> None:
    result = CliRunner().invoke(app, ["digest", "--week", "2026-W46"])
    assert result.exit_code == 2 and "GEMBA_DIGEST_CHANNELS" in result.output


def test_outbox_list_shows_dead_letters_and_retry_revives_them(env: str) -> None:
    sessions = make_sessions(make_engine(env))
    with transaction(sessions) as session:
        for key in ("k1", "k2"):
            enqueue(
                session,
                key=key,
                platform="slack",
                target=Target("", "C1"),
                kind="post",
                reply=Reply("hi"),
                now=datetime(2026, 11, 21),
            )
        session.flush()
        session.execute(update(OutboxMessage).values(status="dead", attempts=20, last_error="HTTPError: 503"))
    listing = _run("outbox", "list", "--status", "dead")
    assert "dead" in listing and "slack:C1" in listing and "HTTPError: 503" in listing
    ids = [line.split()[0] for line in listing.splitlines() if line.split() and line.split()[0].isdigit()]
    assert "1 dead letter(s) queued again." in _run("outbox", "retry", ids[0])
    assert "1 dead letter(s) queued again." in _run("outbox", "retry", "--all-dead")
    with sessions() as session:
        assert set(session.scalars(select(OutboxMessage.status))) == {"pending"}
    assert CliRunner().invoke(app, ["outbox", "retry"]).exit_code == 2


def test_followup_run_once_escalates_waiting_calls_once(env: str) -> None:
    sessions = make_sessions(make_engine(env))
    raised = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=20)  # the CLI runs on the real clock
    with transaction(sessions) as session:
        line = session.scalars(select(Line).where(Line.code == "L3")).one()
        call_id = service.raise_andon(
            session,
            line=line,
            station=None,
            category="material",
            reason="kanban empty",
            severity="normal",
            actor="ana",
            origin=service.Origin("console", "", "line-3"),
            language="en",
            now=raised,
        ).id
    output = _run("followup", "run-once", "--job", "escalations", "--force")
    assert "escalations (" in output and ": done escalated" in output
    assert (
        "⏫ Not acknowledged after 15 min: escalated to level 2 (supervisor)." in output
    )  # the console thread
    assert "Nothing due" in _run("followup", "run-once", "--job", "escalations", "--force")
    with sessions() as session:
        assert session.get(AndonCall, call_id).escalation_level == 2


def test_followup_jobs_lists_the_schedule_and_bad_settings_are_named(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEMBA_DIGEST_CHANNELS", "slack:C1:en")
    output = _run("followup", "jobs")
    assert [line.split()[0] for line in output.splitlines()] == [
        "escalations",
        "reminders",
        "improvement_reminders",
        "handovers",
        "digest",
    ]
    monkeypatch.setenv("GEMBA_DIGEST_SCHEDULE", "someday 25:00")
    result = CliRunner().invoke(app, ["followup", "jobs"])
    assert result.exit_code == 2 and "someday 25:00" in result.output
    monkeypatch.delenv("GEMBA_DIGEST_SCHEDULE")
    monkeypatch.setenv("GEMBA_HANDOVER_ESCALATION_CHANNEL", "C0SUPERVISORS")
    result = CliRunner().invoke(app, ["followup", "jobs"])
    assert result.exit_code == 2 and "'C0SUPERVISORS' must be platform:channel" in result.output
