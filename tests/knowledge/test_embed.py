from __future__ import annotations

import numpy as np
import pytest

from knowledge import KnowledgeError, make_embedder
from knowledge.embed import E5Embedder, FakeEmbedder, SectionEnsemble, UseEmbedder
from knowledge.index import FaissIndex, build
from knowledge.types import Chunk


def test_fake_is_deterministic_and_normalised() -> None:
    a = FakeEmbedder().embed_passages(["stop the line", "物料短缺"])
    b = FakeEmbedder().embed_queries(["stop the line", "物料短缺"])
    assert np.allclose(a, b) and np.allclose(np.linalg.norm(a, axis=1), 1.0)


@pytest.mark.parametrize("spec", ["word2vec", "use-m3+", "use-m3+e5-small+fake"])
def test_unknown_embedder_names_the_choices(spec: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        make_embedder(spec)
    assert "use-m3+e5-small" in caught.value.hint


def test_construction_loads_no_model() -> None:
    import knowledge.embed as embed

    before = dict(embed._MODELS)
    make_embedder("e5-small"), make_embedder("use-m3+e5-small"), make_embedder("st:/nowhere")
    assert before == embed._MODELS


@pytest.mark.parametrize("embedder", [UseEmbedder(), E5Embedder()], ids=["use-m3", "e5-small"])
def test_bundled_models_match_across_languages(embedder: object) -> None:
    passages = embedder.embed_passages(  # type: ignore[attr-defined]
        ["拉下安灯，报出缺少的零件号。", "Clean the machine and look for oil leaks."]
    )
    query = embedder.embed_queries(["which part number is missing at the station?"])[0]  # type: ignore[attr-defined]
    assert passages.shape[1] == embedder.dim  # type: ignore[attr-defined]
    assert passages[0] @ query > passages[1] @ query


def test_ensemble_scores_a_line_plus_its_whole_section(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines, sections = FakeEmbedder(64, "lines"), FakeEmbedder(32, "sections")
    ensemble = SectionEnsemble(lines, sections, weight=2.0)
    text = "## Steps\n1. Stop the line.\n2. Call the leader."
    chunk = Chunk("c", text, "Andon", ("Steps",), "en", "a.md", "h", "d")
    index, _ = build([chunk], ensemble)
    index.save(tmp_path)
    index = FaissIndex.load(tmp_path, embedder="lines+sections")
    query = "stop the line"
    score, unit = index.best_units(
        ensemble.embed_queries([query])[0], [0], section_query=ensemble.embed_section_queries([query])[0]
    )
    own = lines.embed_queries([query])[0] @ lines.embed_passages(["Andon › Steps: Stop the line."])[0]
    around = sections.embed_queries([query])[0] @ sections.embed_passages([chunk.embed_text()])[0]
    assert index.unit_line(int(unit[0])) == "Stop the line."
    assert float(score[0]) == pytest.approx(own + 2.0 * around, abs=2e-3)  # vectors stored as float16


def test_an_ensemble_is_named_by_its_two_models() -> None:
    ensemble = make_embedder("use-m3+e5-small")
    assert isinstance(ensemble, SectionEnsemble) and ensemble.name == "use-m3+e5-small"
    assert (ensemble.dim, ensemble.section_dim) == (512, 384)


def test_an_ensemble_index_embeds_only_the_changed_sections_again() -> None:
    class Counting(FakeEmbedder):
        seen: list[str] = []

        def embed_passages(self, texts):  # type: ignore[no-untyped-def,override]
            self.seen.extend(texts)
            return super().embed_passages(texts)

    sections = Counting(32, "sections")
    ensemble = SectionEnsemble(FakeEmbedder(64, "lines"), sections)
    first = [
        Chunk(str(n), f"## S{n}\n- point {n}", "Doc", (f"S{n}",), "en", "a.md", f"h{n}", "d") for n in (1, 2)
    ]
    old, _ = build(first, ensemble)
    changed = [first[0], Chunk("2", "## S2\n- point two", "Doc", ("S2",), "en", "a.md", "h2b", "d")]
    sections.seen.clear()
    new, report = build(changed, ensemble, previous=old)
    assert report.embedded == 1 and sections.seen == [changed[1].embed_text()]
    assert np.array_equal(new.sections[0], old.sections[0]) and not np.array_equal(
        new.sections[1], old.sections[1]
    )
