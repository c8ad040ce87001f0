"""OpenAICompatibleLLM over httpx.MockTransport: requests, retries, and every failure mapped."""

from __future__ import annotations

import json

import httpx
import pytest

from adapters.llm import OpenAICompatibleLLM
from nl2sql import LLMError, NL2SQLError

MESSAGES = [{"role": "user", "content": "how many lines?"}]


def _ok(content: str = "```sql\nSELECT 1\n```") -> httpx.Response:
    return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "content": content}}]})


def _llm(handler, **kwargs) -> tuple[OpenAICompatibleLLM, list[float]]:  # type: ignore[no-untyped-def]
    slept: list[float] = []
    client = httpx.Client(transport=httpx.MockTransport(handler))
    llm = OpenAICompatibleLLM(
        client, base_url="http://llm.test/v1/", model="qwen", api_key="k", sleep=slept.append, **kwargs
    )
    return llm, slept


def test_posts_chat_completions_and_returns_the_text() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok()

    llm, _ = _llm(handler)
    assert llm.complete(MESSAGES) == "```sql\nSELECT 1\n```"
    request = seen[0]
    assert request.url == "http://llm.test/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer k"
    body = json.loads(request.content)
    assert body["model"] == "qwen" and body["messages"] == MESSAGES and body["temperature"] == 0


@pytest.mark.parametrize("status", [429, 500, 503])
def test_retries_rate_limits_and_server_errors(status: int) -> None:
    answers = iter([httpx.Response(status, headers={"retry-after": "2"}), _ok("fine")])
    llm, slept = _llm(lambda request: next(answers))
    assert llm.complete(MESSAGES) == "fine" and slept == [2.0]


def test_gives_up_after_the_retries() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503, text="busy")

    llm, slept = _llm(handler, retries=2)
    with pytest.raises(LLMError, match="HTTP 503"):
        llm.complete(MESSAGES)
    assert len(calls) == 3 and slept == [0.5, 1.0]


@pytest.mark.parametrize(
    "handler",
    [
        lambda r: httpx.Response(401, text="bad key"),
        lambda r: httpx.Response(200, text="not json"),
        lambda r: httpx.Response(200, json={"choices": []}),
        lambda r: httpx.Response(200, json={"choices": [{"message": {"content": None}}]}),
    ],
)
def test_bad_answers_are_mapped(handler) -> None:  # type: ignore[no-untyped-def]
    llm, _ = _llm(handler)
    with pytest.raises(NL2SQLError) as caught:
        llm.complete(MESSAGES)
    assert caught.value.user_message("zh")


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_transport_errors_never_escape_unmapped(error: Exception) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    llm, _ = _llm(handler, retries=1)
    with pytest.raises(LLMError):
        llm.complete(MESSAGES)


# Through the composition root: the chat path over the sample plant, the LLM behind MockTransport.
HOSTILE = [
    "SELECT * FROM (WITH slack_bots AS (SELECT 1 AS a) SELECT a FROM slack_bots) t, slack_bots",
    "WITH pg_shadow AS (SELECT * FROM pg_shadow) SELECT * FROM pg_shadow",
    "SELECT max(channel) FROM andon_calls",
    "SELECT pg_sleep(30)",
    "DELETE FROM andon_calls",
]
QUESTION = "what does the flux capacitor read?"  # nothing the rules know: the LLM is asked


def _answerer(plant_db: str, tmp_path, monkeypatch, answers, **settings):  # type: ignore[no-untyped-def]
    from adapters.cli.wiring import build_nl2sql
    from adapters.settings import Settings
    from bot.store.db import make_engine

    monkeypatch.chdir(tmp_path)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok(answers[min(len(seen), len(answers)) - 1])

    config = Settings(
        gemba_database_url=plant_db,
        gemba_llm_base_url="http://llm.test/v1",
        gemba_llm_model="qwen",
        **settings,
    )
    client = httpx.Client(transport=httpx.MockTransport(handler))
    nl2sql = build_nl2sql(config, make_engine(plant_db), http=client)
    assert nl2sql is not None
    nl2sql.charts = False
    return nl2sql, seen


@pytest.mark.parametrize("sql", HOSTILE)
def test_a_refusal_of_policy_is_never_sent_back_to_the_llm(
    sql: str, plant_db: str, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import time
    from datetime import datetime

    from nl2sql import Rejected

    nl2sql, seen = _answerer(plant_db, tmp_path, monkeypatch, [f"```sql\n{sql}\n```"])
    started = time.monotonic()
    with pytest.raises(Rejected) as refused:
        nl2sql.answer(QUESTION, now=datetime(2026, 11, 21, 12, 0))
    assert time.monotonic() - started < 5.0
    assert refused.value.policy and len(seen) == 1  # one request: the refusal went nowhere


def test_a_plain_mistake_is_sent_back_once_then_it_stops(plant_db: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    nl2sql, seen = _answerer(plant_db, tmp_path, monkeypatch, ["```sql\nSELECT nosuch FROM lines\n```"])
    with pytest.raises(NL2SQLError, match="unknown column"):
        nl2sql.answer(QUESTION, now=datetime(2026, 11, 21, 12, 0))
    assert len(seen) == 2
    assert "unknown column" in json.loads(seen[1].content)["messages"][-1]["content"]


def test_a_mistake_corrected_on_the_second_try_is_answered(plant_db: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    answers = ["```sql\nSELECT nosuch FROM lines\n```", "```sql\nSELECT COUNT(*) AS n FROM lines\n```"]
    nl2sql, seen = _answerer(plant_db, tmp_path, monkeypatch, answers)
    answer = nl2sql.answer(QUESTION, now=datetime(2026, 11, 21, 12, 0))
    assert answer.path == "llm" and answer.rows == [[6]] and len(seen) == 2


def test_the_llm_time_limit_setting_reaches_every_request(plant_db: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    nl2sql, seen = _answerer(
        plant_db, tmp_path, monkeypatch, ["```sql\nSELECT COUNT(*) FROM lines\n```"], gemba_llm_timeout_s=3.5
    )
    nl2sql.answer(QUESTION, now=datetime(2026, 11, 21, 12, 0))
    assert seen and all(r.extensions["timeout"]["read"] == 3.5 for r in seen)


def test_the_model_is_told_how_times_and_codes_are_stored() -> None:
    from nl2sql.catalog import Catalog, Column, TableInfo
    from nl2sql.fallback import schema_slice

    stops = TableInfo(
        "stops",
        [
            Column("began", "datetime", storage="epoch_ms", utc=True),
            Column("kind", "code", labels={"1": "planned", "2": "breakdown"}),
        ],
    )
    text = schema_slice(Catalog("sqlite", {"stops": stops}), ["stops"])
    assert "began datetime, (UTC) (stored as integer milliseconds since 1970-01-01 UTC)" in text
    assert "values: 1=planned, 2=breakdown" in text
