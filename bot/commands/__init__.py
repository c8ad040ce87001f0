"""Every chat command, in the order `help` lists them.

Each command names its handler as "module:function" (see `Command`): routing a message reads
only this table, and a command's module (its models, services and libraries) is imported when
that command runs. A plain-language question loads none of them.
"""

from __future__ import annotations

from bot.commands.registry import Command, Context
from bot.improve.parse import STEP_NAMES

COMMANDS: tuple[Command, ...] = (
    Command(
        "andon",
        ("安灯", "拉灯"),
        "bot.commands.andon:raise_call",
        ("andon <line> [station] <reason…>", "安灯 <产线> [工位] <原因…>"),
        ("raise an andon call", "拉下安灯"),
    ),
    Command(
        "ack",
        ("确认", "acknowledge", "响应"),
        "bot.commands.andon:acknowledge",
        ("ack <id>", "确认 <编号>"),
        ("acknowledge an andon call", "确认安灯呼叫"),
    ),
    Command(
        "resolve",
        ("解决",),
        "bot.commands.andon:resolve",
        ("resolve <id> [note]", "解决 <编号> [说明]"),
        ("resolve an andon call or problem", "解决安灯或问题"),
    ),
    Command(
        "cancel",
        ("取消",),
        "bot.commands.andon:cancel",
        ("cancel <id>", "取消 <编号>"),
        ("cancel an andon call raised by mistake", "取消误拉的安灯"),
    ),
    Command(
        "escalate",
        ("升级",),
        "bot.commands.andon:escalate_command",
        ("escalate <id> [level:N]", "升级 <编号> [级别:N]"),
        ("escalate an andon call to the next level", "将安灯升级到下一级"),
    ),
    Command(
        "problem",
        ("问题", "报告问题"),
        "bot.commands.problems:open_problem",
        ("problem <title>[: details] [line:L3] [priority:high]", "问题 <标题>[：详情] [产线:L3] [优先级:高]"),
        ("log a problem report", "登记问题"),
    ),
    Command(
        "problems",
        ("问题列表", "待办"),
        "bot.commands.problems:list_open",
        ("problems", "问题列表"),
        ("list open problems", "列出未关闭的问题"),
    ),
    Command(
        "assign",
        ("指派",),
        "bot.commands.problems:assign",
        ("assign <P-id> <name|me>", "指派 <问题编号> <姓名|我>"),
        ("assign a problem to someone", "指派问题负责人"),
    ),
    Command(
        "start",
        ("开始",),
        "bot.commands.problems:start",
        ("start <P-id>", "开始 <问题编号>"),
        ("start work on a problem", "开始处理问题"),
    ),
    Command(
        "close",
        ("关闭",),
        "bot.commands.problems:close",
        ("close <P-id>", "关闭 <问题编号>"),
        ("close a resolved problem", "关闭已解决的问题"),
    ),
    Command(
        "reject",
        ("驳回",),
        "bot.commands.problems:reject",
        ("reject <P-id> [reason]", "驳回 <问题编号> [原因]"),
        ("reject a problem report", "驳回问题"),
    ),
    Command(
        "snooze",
        ("稍后提醒", "推迟提醒"),
        "bot.commands.followup:snooze_command",
        ("snooze <P-id> [days]", "稍后提醒 <问题编号> [天数]"),
        ("pause overdue reminders for a problem", "暂停某个问题的逾期提醒"),
    ),
    Command(
        "status",
        ("状态",),
        "bot.commands.status:status",
        ("status [line]", "状态 [产线]"),
        ("open andon calls and today's figures", "未关闭安灯和今日指标"),
    ),
    Command(
        "ask",
        ("问", "查询"),
        "bot.commands.ask:ask",
        ("ask <question>", "问 <问题>"),
        ("answer a question about operations data", "查询运营数据"),
    ),
    Command(
        "how",
        ("怎么", "如何"),
        "bot.commands.how:how",
        ("how <topic>", "怎么 <主题>"),
        ("key steps from the lean playbooks", "查找精益作业指导"),
    ),
    Command(
        "digest",
        ("周报",),
        "bot.commands.digest:digest",
        ("digest [line] [2026-W46]", "周报 [产线] [2026-W46]"),
        ("a week's digest (last week by default)", "周报（默认上周）"),
    ),
    Command(
        "board",
        ("看板登录", "看板"),
        "bot.commands.board:board_login",
        ("board login", "看板登录"),
        ("a one-time link to sign in to the web board and chat", "获取一次性链接，登录网页看板和对话"),
    ),
    Command(
        "handover",
        ("交接", "交接班"),
        "bot.handover.commands:handover",
        (
            "handover <line> [quality: … | safety: … | watch: …] · handover confirm <H-id>",
            "交接 <产线> [质量：… | 安全：… | 关注：…] · 确认交接 <编号>",
        ),
        ("hand the shift over to the next one", "交接班"),
    ),
    Command(
        "confirm-handover",
        ("确认交接", "接班"),
        "bot.handover.commands:confirm_handover",
        ("handover confirm <H-id>", "确认交接 <编号>"),
        ("confirm receipt of a handover (its button)", "确认接收交接（按钮）"),
    ),
    Command(
        "handovers",
        ("交接记录",),
        "bot.handover.commands:handovers",
        ("handovers <line>", "交接记录 <产线>"),
        ("a line's recent handovers", "产线最近的交接记录"),
    ),
    Command(
        "5s",
        ("5S审核", "五S"),
        "bot.audits.commands:run_5s",
        (
            '5s <area> [5 scores] ["note"] | 5s note <text> | 5s trend <area>',
            '5S审核 <区域> [5个分数] ["备注"] | 5S审核 趋势 <区域>',
        ),
        (
            "5S audit of an area: walk the checklist or score it in one line",
            "区域 5S 审核：逐项打分或一行打分",
        ),
    ),
    Command(
        "6s",
        ("6S审核", "六S"),
        "bot.audits.commands:run_6s",
        ('6s <area> [6 scores] ["note"]', '6S审核 <区域> [6个分数] ["备注"]'),
        ("6S audit: 5S plus safety", "6S 审核：5S 加安全"),
    ),
    Command(
        "tier",
        ("早会", "班组早会", "站会"),
        "bot.tier.commands:tier",
        (
            "tier <line> | tier ok <T12> | tier item <T12> [problem] <text> | tier minutes <line>",
            "早会 <产线> | 早会 确认 <T12> | 早会 事项 <T12> [问题] <内容> | 早会纪要 <产线>",
        ),
        (
            "tier meeting (daily stand-up): post the board, ✅, raise an item",
            "班组早会：发布看板、确认、提出事项",
        ),
    ),
    Command(
        "tier-minutes",
        ("早会纪要",),
        "bot.tier.commands:tier_minutes",
        ("tier-minutes <line or T12>", "早会纪要 <产线或 T12>"),
        ("the last tier meeting's minutes", "上次早会的纪要"),
    ),
    Command(
        "safety",
        ("安全", "安全观察", "ehs", "esh"),
        "bot.safety.commands:run",
        (
            "safety [anonymous] <what happened> [area:L3] [kind:near_miss] [severity:high]"
            " · safety list|stats|close S<n>",
            "安全 [匿名] <发生了什么> [区域:L3] [类型:未遂] [级别:高] · 安全 列表|统计|关闭 S<编号>",
        ),
        ("report a safety observation or near miss", "报告安全观察或未遂事件"),
    ),
    Command(
        "improve",
        ("改善", "改进"),
        "bot.improve.commands:improve",
        (
            "improve <title> | from P<id> | from andon <line> [category] | list | J<id> "
            f"[{'|'.join(name for name, _ in STEP_NAMES)}]",
            "改善 <标题> | 来自 P<编号> | 来自 安灯 <产线> [类别] | 列表 | J<编号> "
            f"[{'|'.join(zh for _, zh in STEP_NAMES)}]",
        ),
        ("improvement projects through PDCA / A3", "精益改善项目（PDCA / A3）"),
    ),
    Command(
        "help",
        ("帮助", "?", "？", "h"),
        "bot.commands.help:help_command",
        ("help", "帮助"),
        ("this list", "显示本列表"),
    ),
)
_BY_NAME = {command.name: command for command in COMMANDS}
#: What may follow `board` (`看板登录` needs nothing): read by the router and by the command.
LOGIN_WORDS = ("", "login", "signin", "sign-in", "登录")


def command(name: str) -> Command:
    """The command whose English name is `name` (for its usage line in a module's own errors).

    >>> command("tier-minutes").usage_in("zh")
    '早会纪要 <产线或 T12>'
    """
    return _BY_NAME[name]


__all__ = ["COMMANDS", "LOGIN_WORDS", "Command", "Context", "command"]
