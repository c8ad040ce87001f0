"""Shift handover (交接班): at the end of a shift the lead hands the line over to the next shift.

Gemba fills in what the store and the plant's data know (open andon calls and problems of
the line, output against plan of the shift), the lead adds quality and safety notes and what
the next shift must watch, and submits it to the line's channel; the next shift's lead
confirms receipt with a button. An unconfirmed handover is reminded, then escalated.
"""

# The package's sentences, registered whichever of its modules is imported first: its commands
# are imported only when they run, and its services may be used without them.
from bot.handover import texts as _texts  # noqa: F401
