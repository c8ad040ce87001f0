"""The problems view through Starlette's TestClient on the sample plant (clock: 21 Nov 2026
10:00 plant time): filters select what the store says, each problem shows its history."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from adapters.cli.web_cmds import build_web_app
from bot import Services, handle
from bot.store import service
from bot.store.models import Event, Problem
from tests.adapters.web.conftest import web_settings
from tests.conftest import message

LOCAL = ("127.0.0.1", 50000)


@pytest.fixture
def client(services: Services, plant_db: str) -> Iterator[TestClient]:
    with TestClient(build_web_app(web_settings(plant_db), services), client=LOCAL) as test_client:
        yield test_client


def listed(client: TestClient, **params: str) -> list[int]:
    page = client.get("/problems", params=params)
    assert page.status_code == 200
    return [int(n) for n in re.findall(r'<tr data-problem="(\d+)">', page.text)]


def _open(services: Services) -> list[Problem]:
    with services.sessions() as session:
        problems = service.open_problems(session)
        for problem in problems:
            _ = problem.line
        session.expunge_all()
        return problems


def test_every_open_problem_is_listed_oldest_first(client: TestClient, services: Services) -> None:
    expected = [p.id for p in _open(services)]
    assert listed(client) == expected and len(expected) > 5


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"line": "L3"}, lambda p, age: p.line is not None and p.line.code == "L3"),
        ({"line": "l3"}, lambda p, age: p.line is not None and p.line.code == "L3"),
        ({"category": "equipment"}, lambda p, age: p.category == "equipment"),
        ({"owner": "Luo Xin"}, lambda p, age: p.assignee == "Luo Xin"),
        ({"age": "3-7"}, lambda p, age: 3 <= age < 7),
        ({"age": "7+"}, lambda p, age: age >= 7),
        ({"line": "L3", "age": "7+"}, lambda p, age: p.line is not None and p.line.code == "L3" and age >= 7),
        ({"category": "no-such-thing"}, lambda p, age: True),  # an unknown category does not filter
    ],
)
def test_filters_select_what_the_store_says(client: TestClient, services: Services, params, keep) -> None:
    now = services.now()
    expected = [p.id for p in _open(services) if keep(p, (now - p.opened_at) / timedelta(days=1))]
    assert listed(client, **params) == expected
    assert expected or params == {}


def test_unassigned_problems_have_their_own_filter(client: TestClient, services: Services) -> None:
    reply = handle(message("problem Oil on the floor near WD-03 line:L3"), services)
    assert reply is not None
    (new,) = set(listed(client, owner="-"))
    assert all(p.assignee for p in _open(services) if p.id != new)
    assert new in listed(client) and new not in listed(client, owner="Luo Xin")


def test_the_filter_form_keeps_its_choices_and_speaks_chinese(client: TestClient) -> None:
    page = client.get("/problems", params={"line": "L3", "category": "equipment", "lang": "zh"}).text
    assert '<option value="L3" selected>L3</option>' in page
    assert '<option value="equipment" selected>设备</option>' in page
    assert "未关闭问题" in page and "已开天数" in page and "筛选" in page
    assert re.search(r"<td>\d+\.\d 天</td>", page)
    english = client.get("/problems", params={"line": "L3"}).text
    assert re.search(r"<td>\d+\.\d d</td>", english) and "Open problems" in english
    assert 'method="get"' in page and "<form" in page and 'method="post"' not in page


def test_a_problem_shows_its_history_in_order(client: TestClient, services: Services) -> None:
    with services.sessions() as session:
        closed = session.scalars(
            select(Problem).where(Problem.status == "closed").order_by(Problem.id)
        ).first()
        assert closed is not None
        events = session.scalars(
            select(Event)
            .where(Event.record_kind == "problem", Event.record_id == closed.id)
            .order_by(Event.at)
        ).all()
        actors = [e.actor for e in events]
    page = client.get(f"/problems/{closed.id}").text
    rows = re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td><td>([^<]+)</td>", page)
    assert [what for _, what in rows] == ["reported", "started", "resolved", "closed"]
    assert [who for who, _ in rows] == actors
    assert f"P{closed.id} · {closed.title}" in page
    chinese = client.get(f"/problems/P{closed.id}", params={"lang": "zh"}).text
    assert "处理记录" in chinese and "已解决 → 已关闭" in chinese


def test_a_change_made_in_chat_appears_in_the_history(client: TestClient, services: Services) -> None:
    (problem_id, *_) = listed(client)
    handle(message(f"assign P{problem_id} @mei", user="lead"), services)
    page = client.get(f"/problems/{problem_id}").text
    assert "assigned" in page.split("<table")[-1] and "lead" in page.split("<table")[-1]


@pytest.mark.parametrize("ref", ["99999", "P99999", "abc"])
def test_an_unknown_problem_is_a_clear_404(client: TestClient, ref: str) -> None:
    page = client.get(f"/problems/{ref}")
    assert page.status_code == 404 and "There is no problem" in page.text
