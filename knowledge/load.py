"""Load stage: read Markdown, text, HTML (UTF-8 or GB18030/GBK), Word .docx and PDF files into `Document`s."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from knowledge.errors import KnowledgeError
from knowledge.formats import docx_text, pdf_text
from knowledge.plaintext import plain_headings
from knowledge.types import Document, Language

SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".pdf")
MAX_BYTES = 2_000_000
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)


def detect_language(text: str) -> Language:
    """ "zh" when Chinese characters make up a good share of the letters, else "en".

    >>> detect_language("物料短缺时，先通知物料员。")
    'zh'
    >>> detect_language("Call the water spider first (物料员).")
    'en'
    """
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if han and han * 3 >= latin else "en"


def decode(data: bytes, path: str = "<bytes>") -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (covers GBK).

    >>> decode("安灯".encode("gbk"))
    '安灯'
    >>> decode(b"\\xef\\xbb\\xbfhello")
    'hello'
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise KnowledgeError(
            "binary",
            f"{path} looks like a binary file",
            path=path,
            hint="Only Markdown, text, HTML, Word (.docx) and PDF files can be indexed.",
            hint_zh="只能索引 Markdown、文本、HTML、Word（.docx）和 PDF 文件。",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) <= max(2, len(text) // 200):
            return text
    raise KnowledgeError(
        "undecodable",
        f"{path} is neither UTF-8 nor GB18030/GBK text",
        path=path,
        hint="Save the file as UTF-8 and index again.",
        hint_zh="请将文件另存为 UTF-8 后重新索引。",
    )


class _HtmlToText(HTMLParser):
    """HTML to Markdown-like text: headings become `#` lines, list items `- ` lines."""

    _BLOCK = {"p", "div", "br", "tr", "table", "section", "article", "ul", "ol", "pre", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") or tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Plain text of an HTML page, keeping headings and list items.

    >>> html_to_text("<h1>5 Whys</h1><p>Ask <b>why</b>.</p><ul><li>One</li></ul>")
    '# 5 Whys\\n\\nAsk why.\\n\\n- One'
    """
    parser = _HtmlToText()
    parser.feed(html)
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if parser.title.strip() and not text.startswith("# "):
        text = f"# {parser.title.strip()}\n\n{text}"
    return text


def _text_of(data: bytes, path: str) -> str:
    """A text file's text: decoded; HTML converted to Markdown-like text, plain text given
    Markdown headings where its title and section lines are (`knowledge.plaintext`)."""
    text = decode(data, path)
    if path.lower().endswith((".html", ".htm")):
        return html_to_text(text)
    return plain_headings(text) if path.lower().endswith(".txt") else text


#: How each suffix is read: bytes and the path (for messages) to Markdown-like text.
_READERS: dict[str, Callable[[bytes, str], str]] = {".docx": docx_text, ".pdf": pdf_text}


def title_of(text: str, path: Path) -> str:
    """The first level-1 heading, else the first heading, else the file name.

    >>> title_of("intro\\n## Steps\\n# 5 Whys\\n", Path("x.md"))
    '5 Whys'
    >>> title_of("no headings", Path("/d/shift-handover.en.md"))
    'shift handover'
    """
    headings = _HEADING.findall(text)
    for marks, name in headings:
        if len(marks) == 1:
            return name
    if headings:
        return headings[0][1]
    stem = path.name.split(".")[0]
    return re.sub(r"[-_]+", " ", stem).strip() or path.name


def load(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one file into a `Document`.

    Raises `KnowledgeError` (code "unsupported", "empty", "too_large", "binary",
    "undecodable", "unreadable", and for PDF "encrypted" or "no_text") with a hint for the user.
    """
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise KnowledgeError(
            "unsupported",
            f"{name}: only {', '.join(SUFFIXES)} files are indexed",
            path=name,
            hint="Convert the file to Markdown, text, HTML, Word (.docx) or PDF.",
            hint_zh="请转换为 Markdown、文本、HTML、Word（.docx）或 PDF 格式。",
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise KnowledgeError(
                "too_large",
                f"{name} is {size:,} bytes, over the {max_bytes:,}-byte limit",
                path=name,
                hint="Split the document into smaller files.",
                hint_zh="请把文档拆分成较小的文件。",
            )
        data = path.read_bytes()
    except OSError as error:
        raise KnowledgeError("unreadable", f"{name}: {error.strerror or error}", path=name) from error
    text = _READERS.get(suffix, _text_of)(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise KnowledgeError(
            "empty",
            f"{name} is empty",
            path=name,
            hint="Add some text to the file or remove it.",
            hint_zh="文件为空，请补充内容或删除。",
        )
    tag = path.name.lower().split(".")
    language: Language = "zh" if "zh" in tag[1:-1] else "en" if "en" in tag[1:-1] else detect_language(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Document(path=name, title=title_of(text, path), text=text, language=language, content_hash=digest)


def discover(folders: Iterable[Path]) -> Iterator[Path]:
    """Every indexable file under `folders`, sorted, skipping hidden files and folders."""
    for folder in folders:
        if folder.is_file():
            yield folder
            continue
        if not folder.is_dir():
            raise KnowledgeError(
                "missing_folder",
                f"{folder} is not a folder",
                path=str(folder),
                hint="Check the documents folder (GEMBA_DOCS_DIR or --docs).",
                hint_zh="请检查文档目录（GEMBA_DOCS_DIR 或 --docs）。",
            )
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).parts
            hidden = any(part.startswith(".") for part in relative)
            if path.is_file() and not hidden and path.suffix.lower() in SUFFIXES:
                yield path


def load_all(
    folders: Iterable[Path], *, max_bytes: int = MAX_BYTES
) -> tuple[list[Document], list[KnowledgeError]]:
    """Load every file under `folders`; return the documents and the problems (skipped files).

    A file with the same text as one already loaded is skipped as a "duplicate".
    """
    documents: list[Document] = []
    problems: list[KnowledgeError] = []
    seen: dict[str, str] = {}
    for path in discover(folders):
        try:
            document = load(path, max_bytes=max_bytes)
        except KnowledgeError as error:
            problems.append(error)
            continue
        if document.content_hash in seen:
            problems.append(
                KnowledgeError(
                    "duplicate",
                    f"{path} has the same text as {seen[document.content_hash]}",
                    path=str(path),
                    hint="Remove one of the copies.",
                    hint_zh="请删除其中一个副本。",
                )
            )
            continue
        seen[document.content_hash] = str(path)
        documents.append(document)
    return documents, problems
