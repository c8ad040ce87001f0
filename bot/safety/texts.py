"""Everything the safety routine says, in English and Simplified Chinese."""

from __future__ import annotations

from bot.texts import register
from bot.types import Language

_KIND_WORDS = {
    "near_miss": ("near miss", "未遂事件"),
    "unsafe_act": ("unsafe act", "不安全行为"),
    "unsafe_condition": ("unsafe condition", "不安全状态"),
    "injury": ("injury", "受伤"),
}
_LEVEL_WORDS = {
    "low": ("low", "低"),
    "medium": ("medium", "中"),
    "high": ("high", "高"),
    "critical": ("critical", "严重"),
}
#: Who an escalation of each level calls.
ROLES = {1: ("EHS manager", "EHS 经理"), 2: ("plant manager", "厂长")}


def kind_word(kind: str, language: Language) -> str:
    """The kind of observation in `language`.

    >>> kind_word("near_miss", "en"), kind_word("near_miss", "zh")
    ('near miss', '未遂事件')
    """
    english, chinese = _KIND_WORDS.get(kind, (kind, kind))
    return chinese if language == "zh" else english


def level_word(level: str, language: Language) -> str:
    """A severity in `language`.

    >>> level_word("critical", "zh")
    '严重'
    """
    english, chinese = _LEVEL_WORDS.get(level, (level, level))
    return chinese if language == "zh" else english


def role(level: int, language: Language) -> str:
    """Who an escalation to `level` calls, in `language`."""
    english, chinese = ROLES[min(max(level, 1), 2)]
    return chinese if language == "zh" else english


register(
    {
        "safety_recorded": (
            "🦺 Safety observation {ref} recorded: {kind} · {severity} · {place}.",
            "🦺 安全观察 {ref} 已记录：{kind} · {severity} · {place}。",
        ),
        "safety_inferred": (
            "(From your words I read it as: {kind}. Add `kind:near_miss|unsafe_act|unsafe_condition|injury` "
            "to say otherwise.)",
            "（根据描述判断为{kind}；如不对，请加上 `类型:未遂|不安全行为|不安全状态|受伤`。）",
        ),
        "safety_assumed_kind": (
            "(Your words did not say which kind, so I recorded an {kind}; add `kind:…` to say otherwise.)",
            "（描述中看不出类别，已记为{kind}；如不对，请加上 `类型:…`。）",
        ),
        "safety_assumed_severity": (
            "(Severity {severity} assumed; add `severity:low|medium|high|critical`.)",
            "（严重度默认为{severity}；可加上 `级别:低|中|高|严重`。）",
        ),
        "safety_notified": ("EHS owner {owner} is notified.", "已通知 EHS 负责人 {owner}。"),
        "safety_notified_channel": ("The EHS channel is notified.", "已通知 EHS 频道。"),
        "safety_not_notified": (
            "No safety channel is set up (GEMBA_SAFETY_CHANNEL), and posting it here would name you: "
            "nobody was told yet. Please tell the EHS owner {owner}.",
            "尚未设置安全频道（GEMBA_SAFETY_CHANNEL），在此发布会暴露您的身份，因此尚未通知任何人。"
            "请告知 EHS 负责人 {owner}。",
        ),
        "safety_escalated": (
            "⏫ Severity {severity}: escalated to the {role} at once.",
            "⏫ 严重度{severity}：已立即升级到{role}。",
        ),
        "safety_anonymous": (
            "🔒 Reported anonymously: your name is not stored with this report, in its log or its messages.",
            "🔒 已匿名提交：本报告、其日志和通知中都不会保存您的姓名。",
        ),
        "safety_photos": ("📷 {count} photo(s) kept with it.", "📷 已保存 {count} 张照片。"),
        "safety_andon": ("Linked to andon {andon}.", "已关联安灯 {andon}。"),
        "safety_missing_area": (
            "Where was it? Name the area (e.g. `area:L3`, `area:TOOL`) or press one: {valid}.",
            "在哪里发生的？请写明区域（例如 `区域:L3`、`区域:TOOL`），或点选：{valid}。",
        ),
        "safety_missing_text": (
            "What happened? e.g. `safety L3 forklift nearly hit a walker at the crossing` "
            "(add `anonymous` to stay anonymous).",
            "发生了什么？例如：`安全 3号线 叉车在路口差点撞到人`（加上 `匿名` 可匿名提交）。",
        ),
        "safety_bad_option": (
            "I don't know {option} *{value}*. Use {valid}.",
            "无法识别{option} *{value}*。可用：{valid}。",
        ),
        "safety_not_found": ("There is no safety observation {ref}.", "没有安全观察 {ref}。"),
        "safety_bad_id": (
            "*{given}* is not a safety observation number (e.g. S12).",
            "*{given}* 不是安全观察编号（例如 S12）。",
        ),
        "safety_already_closed": (
            "{ref} was already closed by {actor} at {time}.",
            "{ref} 已由 {actor} 于 {time} 关闭。",
        ),
        "safety_closed": ("✅ {ref} closed by {actor} at {time}.", "✅ {ref} 已由 {actor} 于 {time} 关闭。"),
        "safety_alert": (
            "🦺 Safety {ref} · {place} · {kind} · {severity}\n{description}\nEHS owner: {owner} · {who}",
            "🦺 安全观察 {ref} · {place} · {kind} · {severity}\n{description}\nEHS 负责人：{owner} · {who}",
        ),
        "safety_by": ("reported by {reporter}", "报告人：{reporter}"),
        "safety_by_anonymous": ("reported anonymously", "匿名报告"),
        "safety_alert_escalated": (
            "⏫ Safety {ref} is {severity} ({kind} at {place}): the {role} is called at once.\n{description}",
            "⏫ 安全观察 {ref} 严重度{severity}（{place} 的{kind}）：已立即通知{role}。\n{description}",
        ),
        "safety_close_button": ("Close {ref}", "关闭 {ref}"),
        "safety_list_title": ("Latest safety observations", "最近的安全观察"),
        "safety_list_empty": ("No safety observations yet.", "还没有安全观察记录。"),
        "safety_stats_title": (
            "Safety this month ({month}): observations per area and days since the last injury",
            "本月（{month}）安全统计：各区域观察数及距上次受伤天数",
        ),
        "safety_no_injury": ("none recorded", "无记录"),
        "safety_column_ref": ("Ref", "编号"),
        "safety_column_when": ("When", "时间"),
        "safety_column_area": ("Area", "区域"),
        "safety_column_kind": ("Kind", "类别"),
        "safety_column_severity": ("Severity", "严重度"),
        "safety_column_status": ("Status", "状态"),
        "safety_column_what": ("What", "内容"),
        "safety_column_days": ("Days since injury", "距上次受伤天数"),
        "safety_word_kind": ("kind", "类型"),
        "safety_word_severity": ("severity", "严重度"),
        "safety_digest": (
            "🦺 Safety: {total} observations ({near_miss} near misses, {unsafe_act} unsafe acts, "
            "{unsafe_condition} unsafe conditions, {injury} injuries). Days since last injury: {days}.",
            "🦺 安全：共 {total} 条观察（未遂 {near_miss}、不安全行为 {unsafe_act}、不安全状态 "
            "{unsafe_condition}、受伤 {injury}）。距上次受伤天数：{days}。",
        ),
        "safety_digest_heading": ("Safety", "安全"),
        "safety_board_title": ("Safety", "安全"),
        "safety_board_near_misses": ("Near misses this week", "本周未遂事件"),
        "safety_board_days": ("Days since last injury", "距上次受伤天数"),
    }
)
