"""Which state changes are legal for andon calls and problems, and what each one sets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """An action allowed from some states, leading to `to` (None: the state stays)."""

    action: str
    sources: frozenset[str]
    to: str | None
    stamp: str | None  # the "<stamp>_at" / "<stamp>_by" columns it fills


def _t(action: str, sources: set[str], to: str | None, stamp: str | None) -> Transition:
    return Transition(action, frozenset(sources), to, stamp)


ANDON = {
    t.action: t
    for t in (
        _t("acknowledge", {"raised"}, "acknowledged", "acknowledged"),
        _t("resolve", {"raised", "acknowledged"}, "resolved", "resolved"),
        _t("cancel", {"raised", "acknowledged"}, "cancelled", "cancelled"),
        _t("escalate", {"raised", "acknowledged"}, None, None),
    )
}

PROBLEM = {
    t.action: t
    for t in (
        _t("start", {"open"}, "in_progress", "started"),
        _t("resolve", {"open", "in_progress"}, "resolved", "resolved"),
        _t("close", {"resolved"}, "closed", "closed"),
        _t("reject", {"open", "in_progress"}, "rejected", "rejected"),
        _t("assign", {"open", "in_progress"}, None, None),
    )
}

OPEN_ANDON = frozenset({"raised", "acknowledged"})
OPEN_PROBLEM = frozenset({"open", "in_progress"})


def allowed(table: dict[str, Transition], action: str, status: str) -> bool:
    """Whether `action` may be taken on a record in `status`.

    >>> allowed(ANDON, "resolve", "cancelled"), allowed(ANDON, "acknowledge", "raised")
    (False, True)
    >>> allowed(PROBLEM, "close", "open")
    False
    """
    return status in table[action].sources
