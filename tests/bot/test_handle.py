"""What every message goes through: language, limits, deduplication and error replies."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
import pymysql
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot import Reply, Services, handle
from bot.store.db import RACED_ATTEMPTS, make_engine, make_sessions
from bot.store.models import AndonCall, ProcessedDelivery
from tests.conftest import message


def _count_calls(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(AndonCall))


@pytest.mark.parametrize(
    ("text", "language"),
    [("status", "en"), ("状态", "zh"), ("how many calls?", "en"), ("上周停机多少？", "zh")],
)
def test_replies_come_in_the_language_of_the_message(services: Services, text: str, language: str) -> None:
    assert handle(message(text), services).language == language


def test_a_message_without_words_gets_the_default_language(services: Services) -> None:
    services.default_language = "zh"
    assert handle(message("   "), services).text.startswith("请输入内容")


def test_empty_message_gets_a_hint(services: Services) -> None:
    assert "help" in handle(message(""), services).text


def test_unknown_command_gets_help(services: Services) -> None:
    reply = handle(message("frobnicate L3"), services)
    assert "I don't know the command *frobnicate*" in reply.text
    assert "andon <line> [station] <reason…>" in reply.text


def test_over_long_text_is_cut_and_the_user_is_told(services: Services) -> None:
    services.max_message_chars = 200
    reply = handle(message("andon L3 WD-03 " + "material " * 100), services)
    assert reply.text.startswith("(Your message was longer than 200 characters; I read only the first 200.)")
    assert len(_last_reason(services)) <= 200


def test_control_and_invisible_characters_are_removed(services: Services) -> None:
    handle(message("andon\u200b L3\x00 WD-03 kanban\x1b[31m empty"), services)
    assert _last_reason(services) == "kanban[31m empty"


def _last_reason(services: Services) -> str:
    with services.sessions() as session:
        return session.scalars(select(AndonCall.reason).order_by(AndonCall.id.desc())).first()


def test_a_retried_delivery_is_processed_once(services: Services) -> None:
    before = _count_calls(services)
    first = handle(message("andon L3 material shortage", delivery_id="Ev123"), services)
    assert first is not None and "raised" in first.text
    assert handle(message("andon L3 material shortage", delivery_id="Ev123"), services) is None
    assert handle(message("andon L3 material shortage", delivery_id="Ev123"), services) is None
    assert _count_calls(services) == before + 1


def test_a_failed_first_delivery_is_processed_on_retry(services: Services) -> None:
    before = _count_calls(services)
    handle(message("andon L99 material", delivery_id="Ev9"), services)  # refused: nothing recorded
    with services.sessions() as session:
        assert session.get(ProcessedDelivery, ("console", "Ev9")) is None
    handle(message("andon L3 material", delivery_id="Ev10"), services)
    assert _count_calls(services) == before + 1


def test_concurrent_duplicates_create_one_record(services: Services, plant_db: str) -> None:
    before = _count_calls(services)
    replies: list[object] = []

    def deliver() -> None:
        own = Services(sessions=make_sessions(make_engine(plant_db)), clock=services.clock)
        replies.append(handle(message("andon L3 kanban empty", delivery_id="EvSame"), own))

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _count_calls(services) == before + 1
    assert sum(reply is not None for reply in replies) == 1


def test_unexpected_errors_reply_with_a_reference_that_is_logged(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_sessions() -> None:
        raise RuntimeError("boom")

    services.sessions = broken_sessions  # type: ignore[assignment]
    with caplog.at_level(logging.ERROR, logger="gemba"):
        reply = handle(message("status"), services)
    assert "Something went wrong on my side" in reply.text
    reference = reply.text.split("reference ")[1].rstrip(".")
    assert reference in caplog.text and "boom" in caplog.text


def test_a_database_that_is_down_gets_a_clear_answer(tmp_path) -> None:
    engine = make_engine(
        "postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 2}
    )
    services = Services(sessions=make_sessions(engine))
    reply = handle(message("andon L3 material"), services)
    assert "can't reach the operations database right now, so nothing was changed" in reply.text
    reply = handle(message("安灯 L3 缺料"), services)
    assert "暂时连不上运营数据库" in reply.text


_RACES = [
    pymysql.err.OperationalError(1213, "Deadlock found when trying to get lock"),
    psycopg.errors.SerializationFailure("could not serialize access due to concurrent update"),
]
_STORE_GONE = "reach the operations database"


def _raising(errors: list[Exception], answers: list[str]) -> Callable[[Session, Reply], None]:
    """A `before_commit` that notes each answer it is given to save, and fails with each of
    `errors` in turn before letting the commit happen."""

    def before_commit(_session: Session, reply: Reply) -> None:
        answers.append(reply.text)
        if errors:
            raise OperationalError("UPDATE andon_calls …", {}, errors.pop(0))

    return before_commit


@pytest.mark.parametrize("race", _RACES, ids=["mariadb deadlock", "postgresql serialization"])
def test_a_message_whose_transaction_raced_another_is_answered_as_if_it_came_second(
    services: Services, race: Exception
) -> None:
    before, answers = _count_calls(services), []
    reply = handle(message("andon L3 material shortage"), services, before_commit=_raising([race], answers))
    assert reply is not None and _STORE_GONE not in reply.text, reply.text
    assert len(answers) == 2 and _count_calls(services) == before + 1  # run again once, saved once


def test_a_transaction_that_keeps_racing_gets_the_store_reply_and_saves_nothing(services: Services) -> None:
    before, answers = _count_calls(services), []
    races = [_RACES[0]] * 5
    reply = handle(message("andon L3 material shortage"), services, before_commit=_raising(races, answers))
    assert reply is not None and _STORE_GONE in reply.text
    assert _count_calls(services) == before
    assert len([a for a in answers if _STORE_GONE not in a]) == RACED_ATTEMPTS  # no more runs than that


def test_a_database_error_that_is_no_race_is_not_run_again(services: Services) -> None:
    before, answers = _count_calls(services), []
    gone = [pymysql.err.OperationalError(2013, "Lost connection to server during query")] * 2
    reply = handle(message("andon L3 material shortage"), services, before_commit=_raising(gone, answers))
    assert reply is not None and _STORE_GONE in reply.text
    assert len([a for a in answers if _STORE_GONE not in a]) == 1 and _count_calls(services) == before
