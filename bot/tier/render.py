"""A tier meeting in words: the board posted to the line's channel (one message, with its
✅ and "raise an item" buttons) and the minutes. Both are rendered from the stored meeting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.store.models import Line, Problem
from bot.store.service import andon_ref, problem_ref
from bot.texts import say, word
from bot.tier import texts as _tier_texts  # noqa: F401  (tier sentences)
from bot.tier.figures import OpenWork
from bot.tier.models import TierAttendance, TierConcern, TierMeeting
from bot.tier.service import meeting_ref
from bot.types import Button, Language, Reply

MAX_LISTED = 5


def line_name(line: Line, language: Language) -> str:
    """The line's name in `language`."""
    return line.name_zh if language == "zh" and line.name_zh else line.name


def figures_text(meeting: TierMeeting, language: Language) -> str:
    """The day before's figures as posted: output vs plan, scrap, downtime, andon calls.

    >>> m = TierMeeting(planned_qty=1000, output_qty=950, scrap_qty=7, downtime_min=42, andon_calls=3)
    >>> figures_text(m, "en")
    'Output 950 / plan 1000 pcs (95%) · Scrap 7 pcs · Downtime 42 min · Andon calls 3'
    """
    parts = []
    if meeting.planned_qty is None or meeting.output_qty is None:
        parts.append(say("tier_no_output", language))
    else:
        share = f"{meeting.output_qty / meeting.planned_qty:.0%}" if meeting.planned_qty else "–"
        parts.append(
            say(
                "tier_output",
                language,
                output=meeting.output_qty,
                planned=meeting.planned_qty,
                attainment=share,
            )
        )
        parts.append(say("tier_scrap", language, scrap=meeting.scrap_qty or 0))
    if meeting.downtime_min is not None:
        parts.append(say("tier_downtime", language, minutes=meeting.downtime_min))
    parts.append(say("tier_calls", language, count=meeting.andon_calls))
    return " · ".join(parts)


def topic_text(meeting: TierMeeting, language: Language) -> str:
    """The safety topic of the meeting in `language`."""
    return meeting.safety_topic_zh if language == "zh" and meeting.safety_topic_zh else meeting.safety_topic


def board_reply(meeting: TierMeeting, line: Line, work: OpenWork, language: Language, today: str) -> Reply:
    """The tier-1 board of `meeting` in one message, with ✅ and "raise an item" buttons."""
    ref = meeting_ref(meeting.id)
    title = say("tier_title", language, line=line_name(line, language), date=today, ref=ref)
    calls = [
        f"{andon_ref(c.id)} {c.station.code if c.station else ''} {c.reason}".replace("  ", " ")
        for c in work.calls
    ]
    problems = [f"{problem_ref(p.id)} {p.title}" for p in work.problems]
    overdue = [_overdue(p, language) for p in work.overdue]
    fields = [
        (
            say("tier_h_yesterday", language, date=meeting.figures_date.isoformat()),
            figures_text(meeting, language),
        ),
        (say("tier_h_open_calls", language, count=len(calls)), _listed(calls, language)),
        (say("tier_h_open_problems", language, count=len(problems)), _listed(problems, language)),
        (say("tier_h_overdue", language, count=len(overdue)), _listed(overdue, language)),
        (say("tier_h_safety", language), f"🦺 {topic_text(meeting, language)}"),
    ]
    return Reply(
        text=f"📋 {title}",
        title=title,
        language=language,
        fields=fields,
        buttons=board_buttons(ref, language),
    )


def board_buttons(ref: str, language: Language) -> list[Button]:
    """✅ (acknowledge) and "raise an item", as commands in the board's language."""
    ok, item = ("早会 确认", "早会 事项") if language == "zh" else ("tier ok", "tier item")
    return [
        Button(say("tier_button_ok", language), f"{ok} {ref}", "primary"),
        Button(say("tier_button_item", language), f"{item} {ref}"),
    ]


def minutes_reply(
    meeting: TierMeeting,
    line: Line,
    attendance: Sequence[TierAttendance],
    items: Sequence[TierConcern],
    language: Language,
    posted: str,
    clock: Callable[[datetime], str],
) -> Reply:
    """The minutes of `meeting`: the figures posted, who acknowledged, the items raised.
    `clock(utc)` formats a stored time as people say it."""
    ref = meeting_ref(meeting.id)
    title = say(
        "tier_minutes_title",
        language,
        ref=ref,
        line=line_name(line, language),
        date=meeting.meeting_date.isoformat(),
    )
    acks = ", ".join(f"{a.person} ({clock(a.acknowledged_at)})" for a in attendance)
    lines = [
        f"{n}. {i.text} — {i.raised_by}" + (f" → {problem_ref(i.problem_id)}" if i.problem_id else "")
        for n, i in enumerate(items, start=1)
    ]
    overview = (
        f"{figures_text(meeting, language)}\n"
        f"{say('tier_h_open_calls', language, count=meeting.open_andon_calls)} · "
        f"{say('tier_h_open_problems', language, count=meeting.open_problems)} · "
        f"{say('tier_h_overdue', language, count=meeting.overdue_problems)}\n"
        f"🦺 {topic_text(meeting, language)}"
    )
    fields = [
        (say("tier_h_figures", language), overview),
        (say("tier_h_acks", language, count=len(attendance)), acks or say("tier_nobody", language)),
        (say("tier_h_items", language, count=len(items)), "\n".join(lines) or word("none", language)),
    ]
    return Reply(text=f"🗒 {title}\n{posted}", title=title, language=language, fields=fields)


def _overdue(problem: Problem, language: Language) -> str:
    due = problem.due_date.isoformat() if problem.due_date else "–"
    owner = problem.assignee or word("unassigned", language)
    return say(
        "tier_overdue_item", language, ref=problem_ref(problem.id), title=problem.title, due=due, owner=owner
    )


def _listed(entries: list[str], language: Language) -> str:
    if not entries:
        return say("tier_none", language)
    shown = "; ".join(entries[:MAX_LISTED])
    if len(entries) > MAX_LISTED:
        shown += " " + say("tier_more", language, count=len(entries) - MAX_LISTED)
    return shown
