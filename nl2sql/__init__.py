"""nl2sql: plain-language questions (English and Chinese) answered with checked SQL.

A library: it imports nothing of Gemba's; engines, an LLM client and an embedding
function come in as arguments. The pipeline is understand → plan → render → check →
execute → explain (see `nl2sql.answer`).
"""

from nl2sql.answer import NL2SQL, Source, answer
from nl2sql.catalog import Catalog, Column, NamedMetric, TableInfo, introspect
from nl2sql.check import check
from nl2sql.errors import AccessDenied, LLMError, NL2SQLError, NoSuchData, QueryFailed, QueryTimeout, Rejected
from nl2sql.execute import execute
from nl2sql.fallback import LLM
from nl2sql.scope import RowScope, scoped
from nl2sql.semantic import add_metrics, add_rollups, enrich, load_semantic
from nl2sql.types import Answer, Clarification, Plan
from nl2sql.understand import understand

__all__ = [  # noqa: RUF022 (plain sorted order, as the house rules check)
    "AccessDenied",
    "Answer",
    "Catalog",
    "Clarification",
    "Column",
    "LLM",
    "LLMError",
    "NL2SQL",
    "NL2SQLError",
    "NamedMetric",
    "NoSuchData",
    "Plan",
    "QueryFailed",
    "QueryTimeout",
    "Rejected",
    "RowScope",
    "Source",
    "TableInfo",
    "add_metrics",
    "add_rollups",
    "answer",
    "check",
    "enrich",
    "execute",
    "introspect",
    "load_semantic",
    "scoped",
    "understand",
]
