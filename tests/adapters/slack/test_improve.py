"""A project in Slack, end to end over HTTP through the recorded Web API: the project with
its buttons, a button pressed to measure the figure again, and the A3 uploaded as a PNG."""

from __future__ import annotations

import json

from bot.services import Services
from tests.adapters.slack.conftest import CHANNEL, SlackSide, click
from tests.adapters.slack.mock_slack import MockSlackApi
from tests.adapters.slack.test_scenarios import _buttons, mention


def test_a_project_is_shown_measured_and_summed_up_as_an_a3_in_slack(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    slack.event(mention("improve J3", ts="1795000300.000300"), event_id="EvImprove")
    assert deliver() == 1
    [shown] = slack_api.in_channel(CHANNEL)
    assert "Stage: Check" in shown.text and "the figure measured again" in shown.text
    assert _buttons(shown.blocks) == {"Measure again": "improve J3 check", "A3": "improve J3 a3"}

    slack.interaction(click(slack_api, value="improve J3 check", message_ts=shown.ts, user="U0BO"))
    deliver()
    answers = [c.body for c in slack_api.calls if c.path.startswith(("response/", "chat.postMessage"))]
    checked = next(a for a in answers if "J3 check:" in str(a.get("text", "")))
    assert "Scrap pieces per week · L5" in checked["text"] and "→ after" in checked["text"]
    assert "The gate of Check is open" in checked["text"]

    slack.event(mention("improve J3 a3", ts="1795000400.000400"), event_id="EvA3")
    deliver()
    a3 = slack_api.in_channel(CHANNEL)[-1]
    assert "A3 · J3 · 降低5号线报废" in a3.text and "4 · Root cause: 5 Whys" in a3.text
    [complete] = slack_api.calls_to("files.completeUploadExternal")
    assert json.loads(complete.body["files"])[0]["title"] == "A3 · J3 · 降低5号线报废"
    [upload] = [c for c in slack_api.calls if c.path.startswith("upload/")]
    assert upload.body["bytes"] > 20_000  # a page, not a placeholder
