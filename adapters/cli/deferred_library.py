"""A playbook library that is built on first use, so a command that never reaches the
playbooks never loads the knowledge stack (FAISS, NumPy, BM25, the tokenizers: about a
second of imports on a small machine)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge import Library


class DeferredLibrary:
    """Stands for the `knowledge.Library` that `make` returns: the first attribute asked
    for (`answer`, `search`, `link`, `embedder`, `ensure_index`…) builds it, once, and every
    attribute is the real library's from then on."""

    def __init__(self, make: Callable[[], Library]) -> None:
        self._make = make
        self._library: Library | None = None
        self._lock = threading.Lock()

    @property
    def library(self) -> Library:
        """The real library (built now if it was not yet)."""
        if self._library is None:
            with self._lock:
                if self._library is None:
                    self._library = self._make()
        return self._library

    @property
    def built(self) -> bool:
        """Whether the real library has been built (the knowledge stack imported)."""
        return self._library is not None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.library, name)
