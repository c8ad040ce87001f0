"""The handover section of the weekly digest: per line, handovers submitted, confirmed and
late (not confirmed within the reminder time, so Gemba reminded the next shift)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.handover.models import Handover
from bot.store.models import Line
from bot.texts import register, say
from bot.types import Language

register(
    {
        "digest_handovers": (
            "*Handovers* submitted {submitted} · confirmed {confirmed} · late {late} — {items}",
            "*交接班* 提交 {submitted} · 确认 {confirmed} · 超时 {late} — {items}",
        ),
        "digest_handover_item": ("{line} {confirmed}/{submitted}", "{line} {confirmed}/{submitted}"),
        "digest_h_handovers": ("Shift handovers", "交接班"),
        "digest_cols_handovers": (
            "Line | Submitted | Confirmed | Late | Not confirmed",
            "产线 | 提交 | 确认 | 超时 | 未确认",
        ),
        "digest_handovers_definition": (
            "_Late: not confirmed within the reminder time, so the next shift was reminded._",
            "_超时：在提醒时间内未确认，已提醒下一班。_",
        ),
    }
)


@dataclass(frozen=True)
class HandoverFigures:
    """One line's handovers submitted in a period: how many, confirmed, and late."""

    line: str
    submitted: int
    confirmed: int
    late: int


def week_figures(
    session: Session, start: datetime, end: datetime, line_ids: Collection[int] | None = None
) -> list[HandoverFigures]:
    """Per line (in line order), the handovers submitted in [start, end) (naive UTC)."""
    query = (
        select(Line.code, Handover.status, Handover.reminded_at)
        .join(Line, Line.id == Handover.line_id)
        .where(Handover.submitted_at >= start, Handover.submitted_at < end)
        .order_by(Line.id)
    )
    if line_ids is not None:
        query = query.where(Handover.line_id.in_(list(line_ids)))
    counts: dict[str, list[int]] = {}
    for code, status, reminded_at in session.execute(query):
        figures = counts.setdefault(code, [0, 0, 0])
        figures[0] += 1
        figures[1] += status == "confirmed"
        figures[2] += reminded_at is not None
    return [HandoverFigures(code, *figures) for code, figures in counts.items()]


def reply_line(figures: list[HandoverFigures], language: Language) -> str | None:
    """The section as one line of the digest's chat message; None without handovers."""
    if not figures:
        return None
    items = " · ".join(
        say("digest_handover_item", language, line=f.line, confirmed=f.confirmed, submitted=f.submitted)
        for f in figures
    )
    return say(
        "digest_handovers",
        language,
        submitted=sum(f.submitted for f in figures),
        confirmed=sum(f.confirmed for f in figures),
        late=sum(f.late for f in figures),
        items=items,
    )


def markdown_lines(figures: list[HandoverFigures], language: Language) -> list[str]:
    """The section of the Markdown digest: a table per line; nothing without handovers."""
    if not figures:
        return []
    out = ["", f"## {say('digest_h_handovers', language)}", ""]
    columns = say("digest_cols_handovers", language).split(" | ")
    out += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for f in figures:
        out.append(f"| {f.line} | {f.submitted} | {f.confirmed} | {f.late} | {f.submitted - f.confirmed} |")
    return [*out, "", say("digest_handovers_definition", language)]
