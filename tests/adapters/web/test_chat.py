"""The web chat, a third adapter through `bot.handle`: over real HTTP for what a browser adds
nothing to, in real Chromium for the page (sent with fetch, answered without a reload)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from bot.store.models import AndonCall
from knowledge import Library
from tests.adapters.web.chat_server import ChatServer, signed_in_client


def _post(
    client: httpx.Client, text: str, csrf: str | None, *, delivery_id: str = "d1", lang: str = "en"
) -> httpx.Response:
    fields = {"text": text, "delivery_id": delivery_id, **({"csrf": csrf} if csrf else {})}
    return client.post(f"/chat/messages?lang={lang}", data=fields, headers={"X-Requested-With": "fetch"})


def test_acting_without_the_csrf_token_is_refused_and_changes_nothing(chat_server: ChatServer) -> None:
    call_id, ref = chat_server.raise_call()
    with httpx.Client(base_url=chat_server.url) as stranger:  # not signed in
        assert _post(stranger, f"ack {ref}", "x").status_code == 401
    client, csrf = signed_in_client(chat_server)
    try:
        for token in (None, "forged"):
            refused = _post(client, f"ack {ref}", token)
            assert refused.status_code == 403 and "security token" in refused.text
        assert chat_server.call(call_id).status == "raised"
        answered = _post(client, f"ack {ref}", csrf)
        assert answered.status_code == 200 and "acknowledged by U7" in answered.text
        call = chat_server.call(call_id)
        assert call.status == "acknowledged" and call.acknowledged_by == "U7"
    finally:
        client.close()


def test_a_message_sent_twice_is_processed_once_and_shows_its_answer(chat_server: ChatServer) -> None:
    client, csrf = signed_in_client(chat_server)
    try:
        first = _post(client, "andon L3 WD-03 kanban empty", csrf, delivery_id="same")
        again = _post(client, "andon L3 WD-03 kanban empty", csrf, delivery_id="same")
        assert first.status_code == again.status_code == 200
        ref = re.search(r"Andon (A\d+) raised", first.text)
        assert ref and f"Andon {ref.group(1)} raised" in again.text
        with chat_server.services.sessions() as session:
            assert session.query(AndonCall).filter_by(raised_by="U7").count() == 1
        page = client.get("/chat").text  # the conversation so far, once
        assert page.count(f"Andon {ref.group(1)} raised") == 1
    finally:
        client.close()


@pytest.mark.parametrize(
    ("question", "column", "words"),
    [("downtime by line last week", "total_duration_min", "SQL"), ("上周各产线停机时长", "产线", "SQL 语句")],
)
def test_a_data_question_shows_its_table_chart_and_sql(
    chat_server: ChatServer, question: str, column: str, words: str
) -> None:
    client, csrf = signed_in_client(chat_server)
    try:
        lang = "zh" if words != "SQL" else "en"
        answer = _post(client, question, csrf, lang=lang)
        assert answer.status_code == 200
        assert '<table class="reply-table">' in answer.text and column in answer.text
        assert f"<summary>{words}</summary>" in answer.text and "SELECT" in answer.text
        assert 'src="data:image/png;base64,iVBOR' in answer.text
    finally:
        client.close()


@pytest.mark.parametrize(
    ("ack", "refusal"), [("ack {ref}", "Only a team lead"), ("确认 {ref}", "只有班组长")]
)
def test_a_role_that_may_not_acknowledge_is_told_so(chat_server: ChatServer, ack: str, refusal: str) -> None:
    call_id, ref = chat_server.raise_call()
    client, csrf = signed_in_client(chat_server, user="U9")  # an operator in the roles file
    try:
        answer = _post(client, ack.format(ref=ref), csrf)
        assert answer.status_code == 200 and refusal in answer.text
        assert ("may acknowledge " + ref) in answer.text or ("可以确认 " + ref) in answer.text
        assert chat_server.call(call_id).status == "raised"
    finally:
        client.close()


def test_a_follow_up_question_keeps_the_conversation_s_context(chat_server: ChatServer) -> None:
    client, csrf = signed_in_client(chat_server)
    try:
        first = _post(client, "how many andon calls on line 3 last week?", csrf, delivery_id="q1")
        assert first.status_code == 200 and "Line 3" in first.text
        follow_up = _post(client, "and line 2?", csrf, delivery_id="q2")
        assert "Line 2" in follow_up.text and "Line 3" not in follow_up.text
    finally:
        client.close()


def test_board_login_in_the_web_chat_says_you_are_signed_in(chat_server: ChatServer) -> None:
    client, csrf = signed_in_client(chat_server)
    try:
        assert "You are signed in already." in _post(client, "board login", csrf).text
    finally:
        client.close()


def test_the_chat_page_needs_a_signin(chat_server: ChatServer) -> None:
    with httpx.Client(base_url=chat_server.url) as client:
        answer = client.get("/chat?lang=zh")
        assert answer.status_code == 303 and answer.headers["location"] == "/login?lang=zh"


def test_signing_in_and_acknowledging_from_the_web_chat_in_chromium(chat_server: ChatServer, page) -> None:  # type: ignore[no-untyped-def]
    call_id, ref = chat_server.raise_call()
    page.goto(chat_server.signin_link())
    page.click("#signin")
    page.wait_for_url(re.compile(r"/chat\?lang=en$"))
    page.evaluate("window.notReloaded = true")
    page.fill("#chat-text", f"ack {ref}")
    page.press("#chat-text", "Enter")
    page.wait_for_selector("text=acknowledged by U7")
    assert page.evaluate("window.notReloaded") is True  # the answer came without a reload
    assert chat_server.call(call_id).status == "acknowledged"
    page.fill("#chat-text", "andon L3 WD-03 kanban empty")
    page.click("#chat-send")
    button = page.locator(".exchange").last.locator(".reply-button", has_text="Acknowledge")
    button.wait_for()
    new_ref = re.search(r"Andon (A\d+)", page.locator(".exchange").last.inner_text())
    assert new_ref
    button.click()  # a reply's button sends its command
    page.wait_for_selector(f"text=Andon {new_ref.group(1)} acknowledged by U7")
    assert chat_server.call(int(new_ref.group(1)[1:])).status == "acknowledged"
    assert page.evaluate("window.notReloaded") is True


def test_a_chinese_data_question_in_chromium_shows_the_table_and_sql(chat_server: ChatServer, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(chat_server.signin_link(text="看板登录") + "?lang=zh")
    page.click("#signin")
    page.wait_for_url(re.compile(r"/chat\?lang=zh$"))
    page.fill("#chat-text", "上周各产线停机时长")
    page.press("#chat-text", "Enter")
    table = page.locator(".exchange .reply-table")
    table.wait_for()
    assert table.locator("tbody tr").count() >= 2
    page.locator(".reply-sql summary").click()
    assert "SELECT" in page.locator(".reply-sql pre").inner_text()
    assert page.locator(".reply-chart img").evaluate("img => img.naturalWidth") > 0
    page.reload()  # the conversation so far stays
    assert page.locator(".exchange .reply-table").count() == 1


@pytest.mark.parametrize(
    ("question", "source"), [("how do we run a 5 Whys?", "Source"), ("怎么做5个为什么分析", "来源")]
)
def test_a_playbook_answer_shows_its_steps_and_source(
    chat_server: ChatServer, tmp_path: Path, question: str, source: str
) -> None:
    chat_server.services.knowledge = Library([], str(tmp_path / "index"), "fake")  # the bundled playbooks
    client, csrf = signed_in_client(chat_server)
    try:
        answer = _post(client, question, csrf)
        assert answer.status_code == 200
        assert f"<dt>{source}</dt>" in answer.text and "reply-title" in answer.text
        assert 'class="reply-button' in answer.text  # the full text, one press away
    finally:
        client.close()
