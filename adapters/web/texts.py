"""What the web pages say, in English and Simplified Chinese (added to `bot.texts`).

This module holds the page chrome and the andon board. Other page modules keep their own
sentences beside their code and add them the same way, with keys that start with `web_`:

    from bot.texts import register
    register({"web_kpi_title": ("KPIs", "关键指标")})

Templates call `t("web_nav_board")` (see `pages.render_page`); Python code calls
`bot.texts.say(key, language, **values)`.
"""

from __future__ import annotations

from bot.texts import TEXTS, register

WEB_TEXTS: dict[str, tuple[str, str]] = {
    # Chrome
    "web_site_name": ("Gemba", "Gemba 现场"),
    "web_nav_board": ("Board", "看板"),
    "web_nav_kpi": ("KPIs", "关键指标"),
    "web_nav_problems": ("Problems", "问题"),
    "web_nav_chat": ("Chat", "对话"),
    "web_forbidden_title": ("Not allowed", "无权访问"),
    "web_forbidden_body": (
        "This page needs a TV link or a sign-in. Ask your Gemba admin for a link.",
        "此页面需要看板链接或登录。请向 Gemba 管理员索取链接。",
    ),
    "web_not_found_title": ("Not found", "未找到"),
    "web_unknown_line": ("There is no line {line}.", "没有产线 {line}。"),
    "web_offline_since": ("offline since {time}", "离线（自 {time}）"),
    "web_live": ("live", "实时"),
    # Board
    "web_board_title": ("Andon board", "安灯看板"),
    "web_board_all_clear": ("All clear", "全部正常"),
    "web_board_open_calls": ("{count} open", "{count} 个呼叫"),
    "web_board_state_clear": ("clear", "正常"),
    "web_board_state_raised": ("raised", "呼叫中"),
    "web_board_state_acknowledged": ("acknowledged", "已响应"),
    "web_board_state_escalated": ("escalated", "已升级"),
    "web_board_acknowledged_by": ("ack: {name}", "响应人：{name}"),
    "web_board_escalation_level": ("level {level}", "第 {level} 级"),
    "web_board_more_calls": ("+{count} more", "另有 {count} 个"),
    "web_board_line_call": ("Line", "整线"),
    "web_board_no_lines": (
        "No lines yet. Add them with `gemba lines import` or `gemba demo-data`.",
        "还没有产线。请用 `gemba lines import` 或 `gemba demo-data` 添加。",
    ),
    "web_board_action_unknown": (
        "The board's buttons acknowledge, resolve or escalate an andon call; this was none of them.",
        "看板上的按钮只能确认、解决或升级安灯呼叫；这个请求不是其中之一。",
    ),
    "web_board_action_done": ("Done.", "已完成。"),
    "web_board_action_failed": (
        "Not sent: check the connection and press the button again.",
        "未发送：请检查网络后再按一次按钮。",
    ),
}

if not WEB_TEXTS.keys() <= TEXTS.keys():
    register(WEB_TEXTS)
