"""The cards that show an andon call or a problem in its channel, with action buttons."""

from __future__ import annotations

import re
from datetime import datetime

from bot.metrics import format_duration
from bot.services import Services
from bot.store.models import AndonCall, Problem
from bot.store.service import andon_ref, problem_ref
from bot.texts import say, word
from bot.types import Button, Language, RecordRef, Reply

_ANDON_ICON = {"raised": "🔴", "acknowledged": "🟡", "resolved": "🟢", "cancelled": "⚪"}
_PROBLEM_ICON = {"open": "🔴", "in_progress": "🟡", "resolved": "🟢", "closed": "✅", "rejected": "⚪"}
# The commands `andon_buttons` sends, and nothing else (what a board's button may post).
_ANDON_BUTTON_COMMAND = re.compile(r"(?:ack|resolve) A[0-9]{1,12}|escalate A[0-9]{1,12} level:[0-9]{1,3}")


def location(call: AndonCall | Problem, language: Language) -> str:
    """ "Line 3 › WD-03" (or "3号线 › WD-03")."""
    if call.line is None:
        return word("none", language)
    name = call.line.name_zh if language == "zh" and call.line.name_zh else call.line.name
    return f"{name} › {call.station.code}" if call.station else name


def andon_card(call: AndonCall, services: Services) -> Reply:
    """The card of an andon call in its current state, in the language it was raised in."""
    language: Language = "zh" if call.language == "zh" else "en"
    ref = andon_ref(call.id)
    end = call.resolved_at or call.cancelled_at or services.now()
    fields = [
        (word("state", language), f"{_ANDON_ICON[call.status]} {word(call.status, language)}"),
        (word("location", language), location(call, language)),
        (word("reason", language), f"{word(call.category, language)} · {call.reason}"),
        (word("elapsed", language), format_duration((end - call.raised_at).total_seconds())),
        (word("raised_by", language), f"{call.raised_by} · {_clock(services, call.raised_at)}"),
    ]
    if call.escalation_level:
        fields.append((word("escalation", language), word("level", language, level=call.escalation_level)))
    buttons = []
    if call.status in ("raised", "acknowledged"):
        buttons = andon_buttons(
            ref,
            acknowledged=call.status == "acknowledged",
            escalation_level=call.escalation_level,
            language=language,
        )
    title = say("andon_card_title", language, ref=ref, location=location(call, language))
    return Reply(
        text=f"{_ANDON_ICON[call.status]} {title}",
        title=title,
        language=language,
        fields=fields,
        buttons=buttons,
        record=RecordRef("andon", call.id),
    )


def andon_buttons(ref: str, *, acknowledged: bool, escalation_level: int, language: Language) -> list[Button]:
    """The buttons of an open andon call (on its card and on the web board's tile).

    >>> [b.command for b in andon_buttons("A7", acknowledged=False, escalation_level=1, language="en")]
    ['ack A7', 'resolve A7', 'escalate A7 level:2']
    >>> [b.label for b in andon_buttons("A7", acknowledged=True, escalation_level=0, language="zh")]
    ['解决', '升级']
    """
    buttons = [] if acknowledged else [Button(word("btn_ack", language), f"ack {ref}", "primary")]
    return [
        *buttons,
        Button(word("btn_resolve", language), f"resolve {ref}"),
        # The button names the level it would reach: two presses at once escalate once.
        Button(word("btn_escalate", language), f"escalate {ref} level:{escalation_level + 1}", "danger"),
    ]


def is_andon_button_command(text: str) -> bool:
    """Whether `text` is a command one of `andon_buttons` sends (a web board posts only these).

    >>> [is_andon_button_command(t) for t in ("ack A7", "escalate A7 level:2", "ack A7; help", "help")]
    [True, True, False, False]
    """
    return _ANDON_BUTTON_COMMAND.fullmatch(text) is not None


def problem_card(problem: Problem, services: Services) -> Reply:
    """The card of a problem report in its current state."""
    language: Language = "zh" if problem.language == "zh" else "en"
    ref = problem_ref(problem.id)
    fields = [
        (word("state", language), f"{_PROBLEM_ICON[problem.status]} {word(problem.status, language)}"),
        (word("category", language), word(problem.category, language)),
        (word("priority", language), word(problem.priority, language)),
        (word("location", language), location(problem, language)),
        (word("owner", language), problem.assignee or word("unassigned", language)),
        (word("due", language), problem.due_date.isoformat() if problem.due_date else "–"),
    ]
    buttons = []
    if problem.status in ("open", "in_progress"):
        buttons.append(Button(word("btn_assign_me", language), f"assign {ref} me"))
    if problem.status == "open":
        buttons.append(Button(word("btn_start", language), f"start {ref}", "primary"))
    if problem.status in ("open", "in_progress"):
        buttons.append(Button(word("btn_resolve", language), f"resolve {ref}"))
    if problem.status == "resolved":
        buttons.append(Button(word("btn_close", language), f"close {ref}", "primary"))
    title = f"{ref} · {problem.title}"
    text = f"{_PROBLEM_ICON[problem.status]} {title}" + (
        f"\n{problem.description}" if problem.description else ""
    )
    return Reply(
        text=text,
        title=title,
        language=language,
        fields=fields,
        buttons=buttons,
        record=RecordRef("problem", problem.id),
    )


def _clock(services: Services, utc_naive: datetime) -> str:
    return services.local(utc_naive).strftime("%H:%M")
