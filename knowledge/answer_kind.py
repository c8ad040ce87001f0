"""Answer kinds: what sort of fact a question asks for, and which lines state that sort of fact.

A question asking *how long* or *when* is best answered by a line that states a time
("within 3 minutes", "每季度一次"); one asking *who* by a line that defines a role
("**Team leader**: decides…"). Search gives lines of the asked kind a small bonus, so of
two lines on the same point the one holding the answer wins.
"""

from __future__ import annotations

import re

TIME = "time"
PERSON = "person"

_ASKS_TIME = re.compile(
    r"\b(?:how\s+(?:long|fast|soon|quickly|often|many\s+(?:minutes|hours|days|weeks))|when|deadline)\b"
    r"|多久|多长时间|多长|多快|多少(?:分钟|小时|天)|几分钟|几小时|几天|什么时候|何时|多频繁|多少时间",
    re.IGNORECASE,
)
_ASKS_PERSON = re.compile(r"\b(?:who|whom|whose)\b|谁|什么人|哪个人|由哪", re.IGNORECASE)
_STATES_TIME = re.compile(
    r"\d+(?:\s*(?:-|to|–|到|至)\s*\d+)?\s*"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|shifts?|years?)\b"
    r"|\d+(?:\s*(?:-|–|到|至)\s*\d+)?\s*(?:秒|分钟|小时|天|周|个月|个班|年)"
    r"|\b(?:daily|weekly|monthly|quarterly|yearly|immediately|every\s+(?:day|week|month|shift|quarter|year))\b"
    r"|每(?:天|日|周|月|班|季度|年)|立即|立刻|当场|当天|当班",
    re.IGNORECASE,
)
#: Other questions after one fact: which one, where, why, how many.
_ASKS_OTHER_FACT = re.compile(
    r"\b(?:which|where|why|how\s+(?:many|much|far))\b|多少|几|哪|为什么|为何", re.IGNORECASE
)
#: A request for a whole procedure, even when it names a time ("what do I do when…").
_ASKS_PROCEDURE = re.compile(
    r"\bwhat\s+(?:do|should|must|can)\s+(?:i|we|you|they)\b|\bhow\s+(?:do|to|should|can|does)\b"
    r"|怎么办|怎么处理|如何|步骤|流程",
    re.IGNORECASE,
)
#: What to do or what happens, or whether something may, must or need be done: "what now?",
#: "what does the team leader do?", "can we clean up?", "must we lock it out?", "要不要做首件？".
_ASKS_PRACTICE = re.compile(
    r"\bwhat(?:'s|\s+is)?\s+(?:now|next|first|the\s+(?:procedure|process|rule|first\s+(?:thing|step)))\b"
    r"|\bwhat\s+(?:does|do|did|should|must|can|will|would|happens|kind|sort|type)\b"
    r"|^\W*(?:so\W+)?(?:can|could|should|must|may|shall|do|does|did|is|isn't|are|aren't|will|would)\b"
    r"|\b(?:can|could|should|must|may|shall)\s+(?:i|we|you|he|she|they|it|someone|anyone|the|our|my)\b"
    r"|\b(?:do|does|did)\s+(?:i|we|you|he|she|they|it|this|that)\b"
    r"|\b(?:allowed|ok|okay|supposed|required|need|needs|have|has)\s+to\b|\bgood\s+enough\b"
    r"|怎么|什么|第一步|能不能|可不可以|可以|能否|是否|要不要|需不需要|需要|必须|应该|还要|还用|允许|还是|就行|吗",
    re.IGNORECASE,
)
#: A line that opens with a bold label and a colon: "- **Team leader**: decides…".
_DEFINES_ROLE = re.compile(r"^\s*(?:[-*+]\s+)?\*\*[^*\n]{2,40}\*\*\s*[:：]")


def asked_kinds(question: str) -> frozenset[str]:
    """The kinds of answer a question asks for.

    >>> sorted(asked_kinds("How long may a red-tagged item wait?")), sorted(asked_kinds("谁批准复工？"))
    (['time'], ['person'])
    >>> asked_kinds("what goes in an A3?")
    frozenset()
    """
    kinds = set()
    if _ASKS_TIME.search(question):
        kinds.add(TIME)
    if _ASKS_PERSON.search(question):
        kinds.add(PERSON)
    return frozenset(kinds)


def stated_kinds(line: str) -> frozenset[str]:
    """The kinds of fact a raw document line (Markdown kept) states.

    >>> sorted(stated_kinds("- Response by the water spider: 3 minutes."))
    ['time']
    >>> sorted(stated_kinds("- **安全员（EHS）**：调查事件，每月复查一次。"))
    ['person', 'time']
    >>> stated_kinds("1. Stop the line.")
    frozenset()
    """
    kinds = set()
    if _STATES_TIME.search(line):
        kinds.add(TIME)
    if _DEFINES_ROLE.match(line):
        kinds.add(PERSON)
    return frozenset(kinds)


def asks_fact(question: str) -> bool:
    """Whether a question asks for one fact (who, when, how long, which, why…), not a procedure.

    >>> asks_fact("who approves the restart?"), asks_fact("缺料多久要响应？"), asks_fact("why 5S weekly?")
    (True, True, True)
    >>> asks_fact("how do we run a 5 Whys?"), asks_fact("what do I do when a part runs out?")
    (False, False)
    """
    if _ASKS_PROCEDURE.search(question):
        return False
    return bool(asked_kinds(question)) or bool(_ASKS_OTHER_FACT.search(question))


def asks_how_we_work(question: str) -> bool:
    """Whether a question asks what to do, whether something may or must be done, or one fact:
    the playbooks' kind of question, when the data cannot answer it.

    >>> asks_how_we_work("we're about to run out of screws, what do I do?"), asks_how_we_work("what now?")
    (True, True)
    >>> asks_how_we_work("can we clean up the scene after a near miss?"), asks_how_we_work("要不要做首件？")
    (True, True)
    >>> asks_how_we_work("what is the weather in Suzhou?")
    False
    """
    return asks_fact(question) or bool(_ASKS_PROCEDURE.search(question) or _ASKS_PRACTICE.search(question))
