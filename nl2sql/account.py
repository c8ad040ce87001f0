"""Account: a question is answered as understood only when every meaningful word of it is.

The reading stages report the words they could not tie to any part of the plan
(`Plan.ignored`). An answer built without them is a guess, and a confident wrong answer is
the worst thing Gemba can do. So, without a language model to hand the question to:

- when the words left over change what the question asks (a negation, a comparison, a
  number), Gemba says which words it did not understand and does not answer;
- otherwise it asks back, offering the question without those words, once that question
  is read in full: one click answers it, and the user sees what was left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Words that, left unread, would turn the answer into another question's answer.
_CHANGES_MEANING = re.compile(
    r"^(?:not|no|never|none|nor|neither|without|except|excluding|other|others|only|who|whom|whose|"
    r"more|less|fewer|greater|larger|smaller|higher|lower|above|below|over|under|least|most|"
    r"before|after|between|since|until|than|same|different|distinct|both|either|every|each|"
    r"max|maximum|min|minimum|first|last|top|bottom|"
    r"today|yesterday|tomorrow|this|next|ago|since|days?|weeks?|months?|years?|quarters?|hours?|"
    r"much|use|used|uses|using|usage|consumed?|consumption|kg|kilos?|kilograms?|litres?|liters?|"
    r"tons?|tonnes?|pieces|pcs|parts|units|kwh|minutes?|rates?|ratios?|percent|percentage|share|"
    r"[^\x00-\x7f]*(?:率|不|没|未|无|非|除|别|谁|超过|低于|高于|大于|小于|以上|以下|至少|最多|之前|之后|之间|相同|不同|多少|[昨今明去本上下前后][天日周月年]|季度|近)"
    r"[^\x00-\x7f]*|.*\d.*)$",
    re.IGNORECASE,
)


def changes_meaning(words: Sequence[str]) -> bool:
    """Whether any of `words` would change what is asked if it were left out.

    >>> changes_meaning(["asap"]), changes_meaning(["not"]), changes_meaning(["200kg"])
    (False, True, True)
    >>> changes_meaning(["老板汇报用"]), changes_meaning(["没有完成"]), changes_meaning(["last week"])
    (False, True, True)
    """
    return any(_CHANGES_MEANING.match(token) for word in words for token in word.split())


def without(question: str, words: Sequence[str]) -> str:
    """`question` with `words` taken out (whole words in English, as written in Chinese).

    >>> without("how many andon calls last week, asap please?", ["asap"])
    'how many andon calls last week, please?'
    >>> without("上周有多少次安灯，给老板汇报用", ["老板汇报用"])
    '上周有多少次安灯，给'
    """
    for word in words:
        pattern = rf"\s*\b{re.escape(word)}\b" if word.isascii() else re.escape(word)
        question = re.sub(pattern, "", question, count=1, flags=re.IGNORECASE)
    return question.strip()


def ask_back_prompt(words: Sequence[str], language: str) -> str:
    """The question back: which words were not understood, and the offer below it."""
    if language == "zh":
        return f"我没有理解“{'、'.join(words)}”，所以还没有作答。您是想问下面这个问题吗？"
    return f"I did not understand “{', '.join(words)}”, so I have not answered yet. Did you mean this?"
