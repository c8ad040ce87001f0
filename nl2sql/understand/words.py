"""The lexicon stages of `read`: the words left, read as concepts.

`read_words` takes a trend ("per day", "趋势") and the "by …" / "各…" phrases, then reads
English phrases (longest first) and Chinese runs through the bilingual lexicon, and the Chinese
words it does not know through the dictionary's words for the schema's own names (起重机 for a
`crane` table, see `glossary`); an English word a schema writes otherwise ("set-up" as `setup`,
"welding" as `weld`) is read as the schema's. Words that are neither known nor filler are kept
as not understood (a negation, a stray number, a Chinese leftover of two characters or more),
and "now" apart, for a state filter to account for.
`link_unknown_words` links those not understood to the nearest table or column by meaning,
when an embedding function is given.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nl2sql.lexicon import MAX_PHRASE, STOPWORDS, chinese_concepts, concepts_of_phrase, concepts_of_text, stem
from nl2sql.link import SchemaIndex
from nl2sql.understand.reading import Concept, Given, Reading, blank, words_of
from nl2sql.units import asked_units, unit_spans

_GROUP = re.compile(
    r"\b(?:by|per|for each|for every|each|across|split by|broken down by|grouped by|breakdown by|"
    r"breakdown of|for all)\s+([a-z0-9]+(?: [a-z0-9]+){0,2})|"
    r"(?:按照?|各(?:[个条台位名家种款间批项]|类(?![别型]))?|每[个条台一位名家种类款间批项]|分(?![钟别]))\s*([A-Za-z0-9]*\s*(?:(?!的)[\u3400-\u9fff]){1,6})"
)
_TREND = re.compile(
    r"\b(?:per|by|each|every) (hour|day|date|week|month)\b|\b(hourly|"
    r"daily|weekly|monthly)\b|\b(trend|over time)\b|"
    r"(每小时|每天|每日|按天|按日|逐日|每周|按周|逐周|每月|按月|逐月|趋势|走势|变化)"
)
#: The grain each trend word asks for; "trend" itself leaves it to the window ("auto"), any
#: other word is a day.
_GRAINS = {
    **dict.fromkeys(["hour", "hourly", "每小时"], "hour"),
    **dict.fromkeys(["week", "weekly", "每周", "按周", "逐周"], "week"),
    **dict.fromkeys(["month", "monthly", "每月", "按月", "逐月"], "month"),
    **dict.fromkeys(["trend", "over time", "趋势", "走势", "变化"], "auto"),
}
#: "who" after a noun says more of it ("the operators who reported"), names no person of its own.
_RELATIVE_WHO = re.compile(r"\b(?!and\b|or\b)[a-z]+\s+(who|whose)\b")
#: "Who is the supplier of …": the noun says what is asked, "who" only that it is a name.
_WHO_IS_THE = re.compile(r"\b(who)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|our)\s+[a-z]+\s+(?:of|for)\b")
#: Words that ask for the state things are in now ("at the moment"): a state filter accounts for
#: them, else they are not understood.
_NOW = frozenset(["now", "currently", "current", "moment"])
#: … in Chinese, but not "until now" (本月到现在: a window's end).
_NOW_ZH = re.compile(r"(?<![到至])(?:现在|目前|当前)")
_NEGATION = frozenset(["no", "not", "never", "none", "nor", "neither", "without", "except", "non"])
#: English words that carry no meaning of their own in a data question.
_FILLER_WORDS = """
had have happen happened occur occurred caused got come came comes use used uses using usage
see seen lost raise go went run ran make ever plant factory yet there get gemba tell know want
need been being did does do done carry carried perform performed conduct conducted our your was
were is are be it its they them we you i me my vs versus compared against than per percent last
this past much many long often how what which who when where why time goods ones based located
situated out common frequent book booked kept
"""
FILLER = frozenset(_FILLER_WORDS.split())
#: Chinese words that carry no meaning of their own in a data question: particles, measure
#: words, "how many / which / each", "list / show". What is left of a Chinese run once its
#: lexicon words and these are taken out, if two characters or more, is reported as not
#: understood, as English words are.
_FILLER_ZH_WORDS = """
的 了 吗 呢 吧 啊 呀 和 与 及 或 或者 以及 跟 同 有 是 在 按 被 把 给 对 从 到 由 于 为
各 每 个 台 条 次 件 位 名 家 份 项 种 类 批 笔 一 张 套 只 辆 座 根 块 多少 几 一共 总共 共 总 合计 总计 累计
统计 列出 显示 查 查询 查看 看 看看 我 告诉 请 帮 一下 最 最多 最少 最高 最低
最长 最短 最大 最小 最近 平均 趋势 分布 情况 数据 数量 哪 哪个 哪些 哪台 哪条 哪位 哪天
我们 你 其中 分别 目前 现在 当前 做 发现 发生 出现 出 一次 多长 多 少 长 每个 每位 每天
每周 每月 每年 几个 几次 几台 几条 几天 几位 几名 几家 几份 几项 几种 几件
各条 各个 各位 各家 各种 各项 各台 都 货 是什么 什么 哪里 谁 请问 只 只看 仅 再 那 那么 换成 改成
处于 处在 正处于 目前处于 用 用了 用掉 掉 使用 笔数 数 这个 那个 这些 那些 这 那 来 来了 已经 全厂 正在
位于 上 里 内 加起来 合起来 加总 跑 跑了 记 记了 记录 登记 录入 不同 连 所有 全部 还 还有 找出 查找 找到 给出
返回 常见 花 花了 计算
"""
FILLER_ZH = frozenset(_FILLER_ZH_WORDS.split())


def read_words(r: Reading, given: Given) -> Reading:
    """The trend, the "by …" phrases, and the concepts of the words left (see the module)."""
    index = given.index
    text = r.text
    trend = ""
    found_trend = _TREND.search(text)
    if found_trend:
        word = next(g for g in found_trend.groups() if g)
        trend = _GRAINS.get(word, "day")
        text = blank(text, found_trend.span())
    for m in reversed([*_RELATIVE_WHO.finditer(text), *_WHO_IS_THE.finditer(text)]):
        text = blank(text, m.span(1))  # "the welders who are certified": says more of the welders
    group_phrases = _group_phrases(text, index)
    concepts: list[Concept] = []
    unmatched: list[str] = []
    unmatched_now: list[str] = []
    words = [(m.start(), m.group()) for m in words_of(text)]
    units = [(start, end) for start, end, _unit in unit_spans(text) if " " in text[start:end]]
    used: set[int] = set()
    for n in range(MAX_PHRASE, 0, -1):
        for i in range(len(words) - n + 1):
            if any(j in used for j in range(i, i + n)) or not words[i][1].isascii():
                continue
            phrase = " ".join(stem(w) for _, w in words[i : i + n])
            found = concepts_of_phrase(phrase)
            if found:
                concepts.append((words[i][0], found, phrase))
                used.update(range(i, i + n))
    for i, (at, w) in enumerate(words):
        if i in used:
            continue
        if not w.isascii():
            unmatched_now += _NOW_ZH.findall(w)
            spans = _chinese_spans(w)
            leftovers = _chinese_leftovers(w, [(start, end) for start, end, _ in spans])
            if leftovers:  # words the lexicon does not know may name the schema's own words
                spans = _chinese_spans(w, index.chinese_names())
                leftovers = _chinese_leftovers(w, [(start, end) for start, end, _ in spans])
            for start, end, found in spans:
                concepts.append((at + start, found, w[start:end]))
            unmatched += leftovers
            continue
        s = stem(w)
        if s == "still" and text[at + len(w) : at + len(w) + 2] == "  ":
            continue  # "still open": the state taken right after it says all it does
        if s in _NEGATION:  # no stage reads a negation yet: it must never pass as a column's word
            unmatched.append(w)
            continue
        if s in _NOW:
            unmatched_now.append(w)
            continue
        # "runs" is the production runs a table keeps, where "run" alone is filler
        plural_noun = w != s and any(s in c for c in index.table_name_concepts.values())
        # … and "press run" the table `press_run`: the word before it and it name one table
        before = stem(words[i - 1][1]) if i else ""
        named = any({before, s} <= c for c in index.table_name_concepts.values())
        if s in STOPWORDS or (w in FILLER and not named) or (s in FILLER and not plural_noun and not named):
            continue
        if w.isdigit():  # a number no stage took is a condition we would drop, unless it is the limit
            if int(w) != r.limit:
                unmatched.append(w)
            continue
        # a unit, of one word or more ("cubic metres"): the measure's
        said = {s} if _raw_schema_concept(s, index) or asked_units(w) or _in_any(at, units) else set()
        said |= {form for form in _forms(s) if _raw_schema_concept(form, index)}
        # "inspection" of an `insp_id`, "result" of a `rslt`, "shipped" (as "ship") of a `shpd_at`
        said = said or {own for form in (s, *_forms(s)) for own in index.shortened(form)}
        if said:
            concepts.append((at, frozenset(said), s))
        else:
            unmatched.append(w)
    concepts = [(at, _kind_of(found, index), surface) for at, found, surface in concepts]
    concepts.sort(key=lambda c: c[0])
    return replace(
        r,
        trend=trend,
        group_phrases=tuple(_from_word_start(group_phrases, concepts, text)),
        concepts=tuple(concepts),
        unmatched=tuple(unmatched),
        unmatched_now=tuple(unmatched_now),
    )


#: Concepts that are a kind of a broader one, said by it where the schema keeps no word of their
#: own: a spare part is a part (`part`, `item`) where no table says "spare".
_KIND_OF = {"spare": "product"}


def _kind_of(found: frozenset[str], index: SchemaIndex) -> frozenset[str]:
    """`found`, a narrower concept the schema does not keep said by the broader one."""
    narrower = found & _KIND_OF.keys()
    kept = {c for c in narrower if _kept_by_a_column(frozenset([c]), index) or _names_a_table(c, index)}
    return found - (narrower - kept) | {_KIND_OF[c] for c in narrower - kept}


def _names_a_table(concept: str, index: SchemaIndex) -> bool:
    return any(concept in called for called in index.table_concepts.values())


def _from_word_start(
    phrases: list[tuple[int, str]], concepts: list[Concept], text: str
) -> list[tuple[int, str]]:
    """Each group phrase, begun where a word it starts inside begins: "每条线" is read 每 + 条线
    (a line), though the phrase after 每 begins at 线."""
    moved = []
    for start, phrase in phrases:
        begins = text.find(phrase, start)
        inside = [at for at, _cs, surface in concepts if at < begins < at + len(surface)]
        moved.append((start, text[inside[0] : begins] + phrase) if inside else (start, phrase))
    return moved


def _in_any(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in spans)


#: Words that say a kind of thing: "by failure code", "by defect type" group, whatever else they say.
_KINDS = frozenset(["code", "category", "reason"])


def _group_phrases(text: str, index: SchemaIndex) -> list[tuple[int, str]]:
    """The "by …" / "各…" phrases that group, with where they start; not those that rank by a
    measure ("top 3 machines by andon calls") or by a count ("by number of NCRs")."""
    facts = frozenset().union(*(c for t, c in index.table_name_concepts.items() if not index.is_dimension(t)))
    dims = frozenset().union(*(c for t, c in index.table_name_concepts.items() if index.is_dimension(t)))
    phrases = []
    for m in _GROUP.finditer(text):
        phrase = (m.group(1) or m.group(2) or "").strip()
        named = concepts_of_text(phrase)
        if re.match(r"(?:number|count|amount|total|sum) of\b|(?:most|fewest|least)\b", phrase):
            continue  # "top 3 products by number of NCRs": ranked by a count, not grouped
        if (
            named & facts
            and not named & (dims | _KINDS)
            and not _kept_by_a_column(named - facts - {"code", "name", "id"}, index)
        ):
            continue  # "top 3 machines by andon calls": ranked by the measure, not grouped
        phrases.append((m.start(), phrase))
    return phrases


def _kept_by_a_column(concepts: frozenset[str], index: SchemaIndex) -> bool:
    """Whether a column's name or comment says one of `concepts`, beside the rows' own nouns:
    "各故障原因" groups by a reason code."""
    return any(concepts & (kept | concepts_of_text(col)) for (_t, col), kept in index.column_concepts.items())


def link_unknown_words(r: Reading, given: Given) -> Reading:
    """Words the lexicon did not know, linked to the nearest table or column by meaning."""
    if given.embed is None or not r.unmatched:
        return r
    still: list[str] = []
    linked: list[Concept] = []
    for word in r.unmatched:
        found = given.index.nearest(word, given.embed)
        if found is None:
            still.append(word)
            continue
        table, column = found
        key = stem(column.split("_")[0]) if column else stem(table.split("_")[0])
        linked.append((len(r.text), frozenset({key}), word))
    return replace(r, concepts=(*r.concepts, *linked), unmatched=tuple(still))


def _chinese_spans(
    run: str, schema_words: dict[str, frozenset[str]] | None = None
) -> list[tuple[int, int, frozenset[str]]]:
    """The words of a Chinese run read as concepts, as (start, end, concepts): the lexicon's,
    with `schema_words` (the dictionary's words for the schema's own names, 起重机 for a `crane`
    table) besides them, and the units left ("多少升": the measure's to hold, as "litres")."""
    spans = chinese_concepts(run, FILLER_ZH, schema_words)
    return spans + [
        (start, end, frozenset({run[start:end]}))
        for start, end, _unit in unit_spans(run)
        if not any(start < e and s < end for s, e, _c in spans)
    ]


def unknown_chinese(text: str) -> list[str]:
    """The Chinese words of `text` that are neither the lexicon's nor filler (see `_chinese_leftovers`).

    >>> unknown_chinese("哪台设备停机最多"), unknown_chinese("德国的起重机有多少")
    ([], ['德国', '起重机'])
    """
    return [
        left
        for run in re.findall(r"[\u3400-\u9fff]+", text)
        for left in _chinese_leftovers(run, [(s, e) for s, e, _c in chinese_concepts(run, FILLER_ZH)])
    ]


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
    text = list(run)
    for start, end in spans:
        text[start:end] = [" "] * (end - start)
    kept = " ".join(w if not _all_filler(w) else " " for w in _segment("".join(text)))
    # pieces the segmenter cut apart may make a filler word together ("加" "起来")
    return [w for w in re.sub(r" (?! )", "", kept).split() if not _all_filler(w)]


def _segment(text: str) -> list[str]:
    """The words of `text` (characters and single spaces) as rjieba cuts them.

    rjieba cuts between spaces and yields each space alone, so a text whose pieces between
    spaces are single characters has nothing to cut: its words are its characters, and the
    segmenter (whose dictionary takes a tenth of a second to load) is not loaded for it.

    >>> _segment("有  "), _segment(" 上周 有")
    (['有', ' ', ' '], [' ', '上周', ' ', '有'])
    """
    if all(len(piece) == 1 for piece in text.split(" ") if piece):
        return list(text)
    import rjieba

    return rjieba.cut(text)


def _all_filler(word: str) -> bool:
    """Whether `word` is made of `FILLER_ZH` words only: 每台, 几张 are a measure word after 每 or 几.

    >>> _all_filler("每台"), _all_filler("几张"), _all_filler("报修")
    (True, True, False)
    """
    if word in FILLER_ZH or word.isspace():
        return True
    return any(word[:n] in FILLER_ZH and _all_filler(word[n:]) for n in range(1, len(word)))


def _forms(word: str) -> list[str]:
    """Other spellings of an English word a schema may name it by: "set-up" as `setup`, "welding"
    and "welded" as `weld`.

    >>> _forms("set-up"), _forms("welding"), _forms("planned"), _forms("line")
    (['setup'], ['weld'], ['plann', 'plan'], [])
    """
    forms = [word.replace("-", "")] if "-" in word else []
    if word.endswith("ing") and len(word) > 5:
        forms.append(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        forms += [word[:-2], word[:-3]] if word[-3] == word[-4] else [word[:-2], word[:-1]]
    return forms


def _raw_schema_concept(word: str, index: SchemaIndex) -> bool:
    return any(word in c for c in index.table_concepts.values()) or any(
        word in c for c in index.column_concepts.values()
    )
