"""Reading a safety report: `[anonymous] <what happened> [area:L3] [kind:near_miss]
[severity:high] [andon:A12]`, in English or Chinese, with the kind inferred from the words
when it is not given."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Words that make a report anonymous, as a word of its own anywhere in it.
ANONYMOUS_WORDS = frozenset({"anonymous", "anon", "anonymously", "--anonymous", "匿名", "anonymous:yes"})

_KEYS = {
    "area": "area",
    "where": "area",
    "location": "area",
    "line": "area",
    "区域": "area",
    "位置": "area",
    "地点": "area",
    "产线": "area",
    "kind": "kind",
    "type": "kind",
    "类型": "kind",
    "类别": "kind",
    "severity": "severity",
    "sev": "severity",
    "level": "severity",
    "严重度": "severity",
    "严重程度": "severity",
    "级别": "severity",
    "andon": "andon",
    "安灯": "andon",
}
_OPTION = re.compile(r"^([^\s:：]+)[:：](\S+)$")

KIND_WORDS = {
    "near_miss": ("near_miss", "nearmiss", "near-miss", "未遂", "未遂事件", "险肇"),
    "unsafe_act": ("unsafe_act", "act", "不安全行为", "违规", "行为"),
    "unsafe_condition": ("unsafe_condition", "condition", "不安全状态", "隐患", "状态"),
    "injury": ("injury", "受伤", "工伤", "伤害"),
}
LEVEL_WORDS = {
    "low": ("low", "低", "轻微"),
    "medium": ("medium", "med", "normal", "中", "一般"),
    "high": ("high", "高", "较大"),
    "critical": ("critical", "严重", "重大", "紧急", "危急"),
}

#: Words that say which kind a report is, tried in this order (an injury outranks the rest).
_INFER = (
    (
        "injury",
        r"injur|\bhurt\b|\bcut (a|an|his|her|their|my)\b|\bburn(ed|t)?\b|bleed|sprain|first aid"
        r"|受伤|割伤|烫伤|扭伤|砸伤|划伤|工伤|流血",
    ),
    (
        "near_miss",
        r"near[ -]?miss|\bnearly\b|\balmost\b|close call|\bjust missed\b|差点|险些|差一点|未遂|几乎",
    ),
    (
        "unsafe_act",
        r"without (gloves|glasses|goggles|a helmet|ppe|a harness)|not wearing|no (ppe|gloves|glasses|helmet)"
        r"|bypass|running|on (his|her|the) phone|smoking|speeding"
        r"|未戴|没戴|不戴|违规|违章|玩手机|抽烟|超速|跑动|绕过",
    ),
    (
        "unsafe_condition",
        r"leak|spill|slippery|blocked|exposed|missing guard|guard (open|missing)|broken|loose|frayed"
        r"|wet floor"
        r"|漏油|漏水|湿滑|堵塞|裸露|破损|松动|缺少护栏|护罩|积水|杂物",
    ),
)


@dataclass
class Draft:
    """What a report says: its words and the options it gave (None where it gave none)."""

    anonymous: bool = False
    area: str | None = None
    kind: str | None = None
    severity: str | None = None
    andon: str | None = None
    words: list[str] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)

    @property
    def description(self) -> str:
        """The report's own words, without the options."""
        return " ".join(self.words)


def read(text: str) -> Draft:
    """The parts of a report's text (after the command word).

    >>> d = read("anonymous forklift almost hit a walker area:L3 severity:high")
    >>> d.anonymous, d.area, d.kind, d.severity, d.description
    (True, 'L3', None, 'high', 'forklift almost hit a walker')
    >>> d = read("匿名 3号线 叉车差点撞到人 类型:未遂 级别:严重")
    >>> d.anonymous, d.kind, d.severity, d.description
    (True, 'near_miss', 'critical', '3号线 叉车差点撞到人')
    >>> read("oil on floor andon:A12 kind:spill").unknown
    {'kind': 'spill'}
    """
    draft = Draft()
    for token in text.split():
        plain = unicodedata.normalize("NFKC", token)
        if plain.lower() in ANONYMOUS_WORDS:
            draft.anonymous = True
            continue
        option = _OPTION.match(plain)
        key = _KEYS.get(option.group(1).lower()) if option else None
        if option is None or key is None:
            draft.words.append(token)
            continue
        value = option.group(2)
        if key == "area":
            draft.area = value
        elif key == "andon":
            draft.andon = value
        else:
            table = KIND_WORDS if key == "kind" else LEVEL_WORDS
            found = next((name for name, words in table.items() if value.lower() in words), None)
            if found is None:
                draft.unknown[key] = value
            else:
                setattr(draft, key, found)
    return draft


def infer_kind(text: str) -> str | None:
    """The kind of observation the words describe, or None when they do not say.

    >>> infer_kind("forklift nearly hit a picker"), infer_kind("叉车险些撞到人")
    ('near_miss', 'near_miss')
    >>> infer_kind("operator cut his hand on a burr"), infer_kind("工人手指割伤")
    ('injury', 'injury')
    >>> infer_kind("welding without glasses"), infer_kind("oil leak at press 2"), infer_kind("hello")
    ('unsafe_act', 'unsafe_condition', None)
    """
    lowered = text.lower()
    return next((kind for kind, pattern in _INFER if re.search(pattern, lowered)), None)


#: A question about safety figures, not a report ("安全事件有多少起？", "safety how many …").
_QUESTION = re.compile(
    r"^(how many|how much|how often|observations?|reports?|incidents?|events?)\b|^(观察|事件|记录)"
    r"|\b(by|per) (kind|type|area|line|severity|month|week|day)\b|按.{0,6}(统计|分)|多少|几起|几次|[?？]\s*$",
    re.IGNORECASE,
)


def is_question(rest: str) -> bool:
    """Whether the words after `safety` / `安全` ask for figures rather than report something.

    >>> is_question("事件有多少起"), is_question("how many near misses on L3?")
    (True, True)
    >>> is_question("observations by kind last month"), is_question("按类型统计")
    (True, True)
    >>> is_question("L3 walker hit by a forklift")
    False
    >>> is_question("L3 forklift nearly hit a walker"), is_question("stats")
    (False, False)
    """
    return bool(_QUESTION.search(rest.strip()))
