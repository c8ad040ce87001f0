"""The 5S audits of a week, for the weekly digest: how many were done, the average per area and
the S that scored lowest across the plant."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.areas import area_name
from bot.audits.models import FiveSAudit
from bot.audits.templates import SIX_S
from bot.audits.texts import s_name
from bot.store.models import Area
from bot.texts import register, say
from bot.types import Language

register(
    {
        "digest_audits": (
            "5S audits: {count} done · average by area {areas} · lowest S: {lowest}",
            "5S 审核：完成 {count} 次 · 各区域平均分 {areas} · 最低的S：{lowest}",
        ),
        "digest_h_audits": ("5S audits", "5S 审核"),
        "digest_cols_audits": ("Area | Audits | Average score (1-5)", "区域 | 审核次数 | 平均分（1-5）"),
        "digest_audits_lowest": (
            "{count} audits done; lowest S across them: **{lowest}** "
            "(average of each S over the week's audits).",
            "共完成 {count} 次审核；最低的S：**{lowest}**（本周各次审核中每个S的平均分）。",
        ),
    }
)


@dataclass(frozen=True)
class AreaScore:
    """An area's audits in the week and their average overall score."""

    area: Area
    audits: int
    average: float


@dataclass(frozen=True)
class AuditWeek:
    """The audits finished in a week: per area, and the S with the lowest average."""

    done: int
    areas: list[AreaScore]
    lowest: tuple[str, float] | None


def audit_week(
    session: Session, start: datetime, end: datetime, line_ids: Sequence[int] | None = None
) -> AuditWeek | None:
    """The audits finished in [start, end) (naive UTC), of the areas of `line_ids` when given;
    None when there were none."""
    query = (
        select(FiveSAudit)
        .where(FiveSAudit.status == "done", FiveSAudit.finished_at >= start, FiveSAudit.finished_at < end)
        .options(joinedload(FiveSAudit.area))
        .order_by(FiveSAudit.area_id, FiveSAudit.id)
    )
    audits = [a for a in session.scalars(query) if line_ids is None or a.area.line_id in line_ids]
    audits = [a for a in audits if a.score is not None]
    if not audits:
        return None
    by_area: dict[int, list[FiveSAudit]] = {}
    for audit in audits:
        by_area.setdefault(audit.area_id, []).append(audit)
    areas = [
        AreaScore(group[0].area, len(group), round(mean(float(a.score or 0) for a in group), 2))
        for group in by_area.values()
    ]
    per_s = {
        s: mean(values)
        for s in SIX_S
        if (values := [float(v) for a in audits if (v := getattr(a, f"{s}_score")) is not None])
    }
    lowest = min(per_s.items(), key=lambda item: item[1]) if per_s else None
    return AuditWeek(len(audits), sorted(areas, key=lambda a: a.average), lowest)


def digest_line(week: AuditWeek, language: Language) -> str:
    """One line of the chat digest: audits done, averages per area (lowest first), lowest S."""
    areas = " · ".join(f"{area_name(a.area, language)} {a.average:.1f}" for a in week.areas[:8])
    return say("digest_audits", language, count=week.done, areas=areas, lowest=_lowest(week, language))


def digest_markdown(week: AuditWeek, language: Language) -> list[str]:
    """The digest document's section: a table per area and the lowest S."""
    columns = say("digest_cols_audits", language).split(" | ")
    out = ["", f"## {say('digest_h_audits', language)}", "", "| " + " | ".join(columns) + " |"]
    out.append("|" + "---|" * len(columns))
    out += [f"| {area_name(a.area, language)} | {a.audits} | {a.average:.2f} |" for a in week.areas]
    out += ["", say("digest_audits_lowest", language, count=week.done, lowest=_lowest(week, language))]
    return out


def _lowest(week: AuditWeek, language: Language) -> str:
    if week.lowest is None:
        return "–"
    return f"{s_name(week.lowest[0], language)} {week.lowest[1]:.1f}"
