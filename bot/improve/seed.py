"""The sample plant's improvement projects: one in each PDCA stage and one closed, opened
and taken through their steps by the same store functions chat uses, with every figure
measured by `bot.improve.figures` from the plant's seeded data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, cast

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session

from bot.improve import service
from bot.improve.figures import BY_NAME, baseline_period, check_period, measure
from bot.improve.models import Action, Measurement, Project, Why
from bot.improve.patterns import top_repeat_reason
from bot.store.models import Line, Problem
from bot.store.service import Origin

if TYPE_CHECKING:  # the seed hook imports this module
    from bot.sample_plant.routines import SeedPlant

#: Where a closed project's standard went, by the andon category it worked on.
PLAYBOOKS = {
    "material": "Andon response: material shortage › Steps",
    "equipment": "Andon response: machine breakdown › Steps",
    "quality": "Andon response: quality defect › Steps",
}
STANDARD_WORK = "Standard work › Steps"
_TABLES = (Project, Why, Action, Measurement)
OLDEST = 47  # days before the plant's last day that its oldest project was opened


class _Walk:
    """One project taken through its steps, each on a plant day of its own."""

    def __init__(self, session: Session, plant: SeedPlant, project: Project) -> None:
        self.session, self.plant, self.project = session, plant, project

    def at(self, day: date, hour: int = 10) -> datetime:
        return self.plant.utc(datetime.combine(day, time(hour, self.plant.rng.randrange(60))))

    def figure(self, day: date, name: str, line: Line, filter_value: str | None) -> None:
        first, last = baseline_period(day)
        reading = measure(
            self.session,
            BY_NAME[name],
            line_id=line.id,
            filter_value=filter_value,
            first=first,
            last=last,
            timezone=self.plant.timezone,
        )
        service.set_figure(
            self.session,
            project=self.project,
            figure=BY_NAME[name],
            line=line,
            filter_value=filter_value,
            reading=reading,
            actor=self.project.leader,
            now=self.at(day),
        )

    def plan(self, day: date, *, target_share: float | None, whys: tuple[str, ...]) -> None:
        for why in whys:
            service.add_why(
                self.session, project=self.project, answer=why, actor=self.project.leader, now=self.at(day)
            )
        baseline = self.project.measurements[-1].value
        if target_share is not None:
            self._edit(day, "plan", {"target_value": round(baseline * target_share, 2)}, "target")

    def act(self, day: date, actions: tuple[tuple[str, str, int, int | None], ...]) -> None:
        """Countermeasures (text, owner, due in days, done after days or None) added on `day`."""
        for text, owner, due, _done in actions:
            service.add_action(
                self.session,
                project=self.project,
                text=text,
                owner=owner,
                due=day + timedelta(days=due),
                actor=self.project.leader,
                now=self.at(day),
            )
        for number, (_text, owner, _due, done) in enumerate(actions, start=1):
            if done is not None:
                service.mark_done(
                    self.session,
                    project=self.project,
                    position=number,
                    actor=owner,
                    now=self.at(day + timedelta(days=done), 15),
                )

    def next(self, day: date) -> None:
        service.advance(self.session, project=self.project, actor=self.project.leader, now=self.at(day, 16))

    def check(self, day: date) -> None:
        done = max(a.done_at for a in self.project.actions if a.done_at is not None)
        period = check_period(done.replace(tzinfo=UTC).astimezone(self.plant.timezone).date(), day)
        assert period is not None
        figure = BY_NAME[self.project.metric or ""]
        assert self.project.line_id is not None
        reading = measure(
            self.session,
            figure,
            line_id=self.project.line_id,
            filter_value=self.project.metric_filter,
            first=period[0],
            last=period[1],
            timezone=self.plant.timezone,
        )
        service.record_check(
            self.session, project=self.project, reading=reading, actor=self.project.leader, now=self.at(day)
        )

    def _edit(self, day: date, stage: str, values: dict[str, object], action: str) -> None:
        service.edit(
            self.session,
            project=self.project,
            stage=stage,
            values=values,
            action=action,
            actor=self.project.leader,
            now=self.at(day),
        )


def seed(connection: Connection, plant: SeedPlant) -> dict[Table, int]:
    """Five projects on the plant's lines: closed, Act, Check, Do and Plan (oldest first)."""
    session = Session(bind=connection)
    try:
        lines = {line.code: line for line in session.scalars(select(Line))}
        if not {"L1", "L3", "L4", "L5", "L6"} <= lines.keys():
            return {}
        end, people = plant.end, plant.people
        if plant.start > baseline_period(end - timedelta(days=OLDEST))[0]:
            return {}  # too little history to measure the oldest project's baseline from
        _closed(session, plant, lines["L1"], end - timedelta(days=OLDEST), people)
        _in_act(session, plant, lines["L3"], end - timedelta(days=33), people)
        _in_check(session, plant, lines["L5"], end - timedelta(days=26), people)
        _in_do(session, plant, lines["L4"], end - timedelta(days=14), people)
        _in_plan(session, plant, lines["L6"], end - timedelta(days=3), people)
        session.flush()
        return {
            cast(Table, model.__table__): int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in _TABLES
        }
    finally:
        session.close()


def _open(
    session: Session,
    plant: SeedPlant,
    day: date,
    *,
    title: str,
    source: str,
    line: Line,
    leader: str,
    statement: str | None,
    language: str = "en",
    problem: Problem | None = None,
) -> _Walk:
    project = service.open_project(
        session,
        title=title,
        source=source,
        line=line,
        problem=problem,
        statement=statement,
        leader=leader,
        origin=Origin("console", "", f"line-{line.id}"),
        language=language,
        now=plant.utc(datetime.combine(day, time(9, plant.rng.randrange(60)))),
    )
    return _Walk(session, plant, project)


def _from_andon(session: Session, plant: SeedPlant, line: Line, day: date, leader: str) -> tuple[_Walk, str]:
    first, last = baseline_period(day)
    found = top_repeat_reason(
        session, line_id=line.id, category=None, first=first, last=last, timezone=plant.timezone
    )
    assert found is not None, "the sample plant's lines call every week"
    statement = (
        f"{line.code} raised {found.calls} andon calls for “{found.reason}” ({found.category}) from {first} "
        f"to {last}; {found.share:.0%} of the line's {found.category} calls."
    )
    walk = _open(
        session,
        plant,
        day,
        title=f"Repeat andon on {line.code}: {found.reason}",
        source="andon",
        line=line,
        leader=leader,
        statement=statement,
    )
    walk.figure(day, "andon_calls", line, found.category)
    return walk, found.category


def _closed(session: Session, plant: SeedPlant, line: Line, day: date, people: tuple[str, ...]) -> None:
    walk, category = _from_andon(session, plant, line, day, "Ma Lin")
    walk.plan(
        day + timedelta(days=1),
        target_share=0.6,
        whys=(
            "The line waits for parts that are in the plant but not at the line",
            "The water spider's route skips the line when the press runs a die change",
            "The route was planned before the line's second shift started",
            "Nobody owns the route standard since the re-layout",
        ),
    )
    walk.next(day + timedelta(days=2))
    walk.act(
        day + timedelta(days=2),
        (
            ("Re-plan the water spider route for both shifts", "Xu Gang", 7, 5),
            ("Add a kanban post at the line entrance", plant.rng.choice(people), 10, 8),
        ),
    )
    walk.next(day + timedelta(days=10))
    walk.check(day + timedelta(days=31))
    walk.next(day + timedelta(days=31))
    walk._edit(
        day + timedelta(days=32), "act", {"playbook_link": PLAYBOOKS.get(category, STANDARD_WORK)}, "playbook"
    )
    walk.next(day + timedelta(days=32))


def _in_act(session: Session, plant: SeedPlant, line: Line, day: date, people: tuple[str, ...]) -> None:
    problem = session.scalars(  # the welders' cooling problem the whys below are about
        select(Problem)
        .where(Problem.line_id == line.id, Problem.title == "Welding robot faults at start of shift")
        .order_by(Problem.id)
    ).first()
    title = problem.title if problem else "Welding robot faults at start of shift"
    walk = _open(
        session,
        plant,
        day,
        title=title,
        source="problem" if problem else "scratch",
        line=line,
        leader="Guo Qiang",
        statement=f"{title}: machine breakdowns stop L3 several times a shift.",
        problem=problem,
    )
    walk.figure(day, "downtime_minutes", line, "machine breakdown")
    walk.plan(
        day + timedelta(days=1),
        target_share=0.7,
        whys=(
            "Welders stop on low cooling water flow",
            "The cooling water filters clog within a week",
            "Filters are changed only when a welder faults",
        ),
    )
    walk.next(day + timedelta(days=2))
    walk.act(
        day + timedelta(days=2),
        (
            ("Add filter change to the weekly TPM checklist", "Tang Hui", 5, 5),
            ("Fit flow indicators on every welder", "Luo Xin", 9, 7),
        ),
    )
    walk.next(day + timedelta(days=9))
    walk.check(day + timedelta(days=21))
    walk.next(day + timedelta(days=21))


def _in_check(session: Session, plant: SeedPlant, line: Line, day: date, people: tuple[str, ...]) -> None:
    walk = _open(
        session,
        plant,
        day,
        title="降低5号线报废",
        source="scratch",
        line=line,
        leader="Gao Yan",
        statement="5号线装配报废偏高，划伤和漏装最多。",
        language="zh",
    )
    walk.figure(day, "scrap_pieces", line, None)
    walk.plan(
        day + timedelta(days=1),
        target_share=0.75,
        whys=("零件在工位间搬运时互相碰撞", "周转箱没有隔板", "新周转箱采购时没有写明隔板要求"),
    )
    walk.next(day + timedelta(days=2))
    walk.act(
        day + timedelta(days=2),
        (
            ("周转箱加装隔板", "Zhou Ting", 6, 5),
            ("更新周转箱采购规范", "David Chen", 10, 9),
        ),
    )
    walk.next(day + timedelta(days=11))


def _in_do(session: Session, plant: SeedPlant, line: Line, day: date, people: tuple[str, ...]) -> None:
    walk = _open(
        session,
        plant,
        day,
        title="Bring L4 output back to plan",
        source="scratch",
        line=line,
        leader="Sarah Miller",
        statement="L4 misses its hourly plan most shifts; the gap is largest after breaks.",
    )
    walk.figure(day, "output_attainment", line, None)
    walk.plan(
        day + timedelta(days=1),
        target_share=None,
        whys=(
            "Robots restart slowly after breaks",
            "Warm-up is done by hand, robot by robot",
            "There is no standard restart sequence",
        ),
    )
    walk._edit(day + timedelta(days=1), "plan", {"target_value": 97.0}, "target")
    walk.next(day + timedelta(days=2))
    walk.act(
        day + timedelta(days=2),
        (
            ("Write the restart sequence as standard work", "He Jun", 4, 3),
            ("Stagger breaks so one robot cell keeps running", "Lin Mei", 7, None),
        ),
    )


def _in_plan(session: Session, plant: SeedPlant, line: Line, day: date, people: tuple[str, ...]) -> None:
    walk, _category = _from_andon(session, plant, line, day, "Lin Mei")
    walk.plan(day, target_share=None, whys=("Parts arrive in the wrong sequence for the model mix",))
