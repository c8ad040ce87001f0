"""Block Kit from a neutral `Reply`, within Slack's limits; files for what does not fit."""

from __future__ import annotations

import csv
import io
import json

import pytest

from adapters.slack.platform import SlackPlatform
from adapters.slack.render import MAX_BLOCKS, MAX_FIELDS, MAX_SECTION, render
from bot.outbox import Target
from bot.types import Button, Image, Reply, Table
from tests.adapters.slack.conftest import CHANNEL, SlackSide, command_body
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi


def _texts(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] in ("section", "header") and "text" in b]


def _elements(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_long_text_and_many_fields_stay_within_block_kit_limits() -> None:
    reply = Reply(
        "\n".join(f"line {i} " + "x" * 90 for i in range(400)),
        title="T" * 300,
        fields=[(f"name {i}", "v" * 3000) for i in range(25)],
        buttons=[Button(f"b{i}", f"ack {i}") for i in range(30)],
    )
    blocks = render(reply).blocks
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(t) <= MAX_SECTION for t in _texts(blocks))
    assert blocks[0]["type"] == "header" and len(blocks[0]["text"]["text"]) <= 150
    field_blocks = [b for b in blocks if "fields" in b]
    assert field_blocks and all(len(b["fields"]) <= MAX_FIELDS for b in field_blocks)
    assert all(len(f["text"]) <= 2000 for b in field_blocks for f in b["fields"])
    assert all(len(b["elements"]) <= 25 for b in blocks if b["type"] == "actions")
    assert blocks[-1]["type"] == "actions"  # buttons survive the cut


def test_a_number_answer_is_a_headline() -> None:
    reply = Reply("Andon calls on line 3 last week.", table=Table(["calls"], [[1742]]))
    blocks = render(reply).blocks
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "1,742", "emoji": True}}
    assert "```" not in json.dumps(blocks)


def test_a_big_table_shows_ten_rows_and_attaches_the_rest_as_csv() -> None:
    rows = [[f"PR-{i:02d}", i * 1.5, "停机"] for i in range(240)]
    message = render(Reply("Downtime by machine", table=Table(["machine", "hours", "原因"], rows)))
    [table] = [t for t in _texts(message.blocks) if t.startswith("```")]
    assert table.count("\n") == 10  # header + 10 rows
    context = next(b for b in message.blocks if b["type"] == "context")["elements"][0]["text"]
    assert "Showing 10 of 240 rows" in context
    [upload] = message.uploads
    assert upload.filename == "rows.csv"
    parsed = list(csv.reader(io.StringIO(upload.content.decode("utf-8-sig"))))
    assert len(parsed) == 241 and parsed[0] == ["machine", "hours", "原因"]


def test_a_table_cut_by_the_core_says_how_many_rows_there_are() -> None:
    message = render(Reply("Top", table=Table(["a"], [[1], [2], [3]], total_rows=90), language="zh"))
    assert "显示 90 行中的 3 行" in json.dumps(message.blocks, ensure_ascii=False)
    assert not message.uploads


def test_a_data_answer_has_show_sql_and_feedback_buttons() -> None:
    reply = Reply(
        "17 calls", code="SELECT count(*) FROM andon_calls", context={"question": "how many calls?"}
    )
    elements = _elements(render(reply).blocks)
    assert [e["action_id"] for e in elements] == [
        "gemba_show_sql",
        "gemba_feedback:up",
        "gemba_feedback:down",
    ]
    assert elements[0]["value"] == "SELECT count(*) FROM andon_calls"
    assert json.loads(elements[1]["value"]) == {
        "q": "how many calls?",
        "sql": "SELECT count(*) FROM andon_calls",
    }


def test_sql_too_long_for_a_button_is_shown_in_a_code_block() -> None:
    sql = "SELECT " + ", ".join(f"c{i}" for i in range(900))
    blocks = render(Reply("answer", code=sql)).blocks
    assert "gemba_show_sql" not in json.dumps(blocks)
    assert any(t.startswith("```SELECT") and len(t) <= MAX_SECTION for t in _texts(blocks))


def test_buttons_become_actions_that_carry_their_command() -> None:
    reply = Reply("?", buttons=[Button("Line 3", "status L3", "primary"), Button("Line 4", "status L4")])
    elements = _elements(render(reply).blocks)
    assert [(e["action_id"], e["value"], e.get("style")) for e in elements] == [
        ("gemba_command:0", "status L3", "primary"),
        ("gemba_command:1", "status L4", None),
    ]


def test_a_cards_title_is_shown_once_and_text_is_escaped() -> None:
    reply = Reply("🔴 Andon A1 · Line 3", title="Andon A1 · Line 3", fields=[("Reason", "<b> & co")])
    blocks = render(reply).blocks
    assert blocks[0]["text"]["text"] == "🔴 Andon A1 · Line 3"
    assert [b["type"] for b in blocks] == ["header", "section"]
    assert blocks[1]["fields"][0]["text"] == "*Reason*\n&lt;b&gt; &amp; co"


@pytest.fixture
def api() -> MockSlackApi:
    mock = MockSlackApi().start()
    yield mock
    mock.stop()


def test_charts_and_csv_are_uploaded_with_files_upload_v2_in_the_thread(api: MockSlackApi) -> None:
    platform = SlackPlatform(api.url, token="xoxb-t")
    reply = Reply(
        "chart",
        image=Image(b"\x89PNG fake", "Downtime Pareto", "bars"),
        table=Table(["a"], [[i] for i in range(30)]),
    )
    platform.post(Target(TEAM, "C1", "1795000000.000001"), reply, idempotency_key="k")
    assert api.paths().count("files.getUploadURLExternal") == 2
    completes = api.calls_to("files.completeUploadExternal")
    assert [(c.body["channel_id"], c.body["thread_ts"]) for c in completes] == [
        ("C1", "1795000000.000001")
    ] * 2
    uploaded = [c for c in api.calls if c.path.startswith("upload/")]
    assert len(uploaded) == 2


def test_the_fallback_text_escapes_a_users_mentions_and_links_as_the_blocks_do(
    slack: SlackSide, slack_api: MockSlackApi, deliver
) -> None:
    hostile = "<!channel> <@U0BO> <http://evil.example|click me> & more"
    body = command_body("/andon", f"L3 WD-03 {hostile}", api=slack_api, trigger="t-fallback")
    assert slack.command(body).status_code == 200
    mention = {"type": "app_mention", "user": "U0ANA", "text": f"<@UGEMBA> {hostile}", "ts": "1.000009"}
    assert slack.event(mention | {"channel": CHANNEL}, event_id="EvHostile").status_code == 200
    deliver()
    sent = slack_api.calls_to("chat.postMessage") + [
        c for c in slack_api.calls if c.path.startswith("response/")
    ]
    fallbacks = [c.body["text"] for c in sent]
    assert len(fallbacks) == 3  # the card, the private confirmation, the answer to the mention
    for raw in ("<!channel>", "<@U0BO>", "<http://evil.example|click me>"):
        assert not [text for text in fallbacks if raw in text]
    escaped = "&lt;!channel&gt; &lt;@U0BO&gt; &lt;http://evil.example|click me&gt; &amp; more"
    assert [text for text in fallbacks if escaped in text]
