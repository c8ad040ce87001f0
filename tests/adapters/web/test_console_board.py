"""`gemba chat --board`: the console as before, with the web board served beside it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

from tests.adapters.processes import wait_until
from tests.adapters.web.conftest import ROOT


def test_the_console_serves_the_board_and_a_call_raised_there_shows_on_it(
    plant_db: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "GEMBA_DATABASE_URL": plant_db,
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "GEMBA_EMBEDDER": "fake",
        "GEMBA_BOARD_PORT": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from adapters.cli.main import main; main()",
            "chat",
            "--user",
            "ana",
            "--board",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert process.stdout is not None and process.stdin is not None
        banner = process.stdout.readline()
        found = re.fullmatch(r"Board: (http://127\.0\.0\.1:\d+)/board\n", banner)
        assert found, banner
        url = found.group(1)
        assert "WD-03" in httpx.get(f"{url}/board/L3").text
        process.stdin.write("andon L3 WD-03 kanban empty\n")
        process.stdin.flush()
        wait_until(lambda: 'data-station="WD-03" data-state="raised"' in httpx.get(f"{url}/board/L3").text)
        output, errors = process.communicate("quit\n", timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, errors
    assert "raised on Line 3 › WD-03" in output
    assert not _answers(url)


def _answers(url: str) -> bool:
    try:
        httpx.get(f"{url}/healthz", timeout=2)
    except httpx.HTTPError:
        return False
    return True
