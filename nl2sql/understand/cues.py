"""Cues: what the words left after reading ask for, computed once per question into `Cues`.

A cue is a predicate on the text the reading stages leave (their spans blanked): whether it asks
"how many", an average, the most, "which", a list, an amount, a unit of time, or follows up the
thread's last question. Every later stage asks the `Cues` value, never the regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nl2sql.units import asked_time_unit, asks_quantity

#: "the number of stops" counts; "the serial number of a press", "its order number" name a column.
_NUMBER_OF = (
    r"(?:^|(?<=\bthe )|(?<=\ba )|(?<=\btotal )|(?<=\baverage )|(?<=\boverall )|(?<=\bwhat )|"
    r"(?<=\bwhich )|(?<=\bsame )|(?<=\bhighest )|(?<=\blowest )|(?<=\blargest )|(?<=\bsmallest )|"
    r"(?<=\bby )|(?<=\band )|(?<=\bwith )|(?<=\bof )|(?<=, ))number of\b"
)
_COUNT = re.compile(
    r"\bhow many\b|" + _NUMBER_OF + r"|\bcount\b(?! as\b)|\bhow often\b|\bfrequen|"
    r"\bcommon\b|最常见|多少次|几次|次数|多少笔|几笔|笔数|多少起|多少个|多少条|几个|几条|几起|"
    r"(?:多少|几)[张台块套批名位家种项份辆]|多少"
)
_UNIT_COUNT = re.compile(
    r"\bhow many (?:[a-z]+ ){0,2}?(?:minutes|hours|pieces|pcs|units|parts|kg|km|items|"
    r"euros?|dollars?)\b|多少(?:分钟|小时|件|个小时|公斤|公里)|"
    # pieces of a kind: "how many good castings"
    r"\bhow many (?:good|bad|ok|scrapped|rejected|defective|conforming|nonconforming) [a-z]+"
)
_SUM = re.compile(
    r"\btotal\b|\bsum\b|\bhow much\b|\boverall\b|总|合计|一共|共计|累计|总共|加起来|合起来|加总"
)
_AVG = re.compile(r"\baverage\b|\bavg\b|\bmean\b|\btypical\b|平均|均值")
_MAX = re.compile(
    r"\bmax(?:imum)?\b|\blongest\b|\bhighest\b|\bbiggest\b|\blargest\b|\bpeak\b|\bworst\b|最长|最大|最高|最多|最差|最严重"
)
_MIN = re.compile(
    r"\bmin(?:imum)?\b|\bshortest\b|\blowest\b|\bsmallest\b|\bleast\b|\bfewest\b|\bbest\b|最短|最小|最低|最少|最好"
)
#: The words that name an aggregate of a column, never a ranking of things: "the maximum weight
#: for each type" is each type's heaviest, where "the highest weight" may rank the types; in
#: Chinese an extreme before its noun (最大容量, 最长停机时间), where one after it ranks the
#: things that have it (容量最大的起重机).
_EXTREMES = {
    "avg": re.compile(r"\baverage\b|\bavg\b|\bmean\b|平均"),
    "max": re.compile(r"\bmax(?:imum)?\b|最大值|最[大高长](?=[\u3400-\u9fff])(?![的和及与])"),
    "min": re.compile(r"\bmin(?:imum)?\b|最小值|最[小低短](?=[\u3400-\u9fff])(?![的和及与])"),
}


#: … and words that name one when named beside another: "the highest and lowest capacity",
#: "平均年龄和最大年龄" ask two figures of a column, where "the highest capacity" may rank.
_PAIRED = {
    "max": re.compile(r"\bhighest\b|\blargest\b|\bbiggest\b|最大|最高"),
    "min": re.compile(r"\blowest\b|\bsmallest\b|最小|最低"),
}


_OF_AVERAGE = re.compile(r"\s*(?:的\s*)?(?:average|avg|mean|平均)")  # "the highest average" ranks averages


def _aggregates(text: str) -> tuple[str, ...]:
    """The aggregates `text` names as such, in the order it names them.

    >>> _aggregates("the maximum and the average age"), _aggregates("the highest average")
    (('max', 'avg'), ('avg',))
    >>> _aggregates("最小和最大重量"), _aggregates("容量最大的起重机"), _aggregates("每种设备的最高温度")
    (('min', 'max'), (), ('max',))
    """
    found = {kind: m.start() for kind, words in _EXTREMES.items() if (m := words.search(text))}
    paired = {
        kind: m.start()
        for kind, words in _PAIRED.items()
        if kind not in found and (m := words.search(text)) and not _OF_AVERAGE.match(text, m.end())
    }
    if len(found) + len(paired) > 1:
        found |= paired
    return tuple(sorted(found, key=found.__getitem__))


_MOST = re.compile(
    r"\bmost\b|\btop\b|\bmore\b|\bhighest\b|\blongest\b|\bbiggest\b|"
    r"\blargest\b|\bworst\b|最多|最长|最高|最大|最差|最严重|最频繁|最常见"
)
_WHICH = re.compile(
    r"\bwhich\b|\bwhat (?!is\b|was\b|are\b|were\b|the\b|s\b|about\b|if\b)|哪|"
    # "the most common defect": which defect the most rows have
    r"(?:(?<=\bmost common )|(?<=\bmost frequent ))(?=[a-z])|(?<=最常见的)(?=[\u4e00-\u9fff])"
)
#: The things a question asks for by what they have, said without "which": "machines whose
#: average stop is over an hour", "lines with more than 20 stops", "停机超过5次的工位".
_HEAD = re.compile(
    r"^\s*(?:(?:list|show|find|give me)\s+)?(?:the\s+|all\s+)?([a-z]+s)\s+(?:with|whose|that|having)\b|"
    r"^\s*(?:(?:are|is)\s+there\s+)?any\s+([a-z]+)\s+(?:with|whose|that|having)\b"
)
#: … and by their names, when a bound says what they have: "the names of the lines that had more
#: than 20 stops", "the ids of operators who logged at least 3 reports".
_NAMED_HEAD = re.compile(
    r"^\s*(?:(?:list|show|find|give me|return|what are|what were)\s+)?(?:the\s+|all\s+)?"
    r"(?:names?|ids?|codes?|numbers?)\s+of\s+(?:the\s+|all\s+(?:the\s+)?)?([a-z]+s)\s+(?:with|that|who|having)\b"
)
#: … and in Chinese, the noun after the last 的, when the clause before it holds a bound
#: ("超过5次的工位"); "…的次数", "…的数量" name the count asked, not things.
_HEAD_ZH = re.compile(
    r"的(?!数量|个数|次数|笔数|总数|数$)([\u3400-\u9fff]{1,4})\s*(?:有哪些|是哪些|有几个)?\s*[？?]?\s*$"
)
#: One row asked for, not a figure of many: "the longest single stop", "最长的一次故障".
_SINGLE = re.compile(r"\bsingle\b|最[长短大小多少高低久]的(?:那)?一次|一次最[长短大小多少高低久]")
#: Words that ask for rows themselves: "list the orders with their cost" lists costs, never sums them.
_ROWS = re.compile(r"^(?:list|which|what are)\b|列出|列表|明细|哪些|找出|查找|给出|返回")
_LIST = re.compile(_ROWS.pattern + r"|^(?:show|display|give me|find|who)\b|显示|谁")
#: "…停机最多的设备是什么": a Chinese question that ends asking what one thing is.
_WHAT_ONE_ZH = re.compile(r"(?:是什么|叫什么(?:名字)?|是哪个|是哪家|是哪一个)\s*[？?。]?\s*$")
# "Who is …", "…是谁": the people (rows) asked for, shown by name, never a count of them.
#: … not "who" after the noun it says more of ("the operators who reported"): that is "that".
_WHO = re.compile(r"(?:^|[,;:?.!]\s*|\band\s+|\bor\s+)(who)\b|(谁)")
_COUNTED = re.compile(
    r"(?:\bhow many|"
    + _NUMBER_OF
    + r"|\bcount of|\bno\. of|\bamount of)\s+|(?:多少|几)[个张台块套批名位家种项份辆条笔]"
)
_COUNTED_ZH = re.compile(r"的?(?:数量|个数|次数|笔数|数)")
_AGGREGATE = re.compile(
    r"\baverage\b|\bavg\b|\bmean\b|\bmax(?:imum)?\b|\bmin(?:imum)?\b|\bhighest\b|\blowest\b|平均|均值|最高|最低"
)
_FOLLOW = re.compile(
    r"^(?:and|what about|how about|same for|only|just|now|then|also)\b|^(?:那|那么|再|只看|仅|只|换成|改成)"
)
#: A second figure asked with "and": "the average duration, and how many were there",
#: "how many stops and the average duration", "平均时长和次数". One SQL measure answers one of
#: them; the other would be dropped.
#: A count of the different values of something, not of rows: "how many different countries".
_DISTINCT = re.compile(r"\b(?:different|distinct|unique)\b|不同的?")
_AND_COUNT = re.compile(
    r"\band (?:also )?(?:how many|the (?:number|count) of)\b|[和及与、]\s*(?:次数|数量|个数|多少次|几次)|"
    # a count asked in a sentence of its own beside another: "停了几次？一共停了多少分钟？" (the question
    # mark read as a space)
    r"(?:几次|多少次)(?=\s+\S*?(?:多少|几))|(?<=\s)(?:一共|总共)?(?:几次|多少次)\s*$"
)
_AND_AGGREGATE = re.compile(
    r"\band (?:also )?(?:the |its |their )?(?:average|avg|mean|total|sum)\b|[和及与、]\s*(?:平均|总)"
)
#: Questions that ask an amount, not a number of rows: "how much electricity", "how many kg",
#: "用了多少度电", "用电量". Answering them with a count of rows would answer another question.
_AMOUNT = re.compile(
    r"\bhow much\b|\bsum of\b|\b(?:use|used|uses|using|usage|consumed?|consumes|consumption)\b|"
    r"\bhow many (?:[a-z]+ )?(?:minutes|hours|pieces|pcs|units|parts|kg|kilos?|kilograms?|"
    r"litres?|liters?|tons?|tonnes?|kwh|metres?|meters?)\b|"
    r"多少(?=件|公斤|千克|升|度|吨|分钟|小时|方|元|钱|米|合格品|良品|废品|次品|不合格品)|(?<![数质])量|"
    r"用电|耗电|用水|用气|消耗|耗用"
)


def average_word(text: str) -> str:
    """The word of `text` asking an average, "" when none.

    >>> average_word("the average age of welders"), average_word("订单的平均日期"), average_word("ages")
    ('average', '平均', '')
    """
    found = _AVG.search(text)
    return found.group() if found else ""


def _extreme(text: str) -> str:
    """The first word of `text` asking for the extreme ones, "" when none.

    >>> _extreme("the line with the fewest stops"), _extreme("停机最多的设备"), _extreme("all")
    ('fewest', '最多', '')
    """
    found = [m for words in (_MOST, _MAX, _MIN) if (m := words.search(text))]
    return min(found, key=lambda m: m.start()).group() if found else ""


def asks_amount(text: str) -> bool:
    """Whether a question asks an amount (a sum of a measure) rather than a number of rows.

    >>> asks_amount("how much electricity did press 2 use"), asks_amount("用电量是多少")
    (True, True)
    >>> asks_amount("how many stoppages"), asks_amount("有多少工单"), asks_amount("报告数量")
    (False, False, False)
    """
    return _AMOUNT.search(text) is not None


@dataclass(frozen=True)
class Cues:
    """The cues of one reading's text; `Cues.of(text)` computes them all at once.

    >>> cues = Cues.of("which machine had the most stoppages")
    >>> cues.most, cues.which, cues.count, cues.which_ascii
    (True, 0, False, True)
    """

    count: bool = False  # "how many", "number of", "多少次": a count of rows
    unit_count: bool = False  # "how many minutes", "多少件", "how many kWh": an amount said as a count
    bare_how_much: bool = False  # only "多少" asks it: "总成本是多少" asks the amount
    total: bool = False  # "total", "合计"
    average: bool = False  # "average", "平均"
    maximum: bool = False  # "longest", "最高"
    minimum: bool = False  # "shortest", "最少"
    most: bool = False  # "most", "top", "最多": a ranking
    which: int | None = None  # where "which" / "哪" stands, or the things asked for by what they have
    which_ascii: bool = False  # … said in English
    listing: bool = False  # "list", "show", "哪些": rows, not a figure
    rows: bool = False  # "list", "which", "列出": rows, even where a numeric column is named
    who: str = ""  # "who", "谁": people, by name; the word, "" when none
    aggregate: bool = False  # a word that needs a measure to aggregate ("average", "最高")
    follow: bool = False  # "and…", "what about…", "那…": a follow-up of the thread's question
    amount: str = ""  # the words asking an amount ("how much", "用电"), "" when none
    asked_unit: tuple[str, float] | None = None  # the time unit the answer is asked in, and its minutes
    counted_at: tuple[int, ...] = ()  # where the noun after "how many", "number of" starts
    counted_zh_at: tuple[int, ...] = ()  # where "数量", "个数" stand, after the noun they count
    and_count: str = ""  # "and how many", "和次数": a count asked beside another figure
    and_aggregate: str = ""  # "and the average", "和平均…": an aggregate asked beside a count
    aggregates: tuple[str, ...] = ()  # the aggregates named as such: "avg", "max", "min"
    distinct: str = ""  # "different", "不同": the count asks how many different values, "" when not
    what_one: bool = False  # "…是什么", "…叫什么名字": what one thing is
    extreme: str = ""  # the first word asking for the extreme ones ("fewest", "最高"), "" when none
    single: str = ""  # "the longest single stoppage", "最长的一次": one row of the extreme, no total

    @property
    def ranks(self) -> bool:
        """Whether the words ask a figure of things (a count, sum, average, extreme or ranking):
        "which line had the most stops" ranks lines; "which press is out of service" lists one."""
        return any((self.count, self.total, self.average, self.maximum, self.minimum, self.most, self.amount))

    @property
    def superlative(self) -> bool:
        """Whether the words ask for the extreme ones: "most", "longest", "最少"."""
        return bool(self.extreme)

    @classmethod
    def of(cls, text: str, *, bounded: bool = False) -> Cues:
        """The cues of `text`, the words left after the reading stages; `bounded` when a bound
        ("more than 5", "超过5次") was read out of it."""
        which = _WHICH.search(text)
        named = (_NAMED_HEAD.search(text) or _HEAD_ZH.search(text)) if bounded else None
        head = None if which else _HEAD.search(text) or named
        at = which.start() if which else (head.start(head.lastindex or 1) if head else None)
        asked = which.group() if which else (head.group(head.lastindex or 1) if head else "")
        amount = _AMOUNT.search(text)
        return cls(
            count=_COUNT.search(text) is not None,
            unit_count=_UNIT_COUNT.search(text) is not None or asks_quantity(text),
            bare_how_much={m.group() for m in _COUNT.finditer(text)} == {"多少"},
            total=_SUM.search(text) is not None,
            average=_AVG.search(text) is not None,
            maximum=_MAX.search(text) is not None,
            minimum=_MIN.search(text) is not None,
            most=_MOST.search(text) is not None,
            which=at,
            which_ascii=bool(asked) and asked.isascii(),
            listing=_LIST.search(text) is not None,
            rows=_ROWS.search(text.strip()) is not None,
            who=(who.group(1) or who.group(2)) if (who := _WHO.search(text)) else "",
            aggregate=_AGGREGATE.search(text) is not None,
            follow=_FOLLOW.search(text.strip()) is not None,
            amount=amount.group() if amount else "",
            asked_unit=asked_time_unit(text),
            counted_at=tuple(m.end() for m in _COUNTED.finditer(text)),
            counted_zh_at=tuple(m.start() for m in _COUNTED_ZH.finditer(text)),
            and_count=and_count.group() if (and_count := _AND_COUNT.search(text)) else "",
            and_aggregate=also.group() if (also := _AND_AGGREGATE.search(text)) else "",
            aggregates=_aggregates(text),
            distinct=found.group() if (found := _DISTINCT.search(text)) else "",
            what_one=_WHAT_ONE_ZH.search(text) is not None,
            extreme=_extreme(text),
            single=single.group() if (single := _SINGLE.search(text)) else "",
        )
