"""What the core tells an observer as it works: events in, answers out, refusals.

The core stays library-neutral: it calls an `Observer` handed in through `Services` (a
no-op by default); the composition root wires one that feeds Prometheus counters. Gauges
read from the store (outbox depth, open calls) are not reported here: a collector reads
them at scrape time.
"""

from __future__ import annotations

from typing import Protocol

from bot.types import Reply

ANSWER_PATHS = ("rules", "llm", "playbook", "asked_back", "refused", "not_answered", "command", "error")
"""How a message was answered: by the rule parser's SQL, the LLM's SQL, a playbook, a
question back, a refusal of the SQL checker, no answer from the data, a command, an error."""


class Observer(Protocol):
    """Receives counts and timings from the core and the adapters; must never raise."""

    def event_received(self, platform: str, *, duplicate: bool) -> None:
        """An inbound event was offered to the inbox (`duplicate`: seen before, dropped)."""

    def event_acked(self, platform: str, seconds: float) -> None:
        """The platform got its acknowledgement `seconds` after the request came in."""

    def answered(self, path: str, seconds: float) -> None:
        """A message was answered by `path` (one of `ANSWER_PATHS`) in `seconds`."""

    def refused(self, reason: str) -> None:
        """The SQL checker refused a question's statement for `reason`."""


class NullObserver:
    """An observer that ignores everything (the default)."""

    def event_received(self, platform: str, *, duplicate: bool) -> None:
        """Ignored."""

    def event_acked(self, platform: str, seconds: float) -> None:
        """Ignored."""

    def answered(self, path: str, seconds: float) -> None:
        """Ignored."""

    def refused(self, reason: str) -> None:
        """Ignored."""


def answer_path(reply: Reply) -> str:
    """Which of `ANSWER_PATHS` produced `reply`, read from what the command put in its context.

    >>> answer_path(Reply("12 calls", context={"path": "rules", "sql": "SELECT 1"}))
    'rules'
    >>> answer_path(Reply("Which line?", context={"choices": ["L1", "L2"], "path": "rules"}))
    'asked_back'
    >>> answer_path(Reply("I won't run that query", context={"error": "x", "code": "rejected"}))
    'refused'
    >>> answer_path(Reply("Andon A12 raised"))
    'command'
    """
    context = reply.context
    if context.get("choices"):
        return "asked_back"
    if context.get("error"):
        return "refused" if context.get("code") == "rejected" else "not_answered"
    path = context.get("path")
    return path if path in ("rules", "llm", "playbook") else "command"
