"""A tier meeting in Slack, end to end: the scheduled board posted to the line's channel with
its buttons, then a ✅ pressed on it (a signed `block_actions` request) and its answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.digest import parse_channels
from bot.services import Services
from bot.tier.models import TierAttendance, TierMeeting
from bot.tier.post import post_boards
from tests.adapters.slack.conftest import CHANNEL, SlackSide, click
from tests.adapters.slack.mock_slack import MockSlackApi


def _buttons(blocks: list[dict]) -> dict[str, str]:
    return {e["text"]["text"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def _fields(blocks: list[dict]) -> str:
    return " ".join(f["text"] for b in blocks if "fields" in b for f in b["fields"])


def test_the_board_is_posted_and_a_tick_is_recorded_once(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    fire = datetime(2026, 11, 20, 23, 45)  # Saturday 07:45 in the plant
    assert post_boards(services, parse_channels(f"slack:{CHANNEL}:en:L3"), fire)
    assert deliver() == 1
    [board] = slack_api.in_channel(CHANNEL)
    with services.sessions() as session:
        meeting = session.scalars(select(TierMeeting).where(TierMeeting.scheduled_for == fire)).one()
    ref = f"T{meeting.id}"
    assert board.text.startswith(f"📋 Tier 1 · Line 3 · 2026-11-21 ({ref})")
    shown = _fields(board.blocks)
    assert "Yesterday (2026-11-20)" in shown and f"Output {meeting.output_qty} / plan" in shown
    assert "Overdue actions" in shown and meeting.safety_topic in shown
    assert _buttons(board.blocks) == {
        "✅ Acknowledge": f"tier ok {ref}",
        "➕ Raise an item": f"tier item {ref}",
    }

    tick = _buttons(board.blocks)["✅ Acknowledge"]
    for press in range(2):  # pressed twice: each press has its own trigger id
        payload = click(slack_api, value=tick, message_ts=board.ts, user="U0BO")
        payload["trigger_id"] += f"-{press}"
        payload["response_url"] += f"-{press}"
        assert slack.interaction(payload).status_code == 200
        deliver()
    answers = [c.body["text"] for c in slack_api.calls if c.path.startswith("response/")]
    assert answers == [
        f"✅ bo acknowledged tier meeting {ref} (1 so far).",
        f"bo already acknowledged tier meeting {ref} at 10:00.",
    ]
    with services.sessions() as session:
        rows = session.scalars(select(TierAttendance).where(TierAttendance.meeting_id == meeting.id)).all()
        assert [(r.person, r.user_key) for r in rows] == [("bo", "slack:U0BO")]
    assert len(slack_api.calls_to("chat.postMessage")) == 1  # the board, once
