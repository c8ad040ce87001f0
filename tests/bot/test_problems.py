"""Problem reports from chat: log, list, assign, start, resolve, close, reject."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from bot import Services, handle
from bot.store import lifecycle
from bot.store.models import Event, Problem
from tests.conftest import message


def _last(services: Services) -> Problem:
    with services.sessions() as session:
        query = select(Problem).options(joinedload(Problem.line), joinedload(Problem.station))
        return session.scalars(query.order_by(Problem.id.desc())).first()


def test_logging_a_problem_reads_title_details_location_and_options(services: Services) -> None:
    reply = handle(message("problem Oil leak at PR-07: hose weeping, tray placed priority:high"), services)
    problem = _last(services)
    assert f"Problem P{problem.id} logged: Oil leak at PR-07 (equipment, high, due 2026-11-24)." == reply.text
    assert (problem.title, problem.description) == ("Oil leak at PR-07", "hose weeping, tray placed")
    assert (problem.line.code, problem.station.code, problem.reporter) == ("L2", "PR-07", "ana")
    assert problem.due_date == date(2026, 11, 24)


def test_chinese_problem_with_chinese_options(services: Services) -> None:
    reply = handle(
        message("问题 3号线焊点气孔增多：夜班更明显 类别:质量 优先级:紧急 到期:2026-11-25"), services
    )
    problem = _last(services)
    assert reply.text.startswith(
        f"问题 P{problem.id} 已登记：3号线焊点气孔增多（质量，紧急，2026-11-25 到期）"
    )
    assert (problem.category, problem.priority, problem.line.code) == ("quality", "critical", "L3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("problem", "Give the problem a title"),
        ("问题", "请给问题一个标题"),
        ("problem Leak priority:extreme", "I can't read *extreme*: priority: low, medium, high, critical."),
        ("problem Leak due:tomorrow", "I can't read *tomorrow*: due: YYYY-MM-DD."),
        ("problem Leak line:L42", "There is no line *L42*"),
        ("start P999999", "There is no problem P999999."),
        ("start 17", "*17* is not a problem number; use e.g. P5."),
        ("assign P1", "Usage: `assign P5 <name|me>`"),
    ],
)
def test_bad_problem_input_gets_a_clear_answer(services: Services, text: str, expected: str) -> None:
    assert expected in handle(message(text), services).text


def test_lifecycle_with_assignee_and_audit_trail(services: Services) -> None:
    handle(message("problem Fastener kanban runs empty"), services)
    ref = f"P{_last(services).id}"
    assert "assigned to bob" in handle(message(f"assign {ref} @bob"), services).text
    assert "指派给 carol" in handle(message(f"指派 {ref} 我", user="carol"), services).text
    handle(message(f"start {ref}", user="carol"), services)
    handle(message(f"resolve {ref} two-bin kanban introduced", user="carol"), services)
    handle(message(f"close {ref}", user="ana"), services)
    problem = _last(services)
    assert (problem.status, problem.assignee, problem.countermeasure) == (
        "closed",
        "carol",
        "two-bin kanban introduced",
    )
    assert (problem.started_by, problem.resolved_by, problem.closed_by) == ("carol", "carol", "ana")
    with services.sessions() as session:
        actions = session.scalars(
            select(Event.action)
            .where(Event.record_kind == "problem", Event.record_id == problem.id)
            .order_by(Event.id)
        ).all()
    assert actions == ["open", "assign", "assign", "start", "resolve", "close"]


STATES = ("open", "in_progress", "resolved", "closed", "rejected")
REACH = {
    "open": [],
    "in_progress": ["start"],
    "resolved": ["resolve"],
    "closed": ["resolve", "close"],
    "rejected": ["reject"],
}
COMMAND = {
    "start": "start {ref}",
    "resolve": "resolve {ref}",
    "close": "close {ref}",
    "reject": "reject {ref}",
    "assign": "assign {ref} dan",
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", sorted(lifecycle.PROBLEM))
def test_every_transition(services: Services, state: str, action: str) -> None:
    handle(message("problem Scrap bins overflowing"), services)
    ref = f"P{_last(services).id}"
    for step in REACH[state]:
        handle(message(COMMAND[step].format(ref=ref)), services)
    assert _last(services).status == state
    reply = handle(message(COMMAND[action].format(ref=ref)), services)
    if state in lifecycle.PROBLEM[action].sources:
        assert _last(services).status == (lifecycle.PROBLEM[action].to or state)
    else:
        assert _last(services).status == state
        assert f"Problem {ref} " in reply.text
        assert "it cannot be" in reply.text or "was already" in reply.text


def test_open_problems_are_listed_with_owner_age_and_overdue_mark(services: Services) -> None:
    reply = handle(message("problems"), services)
    assert reply.title.startswith("Open problems (")
    assert reply.table.columns == ["#", "Title", "Status", "Owner", "Age", "Due"]
    assert any(str(row[5]).endswith("⚠") for row in reply.table.rows), "the sample plant has overdue problems"
    assert handle(message("问题列表"), services).table.columns[1] == "标题"
