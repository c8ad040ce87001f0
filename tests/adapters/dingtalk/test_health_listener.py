"""`gemba serve dingtalk` in Stream mode has no HTTP server of its own: its `/readyz` and
`/metrics` are on the side listener (`GEMBA_HEALTH_PORT`). A real process against the local
DingTalk; the sample Grafana dashboard uses only metrics this `/metrics` exposes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import APP_KEY, APP_SECRET, ROBOT_CODE, FakeDingTalk
from tests.adapters.processes import free_port, wait_until

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = ROOT / "docs" / "grafana-dashboard.json"
_SUFFIXES = ("_total", "_bucket", "_count", "_sum", "_created")


def _serve(dingtalk: FakeDingTalk, store_url: str, cwd: Path, health_port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GEMBA_DATABASE_URL": store_url,
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "DINGTALK_CLIENT_ID": APP_KEY,
        "DINGTALK_CLIENT_SECRET": APP_SECRET,
        "DINGTALK_ROBOT_CODE": ROBOT_CODE,
        "GEMBA_DINGTALK_API_URL": dingtalk.base_url,
        "GEMBA_DINGTALK_OAPI_URL": dingtalk.base_url,
        "GEMBA_SCHEDULER_ENABLED": "false",
        "GEMBA_EMBEDDER": "fake",
        "GEMBA_HEALTH_PORT": str(health_port),
        "GEMBA_LOG_FORMAT": "json",
    }
    command = [sys.executable, "-c", "from adapters.cli.main import main; main()", "serve", "dingtalk"]
    return subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _get(url: str) -> httpx.Response | None:
    try:
        return httpx.get(url, timeout=5)
    except httpx.HTTPError:
        return None


def _metrics(url: str) -> tuple[set[str], dict[str, float]]:
    """Family names and the value of each unlabelled sample."""
    families = list(text_string_to_metric_families(httpx.get(f"{url}/metrics").text))
    values = {s.name: s.value for f in families for s in f.samples if not s.labels}
    return {f.name for f in families} | {s.name for f in families for s in f.samples}, values


def dashboard_metrics() -> set[str]:
    """Every Gemba or process metric a panel of the sample dashboard queries."""
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    return {name for expr in exprs for name in re.findall(r"\b(?:gemba|process)_[a-z_]+\b", expr)}


def test_stream_mode_serves_readyz_and_metrics_on_the_side_port(
    dingtalk: FakeDingTalk, plant_db: str, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = _serve(dingtalk, plant_db, tmp_path, port)
    try:
        ready = wait_until(
            lambda: (
                ((r := _get(f"{url}/readyz")) is not None and r.status_code == 200 and r)
                or process.poll() is not None
            ),
            timeout=60,
        )
        assert process.poll() is None, "the server did not start"
        assert ready.json()["checks"] == {"store": "ok", "migrations": "ok", "index": "ok", "platform": "ok"}

        dingtalk.send_callback(robot_message(dingtalk.base_url, "安灯 L3 WD-03 缺料", session="s-health"))
        wait_until(lambda: dingtalk.calls_to("/session/s-health"), timeout=30)
        _, values = _metrics(url)
        assert values["gemba_dingtalk_stream_reconnects_total"] == 0

        dingtalk.disconnect()  # DingTalk moves the robot to another connection
        wait_until(lambda: _metrics(url)[1]["gemba_dingtalk_stream_reconnects_total"] == 1, timeout=30)
        exposed, values = _metrics(url)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)

    assert values["gemba_store_up"] == 1
    used = dashboard_metrics()
    missing = {name for name in used if name not in exposed and _family(name) not in exposed}
    assert used and not missing, f"the dashboard queries metrics /metrics does not have: {missing}"
    lines = [json.loads(line) for line in stderr.decode().splitlines() if line.strip()]
    assert lines and all({"time", "level", "logger", "message"} <= line.keys() for line in lines)


def _family(sample: str) -> str:
    for suffix in _SUFFIXES:
        if sample.endswith(suffix):
            return sample[: -len(suffix)]
    return sample
