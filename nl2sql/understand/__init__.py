"""Understand: a question in plain English or Chinese → a typed `Plan`, without an LLM.

The stages inside are small and ordered: find the time window, named metrics, top-N and
thresholds, stored values ("Line 3", "PR-07", "缺料"), then the words left over, read
through the bilingual lexicon. Tables are scored by how many of those words name them;
the best fact table becomes the plan's table, joined to lines, machines or shifts
through foreign keys when the question filters or groups by them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from nl2sql.catalog import Catalog
from nl2sql.errors import NoSuchData
from nl2sql.lexicon import (
    _CHINESE,
    _ENGLISH,
    MAX_PHRASE,
    STOPWORDS,
    VALUE_WORDS,
    chinese_concepts,
    concepts_of_phrase,
    concepts_of_text,
    head_concepts,
    stem,
)
from nl2sql.link import Embed, SchemaIndex, ValueRef, column_unit, compact, normalise
from nl2sql.types import Clarification, Dim, Filter, Measure, Plan, Ref
from nl2sql.windows import Window, cn_number, find_window

_WORDS = re.compile(r"[a-z0-9]+(?:[-_./][a-z0-9]+)*|[\u3400-\u9fff]+")
_COUNT = re.compile(
    r"\bhow many\b|\bnumber of\b|\bcount\b(?! as\b)|\bhow often\b|\bfrequen|"
    r"\bcommon\b|最常见|多少次|几次|次数|多少起|多少个|多少条|几个|几条|几起|多少"
)
_UNIT_COUNT = re.compile(
    r"\bhow many (?:minutes|hours|pieces|pcs|units|parts|kg|km|items|"
    r"euros?|dollars?)\b|多少(?:分钟|小时|件|个小时|公斤|公里)"
)
_SUM = re.compile(r"\btotal\b|\bsum\b|\bhow much\b|\boverall\b|总|合计|一共|共计|累计|总共")
_AVG = re.compile(r"\baverage\b|\bavg\b|\bmean\b|\btypical\b|平均|均值")
_MAX = re.compile(
    r"\bmax(?:imum)?\b|\blongest\b|\bhighest\b|\bbiggest\b|\blargest\b|\bpeak\b|\bworst\b|最长|最大|最高|最多|最差|最严重"
)
_MIN = re.compile(
    r"\bmin(?:imum)?\b|\bshortest\b|\blowest\b|\bsmallest\b|\bleast\b|\bfewest\b|\bbest\b|最短|最小|最低|最少|最好"
)
_MOST = re.compile(
    r"\bmost\b|\btop\b|\bmore\b|\bhighest\b|\blongest\b|\bbiggest\b|"
    r"\blargest\b|\bworst\b|最多|最长|最高|最大|最差|最严重|最频繁"
)
_WHICH = re.compile(r"\bwhich\b|\bwhat (?!is\b|was\b|are\b|were\b|the\b|s\b|about\b|if\b)|哪")
_GROUP = re.compile(
    r"\b(?:by|per|for each|for every|each|across|split by|broken down by|grouped by|breakdown by|"
    r"breakdown of|for all)\s+((?:[a-z0-9]+\s*){1,3})|"
    r"(?:按照?|各|每个|每条|每台|每一|每位|每名|每家|每种|每类|每款|每间|每批|分(?!钟))\s*([\u3400-\u9fff]{1,6})"
)
_TREND = re.compile(
    r"\b(?:per|by|each|every) (hour|day|date|week|month)\b|\b(hourly|"
    r"daily|weekly|monthly)\b|\b(trend|over time)\b|"
    r"(每小时|每天|每日|按天|按日|逐日|每周|按周|逐周|每月|按月|逐月|趋势|走势|变化)"
)
_TOP = re.compile(
    r"\b(?:top|worst|bottom|best|first)\s+(\d+|three|five|ten|two|four)\b|"
    r"\b(\d+|three|five|ten) (?:most|worst|biggest|top|highest|longest)\b|"
    r"前\s*([0-9一二三四五六七八九十]+)"
)
_LIST = re.compile(r"^(?:list|show|display|give me|find|which|what are|who)\b|列出|显示|列表|明细|哪些|谁")
# "Who is …", "…是谁": the people (rows) asked for, shown by name, never a count of them.
_WHO = re.compile(r"\bwho\b|谁")
_THRESHOLD = re.compile(
    r"(more than|longer than|greater than|over|above|at least|exceeding|"
    r"exceeds|more then|less than|fewer than|"
    r"shorter than|under|below|at most|>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(minutes?|"
    r"mins?|hours?|hrs?|h|pieces?|pcs|%)?"
    r"|(超过|大于|多于|高于|不少于|至少|少于|小于|低于|不到|不超过|长于|短于)\s*([0-9一二三四五六七八九十百]+)\s*(分钟|小时|件|个|次)?"
    r"|([0-9一二三四五六七八九十百]+)\s*(分钟|小时|件|次)?\s*(以上|以下)"
)
_COUNTED = re.compile(r"\b(?:how many|number of|count of|no\. of|amount of)\s+")
_COUNTED_ZH = re.compile(r"的?(?:数量|个数|次数|数)")
_AGGREGATE = re.compile(
    r"\baverage\b|\bavg\b|\bmean\b|\bmax(?:imum)?\b|\bmin(?:imum)?\b|\bhighest\b|\blowest\b|平均|均值|最高|最低"
)
_FOLLOW = re.compile(
    r"^(?:and|what about|how about|same for|only|just|now|then|also)\b|^(?:那|那么|再|只看|仅|只|换成|改成)"
)
_SCORE_LIKE = {"score", "rating", "sensor", "weight", "distance"}
_TIME_UNITS = {"minute": 1, "min": 1, "hour": 60, "hr": 60, "h": 60, "分钟": 1, "小时": 60}
_NOW = frozenset(["now", "currently", "current"])
_NEGATION = frozenset(["no", "not", "never", "none", "nor", "neither", "without", "except", "non"])
FILLER = frozenset(
    [
        "had",
        "have",
        "happen",
        "happened",
        "occur",
        "occurred",
        "caused",
        "got",
        "come",
        "came",
        "comes",
        "use",
        "used",
        "uses",
        "using",
        "usage",
        "see",
        "seen",
        "lost",
        "raise",
        "go",
        "went",
        "run",
        "ran",
        "make",
        "ever",
        "plant",
        "factory",
        "yet",
        "there",
        "get",
        "gemba",
        "tell",
        "know",
        "want",
        "need",
        "been",
        "being",
        "did",
        "does",
        "do",
        "our",
        "your",
        "was",
        "were",
        "is",
        "are",
        "be",
        "it",
        "its",
        "they",
        "them",
        "we",
        "you",
        "i",
        "me",
        "my",
        "vs",
        "versus",
        "compared",
        "against",
        "than",
        "per",
        "cent",
        "percent",
        "last",
        "this",
        "past",
        "much",
        "many",
        "long",
        "often",
        "how",
        "what",
        "which",
        "who",
        "when",
        "where",
        "why",
        "time",
    ]
)
#: Chinese words that carry no meaning of their own in a data question: particles, measure
#: words, "how many / which / each", "list / show". What is left of a Chinese run once its
#: lexicon words and these are taken out, if two characters or more, is reported as not
#: understood, as English words are.
_FILLER_ZH_WORDS = """
的 了 吗 呢 吧 啊 呀 和 与 及 或 或者 以及 跟 同 有 是 在 按 被 把 给 对 从 到 由 于 为
各 每 个 台 条 次 件 位 名 家 份 项 种 类 批 一 张 套 只 辆 座 根 块 多少 几 一共 总共 共 总 合计 总计 累计
统计 列出 显示 查 查询 查看 看 看看 我 告诉 请 帮 一下 最 最多 最少 最高 最低
最长 最短 最大 最小 最近 平均 趋势 分布 情况 数据 数量 哪 哪个 哪些 哪台 哪条 哪位 哪天
我们 你 其中 分别 目前 现在 当前 做 发现 发生 出现 出 一次 多长 多 少 长 每个 每位 每天
每周 每月 每年 几个 几次 几台 几条 几天 几位 几名 几家 几份 几项 几种 几件 几批
各条 各个 各位 各家 各种 各项 各台 都 货 是什么 什么 哪里 谁 请问 只 只看 仅 再 那 那么 换成 改成
处于 处在 正处于 目前处于
"""
FILLER_ZH = frozenset(_FILLER_ZH_WORDS.split())
_ORDER_DESC = {"desc", "most"}


@dataclass
class _Reading:
    """What the early stages found, and the text left for the lexicon."""

    text: str
    window: Window | None = None
    metric: str = ""
    ratio: tuple[str, str, str, str] | None = None
    limit: int | None = None
    thresholds: list[tuple[str, float, str]] = field(default_factory=list)
    counted_after: list[str] = field(default_factory=list)  # "more than 30 stoppages": the rows' noun
    values: list[tuple[str, list[ValueRef], bool]] = field(default_factory=list)
    concepts: list[tuple[int, frozenset[str], str]] = field(default_factory=list)
    group_phrases: list[tuple[int, str]] = field(default_factory=list)
    trend: str = ""
    unmatched: list[str] = field(default_factory=list)
    unmatched_now: list[str] = field(default_factory=list)  # "now", "currently": see `_unaccounted`
    absence: str = ""  # the words saying "none of": see `_choose_absence`
    pending: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # "still not acknowledged"


# Generic manufacturing ratios, bound to whichever table has both columns.
RATIOS = (
    (
        (
            "scrap rate",
            "scrap ratio",
            "scrap %",
            "scrap percentage",
            "reject rate",
            "报废率",
            "废品率",
            "不良率",
        ),
        "scrap",
        "output",
        "Scrap rate",
        "报废率",
    ),
    (
        (
            "attainment",
            "plan attainment",
            "output vs plan",
            "output against plan",
            "achievement",
            "达成率",
            "计划达成率",
            "完成率",
        ),
        "output",
        "plan",
        "Plan attainment",
        "计划达成率",
    ),
)


def _blank(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def read(question: str, index: SchemaIndex, now: datetime) -> _Reading:
    """The early stages: window, metric, top-N, thresholds, values, then lexicon concepts."""
    # "haven't", "didn't": a negation, read as one ("haven", "t" would be offered away).
    r = _Reading(re.sub(r"\b([a-z]+)n't\b", r"\1 not", normalise(question)))
    _find_window(r, now)
    _find_idle_phrases(r)
    _find_metric(r, index)
    _find_top(r)
    _find_thresholds(r)
    _find_absence(r)
    _find_values(r, index)
    _find_pending(r)
    r.text = re.sub(r"\bbreak(?:ing)? down\b|\bbroken down\b", "by       ", r.text)
    _find_concepts(r, index)
    return r


def _find_window(r: _Reading, now: datetime) -> None:
    found = find_window(r.text, now)
    if found:
        r.window, span = found
        r.text = _blank(r.text, span)


#: Phrases that add nothing to a reading: "so far" and "to date" beside a window that already
#: ends now, the "right" of "right now" (whose "now" is read as a state, see `_unaccounted`).
_IDLE = re.compile(r"\bso far\b|\bto date\b|\bright(?= now\b)")


def _find_idle_phrases(r: _Reading) -> None:
    for m in reversed(list(_IDLE.finditer(r.text))):
        if m.group() == "right" or r.window is not None:
            r.text = _blank(r.text, m.span())


def _find_metric(r: _Reading, index: SchemaIndex) -> None:
    for phrase, name in index.metric_phrases:
        at = _find_phrase(r.text, phrase)
        if at >= 0:
            r.metric = name
            r.text = _blank(r.text, (at, at + len(phrase)))
            return
    for phrases, num, den, en, zh in RATIOS:
        for phrase in phrases:
            at = _find_phrase(r.text, phrase)
            if at >= 0:
                r.ratio = (num, den, en, zh)
                r.text = _blank(r.text, (at, at + len(phrase)))
                return


def _find_phrase(text: str, phrase: str) -> int:
    if not phrase.isascii():
        return text.find(phrase)
    m = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
    return m.start() if m else -1


def _find_top(r: _Reading) -> None:
    m = _TOP.search(r.text)
    if m:
        r.limit = cn_number(m.group(1) or m.group(2) or m.group(3) or "")
        r.text = _blank(r.text, m.span())


#: "had no stoppages", "never", "without any", "从来没有", "一次都没": things with none of the rows.
_ABSENCE = re.compile(
    r"\b(?:had|has|have|got|with|saw|see)\s+no\b|\bnever\b|\bwithout(?:\s+any)?\b|"
    r"\bdid(?:n't| not)\s+(?:have|get|see|send|receive|use)\s+any\b|"
    r"从来没有|从来没|从没有|从没|一次都没有|一次都没|一张都没|一个都没|都没有"
)


def _find_absence(r: _Reading) -> None:
    m = _ABSENCE.search(r.text)
    if m:
        r.absence = m.group().strip()
        r.text = _blank(r.text, m.span())
        r.text = re.sub(r"\bat all\b", "      ", r.text)


#: "still not acknowledged", "haven't been received yet", "未确认", "还没完工": a step not yet taken.
_PENDING = re.compile(
    r"\b(?:still\s+)?(?:not|never|[a-z]+n't)\s+(?:yet\s+)?(?:been\s+|be\s+)?([a-z]+ed)\b(?:\s+yet\b)?|"
    r"(?:还|尚|仍)?(?:没有|没|未)(?:被)?([\u4e00-\u9fff]{2})"
)


def _find_pending(r: _Reading) -> None:
    for m in reversed(list(_PENDING.finditer(r.text))):
        word = m.group(1) or m.group(2)
        concepts = (
            chinese_concepts(word)[0][2] if not word.isascii() and chinese_concepts(word) else frozenset()
        )
        if word.isascii():
            concepts = frozenset().union(*(concepts_of_phrase(w) for w in (word, *inflections(word))))
        if concepts:
            r.pending.append((m.group().strip(), concepts))
            r.text = _blank(r.text, m.span())


def _find_thresholds(r: _Reading) -> None:
    for m in list(_THRESHOLD.finditer(r.text)):
        if m.group(1):
            word, number, unit = m.group(1), m.group(2), m.group(3) or ""
        elif m.group(4):
            word, number, unit = m.group(4), m.group(5), m.group(6) or ""
        else:
            word, number, unit = m.group(9), m.group(7), m.group(8) or ""
        if m.group(1) and word in ("over", "under") and not unit:
            continue
        below = word in (
            "less than",
            "fewer than",
            "shorter than",
            "under",
            "below",
            "at most",
            "<=",
            "<",
            "少于",
            "小于",
            "低于",
            "不到",
            "不超过",
            "短于",
            "以下",
        )
        inclusive = word in ("at least", "at most", ">=", "<=", "不少于", "至少", "不超过")
        op = ("<=" if inclusive else "<") if below else (">=" if inclusive else ">")
        value = cn_number(number) if not number.replace(".", "").isdigit() else float(number)
        if value is None or (unit == "%" and re.match(r"\s*of\b", r.text[m.end() :])):
            continue  # "below 95% of the planned quantity": a share of another measure, not a bound
        r.thresholds.append((op, float(value), unit.rstrip("s")))
        if not unit:
            r.counted_after.append(" ".join(r.text[m.end() :].split()[:2]))
        r.text = _blank(r.text, m.span())


def _lexicon_word(surface: str) -> bool:
    key = " ".join(stem(w) for w in surface.split())
    return key in _ENGLISH or any(surface == w for w, _ in _CHINESE)


def _find_values(r: _Reading, index: SchemaIndex) -> None:
    text = r.text
    for alias, refs in index.cjk_values:
        at = text.find(alias)
        if at >= 0 and not _inside_longer_word(text, at, alias):  # 合格 inside 合格品 (good parts)
            r.values.append((alias, refs, False))
            text = _blank(text, (at, at + len(alias)))
    taken: list[tuple[int, int]] = []
    for word in sorted(VALUE_WORDS, key=len, reverse=True):
        at = _find_phrase(text, word)
        if at < 0 or _inside(at, at + len(word), taken) or _inside_longer_word(text, at, word):
            continue
        taken.append((at, at + len(word)))
        refs = [ref for v in VALUE_WORDS[word] for ref in index.values.get(normalise(v), ())]
        if refs:
            weak = _lexicon_word(word)
            r.values.append((word, refs, weak))
            if not weak:
                text = _blank(text, (at, at + len(word)))
    matches = list(_WORDS.finditer(text))
    i = 0
    while i < len(matches):
        for n in range(min(index.max_value_words, len(matches) - i), 0, -1):
            group = matches[i : i + n]
            if group[-1].start() - group[0].end() > 2 * n + 2:
                continue
            words = [m.group() for m in group]
            keys = (
                " ".join(words),
                " ".join([*words[:-1], stem(words[-1])]),
                compact("".join(words)),
                *(" ".join([*words[:-1], w]) for w in inflections(words[-1])),
            )
            # Every form's values: "failed" is one table's label and, as "fail", another's.
            found = list(dict.fromkeys(ref for k in keys for ref in index.values.get(k, ())))
            if found and not (n == 1 and words[0] in STOPWORDS):
                surface = " ".join(words)
                weak = _lexicon_word(surface)
                if not any(surface == v[0] for v in r.values):
                    r.values.append((surface, list(found), weak))
                if not weak:
                    text = _blank(text, (group[0].start(), group[-1].end()))
                i += n - 1
                break
        i += 1
    r.text = text


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _inside_longer_word(text: str, at: int, word: str) -> bool:
    """Whether a longer Chinese lexicon word covers `word` here ("不合格" inside "不合格品")."""
    if word.isascii():
        return False
    for longer, _concepts in _CHINESE:
        if len(longer) <= len(word):
            break
        if word in longer:
            start = text.find(longer, max(0, at - len(longer)))
            if 0 <= start <= at and at + len(word) <= start + len(longer):
                return True
    return False


def inflections(word: str) -> tuple[str, ...]:
    """Other forms of an English verb or participle, to match stored values ("failed" → "fail").

    >>> inflections("scrapped"), inflections("failed"), inflections("reject")
    (('scrapp', 'scrappe', 'scrap'), ('fail', 'faile'), ('rejected', 'rejectd'))
    """
    if not word.isascii() or len(word) < 4 or word.isdigit():
        return ()
    if word.endswith("ed"):
        forms = [word[:-2], word[:-1]]
        if len(word) > 5 and word[-3] == word[-4]:
            forms.append(word[:-3])
        return tuple(forms)
    return (word + "ed", word + "d")


def _find_concepts(r: _Reading, index: SchemaIndex) -> None:
    text = r.text
    trend = _TREND.search(text)
    if trend:
        word = next(g for g in trend.groups() if g)
        r.trend = {
            "hour": "hour",
            "hourly": "hour",
            "每小时": "hour",
            "week": "week",
            "weekly": "week",
            "每周": "week",
            "按周": "week",
            "逐周": "week",
            "month": "month",
            "monthly": "month",
            "每月": "month",
            "按月": "month",
            "逐月": "month",
        }.get(word, "day" if word not in ("trend", "over time", "趋势", "走势", "变化") else "auto")
        text = _blank(text, trend.span())
    facts = frozenset().union(*(c for t, c in index.table_name_concepts.items() if not index.is_dimension(t)))
    dims = frozenset().union(*(c for t, c in index.table_name_concepts.items() if index.is_dimension(t)))
    for m in _GROUP.finditer(text):
        phrase = (m.group(1) or m.group(2) or "").strip()
        named = concepts_of_text(phrase)
        if re.match(r"(?:number|count|amount|total|sum) of\b|(?:most|fewest|least)\b", phrase):
            continue  # "top 3 products by number of NCRs": ranked by a count, not grouped
        if (
            named & facts
            and not named & dims
            and not any(
                named & (concepts_of_text(col) - {"code", "name", "id"})
                for (_t, col) in index.column_concepts
            )
        ):
            continue  # "top 3 machines by andon calls": ranked by the measure, not grouped
        r.group_phrases.append((m.start(), phrase))
    words = [(m.start(), m.group()) for m in _WORDS.finditer(text)]
    used: set[int] = set()
    for n in range(MAX_PHRASE, 0, -1):
        for i in range(len(words) - n + 1):
            if any(j in used for j in range(i, i + n)) or not words[i][1].isascii():
                continue
            phrase = " ".join(stem(w) for _, w in words[i : i + n])
            concepts = concepts_of_phrase(phrase)
            if concepts:
                r.concepts.append((words[i][0], concepts, phrase))
                used.update(range(i, i + n))
    for i, (at, w) in enumerate(words):
        if i in used:
            continue
        if not w.isascii():
            found = chinese_concepts(w, FILLER_ZH)
            for start, end, concepts in found:
                r.concepts.append((at + start, concepts, w[start:end]))
            r.unmatched += _chinese_leftovers(w, [(start, end) for start, end, _ in found])
            continue
        s = stem(w)
        if s in _NEGATION:  # no stage reads a negation yet: it must never pass as a column's word
            r.unmatched.append(w)
            continue
        if s in _NOW:
            r.unmatched_now.append(w)
            continue
        if s in STOPWORDS or s in FILLER:
            continue
        if w.isdigit():  # a number no stage took is a condition we would drop, unless it is the limit
            if int(w) != r.limit:
                r.unmatched.append(w)
            continue
        own = _raw_schema_concept(s, index)
        if own:
            r.concepts.append((at, frozenset({s}), s))
        else:
            r.unmatched.append(w)
    r.concepts.sort(key=lambda c: c[0])


def _chinese_leftovers(run: str, spans: list[tuple[int, int]]) -> list[str]:
    """The words of a run of Chinese characters that are neither lexicon words (`spans`) nor
    `FILLER_ZH`, joined where they stand together; those of two characters or more.

    >>> _chinese_leftovers("哪台设备停机最多", [(2, 4), (4, 6)])
    []
    >>> _chinese_leftovers("交接班前要准备什么", [])
    ['交接班前要准备']
    >>> _chinese_leftovers("安全事故后谁批准复工", [(0, 2)])
    ['事故后', '批准复工']
    """
    import rjieba  # its dictionary takes a tenth of a second to load: only for Chinese questions

    text = list(run)
    for start, end in spans:
        text[start:end] = [" "] * (end - start)
    kept = " ".join(w if not _all_filler(w) else " " for w in rjieba.cut("".join(text)))
    return re.sub(r" (?! )", "", kept).split()


def _all_filler(word: str) -> bool:
    """Whether `word` is made of `FILLER_ZH` words only: 每台, 几张 are a measure word after 每 or 几.

    >>> _all_filler("每台"), _all_filler("几张"), _all_filler("报修")
    (True, True, False)
    """
    if word in FILLER_ZH or word.isspace():
        return True
    return any(word[:n] in FILLER_ZH and _all_filler(word[n:]) for n in range(1, len(word)))


def _raw_schema_concept(word: str, index: SchemaIndex) -> bool:
    return any(word in c for c in index.table_concepts.values()) or any(
        word in c for c in index.column_concepts.values()
    )


def understand(
    question: str,
    catalog: Catalog,
    *,
    now: datetime,
    context: dict[str, Any] | None = None,
    embed: Embed | None = None,
) -> Plan | Clarification:
    """The plan for `question` (plant-local `now`), or a clarifying question.

    `context` is the previous plan of the thread (`Plan.to_dict()`), for follow-ups.
    Raises `NoSuchData` when nothing in the catalog matches the question.
    """
    index = SchemaIndex.of(catalog)
    r = read(question, index, now)
    if embed is not None and r.unmatched:
        _link_fuzzy(r, index, embed)
    scores = _score_tables(r, index)
    signal = _score_tables(r, index, with_values=False)
    best = max(signal.values(), default=0.0)
    previous = Plan.from_dict(context) if context else None
    follow = previous is not None and (best < 2.5 or _FOLLOW.search(r.text.strip()) is not None)
    if follow and best < 2.5 and previous is not None:
        return _follow_up(previous, r, index)
    if best <= 0:
        owner = _only_owner(r, index)
        if owner is None:
            return _nothing_found(question, r, index)
        scores = {owner: 1.0}
    named = _named_tables(r, index)
    ranked = sorted(
        scores.items(), key=lambda kv: (-kv[1], kv[0] not in named, index.is_dimension(kv[0]), kv[0])
    )
    table = ranked[0][0]
    if _AGGREGATE.search(r.text) and not _measures(table, index):
        # "highest tensile strength on fiber products": products has nothing to aggregate.
        table = next(
            (
                t
                for t, score in ranked[1:]
                if score > 0 and _measures(t, index) and (index.path(t, table) or index.path(table, t))
            ),
            table,
        )
        ranked = [(table, ranked[0][1] + 1), *ranked]
    elif asks_amount(r.text) and not _amount_columns(table, r, index):
        # "how much electricity did press 2 use": the meter is named, the reading holds the kWh.
        table = next(
            (
                t
                for t, score in ranked[1:]
                if score > 0
                and _amount_columns(t, r, index)
                and (index.path(t, table) or index.path(table, t))
            ),
            table,
        )
        ranked = [(table, ranked[0][1] + 1), *ranked]
    tied = [t for t, s in ranked if s == ranked[0][1] and not index.is_dimension(t)]
    if len(tied) > 1 and not named & set(tied):
        return _ambiguous(question, tied[:3], index)
    plan = _plan_for(table, r, index)
    if follow and previous is not None and previous.table == table:
        _inherit(plan, previous)
    return plan


def _measures(table: str, index: SchemaIndex) -> list[str]:
    return [
        c.name
        for c in index.table(table).visible
        if c.numeric and not c.primary_key and not c.references and c.kind != "bool"
    ]


def _amount_columns(table: str, r: _Reading, index: SchemaIndex) -> list[str]:
    """Numeric columns of `table` (no key) that a word of the question names: what an amount sums."""
    said = {c for _at, cs, _s in r.concepts for c in cs} | {
        c for surface, _refs, weak in r.values if weak for c in concepts_of_phrase(stem(surface))
    }
    return [
        col
        for col in _measures(table, index)
        if index.column_concepts[(table, col)] & said - index.table_name_concepts[table]
        or index.column_concepts[(table, col)] & said & {"qty", "duration", "cost", "energy", "weight"}
    ]


def _counted(r: _Reading) -> set[str]:
    """Concepts of the noun a count asks about: "how many NCRs", "number of samples", "样品数"."""
    found: set[str] = set()
    for m in _COUNTED.finditer(r.text):
        after = [cs for at, cs, _s in r.concepts if m.end() <= at <= m.end() + 24]
        if after:
            found |= after[0]
    for m in _COUNTED_ZH.finditer(r.text):
        before = [cs for at, cs, s in r.concepts if at + len(s) == m.start()]
        if before:
            found |= before[-1]
    return found


# Table scoring: the evidence each weighs, for one concept of the question (once a table).
W_NAME = 3.0  # the table's own name (or label, synonym) says the word
W_DESCRIBED = 1.0  # only its comment or a column's name or comment says it
W_COLUMN = 0.8  # a column (not a key) is named by the word
W_NUMERIC_COLUMN = 0.4  # … and that column is a number, something to measure
W_AMOUNT_COLUMN = 2.5  # … and the question asks an amount of it ("how much electricity")
W_VALUE = 1.5  # a value the question names is stored in the table (per value)
W_METRIC = 6.0  # a named metric or a ratio of the table's columns
W_COUNTED = 2.0  # the table's own name is the noun a count asks about ("how many NCRs")
W_DIMENSION = -0.5  # a table of things others point to, when a fact table also fits

#: Questions that ask an amount, not a number of rows: "how much electricity", "how many kg",
#: "用了多少度电", "用电量". Answering them with a count of rows would answer another question.
_AMOUNT = re.compile(
    r"\bhow much\b|\bsum of\b|\b(?:use|used|uses|using|usage|consumed?|consumes|consumption)\b|"
    r"\bhow many (?:[a-z]+ )?(?:minutes|hours|pieces|pcs|units|parts|kg|kilos?|kilograms?|"
    r"litres?|liters?|tons?|tonnes?|kwh|metres?|meters?)\b|"
    r"多少(?=件|公斤|千克|升|度|吨|分钟|小时|方|元|钱|米|合格品|良品|废品|次品|不合格品)|(?<![数质])量|"
    r"用电|耗电|用水|用气|消耗|耗用"
)


def asks_amount(text: str) -> bool:
    """Whether a question asks an amount (a sum of a measure) rather than a number of rows.

    >>> asks_amount("how much electricity did press 2 use"), asks_amount("用电量是多少")
    (True, True)
    >>> asks_amount("how many stoppages"), asks_amount("有多少工单"), asks_amount("报告数量")
    (False, False, False)
    """
    return _AMOUNT.search(text) is not None


def _score_tables(r: _Reading, index: SchemaIndex, *, with_values: bool = True) -> dict[str, float]:
    counted = _counted(r)
    group_starts = {at for at, _ in r.group_phrases}
    which = _WHICH.search(r.text)
    dim_words = _dimension_words(r, index)
    amount = asks_amount(r.text)
    scores: dict[str, float] = {}
    for name in index.catalog.tables:
        score = 0.0
        name_c, all_c = index.table_name_concepts[name], index.table_concepts[name]
        info = index.table(name)
        seen: set[str] = set()
        for _at, concepts, surface in r.concepts:
            if surface in dim_words and (group_starts or which or r.limit):
                continue
            for c in concepts:
                if c in seen:
                    continue
                if c in name_c:
                    score += W_NAME
                elif c in all_c:
                    score += W_DESCRIBED
                col_hits = [
                    col
                    for col in info.visible
                    if not col.primary_key
                    and not col.references
                    and c in index.column_concepts[(name, col.name)]
                ]
                if col_hits:
                    numeric = any(col.numeric and col.kind != "bool" for col in col_hits)
                    score += W_COLUMN + (W_NUMERIC_COLUMN if numeric else 0)
                    score += W_AMOUNT_COLUMN if numeric and amount else 0
                seen.add(c)
        for _surface, refs, weak in r.values if with_values else ():
            if not weak and any(ref.table == name for ref in refs):
                score += W_VALUE
        if r.metric and any(m.name == r.metric and m.table == name for m in index.catalog.metrics):
            score += W_METRIC
        if r.ratio and _ratio_columns(name, r.ratio, index):
            score += W_METRIC
        if counted & name_c:
            score += W_COUNTED
        if score > 0 and index.is_dimension(name):
            score += W_DIMENSION
        scores[name] = score
    return scores


def _named_tables(r: _Reading, index: SchemaIndex) -> set[str]:
    """Tables whose own name the question uses ("andon calls", "停机")."""
    dims = _dimension_words(r, index)
    said = {c for _at, cs, s in r.concepts if s not in dims for c in cs}
    return {t for t, c in index.table_name_concepts.items() if c & said}


def _only_owner(r: _Reading, index: SchemaIndex) -> str | None:
    """The one fact table holding every value the question names, if there is exactly one."""
    owners = {ref.table for _s, refs, weak in r.values if not weak for ref in refs}
    facts = [t for t in owners if not index.is_dimension(t)]
    if len(facts) == 1:
        return facts[0]
    # "how many chillers do we have?", "which operators are no longer active?": every value lives
    # in one table of things, which the question counts or lists.
    if facts:
        return None
    noun = _which_noun(r)
    listed = [t for t in owners if noun is not None and noun[1] & index.table_name_concepts[t]]
    if len(listed) == 1:
        return listed[0]
    # "how many breakdowns did MC-07 have": the stoppage table holds the breakdown and reaches the
    # machine; the machine table reaches no stoppage. Count in the table that reaches the others.
    hubs = [t for t in owners if all(t == o or index.path(t, o) for o in owners)]
    if len(owners) > 1 and len(hubs) == 1 and _COUNT.search(r.text):
        return hubs[0]
    return next(iter(owners)) if len(owners) == 1 and _COUNT.search(r.text) else None


def _dimension_words(r: _Reading, index: SchemaIndex | None = None) -> set[str]:
    """Words that name what to group by ("by station", "which machine", "各班次")."""
    facts: frozenset[str] = frozenset()
    if index is not None:
        facts = frozenset().union(
            *(c for t, c in index.table_name_concepts.items() if not index.is_dimension(t))
        )
    words: set[str] = set()
    for at, phrase in r.group_phrases:
        for _at, concepts, surface in r.concepts:
            if _at >= at and surface in phrase and not concepts & facts:
                words.add(surface)
                break
    noun = _which_noun(r)
    if noun:
        words.add(noun[2])
    return words


def _which_noun(r: _Reading) -> tuple[int, frozenset[str], str] | None:
    """The thing "which" asks for: the noun after it ("which machine"), or before it in
    Chinese ("…的设备有哪些")."""
    which = _WHICH.search(r.text)
    if not which:
        return None
    after = [c for c in r.concepts if c[0] >= which.start()]
    before = [c for c in r.concepts if c[0] < which.start()]
    return after[0] if after else (before[-1] if before and not which.group().isascii() else None)


def _ratio_columns(
    table: str, ratio: tuple[str, str, str, str], index: SchemaIndex
) -> tuple[str, str] | None:
    num, den = ratio[0], ratio[1]
    info = index.table(table)
    numeric = [c for c in info.visible if c.numeric and not c.primary_key and not c.references]

    def find(concept: str, avoid: str) -> str | None:
        by_name = [c.name for c in numeric if concept in concepts_of_text(c.name)]
        hits = [
            c.name
            for c in numeric
            if concept in index.column_concepts[(table, c.name)]
            and avoid not in index.column_concepts[(table, c.name)]
        ]
        return next(iter(by_name or hits), None)

    a, b = find(num, den), find(den, num)
    return (a, b) if a and b else None


def _plan_for(table: str, r: _Reading, index: SchemaIndex) -> Plan:
    plan = Plan(table=table, measure=None)
    plan.window = r.window
    _choose_time(plan, r, index)
    _choose_filters(plan, r, index)
    _choose_group(plan, r, index)
    _choose_measure(plan, r, index)
    _choose_columns(plan, r, index)
    _choose_unit(plan, r, index)
    _choose_thresholds(plan, r, index)
    _choose_order(plan, r)
    _choose_absence(plan, r, index)
    _choose_pending(plan, r, index)
    plan.ignored = [*r.unmatched, *_unaccounted(plan, r, index)]
    plan.confidence = 1.0 if not plan.ignored else max(0.2, 1 - 0.25 * len(plan.ignored))
    return plan


def _unaccounted(plan: Plan, r: _Reading, index: SchemaIndex) -> list[str]:
    """What the reading found that the plan leaves out: a time window where the table has no
    time column, a number that became no threshold, a unit the measure is not in, a named value
    that became no filter, a word naming neither one of the plan's tables nor a column its SQL
    uses, an absence the plan cannot list, a "now" with no state filter. Each would otherwise be
    dropped in silence, and the answer would be another question's."""
    missing = []
    if r.window is not None and plan.time_ref is None:
        missing.append(r.window.phrase or r.window.label_en)
    conditions = [*plan.filters, *([plan.having] if plan.having else [])]
    for op, value, unit in r.thresholds:
        said = f"{op} {_num(value)}"
        if not any(f.label.startswith(said) for f in conditions):
            missing.append(f"{said} {unit}".strip())
    asked = _asked_unit(r.text)
    if asked and plan.measure is not None and plan.measure.ref is not None and not r.thresholds:
        col = index.table(plan.measure.ref.table).column(plan.measure.ref.column)
        if col is not None and asked[0] != (plan.measure.unit or column_unit(col)):
            missing.append(asked[0])
    filtered = {(f.ref.table, f.ref.column) for f in plan.filters}
    used = " ".join(str(f.value) for f in plan.filters).lower()
    for surface, refs, weak in r.values:
        if (
            not weak
            and not any((v.table, v.column) in filtered for v in refs)
            and surface.lower() not in used
        ):
            missing.append(surface)
    columns = _columns_of(plan, index)
    held = set().union(
        _COUNTING,
        *(index.table_concepts[t] for t in {plan.table, *(ref.table for ref in columns)}),
        *(index.column_concepts.get((ref.table, ref.column), frozenset()) for ref in columns),
    )
    held |= {r.metric} if r.metric else set()
    as_filters = {
        surface for surface, refs, _w in r.values if any((v.table, v.column) in filtered for v in refs)
    }
    for _at, concepts, surface in r.concepts:
        if not concepts & held and surface not in as_filters:  # "报废" read as move_type = 'scrap'
            missing.append(surface)
    if r.absence and not plan.absent:
        missing.append(r.absence)
    unset = {f.label for f in plan.filters if f.op == "is null"}
    missing += [word for surface, _cs in r.pending if surface not in unset for word in surface.split()]
    if not plan.group:
        missing += _unresolved_groups(plan, r, index)  # "各个品类" read, but grouped by nothing
    if plan.measure is not None and plan.measure.agg == "count" and asks_amount(r.text):
        missing.append(_AMOUNT.search(r.text).group())  # type: ignore[union-attr]
    # "right now": the state a filter asks for ("open", "in production"); without one, a guess.
    missing += [w for w in r.unmatched_now if not plan.filters]
    return list(dict.fromkeys(missing))


def _unresolved_groups(plan: Plan, r: _Reading, index: SchemaIndex) -> list[str]:
    """The "by …" / "各…" phrases whose words name no column to group by, here or joined."""
    name_c = index.table_name_concepts[plan.table]
    unresolved = []
    for start, phrase in r.group_phrases:
        inside = [cs - name_c for at, cs, surface in r.concepts if at >= start and surface in phrase]
        if inside and not any(cs and _resolve_dim(cs, plan, index) for cs in inside):
            unresolved.append(phrase)
    return unresolved


#: Concepts that ask for a count of rows, held by every table: "how many times", "次数", and
#: "number of" (the lexicon reads "number" as a code).
_COUNTING = frozenset({"times", "code"})


def _columns_of(plan: Plan, index: SchemaIndex) -> list[Ref]:
    """Every column the SQL of the plan uses: shown, measured, filtered, grouped by, or its time."""
    refs = [f.ref for f in plan.filters] + [d.ref for d in plan.group]
    refs += [plan.measure.ref] if plan.measure and plan.measure.ref else []
    refs += [plan.having.ref] if plan.having else []
    refs += [plan.time_ref] if plan.time_ref and plan.window else []
    if plan.measure is None:  # a list shows the columns named, or every column of its table
        refs += plan.columns or [Ref(plan.table, c.name) for c in index.table(plan.table).visible]
    return refs


def _choose_time(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    default = index.time_column(plan.table)
    chosen = default
    info = index.table(plan.table)
    if r.metric:
        metric = next(m for m in index.catalog.metrics if m.name == r.metric)
        chosen = metric.start or default
    elif r.window is not None:
        mentioned = {c for _at, cs, _s in r.concepts for c in cs} | {
            c for surface, _refs, _w in r.values for c in concepts_of_phrase(stem(surface))
        }
        # A step the question says has not happened ("not confirmed") is no time to window by.
        mentioned -= {c for _surface, cs in r.pending for c in cs}
        for col in info.visible:
            if col.temporal and col.name != default:
                own = index.column_concepts[(plan.table, col.name)] - index.table_name_concepts[plan.table]
                if (
                    own
                    & mentioned
                    & {
                        "due",
                        "resolved",
                        "closed",
                        "acknowledged",
                        "started",
                        "opened",
                        "cancelled",
                        "escalation",
                        "receipt",  # "received in October": the receipt date, not the order date
                        "shipment",
                    }
                ):
                    chosen = col.name
                    r.values[:] = [v for v in r.values if not (concepts_of_phrase(stem(v[0])) & own)]
                    break
    if chosen is None and r.window is not None:
        for _col, other, _oc, direction in index.edges.get(plan.table, []):
            other_time = index.time_column(other) if direction == "out" else None
            if other_time:
                plan.time_ref = Ref(other, other_time)
                return
    plan.time_ref = Ref(plan.table, chosen) if chosen else None


def _reachable(table: str, other: str, index: SchemaIndex) -> bool:
    return index.path(table, other) is not None


def _choose_filters(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    chosen: dict[Ref, list[tuple[str, str]]] = {}
    for surface, refs, weak in r.values:
        own = [ref for ref in refs if ref.table == plan.table]
        if weak and (not own or concepts_of_phrase(stem(surface)) & index.table_name_concepts[plan.table]):
            continue  # "how many faults": the table's own noun, even where a code means "fault"
        reach = [ref for ref in refs if ref.table != plan.table and _reachable(plan.table, ref.table, index)]
        if not own and not reach:
            continue

        def is_exact(ref: ValueRef, surface: str = surface) -> bool:
            return normalise(ref.value) == surface

        exact = [x for x in own if is_exact(x)] or [x for x in reach if is_exact(x)]
        options = exact or own or reach
        ref = options[0]
        if ref.table != plan.table:
            label_cols = {index.label_column(ref.table), "code", "name", "name_zh", "title"}
            if ref.column not in label_cols and len({(x.table, x.column) for x in refs}) > 1:
                continue
        same = sorted(v.value for v in options if (v.table, v.column) == (ref.table, ref.column))
        values = set(same) if len(same) > 1 and not exact else {ref.value}
        chosen.setdefault(Ref(ref.table, ref.column), [])
        for v in sorted(values):
            chosen[Ref(ref.table, ref.column)].append((v, surface))
    for target, pairs in chosen.items():
        vals = sorted({v for v, _ in pairs})
        column = index.table(target.table).column(target.column)
        meanings = column.labels if column is not None else {}
        # A code is said with its meaning from the comment: "QC (quality check)".
        label = " / ".join(f"{v} ({meanings[v]})" if v in meanings else v for v in vals)
        plan.filters.append(
            Filter(target, "=" if len(vals) == 1 else "in", vals[0] if len(vals) == 1 else vals, label)
        )


def _resolve_dim(concepts: frozenset[str], plan: Plan, index: SchemaIndex) -> Dim | None:
    table = plan.table
    info = index.table(table)
    name_c = index.table_name_concepts[table]
    plain = [c for c in info.visible if not (c.references or c.primary_key or c.numeric or c.temporal)]
    # A text column, here or joined, whose whole name is the concept ("by category" → `category`),
    # before one that only shares a synonym with it (`move_type`); a joined one only when no
    # table at most as far away is itself the thing ("by area": the `areas` an audit names, not
    # the `area` column of the line that area belongs to).
    for other in [table, *sorted(_reached(table, index), key=lambda t: _hops(table, t, index))]:
        for col in index.table(other).visible:
            if (
                col.kind == "text"
                and not col.primary_key
                and not col.references
                and col.name.lower() in concepts
            ):
                nearer = [
                    t
                    for t in _reached(table, index)
                    if other != table
                    and concepts & head_concepts(t)
                    and _hops(table, t, index) <= _hops(table, other, index)
                ]
                return (
                    Dim(Ref(nearer[0], index.label_column(nearer[0])))
                    if nearer
                    else Dim(Ref(other, col.name))
                )
    # A column of the main table named so ("by reason", "by defect type").
    for col in plain:
        if concepts & (concepts_of_text(col.name) - name_c - {"code", "name"}):
            return Dim(Ref(table, col.name))
    # A table reached whose head noun (its name's last word) is the word: "each warehouse" is
    # `Depot`, not `DepotBin` (a location that only names its warehouse).
    for other in index.catalog.tables:
        if other != table and concepts & head_concepts(other) and index.path(table, other):
            return Dim(Ref(other, index.label_column(other)))
    # A table the main table points to ("by line", "which machine"), or one further along.
    for col in info.visible:
        other = col.references[0] if col.references else ""
        if (
            other
            and index.catalog.table(other)
            and concepts & index.table_name_concepts.get(other, frozenset())
        ):
            return Dim(Ref(other, index.label_column(other)))
    for other in index.catalog.tables:
        if other != table and concepts & index.table_name_concepts[other] and index.path(table, other):
            return Dim(Ref(other, index.label_column(other)))
    # A column whose comment names it, here or in a joined table ("by area").
    for col in plain:
        if concepts & (index.column_concepts[(table, col.name)] - name_c):
            return Dim(Ref(table, col.name))
    for col in info.visible:
        other = col.references[0] if col.references else ""
        if (
            other
            and index.catalog.table(other)
            and concepts & (index.column_concepts[(table, col.name)] - {"code", "id", "name"})
        ):
            return Dim(Ref(other, index.label_column(other)))
    for other in index.catalog.tables:
        if other == table or not index.path(table, other):
            continue
        for col in index.table(other).visible:
            if col.kind == "text" and concepts & (
                index.column_concepts[(other, col.name)] - index.table_name_concepts[other]
            ):
                return Dim(Ref(other, col.name))
    return None


def _reached(table: str, index: SchemaIndex) -> list[str]:
    """The other tables `table` reaches along foreign keys, in catalog order."""
    return [t for t in index.catalog.tables if t != table and index.path(table, t)]


def _hops(table: str, other: str, index: SchemaIndex) -> int:
    """How many joins lead from `table` to `other` (0 for itself)."""
    return len(index.path(table, other) or ())


def _whole_phrase_dim(concepts: frozenset[str], plan: Plan, index: SchemaIndex) -> Dim | None:
    """A text column, here or joined, whose name says every word of a compound ("asset type")."""
    if len(concepts) < 2:
        return None
    for other in [plan.table, *index.catalog.tables]:
        if other != plan.table and not index.path(plan.table, other):
            continue
        for col in index.table(other).visible:
            if col.kind == "text" and not col.primary_key and concepts <= concepts_of_text(col.name):
                return Dim(Ref(other, col.name))
    return None


def _choose_group(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    dims: list[Dim] = []
    name_c = index.table_name_concepts[plan.table]
    candidates: list[frozenset[str]] = []
    for start, phrase in r.group_phrases:
        inside = [cs for at, cs, surface in r.concepts if at >= start and surface in phrase]
        whole = _whole_phrase_dim(frozenset().union(*inside) if inside else frozenset(), plan, index)
        if whole is not None:
            dims.append(whole)
            break
        for concepts in inside:
            if concepts - name_c:
                candidates.append(concepts - name_c)
    noun = _which_noun(r)
    if noun and not candidates:
        candidates.append(noun[1])
    if not candidates and (r.limit or (_MOST.search(r.text) and not _AVG.search(r.text))):
        for _at, concepts, _s in r.concepts:
            if concepts - name_c and not concepts & {"duration", "qty", "score", "cost"}:
                candidates.append(concepts - name_c)
    for concepts in candidates if not dims else ():
        dim = _resolve_dim(concepts, plan, index)
        if dim and dim not in dims:
            dims.append(dim)
            break
    if r.trend and plan.time_ref:
        grain = r.trend
        if grain == "auto":
            span = (r.window.end - r.window.start).days if r.window else 90
            grain = "day" if span <= 31 else "week"
        dims.append(Dim(plan.time_ref, grain))
    plan.group = dims
    # A group by a value we also filter on one value of is pointless: drop the group.
    plan.group = [d for d in dims if not any(f.ref == d.ref and f.op == "=" for f in plan.filters)]


def _numeric_hits(plan: Plan, r: _Reading, index: SchemaIndex) -> list[tuple[float, str]]:
    info = index.table(plan.table)
    name_c = index.table_name_concepts[plan.table]
    dims = _dimension_words(r, index)
    mentioned = [cs for _at, cs, surface in r.concepts if surface not in dims]
    mentioned += [concepts_of_phrase(stem(s)) for s, _refs, weak in r.values if weak]
    hits = []
    for col in info.visible:
        if not col.numeric or col.primary_key or col.references:
            continue
        cc = index.column_concepts[(plan.table, col.name)]
        own = concepts_of_text(col.name)
        score = sum(
            (2.0 if c not in name_c else 0.6) + (0.5 if c in own else 0)
            for cs in mentioned
            for c in cs
            if c in cc
        )
        if score >= 2.0 or (score >= 1.0 and own & {c for cs in mentioned for c in cs} - {"qty"}):
            hits.append((score + (0.1 if "total" in col.name else 0), col.name))
    return sorted(hits, key=lambda h: -h[0])


def _duration_column(plan: Plan, index: SchemaIndex) -> str | None:
    for col in index.table(plan.table).visible:
        if (
            col.numeric
            and not col.references
            and not col.primary_key
            and (
                "duration" in index.column_concepts[(plan.table, col.name)]
                or column_unit(col) in ("min", "h", "s")
            )
        ):
            return col.name
    return None


def _choose_measure(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    table = plan.table
    text = r.text
    if r.metric:
        m = next(m for m in index.catalog.metrics if m.name == r.metric)
        plan.measure = Measure(
            "metric", None, m.name, m.label_en, m.label_zh, "s" if m.kind == "duration" else ""
        )
        return
    if r.ratio:
        cols = _ratio_columns(table, r.ratio, index)
        if cols:
            plan.measure = Measure(
                "ratio", Ref(table, cols[0]), f"{cols[0]}/{cols[1]}", r.ratio[2], r.ratio[3], "%"
            )
            return
    name_c = index.table_name_concepts[table]
    nouns = frozenset().union(*index.table_name_concepts.values())
    for i, (_at, _cs, surface) in enumerate(r.concepts):
        # "报告数量", "样品数": the number of a thing (any table's noun) is a count, not a quantity.
        if surface in ("数量", "数") and i and r.concepts[i - 1][1] & (name_c | nouns):
            r.concepts[i] = (_at, frozenset({"times"}), "次数")
            text = text + " 次数"
    hits = _numeric_hits(plan, r, index)
    concepts = {c for _at, cs, _s in r.concepts for c in cs}
    duration = _duration_column(plan, index)
    units = {u for _op, _v, u in r.thresholds}
    wants_duration = bool(concepts & {"duration"}) or ("downtime" in concepts and duration is not None)
    grouped_max = bool(plan.group) or _WHICH.search(text) is not None or r.limit is not None
    col = hits[0][1] if hits else None
    if wants_duration and duration and (not col or "duration" in concepts):
        col = duration if (not hits or "duration" in concepts or hits[0][1] == duration) else col
    extreme = (_MAX.search(text) or _MIN.search(text)) and not grouped_max
    if col is None and (_AVG.search(text) or extreme):
        col = _sole_measure(table, index)  # "average viscosity": the word named a value
    if col is None and units & {"piece", "pc", "pcs", "件"}:
        col = _piece_column(table, index)  # "scrapped more than 50 pieces": a sum of pieces
    agg = ""
    if _AVG.search(text):
        agg, col = "avg", col or duration
    elif _COUNT.search(text) and not (col and (_UNIT_COUNT.search(text) or _bare_how_much(text))):
        agg, col = "count", None
    elif _SUM.search(text) and col:
        agg = "sum"
    elif not grouped_max and col and _MAX.search(text):
        agg = "max"
    elif not grouped_max and col and _MIN.search(text):
        agg = "min"
    elif col and asks_amount(text):
        agg = "sum"  # "how many kg did we use": an amount of weight is summed, not averaged
    elif col:
        cc = index.column_concepts[(table, col)]
        agg = "avg" if cc & _SCORE_LIKE else "sum"
    if not agg or (col is None and agg != "count") or _counts_rows_after_bound(table, r, index):
        agg, col = "count", None
    if (
        agg == "count"
        and _LIST.search(text)
        and not _COUNT.search(text)
        and not plan.group
        and not _MOST.search(text)
    ):
        plan.measure = None
        return
    column = index.table(table).column(col) if col else None
    plan.measure = Measure(agg, Ref(table, col) if col else None, unit=column_unit(column) if column else "")
    del units


def _counts_rows_after_bound(table: str, r: _Reading, index: SchemaIndex) -> bool:
    """Whether a bound with no unit counts the table's own rows: "more than 30 stoppages"."""
    name_c = index.table_name_concepts[table]
    return any(concepts_of_text(after) & name_c for after in r.counted_after)


def _piece_column(table: str, index: SchemaIndex) -> str | None:
    """The one numeric column of `table` that counts pieces (its unit, or a quantity's name)."""
    found = [
        col
        for col in _measures(table, index)
        if column_unit(index.table(table).column(col)) == "pcs"  # type: ignore[arg-type]
        or "qty" in index.column_concepts[(table, col)]
    ]
    return found[0] if len(found) == 1 else None


def _bare_how_much(text: str) -> bool:
    """Only "多少" asks the amount ("总成本是多少"); "多少次", "多少个" still count."""
    return {m.group() for m in _COUNT.finditer(text)} == {"多少"}


def _sole_measure(table: str, index: SchemaIndex) -> str | None:
    """The one numeric measure column of `table` (no key, no reference), if there is exactly one."""
    cols = [
        c.name
        for c in index.table(table).visible
        if c.numeric and not c.primary_key and not c.references and c.kind != "bool"
    ]
    return cols[0] if len(cols) == 1 else None


def _choose_thresholds(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    for op, value, unit in r.thresholds:
        duration = _duration_column(plan, index)
        if unit in _TIME_UNITS and duration:
            col = index.table(plan.table).column(duration)
            factor = _TIME_UNITS[unit] / {"min": 1, "h": 60, "s": 1 / 60}.get(
                column_unit(col) if col else "min", 1
            )
            bound = Filter(Ref(plan.table, duration), op, _num(value * factor), f"{op} {_num(value)} {unit}")
            measure = plan.measure
            if (
                plan.group
                and measure is not None
                and measure.agg in ("avg", "sum")
                and measure.ref == bound.ref
            ):
                plan.having = bound  # "machines whose average stop is over 1 hour": the average's bound
            else:
                plan.filters.append(bound)
        elif plan.group and plan.measure is not None:
            plan.having = Filter(
                plan.measure.ref or Ref(plan.table, "*"), op, _num(value), f"{op} {_num(value)}"
            )
        elif plan.measure is not None and plan.measure.ref is not None:
            plan.filters.append(Filter(plan.measure.ref, op, _num(value), f"{op} {_num(value)}"))
        elif plan.measure is not None:
            hits = _numeric_hits(plan, r, index)
            if hits:
                plan.filters.append(
                    Filter(Ref(plan.table, hits[0][1]), op, _num(value), f"{op} {_num(value)}")
                )


def _choose_columns(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    """A list shows the columns the question names, in its order: "the price of part P-7"
    (a lookup), "names and ages of the singers"; every column when it names none. Words that
    name the table itself or a value it is filtered on name no column."""
    if plan.measure is not None:
        return
    table = index.table(plan.table)
    values = {surface for surface, _refs, _weak in r.values}
    named: list[Ref] = []
    for _at, concepts, surface in r.concepts:
        if surface in values or concepts <= index.table_name_concepts[plan.table]:
            continue
        hits = [c for c in table.visible if concepts & index.column_concepts[(plan.table, c.name)]]
        exact = [c for c in hits if surface in concepts_of_text(c.name)] or hits
        if exact and Ref(plan.table, exact[0].name) not in named:
            named.append(Ref(plan.table, exact[0].name))
    label = Ref(plan.table, index.label_column(plan.table))
    if named and (_WHICH.search(r.text) or _WHO.search(r.text)) and label not in named:
        named.insert(0, label)  # "which machines are stopped": the machines, by name, then their state
    plan.columns = named


def _pending_column(concepts: frozenset[str], plan: Plan, index: SchemaIndex) -> str | None:
    """The nullable column of the plan's table that records the step `concepts` name: a time
    first (`ack_ts` for "acknowledged"), then any other (`assignee_id` for "assigned")."""
    name_c = index.table_name_concepts[plan.table]
    hits = [
        c
        for c in index.table(plan.table).visible
        if c.nullable
        and not c.primary_key
        and concepts & (index.column_concepts[(plan.table, c.name)] - name_c)
    ]
    # An actual time before a planned one: what has not happened yet is the actual start.
    hits.sort(key=lambda c: (not c.temporal, "plan" in index.column_concepts[(plan.table, c.name)]))
    return hits[0].name if hits else None


def _choose_pending(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    for surface, concepts in r.pending:
        column = _pending_column(concepts, plan, index)
        if column is not None:
            # "not confirmed" is the step not taken, not the stored state "confirmed" as well.
            plan.filters = [
                f
                for f in plan.filters
                if not (f.op in ("=", "in") and concepts_of_phrase(stem(f.label)) & concepts)
            ]
            plan.filters.append(Filter(Ref(plan.table, column), "is null", None, surface))


def _choose_absence(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    """ "Which machines had no stoppages in October": the things the question lists (one
    grouping, in a table the rows point to) that none of the rows point to."""
    if not r.absence or len(plan.group) != 1 or plan.group[0].grain or plan.having is not None:
        return
    things = plan.group[0].ref.table
    if things != plan.table and index.path(plan.table, things):
        plan.absent, plan.measure, plan.limit, plan.order = True, None, None, ""


#: Time units a question may ask a duration in, and their length in minutes.
_ASKED_UNIT = (
    (re.compile(r"\bhours?\b|\bhrs?\b|小时"), "h", 60.0),
    (re.compile(r"\bminutes?\b|\bmins?\b|分钟"), "min", 1.0),
    (re.compile(r"\bseconds?\b|\bsecs?\b|秒"), "s", 1 / 60),
)


def _asked_unit(text: str) -> tuple[str, float] | None:
    """The time unit the question asks its answer in ("how many hours…", "多少小时"), if any."""
    return next(((unit, minutes) for pattern, unit, minutes in _ASKED_UNIT if pattern.search(text)), None)


def _choose_unit(plan: Plan, r: _Reading, index: SchemaIndex) -> None:
    """A duration kept in one unit and asked for in another is converted ("how many hours" of minutes)."""
    m = plan.measure
    asked = _asked_unit(r.text)
    if m is None or m.ref is None or m.agg not in ("sum", "avg", "min", "max") or asked is None:
        return
    col = index.table(m.ref.table).column(m.ref.column)
    stored = next((minutes for _p, unit, minutes in _ASKED_UNIT if col and unit == column_unit(col)), None)
    if stored is not None and asked[0] != column_unit(col):  # type: ignore[arg-type]
        plan.measure = replace(m, unit=asked[0], scale=stored / asked[1])


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _choose_order(plan: Plan, r: _Reading) -> None:
    text = r.text
    if plan.group and plan.group[0].grain:
        plan.order = "asc"
        return
    if not plan.group:
        return
    asc = _MIN.search(text) is not None and not _MOST.search(text)
    superlative = _MOST.search(text) or _MIN.search(text) or _MAX.search(text)
    if _WHICH.search(text) and superlative and not r.limit:
        plan.limit = 1  # "which line had the most stops": the top one; "which lines stopped": all
    plan.order = "asc" if asc else "desc"
    if r.limit:
        plan.limit = r.limit


def _follow_up(previous: Plan, r: _Reading, index: SchemaIndex) -> Plan:
    """Reuse the thread's last plan, changed by what this message adds."""
    new = _plan_for(previous.table, r, index)
    plan = Plan.from_dict(previous.to_dict())
    if new.window is not None:
        plan.window, plan.time_ref = new.window, new.time_ref or plan.time_ref
    for f in new.filters:
        plan.filters = [old for old in plan.filters if not _same_subject(old, f, plan.table)] + [f]
    new_groups = [d for d in new.group if d not in plan.group]
    if r.group_phrases or r.trend:
        plan.group = new_groups or plan.group
        plan.order = new.order or "desc"
        plan.limit = new.limit
    if r.limit:
        plan.limit = r.limit
    plan.ignored = new.ignored
    return plan


def _same_subject(old: Filter, new: Filter, table: str) -> bool:
    """Whether `new` replaces `old`: the same column, or any column of the same joined table."""
    return old.ref == new.ref or (old.ref.table == new.ref.table != table)


def _inherit(plan: Plan, previous: Plan) -> None:
    if plan.window is None:
        plan.window, plan.time_ref = previous.window, plan.time_ref
    plan.filters += [
        old for old in previous.filters if not any(_same_subject(old, f, plan.table) for f in plan.filters)
    ]


def table_label(table: str, index: SchemaIndex, language: str = "en") -> str:
    """How people call a table: its configured label, else its name in words."""
    info = index.table(table)
    if language == "zh" and info.label_zh:
        return info.label_zh
    if info.label_en:
        return info.label_en
    words = table.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _ambiguous(question: str, tables: list[str], index: SchemaIndex) -> Clarification:
    zh = not question.isascii()
    choices = [f"{table_label(t, index, 'zh' if zh else 'en')}: {question}" for t in tables]
    return Clarification("Which data do you mean?", "您指的是哪类数据？", choices)


def _nothing_found(question: str, r: _Reading, index: SchemaIndex) -> Clarification:
    if r.values:
        tables = {ref.table for _s, refs, _w in r.values for ref in refs}
        facts = [
            t
            for t in index.catalog.tables
            if not index.is_dimension(t) and any(t == x or index.path(t, x) for x in tables)
        ]
        facts.sort(key=lambda t: -index.table(t).rows)
        if facts:
            return _ambiguous(question, facts[:3], index)
    facts = [t for t in index.catalog.tables if not index.is_dimension(t)]
    facts.sort(key=lambda t: -index.table(t).rows)
    labels = ", ".join(table_label(t, index).lower() for t in facts[:6])
    labels_zh = "、".join(table_label(t, index, "zh") for t in facts[:6])
    raise NoSuchData(
        f"no table matches {question!r}",
        hint_en=f"I have no data that answers that. I can answer questions about: {labels}.",
        hint_zh=f"没有能回答这个问题的数据。可以问这些数据：{labels_zh}。",
        suggestions=tuple(table_label(t, index) for t in facts[:6]),
    )


def _link_fuzzy(r: _Reading, index: SchemaIndex, embed: Embed) -> None:
    """Words the lexicon did not know, linked to the nearest table or column by meaning."""
    still: list[str] = []
    for word in r.unmatched:
        found = index.nearest(word, embed)
        if found is None:
            still.append(word)
            continue
        table, column = found
        key = stem(column.split("_")[0]) if column else stem(table.split("_")[0])
        r.concepts.append((len(r.text), frozenset({key}), word))
    r.unmatched = still
