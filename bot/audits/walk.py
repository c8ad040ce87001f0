"""Walking an audit's checklist one check at a time, and the reply when it is done.

The walk's state is the audit's rows in the store: the next check is the first one of the
checklist without a score. Each prompt carries buttons 1–5, Skip and Cancel whose commands
name the audit and the check, so any platform (and any person pressing) continues it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.audits import findings
from bot.audits.config import AuditConfig
from bot.audits.models import FiveSAudit
from bot.audits.service import finish_audit
from bot.audits.templates import Item, Template, load_template
from bot.audits.texts import audit_kind, s_name
from bot.services import Services
from bot.store.service import problem_ref
from bot.texts import say
from bot.types import Button, Language, Reply, Table

#: The command words buttons send, per language (Chinese ones make the answer Chinese).
WORDS = {
    "en": {"command": "5s", "score": "score", "skip": "skip", "cancel": "cancel"},
    "zh": {"command": "5S审核", "score": "评分", "skip": "跳过", "cancel": "取消"},
}


def config(services: Services) -> AuditConfig:
    """The installation's audit set-up, or the defaults."""
    return services.audits or AuditConfig()


def template_of(audit: FiveSAudit, services: Services) -> Template:
    """The checklist of the audited area's kind (the installation's, or the shipped one)."""
    return load_template(audit.area.kind, config(services).templates_dir)


def checklist(audit: FiveSAudit, services: Services) -> tuple[Item, ...]:
    """The checks this audit walks, in order."""
    return template_of(audit, services).checklist(six=audit.audit_type == "6s")


def next_item(audit: FiveSAudit, services: Services) -> Item | None:
    """The first check without a score, or None when every check has one."""
    done = {row.item for row in audit.scores}
    return next((item for item in checklist(audit, services) if item.key not in done), None)


def prompt(audit: FiveSAudit, item: Item, services: Services, language: Language, lead: str) -> Reply:
    """The reply asking for `item`'s score: `lead` (what just happened), the check, buttons."""
    items = checklist(audit, services)
    n = items.index(item) + 1
    line = say(
        "audit_item", language, n=n, total=len(items), s=s_name(item.s, language), text=item.text(language)
    )
    w = WORDS[language]
    base = f"{w['command']} {w['score']} {audit.id} {item.key}"
    buttons = [Button(str(score), f"{base} {score}") for score in range(1, 6)]
    buttons.append(
        Button(say("audit_btn_skip", language), f"{w['command']} {w['skip']} {audit.id} {item.key}")
    )
    buttons.append(
        Button(say("audit_btn_cancel", language), f"{w['command']} {w['cancel']} {audit.id}", style="danger")
    )
    title = f"{audit_kind(audit.audit_type, language)} #{audit.id} · {findings.area_label(audit, language)}"
    return Reply(text=f"{lead}\n{line}" if lead else line, language=language, title=title, buttons=buttons)


def finish(
    session: Session, audit: FiveSAudit, services: Services, language: Language, *, actor: str, lead: str = ""
) -> Reply:
    """Finish the audit: S and overall scores, a problem for each low score, playbook links."""
    per_s = finish_audit(session, audit=audit, actor=actor, now=services.now())
    threshold = config(services).threshold
    texts = {item.key: item.text(language) for item in template_of(audit, services).items}
    found = findings.open_problems(session, audit, services, threshold=threshold, checks=texts)
    kind, area = audit_kind(audit.audit_type, language), findings.area_label(audit, language)
    overall = _score(audit.score)
    lines = [lead] if lead else []
    lines.append(
        say("audit_done", language, kind=kind, id=audit.id, area=area, auditor=audit.auditor, score=overall)
    )
    table = None
    if found:
        lines.append(say("audit_problems", language, count=len(found), threshold=threshold))
        lines += [
            say(
                "audit_problem_line",
                language,
                ref=problem_ref(f.problem.id),
                title=f.problem.title,
                owner=f.owner,
                due=f.problem.due_date.isoformat() if f.problem.due_date else "–",
            )
            for f in found
        ]
        table = Table(
            say("audit_cols_problems", language).split(" | "),
            [[problem_ref(f.problem.id), f.check, f.score, f.owner, str(f.problem.due_date)] for f in found],
        )
    else:
        lines.append(say("audit_no_problems", language, threshold=threshold))
    lines += findings.playbook_links(audit, services, threshold=threshold, language=language)
    fields = [(s_name(s, language), _score(value)) for s, value in per_s.items()]
    fields.append((say("audit_overall", language), overall))
    return Reply(
        text="\n".join(lines),
        language=language,
        title=say("audit_done_title", language, kind=kind, id=audit.id, area=area, score=overall),
        fields=fields,
        table=table,
    )


def _score(value: float | None) -> str:
    """A score as shown: "3.5", "4" ("–" when nothing was scored).

    >>> _score(3.5), _score(4.0), _score(None), _score(3.333)
    ('3.5', '4', '–', '3.33')
    """
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")
