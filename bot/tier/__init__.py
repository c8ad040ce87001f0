"""Tier meetings (班组早会, the daily stand-up): the tier-1 board posted to each line's channel at
shift start, the team's ✅ and the items they raise, and the minutes kept of each meeting."""

from __future__ import annotations

__all__: list[str] = []
