"""The sample plant's projects (one in each PDCA stage), their figures against `bot.metrics`,
the A3 as Markdown and PNG, the weekly digest and the reminders of overdue countermeasures."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot import Services, metrics
from bot.digest.compute import compute
from bot.digest.period import Week
from bot.digest.render import markdown
from bot.improve.a3 import build
from bot.improve.a3_png import draw
from bot.improve.gates import latest
from bot.improve.models import Action, Project
from bot.improve.reminders import remind_overdue_actions
from bot.improve.service import get_project
from bot.store.models import OutboxMessage
from nl2sql.chart import cjk_font
from tests.conftest import FakeClock
from tests.improve.conftest import project, say


def _by_stage(services: Services) -> dict[str, Project]:
    with services.sessions() as session:
        found = {p.stage: get_project(session, p.id) for p in session.scalars(select(Project))}
        session.expunge_all()
        return found


def test_the_sample_plant_has_a_project_in_each_stage_with_its_figures_from_the_data(
    services: Services,
) -> None:
    projects = _by_stage(services)
    assert set(projects) == {"plan", "do", "check", "act", "closed"}
    assert all(latest(p, "baseline") is not None for p in projects.values())
    assert latest(projects["act"], "check") is not None and latest(projects["closed"], "check") is not None
    scrap = projects["check"]  # scrap pieces of L5 per week, in Chinese
    baseline = latest(scrap, "baseline")
    assert baseline is not None and scrap.language == "zh"
    with services.sessions() as session:
        output = metrics.output_vs_plan(
            session, _midnight(baseline.period_start), _midnight(baseline.period_end + timedelta(days=1)), [5]
        )
    days = (baseline.period_end - baseline.period_start).days + 1
    assert baseline.value == pytest.approx(sum(r.scrap for r in output or []) * 7 / days)
    downtime = projects["act"]  # downtime minutes of a reason, baseline and check
    for kind in ("baseline", "check"):
        reading = latest(downtime, kind)
        assert reading is not None
        with services.sessions() as session:
            rows = metrics.downtime_pareto(
                session,
                _midnight(reading.period_start),
                _midnight(reading.period_end + timedelta(days=1)),
                [5 if downtime.line_id is None else downtime.line_id],
            )
        minutes = sum(r.minutes for r in rows or [] if r.reason == downtime.metric_filter)
        assert reading.value == pytest.approx(
            minutes * 7 / ((reading.period_end - reading.period_start).days + 1)
        )
    overdue = [a for a in projects["do"].actions if a.status == "open"]
    assert overdue and overdue[0].due_date < date(2026, 11, 21)


def _midnight(day: date) -> datetime:
    """Plant-local midnight, as the MES tables keep their times."""
    return datetime.combine(day, time())


def test_the_seeded_check_is_measured_from_the_data_in_the_plants_language(services: Services) -> None:
    check = _by_stage(services)["check"]
    reply = say(services, f"改善 J{check.id} 检查")
    measured = latest(project(services, check.id), "check")
    assert measured is not None
    with services.sessions() as session:
        rows = metrics.output_vs_plan(
            session, _midnight(measured.period_start), _midnight(measured.period_end + timedelta(days=1)), [5]
        )
    days = (measured.period_end - measured.period_start).days + 1
    assert measured.value == pytest.approx(sum(r.scrap for r in rows or []) * 7 / days)
    assert f"改善后 {measured.value:.1f} 件/周" in reply.text


def test_the_a3_is_markdown_and_a_png_that_draws_chinese(services: Services) -> None:
    closed = _by_stage(services)["closed"]
    reply = say(services, f"improve J{closed.id} a3")
    assert reply.image is not None and reply.image.png[:8] == b"\x89PNG\r\n\x1a\n"
    for heading in ("## 1 · Problem (Plan)", "## 4 · Root cause: 5 Whys", "## 6 · Check: before and after"):
        assert heading in reply.text
    assert "| 1 | Re-plan the water spider route for both shifts | Xu Gang |" in reply.text
    assert "Root cause: Nobody owns the route standard since the re-layout" in reply.text
    chinese = say(services, f"改善 J{_by_stage(services)['check'].id} A3")
    assert (
        "## 4 · 根本原因：5个为什么" in chinese.text and "3. 新周转箱采购时没有写明隔板要求" in chinese.text
    )
    assert chinese.image is not None and chinese.image.png[:4] == b"\x89PNG"

    # Missing glyphs are drawn as identical boxes: pages that differ only in Chinese words
    # must then come out the same. They differ, and the same page draws the same twice.
    assert cjk_font() is not None, "the set-up installs a Chinese font (fonts-noto-cjk)"
    with services.sessions() as session:
        page = build(get_project(session, closed.id), services, "zh")
    assert draw(dataclasses.replace(page, title="改善项目")) == draw(
        dataclasses.replace(page, title="改善项目")
    )
    assert draw(dataclasses.replace(page, title="改善项目")) != draw(
        dataclasses.replace(page, title="降低报废")
    )


def test_the_weekly_digest_lists_the_projects_by_stage_at_the_weeks_end(services: Services) -> None:
    # Week 46 ends Sunday 15 Nov; the Plan project was opened on 18 Nov.
    digest = say(services, "digest").text
    assert "*Improvement projects:* Plan 0 · Do 1 (J4) · Check 1 (J3) · Act 1 (J2) · Closed 1 (J1)" in digest
    assert (
        "*改善项目：* 计划 0 · 实施 1 (J4) · 检查 1 (J3) · 标准化 1 (J2) · 已结项 1 (J1)"
        in say(services, "周报").text
    )
    with services.sessions() as session:
        document = markdown(compute(session, services, Week.parse("2026-W47")), "en")
    section = document[document.index("## Improvement projects (PDCA)") :]
    assert "| Plan | J5 Repeat andon on L6" in section and "| Closed | J1 Repeat andon on L1" in section
    assert (
        "Overdue countermeasures: J4 #2 “Stagger breaks so one robot cell keeps running” — Lin Mei" in section
    )


def test_overdue_countermeasures_are_reminded_once_a_day_until_done(
    services: Services, clock: FakeClock
) -> None:
    do = _by_stage(services)["do"]
    reminded = remind_overdue_actions(services)
    assert len(reminded) == 1
    assert remind_overdue_actions(services) == []  # once a day
    with services.sessions() as session:
        [note] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key.like("project:%"))
        ).all()
        action = session.get(Action, reminded[0])
        assert action is not None
    assert (note.platform, note.channel, note.kind) == ("console", "line-4", "post")
    text = str(note.payload["text"])
    assert f"⏰ J{do.id} countermeasure {action.position}" in text and "owner: Lin Mei" in text
    assert "overdue by 5 d (due 2026-11-16)" in text
    clock.advance(days=1)
    assert remind_overdue_actions(services) == reminded
    say(services, f"improve J{do.id} done {action.position}")
    clock.advance(days=1)
    assert remind_overdue_actions(services) == []
