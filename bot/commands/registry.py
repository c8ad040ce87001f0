"""What a command is, and what it gets when it runs."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from sqlalchemy.orm import Session

from bot.services import Services
from bot.store.service import Origin
from bot.types import Language, Message, Reply


@dataclass
class Context:
    """One command run: the message, its language, the services and an open transaction.

    Commands change the store only through `session`; it is committed after the command
    returns, together with the outbox messages the change wrote. Commands never post.
    """

    message: Message
    language: Language
    services: Services
    session: Session
    args: str

    @property
    def actor(self) -> str:
        """The user, as named in records and notes."""
        return self.message.user_name or self.message.user

    @property
    def origin(self) -> Origin:
        """Where the message came from."""
        m = self.message
        return Origin(m.platform, m.workspace, m.channel, m.thread)

    def reply(self, text: str, **kwargs: object) -> Reply:
        """A reply in the message's language."""
        return Reply(text=text, language=self.language, **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Command:
    """A chat command: its English name, other names (Chinese first), handler and help.

    `handler` names the function that runs it as "module:function": the module is imported
    when the command first runs, so routing a message (and every other command) never loads
    what this one needs.
    """

    name: str
    aliases: tuple[str, ...]
    handler: str
    usage: tuple[str, str]
    summary: tuple[str, str]

    @property
    def module(self) -> str:
        """The module of the handler, e.g. "bot.tier.commands"."""
        return self.handler.partition(":")[0]

    def run(self, ctx: Context) -> Reply:
        """Run the command's handler on `ctx`."""
        return handler(self.handler)(ctx)

    def usage_in(self, language: Language) -> str:
        """The usage line in `language`."""
        return self.usage[1] if language == "zh" else self.usage[0]

    def summary_in(self, language: Language) -> str:
        """The one-line description in `language`."""
        return self.summary[1] if language == "zh" else self.summary[0]


@cache
def handler(path: str) -> Callable[[Context], Reply]:
    """The function a "module:function" path names, its module imported on first use.

    >>> handler("bot.commands.help:help_command").__name__
    'help_command'
    """
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
