"""`5s trend <area>`: an area's audit scores over time, as a table and a line chart."""

from __future__ import annotations

from statistics import mean

from bot.areas import area_name
from bot.audits.service import finished_audits
from bot.audits.templates import SIX_S
from bot.audits.texts import audit_kind, s_name
from bot.commands.registry import Context
from bot.store.models import Area
from bot.texts import say
from bot.types import Image, Reply, Table
from nl2sql.chart import Chart

LAST_AUDITS = 12


def trend_reply(ctx: Context, area: Area) -> Reply:
    """The area's last finished audits, oldest first: date, type, auditor, each S and overall,
    with a chart of the overall score (in the reply's language; Chinese where a font allows)."""
    language, name = ctx.language, area_name(area, ctx.language)
    audits = [
        a for a in finished_audits(ctx.session, area_id=area.id, limit=LAST_AUDITS) if a.score is not None
    ]
    if not audits:
        return ctx.reply(say("audit_trend_none", language, area=name))
    shown = [s for s in SIX_S if any(getattr(a, f"{s}_score") is not None for a in audits)]
    columns = say("audit_cols_trend", language).split(" | ")
    columns[3:3] = [s_name(s, language).split(" (")[0] for s in shown]
    rows: list[list[object]] = []
    points: list[tuple[str, float]] = []
    for audit in audits:
        assert audit.finished_at is not None and audit.score is not None
        day = ctx.services.local(audit.finished_at).date().isoformat()
        scores = [getattr(audit, f"{s}_score") for s in shown]
        rows.append(
            [day, audit_kind(audit.audit_type, language), audit.auditor, *scores, round(audit.score, 2)]
        )
        # "11-25 #12", not "11-25": labels that all read as dates make matplotlib log a warning.
        points.append((f"{day[5:]} #{audit.id}", float(audit.score)))
    latest = audits[-1]
    text = say(
        "audit_trend",
        language,
        count=len(audits),
        area=name,
        latest=f"{latest.score:.2f}",
        date=rows[-1][0],
        average=f"{mean(p[1] for p in points):.2f}",
    )
    title = say("audit_trend_title", language, area=name)
    image = None
    if len(points) >= 2:
        chart = Chart(title, points, trend=True)
        alt = "; ".join(f"{label} {value:.2f}" for label, value in points)
        image = Image(chart.png, title, alt)
    return ctx.reply(text, title=title, table=Table(columns, rows), image=image)
