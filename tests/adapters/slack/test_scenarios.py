"""End to end over HTTP: Slack → the app → bot.handle → outbox → the (local) Web API."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from adapters.slack.app import SlackBot
from bot.services import Services
from bot.store.models import AndonCall, Feedback, OutboxMessage, Problem
from tests.adapters.slack.conftest import CHANNEL, SlackSide, click, command_body
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi
from tests.conftest import FakeClock


def _count(services: Services, model: type) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def _last_call(services: Services) -> AndonCall:
    with services.sessions() as session:
        return session.scalars(select(AndonCall).order_by(AndonCall.id.desc())).first()


def _outbox(services: Services) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.platform == "slack")))


def _buttons(blocks: list[dict]) -> dict[str, str]:
    return {e["text"]["text"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def _fields(blocks: list[dict]) -> str:
    return " ".join(f["text"] for b in blocks if "fields" in b for f in b["fields"])


def mention(text: str, ts: str = "1795000100.000100", **extra: str) -> dict:
    return {
        "type": "app_mention",
        "user": "U0ANA",
        "text": f"<@UGEMBA> {text}",
        "ts": ts,
        "channel": CHANNEL,
    } | extra


def test_a_mention_is_answered_in_its_thread(slack: SlackSide, slack_api: MockSlackApi, deliver) -> None:
    assert slack.event(mention("help"), event_id="EvHelp").status_code == 200
    assert deliver() == 1
    [answer] = slack_api.calls_to("chat.postMessage")
    assert answer.body["channel"] == CHANNEL
    assert answer.body["thread_ts"] == "1795000100.000100"
    assert "Gemba" in answer.body["text"]
    assert answer.body["metadata"]["event_type"] == "gemba_outbox"


def test_a_follow_up_in_the_thread_stays_in_the_thread(
    slack: SlackSide, slack_api: MockSlackApi, deliver
) -> None:
    event = mention("status", ts="1795000200.000200", thread_ts="1795000100.000100")
    slack.event(event, event_id="EvFollow")
    deliver()
    [answer] = slack_api.calls_to("chat.postMessage")
    assert answer.body["thread_ts"] == "1795000100.000100"


def test_the_answer_follows_the_language_of_the_question(
    slack: SlackSide, slack_api: MockSlackApi, deliver
) -> None:
    slack.event(mention("帮助"), event_id="EvZh")
    deliver()
    [answer] = slack_api.calls_to("chat.postMessage")
    assert "能做什么" in answer.body["text"]


def test_direct_messages_are_answered_and_the_bots_own_messages_ignored(
    slack: SlackSide, slack_api: MockSlackApi, deliver
) -> None:
    dm = {"type": "message", "channel_type": "im", "channel": "D0ANA", "user": "U0ANA", "text": "help"}
    slack.event(dm | {"ts": "1795000300.000300"}, event_id="EvDm")
    slack.event(dm | {"ts": "1795000301.000300", "user": "UGEMBA", "bot_id": "BGEMBA"}, event_id="EvOwn")
    slack.event(dm | {"ts": "1795000302.000300", "user": "U0X", "bot_id": "B0THER"}, event_id="EvBot")
    edit = dm | {"ts": "1795000303.000300", "subtype": "message_changed"}
    slack.event(edit, event_id="EvEdit")
    deliver()
    [answer] = slack_api.calls_to("chat.postMessage")
    assert answer.body["channel"] == "D0ANA"
    assert "thread_ts" not in answer.body  # a DM conversation stays flat


def test_a_retried_event_is_answered_once_and_a_lost_first_delivery_still_counts(
    slack: SlackSide, slack_api: MockSlackApi, deliver
) -> None:
    # The first delivery never reached us: the retry (X-Slack-Retry-Num: 1) is processed.
    assert slack.event(mention("help", ts="1795000400.000400"), event_id="EvLost", retry=1).status_code == 200
    # A delivery that did arrive, then its two retries.
    for retry in (None, 1, 2):
        slack.event(mention("status", ts="1795000500.000500"), event_id="EvTwice", retry=retry)
    assert deliver() == 2
    assert len(slack_api.calls_to("chat.postMessage")) == 2


def test_andon_from_slash_command_to_acknowledge_and_resolve(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, clock: FakeClock, deliver
) -> None:
    calls_before = _count(services, AndonCall)
    body = command_body("/andon", "L3 WD-03 material shortage at feeder", api=slack_api, trigger="trig-andon")
    response = slack.command(body)
    assert response.status_code == 200 and response.content == b""
    assert deliver() == 2  # the card, and the private confirmation

    call = _last_call(services)
    assert _count(services, AndonCall) == calls_before + 1
    assert (call.platform, call.workspace, call.channel, call.raised_by) == ("slack", TEAM, CHANNEL, "ana")
    [confirmation] = [c for c in slack_api.calls if c.path == "response/trig-andon"]
    assert confirmation.body["response_type"] == "ephemeral"
    assert f"A{call.id}" in confirmation.body["text"]
    [card] = slack_api.in_channel(CHANNEL)
    assert call.message_ref == card.ts and card.thread_ts is None
    assert _buttons(card.blocks) == {
        "Acknowledge": f"ack A{call.id}",
        "Resolve": f"resolve A{call.id}",
        "Escalate": f"escalate A{call.id} level:1",
    }
    assert "raised" in _fields(card.blocks) and "WD-03" in _fields(card.blocks)

    clock.advance(minutes=3)
    ack = _buttons(card.blocks)["Acknowledge"]
    assert slack.interaction(click(slack_api, value=ack, message_ts=card.ts, user="U0BO")).status_code == 200
    assert deliver() == 3  # card update, note, private answer
    assert _last_call(services).status == "acknowledged"
    [update] = slack_api.calls_to("chat.update")
    assert (update.body["channel"], update.body["ts"]) == (CHANNEL, card.ts)
    assert "acknowledged" in _fields(update.body["blocks"])
    assert "Acknowledge" not in _buttons(update.body["blocks"])
    note = slack_api.in_channel(CHANNEL)[-1]
    assert note.thread_ts == card.ts
    assert f"Andon A{call.id} acknowledged by bo at 10:03" in note.text

    clock.advance(minutes=9)
    resolve = _buttons(update.body["blocks"])["Resolve"]
    slack.interaction(click(slack_api, value=resolve, message_ts=card.ts, user="U0BO"))
    assert deliver() == 3
    assert _last_call(services).status == "resolved"
    final = slack_api.calls_to("chat.update")[-1]
    assert final.body["ts"] == card.ts
    assert "resolved" in _fields(final.body["blocks"]) and not _buttons(final.body["blocks"])
    assert "resolved by bo at 10:12" in slack_api.in_channel(CHANNEL)[-1].text
    assert len(slack_api.calls_to("chat.postMessage")) == 3  # one card, two notes: no duplicates
    print("\nWeb API calls of the andon scenario:")
    for c in slack_api.calls:
        keys = ("channel", "ts", "thread_ts", "user", "response_type")
        print(f"  {c.path:22} " + " ".join(f"{k}={c.body[k]}" for k in keys if k in c.body))


def test_the_same_andon_delivered_three_times_makes_one_record(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    before = _count(services, AndonCall)
    body = command_body("/andon", "L3 WD-03 robot fault", api=slack_api, trigger="trig-once")
    for retry in (None, 1, 2):
        assert slack.command(body, retry=retry).status_code == 200
    deliver()
    assert _count(services, AndonCall) == before + 1
    assert len(slack_api.calls_to("chat.postMessage")) == 1
    assert len([c for c in slack_api.calls if c.path == "response/trig-once"]) == 1
    # A second, deliberate /andon (its own trigger id) is a second call.
    slack.command(command_body("/andon", "L3 WD-03 robot fault", api=slack_api, trigger="trig-twice"))
    deliver()
    assert _count(services, AndonCall) == before + 2


def _problem_view(values: dict) -> dict:
    state = {name: {"value": element} for name, element in values.items()}
    return {
        "id": "V0MODAL",
        "type": "modal",
        "callback_id": "gemba_problem",
        "private_metadata": json.dumps({"channel": CHANNEL, "language": "en"}),
        "state": {"values": state},
    }


def _submission(view: dict) -> dict:
    user = {"id": "U0ANA", "username": "ana", "name": "ana", "team_id": TEAM}
    return {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": user,
        "view": view,
        "trigger_id": "t-view",
    }


def test_problem_modal_opens_and_shows_errors_in_place(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    slack.command(command_body("/problem", "", api=slack_api, trigger="trig-modal"))
    [opened] = slack_api.calls_to("views.open")
    view = json.loads(opened.body["view"]) if isinstance(opened.body["view"], str) else opened.body["view"]
    assert opened.body["trigger_id"] == "trig-modal"
    assert [b["block_id"] for b in view["blocks"]] == [
        "title",
        "category",
        "location",
        "description",
        "priority",
    ]

    problems_before = _count(services, Problem)
    missing_title = _problem_view(
        {
            "category": {"type": "static_select", "selected_option": {"value": "quality"}},
            "location": {"type": "plain_text_input", "value": "L9"},
            "priority": {"type": "static_select", "selected_option": {"value": "high"}},
        }
    )
    response = slack.interaction(_submission(missing_title))
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"title", "location"}
    assert "title" in answer["errors"]["title"] and "L9" in answer["errors"]["location"]
    deliver()
    assert _count(services, Problem) == problems_before

    valid = _problem_view(
        {
            "title": {"type": "plain_text_input", "value": "Oil leak: hose weeping"},
            "category": {"type": "static_select", "selected_option": {"value": "equipment"}},
            "location": {"type": "plain_text_input", "value": "L3 WD-03"},
            "description": {"type": "plain_text_input", "value": "Drips under the line:L1 sign"},
            "priority": {"type": "static_select", "selected_option": {"value": "high"}},
        }
    )
    response = slack.interaction(_submission(valid))
    assert response.status_code == 200 and response.content == b""
    assert deliver() == 2  # the card, and the private confirmation
    with services.sessions() as session:
        problem = session.scalars(select(Problem).order_by(Problem.id.desc())).first()
        line_code = problem.line.code
    assert (problem.title, problem.category, problem.priority) == (
        "Oil leak hose weeping",
        "equipment",
        "high",
    )
    assert line_code == "L3" and "line :L1" in problem.description
    [private] = slack_api.calls_to("chat.postEphemeral")
    assert private.body["user"] == "U0ANA" and f"P{problem.id}" in private.body["text"]
    [card] = slack_api.in_channel(CHANNEL)
    assert "Assign to me" in _buttons(card.blocks)


def test_rate_limited_post_is_retried_after_retry_after_and_delivered_once(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    slack_api.rate_limit("chat.postMessage", times=1, retry_after=1)
    slack.event(mention("help"), event_id="Ev429")
    assert deliver() == 1
    assert [c.status for c in slack_api.calls_to("chat.postMessage")] == [429, 200]
    assert len(slack_api.in_channel(CHANNEL)) == 1
    assert [m.status for m in _outbox(services)] == ["sent"]


def test_when_slack_is_down_the_answer_waits_in_the_outbox(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, clock: FakeClock, deliver
) -> None:
    slack_api.down = True
    assert slack.event(mention("help"), event_id="EvDown").status_code == 200
    assert deliver() == 0
    [waiting] = _outbox(services)
    assert waiting.status == "pending" and waiting.attempts == 1 and waiting.last_error
    assert not slack_api.messages

    slack_api.down = False
    clock.advance(seconds=2)  # the outbox's first backoff
    assert deliver() == 1
    assert [m.status for m in _outbox(services)] == ["sent"]
    assert len(slack_api.in_channel(CHANNEL)) == 1
    # Before re-sending, the outbox asked whether the first attempt had reached Slack.
    assert slack_api.calls_to("conversations.replies")


def test_a_post_that_reached_slack_is_not_sent_twice(
    bot: SlackBot, slack_api: MockSlackApi, services: Services
) -> None:
    from bot.outbox import Target
    from bot.types import Reply

    target = Target(TEAM, CHANNEL)
    ts = bot.platform.post(target, Reply("hello"), idempotency_key="k-1")
    assert bot.platform.already_sent(target, "k-1") == ts
    assert bot.platform.already_sent(target, "k-2") is None
    thread = Target(TEAM, CHANNEL, ts)
    reply_ts = bot.platform.post(thread, Reply("in thread"), idempotency_key="k-3")
    assert bot.platform.already_sent(thread, "k-3") == reply_ts


def test_feedback_on_a_data_answer_is_stored_and_thumbs_up_verifies(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    value = json.dumps({"q": "how many andon calls on L3?", "sql": "SELECT count(*) FROM andon_calls"})
    up = click(slack_api, value=value, message_ts="1.5", action_id="gemba_feedback:up", user="U0ANA")
    down = click(slack_api, value=value, message_ts="1.6", action_id="gemba_feedback:down", user="U0BO")
    slack.interaction(up)
    slack.interaction(down)
    deliver()
    with services.sessions() as session:
        rows = session.scalars(select(Feedback).order_by(Feedback.id)).all()
        stored = [(f.verdict, f.verified, f.question, f.user) for f in rows]
    assert stored == [
        ("up", True, "how many andon calls on L3?", "u0ana"),
        ("down", False, "how many andon calls on L3?", "u0bo"),
    ]
    texts = [c.body["text"] for c in slack_api.calls if c.path.startswith("response/")]
    assert any("verified" in t for t in texts)


def test_show_sql_answers_privately_with_the_sql(slack: SlackSide, slack_api: MockSlackApi, deliver) -> None:
    sql = "SELECT line, count(*) FROM andon_calls GROUP BY line"
    slack.interaction(click(slack_api, value=sql, message_ts="1.7", action_id="gemba_show_sql"))
    deliver()
    [answer] = [c for c in slack_api.calls if c.path.startswith("response/")]
    assert sql in answer.body["text"] and answer.body["response_type"] == "ephemeral"


def test_board_login_in_a_channel_is_answered_to_its_asker_only(
    slack: SlackSide, slack_api: MockSlackApi, deliver, services: Services
) -> None:
    services.web_url = "http://board.test"
    assert slack.event(mention("board login"), event_id="EvLogin").status_code == 200
    assert deliver() == 1
    [private] = slack_api.calls_to("chat.postEphemeral")
    assert private.body["user"] == "U0ANA" and "http://board.test/login/" in private.body["text"]
    assert slack_api.calls_to("chat.postMessage") == []  # never in the channel
