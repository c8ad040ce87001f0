"""Translation pairs: which sections translate each other, and how search uses them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge import FakeEmbedder, Library
from knowledge.pair import pair_translations
from knowledge.search import _with_translations
from knowledge.types import Chunk


def _chunk(source: str, section: str, language: str) -> Chunk:
    return Chunk(f"{source}:{section}", section, "t", (section,), language, source, "h", "d")  # type: ignore[arg-type]


def test_sections_pair_by_similarity_not_by_position() -> None:
    chunks = [
        _chunk("/d/andon.en.md", "Roles", "en"),
        _chunk("/d/andon.en.md", "Steps", "en"),
        _chunk("/d/andon.en.md", "Checklist", "en"),
        _chunk("/d/andon.zh.txt", "步骤", "zh"),  # the translation puts steps first
        _chunk("/d/andon.zh.txt", "角色", "zh"),
        _chunk("/d/notes.md", "Notes", "en"),  # no language tag: never paired
    ]
    roles, steps, checklist, other = np.eye(4, dtype=np.float32)
    signatures = np.stack([roles, steps, checklist, steps * 0.9 + other * 0.1, roles, other])
    assert pair_translations(chunks, signatures).tolist() == [4, 3, -1, 1, 0, -1]


def test_documents_pair_only_one_to_one_across_languages() -> None:
    same_language = [_chunk("/d/a.en.md", "S", "en"), _chunk("/d/a.en.txt", "S", "en")]
    three_files = [*same_language, _chunk("/d/a.zh.md", "S", "zh")]
    other_folder = [_chunk("/d/a.en.md", "S", "en"), _chunk("/e/a.zh.md", "S", "zh")]
    for chunks in (same_language, three_files, other_folder):
        signatures = np.ones((len(chunks), 2), np.float32)
        assert pair_translations(chunks, signatures).tolist() == [-1] * len(chunks)


# The fake embedder knows no Chinese word from an English one, so these pairs share only the
# codes a translation keeps (part numbers, stations): enough to align them, not to match a query.
SHORTAGE_EN = """# Material shortage

## Steps
1. Pull the andon at station S4 and name part P-100.
2. The water spider checks the supermarket and brings the part.

## Checklist
- [ ] Form F-7 filed before the call is closed
"""
SHORTAGE_ZH = """# 物料短缺

## 步骤
1. 在 S4 工位拉下安灯，报出零件 P-100。
2. 物料员先查超市，再送料。

## 检查清单
- [ ] 已填写 F-7 表
"""
SPILL_EN = """# Chemical spill

## Steps
1. Stop the leak and put absorbent socks around the spill.
"""


@pytest.fixture
def pairs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "shortage.en.md").write_text(SHORTAGE_EN, encoding="utf-8")
    (folder / "shortage.zh.md").write_text(SHORTAGE_ZH, encoding="utf-8")
    (folder / "spill.en.md").write_text(SPILL_EN, encoding="utf-8")
    return folder


def test_an_english_question_finds_the_chinese_section_through_its_translation(
    pairs: Path, tmp_path: Path
) -> None:
    question = "what must be filed before the call is closed?"
    with_pairs = Library([pairs], tmp_path / "a", FakeEmbedder(), bundled=False)
    assert with_pairs.search(question, k=1, language="zh")[0].citation.section == ("检查清单",)

    alone = Library([pairs], tmp_path / "b", FakeEmbedder(), bundled=False, translations=False)
    assert alone.search(question, k=1, language="zh")[0].citation.section != ("检查清单",)


def test_a_section_without_a_translation_is_not_pushed_down_by_pairs(pairs: Path, tmp_path: Path) -> None:
    library = Library([pairs], tmp_path / "i", FakeEmbedder(), bundled=False)
    hits = library.search("absorbent socks around the leak", k=3, language="en")
    assert hits[0].citation.document == "Chemical spill"


def test_translation_scores_are_moved_to_the_sections_language_first() -> None:
    # A Chinese question, English sections: 0 has no translation; 1 and 3 are paired with the
    # Chinese 2 and 4, which score higher only because they are in the question's language.
    fused = np.asarray([1.0, 0.9, 1.5, 0.5, 1.2], np.float32)
    partners = np.asarray([-1, 2, 1, 4, 3])
    languages = np.asarray(["en", "en", "zh", "en", "zh"])
    combined = _with_translations(fused, np.arange(5), partners, languages, "zh")
    english = [0, 1, 3]
    assert max(english, key=lambda row: combined[row]) == 0  # not pushed down by the pairs
    assert combined[1] > combined[3]  # the pair that matches better still ranks higher
