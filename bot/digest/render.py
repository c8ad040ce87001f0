"""A digest in words: Markdown for a file (`gemba digest --out`) and a compact, neutral
`Reply` for a channel (the adapters turn it into Slack blocks or a DingTalk message)."""

from __future__ import annotations

from bot import metrics
from bot.audits import digest as audit_digest
from bot.digest.compute import AgingBucket, Change, Digest
from bot.handover import digest as handover_digest
from bot.improve.digest import digest_lines, digest_markdown
from bot.metrics import format_duration
from bot.safety.summary import digest_line as safety_digest_line
from bot.safety.summary import digest_markdown as safety_digest_markdown
from bot.texts import register, say, word
from bot.tier.digest import tier_digest_line, tier_digest_markdown
from bot.types import Image, Language, Reply

register(
    {
        "digest_title": (
            "Weekly digest {week} ({first} – {last}) · {scope}",
            "周报 {week}（{first} – {last}）· {scope}",
        ),
        "digest_all_lines": ("all lines", "全部产线"),
        "digest_empty": (
            "Weekly digest {week} · {scope}: no andon calls, downtime, output or problems were recorded. 👍",
            "周报 {week} · {scope}：本周没有安灯、停机、产量或问题记录。👍",
        ),
        "digest_calls": (
            "*Andon calls:* {count} ({change} vs last week)",
            "*安灯次数：* {count}（较上周 {change}）",
        ),
        "digest_by_line": ("By line: {items}", "按产线：{items}"),
        "digest_by_reason": ("By reason: {items}", "按原因：{items}"),
        "digest_times": (
            "*MTTA* median {mtta_median} · p90 {mtta_p90} (mean {mtta}) · *MTTR* {mttr} · "
            "*Escalated* {escalated}",
            "*平均响应* 中位数 {mtta_median} · p90 {mtta_p90}（平均 {mtta}）· *平均解决* {mttr} · "
            "*升级比例* {escalated}",
        ),
        "digest_downtime": (
            "*Downtime* {minutes} min — top: {items}",
            "*停机* {minutes} 分钟 — 主要原因：{items}",
        ),
        "digest_output": (
            "*Output vs plan* {attainment} · defects {defects} pcs{types}",
            "*产量达成* {attainment} · 缺陷 {defects} 件{types}",
        ),
        "digest_problems": (
            "*Problems* opened {opened} · resolved {resolved} · closed {closed} · open at week end: {aging}",
            "*问题* 新增 {opened} · 解决 {resolved} · 关闭 {closed} · 周末未关闭：{aging}",
        ),
        "digest_oldest_owners": ("Open > 7 d, by owner: {owners}", "超过 7 天未关闭（按负责人）：{owners}"),
        "digest_offenders": (
            "*Repeat offenders* (same station, same reason): {items}",
            "*重复发生*（同工位同原因）：{items}",
        ),
        "digest_offender": (
            "{station} {category} ×{calls} (mostly “{reason}”)",
            "{station} {category} ×{calls}（多为“{reason}”）",
        ),
        "digest_tip": ("*Playbook tip* for {category}: {tip}", "*作业指导*（{category}）：{tip}"),
        "digest_definitions": ("Definitions — {items}", "定义 — {items}"),
        "digest_new": ("new", "新增"),
        "digest_cumulative": (" ({share} cum.)", "（累计 {share}）"),
        "digest_days": ("d", "天"),
        "digest_unassigned": ("unassigned", "未指派"),
        "digest_h_calls": ("Andon calls", "安灯"),
        "digest_h_times": ("Response and resolution", "响应与解决"),
        "digest_h_downtime": ("Downtime Pareto", "停机帕累托"),
        "digest_h_output": ("Output and quality", "产量与质量"),
        "digest_h_problems": ("Problems", "问题"),
        "digest_h_offenders": ("Repeat offenders (same station, same reason)", "重复发生（同工位同原因）"),
        "digest_h_tip": ("Playbook tip", "作业指导"),
        "digest_h_charts": ("Charts", "图表"),
        "digest_cols_change": ("{what} | This week | Last week | Change", "{what} | 本周 | 上周 | 变化"),
        "digest_cols_times": (
            "Metric | Mean | Median | p90 | Calls | Definition",
            "指标 | 平均 | 中位数 | p90 | 次数 | 定义",
        ),
        "digest_cols_pareto": (
            "Reason | Minutes | Stops | Share | Cumulative",
            "原因 | 分钟 | 次数 | 占比 | 累计",
        ),
        "digest_cols_output": (
            "Line | Plan | Output | Attainment | Scrap",
            "产线 | 计划 | 实际 | 达成率 | 报废",
        ),
        "digest_cols_aging": ("Age | Open | Owners", "已开天数 | 未关闭 | 负责人"),
        "digest_line": ("Line", "产线"),
        "digest_reason": ("Reason", "原因"),
        "digest_total": ("Total", "合计"),
        "digest_escalated_line": (
            "**{label}:** {share} ({count} of {total}) — _{definition}_",
            "**{label}：** {share}（{total} 次中 {count} 次）— _{definition}_",
        ),
        "digest_calls_line": (
            "**{count}** calls; last week {last} ({change}). _{definition}_",
            "**{count}** 次；上周 {last}（{change}）。_{definition}_",
        ),
        "digest_problems_line": (
            "Opened {opened} · resolved {resolved} · closed {closed}. Open at the week's end, by age:",
            "新增 {opened} · 解决 {resolved} · 关闭 {closed}。周末未关闭问题的账龄：",
        ),
        "digest_defects_line": ("Defects: {defects} pieces{types}.", "缺陷：{defects} 件{types}。"),
        "digest_offender_line": (
            "{n}. **{station}** ({line}) · {category} — {calls} calls, mostly “{reason}”; "
            "{minutes} min from raise to resolve in total",
            "{n}. **{station}**（{line}）· {category} — {calls} 次，多为“{reason}”；"
            "从拉灯到解决共 {minutes} 分钟",
        ),
        "digest_none": ("none", "无"),
        "digest_bad_args": (
            "I can't read *{given}*; use e.g. `digest L3 2026-W46`.",
            "无法识别 *{given}*，请使用例如：`周报 L3 2026-W46`。",
        ),
    }
)


def scope(digest: Digest, language: Language) -> str:
    """ "all lines" or "L3, L5"."""
    return ", ".join(digest.lines) if digest.lines is not None else say("digest_all_lines", language)


def title(digest: Digest, language: Language) -> str:
    """The digest's headline."""
    week = digest.week
    return say(
        "digest_title",
        language,
        week=week,
        first=week.monday.isoformat(),
        last=week.sunday.isoformat(),
        scope=scope(digest, language),
    )


def change_text(change: Change, language: Language) -> str:
    """ "+12, +5%", "−3, −10%", "±0" or "+4, new".

    >>> change_text(Change("L3", 12, 10), "en"), change_text(Change("L3", 2, 0), "en")
    ('+2, +20%', '+2, new')
    >>> change_text(Change("x", 1, 1), "en")
    '±0'
    """
    if change.delta == 0:
        return "±0"
    sign = "+" if change.delta > 0 else "−"
    if not change.last_week:
        return f"{sign}{abs(change.delta)}, {say('digest_new', language)}"
    return f"{sign}{abs(change.delta)}, {sign}{abs(change.delta) / change.last_week:.0%}"


def digest_reply(digest: Digest, language: Language, image: Image | None = None) -> Reply:
    """The digest for a channel: a few lines of text (each figure with its definition at the
    end) and the downtime Pareto chart."""
    if digest.empty:
        return Reply(
            say("digest_empty", language, week=digest.week, scope=scope(digest, language)), language=language
        )
    lines = [f"*📊 {title(digest, language)}*"]
    lines.append(
        say(
            "digest_calls", language, count=digest.calls.this_week, change=change_text(digest.calls, language)
        )
    )
    if digest.by_line:
        lines.append(say("digest_by_line", language, items=_items(digest.by_line, language, limit=8)))
    if digest.by_category:
        lines.append(
            say("digest_by_reason", language, items=_items(digest.by_category, language, limit=6, words=True))
        )
    lines.append(
        say(
            "digest_times",
            language,
            mtta_median=format_duration(digest.mtta.median),
            mtta_p90=format_duration(digest.mtta.p90),
            mtta=format_duration(digest.mtta.mean),
            mttr=format_duration(digest.mttr.mean),
            escalated=_percent(digest.escalated_share),
        )
    )
    if digest.pareto:
        top = " · ".join(f"{_reason(r.reason, language)} {r.share:.0%}" for r in digest.pareto[:3])
        third = digest.pareto[min(2, len(digest.pareto) - 1)]
        top += say("digest_cumulative", language, share=f"{third.cumulative:.0%}")
        lines.append(say("digest_downtime", language, minutes=f"{digest.downtime_minutes:,}", items=top))
    if digest.output is not None:
        lines.append(
            say(
                "digest_output",
                language,
                attainment=_percent(_attainment(digest)),
                defects=digest.defects or 0,
                types=_types(digest, language),
            )
        )
    lines.append(
        say(
            "digest_problems",
            language,
            opened=digest.problems_opened,
            resolved=digest.problems_resolved,
            closed=digest.problems_closed,
            aging=" · ".join(f"{_age(b, language)} {b.count}" for b in digest.aging),
        )
    )
    oldest = digest.aging[-1] if digest.aging else None
    if oldest and oldest.owners:
        lines.append(say("digest_oldest_owners", language, owners=_owners(oldest, language, limit=5)))
    if digest.offenders:
        items = " · ".join(
            f"{n}. "
            + say(
                "digest_offender",
                language,
                station=o.station,
                category=word(o.category, language),
                calls=o.calls,
                reason=o.reason,
            )
            for n, o in enumerate(digest.offenders, 1)
        )
        lines.append(say("digest_offenders", language, items=items))
    if handovers := handover_digest.reply_line(digest.handovers, language):
        lines.append(handovers)
    if digest.audits:
        lines.append(audit_digest.digest_line(digest.audits, language))
    if digest.safety is not None and digest.safety.areas:
        lines.append(safety_digest_line(digest.safety, language))
    if digest.tip and digest.top_category:
        lines.append(
            say("digest_tip", language, category=word(digest.top_category, language), tip=digest.tip)
        )
    tier = tier_digest_line(digest.tier, language)
    if tier:
        lines.append(tier)
    if digest.projects is not None:
        lines += digest_lines(digest.projects, language)
    lines.append("_" + say("digest_definitions", language, items=_definitions(language)) + "_")
    return Reply(text="\n".join(lines), language=language, title=title(digest, language), image=image)


def markdown(digest: Digest, language: Language, images: dict[str, str] | None = None) -> str:
    """The whole digest as a Markdown document; `images` maps chart stems to file names."""
    if digest.empty:
        return f"# {say('digest_empty', language, week=digest.week, scope=scope(digest, language))}\n"
    images = images or {}
    out = [f"# {title(digest, language)}", ""]
    out += [f"## {say('digest_h_calls', language)}", ""]
    out.append(
        say(
            "digest_calls_line",
            language,
            count=digest.calls.this_week,
            last=digest.calls.last_week,
            change=change_text(digest.calls, language),
            definition=metrics.ANDON_COUNT.definition(language),
        )
    )
    out += ["", *_change_table(digest.by_line, say("digest_line", language), language)]
    out += ["", *_change_table(digest.by_category, say("digest_reason", language), language, words=True)]
    out += _image(images, "andon_by_line")
    out += [
        "",
        f"## {say('digest_h_times', language)}",
        "",
        _row(say("digest_cols_times", language).split(" | ")),
    ]
    out.append(_rule(6))
    for metric, stats in ((metrics.MTTA, digest.mtta), (metrics.MTTR, digest.mttr)):
        out.append(
            _row(
                [
                    metric.label(language),
                    format_duration(stats.mean),
                    format_duration(stats.median),
                    format_duration(stats.p90),
                    str(stats.count),
                    metric.definition(language),
                ]
            )
        )
    out += [
        "",
        say(
            "digest_escalated_line",
            language,
            label=metrics.ESCALATED_SHARE.label(language),
            share=_percent(digest.escalated_share),
            count=digest.escalated,
            total=digest.calls.this_week,
            definition=metrics.ESCALATED_SHARE.definition(language),
        ),
    ]
    if digest.pareto:
        out += [
            "",
            f"## {say('digest_h_downtime', language)}",
            "",
            f"{metrics.DOWNTIME.label(language)}: **{digest.downtime_minutes:,} min** — "
            f"_{metrics.DOWNTIME.definition(language)}_",
            "",
            _row(say("digest_cols_pareto", language).split(" | ")),
            _rule(5),
        ]
        out += [
            _row(
                [
                    _reason(r.reason, language),
                    f"{r.minutes:,}",
                    str(r.stops),
                    f"{r.share:.1%}",
                    f"{r.cumulative:.1%}",
                ]
            )
            for r in digest.pareto
        ]
        out += _image(images, "downtime_pareto")
    if digest.output is not None:
        out += [
            "",
            f"## {say('digest_h_output', language)}",
            "",
            _row(say("digest_cols_output", language).split(" | ")),
            _rule(5),
        ]
        total_plan, total_out = sum(r.planned for r in digest.output), sum(r.output for r in digest.output)
        for r in digest.output:
            out.append(
                _row([r.line, f"{r.planned:,}", f"{r.output:,}", _percent(r.attainment, 1), f"{r.scrap:,}"])
            )
        out.append(
            _row(
                [
                    say("digest_total", language),
                    f"{total_plan:,}",
                    f"{total_out:,}",
                    _percent(_attainment(digest), 1),
                    f"{sum(r.scrap for r in digest.output):,}",
                ]
            )
        )
        if digest.defects is not None:
            out += [
                "",
                say(
                    "digest_defects_line",
                    language,
                    defects=f"{digest.defects:,}",
                    types=_types(digest, language),
                ),
            ]
        out += _image(images, "output_vs_plan")
    out += [
        "",
        f"## {say('digest_h_problems', language)}",
        "",
        say(
            "digest_problems_line",
            language,
            opened=digest.problems_opened,
            resolved=digest.problems_resolved,
            closed=digest.problems_closed,
        ),
        "",
        _row(say("digest_cols_aging", language).split(" | ")),
        _rule(3),
    ]
    out += [_row([_age(b, language), str(b.count), _owners(b, language, limit=6)]) for b in digest.aging]
    if digest.offenders:
        out += ["", f"## {say('digest_h_offenders', language)}", ""]
        out += [
            say(
                "digest_offender_line",
                language,
                n=n,
                station=o.station,
                line=o.line,
                category=word(o.category, language),
                calls=o.calls,
                reason=o.reason,
                minutes=round(o.minutes_open),
            )
            for n, o in enumerate(digest.offenders, 1)
        ]
    out += handover_digest.markdown_lines(digest.handovers, language)
    if digest.audits:
        out += audit_digest.digest_markdown(digest.audits, language)
    if digest.safety is not None and digest.safety.areas:
        out += ["", *safety_digest_markdown(digest.safety, language)]
    if digest.tip and digest.top_category:
        out += [
            "",
            f"## {say('digest_h_tip', language)}",
            "",
            say("digest_tip", language, category=word(digest.top_category, language), tip=digest.tip).replace(
                "*", "**"
            ),
        ]
    out += tier_digest_markdown(digest.tier, language)
    if digest.projects is not None:
        out += digest_markdown(digest.projects, language)
    return "\n".join(out) + "\n"


def _items(changes: list[Change], language: Language, *, limit: int, words: bool = False) -> str:
    shown = [c for c in changes if c.this_week or c.last_week][:limit]
    return " · ".join(
        f"{word(c.label, language) if words else c.label} {c.this_week} ({change_text(c, language)})"
        for c in shown
    )


def _change_table(changes: list[Change], what: str, language: Language, *, words: bool = False) -> list[str]:
    rows = [_row(say("digest_cols_change", language, what=what).split(" | ")), _rule(4)]
    for c in changes:
        label = word(c.label, language) if words else c.label
        rows.append(_row([label, str(c.this_week), str(c.last_week), change_text(c, language)]))
    return rows


def _definitions(language: Language) -> str:
    parts = [f"{m.label(language)}: {m.definition(language)}" for m in metrics.DURATION_METRICS]
    parts.append(f"{metrics.ESCALATED_SHARE.label(language)}: {metrics.ESCALATED_SHARE.definition(language)}")
    return "; ".join(parts)


def _attainment(digest: Digest) -> float | None:
    planned = sum(r.planned for r in digest.output or [])
    return sum(r.output for r in digest.output or []) / planned if planned else None


def _types(digest: Digest, language: Language) -> str:
    if not digest.defect_types:
        return ""
    items = ", ".join(f"{name} {qty}" for name, qty in digest.defect_types[:3])
    return f" ({items})" if language == "en" else f"（{items}）"


def _age(bucket: AgingBucket, language: Language) -> str:
    days = say("digest_days", language)
    return f"> {bucket.low} {days}" if bucket.high is None else f"{bucket.low}–{bucket.high} {days}"


def _owners(bucket: AgingBucket, language: Language, *, limit: int) -> str:
    if not bucket.owners:
        return say("digest_none", language)
    shown = [f"{owner or say('digest_unassigned', language)} {n}" for owner, n in bucket.owners[:limit]]
    return ", ".join(shown) + (" …" if len(bucket.owners) > limit else "")


def _reason(reason: str, language: Language) -> str:
    return word("other", language) if reason == "other" else reason


def _percent(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}%}"


def _image(images: dict[str, str], stem: str) -> list[str]:
    return ["", f"![{stem}]({images[stem]})"] if stem in images else []


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _rule(columns: int) -> str:
    return "|" + "---|" * columns
