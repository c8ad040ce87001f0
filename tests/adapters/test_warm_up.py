"""`gemba chat` and `gemba serve` bring the playbook index up to date in the background at start."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from pathlib import Path

import pytest

from adapters.cli.wiring import warm_up_knowledge
from bot.services import Services
from knowledge import FakeEmbedder, Library
from tests.adapters.dingtalk.fake_dingtalk import wait_until


def _warm_up_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "knowledge-warm-up"]


def test_the_index_is_built_before_the_first_question(services: Services, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tpm.en.md").write_text("# TPM\n## Steps\n1. Clean the machine and look for leaks.\n", "utf-8")
    library = Library([docs], tmp_path / "index", FakeEmbedder(), bundled=False)
    services.knowledge = library
    warm_up_knowledge(services)
    wait_until(lambda: not _warm_up_threads(), timeout=30)
    assert library.status()["state"] == "ready" and library.last_report is not None


def test_a_library_that_cannot_load_is_logged_and_the_start_goes_on(
    services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(FakeEmbedder):
        def embed_passages(self, texts):  # type: ignore[no-untyped-def,override]
            raise RuntimeError("model file missing")

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.en.md").write_text("# A\n## Steps\n1. Do it.\n", "utf-8")
    services.knowledge = Library([docs], tmp_path / "index", Broken(), bundled=False)
    with caplog.at_level(logging.WARNING, logger="gemba"):
        warm_up_knowledge(services)
        wait_until(lambda: not _warm_up_threads(), timeout=30)
    assert "playbook index could not be loaded" in caplog.text


def test_warm_up_loads_the_models_so_the_first_question_loads_nothing(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import knowledge.embed as embed

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tpm.en.md").write_text("# TPM\n## Steps\n1. Clean the machine and look for leaks.\n", "utf-8")
    Library([docs], tmp_path / "index", bundled=False).ensure_index()  # built before: a start only loads it
    # A new process, as far as models go: nothing loaded, loads counted from zero.
    monkeypatch.setattr(embed, "_MODELS", {})
    monkeypatch.setattr(embed, "LOADS", Counter())
    library = Library([docs], tmp_path / "index", bundled=False)  # the default models
    services.knowledge = library
    warm_up_knowledge(services)
    wait_until(lambda: not _warm_up_threads(), timeout=300)
    loaded = dict(embed.LOADS)
    assert {"use-m3", "e5-small"} <= set(loaded)
    assert library.search("the machine is leaking oil", k=1)[0].chunk.title == "TPM"
    assert library.search("机器漏油怎么办", k=1)[0].chunk.title == "TPM"
    assert dict(embed.LOADS) == loaded
    assert any((tmp_path / "index" / "cache").iterdir())  # the tokenizer, parsed once
