"""Roles: who may acknowledge, resolve, cancel, close, reject or reassign, what refusals say,
which tables a role may ask about, and that every change keeps who made it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select, text

from bot import Services, handle
from bot.commands.ask import limited
from bot.errors import BotError
from bot.escalation import escalate_due
from bot.ladder import Matrix, WorkingHours
from bot.roles import load_roles, parse_roles
from bot.store.db import make_engine
from bot.store.models import AndonCall, Event, Problem
from bot.types import Message
from nl2sql import NL2SQL, Catalog, Column, RowScope, Source, TableInfo
from tests.conftest import FakeClock, message
from tests.nl2sql.conftest import plant_catalog

ROLES_FILE = """
people:
  U0LI: team_lead
  li: team_lead
  mo: maintenance
  "name:Qiu": quality
  boss: admin
groups:
  S0MAINT: maintenance
  "dingtalk:880": quality
data:
  operator: [problems, lines]
"""


@pytest.fixture
def with_roles(services: Services, tmp_path: Path) -> Services:
    path = tmp_path / "roles.yaml"
    path.write_text(ROLES_FILE, encoding="utf-8")
    return dataclasses.replace(services, roles=load_roles(path))


def _say(services: Services, text: str, user: str = "ana", **fields: Any) -> str:
    reply = handle(dataclasses.replace(message(text, user=user), **fields), services)
    assert reply is not None
    return reply.text


def _number(text: str) -> int:
    return int(text.split()[1][1:])


def _status(services: Services, model: type[AndonCall] | type[Problem], record_id: int) -> str:
    with services.sessions() as session:
        status = session.scalar(select(model.status).where(model.id == record_id))
        assert status is not None
        return status


def test_without_a_roles_file_everyone_is_a_team_lead(services: Services) -> None:
    call = _number(_say(services, "andon L3 material shortage"))
    assert "acknowledged by bob" in _say(services, f"ack A{call}", user="bob")
    problem = _number(_say(services, "problem Oil leak line:L3"))
    assert "rejected by carol" in _say(services, f"reject P{problem} duplicate", user="carol")


def test_an_operator_may_raise_but_not_acknowledge_and_is_told_who_may(with_roles: Services) -> None:
    call = _number(_say(with_roles, "andon L3 material shortage"))
    refusal = _say(with_roles, f"ack A{call}", user="bob")
    who = "a team lead, a maintenance technician, a quality engineer or a manager"
    assert refusal == f"Only {who} may acknowledge A{call}."
    assert _status(with_roles, AndonCall, call) == "raised"
    assert _say(with_roles, f"确认 A{call}", user="bob") == (
        f"只有班组长、维修人员、质量工程师或经理可以确认 A{call}。"
    )
    assert "acknowledged by mo" in _say(with_roles, f"ack A{call}", user="mo")


def test_the_reporter_may_cancel_their_own_call_and_nobody_else_below_a_lead(with_roles: Services) -> None:
    call = _number(_say(with_roles, "andon L3 wrong part loaded"))
    assert _say(with_roles, f"cancel A{call}", user="bob") == (
        f"Only the reporter (ana), a team lead or a manager may cancel A{call}."
    )
    assert "cancelled by ana" in _say(with_roles, f"cancel A{call}", user="ana")


def test_only_the_owner_or_a_lead_may_close_a_problem(with_roles: Services) -> None:
    problem = _number(_say(with_roles, "problem Oil leak at WD-03 line:L3"))
    assert "assigned to mo by li" in _say(with_roles, f"assign P{problem} mo", user="li")
    assert "resolved by mo" in _say(with_roles, f"resolve P{problem} new hose", user="mo")
    assert _say(with_roles, f"close P{problem}", user="ana") == (
        f"Only the owner (mo), a team lead or a manager may close P{problem}."
    )
    assert (
        _say(with_roles, f"关闭 P{problem}", user="ana")
        == f"只有负责人（mo）、班组长或经理可以关闭 P{problem}。"
    )
    assert _status(with_roles, Problem, problem) == "resolved"
    assert "closed by mo" in _say(with_roles, f"close P{problem}", user="mo")


def test_reassigning_and_rejecting_are_for_leads(with_roles: Services) -> None:
    problem = _number(_say(with_roles, "problem Guard loose line:L3"))
    assert "may reassign" in _say(with_roles, f"assign P{problem} me", user="bob")
    assert "may reject" in _say(with_roles, f"reject P{problem}", user="mo")
    assert "rejected by Qiu" in _say(with_roles, f"reject P{problem} duplicate", user="u7", user_name="Qiu")


def test_an_admin_may_do_anything(with_roles: Services) -> None:
    problem = _number(_say(with_roles, "problem Guard loose line:L3"))
    assert "assigned to zoe by boss" in _say(with_roles, f"assign P{problem} zoe", user="boss")
    assert "rejected by boss" in _say(with_roles, f"reject P{problem}", user="boss")


def test_roles_come_from_user_ids_groups_and_departments(with_roles: Services) -> None:
    roles = with_roles.roles
    assert roles is not None
    slack = Message("slack", "C1", "U0LI", "x", user_name="Li Wei")
    assert roles.of(slack) == {"team_lead"}
    assert roles.of(Message("slack", "C1", "U0ZED", "x", groups=("S0MAINT",))) == {"maintenance"}
    assert roles.of(Message("dingtalk", "cid", "staff9", "x", groups=("880",))) == {"quality"}
    assert roles.of(Message("slack", "C1", "U0ZED", "x", groups=("880",))) == {"operator"}  # not Slack's
    call = _number(_say(with_roles, "andon L3 feeder jam"))
    assert "acknowledged by zed" in _say(with_roles, f"ack A{call}", user="zed", groups=("S0MAINT",))


def test_a_bad_roles_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text("people:\n  li: foreman\n", encoding="utf-8")
    with pytest.raises(BotError) as error:
        load_roles(path)
    assert error.value.key == "roles_bad_file" and "foreman" in str(error.value.params["why"])
    with pytest.raises(BotError):
        load_roles(tmp_path / "missing.yaml")


def test_every_change_keeps_who_made_it_in_the_event_log(with_roles: Services, clock: FakeClock) -> None:
    call = _number(_say(with_roles, "andon L3 WD-03 robot fault", user="ana"))
    clock.advance(minutes=6)
    assert escalate_due(with_roles, Matrix(), WorkingHours.parse("always")) == [(call, 1)]
    _say(with_roles, f"escalate A{call} level:2", user="bob")
    _say(with_roles, f"ack A{call}", user="mo")
    _say(with_roles, f"resolve A{call} reset", user="li")
    problem = _number(_say(with_roles, "problem Robot faults repeat line:L3", user="ana"))
    _say(with_roles, f"assign P{problem} mo", user="li")
    _say(with_roles, f"start P{problem}", user="mo")
    _say(with_roles, f"snooze P{problem} 2", user="mo")
    _say(with_roles, f"resolve P{problem} new cable", user="mo")
    _say(with_roles, f"close P{problem}", user="li")
    with with_roles.sessions() as session:
        trail = session.execute(
            select(Event.record_kind, Event.action, Event.actor)
            .where(
                ((Event.record_kind == "andon") & (Event.record_id == call))
                | ((Event.record_kind == "problem") & (Event.record_id == problem))
            )
            .order_by(Event.id)
        ).all()
    assert [tuple(row) for row in trail] == [
        ("andon", "raise", "ana"),
        ("andon", "escalate", "gemba"),
        ("andon", "escalate", "bob"),
        ("andon", "acknowledge", "mo"),
        ("andon", "resolve", "li"),
        ("problem", "open", "ana"),
        ("problem", "assign", "li"),
        ("problem", "start", "mo"),
        ("problem", "snooze", "mo"),
        ("problem", "resolve", "mo"),
        ("problem", "close", "li"),
    ]


@pytest.fixture
def asking(with_roles: Services, plant_db: str) -> Iterator[Services]:
    engine = make_engine(plant_db)
    nl2sql = NL2SQL(
        [Source("plant", engine, plant_catalog(engine))], timezone=with_roles.timezone, charts=False
    )
    yield dataclasses.replace(with_roles, nl2sql=nl2sql)
    engine.dispose()


def test_a_role_asks_only_about_its_tables(asking: Services) -> None:
    lead = handle(message("how many andon calls on line 3 last week?", user="li"), asking)
    assert lead is not None and lead.code is not None and "andon_calls" in lead.code
    operator = handle(message("how many andon calls on line 3 last week?", user="bob"), asking)
    assert operator is not None and (operator.code is None or "andon_calls" not in operator.code)
    assert not operator.text.startswith("Andon calls")
    assert "andon_calls" not in str(operator.context.get("sql"))
    problems = handle(message("how many problems are open?", user="bob"), asking)
    assert problems is not None and problems.code is not None and "problems" in problems.code


def test_a_role_without_tables_here_is_told(asking: Services) -> None:
    roles = asking.roles
    assert roles is not None
    nothing = dataclasses.replace(roles, data={"operator": frozenset({"payroll"})})
    reply = handle(
        message("how many andon calls last week?", user="bob"), dataclasses.replace(asking, roles=nothing)
    )
    assert (
        reply is not None
        and reply.text == "Your role may not ask about the data here; ask your admin for access."
    )


ROWS_FILE = """
people:
  li: team_lead
  boss: admin
  wu: [operator, quality]
rows:
  operator: {lines: [L3]}
  quality: {lines: [L4]}
"""


@pytest.fixture
def by_line(asking: Services, tmp_path: Path) -> Services:
    path = tmp_path / "rows.yaml"
    path.write_text(ROWS_FILE, encoding="utf-8")
    return dataclasses.replace(asking, roles=load_roles(path))


def _count(services: Services, text: str, user: str) -> tuple[int, str, str]:
    reply = handle(message(text, user=user), services)
    assert reply is not None and reply.context.get("rows"), reply and reply.text
    context: dict[str, Any] = reply.context
    return context["rows"][0][0], context["interpretation"], context["sql"]


def test_an_operator_limited_to_a_line_counts_only_its_rows(by_line: Services) -> None:
    everyone, said, _sql = _count(by_line, "how many andon calls last week?", "li")
    line_3, _said, _sql = _count(by_line, "how many andon calls on line 3 last week?", "li")
    assert everyone > line_3 > 0 and "only" not in said
    count, said, sql = _count(by_line, "how many andon calls last week?", "bob")
    assert count == line_3 and said.endswith("· only L3") and "IN ('L3')" in sql
    count, said, _sql = _count(by_line, "上周有多少次安灯？", "bob")
    assert count == line_3 and said.endswith("· 仅限 L3")
    assert _count(by_line, "how many andon calls on line 4 last week?", "bob")[0] == 0
    assert _count(by_line, "how many andon calls last week?", "boss")[0] == everyone  # an admin: all
    line_4 = _count(by_line, "how many andon calls on line 4 last week?", "li")[0]
    both, said, _sql = _count(by_line, "how many andon calls last week?", "wu")  # two roles: the union
    assert both == line_3 + line_4 and said.endswith("· only L3, L4")


def test_rows_can_be_limited_by_area(asking: Services) -> None:
    with asking.sessions() as session:
        area = session.scalars(text("SELECT area FROM lines ORDER BY code")).first()
        names = session.scalars(text("SELECT name FROM lines WHERE area = :area"), {"area": area}).all()
        every = session.scalars(text("SELECT name FROM lines")).all()
    assert area and 0 < len(names) < len(every)
    roles = parse_roles({"rows": {"operator": {"areas": [area]}}})
    assert roles.scope_for(message("x", user="bob")) == RowScope("lines", "area", frozenset({area}))
    reply = handle(
        message("how many stations per line?", user="bob"), dataclasses.replace(asking, roles=roles)
    )
    assert reply is not None
    context: dict[str, Any] = reply.context
    assert sorted(row[0] for row in context["rows"]) == sorted(names)
    assert context["interpretation"].endswith(f"· only {area}")


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ({"operator": ["L3"]}, "write {lines: [L3, L4]}"),
        ({"operator": {"stations": ["PR-07"]}}, "write {lines: [L3, L4]}"),
        ({"operator": {"lines": []}}, "list the lines by name"),
        ({"foreman": {"lines": ["L3"]}}, "unknown role 'foreman'"),
        ({"operator": {"lines": ["L3"]}, "quality": {"areas": ["Welding"]}}, "the same kind"),
    ],
)
def test_a_bad_rows_section_is_named(tmp_path: Path, rows: dict[str, Any], why: str) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump({"rows": rows}), encoding="utf-8")
    with pytest.raises(BotError) as error:
        load_roles(path)
    assert error.value.key == "roles_bad_file" and why in str(error.value.params["why"])


def test_a_role_limited_by_rows_and_tables_must_read_lines() -> None:
    with pytest.raises(ValueError, match="must list lines"):
        parse_roles({"data": {"operator": ["andon_calls"]}, "rows": {"operator": {"lines": ["L3"]}}})


def test_a_table_whose_rows_cannot_be_limited_is_not_read() -> None:
    line_id = Column("line_id", "int", references=("lines", "id"))
    catalog = Catalog(
        "sqlite",
        {
            "lines": TableInfo("lines", [Column("id", "int"), Column("code", "text")]),
            "stations": TableInfo("stations", [Column("id", "int"), line_id]),
            "readings": TableInfo("readings", [Column("station_id", "int", references=("stations", "id"))]),
            "calls": TableInfo("calls", [line_id]),
            "shifts": TableInfo("shifts", [Column("id", "int")]),
        },
    )
    nl2sql = NL2SQL([Source("plant", None, catalog)])  # type: ignore[arg-type]
    tables = frozenset({"readings", "calls", "shifts", "lines"})
    only_l3 = RowScope("lines", "code", frozenset({"L3"}))
    # Readings reach lines only through stations, left out: they could not be limited.
    assert sorted(limited(nl2sql, tables, only_l3).sources[0].catalog.tables) == ["calls", "lines", "shifts"]
    assert sorted(limited(nl2sql, tables).sources[0].catalog.tables) == [
        "calls",
        "lines",
        "readings",
        "shifts",
    ]


def test_a_table_a_line_limit_cannot_reach_is_read_only_when_the_roles_file_names_it(
    asking: Services, tmp_path: Path
) -> None:
    """The event log is tied to no line by a key: a line-limited operator does not read it,
    unless the roles file lists it for the role; an admin reads it all."""
    question = "how many acknowledge actions in the event log last week?"
    path = tmp_path / "rows.yaml"
    path.write_text(ROWS_FILE, encoding="utf-8")
    limited = dataclasses.replace(asking, roles=load_roles(path))
    operator = handle(message(question, user="bob"), limited)
    assert operator is not None and '"events"' not in (operator.code or "")  # never the event log
    assert '"events"' in _count(limited, question, "boss")[2]
    path.write_text(ROWS_FILE + "data:\n  operator: [events, lines, andon_calls]\n", encoding="utf-8")
    named = dataclasses.replace(asking, roles=load_roles(path))
    count, _said, sql = _count(named, question, "bob")
    assert '"events"' in sql and count == _count(limited, question, "boss")[0]
