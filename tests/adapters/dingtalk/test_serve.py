"""`gemba serve dingtalk`, as an operator runs it, against the local DingTalk."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from adapters.dingtalk.sign import sign
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import APP_KEY, APP_SECRET, ROBOT_CODE, FakeDingTalk
from tests.adapters.processes import wait_until


def _gemba(dingtalk: FakeDingTalk, plant_db: str, cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GEMBA_DATABASE_URL": plant_db,
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "DINGTALK_CLIENT_ID": APP_KEY,
        "DINGTALK_CLIENT_SECRET": APP_SECRET,
        "DINGTALK_ROBOT_CODE": ROBOT_CODE,
        "GEMBA_DINGTALK_API_URL": dingtalk.base_url,
        "GEMBA_DINGTALK_OAPI_URL": dingtalk.base_url,
        "GEMBA_SCHEDULER_ENABLED": "false",
        # The playbook link in the andon reply is tested with the real models elsewhere; here the
        # fake embedder keeps the first reply from waiting for the bundled models to index.
        "GEMBA_EMBEDDER": "fake",
    }
    command = [sys.executable, "-c", "from adapters.cli.main import main; main()", "serve", "dingtalk", *args]
    root = Path(__file__).resolve().parents[3]
    env["PYTHONPATH"] = str(root)
    return subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen[bytes]) -> str:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    return output.decode()


def test_stream_mode_answers_and_stops_cleanly(dingtalk: FakeDingTalk, plant_db: str, tmp_path: Path) -> None:
    process = _gemba(dingtalk, plant_db, tmp_path)
    try:
        wait_until(lambda: dingtalk.used_tickets or process.poll() is not None, timeout=60)
        dingtalk.send_callback(robot_message(dingtalk.base_url, "安灯 L3 WD-03 缺料", session="s-cli"))
        reply = wait_until(lambda: dingtalk.calls_to("/session/s-cli"), timeout=30)[0].body
        wait_until(lambda: dingtalk.calls_to("/v1.0/robot/groupMessages/send"))  # the card, via the outbox
    finally:
        output = _stop(process)
    assert "安灯 A" in reply["markdown"]["text"], output
    assert process.returncode == 0, output


def test_http_mode_serves_the_callback(dingtalk: FakeDingTalk, plant_db: str, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = _gemba(dingtalk, plant_db, tmp_path, "--http", "--port", str(port), "--host", "127.0.0.1")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _up(url) or process.poll() is not None, timeout=60)
        timestamp = int(time.time() * 1000)
        response = httpx.post(
            f"{url}/dingtalk/callback",
            json=robot_message(dingtalk.base_url, "帮助", session="s-cli-http"),
            headers={"timestamp": str(timestamp), "sign": sign(APP_SECRET, timestamp)},
            timeout=30,
        )
        assert response.status_code == 200
        wait_until(lambda: dingtalk.calls_to("/session/s-cli-http"), timeout=30)
    finally:
        output = _stop(process)
    assert process.returncode == 0, output


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz").status_code == 200
    except httpx.HTTPError:
        return False
