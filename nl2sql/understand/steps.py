"""Steps: how a record ends, well or another way (a cancelled ticket, an aborted batch)."""

from __future__ import annotations

from nl2sql.lexicon import concepts_of_text, identifier_concepts
from nl2sql.link import SchemaIndex
from nl2sql.types import Filter, Plan, Ref

#: Steps that end a record well, whose time an aborted or cancelled record may also carry.
COMPLETIONS = frozenset(["closed", "resolved", "receipt", "shipment"])
#: Outcomes a record ends in without the step having been done: a cancelled ticket is not
#: waiting to be closed, nor overdue.
ENDED = frozenset(["cancelled", "aborted", "abort", "rejected"])
#: … and states that stop it short of done: an aborted batch, or one on hold, has an end time but
#: is not completed (an order on hold is still overdue, though).
FAILED = ENDED | {"hold"}


def not_failed(plan: Plan, index: SchemaIndex, outcomes: frozenset[str] = FAILED) -> list[Filter]:
    """The filter leaving out the states of the plan table's status column that mean the record
    ended another way ("V = 已作废", "VOID", "ABT = aborted", "90 = cancelled"), or any of
    `outcomes`, if it has one not filtered already."""
    filtered = {f.ref for f in plan.filters}
    for column in index.table(plan.table).visible:
        ref = Ref(plan.table, column.name)
        concepts = index.column_concepts[(plan.table, column.name)]
        if "status" not in concepts or ref in filtered:
            continue
        states = {str(v): str(v) for v in column.values or ()} | dict(column.labels)
        said = {code: identifier_concepts(code) | concepts_of_text(label) for code, label in states.items()}
        # "completed but on QA hold" ended well, whatever keeps it from shipping
        failed = sorted(code for code, cs in said.items() if outcomes & cs and not cs & COMPLETIONS)
        if failed:
            return [Filter(ref, "not in", failed, "not " + " / ".join(states[c] for c in failed))]
    return []
