"""The chat core's error root. Every `BotError` names a text in `bot.texts`, so the
user reads it in their own language; `bot.error_reply` is where errors become replies."""

from __future__ import annotations


class BotError(Exception):
    """A request the core cannot carry out, with the text key and values that explain why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key}: {params}")
        self.key = key
        self.params = params
