"""What 5S/6S audits say, in English and Simplified Chinese."""

from __future__ import annotations

from bot.texts import register
from bot.types import Language

#: The S by key: English name (with its Japanese name) and Chinese name.
S_NAMES: dict[str, tuple[str, str]] = {
    "sort": ("Sort (Seiri)", "整理"),
    "set_in_order": ("Set in order (Seiton)", "整顿"),
    "shine": ("Shine (Seiso)", "清扫"),
    "standardize": ("Standardize (Seiketsu)", "清洁"),
    "sustain": ("Sustain (Shitsuke)", "素养"),
    "safety": ("Safety", "安全"),
}

register(
    {
        "audit_usage": (
            "Start an audit with `5s L3` or `6s tool room`; score every S at once with "
            '`5s L3 4 3 5 2 4 "oil under press 2"`; see the scores over time with `5s trend L3`.',
            "开始审核：`5S审核 3号线` 或 `6S审核 工具间`；一次打完每个S的分：`5S审核 3号线 4 3 5 2 4 "
            '"2号压机下有油"`；查看历次得分：`5S审核 趋势 3号线`。',
        ),
        "audit_started": (
            "{kind} audit #{id} of {area} ({count} checks). Score each check from 1 (poor) to 5 "
            "(excellent); add a note with `5s note <text>` and send photos with any message.",
            "{kind}审核 #{id}：{area}（共 {count} 项）。每项按 1（差）到 5（优）打分；"
            "用 `5S审核 备注 <内容>` 添加备注，照片可随任意消息发送。",
        ),
        "audit_resumed": (
            "Your {kind} audit #{id} of {area} is still open; carrying on.",
            "你对{area}的{kind}审核 #{id} 尚未完成，继续进行。",
        ),
        "audit_item": ("Check {n}/{total} · {s}: *{text}*", "第 {n}/{total} 项 · {s}：*{text}*"),
        "audit_scored": ("{s} {n}: {score}/5.", "{s} 第 {n} 项：{score} 分。"),
        "audit_skipped": ("{s} {n}: skipped.", "{s} 第 {n} 项：跳过。"),
        "audit_btn_skip": ("Skip", "跳过"),
        "audit_btn_cancel": ("Cancel audit", "取消审核"),
        "audit_done_title": (
            "{kind} audit #{id} · {area}: {score}/5",
            "{kind}审核 #{id} · {area}：{score}/5",
        ),
        "audit_done": (
            "{kind} audit #{id} of {area} done by {auditor}: overall *{score}/5*.",
            "{auditor} 完成了{area}的{kind}审核 #{id}：总分 *{score}/5*。",
        ),
        "audit_overall": ("Overall", "总分"),
        "audit_problems": (
            "Opened {count} problem(s) for scores below {threshold}:",
            "已为低于 {threshold} 分的项目开立 {count} 个问题：",
        ),
        "audit_problem_line": (
            "• {ref} {title} · owner (suggested): {owner} · due {due}",
            "• {ref} {title} · 建议负责人：{owner} · {due} 到期",
        ),
        "audit_no_problems": (
            "No score below {threshold}: no problems opened.",
            "没有低于 {threshold} 分的项目，未开立问题。",
        ),
        "audit_problem_title": (
            "{kind} {area} · {s}: {text} ({score}/5)",
            "{kind} {area} · {s}：{text}（{score} 分）",
        ),
        "audit_problem_title_s": ("{kind} {area} · {s} scored {score}/5", "{kind} {area} · {s}仅 {score} 分"),
        "audit_problem_description": (
            "Found in {kind} audit #{id} by {auditor}. Suggested owner: {owner}.",
            "来自 {auditor} 的{kind}审核 #{id}。建议负责人：{owner}。",
        ),
        "audit_cols_problems": (
            "Problem | Check | Score | Owner (suggested) | Due",
            "问题 | 检查项 | 得分 | 建议负责人 | 到期",
        ),
        "audit_wrong_count": (
            "A {kind} audit in one line takes {count} scores from 1 to 5, one per S, e.g. `{example}`.",
            "一行完成的{kind}审核需要 {count} 个 1 到 5 的分数，每个S一个，例如：`{example}`。",
        ),
        "audit_bad_score": ("Scores go from 1 to 5.", "分数为 1 到 5。"),
        "audit_not_found": ("There is no 5S audit #{id}.", "没有 5S 审核 #{id}。"),
        "audit_bad_id": ("*{given}* is not an audit number.", "*{given}* 不是审核编号。"),
        "audit_not_open": (
            "Audit #{id} is no longer in progress ({status}); it cannot be changed.",
            "审核 #{id} 已不在进行中（{status}），不能再修改。",
        ),
        "audit_already_scored": (
            "Check {item} of audit #{id} was already scored by {actor}.",
            "审核 #{id} 的检查项 {item} 已由 {actor} 评分。",
        ),
        "audit_unknown_item": ("Audit #{id} has no check {item}.", "审核 #{id} 没有检查项 {item}。"),
        "audit_none_open": (
            "You have no audit in progress; start one with `5s L3`.",
            "你没有进行中的审核；用 `5S审核 3号线` 开始。",
        ),
        "audit_note_added": ("Note added to audit #{id}.", "已为审核 #{id} 添加备注。"),
        "audit_photos_kept": (
            "{count} photo(s) kept with audit #{id}.",
            "已为审核 #{id} 保存 {count} 张照片。",
        ),
        "audit_cancelled": ("Audit #{id} cancelled by {actor}.", "审核 #{id} 已由 {actor} 取消。"),
        "audit_template_invalid": (
            "The audit checklist {file} is not valid: {problem}",
            "审核检查表 {file} 有误：{problem}",
        ),
        "audit_no_template": (
            "There is no audit checklist for areas of kind {kind}.",
            "没有 {kind} 类区域的审核检查表。",
        ),
        "audit_trend_none": ("No finished 5S audits of {area} yet.", "{area}还没有已完成的 5S 审核。"),
        "audit_trend_title": ("5S scores · {area}", "5S 得分 · {area}"),
        "audit_trend": (
            "{count} audits of {area}; latest {latest}/5 on {date}, average {average}/5.",
            "{area}共 {count} 次审核；最近一次 {date} {latest} 分，平均 {average} 分。",
        ),
        "audit_cols_trend": ("Date | Type | Auditor | Overall", "日期 | 类型 | 审核人 | 总分"),
        "audit_reminder_due": (
            "📋 The weekly {kind} audit of {area} is due today; auditor this week: {auditor}. "
            "Start it with `{command}`.",
            "📋 今天应完成{area}的每周{kind}审核，本周审核人：{auditor}。输入 `{command}` 开始。",
        ),
        "audit_reminder_late": (
            "⏰ The weekly {kind} audit of {area} was due {due} and is not done yet; auditor: {auditor}. "
            "Start it with `{command}`.",
            "⏰ {area}的每周{kind}审核应于 {due} 完成，至今未做；审核人：{auditor}。输入 `{command}` 开始。",
        ),
        "audit_schedule_invalid": (
            "The audit schedule {file} is not valid: {problem}",
            "审核排程 {file} 有误：{problem}",
        ),
        "audit_no_owner": ("no area owner set", "区域未设负责人"),
    }
)


def s_name(s: str, language: Language) -> str:
    """An S's name in `language`.

    >>> s_name("set_in_order", "en"), s_name("set_in_order", "zh")
    ('Set in order (Seiton)', '整顿')
    """
    english, chinese = S_NAMES[s]
    return chinese if language == "zh" else english


def audit_kind(audit_type: str, language: Language) -> str:
    """ "5S" or "6S" (the same in both languages)."""
    del language
    return audit_type.upper()
