"""Improvement projects through PDCA / A3 (精益项目改善): `improve` / `改善` from chat, gated stages,
figures measured from the data, overdue reminders, the A3, the digest section and the board panel."""

__all__: list[str] = []

# The package's sentences, registered whichever of its modules is imported first: its commands
# are imported only when they run, and its services may be used without them.
from bot.improve import texts as _texts  # noqa: F401
