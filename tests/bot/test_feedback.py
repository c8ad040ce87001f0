"""Ratings of data answers: a 👍 with its SQL becomes a verified example."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import Services
from bot.feedback import record_feedback
from bot.store.models import Feedback


@pytest.mark.parametrize(
    ("verdict", "sql", "verified"), [("up", "SELECT 1", True), ("down", "SELECT 1", False), ("up", "", False)]
)
def test_only_a_thumbs_up_with_sql_is_verified(
    services: Services, verdict: str, sql: str, verified: bool
) -> None:
    with services.sessions.begin() as session:
        record_feedback(
            session, user="ana", question="calls last week?", sql=sql, verdict=verdict, now=services.now()
        )
    with services.sessions() as session:
        stored = session.scalars(select(Feedback)).one()
    assert (stored.verdict, stored.verified, stored.user) == (verdict, verified, "ana")


def test_an_unknown_verdict_is_refused(services: Services) -> None:
    with services.sessions() as session, pytest.raises(ValueError):
        record_feedback(session, user="ana", question="q", sql="s", verdict="meh", now=services.now())
