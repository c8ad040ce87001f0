"""A project through Plan → Do → Check → Act from chat, in English and in Chinese: every gate
refuses until it is met, and every figure is the one `bot.metrics` computes from the data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import Services, metrics
from bot.improve.gates import latest
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import upgrade
from bot.store.models import AndonCall, Event, Line, Problem
from knowledge import FakeEmbedder, Library
from tests.conftest import FakeClock
from tests.improve.conftest import opened_ref, project, say, utc

# The plant's clock stands on Saturday 21 Nov 2026: the baseline is the four weeks before
# the week of 16 Nov, Monday 19 Oct to Sunday 15 Nov.
BASELINE = (date(2026, 10, 19), date(2026, 11, 15))


def _andon_calls_per_week(services: Services, line: str, category: str, first: date, last: date) -> float:
    with services.sessions() as session:
        line_id = session.scalars(select(Line.id).where(Line.code == line)).one()
        found = metrics.andon_figures(session, utc(first), utc(last + timedelta(days=1)), [line_id])
    return dict(found.by_category).get(category, 0) * 7 / ((last - first).days + 1)


def test_an_english_project_goes_round_the_cycle_and_each_gate_says_what_is_missing(
    services: Services, clock: FakeClock
) -> None:
    ref = opened_ref(say(services, "improve Cut material shortage on L3"))
    j = f"J{ref}"
    refused = say(services, f"improve {j} next").text
    assert f"{j} cannot leave Plan yet" in refused
    for gap in ("a problem statement", "a figure with its baseline", "a target", "at least 3 whys (has 0)"):
        assert gap in refused
    assert project(services, ref).stage == "plan"

    say(services, f"improve {j} problem L3 stops for fasteners several times a shift")
    shown = say(services, f"improve {j} figure andon L3 material").text
    expected = _andon_calls_per_week(services, "L3", "material", *BASELINE)
    baseline = latest(project(services, ref), "baseline")
    assert baseline is not None and baseline.value == pytest.approx(expected)
    assert (baseline.period_start, baseline.period_end) == BASELINE
    assert f"Baseline {expected:.1f} calls/week (2026-10-19 – 2026-11-15" in shown
    assert "target" in say(services, f"improve {j} target -30%").text
    assert project(services, ref).target_value == pytest.approx(round(expected * 0.7, 2))
    say(services, f"improve {j} why the fastener kanban card is not returned")
    say(services, f"improve {j} why there is no post for empty cards")
    assert "at least 3 whys (has 2)" in say(services, f"improve {j} next").text
    third = say(services, f"improve {j} why the card post was removed in the re-layout")
    assert "The gate of Plan is open" in third.text
    assert third.buttons[0].command == f"improve {j} next"
    assert f"{j} moved from Plan to Do by ana" in say(services, f"improve {j} next").text

    assert "has no countermeasure 1" in say(services, f"improve {j} done 1").text
    assert "owner and due date" in say(services, f"improve {j} action Kanban post at WD-03").text
    say(services, f'improve {j} action Kanban post at WD-03 owner:"Li Na" due:2026-11-25')
    assert "all countermeasures done (open: 1)" in say(services, f"improve {j} next").text
    assert "done by bo" in say(services, f"improve {j} done 1", user="bo").text
    assert "already marked done by bo" in say(services, f"improve {j} done 1").text
    say(services, f"improve {j} next")

    too_soon = say(services, f"improve {j} check").text
    assert "Too soon to check" in too_soon and "from 2026-11-29 on" in too_soon
    for _ in range(2):  # two material calls after the countermeasure (23 and 25 Nov), one of another kind
        clock.advance(days=2)
        say(services, "andon L3 WD-03 material shortage")
    say(services, "andon L3 WD-03 gauge out of tolerance quality")
    clock.advance(days=5)  # Monday 30 Nov: 22–29 Nov are whole days after the countermeasure
    checked = say(services, f"improve {j} check").text
    after = _andon_calls_per_week(services, "L3", "material", date(2026, 11, 22), date(2026, 11, 29))
    assert after == pytest.approx(2 * 7 / 8)
    stored = latest(project(services, ref), "check")
    assert stored is not None and stored.value == pytest.approx(after)
    assert f"after {after:.1f} calls/week (2026-11-22 – 2026-11-29)" in checked
    assert "met" in checked
    say(services, f"improve {j} next")

    assert "the new standard" in say(services, f"improve {j} next").text
    assert "Playbook search is not set up" in say(services, f"improve {j} playbook kanban").text
    say(services, f"improve {j} draft # Fastener kanban\n1. Empty cards go to the post at WD-03.")
    assert "is closed" in say(services, f"improve {j} next").text
    assert "is closed; there is no next stage" in say(services, f"improve {j} next").text
    assert "it can be done only in" not in say(services, f"improve {j}").text
    with services.sessions() as session:
        moves = session.execute(
            select(Event.from_status, Event.to_status, Event.actor)
            .where(Event.record_kind == "improve", Event.record_id == ref, Event.action == "advance")
            .order_by(Event.id)
        ).all()
    assert [tuple(m) for m in moves] == [
        ("plan", "do", "ana"),
        ("do", "check", "ana"),
        ("check", "act", "ana"),
        ("act", "closed", "ana"),
    ]


def test_a_step_outside_its_stage_is_refused_with_the_stage_it_belongs_to(services: Services) -> None:
    ref = opened_ref(say(services, "improve Shorter die changes on L1"))
    assert (
        f"J{ref} is in stage Plan; that can be done only in Do"
        in say(services, f"improve J{ref} done 1").text
    )
    assert "只能在检查阶段做" in say(services, f"改善 J{ref} 检查").text
    assert "There is no improvement project J999" in say(services, "improve J999").text
    refused = say(services, "improve from andon L3 paint").text
    assert "There is no *paint* for this figure. Valid: material, quality, equipment" in refused
    assert "I don't know *sing* for a project" in say(services, f"improve J{ref} sing").text


@pytest.fixture
def with_playbooks(services: Services, tmp_path: Path) -> Services:
    services.knowledge = Library([], tmp_path / "index", FakeEmbedder())
    return services


def test_a_chinese_project_from_repeat_andon_calls_goes_round_the_cycle(
    with_playbooks: Services, clock: FakeClock
) -> None:
    services = with_playbooks
    opened = say(services, "改善 来自 安灯 3号线 物料")
    ref, j = opened_ref(opened), f"J{opened_ref(opened)}"
    with services.sessions() as session:  # the line's most frequent material reason, counted afresh
        rows = session.execute(
            select(AndonCall.reason, func.count())
            .where(
                AndonCall.line_id == 3,
                AndonCall.category == "material",
                AndonCall.status != "cancelled",
                AndonCall.raised_at >= utc(BASELINE[0]),
                AndonCall.raised_at < utc(BASELINE[1] + timedelta(days=1)),
            )
            .group_by(AndonCall.reason)
        ).all()
    reason, calls = min(rows, key=lambda row: (-row[1], row[0]))
    assert f"改善项目 {j} 已立项：L3 重复安灯：{reason}" in opened.text
    assert f"因“{reason}”（物料）拉了 {calls} 次安灯" in opened.text
    expected = _andon_calls_per_week(services, "L3", "material", *BASELINE)
    assert latest(project(services, ref), "baseline").value == pytest.approx(expected)  # type: ignore[union-attr]
    assert f"*基线：* {expected:.1f} 次/周" in opened.text
    refused = say(services, f"改善 {j} 下一步").text
    assert (
        f"{j} 还不能结束计划阶段" in refused
        and "目标" in refused
        and "至少 3 个为什么（现有 0 个）" in refused
    )

    say(services, f"改善 {j} 目标 10")
    for why in ("看板卡没有及时回收", "空卡没有固定的投放点", "重新布局时拆掉了看板卡箱"):
        say(services, f"改善 {j} 为什么 {why}")
    assert "从计划推进到实施" in say(services, f"改善 {j} 下一步").text
    say(services, f"改善 {j} 对策 恢复看板卡箱 负责人:李娜 到期:2026-11-24")
    say(services, f"改善 {j} 对策 水蜘蛛每小时巡线 负责人:我 到期:2026-11-26")
    assert "全部对策完成（未完成：1, 2）" in say(services, f"改善 {j} 下一步").text
    say(services, f"改善 {j} 完成 1")
    say(services, f"改善 {j} 完成 2")
    say(services, f"改善 {j} 下一步")
    assert "还不能检查" in say(services, f"改善 {j} 检查").text
    clock.advance(days=9)
    checked = say(services, f"改善 {j} 检查").text
    after = _andon_calls_per_week(services, "L3", "material", date(2026, 11, 22), date(2026, 11, 29))
    assert (
        f"改善后 {after:.1f} 次/周（2026-11-22 – 2026-11-29）" in checked
        and "目标 10.0 次/周：已达成" in checked
    )
    say(services, f"改善 {j} 下一步")
    linked = say(services, f"改善 {j} 标准 物料短缺 安灯响应").text
    assert "已链接作业指导章节" in linked and "物料" in linked
    assert "已结项" in say(services, f"改善 {j} 下一步").text
    assert project(services, ref).playbook_link


def test_a_project_opened_from_a_problem_takes_its_line_and_statement(services: Services) -> None:
    with services.sessions() as session:
        problem = session.scalars(select(Problem).where(Problem.line_id == 5).order_by(Problem.id)).first()
        assert problem is not None
    reply = say(services, f"improve from P{problem.id}")
    opened = project(services, opened_ref(reply))
    assert (opened.source, opened.problem_id, opened.line_id) == ("problem", problem.id, 5)
    assert opened.problem_statement and opened.problem_statement.startswith(problem.title)
    assert f"Opened from:* P{problem.id}" in reply.text
    assert "There is no problem P99999" in say(services, "improve from P99999").text


def test_a_plant_without_mes_tables_is_told_which_figure_it_lacks(tmp_path: Path, clock: FakeClock) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    services = Services(sessions=make_sessions(engine), clock=clock)
    with transaction(services.sessions) as session:
        session.add(Line(code="L1", name="Line 1", name_zh="1号线"))
    ref = opened_ref(say(services, "improve Less scrap on L1"))
    assert (
        "This plant has no data for Scrap pieces per week"
        in say(services, f"improve J{ref} figure scrap").text
    )
    assert "本工厂没有 每周停机分钟 的数据" in say(services, f"改善 J{ref} 指标 停机 1号线").text
    assert "calls/week" in say(services, f"improve J{ref} figure andon L1").text  # the store has andon calls
    engine.dispose()
