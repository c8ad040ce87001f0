"""`nl2sql.index_cache`: a schema index read from its file is the index built, and only ever
read for the catalog and code that wrote it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from nl2sql.catalog import Catalog, Column, NamedMetric, Rollup, TableInfo
from nl2sql.index_cache import cached_index, fingerprint
from nl2sql.link import SchemaIndex
from tests.nl2sql.conftest import plant_catalog


def test_the_index_read_from_its_file_is_the_index_built(plant_engine: Engine, tmp_path: Path) -> None:
    written = cached_index(plant_catalog(plant_engine), tmp_path, "plant")
    catalog = plant_catalog(plant_engine)
    read = cached_index(catalog, tmp_path, "plant")
    assert read == SchemaIndex.build(catalog) == dataclasses.replace(written, catalog=catalog)
    assert SchemaIndex.of(catalog) is read, "kept on the catalog"
    assert len(list(tmp_path.glob("plant.index-*.json"))) == 1


def test_a_second_process_reads_the_file(plant_engine: Engine, tmp_path: Path) -> None:
    cached_index(plant_catalog(plant_engine), tmp_path, "plant")
    [path] = tmp_path.glob("plant.index-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["max_value_words"] = 99  # what was read, not built
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cached_index(plant_catalog(plant_engine), tmp_path, "plant").max_value_words == 99


def test_a_changed_catalog_is_indexed_again_and_its_old_file_removed(
    plant_engine: Engine, tmp_path: Path
) -> None:
    cached_index(plant_catalog(plant_engine), tmp_path, "plant")
    [old] = tmp_path.glob("plant.index-*.json")
    catalog = plant_catalog(plant_engine)
    catalog.tables["lines"].synonyms.append("assembly track")
    index = cached_index(catalog, tmp_path, "plant")
    assert "track" in index.table_concepts["lines"]
    assert index == SchemaIndex.build(catalog)
    assert not old.exists() and len(list(tmp_path.glob("plant.index-*.json"))) == 1


def test_an_unreadable_file_is_built_again(plant_engine: Engine, tmp_path: Path) -> None:
    cached_index(plant_catalog(plant_engine), tmp_path, "plant")
    [path] = tmp_path.glob("plant.index-*.json")
    path.write_text('{"format": 1, "refs": [', encoding="utf-8")
    catalog = plant_catalog(plant_engine)
    assert cached_index(catalog, tmp_path, "plant") == SchemaIndex.build(catalog)
    assert path.read_text(encoding="utf-8").endswith("}")


@pytest.mark.parametrize("kind", [Catalog, TableInfo, Column, NamedMetric, Rollup])
def test_the_fingerprint_shows_every_field_in_a_fixed_order(kind: type) -> None:
    # The fingerprint digests the catalog's repr: a field left out of it, or a set (whose
    # order varies between processes), would let a file be read for another catalog.
    for f in dataclasses.fields(kind):
        assert f.repr, f"{kind.__name__}.{f.name} is left out of repr"
        assert "set" not in str(f.type), f"{kind.__name__}.{f.name} holds a set"


def test_a_comment_or_a_hidden_column_is_a_new_fingerprint() -> None:
    def catalog(**column: object) -> Catalog:
        return Catalog("sqlite", {"t": TableInfo("t", [Column("a", "text", **column)])})  # type: ignore[arg-type]

    prints = {fingerprint(catalog()), fingerprint(catalog(comment="x")), fingerprint(catalog(hidden=True))}
    assert len(prints) == 3
