"""nl2sql's one error root, with what the user should read in both languages.

Every failure of the pipeline is an `NL2SQLError`: `reason` is for logs and developers,
`sql` is the statement that was rejected or failed (if any), and `user_message(language)`
is what the chat user reads (the `UserFacingError` protocol of `bot.error_reply`).
"""

from __future__ import annotations

from collections.abc import Sequence


class NL2SQLError(Exception):
    """Base of every nl2sql error.

    >>> e = NL2SQLError("bad", hint_en="Try again.", hint_zh="请重试。")
    >>> e.user_message("zh"), e.user_message("en")
    ('请重试。', 'Try again.')
    """

    code = "error"

    def __init__(
        self,
        reason: str,
        *,
        sql: str | None = None,
        hint_en: str = "",
        hint_zh: str = "",
        suggestions: tuple[str, ...] = (),
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.sql = sql
        self.hint_en = hint_en or reason
        self.hint_zh = hint_zh or hint_en or reason
        self.suggestions = suggestions

    def user_message(self, language: str) -> str:
        """What the user reads, in `language` ("en" or "zh")."""
        return self.hint_zh if language == "zh" else self.hint_en

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe summary (for `--json` output and eval predictions)."""
        return {"code": self.code, "reason": self.reason, "sql": self.sql, "hint": self.hint_en}


class Rejected(NL2SQLError):
    """The checker refused a statement (not read-only, unknown table, forbidden function…).

    `policy` is False only for plain mistakes (a syntax error, an unknown or ambiguous
    column): those may be shown to the LLM to correct; a refusal of policy never is.
    """

    code = "rejected"

    def __init__(self, reason: str, *, sql: str | None = None, what: str = "", policy: bool = True) -> None:
        self.policy = policy
        detail = f" ({what})" if what else ""
        super().__init__(
            reason,
            sql=sql,
            hint_en=f"I won't run that query: {reason}{detail}. I only run single read-only queries "
            "on the data I am allowed to show.",
            hint_zh=f"我不会执行这个查询：{reason}{detail}。我只执行对允许数据的单条只读查询。",
        )


class NoSuchData(NL2SQLError):
    """The question asks for data no allowed table holds."""

    code = "no_such_data"


class NotUnderstood(NL2SQLError):
    """Words of the question map to nothing in the SQL, so it is not answered as if understood."""

    code = "not_understood"

    def __init__(self, words: Sequence[str]) -> None:
        quoted_en = ", ".join(f"“{w}”" for w in words)
        quoted_zh = "、".join(f"“{w}”" for w in words)
        super().__init__(
            f"not understood: {', '.join(words)}",
            hint_en=f"I did not understand {quoted_en} in your question, so I have not answered it: "
            "I would rather ask than guess. Try saying it with the names used in the data.",
            hint_zh=f"我没有理解问题中的{quoted_zh}，所以没有作答：宁可问清楚也不乱猜。"
            "请换个说法，用数据里的名称再问一次。",
        )
        self.words = list(words)


class QueryFailed(NL2SQLError):
    """The database refused or failed the (checked) statement."""

    code = "query_failed"


class AccessDenied(QueryFailed):
    """The database itself refused to read a table or column (its authorizer or grants)."""

    code = "denied"


class QueryTimeout(QueryFailed):
    """The statement ran longer than the time limit; the user reads what to narrow.

    >>> e = QueryTimeout("slow", timeout_s=5).narrowed(["one line"], ["某一产线"])
    >>> e.user_message("en")
    'That question took longer than 5 s to answer, so I stopped it. Ask again about one line.'
    >>> e.user_message("zh")
    '这个问题的查询超过 5 秒，已停止。请缩小范围再问：某一产线。'
    """

    code = "timeout"

    def __init__(
        self,
        reason: str,
        *,
        sql: str | None = None,
        timeout_s: float,
        narrow_en: Sequence[str] = (),
        narrow_zh: Sequence[str] = (),
    ) -> None:
        self.timeout_s = timeout_s
        english = ", or ".join(narrow_en) or "a shorter period, or fewer things at once"
        chinese = "，或".join(narrow_zh) or "更短的时间段，或一次少问几项"
        super().__init__(
            reason,
            sql=sql,
            hint_en=f"That question took longer than {timeout_s:g} s to answer, so I stopped it. "
            f"Ask again about {english}.",
            hint_zh=f"这个问题的查询超过 {timeout_s:g} 秒，已停止。请缩小范围再问：{chinese}。",
        )

    def narrowed(self, narrow_en: Sequence[str], narrow_zh: Sequence[str]) -> QueryTimeout:
        """The same timeout, saying what to narrow (see `nl2sql.narrow`)."""
        return QueryTimeout(
            self.reason, sql=self.sql, timeout_s=self.timeout_s, narrow_en=narrow_en, narrow_zh=narrow_zh
        )


class LLMError(NL2SQLError):
    """The language-model endpoint failed or answered with something unusable."""

    code = "llm_error"
