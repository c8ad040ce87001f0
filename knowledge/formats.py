"""Readers of binary document formats (Word .docx, PDF) into Markdown-like text.

Each reader takes the file's bytes and returns text with headings as `#` lines and list
items as `- ` lines, as the chunk stage expects. The parsers are imported inside the
readers, so importing `knowledge` stays fast. Parsers of untrusted files raise many
kinds of exceptions on malformed input; each reader maps them all to `KnowledgeError`.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from knowledge.errors import KnowledgeError

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

#: A .docx is a zip archive: what it unpacks to is capped too (a small file can unpack to
#: gigabytes). Ordinary playbooks unpack to well under 1 MB.
MAX_UNPACKED_BYTES = 50_000_000
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_BULLET = re.compile(r"^[•●▪◦■\uf0b7]\s*")


def _unreadable(path: str, kind: str, error: Exception) -> KnowledgeError:
    return KnowledgeError(
        "unreadable",
        f"{path} is not a readable {kind} file ({type(error).__name__}: {error})",
        path=path,
        hint=f"Open the file in its editor, save it again as {kind}, and index again.",
        hint_zh=f"请用编辑软件打开该文件，重新另存为 {kind} 格式后再索引。",
    )


def _paragraph_line(paragraph: Paragraph) -> tuple[str, str] | None:
    """("heading" / "item" / "text", Markdown line) of a Word paragraph; None when it is blank."""
    text = paragraph.text.strip()
    if not text:
        return None
    style = paragraph.style.name if paragraph.style is not None and paragraph.style.name else ""
    heading = _HEADING_STYLE.match(style.strip())
    if style == "Title" or heading:
        level = min(int(heading.group(1)), 6) if heading else 1
        return "heading", "#" * level + " " + " ".join(text.split())
    if "List" in style:
        return "item", "- " + " ".join(text.split())
    return "text", text


def _table_lines(table: Table) -> str:
    """One line per row, cells joined by " | " (a merged cell once per row)."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a horizontally merged cell is listed once per grid column
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def docx_text(data: bytes, path: str) -> str:
    """Markdown-like text of a Word .docx file, paragraphs and tables in document order.

    Heading styles ("Title", "Heading 1".."Heading 6") become `#` lines, list styles
    `- ` lines, table rows cells joined by " | ". The core-properties title is used as
    the `#` title when the document has no heading. Raises `KnowledgeError`
    ("unreadable") for a file python-docx cannot open.
    """
    import docx
    from docx.text.paragraph import Paragraph

    _check_unpacked_size(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[tuple[str, str]] = []
        for block in document.iter_inner_content():
            entry = _paragraph_line(block) if isinstance(block, Paragraph) else ("table", _table_lines(block))
            if entry and entry[1]:
                blocks.append(entry)
        title = (document.core_properties.title or "").strip()
    except Exception as error:
        raise _unreadable(path, ".docx", error) from error
    if blocks and title and not any(kind == "heading" for kind, _ in blocks):
        blocks.insert(0, ("heading", f"# {title}"))
    text = ""
    for number, (kind, line) in enumerate(blocks):
        if number:  # consecutive list items stay together; other blocks are paragraphs
            text += "\n" if kind == "item" and blocks[number - 1][0] == "item" else "\n\n"
        text += line
    return text


def _check_unpacked_size(data: bytes, path: str) -> None:
    """Raise `KnowledgeError` ("too_large") when a zip archive declares more than
    MAX_UNPACKED_BYTES of content (reading never yields more than a member declares)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _unreadable(path, ".docx", error) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise KnowledgeError(
            "too_large",
            f"{path} unpacks to {unpacked:,} bytes, over the {MAX_UNPACKED_BYTES:,}-byte limit",
            path=path,
            hint="Save the document again without embedded media, or split it into smaller files.",
            hint_zh="请去掉文档中嵌入的图片或媒体后重新保存，或拆分成较小的文件。",
        )


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without a header or footer line repeated on every page (page numbers aside).

    Only when there are at least three pages and the first (or last) line of every page
    is the same once digits are ignored, so a real sentence is never dropped by chance.

    >>> _drop_running_lines([["ACME", f"Step {n}", f"Page {n}"] for n in (1, 2, 3)])
    [['Step 1'], ['Step 2'], ['Step 3']]
    """
    if len(pages) < 3 or not all(pages):
        return pages
    for position in (0, -1):
        same = len({re.sub(r"\d+", "0", page[position]) for page in pages}) == 1
        if same and all(len(page) > 1 for page in pages):
            pages = [page[1:] if position == 0 else page[:-1] for page in pages]
    return pages


def pdf_text(data: bytes, path: str) -> str:
    """The text of a PDF's pages (its text layer), pages separated by blank lines.

    A header or footer repeated on every page is dropped and bullet characters become
    `- `; no headings are inferred. Raises `KnowledgeError`: "encrypted" when the file
    needs a password, "unreadable" when it is damaged, "no_text" when it has no text
    layer (a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("a password is needed to open it")
        raw = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError) as error:  # DependencyError: a cipher pypdf lacks
        raise KnowledgeError(
            "encrypted",
            f"{path} is an encrypted PDF ({error})",
            path=path,
            hint="Save a copy without password protection (for example, print it to PDF) and index that.",
            hint_zh="请另存一份未加密的副本（例如“打印为 PDF”）后再索引。",
        ) from error
    except Exception as error:
        raise _unreadable(path, "PDF", error) from error
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in raw]
    pages = _drop_running_lines(pages)
    text = "\n\n".join("\n".join(_BULLET.sub("- ", line) for line in page) for page in pages if page)
    if not text.strip():
        raise KnowledgeError(
            "no_text",
            f"{path} has no text layer (it looks like a scanned image)",
            path=path,
            hint="Run OCR on the PDF, or export the original document as text or Word (.docx).",
            hint_zh="该 PDF 没有文字层（可能是扫描件）。请先做 OCR 识别，或从原文档导出文本或 Word。",
        )
    return text
