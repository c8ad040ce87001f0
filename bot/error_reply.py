"""The one place where errors become what the user reads, in the user's language.

- `BotError`: its text key, worded by `bot.texts`.
- Errors of our libraries (nl2sql, knowledge) that carry their own wording implement
  `user_message(language) -> str` (the `UserFacingError` protocol).
- A store that cannot be reached: a "try again" message; nothing was changed.
- Anything else is unexpected: logged with a correlation id that the reply shows (also
  as the log record's `correlation_id` attribute, a field of its own in JSON logs).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, runtime_checkable

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.errors import BotError
from bot.texts import say, word
from bot.types import Language, Reply

log = logging.getLogger("gemba")

_TRANSLATED_PARAMS = ("status", "action", "category", "what", "done")


@runtime_checkable
class UserFacingError(Protocol):
    """An error that knows how to explain itself to a user."""

    def user_message(self, language: str) -> str: ...


@runtime_checkable
class Worded(Protocol):
    """A `BotError` value that is worded in the reader's language (e.g. who may do something)."""

    def words(self, language: Language) -> str: ...


def error_reply(
    error: Exception, language: Language, *, clock_time: Callable[[datetime], str] | None = None
) -> Reply:
    """The reply for `error`; unexpected errors are logged with their correlation id.

    `clock_time` words a stored (naive UTC) time of a `BotError` in plant time (e.g. who
    acknowledged a call first, and when); without it such times are shown in UTC.
    """
    if isinstance(error, BotError):
        params = {k: _param(k, v, language, clock_time) for k, v in error.params.items()}
        return Reply(say(error.key, language, **params), language=language)
    if isinstance(error, UserFacingError):
        return Reply(error.user_message(language), language=language)
    ref = uuid.uuid4().hex[:8]
    if isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    ):
        log.error("store unavailable [%s]: %s", ref, error, extra={"correlation_id": ref})
        return Reply(say("store_unavailable", language, ref=ref), language=language)
    log.exception("unexpected error [%s]", ref, exc_info=error, extra={"correlation_id": ref})
    return Reply(say("unexpected_error", language, ref=ref), language=language)


def _param(
    key: str, value: object, language: Language, clock_time: Callable[[datetime], str] | None
) -> object:
    if isinstance(value, datetime):
        return clock_time(value) if clock_time else f"{value:%H:%M} UTC"
    if isinstance(value, Worded):
        return value.words(language)
    return word(str(value), language) if key in _TRANSLATED_PARAMS else value
