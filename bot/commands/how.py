"""`how <topic>` (怎么/如何): the key steps from the lean playbooks, with citations.

`how full <topic>` (怎么 全文 <主题>) shows the whole section the steps come from.
"""

from __future__ import annotations

from bot.commands.registry import Context
from bot.texts import say
from bot.types import Button, Reply

_FULL = ("full ", "--full ", "全文 ", "全文")
_TEXT = {
    "usage": (
        "Ask how to do something, e.g. `how do we run a 5 Whys?`",
        "请说明要做什么，例如：`怎么 处理物料短缺安灯？`",
    ),
    "none": (
        "I found no playbook for that. Try other words, or `help`.",
        "没有找到相关的作业指导，请换个说法，或输入 `帮助`。",
    ),
    "source": ("Source", "来源"),
    "see_also": ("See also", "另见"),
    "full": ("Full section", "查看全文"),
    "full_hint": ("Reply `how full {q}` for the whole section.", "回复 `怎么 全文 {q}` 查看完整章节。"),
}


def _t(key: str, language: str, **values: object) -> str:
    en, zh = _TEXT[key]
    return (zh if language == "zh" else en).format(**values)


def how(ctx: Context) -> Reply:
    """Answer a how-to question from the playbooks: 3–6 numbered steps (the one that answers
    the question in bold), the citation, a button for more."""
    library = ctx.services.knowledge
    if library is None:
        return ctx.reply(say("not_configured_how", ctx.language))
    question = ctx.args.strip()
    full = False
    for marker in _FULL:
        if question.lower().startswith(marker) and question[len(marker) :].strip():
            question, full = question[len(marker) :].strip(), True
            break
    if not question:
        return ctx.reply(_t("usage", ctx.language))
    answer = library.answer(question, ctx.language)
    if answer is None:
        return ctx.reply(_t("none", ctx.language))
    citation = str(answer.citation)
    if full:
        return ctx.reply(
            answer.full_text,
            title=citation,
            fields=[(_t("source", ctx.language), citation)],
            context={"path": "playbook"},
        )
    steps = "\n".join(
        f"{n}. *{point}*" if n - 1 == answer.focus else f"{n}. {point}"
        for n, point in enumerate(answer.points, 1)
    )
    fields = [(_t("source", ctx.language), citation)]
    if answer.more:
        fields.append((_t("see_also", ctx.language), "; ".join(str(c) for c in answer.more[:2])))
    command = f"{'怎么 全文' if ctx.language == 'zh' else 'how full'} {question}"
    return ctx.reply(
        f"{steps}\n\n_{_t('full_hint', ctx.language, q=question)}_",
        title=citation,
        fields=fields,
        buttons=[Button(_t("full", ctx.language), command)],
        context={"path": "playbook"},
    )
