"""Chinese questions on a schema named in English, with words the shop-floor lexicon does not
know: the dictionary reads them as the schema's own names (起重机 is the `crane` table) and its
stored values (德国 is 'Germany'); and the shapes such questions take — two aggregates of one
column (平均容量和最大容量), each kind of a thing (每种起重机), the one thing asked for
(…最多的国家是什么), the different values listed with a count of each.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from nl2sql import NL2SQL, Answer, Source, introspect
from nl2sql.glossary import chinese_words
from tests.nl2sql.conftest import NOW, sqlite_database

SCHEMA = (
    """CREATE TABLE crane (
  crane_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  country TEXT NOT NULL,
  capacity INTEGER NOT NULL
)""",
)
CRANES = [
    (1, "C-01", "gantry", "Germany", 20),
    (2, "C-02", "gantry", "Japan", 35),
    (3, "C-03", "jib", "Germany", 5),
    (4, "C-04", "jib", "Germany", 8),
    (5, "C-05", "overhead", "Japan", 12),
]


@pytest.fixture(scope="module")
def yard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(tmp_path_factory.mktemp("yard") / "yard.db", SCHEMA, {"crane": CRANES})
    yield engine
    engine.dispose()


def _answer(engine: Engine, question: str) -> Answer:
    nl2sql = NL2SQL([Source("yard", engine, introspect(engine))], charts=False)
    answer = nl2sql.answer(question, now=NOW, language="zh")
    assert not answer.choices, answer.text
    return answer


def test_the_dictionary_reads_a_chinese_word_as_the_schema_word_it_means() -> None:
    found = chinese_words(["crane", "capacity", "Germany"])
    assert found["起重机"] == {"crane"} and found["容量"] == {"capacity"} and found["德国"] == {"Germany"}
    # a word is read as the name it gives first (国家 is a country before it is a state), and
    # not at all by a rare use far down its senses (条件, a "condition", is a "state" last)
    assert chinese_words(["country", "state"])["国家"] == {"country"}
    assert "条件" not in chinese_words(["state"])


def test_a_table_named_in_english_is_counted_when_asked_in_chinese(yard: Engine) -> None:
    assert _answer(yard, "一共有多少台起重机？").rows == [[len(CRANES)]]


def test_an_english_value_is_named_in_chinese(yard: Engine) -> None:
    answer = _answer(yard, "德国的起重机有几台？")
    assert answer.rows == [[3]]
    assert "'Germany'" in answer.sql


def test_two_aggregates_of_one_column_are_both_answered(yard: Engine) -> None:
    answer = _answer(yard, "起重机的平均容量和最大容量是多少？")
    assert answer.rows == [[16, 35]]


def test_each_kind_of_the_things_counted_groups_by_their_kind(yard: Engine) -> None:
    answer = _answer(yard, "每种起重机的最大容量是多少？")
    assert sorted(map(tuple, answer.rows)) == [("gantry", 35), ("jib", 8), ("overhead", 12)]


def test_what_the_one_with_the_most_is_answers_one(yard: Engine) -> None:
    answer = _answer(yard, "起重机最多的国家是什么？")
    assert answer.rows == [["Germany", 3]]


def test_the_different_values_are_listed_with_a_count_of_each(yard: Engine) -> None:
    answer = _answer(yard, "显示所有不同的国家和每个国家的起重机数量。")
    assert sorted(map(tuple, answer.rows)) == [("Germany", 3), ("Japan", 2)]
