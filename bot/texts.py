"""Every sentence Gemba says, in English and Simplified Chinese.

`say(key, language, **values)` picks the sentence and fills in the values; a test checks
that every key has both languages and the same placeholders in each. Areas with many
sentences of their own (the digest, escalation) keep them beside their code and add them
with `register`.
"""

from __future__ import annotations

from bot.types import Language

TEXTS: dict[str, tuple[str, str]] = {
    # Generic
    "empty_message": (
        "Say something, or type *help* to see what I can do.",
        "请输入内容，或输入 *帮助* 查看我能做什么。",
    ),
    "message_cut": (
        "(Your message was longer than {limit} characters; I read only the first {limit}.)",
        "（消息超过 {limit} 个字符，只读取了前 {limit} 个。）",
    ),
    "unknown_command": ("I don't know the command *{command}*.", "没有 *{command}* 这个命令。"),
    "unexpected_error": (
        "Something went wrong on my side. Please try again; if it persists, tell your admin "
        "the reference {ref}.",
        "出错了，请重试；如果仍然出错，请把编号 {ref} 告诉管理员。",
    ),
    "store_unavailable": (
        "I can't reach the operations database right now, so nothing was changed. "
        "Please try again in a minute (reference {ref}).",
        "暂时连不上运营数据库，没有做任何更改。请稍后再试（编号 {ref}）。",
    ),
    "not_configured_ask": ("Data questions are not set up on this Gemba.", "此 Gemba 尚未配置数据问答。"),
    "not_configured_how": ("Playbook search is not set up on this Gemba.", "此 Gemba 尚未配置作业指导检索。"),
    "usage": ("Usage: `{usage}`", "用法：`{usage}`"),
    # Locations
    "missing_line": ("Which line? Valid lines: {valid}.", "请指明产线。可用产线：{valid}。"),
    "unknown_line": (
        "There is no line *{given}*. Valid lines: {valid}.",
        "没有产线 *{given}*。可用产线：{valid}。",
    ),
    "no_lines": (
        "No lines are set up yet. Run `gemba demo-data` or import your lines first.",
        "还没有配置产线。请先运行 `gemba demo-data` 或导入产线。",
    ),
    "unknown_station": (
        "Line {line} has no station *{given}*. Its stations: {valid}.",
        "{line} 没有工位 *{given}*。该产线的工位：{valid}。",
    ),
    # Andon
    "andon_missing_reason": (
        "What is the reason? e.g. `andon L3 WD-03 material shortage`.",
        "请说明原因，例如：`安灯 L3 WD-03 缺料`。",
    ),
    "andon_raised": (
        "Andon {ref} raised on {location} ({category}): {reason}. The team is notified.",
        "安灯 {ref} 已拉下：{location}（{category}）：{reason}。已通知相关人员。",
    ),
    "andon_not_found": ("There is no andon call {ref}.", "没有安灯呼叫 {ref}。"),
    "andon_bad_id": (
        "*{given}* is not an andon call number; use e.g. A17 or 17.",
        "*{given}* 不是安灯编号，请使用如 A17 或 17。",
    ),
    "andon_illegal": (
        "Andon {ref} is {status}; it cannot be {action}.",
        "安灯 {ref} 当前为{status}，不能{action}。",
    ),
    "andon_already": (
        "Andon {ref} was already {action} by {actor} at {time}.",
        "安灯 {ref} 已由 {actor} 于 {time} {action}，无需重复操作。",
    ),
    "andon_illegal_by": (
        "Andon {ref} was {done} by {actor} at {time}; it cannot be {action}.",
        "安灯 {ref} 已由 {actor} 于 {time} {done}，不能{action}。",
    ),
    "andon_already_escalated": (
        "Andon {ref} was already escalated to level {level} by {actor} at {time}.",
        "安灯 {ref} 已由 {actor} 于 {time} 升级到第 {level} 级，无需重复升级。",
    ),
    "andon_top_level": (
        "Andon {ref} is at level {level}, the last level of its escalation ladder; "
        "there is nobody further up to call.",
        "安灯 {ref} 已在第 {level} 级，即升级路径的最后一级，无法继续升级。",
    ),
    "andon_reason_cut": (
        "(Only the first {limit} characters of the reason are kept.)",
        "（原因只保存了前 {limit} 个字符。）",
    ),
    "andon_done": (
        "Andon {ref} {action} by {actor} at {time}.",
        "安灯 {ref} 已由 {actor} 于 {time} {action}。",
    ),
    "andon_card_title": ("Andon {ref} · {location}", "安灯 {ref} · {location}"),
    # Problems
    "problem_missing_title": (
        "Give the problem a title, e.g. `problem Oil leak at PR-07: hose weeping`.",
        "请给问题一个标题，例如：`问题 PR-07 漏油：油管渗漏`。",
    ),
    "problem_opened": (
        "Problem {ref} logged: {title} ({category}, {priority}, due {due}).",
        "问题 {ref} 已登记：{title}（{category}，{priority}，{due} 到期）。",
    ),
    "problem_not_found": ("There is no problem {ref}.", "没有问题 {ref}。"),
    "problem_bad_id": (
        "*{given}* is not a problem number; use e.g. P5.",
        "*{given}* 不是问题编号，请使用如 P5。",
    ),
    "problem_illegal": (
        "Problem {ref} is {status}; it cannot be {action}.",
        "问题 {ref} 当前为{status}，不能{action}。",
    ),
    "problem_already": (
        "Problem {ref} was already {action} by {actor} at {time}.",
        "问题 {ref} 已由 {actor} 于 {time} {action}，无需重复操作。",
    ),
    "problem_illegal_by": (
        "Problem {ref} was {done} by {actor} at {time}; it cannot be {action}.",
        "问题 {ref} 已由 {actor} 于 {time} {done}，不能{action}。",
    ),
    "problem_already_assigned": (
        "Problem {ref} was already assigned to {assignee} by {actor} at {time}.",
        "问题 {ref} 已由 {actor} 于 {time} 指派给 {assignee}。",
    ),
    "problem_text_cut": (
        "(Only the first {limit} characters of the {what} are kept.)",
        "（{what}只保存了前 {limit} 个字符。）",
    ),
    "record_busy": (
        "{ref} is being changed by somebody else right now; please try again.",
        "{ref} 正在被其他人修改，请重试。",
    ),
    "one_record": (
        "One record at a time: `{command} {first}`, then `{command} {second}`.",
        "一次只能处理一条记录：先 `{command} {first}`，再 `{command} {second}`。",
    ),
    "problem_done": (
        "Problem {ref} {action} by {actor} at {time}.",
        "问题 {ref} 已由 {actor} 于 {time} {action}。",
    ),
    "problem_assigned": (
        "Problem {ref} assigned to {assignee} by {actor} at {time}.",
        "问题 {ref} 已由 {actor} 于 {time} 指派给 {assignee}。",
    ),
    "bad_option": ("I can't read *{given}*: {why}.", "无法识别 *{given}*：{why}。"),
    "problems_none": ("No open problems. 👍", "没有未关闭的问题。👍"),
    "problems_title": ("Open problems ({count})", "未关闭的问题（{count}）"),
    # Status
    "status_title": ("Status · {scope} · {day}", "状态 · {scope} · {day}"),
    "status_all_lines": ("all lines", "全部产线"),
    "status_open_calls": ("Open andon calls", "未关闭安灯"),
    "status_raised_today": ("Raised today", "今日拉灯"),
    "status_resolved_today": ("Resolved today", "今日解决"),
    "status_mtta_today": ("MTTA today", "今日平均响应"),
    "status_mttr_today": ("MTTR today", "今日平均解决"),
    "status_open_problems": ("Open problems", "未关闭问题"),
    "status_overdue_problems": ("Overdue problems", "逾期问题"),
    "status_none_open": ("No open andon calls. ✅", "没有未关闭的安灯。✅"),
    # Help
    "help_title": ("Gemba — what I can do", "Gemba 能做什么"),
    "help_footer": (
        "Or just ask a question in plain words, e.g. _how many andon calls on line 3 last week?_ "
        "or _how do we run a 5 Whys?_",
        "也可以直接提问，例如：_上周3号线有多少次安灯？_ 或 _怎么做5个为什么分析？_",
    ),
    "playbook_hint": (
        "📘 Playbook: {title} — ask *how* for the steps.",
        "📘 作业指导：{title}——发送 *怎么* 查看步骤。",
    ),
}

# Words for states, actions and categories, shown inside the sentences above.
WORDS: dict[str, tuple[str, str]] = {
    "raised": ("raised", "已拉下"),
    "acknowledged": ("acknowledged", "已确认"),
    "resolved": ("resolved", "已解决"),
    "cancelled": ("cancelled", "已取消"),
    "open": ("open", "待处理"),
    "in_progress": ("in progress", "处理中"),
    "closed": ("closed", "已关闭"),
    "rejected": ("rejected", "已驳回"),
    "acknowledge": ("acknowledged", "确认"),
    "resolve": ("resolved", "解决"),
    "cancel": ("cancelled", "取消"),
    "escalate": ("escalated", "升级"),
    "start": ("started", "开始处理"),
    "close": ("closed", "关闭"),
    "reject": ("rejected", "驳回"),
    "assign": ("assigned", "指派"),
    "material": ("material", "物料"),
    "quality": ("quality", "质量"),
    "equipment": ("equipment", "设备"),
    "safety": ("safety", "安全"),
    "process": ("process", "工艺"),
    "other": ("other", "其他"),
    "5s": ("5S", "5S"),
    "low": ("low", "低"),
    "normal": ("normal", "普通"),
    "medium": ("medium", "中"),
    "high": ("high", "高"),
    "critical": ("critical", "紧急"),
    "state": ("State", "状态"),
    "location": ("Location", "位置"),
    "reason": ("Reason", "原因"),
    "elapsed": ("Elapsed", "已用时"),
    "escalation": ("Escalation", "升级"),
    "raised_by": ("Raised by", "拉灯人"),
    "owner": ("Owner", "负责人"),
    "due": ("Due", "到期"),
    "priority": ("Priority", "优先级"),
    "category": ("Category", "类别"),
    "level": ("level {level}", "第 {level} 级"),
    "btn_ack": ("Acknowledge", "确认"),
    "btn_resolve": ("Resolve", "解决"),
    "btn_escalate": ("Escalate", "升级"),
    "btn_assign_me": ("Assign to me", "指派给我"),
    "btn_start": ("Start", "开始"),
    "btn_close": ("Close", "关闭"),
    "unassigned": ("unassigned", "未指派"),
    "title": ("title", "标题"),
    "description": ("details", "详情"),
    "none": ("none", "无"),
    "age": ("Age", "已开"),
}


def register(texts: dict[str, tuple[str, str]]) -> None:
    """Add an area's sentences (e.g. the digest's) to the table; keys must be new."""
    clashes = TEXTS.keys() & texts.keys()
    if clashes:
        raise ValueError(f"text keys defined twice: {sorted(clashes)}")
    TEXTS.update(texts)


def say(key: str, language: Language, **values: object) -> str:
    """The sentence `key` in `language` with `values` filled in.

    >>> say("andon_not_found", "en", ref="A9")
    'There is no andon call A9.'
    >>> say("andon_not_found", "zh", ref="A9")
    '没有安灯呼叫 A9。'
    """
    english, chinese = TEXTS[key]
    return (chinese if language == "zh" else english).format(**values)


def word(key: str, language: Language, **values: object) -> str:
    """A single word or label (a state, action or category) in `language`.

    >>> word("acknowledged", "zh"), word("material", "en")
    ('已确认', 'material')
    """
    english, chinese = WORDS.get(key, (key, key))
    return (chinese if language == "zh" else english).format(**values)
