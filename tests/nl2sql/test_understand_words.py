"""`nl2sql.understand.words`: Chinese leftovers are cut as rjieba cuts them, loaded or not."""

from __future__ import annotations

import rjieba
from hypothesis import given
from hypothesis import strategies as st

from nl2sql.understand.words import _segment

# Characters a blanked Chinese run holds: Chinese, Latin letters and digits, punctuation, and
# the spaces that blank the lexicon's words.
_CHARACTERS = st.sampled_from(list("上周有几次安灯呼叫设备停机又谁批准复工的L1号?。，") + [" "] * 6)


@given(st.lists(_CHARACTERS, max_size=14).map("".join))
def test_a_text_is_cut_as_rjieba_cuts_it(text: str) -> None:
    assert _segment(text) == rjieba.cut(text)


@given(st.lists(st.sampled_from(["有", "又", "批", "L", "？", ""]), max_size=10).map(" ".join))
def test_single_characters_between_spaces_are_their_own_words(text: str) -> None:
    assert _segment(text) == list(text) == rjieba.cut(text)
