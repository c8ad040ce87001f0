"""Word (.docx) and PDF ingest: real files built in the test, loaded and chunked as users see them."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from knowledge import FakeEmbedder, Library
from knowledge.chunk import chunk
from knowledge.errors import KnowledgeError
from knowledge.load import load, load_all


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(*pages: list[str]) -> bytes:
    """A minimal valid PDF: one page per list of lines, in Helvetica; an empty list draws only a
    grey box, like a scanned page with no text layer."""
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", font]
    kids = []
    for lines in pages:
        shown = " ".join(f"({_escape(line)}) Tj T*" for line in lines)
        body = f"BT /F1 12 Tf 16 TL 72 760 Td {shown} ET" if lines else "0.5 g 72 72 400 600 re f"
        objects.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("cp1252")  # WinAnsiEncoding
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted(
    pdf: bytes, user_password: str, owner_password: str = "owner", algorithm: str = "RC4-128"
) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password, owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


RED_TAG = [
    "# Red tag",
    "Tag every item that is not needed in the work area.",
    "## Steps",
    "\u2022 Tag the item with the date",
    "\u2022 Move it to the red-tag area",
]


def smed_docx(path: Path) -> Path:
    """A Chinese changeover playbook: title, intro, a heading, bullets, a table, a subheading."""
    document = docx.Document()
    document.add_heading("快速换模", 0)
    document.add_paragraph("换模时间目标为十分钟以内，外部作业在停机前完成。")
    document.add_heading("步骤", 1)
    document.add_paragraph("停机前把模具和工具备好", style="List Bullet")
    document.add_paragraph("换模后首件检验合格再开机", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("项目", "时间"), ("内部作业", "8 分钟")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_heading("检查", 2)
    document.add_paragraph("记录每次换模的实际时间。")
    document.save(path)
    return path


def test_docx_headings_lists_and_tables_become_markdown(tmp_path: Path) -> None:
    document = load(smed_docx(tmp_path / "smed.docx"))
    assert document.title == "快速换模"
    assert document.language == "zh"
    assert "- 停机前把模具和工具备好\n- 换模后首件检验合格再开机" in document.text
    assert "项目 | 时间\n内部作业 | 8 分钟" in document.text
    # document order: the table comes after the list and before the next heading
    text = document.text
    assert text.index("- 换模后") < text.index("项目 | 时间") < text.index("## 检查")
    citations = {c.citation: c.text for c in chunk(document)}
    assert "快速换模 › 步骤" in citations and "内部作业 | 8 分钟" in citations["快速换模 › 步骤"]
    assert "记录每次换模的实际时间" in citations["快速换模 › 步骤 › 检查"]


def test_docx_without_headings_takes_its_title_from_the_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Walk the line at the start of every shift.")
    document.core_properties.title = "Gemba walk"
    document.save(tmp_path / "walk.docx")
    loaded = load(tmp_path / "walk.docx")
    assert loaded.title == "Gemba walk" and loaded.language == "en"
    assert [c.citation for c in chunk(loaded)] == ["Gemba walk"]


def test_docx_without_title_or_headings_is_named_after_the_file(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Sort, set in order, shine.")
    document.save(tmp_path / "five-s_audit.docx")
    assert load(tmp_path / "five-s_audit.docx").title == "five s audit"


def test_empty_docx_is_reported_as_empty(tmp_path: Path) -> None:
    docx.Document().save(tmp_path / "blank.docx")
    with pytest.raises(KnowledgeError) as caught:
        load(tmp_path / "blank.docx")
    assert caught.value.code == "empty"


def test_pdf_pages_become_text_and_markdown_headings_become_sections(tmp_path: Path) -> None:
    path = tmp_path / "red-tag.pdf"
    path.write_bytes(make_pdf(RED_TAG, ["Review the red-tag area every week."]))
    document = load(path)
    assert document.title == "Red tag" and document.language == "en"
    assert "- Tag the item with the date\n- Move it to the red-tag area" in document.text
    assert document.text.endswith("red-tag area\n\nReview the red-tag area every week.")
    citations = [c.citation for c in chunk(document)]
    assert citations == ["Red tag", "Red tag › Steps"]


def test_pdf_drops_a_header_and_page_numbers_repeated_on_every_page(tmp_path: Path) -> None:
    pages = [["ACME plant", f"Step {n} of the audit.", f"Page {n} of 3"] for n in (1, 2, 3)]
    path = tmp_path / "audit.pdf"
    path.write_bytes(make_pdf(*pages))
    document = load(path)
    assert document.text == "Step 1 of the audit.\n\nStep 2 of the audit.\n\nStep 3 of the audit."
    assert document.title == "audit"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_an_owner_password_only_is_read(tmp_path: Path, algorithm: str) -> None:
    # Print/copy restrictions only: anyone can open it, so it must be indexed.
    path = tmp_path / "locked-print.pdf"
    path.write_bytes(encrypted(make_pdf(RED_TAG), user_password="", algorithm=algorithm))
    assert load(path).title == "Red tag"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("secret.pdf", encrypted(make_pdf(RED_TAG), user_password="secret"), "encrypted"),
        ("corrupt.pdf", bytes(range(256)) * 8, "unreadable"),
        ("truncated.pdf", make_pdf(RED_TAG)[:300], "unreadable"),
        ("scan.pdf", make_pdf([], []), "no_text"),
        ("corrupt.docx", b"PK\x03\x04" + bytes(range(256)), "unreadable"),
        ("old-word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "unreadable"),
    ],
)
def test_bad_pdf_and_docx_files_get_a_clear_error(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(KnowledgeError) as caught:
        load(path)
    assert caught.value.code == code
    assert name in str(caught.value) and caught.value.hint and caught.value.hint_zh != caught.value.hint


def test_scanned_pdf_error_says_there_is_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([]))
    with pytest.raises(KnowledgeError) as caught:
        load(path)
    assert "no text layer" in str(caught.value) and "OCR" in caught.value.hint


def test_byte_cap_applies_to_pdf_and_docx(tmp_path: Path) -> None:
    smed_docx(tmp_path / "smed.docx")
    (tmp_path / "red-tag.pdf").write_bytes(make_pdf(RED_TAG))
    for name in ("smed.docx", "red-tag.pdf"):
        with pytest.raises(KnowledgeError) as caught:
            load(tmp_path / name, max_bytes=100)
        assert caught.value.code == "too_large"


def test_a_docx_that_unpacks_to_too_much_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    # 60 MB of zeros compress to about 60 KB: small on disk, a zip bomb in memory.
    smed_docx(tmp_path / "smed.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(tmp_path / "smed.docx") as original, zipfile.ZipFile(bomb, "w") as packed:
        for member in original.infolist():
            packed.writestr(member, original.read(member.filename), zipfile.ZIP_DEFLATED)
        packed.writestr("word/media/padding.bin", bytes(60_000_000), zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(KnowledgeError) as caught:
        load(bomb)
    assert caught.value.code == "too_large" and "unpacks to 60," in str(caught.value)
    assert load(tmp_path / "smed.docx").title == "快速换模"


def test_load_all_keeps_the_good_file_and_reports_the_bad_one(tmp_path: Path) -> None:
    smed_docx(tmp_path / "smed.docx")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    documents, problems = load_all([tmp_path])
    assert [d.title for d in documents] == ["快速换模"]
    assert [(p.code, Path(p.path or "").name) for p in problems] == [("unreadable", "broken.pdf")]


def test_library_finds_a_sentence_from_a_docx(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    document = docx.Document()
    document.add_heading("Die change", 0)
    document.add_heading("Steps", 1)
    document.add_paragraph("Preheat the die in the oven before the press stops.", style="List Bullet")
    document.add_paragraph("Torque every clamp bolt to 80 newton metres.", style="List Bullet")
    document.save(folder / "die-change.docx")
    smed_docx(folder / "smed.docx")
    library = Library([folder], tmp_path / "index", FakeEmbedder(), bundled=False)
    hits = library.search("preheat the die in the oven", k=3)
    assert hits[0].chunk.source.endswith("die-change.docx")
    assert str(hits[0].citation) == "Die change › Steps"
    assert "Preheat the die in the oven" in hits[0].chunk.text


def test_importing_knowledge_does_not_import_the_format_parsers() -> None:
    code = "import sys, knowledge; print(sorted({'pypdf', 'docx'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
