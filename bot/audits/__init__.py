"""5S/6S audits from chat: checklists per area kind, the walk, scores, findings, trends."""

# The package's sentences, registered whichever of its modules is imported first: its commands
# are imported only when they run, and its services may be used without them.
from bot.audits import texts as _texts  # noqa: F401
