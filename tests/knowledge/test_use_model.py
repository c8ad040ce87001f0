"""The USE model read from its cache embeds exactly like the one loaded from the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge.use_model import load_use

TEXTS = ["How long do we have to answer an andon call?", "物料短缺安灯怎么处理？", "ＦＵＬＬ ½ café"]


@pytest.fixture(scope="module")
def loaded() -> Any:
    return load_use(None)


def test_the_cached_model_embeds_like_the_loaded_one_and_maps_its_table(tmp_path: Path, loaded: Any) -> None:
    first = load_use(tmp_path)  # loads from the package and writes the cache
    cached = load_use(tmp_path)
    assert isinstance(cached._backend.table, np.memmap) and not isinstance(first._backend.table, np.memmap)
    assert np.array_equal(cached.encode(TEXTS), loaded.encode(TEXTS))


def test_a_damaged_weights_cache_is_loaded_again(tmp_path: Path, loaded: Any) -> None:
    load_use(tmp_path)
    (table,) = tmp_path.glob("*/table.npy")
    table.write_bytes(table.read_bytes()[:1000])
    assert np.array_equal(load_use(tmp_path).encode(TEXTS), loaded.encode(TEXTS))
    assert isinstance(load_use(tmp_path)._backend.table, np.memmap)  # rewritten whole
