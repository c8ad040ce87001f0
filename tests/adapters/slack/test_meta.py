"""House rules of the Slack adapter: its docstring examples hold (pytest collects doctests
only under bot/, nl2sql/ and knowledge/), and the CLI and the manifest match the app."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["inbound", "modal", "render", "server"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"adapters.slack.{name}")
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def test_the_cli_has_serve_slack() -> None:
    from typer.testing import CliRunner

    from adapters.cli.main import app

    result = CliRunner().invoke(app, ["serve", "slack", "--help"])
    assert result.exit_code == 0
    assert "--socket" in result.output and "--port" in result.output


def test_the_manifest_asks_for_what_the_app_uses() -> None:
    from pathlib import Path

    import yaml

    from adapters.slack.inbound import COMMANDS
    from adapters.slack.installation import BOT_SCOPES

    manifest = yaml.safe_load((Path(__file__).parents[3] / "adapters/slack/manifest.yaml").read_text())
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES
    assert tuple(c["command"] for c in manifest["features"]["slash_commands"]) == COMMANDS
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    urls = [c["url"] for c in manifest["features"]["slash_commands"]]
    urls += [manifest["settings"]["interactivity"]["request_url"]]
    assert {u.rsplit("/", 2)[-2:] == ["slack", "events"] for u in urls} == {True}
