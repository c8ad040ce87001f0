from __future__ import annotations

import numpy as np
import pytest

from knowledge import KnowledgeError, make_embedder
from knowledge.embed import E5Embedder, FakeEmbedder, UseEmbedder


def test_fake_is_deterministic_and_normalised() -> None:
    a = FakeEmbedder().embed_passages(["stop the line", "物料短缺"])
    b = FakeEmbedder().embed_queries(["stop the line", "物料短缺"])
    assert np.allclose(a, b) and np.allclose(np.linalg.norm(a, axis=1), 1.0)


def test_unknown_embedder_names_the_choices() -> None:
    with pytest.raises(KnowledgeError) as caught:
        make_embedder("word2vec")
    assert "e5-small" in caught.value.hint


def test_construction_loads_no_model() -> None:
    import knowledge.embed as embed

    before = dict(embed._MODELS)
    make_embedder("e5-small"), make_embedder("use-m3"), make_embedder("st:/nowhere")
    assert before == embed._MODELS


@pytest.mark.parametrize("embedder", [UseEmbedder(), E5Embedder()], ids=["use-m3", "e5-small"])
def test_bundled_models_match_across_languages(embedder: object) -> None:
    passages = embedder.embed_passages(  # type: ignore[attr-defined]
        ["拉下安灯，报出缺少的零件号。", "Clean the machine and look for oil leaks."]
    )
    query = embedder.embed_queries(["which part number is missing at the station?"])[0]  # type: ignore[attr-defined]
    assert passages.shape[1] == embedder.dim  # type: ignore[attr-defined]
    assert passages[0] @ query > passages[1] @ query
