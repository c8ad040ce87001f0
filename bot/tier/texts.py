"""What tier meetings say, in English and Simplified Chinese."""

from __future__ import annotations

from bot.texts import register

register(
    {
        "tier_title": ("Tier 1 · {line} · {date} ({ref})", "班组早会 · {line} · {date}（{ref}）"),
        "tier_h_yesterday": ("Yesterday ({date})", "昨日（{date}）"),
        "tier_output": (
            "Output {output} / plan {planned} pcs ({attainment})",
            "产量 {output} / 计划 {planned} 件（达成 {attainment}）",
        ),
        "tier_no_output": ("no production figures", "无产量数据"),
        "tier_scrap": ("Scrap {scrap} pcs", "报废 {scrap} 件"),
        "tier_downtime": ("Downtime {minutes} min", "停机 {minutes} 分钟"),
        "tier_calls": ("Andon calls {count}", "安灯 {count} 次"),
        "tier_h_open_calls": ("Open andon calls ({count})", "未关闭安灯（{count}）"),
        "tier_h_open_problems": ("Open problems ({count})", "未关闭问题（{count}）"),
        "tier_h_overdue": ("Overdue actions ({count})", "逾期措施（{count}）"),
        "tier_h_safety": ("Safety topic of the day", "今日安全话题"),
        "tier_overdue_item": ("{ref} {title} · due {due} · {owner}", "{ref} {title} · 到期 {due} · {owner}"),
        "tier_more": ("… and {count} more", "……另有 {count} 项"),
        "tier_none": ("none 👍", "无 👍"),
        "tier_button_ok": ("✅ Acknowledge", "✅ 确认"),
        "tier_button_item": ("➕ Raise an item", "➕ 提出事项"),
        "tier_acknowledged": (
            "✅ {person} acknowledged tier meeting {ref} ({count} so far).",
            "✅ {person} 已确认早会 {ref}（目前 {count} 人）。",
        ),
        "tier_already_acknowledged": (
            "{person} already acknowledged tier meeting {ref} at {time}.",
            "{person} 已于 {time} 确认早会 {ref}，无需重复确认。",
        ),
        "tier_item_added": (
            "Item {n} added to tier meeting {ref}: {text}.",
            "已在早会 {ref} 记录第 {n} 个事项：{text}。",
        ),
        "tier_item_origin": ("Raised at tier meeting {ref} ({line}).", "在早会 {ref}（{line}）上提出。"),
        "tier_item_problem": ("It is now problem {problem}.", "已转为问题 {problem}。"),
        "tier_item_missing": (
            "What is the item? Type `tier item {ref} <text>` (add `problem` before the text to open "
            "a problem too).",
            "请说明事项内容：`早会 事项 {ref} <内容>`（内容前加“问题”可同时创建问题）。",
        ),
        "tier_not_found": ("There is no tier meeting {ref}.", "没有早会 {ref}。"),
        "tier_bad_ref": (
            "*{given}* is not a tier meeting number; use e.g. T12.",
            "*{given}* 不是早会编号，请使用如 T12。",
        ),
        "tier_no_meeting": (
            "Line {line} has had no tier meeting yet. Post its board with `tier {line}`.",
            "{line} 还没有开过早会。可用 `早会 {line}` 发布早会看板。",
        ),
        "tier_minutes_title": (
            "Minutes of tier meeting {ref} · {line} · {date}",
            "早会纪要 {ref} · {line} · {date}",
        ),
        "tier_h_figures": ("Figures posted", "发布的数据"),
        "tier_h_acks": ("Acknowledged ({count})", "已确认（{count} 人）"),
        "tier_h_items": ("Items raised ({count})", "提出的事项（{count}）"),
        "tier_posted": ("Posted {time} by {who}", "{time} 由 {who} 发布"),
        "tier_nobody": ("nobody yet", "暂无"),
        "tier_topics_file": (
            "The safety topics file {path} cannot be read: {error}",
            "无法读取安全话题文件 {path}：{error}",
        ),
        "tier_panel_title": ("Today's tier meetings", "今日班组早会"),
        "tier_panel_not_yet": ("not held yet", "尚未召开"),
        "tier_panel_row": (
            "{ref} posted {time} · {acks} ✅ · {concerns} concerns",
            "{ref} {time} 发布 · ✅ {acks} 人 · 事项 {concerns} 个",
        ),
        "tier_usage": (
            "Usage: `tier <line>` (post the board), `tier ok <T12>`, `tier item <T12> [problem] <text>`, "
            "`tier minutes <line or T12>`.",
            "用法：`早会 <产线>`（发布看板）、`早会 确认 <T12>`、`早会 事项 <T12> [问题] <内容>`、"
            "`早会纪要 <产线或 T12>`。",
        ),
    }
)
