"""Tier meetings (班组早会, the daily stand-up): the tier-1 board posted to each line's channel at
shift start, the team's ✅ and the items they raise, and the minutes kept of each meeting."""

from __future__ import annotations

__all__: list[str] = []

# The package's sentences, registered whichever of its modules is imported first: its commands
# are imported only when they run, and its services may be used without them.
from bot.tier import texts as _texts  # noqa: F401
