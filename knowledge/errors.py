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

    def user_message(self, language: str) -> str:
        """What the user reads: a short sentence for known codes, then the hint.

        >>> KnowledgeError("empty_query", "x", hint="Ask.", hint_zh="请提问。").user_message("zh")
        '问题为空。请提问。'
        """
        en, zh = _SENTENCES.get(self.code, (self.message + ".", self.message + "。"))
        return f"{zh if language == 'zh' else en}{self.hint_in(language)}".strip()

    def hint_in(self, language: str) -> str:
        """The hint in `language` ("zh" or anything else for English)."""
        return self.hint_zh if language == "zh" else self.hint


_SENTENCES = {
    "empty_query": ("The question is empty. ", "问题为空。"),
    "unsupported_language": (
        "I can only search the playbooks in English or Chinese. ",
        "目前只支持中文和英文的问题。",
    ),
    "missing_index": ("The playbook index has not been built yet. ", "作业指导索引尚未建立。"),
    "corrupt_index": ("The playbook index is damaged. ", "作业指导索引已损坏。"),
    "embedder_mismatch": (
        "The playbook index was built with a different model. ",
        "作业指导索引是用另一个模型建立的。",
    ),
    "embedder_unavailable": (
        "The configured embedding model cannot be loaded. ",
        "无法加载所配置的向量模型。",
    ),
    "missing_folder": ("The playbook folder does not exist. ", "作业指导目录不存在。"),
}
