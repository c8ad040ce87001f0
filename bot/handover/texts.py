"""What the handover says, in English and Simplified Chinese."""

from __future__ import annotations

from bot.texts import register

register(
    {
        "handover_title": (
            "🔁 Handover {ref} · {line} · {shift}",
            "🔁 交接班 {ref} · {line} · {shift}",
        ),
        "handover_started": (
            "Handover {ref} for {line}, {shift}: I filled in the open calls, problems and output. "
            "Add your notes, then submit.",
            "{line} {shift} 的交接 {ref}：已填好未关闭的安灯、问题和产量。请补充说明后提交。",
        ),
        "handover_ask": (
            "{question} Answer `handover {ref} <your note>` (or `handover {ref} {field} -` for nothing).",
            "{question} 请回复 `交接 {ref} <说明>`（无则回复 `交接 {ref} {field} -`）。",
        ),
        "handover_ask_quality": ("Quality notes for the next shift?", "有什么质量情况要交代？"),
        "handover_ask_safety": ("Safety notes for the next shift?", "有什么安全情况要交代？"),
        "handover_ask_watch": ("What must the next shift watch?", "下一班需要重点关注什么？"),
        "handover_ready": (
            "Handover {ref} is ready. Press *Submit* (or type `handover {ref} submit`) to post it to the "
            "line's channel; `handover {ref} output <note>` adds a note on output.",
            "交接 {ref} 已填写完整。点击 *提交*（或输入 `交接 {ref} 提交`）发到产线群；"
            "`交接 {ref} 产量 <说明>` 可补充产量说明。",
        ),
        "handover_noted": ("Noted in {ref}: {fields}.", "已记入 {ref}：{fields}。"),
        "handover_submitted": (
            "Handover {ref} submitted to {where}. The next shift's lead confirms receipt with the button.",
            "交接 {ref} 已提交到 {where}。请下一班班长点击按钮确认接收。",
        ),
        "handover_confirmed": (
            "✅ Handover {ref} ({line}, {shift}) received by {actor} at {time}.",
            "✅ 交接 {ref}（{line}，{shift}）已由 {actor} 于 {time} 确认接收。",
        ),
        "handover_already_confirmed": (
            "Handover {ref} was already confirmed by {actor} at {time}.",
            "交接 {ref} 已由 {actor} 于 {time} 确认过了。",
        ),
        "handover_not_submitted": (
            "Handover {ref} is still a draft: it can be confirmed once it is submitted.",
            "交接 {ref} 还是草稿，提交后才能确认。",
        ),
        "handover_not_draft": (
            "Handover {ref} was already submitted by {actor}; it can no longer be changed.",
            "交接 {ref} 已由 {actor} 提交，不能再修改。",
        ),
        "handover_own": (
            "You handed over {ref}: the next shift's lead confirms receipt.",
            "{ref} 是你交出的班，需由下一班班长确认接收。",
        ),
        "handover_not_found": ("There is no handover {ref}.", "没有交接 {ref}。"),
        "handover_bad_id": (
            "*{given}* is not a handover number; use e.g. H7.",
            "*{given}* 不是交接编号，例如：H7。",
        ),
        "handover_bad_field": (
            "I can't read *{given}*; the notes are quality, safety, watch and output, "
            "e.g. `handover L3 quality: burrs on PR-02 | safety: none | watch: die change at 15:00`.",
            "无法识别 *{given}*；可填写：质量、安全、关注、产量，"
            "例如：`交接 3号线 质量：PR-02 毛刺 | 安全：无 | 关注：15:00 换模`。",
        ),
        "handover_none_found": ("No handover matches *{words}*.", "没有找到包含 *{words}* 的交接。"),
        "handover_none_yet": ("No handovers for {line} yet.", "{line} 还没有交接记录。"),
        "handover_list_title": ("Recent handovers · {line}", "最近的交接 · {line}"),
        "handover_search_title": ("Handovers matching “{words}”", "包含“{words}”的交接"),
        "handover_reminder": (
            "⏰ Handover {ref} ({line}, {shift}) from {lead} has not been confirmed for {minutes} min. "
            "Next shift's lead: please confirm receipt.",
            "⏰ {lead} 的交接 {ref}（{line}，{shift}）已 {minutes} 分钟无人确认。请下一班班长确认接收。",
        ),
        "handover_escalation": (
            "⏫ Handover {ref} ({line}, {shift}) from {lead} is still not confirmed after {minutes} min. "
            "Area owner: {owner}.",
            "⏫ {lead} 的交接 {ref}（{line}，{shift}）{minutes} 分钟后仍无人确认。区域负责人：{owner}。",
        ),
        "handover_no_owner": ("not set", "未设置"),
        "handover_f_output": ("Output vs plan", "产量/计划"),
        "handover_f_calls": ("Open andon calls", "未关闭安灯"),
        "handover_f_problems": ("Open problems", "未关闭问题"),
        "handover_f_quality": ("Quality", "质量"),
        "handover_f_safety": ("Safety", "安全"),
        "handover_f_watch": ("Next shift watch", "下一班关注"),
        "handover_f_output_note": ("Output note", "产量说明"),
        "handover_f_by": ("Handed over by", "交班人"),
        "handover_f_status": ("Status", "状态"),
        "handover_output_value": (
            "{output} / {planned} pcs ({attainment}), scrap {scrap}",
            "{output} / {planned} 件（{attainment}），报废 {scrap}",
        ),
        "handover_no_output": ("no production data", "无产量数据"),
        "handover_nothing": ("nothing to report", "无"),
        "handover_status_draft": ("draft", "草稿"),
        "handover_status_submitted": ("waiting for confirmation", "待确认"),
        "handover_status_confirmed": ("confirmed by {actor} at {time}", "已由 {actor} 于 {time} 确认"),
        "handover_b_submit": ("Submit", "提交"),
        "handover_b_confirm": ("Confirm receipt", "确认接收"),
        "handover_b_skip": ("Nothing to report", "无"),
        "handover_cols": (
            "# | Shift | Lead | Status | Output | Watch",
            "编号 | 班次 | 交班人 | 状态 | 产量 | 关注",
        ),
        "handover_last": ("Last handover", "最近交接"),
        "handover_last_value": ("{ref} {shift} by {lead}: {status}", "{ref} {shift} 交班人 {lead}：{status}"),
    }
)
