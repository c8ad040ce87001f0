"""The schema index of a catalog kept in a file, so a new process reads it instead of building it.

Building `SchemaIndex` reads every table, column and stored value through the lexicon: about
20 ms for the sample plant, in every process that answers a question. The file is named by a
fingerprint of everything the index is built from — the catalog's content, the code that
builds it, and the Python that runs that code — so a file is only ever read for the very
catalog and code that wrote it; any change is a new fingerprint, and the index is built again.
It is JSON, not pickle: reading a file in the working folder runs no code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from nl2sql import catalog as catalog_module
from nl2sql import lexicon, link
from nl2sql.catalog import Catalog
from nl2sql.link import SchemaIndex, ValueRef

FORMAT = 2  # of the file; part of the fingerprint
#: The modules whose code decides what the index holds.
_BUILDERS = (catalog_module, lexicon, link)


def cached_index(catalog: Catalog, folder: Path, name: str) -> SchemaIndex:
    """The index of `catalog`, kept on it (see `SchemaIndex.of`): read from `folder` when a file
    there was written for this catalog by this code, else built and written there (with the
    files of older fingerprints of `name` removed). A file that cannot be read or written is
    built again or left unwritten: the cache never makes a question fail."""
    path = folder / f"{name}.index-{fingerprint(catalog)[:24]}.json"
    try:
        return from_dict(catalog, json.loads(path.read_text(encoding="utf-8"))).keep()
    except (OSError, ValueError, KeyError, TypeError):
        pass
    index = SchemaIndex.build(catalog).keep()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}.index-*.json"):
            old.unlink(missing_ok=True)
        scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        scratch.write_text(json.dumps(to_dict(index), ensure_ascii=False), encoding="utf-8")
        os.replace(scratch, path)  # whole or not at all, with other processes writing it too
    except OSError:
        pass
    return index


def fingerprint(catalog: Catalog) -> str:
    """A digest of the catalog's content, the code that builds its index, and the Python version.

    The catalog's `repr` shows every field of every table, column, metric and summary table
    (they are dataclasses, no field left out of it, and hold no sets, whose order would vary).

    >>> from nl2sql.catalog import Column, TableInfo
    >>> one = Catalog("sqlite", {"t": TableInfo("t", [Column("a", "text", values=["x"])])})
    >>> two = Catalog("sqlite", {"t": TableInfo("t", [Column("a", "text", values=["y"])])})
    >>> fingerprint(one) == fingerprint(one), fingerprint(one) == fingerprint(two)
    (True, False)
    """
    digest = hashlib.sha256(f"{FORMAT} {sys.version}\n".encode())
    for module in _BUILDERS:
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(repr(catalog).encode())
    return digest.hexdigest()


def to_dict(index: SchemaIndex) -> dict[str, Any]:
    """A JSON-safe form of `index`, without its catalog (see `from_dict`)."""
    refs: dict[ValueRef, int] = {}

    def ids(found: list[ValueRef]) -> list[int]:
        return [refs.setdefault(ref, len(refs)) for ref in found]

    values = {alias: ids(found) for alias, found in index.values.items()}
    cjk_values = [[alias, ids(found)] for alias, found in index.cjk_values]
    translated = sorted([alias, *ids([ref])] for alias, ref in index.translated)
    return {
        "format": FORMAT,
        "refs": [[r.table, r.column, r.value] for r in refs],
        "values": values,
        "cjk_values": cjk_values,
        "max_value_words": index.max_value_words,
        "translated": translated,
        "table_concepts": {t: sorted(c) for t, c in index.table_concepts.items()},
        "table_name_concepts": {t: sorted(c) for t, c in index.table_name_concepts.items()},
        "column_concepts": [[t, col, sorted(c)] for (t, col), c in index.column_concepts.items()],
        "edges": index.edges,
        "referenced": sorted(index.referenced),
        "metric_phrases": index.metric_phrases,
        "value_counts": index.value_counts,
    }


def from_dict(catalog: Catalog, data: dict[str, Any]) -> SchemaIndex:
    """The index `to_dict` wrote, of `catalog`.

    >>> from nl2sql.catalog import Column, TableInfo
    >>> catalog = Catalog("sqlite", {"lines": TableInfo("lines", [Column("code", "text", values=["L1"])])})
    >>> built = SchemaIndex.build(catalog)
    >>> from_dict(catalog, json.loads(json.dumps(to_dict(built)))) == built
    True
    """
    if data.get("format") != FORMAT:
        raise ValueError("an index of another format")
    refs = [ValueRef(*ref) for ref in data["refs"]]
    return SchemaIndex(
        catalog,
        values={alias: [refs[i] for i in found] for alias, found in data["values"].items()},
        cjk_values=[(alias, [refs[i] for i in found]) for alias, found in data["cjk_values"]],
        max_value_words=data["max_value_words"],
        translated={(alias, refs[i]) for alias, i in data["translated"]},
        table_concepts={t: frozenset(c) for t, c in data["table_concepts"].items()},
        table_name_concepts={t: frozenset(c) for t, c in data["table_name_concepts"].items()},
        column_concepts={(t, col): frozenset(c) for t, col, c in data["column_concepts"]},
        edges={t: [tuple(e) for e in found] for t, found in data["edges"].items()},
        referenced=set(data["referenced"]),
        metric_phrases=[(phrase, name) for phrase, name in data["metric_phrases"]],
        value_counts=data["value_counts"],
    )
