"""👍/👎 on data answers. A 👍 marks the question → SQL pair as verified; verified pairs are
offered to the LLM fallback as examples."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.models import Feedback


def record_feedback(
    session: Session, *, user: str, question: str, sql: str, verdict: str, now: datetime
) -> Feedback:
    """Store one rating ("up" or "down"); only an "up" with both question and SQL is verified."""
    if verdict not in ("up", "down"):
        raise ValueError(f"verdict must be up or down, not {verdict!r}")
    feedback = Feedback(
        at=now,
        user=user[:100],
        question=question,
        sql=sql,
        verdict=verdict,
        verified=verdict == "up" and bool(question and sql),
    )
    session.add(feedback)
    return feedback
