"""What improvement projects say, in English and Simplified Chinese."""

from __future__ import annotations

from dataclasses import dataclass

from bot.texts import register, say
from bot.types import Language

register(
    {
        # Stages
        "improve_stage_plan": ("Plan", "计划"),
        "improve_stage_do": ("Do", "实施"),
        "improve_stage_check": ("Check", "检查"),
        "improve_stage_act": ("Act", "标准化"),
        "improve_stage_closed": ("Closed", "已结项"),
        # Opening
        "improve_missing_title": (
            "What do you want to improve? e.g. `improve Cut material shortage on L3`, "
            "`improve from P12` or `improve from andon L3 material`.",
            "要改善什么？例如：`改善 减少3号线缺料`、`改善 来自 P12` 或 `改善 来自 安灯 L3 物料`。",
        ),
        "improve_opened": (
            "Improvement project {ref} opened: {title}. Stage: Plan.",
            "改善项目 {ref} 已立项：{title}。阶段：计划。",
        ),
        "improve_from_andon_title": (
            "Repeat andon on {line}: {reason}",
            "{line} 重复安灯：{reason}",
        ),
        "improve_from_andon_statement": (
            "{line} raised {calls} andon calls for “{reason}” ({category}) from {first} to {last}; "
            "{share} of the line's {category} calls.",
            "{line} 在 {first} 至 {last} 因“{reason}”（{category}）拉了 {calls} 次安灯，"
            "占该线{category}类安灯的 {share}。",
        ),
        "improve_no_andon_pattern": (
            "{line} raised no andon calls{category} from {first} to {last}: no repeat pattern to improve.",
            "{line} 在 {first} 至 {last} 没有{category}安灯，没有可改善的重复问题。",
        ),
        "improve_from_usage": (
            "Open from a problem (`improve from P12`) or from repeat andon calls of a line "
            "(`improve from andon L3 [category]`).",
            "可从问题立项（`改善 来自 P12`），或从某条线的重复安灯立项（`改善 来自 安灯 L3 [类别]`）。",
        ),
        # Errors
        "improve_not_found": ("There is no improvement project {ref}.", "没有改善项目 {ref}。"),
        "improve_bad_ref": (
            "*{given}* is not a project number; use e.g. J3.",
            "*{given}* 不是改善项目编号，请使用如 J3。",
        ),
        "improve_unknown_step": (
            "I don't know *{given}* for a project. Try: {valid}.",
            "改善项目没有 *{given}* 这一步。可用：{valid}。",
        ),
        "improve_wrong_stage": (
            "{ref} is in stage {stage}; that can be done only in {needed}.",
            "{ref} 处于{stage}阶段；这一步只能在{needed}阶段做。",
        ),
        "improve_gate": (
            "{ref} cannot leave {stage} yet. Missing:\n{gaps}",
            "{ref} 还不能结束{stage}阶段。缺少：\n{gaps}",
        ),
        "improve_closed": ("{ref} is closed; there is no next stage.", "{ref} 已结项，没有下一阶段。"),
        "improve_whys_full": (
            "{ref} already has {max} whys; the last one is its root cause.",
            "{ref} 已有 {max} 个为什么，最后一个即根本原因。",
        ),
        "improve_no_action": (
            "{ref} has no countermeasure {n} (it has {count}).",
            "{ref} 没有第 {n} 项对策（共 {count} 项）。",
        ),
        "improve_action_already": (
            "Countermeasure {n} of {ref} was already marked done by {actor}.",
            "{ref} 的第 {n} 项对策已由 {actor} 标记完成。",
        ),
        "improve_bad_filter": (
            "There is no *{given}* for this figure. Valid: {valid}.",
            "该指标没有 *{given}*。可用：{valid}。",
        ),
        "improve_no_filter": (
            "This figure takes no category or reason (*{given}*).",
            "该指标不区分类别或原因（*{given}*）。",
        ),
        "improve_no_plant_data": (
            "This plant has no data for {figure}.",
            "本工厂没有 {figure} 的数据。",
        ),
        "improve_unknown_figure": (
            "Which figure? One of: {valid}. e.g. `improve J3 figure andon L3 material`.",
            "请选择指标：{valid}。例如：`改善 J3 指标 安灯 L3 物料`。",
        ),
        "improve_need_figure": (
            "{ref} has no figure yet: choose one first (`improve {ref} figure …`).",
            "{ref} 还没有指标，请先选择（`改善 {ref} 指标 …`）。",
        ),
        "improve_bad_target": (
            "*{given}* is not a target; give a number in {unit}, or a change like -30%.",
            "*{given}* 不是目标值；请给出以 {unit} 计的数字，或如 -30% 的变化。",
        ),
        "improve_action_usage": (
            "Give the countermeasure, its owner and due date: "
            "`improve {ref} action Kanban loop for fasteners owner:Li due:2026-12-20`.",
            "请写明对策、负责人和到期日：`改善 {ref} 对策 紧固件看板循环 负责人:李 到期:2026-12-20`。",
        ),
        "improve_bad_date": (
            "*{given}* is not a date; use YYYY-MM-DD.",
            "*{given}* 不是日期，请用 YYYY-MM-DD。",
        ),
        "improve_check_too_soon": (
            "Too soon to check {ref}: its last countermeasure was done on {done}; "
            "the figure can be measured from {ready} on ({days} whole days after).",
            "{ref} 还不能检查：最后一项对策于 {done} 完成；{ready} 起才有完整的 {days} 天可测量。",
        ),
        "improve_standard_usage": (
            "Link a playbook section (`improve {ref} playbook <words to find it>`) "
            "or draft the new standard (`improve {ref} draft <Markdown>`).",
            "请链接作业指导章节（`改善 {ref} 标准 <关键词>`）或起草新标准（`改善 {ref} 起草 <Markdown>`）。",
        ),
        "improve_no_playbook": (
            "No playbook section matches *{given}*. "
            "Draft the standard instead: `improve {ref} draft <Markdown>`.",
            "没有与 *{given}* 匹配的作业指导章节。请改为起草标准：`改善 {ref} 起草 <Markdown>`。",
        ),
        # Confirmations
        "improve_statement_set": ("{ref} problem statement: {text}", "{ref} 问题描述：{text}"),
        "improve_figure_set": (
            "{ref} figure: {figure} of {line}{filter}. Baseline {value} ({first} – {last}, total {total}), "
            "measured by Gemba from the data.",
            "{ref} 指标：{line}{filter}的{figure}。"
            "基线 {value}（{first} – {last}，合计 {total}），由 Gemba 从数据中测得。",
        ),
        "improve_target_set": (
            "{ref} target: {value} (baseline {baseline}).",
            "{ref} 目标：{value}（基线 {baseline}）。",
        ),
        "improve_why_added": ("{ref} why {n}: {text}", "{ref} 第 {n} 个为什么：{text}"),
        "improve_action_added": (
            "{ref} countermeasure {n}: {text} — owner {owner}, due {due}.",
            "{ref} 第 {n} 项对策：{text} — 负责人 {owner}，{due} 到期。",
        ),
        "improve_action_done": (
            "{ref} countermeasure {n} done by {actor}.",
            "{ref} 第 {n} 项对策已由 {actor} 完成。",
        ),
        "improve_checked": (
            "{ref} check: {figure} before {before} ({b_first} – {b_last}) → "
            "after {after} ({a_first} – {a_last}): "
            "{change}. Target {target}: {verdict}.",
            "{ref} 检查：{figure} 改善前 {before}（{b_first} – {b_last}）→ "
            "改善后 {after}（{a_first} – {a_last}）："
            "{change}。目标 {target}：{verdict}。",
        ),
        "improve_target_met": ("met", "已达成"),
        "improve_target_not_met": ("not met", "未达成"),
        "improve_linked": (
            "{ref} standard: linked to the playbook section {title}.",
            "{ref} 标准：已链接作业指导章节 {title}。",
        ),
        "improve_drafted": (
            "{ref} standard drafted ({chars} characters).",
            "{ref} 新标准已起草（{chars} 个字符）。",
        ),
        "improve_advanced": (
            "{ref} moved from {before} to {after} by {actor}.",
            "{ref} 已由 {actor} 从{before}推进到{after}。",
        ),
        "improve_closed_now": (
            "{ref} is closed: the cycle is complete and its standard is kept. 🎉",
            "{ref} 已结项：PDCA 循环完成，标准已固化。🎉",
        ),
        # Gaps (what a gate still needs)
        "improve_gap_statement": (
            "a problem statement: `improve {ref} problem <text>`",
            "问题描述：`改善 {ref} 问题 <内容>`",
        ),
        "improve_gap_figure": (
            "a figure with its baseline: "
            "`improve {ref} figure andon|downtime|scrap|output <line> [category|reason]`",
            "指标及基线：`改善 {ref} 指标 安灯|停机|报废|产量 <产线> [类别|原因]`",
        ),
        "improve_gap_target": (
            "a target: `improve {ref} target <number or -30%>`",
            "目标：`改善 {ref} 目标 <数值或 -30%>`",
        ),
        "improve_gap_whys": (
            "at least {min} whys (has {count}): `improve {ref} why <answer>`",
            "至少 {min} 个为什么（现有 {count} 个）：`改善 {ref} 为什么 <回答>`",
        ),
        "improve_gap_actions": (
            "a countermeasure: `improve {ref} action <text> owner:<name> due:<date>`",
            "对策：`改善 {ref} 对策 <内容> 负责人:<姓名> 到期:<日期>`",
        ),
        "improve_gap_actions_open": (
            "all countermeasures done (open: {open}): `improve {ref} done <n>`",
            "全部对策完成（未完成：{open}）：`改善 {ref} 完成 <序号>`",
        ),
        "improve_gap_check": (
            "the figure measured again: `improve {ref} check`",
            "再次测量指标：`改善 {ref} 检查`",
        ),
        "improve_gap_standard": (
            "the new standard: `improve {ref} playbook <words>` or `improve {ref} draft <Markdown>`",
            "新标准：`改善 {ref} 标准 <关键词>` 或 `改善 {ref} 起草 <Markdown>`",
        ),
        # Showing
        "improve_list_title": ("Improvement projects ({count})", "改善项目（{count} 个）"),
        "improve_list_none": (
            "No improvement projects yet. Open one: `improve <title>`.",
            "还没有改善项目。立项：`改善 <标题>`。",
        ),
        "improve_show_title": ("{ref} · {title}", "{ref} · {title}"),
        "improve_show_stage": (
            "Stage: {stage} (since {since}) · leader {leader}",
            "阶段：{stage}（自 {since}）· 负责人 {leader}",
        ),
        "improve_next": ("Next:{what}", "下一步：{what}"),
        "improve_ready": (
            "The gate of {stage} is open: `improve {ref} next`.",
            "{stage}阶段的关口已满足：`改善 {ref} 下一步`。",
        ),
        "improve_field_problem": ("Problem", "问题"),
        "improve_field_figure": ("Figure", "指标"),
        "improve_field_baseline": ("Baseline", "基线"),
        "improve_field_target": ("Target", "目标"),
        "improve_field_check": ("After", "改善后"),
        "improve_field_whys": ("5 Whys", "5个为什么"),
        "improve_field_actions": ("Countermeasures", "对策"),
        "improve_field_standard": ("Standard", "标准"),
        "improve_field_source": ("Opened from", "来源"),
        "improve_overdue_mark": ("overdue", "逾期"),
        "improve_reminder": (
            "⏰ {ref} countermeasure {n} “{text}” is overdue by {days} d (due {due}); owner: {owner}. "
            "Mark it done with `improve {ref} done {n}`.",
            "⏰ {ref} 第 {n} 项对策“{text}”已逾期 {days} 天（{due} 到期）；负责人：{owner}。"
            "完成后请输入 `改善 {ref} 完成 {n}`。",
        ),
        "improve_btn_next": ("Next stage", "下一阶段"),
        "improve_btn_a3": ("A3", "A3"),
        "improve_btn_check": ("Measure again", "再次测量"),
        "improve_btn_show": ("Show", "查看"),
    }
)


def stage_name(stage: str, language: Language) -> str:
    """The stage's name in `language`: Plan, Do, Check, Act, Closed (计划, 实施, 检查, 标准化, 已结项)."""
    return say(f"improve_stage_{stage}", language)


@dataclass(frozen=True)
class Stage:
    """A stage as an error value, worded in the reader's language."""

    name: str

    def words(self, language: Language) -> str:
        """Its name in `language` (`bot.error_reply.Worded`)."""
        return " / ".join(stage_name(part.strip(), language) for part in self.name.split(","))


@dataclass(frozen=True)
class Bilingual:
    """A name as an error value, in English and Chinese (`bot.error_reply.Worded`)."""

    en: str
    zh: str

    def words(self, language: Language) -> str:
        """The name in `language`."""
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class Gaps:
    """What a gate still needs, as an error value: one line per gap, in the reader's language."""

    keys: tuple[str, ...]
    values: tuple[tuple[str, object], ...]

    def words(self, language: Language) -> str:
        """The gaps as a bulleted list in `language` (`bot.error_reply.Worded`)."""
        values = dict(self.values)
        return "\n".join(f"• {say(key, language, **values)}" for key in self.keys)


register(
    {
        "improve_a3_title": ("A3 · {ref} · {title}", "A3 · {ref} · {title}"),
        "improve_a3_meta": (
            "Stage {stage} · leader {leader} · line {line} · opened {opened}",
            "阶段 {stage} · 负责人 {leader} · 产线 {line} · 立项 {opened}",
        ),
        "improve_a3_h_problem": ("1 · Problem (Plan)", "1 · 问题描述（计划）"),
        "improve_a3_h_current": ("2 · Current condition", "2 · 现状"),
        "improve_a3_h_target": ("3 · Target", "3 · 目标"),
        "improve_a3_h_whys": ("4 · Root cause: 5 Whys", "4 · 根本原因：5个为什么"),
        "improve_a3_h_actions": ("5 · Countermeasures (Do)", "5 · 对策（实施）"),
        "improve_a3_h_check": ("6 · Check: before and after", "6 · 效果检查：改善前后"),
        "improve_a3_h_act": ("7 · Act: the new standard", "7 · 标准化：新标准"),
        "improve_a3_cols_actions": (
            "# | Countermeasure | Owner | Due | Done",
            "# | 对策 | 负责人 | 到期 | 完成",
        ),
        "improve_a3_baseline": (
            "{figure}: {value}, measured by Gemba over {first} – {last} (total {total}).",
            "{figure}：{value}，由 Gemba 测得，期间 {first} – {last}（合计 {total}）。",
        ),
        "improve_a3_check": (
            "Before {before} → after {after} ({first} – {last}): {change}. Target {target}: {verdict}.",
            "改善前 {before} → 改善后 {after}（{first} – {last}）：{change}。目标 {target}：{verdict}。",
        ),
        "improve_a3_not_yet": ("Not yet.", "尚未进行。"),
        "improve_a3_root_cause": ("Root cause: {text}", "根本原因：{text}"),
        "improve_a3_linked": ("Playbook section: {title}", "作业指导章节：{title}"),
    }
)
