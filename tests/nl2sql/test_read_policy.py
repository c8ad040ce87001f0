"""The read policy holds against a hostile LLM: no query reads a forbidden table or column.

Attacks come from a hand-written corpus (`fixtures/attacks__invalid.sql`) and from
hypothesis (`tests/nl2sql/attacks.py`). Each is refused by the checker in every dialect,
and, sent through the chat path as the LLM's answer on real SQLite, PostgreSQL and MariaDB
databases that hold a known secret in every forbidden place, never returns it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import text

from nl2sql import NL2SQL, AccessDenied, NL2SQLError, QueryFailed, Rejected, check, execute
from nl2sql.fallback import MAX_REPAIRS
from nl2sql.policy import is_system_name
from tests.nl2sql.attacks import SHADOW_NAMES, attacks, legitimate
from tests.nl2sql.conftest import NOW, FakeLLM
from tests.nl2sql.vault import SECRET, Vault, leaked

ATTACKS = [
    line
    for line in (Path(__file__).parent / "fixtures/attacks__invalid.sql")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("--")
]
DIALECTS = ("sqlite", "postgres", "mysql")
QUESTION = "what does the flux capacitor read?"  # nothing the rules know: the LLM answers
GENERATED = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def _passes(sql: str, vault: Vault, dialect: str) -> bool:
    try:
        check(sql, vault.catalog, dialect)
    except Rejected:
        return False
    return True


def _through_the_chat(sql: str, vault: Vault) -> tuple[list[str], int]:
    """What a user would see if the LLM answered `sql`: leaked cells, and how often it was asked."""
    llm = FakeLLM(f"```sql\n{sql}\n```")
    nl2sql = NL2SQL([vault.source], llm=llm, charts=False)
    try:
        answer = nl2sql.answer(QUESTION, now=NOW)
    except NL2SQLError:
        return [], len(llm.calls)
    return leaked(answer.rows, answer.columns) or ["(answered)"], len(llm.calls)


def test_the_corpus_has_at_least_300_attacks() -> None:
    assert len(ATTACKS) >= 300 and len(set(ATTACKS)) == len(ATTACKS)


def test_the_secrets_are_really_there(any_vault: Vault) -> None:
    """Without the policy these reads would succeed: the store's own connection sees the secret."""
    with any_vault.engine.connect() as connection:
        assert connection.execute(text("SELECT bot_token FROM slack_bots")).scalar_one() == SECRET
        assert connection.execute(text("SELECT max(channel) FROM andon_calls")).scalar_one() == SECRET
        assert connection.execute(text("SELECT max(reporter) FROM problems")).scalar_one() == SECRET
        if any_vault.kind == "postgresql":  # the store's superuser can read the password table
            assert connection.execute(text("SELECT count(*) FROM pg_authid")).scalar_one() > 0


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_corpus_attack_is_refused_by_the_checker(dialect: str, sqlite_vault: Vault) -> None:
    assert [a for a in ATTACKS if _passes(a, sqlite_vault, dialect)] == []


def test_no_corpus_attack_reads_a_secret_through_the_chat(any_vault: Vault) -> None:
    outcomes = {attack: _through_the_chat(attack, any_vault) for attack in ATTACKS}
    assert {a: leaks for a, (leaks, _) in outcomes.items() if leaks} == {}
    assert all(1 <= calls <= 1 + MAX_REPAIRS for _, calls in outcomes.values())  # the LLM wrote each


def test_without_the_checker_sqlite_itself_denies_every_corpus_read(sqlite_vault: Vault) -> None:
    """The authorizer, alone: each attack sent straight to the read-only SQLite connection."""
    source = sqlite_vault.source
    for attack in ATTACKS:
        try:
            result = execute(source.engine, attack, catalog=source.catalog)
        except QueryFailed:
            continue
        assert not leaked(result.rows, result.columns), attack


def test_the_authorizer_denies_rather_than_blanks(sqlite_vault: Vault) -> None:
    source = sqlite_vault.source
    with pytest.raises(AccessDenied):
        execute(source.engine, "SELECT max(channel) FROM andon_calls", catalog=source.catalog)
    with pytest.raises(AccessDenied):
        execute(source.engine, "SELECT count(*) FROM slack_bots", catalog=source.catalog)
    assert execute(
        source.engine, "SELECT count(*), max(reason) FROM andon_calls", catalog=source.catalog
    ).rows


@given(sql=attacks())
@settings(max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_attacks_are_refused_in_every_dialect(sql: str, sqlite_vault: Vault) -> None:
    for dialect in DIALECTS:
        assert not _passes(sql, sqlite_vault, dialect), (dialect, sql)


@given(sql=attacks())
@GENERATED
def test_generated_attacks_read_nothing_on_sqlite(sql: str, sqlite_vault: Vault) -> None:
    leaks, calls = _through_the_chat(sql, sqlite_vault)
    assert leaks == [] and calls >= 1


@given(sql=attacks())
@GENERATED
def test_generated_attacks_read_nothing_on_postgresql(sql: str, pg_vault: Vault) -> None:
    leaks, calls = _through_the_chat(sql, pg_vault)
    assert leaks == [] and calls >= 1


@given(sql=attacks())
@GENERATED
def test_generated_attacks_read_nothing_on_mariadb(sql: str, maria_vault: Vault) -> None:
    leaks, calls = _through_the_chat(sql, maria_vault)
    assert leaks == [] and calls >= 1


@given(sql=legitimate(lateral=False, shadows=["lines", "recent", "totals"]))
@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_same_shapes_over_allowed_columns_pass_and_run(sql: str, sqlite_vault: Vault) -> None:
    source = sqlite_vault.source
    checked = check(sql, source.catalog, source.dialect)
    result = execute(source.engine, checked, catalog=source.catalog)
    assert not leaked(result.rows, result.columns)


@given(sql=legitimate(lateral=True, shadows=[n for n in SHADOW_NAMES if not is_system_name(n)]))
@settings(max_examples=200, deadline=None, database=None)
def test_allowed_shapes_pass_the_checker_in_every_dialect(sql: str, sqlite_vault: Vault) -> None:
    for dialect in DIALECTS:
        check(sql, sqlite_vault.catalog, dialect)
