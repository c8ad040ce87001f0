"""Reading and changing 5S/6S audits. Every change is a compare-and-set on the audit's state
and is written to the event log (record kind "audit").

Functions take a keyword-only session and never commit: the caller's transaction covers
the change, its event, the problems a finished audit opens and their outbox messages.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import mean

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from bot.audits.models import FiveSAudit, FiveSScore
from bot.audits.templates import SIX_S, Item
from bot.errors import BotError
from bot.store.models import Area
from bot.store.service import Origin, compare_and_set, record_event


def start_audit(
    session: Session,
    *,
    area: Area,
    six: bool,
    auditor: str,
    origin: Origin,
    language: str,
    now: datetime,
) -> FiveSAudit:
    """Create an audit of `area` in state "in_progress" and log it."""
    audit = FiveSAudit(
        area=area,
        audit_type="6s" if six else "5s",
        status="in_progress",
        auditor=auditor,
        started_at=now,
        note="",
        problems_opened=0,
        language=language,
        **origin.columns(),
    )
    session.add(audit)
    session.flush()
    record_event(
        session, kind="audit", record_id=audit.id, action="start", actor=auditor, at=now, after="in_progress"
    )
    return audit


def get_audit(session: Session, audit_id: int, *, lock: bool = False) -> FiveSAudit:
    """The audit with this id, with its area and scores; raises `BotError("audit_not_found")`.

    `lock` reads it FOR UPDATE, so scorings of one audit run one after the other and the
    last one sees every earlier score (and finishes the audit exactly once).
    """
    query = select(FiveSAudit).where(FiveSAudit.id == audit_id).options(selectinload(FiveSAudit.area))
    if lock:
        query = query.with_for_update()
    audit = session.scalars(query).first()
    if audit is None:
        raise BotError("audit_not_found", id=audit_id)
    return audit


def open_audit_of(session: Session, *, auditor: str, area_id: int | None = None) -> FiveSAudit | None:
    """The auditor's latest audit in progress (of `area_id`, when given), or None."""
    query = select(FiveSAudit).where(FiveSAudit.status == "in_progress", FiveSAudit.auditor == auditor)
    if area_id is not None:
        query = query.where(FiveSAudit.area_id == area_id)
    return session.scalars(query.order_by(FiveSAudit.id.desc()).options(joinedload(FiveSAudit.area))).first()


def check_open(audit: FiveSAudit) -> None:
    """Raise `BotError("audit_not_open")` unless the audit is in progress."""
    if audit.status != "in_progress":
        raise BotError("audit_not_open", id=audit.id, status=audit.status)


def score_item(
    session: Session,
    *,
    audit: FiveSAudit,
    item: Item,
    score: int | None,
    note: str | None,
    actor: str,
    now: datetime,
) -> FiveSScore:
    """Record `score` (None: skipped) for one check of an audit in progress.

    A check is scored once: a second scoring (a button pressed twice, by two people at
    once) is refused with `BotError("audit_already_scored")`, naming who scored it first.
    """
    check_open(audit)
    if score is not None and not 1 <= score <= 5:
        raise BotError("audit_bad_score")
    row = FiveSScore(
        audit_id=audit.id,
        s=item.s,
        item=item.key,
        item_text=item.en[:300],
        score=score,
        note=note or None,
        scored_by=actor,
        scored_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        first = session.scalars(
            select(FiveSScore).where(FiveSScore.audit_id == audit.id, FiveSScore.item == item.key)
        ).one()
        raise BotError("audit_already_scored", id=audit.id, item=item.key, actor=first.scored_by) from None
    record_event(
        session,
        kind="audit",
        record_id=audit.id,
        action="score" if score is not None else "skip",
        actor=actor,
        at=now,
        detail=f"{item.key}={score if score is not None else '-'}",
    )
    session.refresh(audit, ["scores"])
    return row


def add_note(session: Session, *, audit: FiveSAudit, text: str, actor: str, now: datetime) -> None:
    """Add `text` to the last scored check's note (or the audit's note before the first score)."""
    check_open(audit)
    target = audit.scores[-1] if audit.scores else None
    if target is not None:
        target.note = f"{target.note}\n{text}" if target.note else text
    else:
        audit.note = f"{audit.note}\n{text}" if audit.note else text
    record_event(
        session, kind="audit", record_id=audit.id, action="note", actor=actor, at=now, detail=text[:500]
    )


def s_scores(scores: list[FiveSScore]) -> dict[str, float]:
    """The score of each S: the mean of its scored checks (skipped ones left out), in S order."""
    by_s: dict[str, list[int]] = defaultdict(list)
    for row in scores:
        if row.score is not None:
            by_s[row.s].append(row.score)
    return {s: round(mean(by_s[s]), 2) for s in SIX_S if by_s.get(s)}


def finish_audit(session: Session, *, audit: FiveSAudit, actor: str, now: datetime) -> dict[str, float]:
    """Mark an audit in progress done with its S scores and overall score; returns the S scores.

    A compare-and-set on the state: of two simultaneous finishes one wins, the other gets
    `BotError("audit_not_open")`.
    """
    per_s = s_scores(audit.scores)
    overall = round(mean(per_s.values()), 2) if per_s else None
    values: dict[str, object] = {f"{s}_score": per_s.get(s) for s in SIX_S}
    values.update(status="done", finished_at=now, score=overall)
    _compare_and_set(session, audit, values)
    record_event(
        session,
        kind="audit",
        record_id=audit.id,
        action="finish",
        actor=actor,
        at=now,
        before="in_progress",
        after="done",
        detail=None if overall is None else f"{overall:.2f}",
    )
    return per_s


def cancel_audit(session: Session, *, audit: FiveSAudit, actor: str, now: datetime) -> None:
    """Cancel an audit in progress (compare-and-set, logged)."""
    _compare_and_set(session, audit, {"status": "cancelled", "finished_at": now})
    record_event(
        session, kind="audit", record_id=audit.id, action="cancel", actor=actor, at=now,
        before="in_progress", after="cancelled",
    )  # fmt: skip


def finished_audits(session: Session, *, area_id: int, limit: int = 12) -> list[FiveSAudit]:
    """The area's last `limit` finished audits, oldest first."""
    query = (
        select(FiveSAudit)
        .where(FiveSAudit.area_id == area_id, FiveSAudit.status == "done")
        .order_by(FiveSAudit.finished_at.desc(), FiveSAudit.id.desc())
        .limit(limit)
    )
    return list(reversed(session.scalars(query).all()))


def _compare_and_set(session: Session, audit: FiveSAudit, values: dict[str, object]) -> None:
    check_open(audit)
    if not compare_and_set(session, audit, {"status": "in_progress"}, values):
        raise BotError("audit_not_open", id=audit.id, status=audit.status)
