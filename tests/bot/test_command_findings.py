"""The command-level findings of issue 13: strict record numbers, commands that never become
data questions, one record per command, the top of the escalation ladder, and replies that
say how much of a long text was kept."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot import Services, handle
from bot.store.db import make_engine
from bot.store.models import INTERNAL_TABLES, AndonCall, Event, Problem
from nl2sql import NL2SQL, Source, introspect
from tests.conftest import message


def _say(services: Services, text: str, user: str = "ana") -> str:
    reply = handle(message(text, user=user), services)
    assert reply is not None
    return reply.text


def _raise(services: Services) -> int:
    return int(_say(services, "andon L3 WD-03 material shortage").split()[1][1:])


def _call(services: Services, call_id: int) -> AndonCall:
    with services.sessions() as session:
        call = session.get(AndonCall, call_id)
        assert call is not None
        return call


def _events(services: Services) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


@pytest.mark.parametrize(
    "written", ["A-{n}", "a-{n}", "#-{n}", "A{n}x", "A{n}.0", "A٣{n}", "-{n}", "A 0x{n}"]
)
def test_a_misspelt_call_number_is_refused_never_read_as_another(services: Services, written: str) -> None:
    call = _raise(services)
    before = _events(services)
    text = _say(services, "ack " + written.format(n=call))
    assert "is not an andon call number; use e.g. A17 or 17." in text
    assert _call(services, call).status == "raised" and _events(services) == before


def test_a_full_width_number_is_the_same_number(services: Services) -> None:
    call = _raise(services)
    full_width = "Ａ" + "".join(chr(ord("０") + int(d)) for d in str(call))
    assert f"Andon A{call} acknowledged by ana" in _say(services, f"ack {full_width}")
    assert f"安灯 A{call} 已由 ana 于 10:00 解决" in _say(services, f"解决 ＃{call}")


def test_a_hyphenated_problem_number_is_refused(services: Services) -> None:
    with services.sessions() as session:
        first = session.get(Problem, 1)
        assert first is not None
        status = first.status
    assert _say(services, "resolve P-1 done") == "*P-1* is not a problem number; use e.g. P5."
    with services.sessions() as session:
        assert session.get(Problem, 1).status == status  # type: ignore[union-attr]


@pytest.fixture
def asking(services: Services, plant_db: str) -> Iterator[Services]:
    engine = make_engine(plant_db)
    catalog = introspect(engine, exclude=(*INTERNAL_TABLES, "job_runs"))
    nl2sql = NL2SQL([Source("plant", engine, catalog)], timezone=services.timezone, charts=False)
    yield dataclasses.replace(services, nl2sql=nl2sql)
    engine.dispose()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("resolve Aabc", "*Aabc* is not an andon call number"),
        ("resolve {}", "*{}* is not an andon call number"),
        ("ack {} now", "*{}* is not an andon call number"),
        ("close []", "*[]* is not a problem number"),
        ("reject P-3 duplicate", "*P-3* is not a problem number"),
        ("cancel all", "*all* is not an andon call number"),
        ("解决abc", "*abc* 不是安灯编号"),
    ],
)
def test_commands_that_look_like_commands_never_become_data_questions(
    asking: Services, text: str, expected: str
) -> None:
    reply = handle(message(text), asking)
    assert reply is not None and expected in reply.text
    assert reply.code is None and "sql" not in reply.context


@pytest.mark.parametrize("text", ["reject count by line", "how many andon calls last week?", "解决率是多少"])
def test_questions_that_start_with_a_command_word_stay_questions(asking: Services, text: str) -> None:
    reply = handle(message(text), asking)
    assert reply is not None and "is not a" not in reply.text and "不是" not in reply.text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("ack A{a} A{b}", "One record at a time: `ack A{a}`, then `ack A{b}`."),
        ("ack {a} {b}", "One record at a time: `ack {a}`, then `ack {b}`."),
        ("cancel A{a}, A{b}", "One record at a time: `cancel A{a}`, then `cancel A{b}`."),
        ("resolve A{a} A{b} fixed", "One record at a time: `resolve A{a}`, then `resolve A{b}`."),
        ("确认 A{a} A{b}", "一次只能处理一条记录：先 `确认 A{a}`，再 `确认 A{b}`。"),
    ],
)
def test_a_second_record_is_never_silently_ignored(services: Services, command: str, expected: str) -> None:
    a, b = _raise(services), _raise(services)
    assert expected.format(a=a, b=b) in _say(services, command.format(a=a, b=b))
    assert (_call(services, a).status, _call(services, b).status) == ("raised", "raised")


def test_a_note_may_start_with_a_number(services: Services) -> None:
    call = _raise(services)
    assert "resolved by ana" in _say(services, f"resolve A{call} 2 bolts replaced")
    assert _call(services, call).resolution_note == "2 bolts replaced"


def test_escalation_stops_at_the_last_level_and_says_so(services: Services) -> None:
    call = _raise(services)
    replies = [_say(services, f"escalate A{call}", user="li") for _ in range(3)]
    assert [f"escalated to level {n} (" in r for n, r in enumerate(replies, 1)] == [True, True, True]
    assert "(plant manager) by li" in replies[2]
    before = _events(services)
    top = f"Andon A{call} is at level 3, the last level of its escalation ladder; there is nobody further up"
    assert _say(services, f"escalate A{call}") == f"{top} to call."
    assert "已在第 3 级" in _say(services, f"升级 A{call}")
    assert _call(services, call).escalation_level == 3 and _events(services) == before


def test_a_stale_escalate_button_says_who_escalated_first(services: Services) -> None:
    call = _raise(services)
    _say(services, f"escalate A{call} level:1", user="li")
    assert _say(services, f"escalate A{call} level:1", user="bob") == (
        f"Andon A{call} was already escalated to level 1 by li at 10:00."
    )
    assert _say(services, f"升级 A{call} level:1", user="bob") == (
        f"安灯 A{call} 已由 li 于 10:00 升级到第 1 级，无需重复升级。"
    )
    assert _call(services, call).escalation_level == 1


def test_the_loser_is_told_in_chinese_too(services: Services) -> None:
    call = _raise(services)
    _say(services, f"ack A{call}", user="li")
    assert (
        _say(services, f"确认 A{call}", user="bob") == f"安灯 A{call} 已由 li 于 10:00 确认，无需重复操作。"
    )
    assert _call(services, call).acknowledged_by == "li"


def test_a_long_reason_reply_says_how_much_was_kept(services: Services) -> None:
    services = dataclasses.replace(services, max_message_chars=100_000)
    text = _say(services, "andon L3 WD-03 " + "material shortage " * 6000)  # ~100 KB
    assert "(Only the first 500 characters of the reason are kept.)" in text
    with services.sessions() as session:
        call = session.scalars(select(AndonCall).order_by(AndonCall.id.desc())).first()
        assert call is not None and len(call.reason) == 500


def test_a_message_cut_and_a_reason_cut_are_both_told(services: Services) -> None:
    text = _say(services, "安灯 L3 " + "缺料" * 3000)
    assert "只读取了前 4000 个" in text and "原因只保存了前 500 个字符" in text


def test_a_long_problem_title_and_details_are_said_to_be_cut(services: Services) -> None:
    text = _say(services, "problem " + "leak " * 60 + ": " + "drip " * 500)
    assert "(Only the first 200 characters of the title are kept.)" in text
    assert "(Only the first 2000 characters of the details are kept.)" in text
    with services.sessions() as session:
        problem = session.scalars(select(Problem).order_by(Problem.id.desc())).first()
        assert problem is not None and (len(problem.title), len(problem.description)) == (200, 2000)
