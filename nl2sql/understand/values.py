"""The stored-values stage of `read`: the values the question names ("Line 3", "PR-07", "缺料").

Chinese aliases of stored values first, then the lexicon's value words ("open", "scrapped"),
then English values named by a Chinese word the lexicon does not know (德国 for 'Germany', see
`glossary`), then runs of up to `index.max_value_words` words matched against the stored values
in their written, stemmed, compacted, inflected and article-free forms, with the figures said
beside them that a stored name holds ("Rye loaf 500 g", "the 80 g spelt roll"). A value whose
words are also a lexicon word is kept as "weak" and its span left for the lexicon ("fault" is a
code and a table's noun), and so is a Chinese value another table counts in pieces (报废, a
machine's state and the pieces a report scrapped). A value said with a negation before it ("not
closed", 未关闭) is kept as negated.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from nl2sql.lexicon import (
    _CHINESE,
    _ENGLISH,
    RECORDING,
    STOPWORDS,
    VALUE_WORDS,
    concepts_of_phrase,
    same_state_zh,
    stem,
)
from nl2sql.link import SchemaIndex, ValueRef, compact, normalise
from nl2sql.understand.reading import Given, Reading, Value, blank, find_phrase, words_of
from nl2sql.understand.words import unknown_chinese
from nl2sql.units import asked_units


def take_values(r: Reading, given: Given) -> Reading:
    """The stored values the question names, each with where it is stored."""
    index = given.index
    text = r.text
    values: list[Value] = list(r.values)
    negated: list[str] = list(r.negated)

    def take(surface: str, refs: tuple[ValueRef, ...], weak: bool, span: tuple[int, int]) -> None:
        """Keep the value; a strong one's words (and a negation before them) leave the text; a
        weak one's negation is the pending stage's to read ("not acknowledged"), unless it
        leaves the value out ("not counting cancelled ones", "取消的不算") or is listed with
        another value ("warning或alarm"): then it is strong."""
        nonlocal text
        weak = (
            weak
            and not _EXCLUDED.search(text, 0, span[0])
            and not _NEGATION_AFTER.match(text, span[1])
            and not _LISTED_AFTER.match(text, span[1])
            and not _LISTED_BEFORE.search(text, 0, span[0])
        )
        values.append((surface, refs, weak))
        if weak:
            return
        text = blank(text, span)
        negation = _NEGATION_BEFORE.search(text, 0, span[0]) or _NEGATION_AFTER.match(text, span[1])
        if negation is not None:  # "not closed", "未关闭", "取消的不算": any state but that one
            negated.append(surface)
            text = blank(text, negation.span())

    for alias, refs in index.cjk_values:
        at = text.find(alias)
        if at >= 0 and not _inside_longer_word(text, at, alias):  # 合格 inside 合格品 (good parts)
            weak = _lexicon_word(alias) and _counts_elsewhere(alias, refs, index)
            take(alias, tuple(refs), weak, (at, at + len(alias)))
    taken: list[tuple[int, int]] = []
    for word in sorted(VALUE_WORDS, key=len, reverse=True):
        at = find_phrase(text, word)
        if at < 0 or _inside(at, at + len(word), taken) or _inside_longer_word(text, at, word):
            continue
        taken.append((at, at + len(word)))
        found = tuple(
            ref
            for v in VALUE_WORDS[word]
            for form in (normalise(v), *inflections(normalise(v)))  # "scrap": 'X = scrapped'
            for ref in index.values.get(form, ())
            if (form, ref) not in index.translated
        )
        if others := same_state_zh(word):  # "正在生产" of a code whose comment says "生产中"
            found += tuple(ref for alias, refs in index.cjk_values if alias in others for ref in refs)
        if found:
            take(word, found, _lexicon_word(word), (at, at + len(_shortest_form(word))))
    unknown = unknown_chinese(text)
    for word, named in index.chinese_values().items() if unknown else ():
        # "德国的供应商": an English value named in Chinese, by a word neither lexicon nor filler
        at = text.find(word)
        if at >= 0 and any(word in left for left in unknown) and not _inside_longer_word(text, at, word):
            take(word, named, False, (at, at + len(word)))
    matches = words_of(text)
    i = 0
    while i < len(matches):
        for n in range(min(index.max_value_words, len(matches) - i), 0, -1):
            group = matches[i : i + n]
            if any(b.start() - a.end() > 3 for a, b in pairwise(group)):
                continue  # words apart are no one value
            words = [m.group() for m in group]
            keys = (
                " ".join(words),
                _without_articles(words),  # "in the tool room": 'in tool room'
                " ".join([*words[:-1], stem(words[-1])]),
                compact("".join(words)),
                *(" ".join([*words[:-1], w]) for w in _inflections_of_state(words[-1])),
            )
            # Every form's values: "failed" is one table's label and, as "fail", another's.
            found = tuple(dict.fromkeys(ref for k in keys for ref in index.values.get(k, ())))
            if found and (
                (n == 1 and (words[0] in STOPWORDS or words[0].lower() in _UNITS or asked_units(words[0])))
                or (
                    n == 1
                    and _names_column(words[0], matches[i + 1].group() if i + 1 < len(matches) else "", index)
                )
            ):
                found = ()
            if found:
                surface = " ".join(words)
                span, found = _with_figures(text, (group[0].start(), group[-1].end()), found)
                if not any(surface == v[0] for v in values):
                    take(surface, found, _lexicon_word(surface), span)
                elif not _lexicon_word(surface):
                    text = blank(text, (group[0].start(), group[-1].end()))
                i += n - 1
                break
        i += 1
    return replace(r, text=text, values=tuple(values), negated=tuple(negated))


#: A word of a stored name, or said beside a value: "100%", "10", "ml", "1.5".
_TOKEN = r"[0-9a-z%]+(?:\.[0-9]+)?"
_NEXT = re.compile(rf"\s+({_TOKEN})")
_PREVIOUS = re.compile(rf"({_TOKEN})\s+$")


def _with_figures(
    text: str, span: tuple[int, int], refs: tuple[ValueRef, ...]
) -> tuple[tuple[int, int], tuple[ValueRef, ...]]:
    """The span of a value with the figures said beside it that its stored name holds ("Rye loaf
    500 g" said whole, "the 80 g spelt roll" of 'Spelt roll 80 g'), and the values
    whose names hold them; the span and values as found where the words beside hold no figure.

    >>> refs = (ValueRef("p", "name", "Spelt roll 80 g"), ValueRef("p", "name", "Spelt roll 120 g"))
    >>> _with_figures("the 80 g spelt roll price", (9, 19), refs)
    ((4, 19), (ValueRef(table='p', column='name', value='Spelt roll 80 g'),))
    >>> _with_figures("the spelt roll price", (4, 14), refs) == ((4, 14), refs)
    True
    """
    start, end, kept = span[0], span[1], refs
    words: list[str] = []
    while (after := _NEXT.match(text, end)) and (held := _holding(kept, [*words, after.group(1)])):
        words, kept, end = [*words, after.group(1)], held, after.end()
    while (before := _PREVIOUS.search(text, 0, start)) and (
        held := _holding(kept, [*words, before.group(1)])
    ):
        words, kept, start = [*words, before.group(1)], held, before.start()
    if not any(ch.isdigit() for word in words for ch in word):
        return span, refs
    return (start, end), kept


def _holding(refs: tuple[ValueRef, ...], words: list[str]) -> tuple[ValueRef, ...]:
    """The values whose stored names hold every one of `words`."""
    return tuple(r for r in refs if set(words) <= set(re.findall(_TOKEN, r.value.lower())))


_ARTICLES = frozenset(["the", "a", "an"])
#: Words that leave rows out: "excluding", "not counting", "apart from".
_LEAVING_OUT = (
    r"excluding|except(?:\s+for)?|not\s+counting|other\s+than|apart\s+from|leaving\s+out|leave\s+out"
)
#: A negation right before a value: "not closed", "not yet shipped", "not in the tool room",
#: "is not 'Line 3'", "excluding cancelled", "未关闭", "不是正常".
_NEGATION_BEFORE = re.compile(
    r"(?:\bnot\s+(?:yet\s+)?(?:(?:equal\s+to|in|from|at|on)\s+(?:the\s+)?)?|"
    rf"\b(?:{_LEAVING_OUT})\s+(?:the\s+)?|"
    r"未|没有|没|不是|并非)\s*[\"'“‘「]?\s*$"
)
#: A value said in a list of values ("warning或alarm", "warning, alarm"): a value, whatever
#: else its word may name.
_LISTED_AFTER = re.compile(r"\s*(?:或者?|或是|、|/|\bor\b|,)\s*[^\s，,。？?]")
_LISTED_BEFORE = re.compile(r"(?:或者?|或是|、|/|\bor\b)\s*$")  # the value before may be taken already
#: … of them, those that only leave rows out: "not counting cancelled ones".
_EXCLUDED = re.compile(rf"\b(?:{_LEAVING_OUT})\s+(?:the\s+|any\s+)?$")
#: … or right after it, in Chinese: "取消的单子不算", "撤销的除外": every other value.
_NEGATION_AFTER = re.compile(r"[”’」\"']?的?[\u4e00-\u9fff]{0,2}?(?:不算|除外|不计|不包括)")


def _without_articles(words: list[str]) -> str:
    """A phrase of values without the articles inside it ("in the tool room" is 'in tool room');
    the phrase itself when it begins or ends with one, or has one word left.

    >>> _without_articles(["in", "the", "tool", "room"]), _without_articles(["are", "the"])
    ('in tool room', 'are the')
    """
    kept = [w for w in words if w.lower() not in _ARTICLES]
    inside = words[0].lower() not in _ARTICLES and words[-1].lower() not in _ARTICLES
    return " ".join(kept if inside and len(kept) > 1 else words)


#: Units said in the plural count time, never name a stored state whose meaning is the singular:
#: "the number of hours" is no "H = hour rate"; nor is a unit asked ("in m3", "kWh") a stored
#: unit of measure (`uom = 'm3'`): the units stage reads it.
_UNITS = frozenset(["seconds", "minutes", "hours", "days", "weeks", "months", "years"])


def _names_column(word: str, after: str, index: SchemaIndex) -> bool:
    """Whether a one-word value and the word `after` it begin a table's or a column's name: the
    "lead" of "lead time" is `LeadTimeDays`, not the role 'Lead'; the "qc" of "qc inspections" is
    `QcInspection`, not the role 'QC'.

    >>> from nl2sql.catalog import Catalog, Column, TableInfo
    >>> supplier = TableInfo("supplier", [Column("LeadTimeDays", "int")])
    >>> index = SchemaIndex.of(Catalog("sqlite", {"supplier": supplier}))
    >>> _names_column("lead", "time", index), _names_column("lead", "", index)
    (True, False)
    """
    if not after:
        return False
    said = compact(word + stem(after))
    tables = index.catalog.tables.values()
    names = [*(t.name for t in tables), *(c.name for t in tables for c in t.columns)]
    return any(compact(name).startswith(said) for name in names)


def _shortest_form(word: str) -> str:
    """The start of a Chinese value word that says the same value by itself, a negated qualifier:
    非计划 of 非计划停机 (unplanned stops), whose 停机 is left to name the table.

    >>> _shortest_form("非计划停机"), _shortest_form("预防性保养"), _shortest_form("closed")
    ('非计划', '预防性保养', 'closed')
    """
    shorter = (w for w in VALUE_WORDS if len(w) < len(word) and word.startswith(w) and w[0] in "非未不")
    return min((w for w in shorter if VALUE_WORDS[w] == VALUE_WORDS[word]), key=len, default=word)


def _counts_elsewhere(word: str, refs: list[ValueRef], index: SchemaIndex) -> bool:
    """Whether a number of another table than the value's says it counts what `word` names:
    报废 is a machine's state and, in "报废数量", the pieces a report scrapped."""
    own = {ref.table for ref in refs}
    return any(
        column.numeric and word in (column.comment or "")
        for table in index.catalog.tables.values()
        if table.name not in own
        for column in table.visible
    )


def _lexicon_word(surface: str) -> bool:
    key = " ".join(stem(w) for w in surface.split())
    return key in _ENGLISH or any(surface == w for w, _ in _CHINESE)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


#: Words ending in 在, which a value word beginning with it must not split.
_ENDING_IN_ZAI = frozenset(["现在", "实在", "存在", "所在"])


def _inside_longer_word(text: str, at: int, word: str) -> bool:
    """Whether a longer Chinese lexicon word covers `word` here ("不合格" inside "不合格品")."""
    if word.isascii():
        return False
    if word.startswith("在") and text[at - 1 : at + 1] in _ENDING_IN_ZAI:
        return True  # the 在跑 of "现在跑了几批" ("now")
    for longer, _concepts in _CHINESE:
        if len(longer) <= len(word):
            break
        if word in longer:
            start = text.find(longer, max(0, at - len(longer)))
            if 0 <= start <= at and at + len(word) <= start + len(longer):
                return True
    return False


def _inflections_of_state(word: str) -> tuple[str, ...]:
    """`inflections` of a word that may name a stored state: none for the act of recording a
    row ("the tickets opened last week" were opened then, whatever their state now: "opened" is
    not the state 'open', as "failed" is the result 'fail').

    >>> _inflections_of_state("opened"), _inflections_of_state("failed")
    ((), ('fail', 'faile'))
    """
    return () if RECORDING in concepts_of_phrase(stem(word)) else inflections(word)


#: Verbs whose past is not said with -ed: "which trays broke" of the reason 'X=broken'.
_IRREGULAR = {
    "broke": ("broken", "break"),
    "broken": ("broke", "break"),
    "wore": ("worn", "wear"),
    "worn": ("wore", "wear"),
    "tore": ("torn", "tear"),
    "torn": ("tore", "tear"),
    "froze": ("frozen", "freeze"),
    "frozen": ("froze", "freeze"),
    "stuck": ("stick",),
    "failure": ("fail", "failed"),  # a failure is a check that failed
    "failures": ("fail", "failed"),
}


def inflections(word: str) -> tuple[str, ...]:
    """Other forms of an English verb or participle, to match stored values ("failed" → "fail").

    >>> inflections("scrapped"), inflections("failed"), inflections("reject"), inflections("broke")
    (('scrapp', 'scrappe', 'scrap'), ('fail', 'faile'), ('rejected', 'rejectd'), ('broken', 'break'))
    >>> inflections("scrap")
    ('scraped', 'scrapd', 'scrapped')
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.isascii() or len(word) < 4 or word.isdigit():
        return ()
    if word.endswith("ed"):
        forms = [word[:-2], word[:-1]]
        if len(word) > 5 and word[-3] == word[-4]:
            forms.append(word[:-3])
        return tuple(forms)
    doubled = word + word[-1] + "ed" if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word) else ""
    return tuple(f for f in (word + "ed", word + "d", doubled) if f)
