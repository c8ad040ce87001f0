"""`gemba chat` numbers the buttons it shows; typing a number presses that button."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from adapters.cli.main import app


def test_typing_a_buttons_number_presses_it(tmp_path: Path) -> None:
    env = {
        "GEMBA_DATABASE_URL": f"sqlite:///{tmp_path / 'gemba.db'}",
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "GEMBA_EMBEDDER": "fake",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),  # the code under test, in a worktree too
    }
    result = CliRunner().invoke(app, ["demo-data", "--end-date", "2026-11-21"], env=env)
    assert result.exit_code == 0, result.output
    # Raise a call, press [1] (Acknowledge) on its card; a Chinese call, press [2] (解决);
    # a number no button has is an ordinary message.
    script = "andon L3 WD-03 kanban empty\n1\n安灯 L2 缺料\n2\n7\nquit\n"
    done = subprocess.run(
        [sys.executable, "-c", "from adapters.cli.main import main; main()", "chat", "--user", "ana"],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "[1] Acknowledge  [2] Resolve  [3] Escalate" in out
    assert "↳ ack A" in out and " acknowledged by ana at " in out
    assert "[1] 确认  [2] 解决  [3] 升级" in out
    assert "↳ resolve A" in out and "已由 ana 于" in out and "解决。" in out  # answered in Chinese
    assert out.count("↳") == 2  # "7" pressed nothing
