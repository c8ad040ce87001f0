"""The embedder's thread count follows what other processes do with the cores."""

from __future__ import annotations

import os
import time
from pathlib import Path

from knowledge.cores import CoreWatch


def _write_stat(path: Path, busy_seconds: float, idle_seconds: float) -> None:
    busy, idle = (round(seconds * os.sysconf("SC_CLK_TCK")) for seconds in (busy_seconds, idle_seconds))
    path.write_text(f"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\ncpu0 1\n")


def test_busy_neighbours_leave_one_core_and_quiet_ones_all(tmp_path: Path) -> None:
    stat, cores = tmp_path / "stat", os.cpu_count() or 1
    watch = CoreWatch(stat, window=0.05)
    _write_stat(stat, 100, 100)
    assert watch.free_cores() == cores
    time.sleep(0.1)
    _write_stat(stat, 100.2, 100)  # others kept two cores busy for 0.1 s
    assert watch.free_cores() == 1
    time.sleep(0.1)
    _write_stat(stat, 100.2, 100.2)  # then nothing ran
    assert watch.free_cores() == cores


def test_without_proc_stat_every_core_is_free(tmp_path: Path) -> None:
    assert CoreWatch(tmp_path / "missing").free_cores() == (os.cpu_count() or 1)
