"""Whether an index on disk is the one its folders and embedder would build, without loading it.

An index's inputs are its documents, the embedder and the index format (with the
chunker). Their content hash, the fingerprint, is written next to the index when it is
built (`index_dir/FINGERPRINT`); an index whose recorded fingerprint equals the one
worked out now is up to date, and is loaded as it is. Working it out reads the files'
bytes and nothing else (no parser, no model, no FAISS), so asking costs milliseconds.

The bundled playbooks' index is built once when Gemba is installed (`make setup` runs
`gemba knowledge index --shipped`) into `SHIPPED_INDEX`, inside the installed package.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from knowledge.load import discover

#: Version of the files an index is saved as; an index of another format is rebuilt.
FORMAT = 2
#: Bump when chunking changes, so old vectors are not reused for new chunks.
CHUNKER = "headings-1/units-1"
#: The playbooks shipped with Gemba.
BUNDLED = Path(__file__).resolve().parent / "playbooks"
#: Where the index of the bundled playbooks is built when Gemba is installed.
SHIPPED_INDEX = Path(__file__).resolve().parent / "shipped_index"
#: The file, in an index folder, holding the fingerprint of what the index was built from.
FINGERPRINT_FILE = "FINGERPRINT"


def library_folders(folders: Iterable[str | Path], *, bundled: bool) -> list[Path]:
    """The folders a library indexes: the bundled playbooks first (when `bundled`), then `folders`.

    >>> [p.name for p in library_folders(["docs", ""], bundled=True)]
    ['playbooks', 'docs']
    """
    return ([BUNDLED] if bundled else []) + [Path(f) for f in folders if str(f)]


def index_candidates(index_dir: Path, *, bundled: bool, shipped: Path | None = SHIPPED_INDEX) -> list[Path]:
    """Where a library's up-to-date index may be: the shipped index (for a library of the
    bundled playbooks), then its own `index_dir`."""
    return [shipped, index_dir] if bundled and shipped is not None else [index_dir]


def fingerprint(folders: Iterable[Path], embedder: str) -> str:
    """The content hash of an index's inputs: every indexable file under `folders` (its
    path relative to its folder and its bytes), the embedder's name, the format and the chunker.

    Raises `KnowledgeError` ("missing_folder") when a folder does not exist.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("# A")
    >>> fingerprint([folder], "e5-small") == fingerprint([folder], "use-m3")
    False
    """
    digest = hashlib.sha256(f"format {FORMAT}\nchunker {CHUNKER}\nembedder {embedder}\n".encode())
    for number, folder in enumerate(folders):
        for path in discover([folder]):
            name = path.name if path == folder else path.relative_to(folder).as_posix()
            digest.update(f"\0{number}/{name}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def recorded(index_dir: Path) -> str | None:
    """The fingerprint recorded with the index in `index_dir`, or None (no index, or none recorded)."""
    try:
        if not (index_dir / "CURRENT").is_file():
            return None
        return (index_dir / FINGERPRINT_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def record(index_dir: Path, value: str) -> None:
    """Record `value` as the fingerprint of the index just saved in `index_dir` (atomically)."""
    staging = index_dir / f".{FINGERPRINT_FILE}.{os.getpid()}.tmp"
    staging.write_text(value + "\n", encoding="utf-8")
    os.replace(staging, index_dir / FINGERPRINT_FILE)


def fresh_index(folders: Sequence[Path], embedder: str, candidates: Sequence[Path]) -> Path | None:
    """The first of `candidates` (index folders) whose index was built from exactly `folders`
    and `embedder`, or None when none is up to date."""
    current = fingerprint(folders, embedder)
    return next((folder for folder in candidates if recorded(folder) == current), None)
