"""A vault: the migrated store with one week of the sample plant, and a known secret in every
place a data question must never read (Slack tokens, the outbox, conversations, deliveries,
job runs, feedback, the chat bookkeeping columns of calls and problems, and a column the
semantic file hides). The catalog comes from the composition root, as in production.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from adapters.cli.wiring import load_catalog, reader_engine
from bot.sample_plant.generate import generate
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from nl2sql import Catalog, Source, enrich
from tests.conftest import PLANT_END

SECRET = "S3CRET-7e57"
# What a system catalog would show if it were read (none of it appears in a legitimate answer).
SYSTEM_MARKERS = ("CREATE TABLE", "max_connections", "information_schema", "SCRAM-SHA-256", "localhost")
SEMANTIC = {"tables": {"problems": {"columns": {"reporter": {"hidden": True}}}}}


class Vault:
    """One database with secrets in it, its question source and its catalog.

    `engine` is Gemba's store connection (a superuser on the servers: the worst case).
    """

    def __init__(self, kind: str, url: str, engine: Engine, source: Source) -> None:
        self.kind, self.url, self.engine, self.source = kind, url, engine, source

    def __repr__(self) -> str:  # short, for hypothesis' reports
        return f"Vault({self.kind})"

    @property
    def catalog(self) -> Catalog:
        return self.source.catalog


def fill(engine: Engine) -> None:
    """Migrate, generate a week of the plant, then plant `SECRET` in every forbidden place."""
    upgrade(engine)
    generate(engine, end=PLANT_END, seed=7, weeks=1)
    now = datetime(2026, 11, 20, 8, 0)
    payload = json.dumps({"text": SECRET})
    statements = [
        (
            "INSERT INTO slack_bots (client_id, app_id, team_id, bot_token, bot_refresh_token, "
            "is_enterprise_install, installed_at) VALUES ('c', 'a', 'T1', :s, :s, false, :now)"
        ),
        (
            "INSERT INTO slack_installations (client_id, app_id, team_id, bot_token, user_id, user_token, "
            "is_enterprise_install, installed_at) VALUES ('c', 'a', 'T1', :s, 'U1', :s, false, :now)"
        ),
        "INSERT INTO slack_oauth_states (state, expire_at) VALUES (:s, :now)",
        (
            "INSERT INTO outbox (idempotency_key, platform, workspace, channel, kind, payload, status, "
            "attempts, next_attempt_at, created_at) "
            "VALUES (:s, 'slack', :s, :s, 'post', :payload, 'pending', 0, :now, :now)"
        ),
        (
            "INSERT INTO conversations (platform, workspace, channel, thread, data, updated_at) "
            "VALUES ('slack', :s, :s, :s, :payload, :now)"
        ),
        "INSERT INTO processed_deliveries (platform, delivery_id, received_at) VALUES ('slack', :s, :now)",
        (
            "INSERT INTO job_runs (job, scheduled_for, status, owner, started_at, result) "
            "VALUES ('digest', :now, 'done', :s, :now, :s)"
        ),
        (
            "INSERT INTO feedback (at, " + '"user"' + ", question, " + '"sql"' + ", verdict, verified) "
            "VALUES (:now, :s, :s, :s, 'up', false)"
        ),
        "UPDATE andon_calls SET channel = :s, workspace = :s, thread = :s, message_ref = :s",
        "UPDATE problems SET channel = :s, workspace = :s, thread = :s, message_ref = :s, reporter = :s",
    ]
    quote = "`" if engine.dialect.name == "mysql" else '"'
    with engine.begin() as connection:
        for statement in statements:
            # One parameter per place: PostgreSQL wants one type per parameter.
            parts = statement.replace('"', quote).split(":s")
            numbered = parts[0] + "".join(f":s{i}{part}" for i, part in enumerate(parts[1:]))
            values = {f"s{i}": SECRET for i in range(len(parts))}
            connection.execute(text(numbered), {**values, "now": now, "payload": payload})


@contextmanager
def vault(kind: str, url: str, tmp: Path) -> Iterator[Vault]:
    """A filled vault at `url`, with the catalog the composition root builds (cached under `tmp`)."""
    engine = make_engine(url)
    fill(engine)
    reader = reader_engine(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp)
        catalog = enrich(load_catalog(reader, url, refresh=True), SEMANTIC)
    try:
        yield Vault(kind, url, engine, Source(kind, reader, catalog))
    finally:
        reader.dispose()
        engine.dispose()


def leaked(rows: list[list[object]], columns: list[str]) -> list[str]:
    """The cells and column names of a result that show a secret or a system catalog."""
    cells = [str(v) for row in rows for v in row] + list(columns)
    return [c for c in cells if SECRET in c or any(m in c for m in SYSTEM_MARKERS)]
