"""`gemba serve board` refuses a store whose schema is not current, and says what to run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.adapters.web.conftest import ROOT


def test_serve_board_refuses_a_store_that_is_not_upgraded(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GEMBA_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}",
        "GEMBA_EMBEDDER": "fake",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from adapters.cli.main import main; main()", "serve", "board", "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert "run `gemba db upgrade` first" in result.stderr
