"""Safety (EHS) observations and near misses reported from chat, anonymously if people wish.

`models` holds the table, `parse` reads a report, `service` stores and counts, `alerts`
tells the area's EHS owner (and escalates by severity) through the outbox, `commands`
are the chat commands, `summary` feeds the digest and the board, `seed` the sample plant.
"""

# The package's sentences, registered whichever of its modules is imported first: its commands
# are imported only when they run, and its services may be used without them.
from bot.safety import texts as _texts  # noqa: F401
