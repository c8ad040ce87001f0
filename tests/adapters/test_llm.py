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
