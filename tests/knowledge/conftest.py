"""Shared fixtures: small document folders and a library on the fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import FakeEmbedder, Library

EN = """# Andon response: material shortage

## Purpose
Keep the line running when a part is about to run out.

## Steps
1. Pull the andon and state the part number.
2. The water spider checks the supermarket.
3. Deliver the part to the point of use.
4. Record the cause before closing the call.
"""

ZH = """# 5 个为什么

## 步骤
1. 到现场查看零件和设备。
2. 把问题写成可衡量的描述。
3. 反复追问为什么，直到流程层面的原因。
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "material.en.md").write_text(EN, encoding="utf-8")
    (folder / "whys.zh.md").write_text(ZH, encoding="utf-8")
    return folder


@pytest.fixture
def library(docs: Path, tmp_path: Path) -> Library:
    return Library([docs], tmp_path / "index", FakeEmbedder(), bundled=False)
