"""`OpenAICompatibleLLM`: chat completions over an injected `httpx.Client`.

Works with any endpoint that speaks OpenAI's `/chat/completions` (OpenAI, Qwen and
DeepSeek APIs, Ollama, vLLM, llama.cpp's server). Retries 429 and 5xx answers with
backoff; every failure, HTTP or transport, becomes `nl2sql.LLMError`, so nothing
foreign escapes this seam.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from nl2sql import LLMError

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class OpenAICompatibleLLM:
    """The `nl2sql.LLM` protocol over an OpenAI-compatible HTTP API."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout_s: float = 20.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.sleep = sleep

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The model's reply to `messages`; raises `LLMError`."""
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "messages": messages, "temperature": 0}
        for attempt in range(self.retries + 1):
            try:
                response = self.client.post(self.url, json=body, headers=headers, timeout=self.timeout_s)
            except httpx.TimeoutException as error:
                if attempt < self.retries:
                    self.sleep(self.backoff_s * 2**attempt)
                    continue
                raise _error(f"timed out: {error}") from None
            except httpx.HTTPError as error:
                raise _error(f"transport error: {type(error).__name__}: {error}") from None
            if response.status_code in RETRY_STATUS and attempt < self.retries:
                self.sleep(_retry_after(response) or self.backoff_s * 2**attempt)
                continue
            if response.status_code >= 400:
                raise _error(f"HTTP {response.status_code}: {response.text[:200]}")
            return _content(response)
        raise _error("no answer after retries")  # pragma: no cover (the loop always returns or raises)


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(float(response.headers.get("retry-after", "")), 30.0)
    except ValueError:
        return 0.0


def _content(response: httpx.Response) -> str:
    try:
        data: Any = response.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise _error(f"unexpected answer: {response.text[:200]}") from None
    if not isinstance(content, str):
        raise _error("the answer has no text")
    return content


def _error(reason: str) -> LLMError:
    return LLMError(
        f"LLM: {reason}",
        hint_en="The language model is not available right now; try asking more simply.",
        hint_zh="语言模型暂时不可用，请换一种更简单的问法。",
    )
