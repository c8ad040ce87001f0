"""The one error root of the knowledge package.

Every failure the library reports is a `KnowledgeError` with a stable `code`, a
message for logs, and a `hint` a person can act on (in English; `hint_zh` in Chinese).
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """A knowledge-base failure with structured fields.

    >>> error = KnowledgeError("empty_query", "the query is empty", hint="Ask a question.")
    >>> error.code, str(error), error.hint
    ('empty_query', 'the query is empty', 'Ask a question.')
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        hint: str = "",
        hint_zh: str = "",
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.hint_zh = hint_zh or hint
        self.path = path

    def hint_in(self, language: str) -> str:
        """The hint in `language` ("zh" or anything else for English)."""
        return self.hint_zh if language == "zh" else self.hint
