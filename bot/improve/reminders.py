"""Reminders for countermeasures past their due date: at most once a (plant) day each, in the
channel (and thread) the project was opened in, naming the owner."""

from __future__ import annotations

from sqlalchemy import select, update

from bot import outbox
from bot.improve import service
from bot.improve.models import Action
from bot.services import Services
from bot.store.db import transaction
from bot.store.service import record_event
from bot.texts import say
from bot.types import Language, Reply


def remind_overdue_actions(services: Services) -> list[int]:
    """Remind the owner of every open countermeasure past due (of a project not closed) that
    was not yet reminded today; returns the ids of the countermeasures reminded."""
    now = services.now()
    today = services.local(now).date()
    with services.sessions() as session:
        due = [a.id for a in service.overdue_actions(session, today)]
    reminded = []
    for action_id in due:
        with transaction(services.sessions) as session:
            action = session.scalars(select(Action).where(Action.id == action_id)).one()
            if action.reminded_at is not None and services.local(action.reminded_at).date() >= today:
                continue
            # Compare-and-set on the last reminder, so two schedulers remind once.
            claimed = session.execute(
                update(Action)
                .where(Action.id == action.id, Action.status == "open")
                .where(
                    Action.reminded_at.is_(None)
                    if action.reminded_at is None
                    else Action.reminded_at == action.reminded_at
                )
                .values(reminded_at=now)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue
            project = action.project
            language: Language = "zh" if project.language == "zh" else "en"
            ref = service.project_ref(project.id)
            text = say(
                "improve_reminder",
                language,
                ref=ref,
                n=action.position,
                text=action.text,
                days=(today - action.due_date).days,
                due=action.due_date.isoformat(),
                owner=action.owner,
            )
            outbox.enqueue(
                session,
                key=f"project:{project.id}:action:{action.position}:remind-{today.isoformat()}",
                platform=project.platform,
                target=outbox.Target(project.workspace, project.channel, project.thread),
                kind="post",
                reply=Reply(text=text, language=language),
                now=now,
            )
            record_event(
                session,
                kind=service.KIND,
                record_id=project.id,
                action="remind",
                actor="gemba",
                at=now,
                detail=f"action {action.position} overdue {(today - action.due_date).days} d",
            )
            reminded.append(action.id)
    return reminded
