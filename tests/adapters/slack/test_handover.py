"""A shift handover end to end over Slack: written with a mention, submitted and confirmed
with the card's buttons (signed `block_actions` requests), against the recorded Web API."""

from __future__ import annotations

from bot.services import Services
from tests.adapters.slack.conftest import CHANNEL, SlackSide, click
from tests.adapters.slack.mock_slack import MockSlackApi
from tests.adapters.slack.test_scenarios import _buttons, _fields, mention
from tests.conftest import FakeClock


def test_a_handover_is_submitted_and_its_receipt_confirmed_with_buttons(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, clock: FakeClock, deliver
) -> None:
    text = "handover L3 quality: burrs on PR-02 edge | safety: - | watch: die change on PR-03 at 15:00"
    assert slack.event(mention(text, ts="1795000600.000600"), event_id="EvHandover").status_code == 200
    assert deliver() == 1
    [draft] = slack_api.in_channel(CHANNEL)
    assert draft.thread_ts == "1795000600.000600"
    assert "Handover H" in draft.text and "burrs on PR-02 edge" in _fields(draft.blocks)
    submit = _buttons(draft.blocks)["Submit"]
    ref = submit.split()[1]
    assert submit == f"handover {ref} submit"

    assert (
        slack.interaction(click(slack_api, value=submit, message_ts=draft.ts, user="U0ANA")).status_code
        == 200
    )
    assert deliver() == 2  # the handover card in the channel, and the private answer
    [card] = [m for m in slack_api.in_channel(CHANNEL) if m.thread_ts is None]
    assert f"Handover {ref} · Line 3 · 2026-11-21 Day shift (A)" in card.text
    assert "die change on PR-03 at 15:00" in _fields(card.blocks) and "waiting for confirmation" in _fields(
        card.blocks
    )
    assert _buttons(card.blocks) == {"Confirm receipt": f"handover confirm {ref}"}
    [private] = [c for c in slack_api.calls if c.path.startswith("response/")][-1:]
    assert f"Handover {ref} submitted to slack:{CHANNEL}" in private.body["text"]

    clock.advance(minutes=12)
    confirm = _buttons(card.blocks)["Confirm receipt"]
    assert (
        slack.interaction(click(slack_api, value=confirm, message_ts=card.ts, user="U0BO")).status_code == 200
    )
    assert deliver() == 2  # the note in the channel, and the private answer
    note = slack_api.in_channel(CHANNEL)[-1]
    assert note.text == f"✅ Handover {ref} (Line 3, 2026-11-21 Day shift (A)) received by bo at 10:12."

    clock.advance(minutes=1)  # a second press of the same button, by the submitter this time
    slack.interaction(click(slack_api, value=confirm, message_ts=card.ts, user="U0ANA"))
    assert deliver() == 1  # only the private answer: nothing new in the channel
    answer = [c for c in slack_api.calls if c.path.startswith("response/")][-1]
    assert answer.body["text"] == f"Handover {ref} was already confirmed by bo at 10:12."
    assert answer.body["response_type"] == "ephemeral"
    assert len([m for m in slack_api.in_channel(CHANNEL) if m.thread_ts is None]) == 2
