"""The USE tokenizer read from its cache tokenizes exactly like the one parsed from the model file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knowledge import use_tokenizer
from knowledge.use_tokenizer import load_tokenizer, parse_tokenizer

TEXTS = [
    "How long do we have to answer an andon call?",
    "物料短缺安灯怎么处理？谁负责审批临时偏离",
    "Andon › Steps: 1. Stop the line; 2. call the leader (within 2 min).",
    "  extra   spaces\tand tabs  ",
    "ＦＵＬＬ－ＷＩＤＴＨ ½ café naïve Ⅻ ﬁ",
    "",
    "🙂 emoji and 한국어 and русский",
]


@pytest.fixture(scope="module")
def parsed() -> Any:
    return parse_tokenizer()


def test_the_cached_tokenizer_gives_the_same_token_ids(tmp_path: Path, parsed: Any) -> None:
    load_tokenizer(tmp_path)  # parses and writes the cache
    assert len(list(tmp_path.iterdir())) == 1
    cached = load_tokenizer(tmp_path)
    assert cached.encode(TEXTS) == parsed.encode(TEXTS)
    assert cached.vocab_size == parsed.vocab_size


def test_a_second_start_reads_the_cache_instead_of_parsing(
    tmp_path: Path, parsed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_tokenizer(tmp_path)

    def no_parsing(model_file: Path | None = None) -> None:
        raise AssertionError("parsed although a cache was there")

    monkeypatch.setattr(use_tokenizer, "parse_tokenizer", no_parsing)
    assert load_tokenizer(tmp_path).encode(TEXTS) == parsed.encode(TEXTS)


def test_a_damaged_cache_is_parsed_again_and_rewritten(tmp_path: Path, parsed: Any) -> None:
    load_tokenizer(tmp_path)
    (cache,) = tmp_path.iterdir()
    good = cache.read_bytes()
    cache.write_bytes(good[: len(good) // 2])
    assert load_tokenizer(tmp_path).encode(TEXTS) == parsed.encode(TEXTS)
    assert cache.read_bytes() == good


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path: Path, parsed: Any) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert load_tokenizer(blocked / "cache").encode(TEXTS) == parsed.encode(TEXTS)
    assert load_tokenizer(None).encode(TEXTS) == parsed.encode(TEXTS)
