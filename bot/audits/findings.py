"""What a finished audit leaves behind: a problem for every score below the threshold, and the
5S playbook's section for every S that scored low."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from bot import notify
from bot.areas import area_name
from bot.audits.models import FiveSAudit, FiveSScore
from bot.audits.texts import audit_kind, s_name
from bot.playbooks import playbook_hint
from bot.services import Services
from bot.store import service
from bot.store.models import Problem
from bot.texts import say
from bot.types import Language

#: Days to fix a finding: a check scored 1 is urgent, the others a week (as `problem` does for medium).
DUE_DAYS = {"high": 3, "medium": 7}


@dataclass(frozen=True)
class Finding:
    """A problem an audit opened, with the check it came from."""

    problem: Problem
    check: str
    score: int
    owner: str


def low_scores(audit: FiveSAudit, threshold: int) -> list[FiveSScore]:
    """The audit's checks (or whole S) scored below `threshold`, in checklist order."""
    return [row for row in audit.scores if row.score is not None and row.score < threshold]


def open_problems(
    session: Session, audit: FiveSAudit, services: Services, *, threshold: int, checks: dict[str, str]
) -> list[Finding]:
    """Open a "5s" problem for every score of `audit` below `threshold` and announce its card.

    `checks` maps an item key to its text in the audit's language. The owner suggested is the
    area's owner; the due date is a week from today (three days for a score of 1).
    """
    language: Language = "zh" if audit.language == "zh" else "en"
    area = audit.area
    owner = area.owner or say("audit_no_owner", language)
    today = services.local(services.now()).date()
    found = []
    for row in low_scores(audit, threshold):
        check = checks.get(row.item, s_name(row.s, language))
        priority = "high" if row.score == 1 else "medium"
        assert row.score is not None
        title = say(
            "audit_problem_title_s" if row.item == row.s else "audit_problem_title",
            language,
            kind=audit_kind(audit.audit_type, language),
            area=area.code,
            s=s_name(row.s, language),
            text=check,
            score=row.score,
        )
        description = say(
            "audit_problem_description",
            language,
            kind=audit_kind(audit.audit_type, language),
            id=audit.id,
            auditor=audit.auditor,
            owner=owner,
        )
        notes = "\n".join(n for n in (row.note, audit.note if row.item == row.s else None) if n)
        problem = service.open_problem(
            session,
            title=title[:200],
            description=f"{description}\n{notes}".strip(),
            category="5s",
            line=area.line,
            station=None,
            priority=priority,
            due_date=today + timedelta(days=DUE_DAYS[priority]),
            reporter=audit.auditor,
            origin=service.Origin(audit.platform, audit.workspace, audit.channel, audit.thread),
            language=language,
            now=services.now(),
        )
        notify.announce(session, problem, services)
        found.append(Finding(problem, check, row.score, owner))
    audit.problems_opened = len(found)
    return found


def playbook_links(audit: FiveSAudit, services: Services, *, threshold: int, language: Language) -> list[str]:
    """The 5S playbook's section for each S with a score below `threshold` (e.g. a low Seiton
    score points to its set-in-order step), one line each, without repeats."""
    links: list[str] = []
    for s in dict.fromkeys(row.s for row in low_scores(audit, threshold)):
        texts = " ".join(row.item_text for row in audit.scores if row.s == s)
        hint = playbook_hint(
            services, category="5s", text=f"5S {s_name(s, 'en')}: {texts}", language=language
        )
        if hint and hint not in links:
            links.append(f"{s_name(s, language)} → {hint}")
    return links


def area_label(audit: FiveSAudit, language: Language) -> str:
    """The audited area as people say it in `language`."""
    return area_name(audit.area, language)
