"""The gate of each PDCA stage: what a project must have before it may move on.

`missing(project)` names what is still missing (text keys of `bot.improve.texts`), so the
refusal to advance says exactly what to do; an empty list opens the gate.
"""

from __future__ import annotations

from bot.improve.models import Measurement, Project
from bot.improve.texts import Gaps

MIN_WHYS = 3
MAX_WHYS = 5
NEXT_STAGE = {"plan": "do", "do": "check", "check": "act", "act": "closed"}


def latest(project: Project, kind: str) -> Measurement | None:
    """The project's latest measurement of `kind` ("baseline" or "check"), or None."""
    found = [m for m in project.measurements if m.kind == kind]
    return found[-1] if found else None


def missing(project: Project) -> list[str]:
    """What the project lacks to leave its stage (empty: the gate is open).

    Plan needs a problem statement, a figure with its baseline, a target and at least
    `MIN_WHYS` whys; Do needs countermeasures, all done; Check needs the figure measured
    again after them; Act needs the new standard: a playbook section linked or drafted.
    """
    found: list[str] = []
    if project.stage == "plan":
        if not project.problem_statement:
            found.append("improve_gap_statement")
        if latest(project, "baseline") is None:
            found.append("improve_gap_figure")
        if project.target_value is None:
            found.append("improve_gap_target")
        if len(project.whys) < MIN_WHYS:
            found.append("improve_gap_whys")
    elif project.stage == "do":
        if not project.actions:
            found.append("improve_gap_actions")
        elif any(action.status != "done" for action in project.actions):
            found.append("improve_gap_actions_open")
    elif project.stage == "check":
        if latest(project, "check") is None:
            found.append("improve_gap_check")
    elif project.stage == "act" and not (project.playbook_link or project.playbook_draft):
        found.append("improve_gap_standard")
    return found


def gaps(project: Project) -> Gaps:
    """`missing(project)` as words for the reader, with the values its sentences name."""
    open_actions = ", ".join(str(a.position) for a in project.actions if a.status != "done")
    values = (
        ("ref", f"J{project.id}"),
        ("min", MIN_WHYS),
        ("count", len(project.whys)),
        ("open", open_actions),
    )
    return Gaps(tuple(missing(project)), values)
