"""The `ask` command and plain-language data questions through `bot.handle`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot import handle
from bot.serialize import reply_from_json, reply_to_json
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.models import Conversation
from bot.types import Image
from nl2sql import NL2SQL, Source
from tests.conftest import PLANT_TZ, FakeClock, message
from tests.nl2sql.conftest import plant_catalog

CONTRACT = {"sql", "columns", "rows", "answer", "interpretation", "path"}


@pytest.fixture
def ask_services(plant_db: str, clock: FakeClock) -> Iterator[Services]:
    engine = make_engine(plant_db)
    nl2sql = NL2SQL([Source("plant", engine, plant_catalog(engine))], timezone=PLANT_TZ)
    yield Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock, nl2sql=nl2sql)
    engine.dispose()


def test_ask_fills_the_reply_and_its_context(ask_services: Services) -> None:
    reply = handle(message("ask how many andon calls on line 3 last week?", thread="t1"), ask_services)
    assert reply is not None and set(reply.context) >= CONTRACT
    assert reply.context["path"] == "rules" and reply.code == reply.context["sql"]
    assert reply.text.startswith("Andon calls · Line 3 · Mon 9 – Sun 15 Nov 2026: **")
    assert reply.buttons == []


def test_plain_language_follow_ups_in_a_thread(ask_services: Services) -> None:
    first = handle(message("上周3号线有多少次安灯呼叫？", thread="t2"), ask_services)
    assert first is not None and first.language == "zh" and "2026年11月9日至15日" in first.text
    second = handle(message("and line 2?", thread="t2"), ask_services)
    assert second is not None and "Line 2" in second.context["interpretation"]
    alone = handle(message("and line 2?"), ask_services)  # outside the thread: nothing to follow
    assert alone is not None and "Mon 9" not in alone.context.get("interpretation", "")
    with ask_services.sessions() as session:
        threads = {c.thread: c.data for c in session.scalars(select(Conversation))}
        assert threads["t2"]["nl2sql"]["question"] == "and line 2?"


def test_breakdowns_have_a_table_and_a_chart(ask_services: Services) -> None:
    reply = handle(message("downtime by line last week"), ask_services)
    assert reply is not None and reply.table is not None and reply.image is not None
    assert reply.table.columns == ["line", "line_code", "total_duration_min"]
    assert isinstance(reply.image, Image) and reply.image.png.startswith(b"\x89PNG")  # drawn on first read
    restored = reply_from_json(reply_to_json(reply)).image
    assert restored is not None and restored.png == reply.image.png


def test_refusals_and_clarifications(ask_services: Services) -> None:
    refused = handle(message("ask 1; DROP TABLE lines"), ask_services)
    assert refused is not None and "error" in refused.context and "won't run" in refused.text
    unclear = handle(message("ask line 3 last week"), ask_services)
    assert unclear is not None and 2 <= len(unclear.buttons) <= 3
    assert all(b.command.startswith("ask ") for b in unclear.buttons)


@pytest.fixture
def with_playbooks(ask_services: Services, tmp_path) -> Services:  # type: ignore[no-untyped-def]
    from knowledge import FakeEmbedder, Library

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "shortage.en.md").write_text(
        "# Andon response: material shortage\n## Steps\n1. Pull the andon and name the part.\n"
        "2. The water spider brings the part from the supermarket.\n",
        "utf-8",
    )
    (docs / "safety.en.md").write_text(
        "# Andon response: safety\n## Steps\n1. Stop the work and warn people nearby.\n"
        "2. Make the area safe.\n3. The safety officer approves the restart after the hazard is removed.\n",
        "utf-8",
    )
    (docs / "safety.zh.md").write_text(
        "# 安灯响应：安全\n## 步骤\n1. 停止作业并提醒附近人员。\n2. 让现场处于安全状态。\n"
        "3. 经安全员批准才能复工。\n",
        "utf-8",
    )
    (docs / "handover.zh.md").write_text(
        "# 交接班\n## 步骤\n1. 交班班组长准备交接单。\n2. 与接班班组长一起走线。\n", "utf-8"
    )
    ask_services.knowledge = Library([docs], tmp_path / "index", FakeEmbedder(), bundled=False)
    return ask_services


def test_a_question_about_how_we_work_that_no_data_answers_goes_to_the_playbooks(
    with_playbooks: Services,
) -> None:
    reply = handle(message("who approves the restart after a safety stop?", thread="t9"), with_playbooks)
    assert reply is not None and reply.title == "Andon response: safety › Steps"
    assert "*The safety officer approves the restart after the hazard is removed.*" in reply.text
    # The data's half-understood attempt is not kept as the thread's context for the next question.
    again = handle(message("谁批准安全事故后复工？", thread="t9"), with_playbooks)
    assert again is not None and again.title == "安灯响应：安全 › 步骤"
    assert "*经安全员批准才能复工。*" in again.text
    with with_playbooks.sessions() as session:
        assert not session.scalars(select(Conversation).where(Conversation.thread == "t9")).all()
    weather = handle(message("what is the weather in Suzhou?"), with_playbooks)
    assert weather is not None and weather.title is None and "weather" not in weather.text.lower()
    data = handle(message("who raised the most andon calls last week?"), with_playbooks)
    assert data is not None and data.code and "andon_calls" in data.code


@pytest.mark.parametrize(
    "question",
    [
        "we're about to run out of screws at station 4, what do I do?",  # data: "(not understood: …)"
        "交班前要准备什么？",  # data: the Chinese words it did not know went unnoticed
        "can we keep the line running while the part is missing?",
    ],
)
def test_a_question_about_what_to_do_goes_to_the_playbooks(with_playbooks: Services, question: str) -> None:
    reply = handle(message(question), with_playbooks)
    assert reply is not None and reply.title and not reply.code


@pytest.mark.parametrize(
    ("question", "prompt"),
    [
        ("how many andon calls on line 3 last week, asap please?", "I did not understand “asap”"),
        ("上周3号线有多少次安灯呼叫，给老板汇报用", "我没有理解“老板汇报”"),
    ],
)
def test_a_data_question_with_a_stray_phrase_is_asked_back_not_guessed(
    with_playbooks: Services, question: str, prompt: str
) -> None:
    reply = handle(message(question), with_playbooks)
    assert reply is not None and reply.title is None and not reply.code
    assert reply.text.startswith(prompt)
    [offer] = reply.buttons
    answered = handle(message(offer.command), with_playbooks)
    assert answered is not None and answered.code and "andon_calls" in answered.code


@pytest.mark.parametrize("question", ["andon calls by line last week", "reject count by line last week"])
def test_a_data_question_that_looks_like_a_command_stays_with_the_data(
    with_playbooks: Services, question: str
) -> None:
    reply = handle(message(question), with_playbooks)
    assert reply is not None and reply.code and reply.title is None
