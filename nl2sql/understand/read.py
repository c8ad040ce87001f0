"""Read: a question → a frozen `Reading`, through `READ_STAGES` in order.

First a request for rows is said as "list" ("Return the names …"), the adjectives of a
measurable quantity are said plainly ("older than 40" is "age more than 40"), and so are bounds
said other ways ("10 or more" is "at least 10"). Then each stage takes one kind of span out of
the text and keeps what it found: the time window and the time it is counted by ("by receipt
date"), idle phrases, a named metric or ratio, a span, a worth ("the value of …"), top-N,
the order rows are asked in ("sorted by age, descending"), thresholds ("more than 30 minutes"), a
share of rows ("the abort rate"), an absence ("had no stoppages"), stored values ("Line 3",
"缺料"), a step not yet taken ("not acknowledged"); then the words left are read through the
bilingual lexicon, words it does not know are linked by meaning (with an embedding function), and
the cues of what is left are computed once. Every stage has the signature `(Reading, Given) ->
Reading`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from nl2sql.lexicon import chinese_concepts, concepts_of_phrase, concepts_of_text, identifier_concepts, stem
from nl2sql.link import SchemaIndex, normalise
from nl2sql.understand.band import take_band
from nl2sql.understand.basis import take_basis
from nl2sql.understand.cues import Cues
from nl2sql.understand.due import take_due
from nl2sql.understand.part import take_part
from nl2sql.understand.reading import COUNTED_ZH, Given, Reading, blank_all, find_phrase, num
from nl2sql.understand.span import take_span
from nl2sql.understand.values import inflections, take_values
from nl2sql.understand.words import link_unknown_words, read_words
from nl2sql.understand.worth import take_worth
from nl2sql.windows import cn_number, find_window

ReadStage = Callable[[Reading, Given], Reading]

# Generic manufacturing ratios, bound to whichever table has both columns.
RATIOS = (
    (
        (
            "scrap rate",
            "scrap ratio",
            "scrap %",
            "scrap percentage",
            "报废率",
            "废品率",
        ),
        "scrap",
        "output",
        "Scrap rate",
        "报废率",
    ),
    (
        ("reject rate", "rejection rate", "剔除率", "不良率"),
        "faulty",
        "output",
        "Reject rate",
        "不良率",
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
    (
        (
            "first pass yield",
            "first-pass yield",
            "first time yield",
            "fpy",
            "一次通过率",
            "直通率",
            "一次合格率",
        ),
        "good",
        "scrap",
        "First-pass yield",
        "一次通过率",
    ),
)
#: Adjectives of a quantity that can be measured, said as the quantity's word and a plain
#: comparison: "older than 40" is "age more than 40", "the cheapest part" "the lowest cost part".
_GRADABLE = {
    "older than": "age more than",
    "younger than": "age less than",
    "heavier than": "weight more than",
    "lighter than": "weight less than",
    "taller than": "height more than",
    "more expensive than": "cost more than",
    "less expensive than": "cost less than",
    "cheaper than": "cost less than",
    "faster than": "speed more than",
    "slower than": "speed less than",
    "oldest": "highest age",
    "youngest": "lowest age",
    "heaviest": "highest weight",
    "lightest": "lowest weight",
    "tallest": "highest height",
    "most expensive": "highest cost",
    "least expensive": "lowest cost",
    "cheapest": "lowest cost",
    "fastest": "highest speed",
    "slowest": "lowest speed",
}
#: Bounds said other ways than a comparison before digits, said plainly by `say_bounds_plainly`.
_NUMBER = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty|ninety)"
_COMPARISON = r"(more than|less than|fewer than|greater than|at least|at most|above|below)"
_UNIT = r"(\s*(?:minutes?|mins?|hours?|hrs?|pieces?|pcs|%|分钟|小时|件|个|次))?"
#: Units said with "a" or "an" after a bound: "over an hour".
_ONE_OF = "minute|hour|day|week"
_PLAIN_BOUNDS = (
    # "not higher than 4" is "at most 4", "not less than 2" "at least 2"
    (re.compile(rf"\bnot\s+(?:more|higher|greater|larger|bigger|longer)\s+than\s+{_NUMBER}"), r"at most \1"),
    (re.compile(rf"\bnot\s+(?:less|lower|fewer|smaller|shorter)\s+than\s+{_NUMBER}"), r"at least \1"),
    (re.compile(rf"\b{_NUMBER}\s+(?:or|and)\s+(?:more|above|over|higher|greater|up)\b"), r"at least \1"),
    (re.compile(rf"\b{_NUMBER}\s+or\s+(?:less|fewer|below|under|lower)\b"), r"at most \1"),
    # "over an hour", "less than a day": one of the unit
    (
        re.compile(rf"\b({_COMPARISON}|over|under|longer than|shorter than)\s+an?\s+({_ONE_OF})\b"),
        r"\1 1 \3",
    ),
    # "between 30 and 60 minutes": both ends in the unit said after the second
    (re.compile(rf"\bbetween\s+{_NUMBER}\s+and\s+{_NUMBER}{_UNIT}"), r"at least \1\3 and at most \2\3"),
    (
        re.compile(rf"(?:在|介于)?(\d+(?:\.\d+)?)\s*(?:到|至|和|~)\s*(\d+(?:\.\d+)?){_UNIT}\s*之间"),
        r"不少于\1\3 不超过\2\3",
    ),
)
#: A number written in words after a comparison: "at least two".
_COMPARED_NUMBER = re.compile(rf"\b{_COMPARISON}\s+{_NUMBER}\b")
#: "above age 20": a comparison, a word, then the number.
_COMPARED_WORD = re.compile(rf"\b{_COMPARISON}\s+([a-z]+)\s+(\d+(?:\.\d+)?)\b")
_GRADABLE_WORDS = re.compile(r"\b(?:" + "|".join(sorted(_GRADABLE, key=len, reverse=True)) + r")\b")
#: An order asked for rows: "sorted by age", "in descending order of capacity", "按年龄降序".
_SORT = re.compile(
    r"\b(?:sort|sorted|order|ordered|arrange|arranged)\s+(?:them\s+|it\s+|the\s+results?\s+)?by\s+"
    r"(?:the\s+|their\s+|its\s+)?(?=[a-z0-9])|"
    r"\bin\s+(descending|ascending|decreasing|increasing|reverse)\s+order\s+of\s+(?:the\s+|their\s+)?(?=[a-z0-9])|"
    r"(按照?)\s*(?=[^，,。？?\s]{1,8}?(?:降序|升序|倒序|[从由][高低大小多少]到[高低大小多少]|排序|排列))"
)
#: A direction said with no "sorted by": "biggest first", "从高到低".
_ORDER_ALONE = re.compile(
    r"\b(?:highest|largest|biggest|most|greatest|lowest|smallest|least|fewest)\s+first\b|"
    r"(?:降序|升序|[从由][高低大小多少]到[高低大小多少])(?:排列|排序)?"
)
#: The direction said after the column: "descending", "highest first", "降序"; else ascending.
_SORT_DIRECTION = re.compile(
    r"\b(?:in\s+)?(descending|ascending|decreasing|increasing|reverse)(?:\s+order)?\b|"
    r"\b(highest|largest|biggest|most|greatest|newest|latest|most\s+recent|lowest|smallest|least|fewest|"
    r"earliest)\s+first\b|\b(desc|asc)\b|"
    r"(降序|升序|倒序|[从由][高低大小多少]到[高低大小多少])(?:排列|排序)?|(排序|排列)"
)
_DESCENDING = re.compile(
    r"desc|decreas|reverse|high|larg|big|most|great|new|late|recent|降|倒|[从由][高大多]"
)
#: An order by name: "in reverse alphabetical order of", "sorted alphabetically", "from A to Z",
#: "按字母表顺序", "名字按字母倒序"; descending when it says so.
_ALPHABETICAL = re.compile(
    r"\b(?:(?:sorted|ordered|arranged|listed|sort|order|arrange|list)\s+)?(?:in\s+|by\s+)?"
    r"(?:(?:reverse|descending|ascending)\s+)?alphabetical(?:ly)?(?:\s+order)?"
    r"(?:\s+(?:of|by)(?:\s+(?:the|their|its))?\b)?|"
    r"\b(?:from\s+)?(?:a\s+to\s+z|z\s+to\s+a)\b|"
    r"逆?(?:按照?)?字母(?:表)?(?:顺序|倒序|逆序)的?(?:逆序|倒序|降序|升序)?(?:排列|排序)?"
)
_BY_ZH = re.compile(r"按照?")
_OF_BY = re.compile(r"\b(?:of|by)(?:\s+(?:the|their|its))?$")
_REVERSE_ALPHABETICAL = re.compile(r"reverse|descending|z\s+to\s+a|逆|倒序|降序")
#: An age in years: "30 years old", "a 3-year-old".
_YEARS_OLD = re.compile(r"\b(\d+)[\s-]+years?[\s-]+old\b")
#: The words that name an age or a life's length in Chinese.
_AGE_ZH = re.compile(r"年龄|年纪|岁数|寿命")
#: An acronym in the plural, "POs", "NCRs", "SKUs": read as the acronym, as its rows are named.
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,5})s\b")


def plain_numbers(question: str) -> str:
    """Numbers written plainly: "2,400 kWh" is 2400, "20万" 200000.

    >>> plain_numbers("more than 11,000 litres"), plain_numbers("超过2.5万元")
    ('more than 11000 litres', '超过25000元')
    """
    question = _THOUSANDS.sub("", question)
    return _TEN_THOUSANDS.sub(lambda m: str(num(float(m.group(1)) * 10000)), question)


#: A comma between thousands: "2,400".
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
#: A number of ten thousands: "20万".
_TEN_THOUSANDS = re.compile(r"(\d+(?:\.\d+)?)万")
#: "per cent" is "percent"; a "cent" alone is money, which no stage reads.
_PER_CENT = re.compile(r"\bper cent\b", re.IGNORECASE)
_TOP = re.compile(
    r"\b(?:top|worst|bottom|best|first)\s+(\d+|three|five|ten|two|four)\b|"
    r"\b(\d+|three|five|ten) (?:most|worst|biggest|top|highest|longest)\b|"
    # "the 3 lowest": the number only, the word says which end
    r"\b(\d+|three|five|ten)(?= (?:least|fewest|lowest|smallest|shortest|largest|oldest|youngest)\b)|"
    r"前\s*([0-9一二三四五六七八九十]+)|"
    # "最少的3个国家", "3个最少人口的国家": N things at the extreme
    r"(?<=最[多少高低大小长短]的)\s*([0-9一二三四五六七八九十]+)\s*(?=[个台条家位名种项件])|"
    r"([0-9一二三四五六七八九十]+)\s*[个台条家位名种项件](?=[\u4e00-\u9fff]{0,4}最[多少高低大小长短])|"
    r"(?<=\bwhich )(\d+|three|five|ten|two|four)\b(?= [a-z])|"  # "which 3 SKUs … most"
    # "the three items we picked most": the number, the superlative after it says which end
    r"(?<=\bthe )(\d+|three|five|ten|two|four)\b(?= [a-z]+s\b.*\b(?:most|least|fewest|highest|lowest|"
    r"top|largest|biggest|smallest|longest|shortest)\b)"
)
_THRESHOLD = re.compile(
    r"(more than|longer than|greater than|over|above|at least|exceeding|"
    r"exceeds|more then|less than|fewer than|"
    r"shorter than|under|below|at most|>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(minutes?|"
    r"mins?|hours?|hrs?|h|seconds?|secs?|days?|weeks?|pieces?|pcs|times?|%)?"
    r"(?:\s+of (?:them|those)\b)?(?![a-z])"
    r"|(超过|大于|多于|高于|不少于|至少|少于|小于|低于|不到|不超过|长于|短于)了?\s*([0-9一二三四五六七八九十百]+(?:\.\d+)?)\s*"
    rf"(?:个(?=小时|星期))?(分钟|小时|秒|天|周|星期|件|个|次|{'|'.join(COUNTED_ZH)}|%)?"
    rf"|([0-9一二三四五六七八九十百]+)\s*(?:个(?=小时))?(分钟|小时|件|次|{'|'.join(COUNTED_ZH)})?\s*(以上|以下)"
)
_BELOW = frozenset(
    [
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
    ]
)
_INCLUSIVE = frozenset(["at least", "at most", ">=", "<=", "不少于", "至少", "不超过"])
#: Phrases that add nothing to a reading: "so far" and "to date" beside a window that already
#: ends now, the "right" of "right now" (whose "now" is read as a state, see `leftovers`).
_IDLE = re.compile(r"\bso far\b|\bto date\b|\bright(?= now\b)")
_VIA = re.compile(r"\bvia ([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)")
#: A share of rows asked: "the abort rate", "what percentage of the samples failed", "中止率",
#: "合格的比例", "失败的审核占比". The share's word is group 2, 3 or 5; the words naming the rows
#: counted come before it (groups 1 and 4, with what is said of them before 的) or, after "share of"
#: (3), follow it.
_SHARE = re.compile(
    r"\b([a-z]+(?: [a-z]+)?) (rate|ratio)\b|"
    r"(?:\bwhat(?:'s| is| was)?(?: the)? )?\b(share|percentage|percent|proportion|fraction|%) of\b|"
    r"((?:[\u4e00-\u9fff]{1,6}?的)?(?:(?!的)[\u4e00-\u9fff]){2,4}?)的?(率|比例|占比|百分比)"
)
#: A share of a whole said in Chinese: "(各车间的产量)占全厂总产量的比例", "占全部的百分之多少";
#: the words before it name what is counted.
_SHARE_OF_ALL_ZH = re.compile(
    r"(?:各|分别)?占了?(?:全厂|全部|所有|总|全)[\u4e00-\u9fff]{0,6}?的?"
    r"(?:百分之多少|多少比例|多少百分比|多大比例|比例|百分比|占比)"
)
_BREAK_DOWN_BY = re.compile(
    r"\bbreak(?:ing)? down\b(?=.*\b(?:by|per|for each|across)\b)|\bbroken down\b(?=\s+(?:by|per)\b)"
)
#: Requests for rows said with another verb than "list": "Return the names of …", "Give the airline …".
_LIST_VERB = re.compile(r"^\s*(?:return|retrieve|fetch|give(?= the\b))\b")
#: Phrases that only lead to what follows them: "flagged as hazardous" says "hazardous", "ended
#: up cancelled" says "cancelled", "on file for" says "for", "turned out to be faulty" says
#: "faulty", "because of a jam" and "因为卡料" say "jam".
_LEADING = re.compile(
    r"\b(?:due to|because of|owing to)\b|因为|由于|"
    r"\b(?:flagged|marked|classed|classified|tagged|listed|recorded|set up|registered) as\b|"
    r"\b(?:ended|end|ends|wound) up\b|\b(?:on file|on record)\b|\b(?:turned|turns|turn) out(?: to be)?\b"
)
#: "had no stoppages", "never", "without any", "从来没有", "一次都没": things with none of the rows.
_ABSENCE = re.compile(
    r"\b(?:had|has|have|got|with|saw|see)\s+no\b|\bwithout(?:\s+any)?\b|"
    r"\bnever\s+(?:had|got|seen)\s+(?:a\s+single|any|one)\b|\bnever\b|"
    r"\b(?:has|have|had|do|does|did)\s+not\s+(?:yet\s+)?(?:had|have|got|get|seen|see)\s+(?:a\s+single|any|one)\b|"
    r"\b(?:do|does|did)(?:n't| not)\s+(?:have|get|see|send|receive|use|own|make|hold)\s+any\b|"
    r"(?:从来|从|(?:一次|一张|一个)?都还?)没有?(?:(?P<verb>[\u4e00-\u9fff]{0,2}?)过)?|没(?P<done>[\u4e00-\u9fff]?)过"
)
#: Words that only stress an absence: "no stock movement at all", "of any kind".
_ANY_AT_ALL = re.compile(r"\bat all\b|\bof any (?:kind|type|sort)\b")
#: "never been acknowledged": no rows, or a step not taken, whichever the schema keeps.
_NEVER_A_STEP = re.compile(r"\s+(?:been|be)\s+([a-z]+ed)\b")
#: "still not acknowledged", "haven't been received yet", "still waiting to be assigned", "未确认",
#: "还没完工", "没人处理": a step not yet taken.
_PENDING = re.compile(
    r"\b(?:still\s+)?(?:not|never|[a-z]+n't)\s+(?:yet\s+)?(?:been\s+|be\s+)?([a-z]+ed)\b(?:\s+yet\b)?|"
    r"\b(?:still\s+)?(?:waiting|pending)\s+(?:for\s+(?:someone|somebody|anyone|an?\s+[a-z]+)\s+)?to\s+be\s+([a-z]+ed)\b|"
    r"(?:还|尚|仍)?(?:没有人|没人|无人|没有|没|未)(?:被)?([\u4e00-\u9fff]{2})"  # 没人处理: nobody has
)


#: "Only count the ones that were signed off", "only those that have closed", "only count
#: signed ones", "closed jobs only": the rows whose step was taken.
_DONE_ONLY = re.compile(
    r"\b(?:only\s+(?:count(?:ing)?\s+|include\s+)?|count(?:ing)?\s+only\s+)(?:the\s+)?(?:ones|those|[a-z]+s)?\s*"
    r"(?:that|which|who)\s+(?:were|are|have been|has been|have|had|got)\s+(?:already\s+)?([a-z]+ed)\b"
    r"|\bonly\s+(?:count(?:ing)?\s+)?([a-z]+ed|done)\s+(?:ones|[a-z]+s)\b"
    r"|\b([a-z]+ed|done)\s+(?:[a-z]+s\s+)?only\b"
)
_ONLY = re.compile(r"\b(?:count(?:ing)?\s+)?only(?:\s+count(?:ing)?)?\b")


def take_window(r: Reading, given: Given) -> Reading:
    """The time window ("last week", "上个月", "since Monday")."""
    found = find_window(r.text, given.now)
    if not found:
        return r
    window, span = found
    return r.taking(span, window=window, window_at=span[0])


def take_via(r: Reading, given: Given) -> Reading:
    """ "(via to_loc_id)": the link column a question back offered, where a table is reached two ways."""
    for m in reversed(list(_VIA.finditer(r.text))):
        if given.index.link_named(m.group(1)):  # "shipped via DHL" names a carrier, not a link
            r = r.taking(m.span(), via=(*r.via, m.group(1)))
    return r


def take_idle_phrases(r: Reading, given: Given) -> Reading:
    """Phrases that add nothing: "so far" beside a window, the "right" of "right now", the
    "flagged as" before a state."""
    for m in reversed(list(_IDLE.finditer(r.text))):
        if m.group() == "right" or r.window is not None:
            r = r.taking(m.span())
    for m in reversed(list(_LEADING.finditer(r.text))):
        r = r.taking(m.span())
    return r


def take_metric(r: Reading, given: Given) -> Reading:
    """A named metric of the catalog ("MTTR"), else a generic ratio ("scrap rate")."""
    for phrase, name in given.index.metric_phrases:
        at = find_phrase(r.text, phrase)
        if at >= 0:
            return r.taking((at, at + len(phrase)), metric=name)
    for phrases, numerator, den, en, zh in RATIOS:
        for phrase in phrases:
            at = find_phrase(r.text, phrase)
            if at >= 0:
                return r.taking((at, at + len(phrase)), ratio=(numerator, den, en, zh))
    return r


def take_top(r: Reading, given: Given) -> Reading:
    """Top-N: "top 3", "5 worst", "前三"."""
    m = _TOP.search(r.text)
    if not m:
        return r
    return r.taking(m.span(), limit=cn_number(next((g for g in m.groups() if g), "")))


def take_sort(r: Reading, given: Given) -> Reading:
    """ "sorted by age, descending", "in descending order of capacity", "按年龄从高到低": the order
    the rows are asked in. The words that ask it are taken; the column's words stay to be read.
    A direction said alone ("…, biggest first", "从高到低") names no column: it orders the figure.
    An order by name ("alphabetically", "按姓名的字母表顺序") orders by the column it names, or by
    the rows' names."""
    alphabetical = list(_ALPHABETICAL.finditer(r.text))  # "alphabetically, Z to A"
    for found in alphabetical:
        r = r.taking(found.span())
    m = _SORT.search(r.text)
    said = " … ".join(found.group().strip() for found in alphabetical)
    if m is None and alphabetical:
        order = "desc" if _REVERSE_ALPHABETICAL.search(said) else "asc"
        start, end = alphabetical[0].start(), alphabetical[-1].end()
        by = _BY_ZH.search(r.text, max(0, start - 10), start)
        # "按姓名的字母表顺序" says the column first, "alphabetical order of name" after; "按字母
        # 顺序列出…" and "in alphabetical order" say none
        if by and r.text[by.end() : start].strip():
            return r.taking(by.span(), sort=(by.end(), order, said, True))  # no group "按名称"
        return replace(r, sort=(end if _OF_BY.search(said) else None, order, said, True))
    if m is None:
        alone = _ORDER_ALONE.search(r.text)
        if alone is None:
            return r
        order = "desc" if _DESCENDING.search(alone.group()) else "asc"
        return r.taking(alone.span(), sort=(alone.end(), order, alone.group(), False))
    r = r.taking(m.span())
    direction = m.group(1) or said
    said = m.group().strip()
    if not direction:
        d = _SORT_DIRECTION.search(r.text, m.end(), m.end() + 40)
        if d is not None:
            direction = d.group()
            said = f"{said} … {d.group().strip()}"
            r = r.taking(d.span())
    descending = _REVERSE_ALPHABETICAL if alphabetical else _DESCENDING
    order = "desc" if descending.search(direction) else "asc"
    return replace(r, sort=(m.end(), order, said, bool(alphabetical)))


def take_thresholds(r: Reading, given: Given) -> Reading:
    """Bounds: "more than 30 minutes", "at least 5", "超过2小时", "50件以上"; a bound with no unit
    keeps the two words after it, the rows it may count ("more than 30 stoppages")."""
    for m in list(_THRESHOLD.finditer(r.text)):
        if m.group(1):
            word, number, unit = m.group(1), m.group(2), m.group(3) or ""
        elif m.group(4):
            word, number, unit = m.group(4), m.group(5), m.group(6) or ""
        else:
            word, number, unit = m.group(9), m.group(7), m.group(8) or ""
        if m.group(1) and word in ("over", "under") and not unit:
            continue
        if unit == "time" or (not unit and m.group(0).endswith(("of them", "of those"))):
            unit = "times"  # "each oven with more than 2 of them": the rows counted
        below, inclusive = word in _BELOW, word in _INCLUSIVE
        op = ("<=" if inclusive else "<") if below else (">=" if inclusive else ">")
        value = cn_number(number) if not number.replace(".", "").isdigit() else float(number)
        if value is None or (unit == "%" and re.match(r"\s*of\b", r.text[m.end() :])):
            continue  # "below 95% of the planned quantity": a share of another measure, not a bound
        value, unit = _in_days(value, unit)
        after = (" ".join(r.text[m.end() :].split()[:2]),) if not unit else ()
        kept = (m.start(), m.start(3)) if m.group(3) in ("time", "times") else m.span()  # they say events
        said_of = _OF_A_THING if unit else _OF_THEMSELVES
        amount = (float(value),) if said_of.match(r.text, m.end()) else ()
        r = r.taking(
            kept,
            thresholds=(
                *r.thresholds,
                (op, float(value), unit if unit in ("days", "times") else unit.rstrip("s")),
            ),
            counted_after=(*r.counted_after, *after),
            bounded_at=(*r.bounded_at, m.start()),
            amounts=(*r.amounts, *amount),
        )
    return r


#: "15 hours of work": a bound followed by the thing it is an amount of ("of them" counts rows).
_OF_A_THING = re.compile(r"\s+of\s+(?!them\b|those\b|the\s+(?:planned|target)\b)[a-z]")
#: "which blades did we fit 5 or more of": a bound of no unit on an amount of the things asked.
_OF_THEMSELVES = re.compile(r"\s+of\s*(?:[?.!,]|$)")


def _in_days(value: float, unit: str) -> tuple[float, str]:
    """A bound of days or weeks, in days as a question asks them: "more than 3 weeks" is 21
    days, "超过3天" 3 days.

    >>> _in_days(3, "weeks"), _in_days(3, "天"), _in_days(5, "hours")
    ((21, 'days'), (3, 'days'), (5, 'hours'))
    """
    if unit.startswith("week") or unit in ("周", "星期"):
        return value * 7, "days"
    return (value, "days") if unit.startswith("day") or unit == "天" else (value, unit)


def take_share(r: Reading, given: Given) -> Reading:
    """A share of rows asked ("the abort rate", "percentage of … failed", "合格率"): the share's
    word is taken, the words naming the rows counted stay for the values stage, and are kept to
    find that value by (before the word, or after "share of")."""
    whole = _SHARE_OF_ALL_ZH.search(r.text)
    if whole is not None:  # "占全厂总产量的比例": of what the words before it count
        return r.taking(whole.span(), share=(whole.group(), r.text[: whole.start()]))
    m = _SHARE.search(r.text)
    if m is None or _names_a_column(m, given):  # "the hourly rate", "收视率": a column's words
        return r
    if m.group(3):  # "what share of": the "what" asks the share, no thing of its own
        word_span, counted = (m.start(), m.end(3)), r.text[m.end() :]
    else:
        word_span = m.span(2) if m.group(2) else m.span(5)
        counted = m.group(1) or m.group(4)
    return r.taking(word_span, share=(m.group(), counted))


def _names_a_column(share: re.Match[str], given: Given) -> bool:
    """Whether the words asking a share name a column of the schema instead ("the hourly rate"
    of a `rate`, "share" of a `Share`, 收视率 of a `Rating`)."""
    if share.group(5):
        phrase, rate = share.group(), share.group(5)
        kept = frozenset().union(*given.index.column_concepts.values())
        return any(rate in word and word in phrase for word in given.index.chinese_names()) or any(
            rate in phrase[start:end] and concepts & kept for start, end, concepts in chinese_concepts(phrase)
        )  # 功率 of a column commented 电机功率: a power, no rate
    word = share.group(2) or share.group(3)
    said = concepts_of_phrase(word) | {word}
    return any(said & concepts for concepts in given.index.column_concepts.values())


def take_absence(r: Reading, given: Given) -> Reading:
    """ "had no stoppages", "never", "从来没有": the question asks for things with none of the rows."""
    m = _ABSENCE.search(r.text)
    if not m:
        return r
    step = _NEVER_A_STEP.match(r.text, m.end()) if m.group() == "never" else None
    if step and (concepts := _step_concepts(step.group(1))):
        # "never been acknowledged": no rows, or the step not taken, whichever the schema keeps
        said = r.text[m.start() : step.end()]
        r = r.taking((m.start(), step.end()), pending=(*r.pending, (said, concepts)))
    r = r.taking(m.span(), absence=m.group().strip())
    verb = m.group("verb") or m.group("done")
    if verb and _step_concepts(verb):  # "一次都没拣过": the rows are those picked
        at = m.start("verb") if m.group("verb") else m.start("done")
        r = replace(r, text=r.text[:at] + verb + r.text[at + len(verb) :])
    return replace(r, text=blank_all(_ANY_AT_ALL, r.text))


def take_pending(r: Reading, given: Given) -> Reading:
    """A step not yet taken: "still not acknowledged", "未确认", with the concepts of the step;
    left out ("还没关闭的不算": those not yet closed do not count), the step taken."""
    for m in reversed(list(_PENDING.finditer(r.text))):
        if concepts := _step_concepts(m.group(1) or m.group(2) or m.group(3)):
            left_out = _LEFT_OUT_AFTER.match(r.text, m.end())
            if left_out:
                said = r.text[m.start() : left_out.end()].strip()  # the restatement says all of it
                r = r.taking((m.start(), left_out.end()), done=(*r.done, (said, concepts)))
            else:
                r = r.taking(m.span(), pending=(*r.pending, (m.group().strip(), concepts)))
    return r


#: Right after rows said, that they do not count: "还没关闭的不算", "未完成的除外".
_LEFT_OUT_AFTER = re.compile(r"\s*的?\s*(?:都)?(?:不算|除外|不计|不包括)")


def take_done_only(r: Reading, given: Given) -> Reading:
    """ "Only count the ones that were signed off", "closed jobs only": the rows whose
    step was taken, where the table named (else some table) records when; else only the "only",
    the step being a state."""
    for m in reversed(list(_DONE_ONLY.finditer(r.text))):
        word = m.group(1) or m.group(2) or m.group(3)
        concepts = _step_concepts(word)
        said = concepts_of_text(m.group())
        named = [t for t, called in given.index.table_name_concepts.items() if called & said]
        if concepts and any(_records(t, concepts, given.index) for t in named or given.index.catalog.tables):
            r = r.taking(m.span(), done=(*r.done, (m.group().strip(), concepts)))
        elif concepts:
            only = _ONLY.search(m.group())
            assert only is not None
            r = r.taking((m.start() + only.start(), m.start() + only.end()))  # "done jobs": a state
    return r


def _records(table: str, concepts: frozenset[str], index: SchemaIndex) -> bool:
    """Whether `table` keeps the time a step is taken, empty until it is."""
    return any(
        c.temporal and c.nullable and concepts & index.column_concepts[(table, c.name)]
        for c in index.table(table).visible
    )


def _step_concepts(word: str) -> frozenset[str]:
    """The concepts of the step a word says: "acknowledged" (or any inflection), "确认"."""
    if word.isascii():  # and the word itself, which a column may be named by (`ended_at`)
        return frozenset().union(*(concepts_of_phrase(w) for w in (word, *inflections(word))), {word})
    return chinese_concepts(word)[0][2] if chinese_concepts(word) else frozenset()


def say_ages(r: Reading, given: Given) -> Reading:
    """ "50岁以上的焊工", "30 years old": an age said in years is said as the age ("年龄50以上",
    "age 30"); where the age was named before it ("年龄大于20岁", "寿命超过72岁") only the number
    stays."""
    text = _YEARS_OLD.sub(r"age \1", r.text)
    parts = re.split(r"(\d+(?:\.\d+)?)\s*岁", text)
    said = parts[0]
    for number, rest in zip(parts[1::2], parts[2::2], strict=True):
        said += (number if _AGE_ZH.search(said) else f"年龄{number}") + rest
    return replace(r, text=said)


def say_gradable(r: Reading, given: Given) -> Reading:
    """ "older than 40", "the cheapest part": said as the quantity and a plain comparison (see
    `_GRADABLE`), before any span is taken."""
    return replace(r, text=_GRADABLE_WORDS.sub(lambda m: _GRADABLE[m.group()], r.text))


def say_compounds_apart(r: Reading, given: Given) -> Reading:
    """ "low-priority orders", "long-running stops": a compound of two words is said as the
    words apart, unless the schema or lexicon keeps it whole ("heat-treated", "stand-up")."""
    kept = given.index.hyphenated()
    apart = _COMPOUND.sub(lambda m: m.group() if m.group() in kept else m.group().replace("-", " "), r.text)
    return replace(r, text=apart)


def say_names_whole(r: Reading, given: Given) -> Reading:
    """ "wood turners" of a table `Woodturner`: two words the schema writes as one word of
    its own are said as that word."""
    own = given.index.own_words()
    first, *rest = r.text.split(" ")
    said = [first]
    for word in rest:
        if (said[-1] + word).isalpha() and stem(said[-1] + word) in own:
            said[-1] += word
        else:
            said.append(word)
    return replace(r, text=" ".join(said))


#: Two words of letters joined by a hyphen: "low-priority", not "pr-07" or "x-ray".
_COMPOUND = re.compile(r"(?<![\w-])[a-z]{2,}-[a-z]{2,}(?![\w-])")


def say_bounds_plainly(r: Reading, given: Given) -> Reading:
    """ "10 or more", "between 5 and 10", "5到10之间", "at least two", "above age 20": said as a
    comparison before digits ("at least 10", "at least 5 and at most 10", "不少于5 不超过10",
    "at least 2", "age above 20"); the last only where the word names a number the schema keeps."""
    text = r.text
    for pattern, plain in _PLAIN_BOUNDS:
        text = pattern.sub(plain, text)
    text = _COMPARED_NUMBER.sub(lambda m: f"{m.group(1)} {cn_number(m.group(2)) or m.group(2)}", text)
    numeric = frozenset().union(
        *(
            given.index.column_concepts[(t.name, c.name)]
            for t in given.index.catalog.tables.values()
            for c in t.visible
            if c.numeric and not (c.primary_key or c.references)
        )
    )

    def reordered(m: re.Match[str]) -> str:
        if identifier_concepts(m.group(2)) & numeric:
            return f"{m.group(2)} {m.group(1)} {m.group(3)}"
        return m.group()

    return replace(r, text=_COMPARED_WORD.sub(reordered, text))


def say_list_verb_as_list(r: Reading, given: Given) -> Reading:
    """ "Return the names of …", "retrieve …", "give the …": a list asked, said as "list"."""
    return replace(r, text=_LIST_VERB.sub("list", r.text, count=1))


#: A light verb before a count of the rows, which only says they happened: "报了几次停机" (raised),
#: "做了多少次清洗" (done); not after 各, whose breakdown it is part of ("各报了几次").
_LIGHT_VERB_ZH = re.compile(r"(?<!各)(?:报|做)了(?=(?:几|多少)个?(?:次|个|批|条|张|回))")
#: A verb split by its count: "换了多少次型" is "换型多少次" (changeovers), and so of 换刀 and 换模.
_SPLIT_VERB_ZH = re.compile(r"换了?((?:几|多少)(?:次|回))(型|刀|模)")


def say_counted_verbs_plainly(r: Reading, given: Given) -> Reading:
    """ "报了几次停机", "换了多少次型": said as the count of the rows ("几次停机", "换型多少次")."""
    text = _SPLIT_VERB_ZH.sub(lambda m: f"换{m.group(2)}{m.group(1)}".ljust(len(m.group())), r.text)
    return replace(r, text=blank_all(_LIGHT_VERB_ZH, text))


def say_breakdown_as_by(r: Reading, given: Given) -> Reading:
    """ "broken down by line", "break down … by / per" are read as "by"; "did PNP-303 break
    down" (no "by" after it) is the machine failing."""
    return replace(r, text=_BREAK_DOWN_BY.sub(lambda m: "by".ljust(len(m.group())), r.text))


def note_cues(r: Reading, given: Given) -> Reading:
    """The cues of the words left, computed once (see `cues.Cues`)."""
    return replace(r, cues=Cues.of(r.text, bounded=bool(r.thresholds)))


READ_STAGES: tuple[ReadStage, ...] = (
    say_list_verb_as_list,
    say_ages,
    say_gradable,
    say_compounds_apart,
    say_names_whole,
    say_bounds_plainly,
    take_via,
    take_window,
    take_due,
    take_basis,
    take_idle_phrases,
    take_metric,
    take_span,
    take_worth,
    take_top,
    take_sort,
    take_part,
    take_band,
    take_thresholds,
    take_share,
    take_absence,
    take_done_only,
    take_values,
    take_pending,
    say_breakdown_as_by,
    say_counted_verbs_plainly,
    read_words,
    link_unknown_words,
    note_cues,
)


def read(question: str, given: Given) -> Reading:
    """The frozen reading of `question`: every stage of `READ_STAGES`, in order.

    >>> from nl2sql.catalog import Catalog
    >>> from nl2sql.link import SchemaIndex
    >>> from datetime import datetime
    >>> given = Given(SchemaIndex.of(Catalog("sqlite", {})), datetime(2026, 11, 21))
    >>> r = read("top 3 reasons, more than 30 minutes", given)
    >>> r.limit, r.thresholds
    (3, (('>', 30.0, 'minute'),))
    """
    said = _PER_CENT.sub("percent", _ACRONYM_PLURAL.sub(r"\1", plain_numbers(question)))
    reading = Reading.of(normalise(said))
    for stage in READ_STAGES:
        reading = stage(reading, given)
    return reading
