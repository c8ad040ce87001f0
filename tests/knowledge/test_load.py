from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.chunk import chunk
from knowledge.errors import KnowledgeError
from knowledge.load import load, load_all


def test_markdown_utf8_title_and_language(docs: Path) -> None:
    document = load(docs / "whys.zh.md")
    assert document.title == "5 个为什么"
    assert document.language == "zh"
    assert len(document.content_hash) == 16


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_chinese_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "handover.txt"
    path.write_bytes("# 交接班\n当面交接，不能只发消息。".encode(encoding))
    document = load(path)
    assert "当面交接" in document.text
    assert document.language == "zh"


def test_html_keeps_headings_and_items(tmp_path: Path) -> None:
    path = tmp_path / "red-tag.html"
    path.write_text(
        "<html><head><title>Red tag</title><style>p{}</style></head><body><h1>Red tag</h1>"
        "<h2>Steps</h2><ol><li>Tag it</li><li>Log it</li></ol><script>x()</script></body></html>"
    )
    document = load(path)
    assert document.title == "Red tag"
    assert "## Steps" in document.text and "- Tag it" in document.text and "x()" not in document.text


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.md", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("slides.pptx", b"PK\x03\x04", "unsupported"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(KnowledgeError) as caught:
        load(path)
    assert caught.value.code == code
    assert name in str(caught.value) and caught.value.hint


def test_huge_file_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("x" * 5000)
    with pytest.raises(KnowledgeError) as caught:
        load(path, max_bytes=1000)
    assert caught.value.code == "too_large" and "1,000" in str(caught.value)


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0x81, 0x30, 0xFF, 0xFE, 0x80, 0x80]) * 50)
    with pytest.raises(KnowledgeError) as caught:
        load(path)
    assert caught.value.code in ("undecodable", "binary")


def test_load_all_skips_bad_and_duplicate_files_and_reports_them(docs: Path) -> None:
    (docs / "zz-copy.md").write_bytes((docs / "material.en.md").read_bytes())
    (docs / "empty.txt").write_text("")
    (docs / ".hidden.md").write_text("# secret")
    documents, problems = load_all([docs])
    assert sorted(Path(d.path).name for d in documents) == ["material.en.md", "whys.zh.md"]
    assert sorted(p.code for p in problems) == ["duplicate", "empty"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as caught:
        load_all([tmp_path / "nope"])
    assert caught.value.code == "missing_folder"


def test_a_plain_text_procedure_keeps_its_title_and_sections(tmp_path: Path) -> None:
    path = tmp_path / "gauges.txt"
    path.write_text(
        "GAUGE CALIBRATION\nProcedure QP-7, Revision 4\n\n1. PURPOSE\n\nEvery gauge is calibrated.\n\n"
        "2. DAILY CHECK\n\nClose the jaws and set zero.\n1. Wipe the jaws.\n2. Check the setting block.\n\n"
        "一、适用范围\n\n本规定适用于总装车间。\n",
        encoding="utf-8",
    )
    document = load(path)
    assert document.title == "GAUGE CALIBRATION"
    assert [c.citation for c in chunk(document)][1:] == [
        "GAUGE CALIBRATION › 1. PURPOSE",
        "GAUGE CALIBRATION › 2. DAILY CHECK",
        "GAUGE CALIBRATION › 一、适用范围",
    ]


def test_plain_text_that_already_has_markdown_headings_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# Notes\n\nSTATUS\n\nAll good.\n", encoding="utf-8")
    assert load(path).text == "# Notes\n\nSTATUS\n\nAll good."
