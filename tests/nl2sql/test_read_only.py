"""Defence in depth: questions run on connections that cannot read what they must not.

SQLite sources are opened read-only with an authorizer; on PostgreSQL and MariaDB a role that
may only SELECT the allowed columns answers questions, and a forbidden read fails at the
database even with the checker bypassed. With a separate URL for questions, the store's own
credentials never run one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from adapters.cli.wiring import build_nl2sql, read_role_grants, store_queryable
from adapters.settings import Settings
from nl2sql import NL2SQL, AccessDenied, QueryFailed, execute, introspect
from tests.nl2sql.conftest import NOW
from tests.nl2sql.vault import SECRET, Vault, leaked

FORBIDDEN_READS = {
    "postgresql": [
        "SELECT bot_token FROM slack_bots",
        "SELECT max(channel) FROM andon_calls",
        "SELECT payload FROM outbox",
        "SELECT rolpassword FROM pg_authid",
        "SELECT passwd FROM pg_shadow",
        "SELECT * FROM pg_hba_file_rules",
        "WITH slack_bots AS (SELECT * FROM slack_bots) SELECT * FROM slack_bots",
    ],
    "mariadb": [
        "SELECT bot_token FROM slack_bots",
        "SELECT max(channel) FROM andon_calls",
        "SELECT payload FROM outbox",
        "SELECT authentication_string FROM mysql.user",
        "SELECT * FROM mysql.db",
        "WITH slack_bots AS (SELECT * FROM slack_bots) SELECT * FROM slack_bots",
    ],
}


def _settings(store: str, **values: str) -> Settings:
    return Settings(gemba_database_url=store, gemba_timezone="UTC", **values)  # type: ignore[arg-type]


def _build(settings: Settings, store: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> NL2SQL:
    monkeypatch.chdir(tmp_path)
    nl2sql = build_nl2sql(settings, store)
    assert nl2sql is not None
    nl2sql.charts = False
    return nl2sql


@pytest.fixture
def reader(any_server_vault: Vault) -> Iterator[str]:
    """A database user that may only SELECT the store's queryable columns; yields its URL."""
    vault = any_server_vault
    url = make_url(vault.url)
    name = f"gemba_reader_{uuid.uuid4().hex[:8]}"
    present = {t: c for t, c in store_queryable().items()}
    if vault.kind == "postgresql":
        create, grantee, drop = (
            f"CREATE ROLE {name} LOGIN PASSWORD 'pw'",
            name,
            [f"DROP OWNED BY {name}", f"DROP ROLE {name}"],
        )
    else:
        create, grantee, drop = (
            f"CREATE USER '{name}'@'%' IDENTIFIED BY 'pw'",
            f"'{name}'@'%'",
            [f"DROP USER '{name}'@'%'"],
        )
    grants = read_role_grants(url.get_backend_name(), grantee, present, database=str(url.database))
    with vault.engine.begin() as connection:
        for statement in [create, *grants]:
            connection.execute(text(statement))
    try:
        yield url.set(username=name, password="pw").render_as_string(hide_password=False)
    finally:
        with vault.engine.begin() as connection:
            for statement in drop:
                connection.execute(text(statement))


@pytest.fixture(params=["postgresql", "mariadb"])
def any_server_vault(request: pytest.FixtureRequest) -> Vault:
    return request.getfixturevalue("pg_vault" if request.param == "postgresql" else "maria_vault")


def test_questions_run_as_the_read_only_role_and_forbidden_reads_fail_at_the_database(
    any_server_vault: Vault, reader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = any_server_vault
    settings = _settings(vault.url, gemba_store_read_url=reader)
    nl2sql = _build(settings, vault.engine, tmp_path, monkeypatch)
    try:
        [source] = nl2sql.sources
        assert source.engine.url.username == make_url(reader).username != vault.engine.url.username
        answer = nl2sql.answer("how many andon calls last week?", now=NOW)
        assert answer.rows[0][0] > 0 and not leaked(answer.rows, answer.columns)
        by_line = nl2sql.answer("andon calls by line last week", now=NOW)  # a join on a foreign key
        assert len(by_line.rows) > 1 and "lines" in by_line.sql
        assert all(c.name != "channel" or c.hidden for c in source.catalog.tables["andon_calls"].columns)
        # The role's own view of the schema (what a plant database in GEMBA_DATA_URLS gets):
        # only what it may read.
        own = introspect(source.engine)
        andon = {c.name for c in own.tables["andon_calls"].visible}
        assert andon == set(store_queryable()["andon_calls"]) and "outbox" not in own.tables
        for sql in FORBIDDEN_READS[vault.kind]:  # the checker bypassed: straight to the database
            with pytest.raises(QueryFailed) as refused:
                execute(source.engine, sql)
            assert isinstance(refused.value, AccessDenied), (sql, refused.value.reason)
    finally:
        for source in nl2sql.sources:
            source.engine.dispose()


def test_with_data_urls_and_no_read_url_a_server_store_is_left_out(
    pg_vault: Vault, sqlite_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(pg_vault.url, gemba_data_urls=sqlite_vault.url)
    nl2sql = _build(settings, pg_vault.engine, tmp_path, monkeypatch)
    [source] = nl2sql.sources  # the plant data only, opened read-only
    assert source.engine.dialect.name == "sqlite" and source.engine.url.query["mode"] == "ro"


def test_a_sqlite_store_is_read_read_only_with_the_authorizer(
    sqlite_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nl2sql = _build(_settings(sqlite_vault.url), sqlite_vault.engine, tmp_path, monkeypatch)
    [source] = nl2sql.sources
    assert source.engine is not sqlite_vault.engine and source.engine.url.query["mode"] == "ro"
    assert set(source.catalog.tables) == set(store_queryable()) & set(source.catalog.tables)
    assert {"slack_bots", "outbox", "conversations", "job_runs"}.isdisjoint(source.catalog.tables)
    with pytest.raises(QueryFailed, match="readonly"):
        execute(source.engine, "DELETE FROM andon_calls")  # even without the checker or the authorizer
    with pytest.raises(AccessDenied):
        execute(source.engine, "SELECT bot_token FROM slack_bots", catalog=source.catalog)
    answer = nl2sql.answer("how many andon calls last week?", now=NOW)
    assert answer.rows[0][0] > 0


def test_the_store_allowlist_hides_new_columns_and_bookkeeping(
    sqlite_vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    semantic = tmp_path / "semantic.yaml"
    semantic.write_text("tables:\n  problems:\n    columns:\n      reporter: {hidden: true}\n")
    settings = _settings(sqlite_vault.url, gemba_semantic_file=str(semantic))
    nl2sql = _build(settings, sqlite_vault.engine, tmp_path, monkeypatch)
    catalog = nl2sql.sources[0].catalog
    andon = {c.name for c in catalog.tables["andon_calls"].visible}
    assert andon == set(store_queryable()["andon_calls"])
    assert {"channel", "platform", "workspace", "thread", "message_ref", "language"}.isdisjoint(andon)
    hidden = [c for t in catalog.tables.values() for c in t.columns if c.hidden]
    assert hidden and all(c.values is None for c in hidden)  # no stored values of hidden columns
    assert SECRET not in str(catalog.to_dict())


@pytest.mark.parametrize(
    ("dialect", "role"), [("postgresql", "gemba_reader"), ("mysql", "'gemba_reader'@'%'")]
)
def test_the_readme_grants_are_the_ones_gemba_builds(dialect: str, role: str) -> None:
    from adapters.cli.wiring import STORE_QUERYABLE

    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").split())
    grants = read_role_grants(dialect, role, STORE_QUERYABLE, database="gemba")
    assert [g for g in grants if f"{g};" not in readme] == []
