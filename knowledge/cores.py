"""How many cores a short computation may use: all of them, unless other processes are busy.

OpenMP threads wait for each other at every step. When another process keeps a core busy,
a thread of ours waits for a core, and the others spin until it comes back: on 2 cores,
E5 took p95 200 ms per query with two threads and 39 ms with one (quiet: 28 ms with two).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

#: How long a reading of the machine's load stays current, in seconds.
WINDOW_SECONDS = 0.5
#: Other processes using more than this many cores leave us one.
BUSY_CORES = 0.5


class CoreWatch:
    """Reads how much CPU other processes used lately (Linux `/proc/stat` less this process).

    Where `/proc/stat` cannot be read, every core is free.
    """

    def __init__(self, stat: Path = Path("/proc/stat"), window: float = WINDOW_SECONDS) -> None:
        self._stat = stat
        self._window = window
        self._lock = threading.Lock()
        self._last: tuple[float, float, float] | None = None  # (clock, busy seconds, own seconds)
        self._others_busy = False

    def _reading(self) -> tuple[float, float, float] | None:
        try:
            fields = [int(x) for x in self._stat.read_text().split("\n", 1)[0].split()[1:]]
        except (OSError, ValueError):
            return None
        ticks = os.sysconf("SC_CLK_TCK")
        idle = sum(fields[3:5])  # idle and iowait
        own = os.times()
        return time.monotonic(), (sum(fields[:8]) - idle) / ticks, own.user + own.system

    def free_cores(self) -> int:
        """All cores, or one when other processes kept more than `BUSY_CORES` busy lately."""
        cores = os.cpu_count() or 1
        with self._lock:
            now = self._reading()
            if now is None:
                return cores
            if self._last is None or now[0] - self._last[0] >= self._window:
                if self._last is not None:
                    elapsed = now[0] - self._last[0]
                    others = (now[1] - self._last[1]) - (now[2] - self._last[2])
                    self._others_busy = others / elapsed > BUSY_CORES
                self._last = now
            return 1 if self._others_busy else cores
