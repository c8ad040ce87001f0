"""The reading of a question: what the reading stages found in it, frozen once they are done.

A `Reading` starts as the normalised question and passes through `read.READ_STAGES`; each
stage returns a new `Reading` with its span blanked out of `text` and what it found kept in a
field. After the last stage nothing changes it: its fields are tuples and frozen sets, and the
choose stages only read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NamedTuple

from nl2sql.link import Embed, SchemaIndex, ValueRef
from nl2sql.understand.cues import Cues
from nl2sql.windows import Window

_WORDS = re.compile(r"[a-z0-9]+(?:[-_./][a-z0-9]+)*|[\u3400-\u9fff]+")

#: A concept the lexicon found: where it starts in the text, its concepts, and its words (stemmed).
Concept = tuple[int, frozenset[str], str]
#: A stored value the question names: its words, where it is stored, and whether the words are
#: also a lexicon word ("weak": "fault" is a code and a table's noun).
Value = tuple[str, tuple[ValueRef, ...], bool]


@dataclass(frozen=True)
class Given:
    """What the reading stages are given besides the text: the schema, the plant-local time, and
    (optionally) an embedding function for words the lexicon does not know."""

    index: SchemaIndex
    now: datetime
    embed: Embed | None = None


class Said(NamedTuple):
    """A comparison with another column ("less than 80% of their planned pieces"): its words,
    the words naming the row's own number before it, and those naming the other column."""

    said: str
    own: str
    of: str


@dataclass(frozen=True)
class Due:
    """A time held against the time it was due ("shipped after their due date", "overdue",
    "按时关闭率"): see `due.take_due`."""

    said: str
    kind: str  # "late", "on time" or "overdue"
    step: str = ""  # the words naming the step that was late ("started", "收货"), if any
    gap_s: float = 0.0  # "more than 5 days late": how much later than due, in seconds
    length: str = ""  # "how many days late": the unit of the lateness asked, "d", "h" or "min"
    share: bool = False  # "the on-time share": the share of the rows that were
    now: str = ""  # the question's now (ISO), for what is overdue


#: Chinese measure words of things counted one by one: "超过10张" is more than ten orders, a
#: number of rows as 次 is.
COUNTED_ZH = ("张", "台", "条", "批", "单", "名", "位", "炉", "份", "项", "家")


@dataclass(frozen=True)
class Reading:
    """What the reading stages found, and the text left for the lexicon."""

    text: str
    window: Window | None = None
    window_at: int = -1  # where the window's words begin in the text
    metric: str = ""
    ratio: tuple[str, str, str, str] | None = None
    limit: int | None = None
    thresholds: tuple[tuple[str, float, str], ...] = ()
    counted_after: tuple[str, ...] = ()  # "more than 30 stoppages": the rows' noun
    bounded_at: tuple[int, ...] = ()  # where each bound of `thresholds` begins in the text
    amounts: tuple[float, ...] = ()  # "over 15 hours of work": bounds said as an amount of a thing
    values: tuple[Value, ...] = ()
    negated: tuple[str, ...] = ()  # the values said with a negation before them ("not closed")
    concepts: tuple[Concept, ...] = ()
    group_phrases: tuple[tuple[int, str], ...] = ()
    trend: str = ""
    unmatched: tuple[str, ...] = ()
    unmatched_now: tuple[str, ...] = ()  # "now", "currently": see `leftovers`
    absence: str = ""  # the words saying "none of": see `choose.choose_absence`
    pending: tuple[tuple[str, frozenset[str]], ...] = ()  # "still not acknowledged"
    done: tuple[tuple[str, frozenset[str]], ...] = ()  # "only count the ones that were signed off"
    span: tuple[str, str, str] | None = None  # "from order to delivery": the words, start, end
    worth: tuple[str, str] | None = None  # "the value of …": the word, and the reckoning said
    part: tuple[Said, str, float] | None = None  # "less than 80% of their planned …": op, share
    band: tuple[str, str] | None = None  # "outside the product's limits", and the words naming the value
    due: Due | None = None  # "shipped after their due date", "overdue", "the on-time share"
    basis: str = ""  # "by receipt date": the words naming the time a window is counted by
    via: tuple[str, ...] = ()  # "(via to_loc_id)": the link columns named, from a question back
    share: tuple[str, str] | None = None  # "the abort rate", "合格率": the words, and the text
    # that names the rows counted ("abort", "合格")
    sort: tuple[int | None, str, str, bool] | None = None  # "sorted by age, descending": where the
    # column's words start (None: no column said), "asc" or "desc", the words that asked for the
    # order, and whether they ask it by name ("alphabetically", "按字母表顺序")
    cues: Cues = field(default_factory=Cues)

    @classmethod
    def of(cls, normalised: str) -> Reading:
        """The reading before any stage: the normalised question, with "haven't" read as "have not"
        and "we've" as "we" ("haven", "t", "ve" would be offered away)."""
        said = re.sub(r"\b([a-z]+)n't\b", r"\1 not", normalised)
        return cls(re.sub(r"\b([a-z]+)'(?:ve|re|ll|d)\b", r"\1", said))

    def taking(self, span: tuple[int, int], **found: object) -> Reading:
        """This reading with `span` blanked out of the text and `found` kept."""
        return replace(self, text=blank(self.text, span), **found)  # type: ignore[arg-type]


def blank(text: str, span: tuple[int, int]) -> str:
    """`text` with `span` turned to spaces, so that every other span keeps its place.

    >>> blank("andon calls last week", (12, 21))
    'andon calls          '
    """
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def blank_all(pattern: re.Pattern[str], text: str) -> str:
    """`text` with every match of `pattern` turned to spaces (see `blank`).

    >>> blank_all(re.compile(r"\\bat all\\b"), "no stops at all")
    'no stops       '
    """
    return pattern.sub(lambda m: " " * len(m.group()), text)


def find_phrase(text: str, phrase: str) -> int:
    """Where `phrase` stands in `text` as whole words (Chinese: anywhere), or -1."""
    if not phrase.isascii():
        return text.find(phrase)
    m = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
    return m.start() if m else -1


def words_of(text: str) -> list[re.Match[str]]:
    """The words of `text`: runs of Latin letters and digits (joined by - _ . /) and runs of Chinese.

    >>> [m.group() for m in words_of("pr-07 停机 on line 3")]
    ['pr-07', '停机', 'on', 'line', '3']
    """
    return list(_WORDS.finditer(text))


def is_act(surface: str) -> bool:
    """Whether words read are an act done, a past participle ("completed", "received"), which
    names a step of a row and never a thing.

    >>> is_act("completed"), is_act("work order")
    (True, False)
    """
    return surface.isascii() and surface.endswith("ed")


def which_noun(r: Reading) -> Concept | None:
    """The thing "which" asks for: the noun after it ("which machine"), or before it in
    Chinese ("…的设备有哪些"). A person named after what they do is the head of the phrase:
    "哪个 CIP 技术员" asks for the technician, whom "CIP" only describes."""
    if r.cues.which is None:
        return None
    after = [c for c in r.concepts if c[0] >= r.cues.which]
    before = [c for c in r.concepts if c[0] < r.cues.which]
    if (
        after
        and not r.cues.which_ascii
        and not _WHICH_ZH_BEFORE_NOUN.fullmatch(r.text[r.cues.which : after[0][0]])
    ):
        after = []  # "…的泵有哪些？各报了几回？": the noun is the one before, not the next sentence's
    taken = after and r.cues.which_ascii and re.search(r"\S\s{3,}$", r.text[: after[0][0]])
    if taken and is_act(after[0][2]):
        return None  # "which maintenance technician completed": the thing was a value, taken; not the verb
    if not after:
        return before[-1] if before and not r.cues.which_ascii else None
    head, person = after[0], after[1] if len(after) > 1 else None
    described = (
        person is not None
        and not r.cues.which_ascii
        and "person" in person[1] - head[1]
        and not r.text[head[0] + len(head[2]) : person[0]].strip()
    )
    return person if described and person is not None else head


#: A Chinese "which" written right before its noun: 哪台, 哪一台, 哪几台, 哪些, and a value taken
#: between them (哪些闲置的泵).
_WHICH_ZH_BEFORE_NOUN = re.compile(r"(?:哪[一几]?\S?)?\s*的?\s*")


def value_after_which(r: Reading) -> bool:
    """Whether "which" is followed right away by a stored value, taken out of the text, and by no
    noun of its own: "which cheesemaker took the longest per run", "哪位化验员测的样最多"."""
    at = r.cues.which
    found = _WHICH_THEN_TAKEN.match(r.text[at:]) if at is not None else None
    if found is None or at + found.start(1) == r.window_at:  # type: ignore[operator]
        return False  # "哪些上周…": the time said after it, no value
    return not any(c[0] == at + found.start(2) for c in r.concepts)  # type: ignore[operator]


#: "which" and the blanks of a value taken right after it, then the next word; in Chinese not
#: 的, after which the value only describes the noun asked for (哪些闲置的机台).
_WHICH_THEN_TAKEN = re.compile(r"(?:which(?=\s{3})|哪(?:一)?[个位名些])(\s{2,})(?!的)(\S+)")


def phrase_concepts(r: Reading, start: int, phrase: str) -> list[Concept]:
    """The concepts said inside a "by …" / "各…" phrase found at `start` (the phrase may begin after
    its 各 or "by"), not a later word that repeats one of them: "各种缺陷类型各有几次缺陷"."""
    ends = r.text.find(phrase, start) + len(phrase)
    return [(at, cs, s) for at, cs, s in r.concepts if start <= at < ends and s in phrase]


def dimension_words(r: Reading, index: SchemaIndex) -> set[str]:
    """Words that name what to group by ("by station", "which machine", "各班次")."""
    facts = frozenset().union(*(c for t, c in index.table_name_concepts.items() if not index.is_dimension(t)))
    words: set[str] = set()
    for at, phrase in r.group_phrases:
        for _at, concepts, surface in phrase_concepts(r, at, phrase):
            if not concepts & facts:
                words.add(surface)
                break
    noun = which_noun(r)
    if noun:
        words.add(noun[2])
    return words


def num(value: float) -> int | float:
    """A number as people write it: 30, not 30.0.

    >>> num(30.0), num(2.5)
    (30, 2.5)
    """
    return int(value) if float(value).is_integer() else value
