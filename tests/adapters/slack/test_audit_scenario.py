"""A 5S audit end to end over HTTP: a mention starts it, the posted message's buttons walk it,
the results and the problems it opened are posted back (Slack → app → bot.handle → outbox → Web API)."""

from __future__ import annotations

from sqlalchemy import select

from bot.audits.models import FiveSAudit
from bot.services import Services
from bot.store.models import Problem
from tests.adapters.slack.conftest import CHANNEL, SlackSide, click
from tests.adapters.slack.mock_slack import MockSlackApi
from tests.adapters.slack.test_scenarios import _buttons, _fields, mention


def test_a_5s_audit_walked_by_buttons_in_slack(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    slack.event(mention("5s tool room", ts="1795000900.000900"), event_id="Ev5s")
    assert deliver() == 1
    [first] = slack_api.calls_to("chat.postMessage")
    assert first.body["thread_ts"] == "1795000900.000900"
    buttons = _buttons(first.body["blocks"])
    assert list(buttons) == ["1", "2", "3", "4", "5", "Skip", "Cancel audit"]
    assert "Check 1/10 · Sort (Seiri)" in first.body["text"]

    ts = "1795000900.000900"
    for n, label in enumerate(["2", "4", "4", "4", "4", "4", "4", "4", "4", "4"]):
        value = buttons[label]
        assert (
            slack.interaction(click(slack_api, value=value, message_ts=ts, user="U0ANA")).status_code == 200
        )
        deliver()
        answer = slack_api.calls[-1]
        text = answer.body.get("text", "")
        if n < 9:
            assert f"Check {n + 2}/10" in text, text
            buttons = _buttons(answer.body["blocks"])
    with services.sessions() as session:
        audit = session.scalars(select(FiveSAudit).order_by(FiveSAudit.id.desc())).first()
        assert audit is not None and audit.status == "done" and audit.platform == "slack"
        [problem] = session.scalars(
            select(Problem).where(Problem.category == "5s", Problem.platform == "slack")
        )
    assert "5S audit" in text and "overall *3.8/5*" in text and f"P{problem.id}" in text
    assert "Sort (Seiri)" in _fields(answer.body["blocks"]) and "Overall" in _fields(answer.body["blocks"])
    card = [p for p in slack_api.in_channel(CHANNEL) if f"P{problem.id}" in p.text]
    assert card, "the problem's card is posted to the channel"
