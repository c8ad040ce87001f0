"""What Gemba says only on Slack, in English and Simplified Chinese (added to `bot.texts`)."""

from __future__ import annotations

from bot.texts import TEXTS, register

SLACK_TEXTS: dict[str, tuple[str, str]] = {
    "slack_rows_shown": (
        "Showing {shown} of {total} rows.",
        "显示 {total} 行中的 {shown} 行。",
    ),
    "slack_rows_attached": (
        "Showing {shown} of {total} rows; the rows are attached as CSV.",
        "显示 {total} 行中的 {shown} 行；完整数据见附件 CSV。",
    ),
    "slack_show_sql": ("Show SQL", "查看 SQL"),
    "slack_sql_title": ("The SQL behind this answer:", "这个答案使用的 SQL："),
    "slack_feedback_prompt": ("Was this answer right?", "这个答案正确吗？"),
    "slack_feedback_up": (
        "Thanks! This question and its SQL are now marked as verified.",
        "谢谢！此问题及其 SQL 已标记为已验证。",
    ),
    "slack_feedback_down": (
        "Thanks for telling me. I noted that this answer was wrong.",
        "谢谢反馈，已记录此答案有误。",
    ),
    "slack_unknown_action": (
        "Sorry, that button no longer does anything. Type `/gemba help` to see what I can do.",
        "抱歉，这个按钮已失效。输入 `/gemba 帮助` 查看我能做什么。",
    ),
    "slack_modal_title": ("Report a problem", "报告问题"),
    "slack_modal_submit": ("Report", "提交"),
    "slack_modal_cancel": ("Cancel", "取消"),
    "slack_field_title": ("Title", "标题"),
    "slack_field_category": ("Category", "类别"),
    "slack_field_location": (
        "Location (line and station, e.g. L3 PR-07)",
        "位置（产线和工位，例如 L3 PR-07）",
    ),
    "slack_field_description": ("Description", "描述"),
    "slack_field_priority": ("Priority", "优先级"),
    "slack_error_title": ("Give the problem a short title.", "请填写简短的标题。"),
    "slack_error_choice": ("Choose one of the options.", "请从选项中选择。"),
    "slack_chart_attached": ("Chart: {title}", "图表：{title}"),
}

if not SLACK_TEXTS.keys() <= TEXTS.keys():
    register(SLACK_TEXTS)
