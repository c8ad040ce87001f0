"""Deciding what a message asks for, and answering it there: a command, a data question, or a
question about how we work (the playbooks). `answer()` is the one place that decides."""

from __future__ import annotations

import re
import unicodedata

from bot.commands import COMMANDS, LOGIN_WORDS, Command, Context
from bot.commands import ask as ask_command
from bot.commands import how as how_command
from bot.commands.ask import Unanswered
from bot.commands.help import help_text
from bot.improve.parse import is_improve_command
from bot.safety.parse import is_question as asks_about_safety
from bot.texts import say
from bot.tier.parse import is_command as is_tier_command
from bot.types import Reply
from knowledge.answer_kind import asks_how_we_work

_BY_NAME: dict[str, Command] = {}
for _command in COMMANDS:
    for _name in (_command.name, *_command.aliases):
        _BY_NAME[_name.lower()] = _command
# Chinese names may run into their argument ("确认17"); try the longest first.
_CJK_NAMES = sorted((n for n in _BY_NAME if not n.isascii()), key=len, reverse=True)

_HOW_TO = re.compile(
    r"^(how (do|to|should|can|does)|what('s| is) the (procedure|process|standard|checklist|playbook)|"
    r"steps (for|to)|checklist|procedure|playbook|guide)|怎么|如何|怎样|步骤|流程|方法|要点|检查表|指南",
    re.IGNORECASE,
)
#: Chinese words of a question for figures ("how many", "most", "in total"…).
_FIGURES_ZH = r"多少|几次|几台|最多|最长|排名|统计|趋势|平均|总"
#: Questions for counts and durations: never a how-to, even when they say "how" or "怎么".
_DATA = re.compile(r"^how (many|much|long|often)|" + _FIGURES_ZH, re.IGNORECASE)
#: An andon call or problem id as commands take it: "17", "#17", "P-3".
_ID = re.compile(r"#?(?:[a-z]+-?)?\d", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: What follows "andon" / "安灯" in a question about the calls rather than in a new call.
_ABOUT_CALLS = re.compile(r"(?:calls?|trends?|counts?|by|per)\b|呼叫|次数|趋势", re.IGNORECASE)
#: Counts, totals, averages, rankings, lists: what only the data answers.
_FIGURES = re.compile(
    r"\bhow (many|much)\b|\b(number|count|total|sum|average|avg|mean|most|least|fewest|highest|lowest"
    r"|top \d+|list|show|trend)\b|几|最少|最高|最低|最短|列出|显示|" + _FIGURES_ZH,
    re.IGNORECASE,
)


def find_command(text: str) -> tuple[Command | None, str]:
    """The command a message starts with, and its arguments; (None, text) for plain language.

    >>> command, args = find_command("/andon L3 material shortage")
    >>> command.name, args
    ('andon', 'L3 material shortage')
    >>> command, args = find_command("确认17")
    >>> command.name, args
    ('ack', '17')
    >>> find_command("how many andon calls last week?")[0] is None
    True
    >>> find_command("andon calls by line")[0] is None, find_command("安灯呼叫最多的线")[0] is None
    (True, True)
    >>> find_command("reject count by line")[0] is None, find_command("reject P-3 duplicate")[0].name
    (True, 'reject')
    >>> find_command("5s average score by area")[0] is None, find_command('5s L3 4 3 5 2 4 "list"')[0].name
    (True, '5s')
    """
    stripped = text.strip()
    first, _, rest = stripped.partition(" ")
    command = _BY_NAME.get(first.lstrip("/").lower())
    if command is not None and _looks_like_command(command, rest):
        return command, rest.strip()
    for name in _CJK_NAMES:
        if stripped.startswith(name) and _looks_like_command(_BY_NAME[name], stripped[len(name) :]):
            return _BY_NAME[name], stripped[len(name) :].strip()
    return None, stripped


def _looks_like_command(command: Command, rest: str) -> bool:
    # "how many…", "问题是…", "andon calls by line" and "reject count by line" are questions,
    # not the how, problem, andon and reject commands.
    if " <id>" in command.usage[0] or " <P-id>" in command.usage[0]:
        return _names_a_record(rest.strip())
    if command.name == "andon":
        return not _ABOUT_CALLS.match(rest.strip())
    if command.name in ("5s", "6s"):  # "5s audits by area last month" is a question, "5s trend L3" not
        unquoted = re.sub(r"[\"“「].*$", "", rest)
        return not _FIGURES.search(unquoted) or unquoted.lower().startswith(("trend", "趋势"))
    if command.name == "tier":  # "tier meetings by line", "早会有多少个事项" are questions
        return is_tier_command(rest)
    if command.name == "improve":
        return is_improve_command(rest)
    if command.name == "board":  # "board meeting minutes?" is a question
        return rest.strip().lower() in LOGIN_WORDS
    if command.name == "safety":  # "安全事件有多少起？" is a question
        return not asks_about_safety(rest)
    if command.name == "how":
        return not _DATA.search(f"how {rest}") and not rest.lower().startswith(
            ("many", "much", "long", "often")
        )
    return not (command.name == "problems" and rest)


def _names_a_record(rest: str) -> bool:
    """Whether the words after a command that takes a record number are meant as one.

    They are when they start with something number-like ("17", "A-1325", "#x", "A 17"), or
    with something that is no word ("{}"), or are a single word without Chinese characters
    ("resolve Aabc"): the command then says what is wrong with the number instead of the
    message becoming a data question. Several plain words stay a question ("reject count by
    line"), and so does Chinese, written without spaces ("解决率是多少").

    >>> _names_a_record(""), _names_a_record("A-1325"), _names_a_record("Aabc"), _names_a_record("{}")
    (True, True, True, True)
    >>> _names_a_record("count by line"), _names_a_record("率是多少"), _names_a_record("{} fixed it")
    (False, False, True)
    >>> _names_a_record("Ａ１７")
    True
    """
    rest = unicodedata.normalize("NFKC", rest)  # "Ａ１７" is "A17"
    if not rest or _ID.match(rest):
        return True
    first = rest.split()[0]
    if not any(c.isalpha() for c in first) or first[0] == "#":
        return True
    if len(first) == 1 and not _CJK.search(first):  # "ack A 17"
        return True
    return len(rest.split()) == 1 and not _CJK.search(rest)


def is_how_to(text: str) -> bool:
    """Whether a plain-language message asks how to do something (playbooks), not for data.

    >>> is_how_to("how do we run a 5 Whys?"), is_how_to("物料短缺安灯怎么处理？")
    (True, True)
    >>> is_how_to("how many andon calls on line 3 last week?"), is_how_to("上周哪台设备停机最多？")
    (False, False)
    """
    return bool(_HOW_TO.search(text)) and not _DATA.search(text)


def asks_for_figures(text: str) -> bool:
    """Whether a message asks for counts, totals, averages, rankings or lists.

    >>> asks_for_figures("how many andon calls, for my report?"), asks_for_figures("上周停机最多的设备")
    (True, True)
    >>> asks_for_figures("can we clean up after a near miss?")
    False
    """
    return bool(_FIGURES.search(text))


def answer(command: Command | None, context: Context, text: str) -> Reply:
    """The reply to `text`: the one place that decides where a message goes.

    A command runs; a how-to question goes to the playbooks; any other plain language goes to the
    data, which hands a question about how we work that it could not answer to the playbooks;
    with neither configured, the user gets the list of commands.
    """
    if command is not None:
        return command.run(context)
    if is_how_to(text) and context.services.knowledge is not None:
        return how_command.how(_with_args(context, text))
    if context.services.nl2sql is not None:
        reply, unanswered = ask_command.attempt(_with_args(context, text))
        if unanswered is not None and (instead := _from_playbooks(context, unanswered)):
            return instead
        return reply
    if context.services.knowledge is not None:
        return how_command.how(_with_args(context, text))
    first = text.split()[0]
    reply = help_text(COMMANDS, context.language)
    reply.text = f"{say('unknown_command', context.language, command=first[:40])}\n\n{reply.text}"
    return reply


#: The data's failures a playbook may answer instead: no such data, words not understood, a
#: question back. Other failures (refused SQL, a time limit) are the data's to explain.
_GIVES_WAY = ("no_such_data", "not_understood", "choices")


def _from_playbooks(context: Context, unanswered: Unanswered) -> Reply | None:
    """The playbooks' answer to a question about how we work that the data could not answer:
    "who approves the restart?", "what do I do now?", "can we clean up?". None for other
    questions, for other failures of the data, or when no playbook matches.

    A question for figures whose data answer left out one word stays with the data, which says so.
    """
    question = context.args
    if unanswered.code not in _GIVES_WAY:
        return None
    if context.services.knowledge is None or not asks_how_we_work(question):
        return None
    not_understood = unanswered.words
    if not_understood is not None and asks_for_figures(question) and len(not_understood) <= 1:
        return None
    reply = how_command.how(context)
    return reply if reply.title else None


def _with_args(context: Context, args: str) -> Context:
    context.args = args
    return context
