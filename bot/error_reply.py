"""The one place where errors become what the user reads, in the user's language.

- `BotError`: its text key, worded by `bot.texts`.
- Errors of our libraries (nl2sql, knowledge) that carry their own wording implement
  `user_message(language) -> str` (the `UserFacingError` protocol).
- A store that cannot be reached: a "try again" message; nothing was changed.
- Anything else is unexpected: logged with a correlation id that the reply shows.
"""

from __future__ import annotations

import logging
import uuid
from typing import Protocol, runtime_checkable

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.errors import BotError
from bot.texts import say, word
from bot.types import Language, Reply

log = logging.getLogger("gemba")

_TRANSLATED_PARAMS = ("status", "action", "category")


@runtime_checkable
class UserFacingError(Protocol):
    """An error that knows how to explain itself to a user."""

    def user_message(self, language: str) -> str: ...


def error_reply(error: Exception, language: Language) -> Reply:
    """The reply for `error`; unexpected errors are logged with their correlation id."""
    if isinstance(error, BotError):
        params = {
            k: word(str(v), language) if k in _TRANSLATED_PARAMS else v for k, v in error.params.items()
        }
        return Reply(say(error.key, language, **params), language=language)
    if isinstance(error, UserFacingError):
        return Reply(error.user_message(language), language=language)
    ref = uuid.uuid4().hex[:8]
    if isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    ):
        log.error("store unavailable [%s]: %s", ref, error)
        return Reply(say("store_unavailable", language, ref=ref), language=language)
    log.exception("unexpected error [%s]", ref, exc_info=error)
    return Reply(say("unexpected_error", language, ref=ref), language=language)
