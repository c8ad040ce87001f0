"""`answer()`: a question in, an `Answer` out — understand → account → plan → roll up → render → check →
execute → restate (from the SQL tree that ran) → explain. A statement that runs past the
time limit is answered with what to narrow (`nl2sql.narrow`).

`NL2SQL` bundles what the stages need (sources, limits, timezone, optional LLM and
embedder) so a chat command can call `nl2sql.answer(question, now=…)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlglot import exp

from nl2sql import account, fallback
from nl2sql.catalog import Catalog
from nl2sql.chart import chart
from nl2sql.check import check_tree, parse
from nl2sql.errors import (
    AccessDenied,
    NL2SQLError,
    NoSuchData,
    NotUnderstood,
    QueryFailed,
    QueryTimeout,
    Rejected,
)
from nl2sql.execute import Result, execute
from nl2sql.explain import summary
from nl2sql.link import Embed
from nl2sql.narrow import narrowing
from nl2sql.render import build, sqlglot_dialect
from nl2sql.restate import restate, with_scope
from nl2sql.roll_up import roll_up
from nl2sql.scope import RowScope, scoped
from nl2sql.screen import screen
from nl2sql.types import Answer, Clarification, Plan
from nl2sql.understand import understand


@dataclass
class Source:
    """One database to answer from: its engine and catalog."""

    name: str
    engine: Engine
    catalog: Catalog

    @property
    def dialect(self) -> str:
        return sqlglot_dialect(self.engine.dialect.name)


@dataclass
class NL2SQL:
    """Everything `answer` needs, built once by the composition root."""

    sources: list[Source]
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    row_cap: int = 1000
    timeout_s: float = 5.0
    llm: fallback.LLM | None = None
    embed: Embed | None = None
    examples: Callable[[], Sequence[tuple[str, str]]] = lambda: ()
    charts: bool = True

    def answer(
        self,
        question: str,
        *,
        now: datetime,
        language: str = "en",
        context: dict[str, Any] | None = None,
        scope: RowScope | None = None,
    ) -> Answer:
        """See `answer`."""
        return answer(question, self, now=now, language=language, context=context, scope=scope)

    def sql_for(
        self,
        question: str,
        *,
        now: datetime,
        context: dict[str, Any] | None = None,
        scope: RowScope | None = None,
    ) -> str:
        """The checked SQL for `question` by the rules (no execution); raises `NL2SQLError`."""
        question = screen(question)
        source, plan = _understand(question, self, _local(now, self.timezone), context)
        if isinstance(plan, Clarification):
            raise NL2SQLError(
                "ambiguous question",
                hint_en=plan.prompt_en,
                hint_zh=plan.prompt_zh,
                suggestions=tuple(plan.choices),
            )
        if plan.ignored:
            raise NotUnderstood(plan.ignored)
        return _checked(*_rolled_up(plan, source), self, scope)[1]


def answer(
    question: str,
    nl2sql: NL2SQL,
    *,
    now: datetime,
    language: str = "en",
    context: dict[str, Any] | None = None,
    scope: RowScope | None = None,
) -> Answer:
    """Answer `question` with checked SQL; `now` is aware, or naive plant time.

    With `scope`, the SQL (the parser's or the LLM's) reads only the rows in it (see
    `nl2sql.scope`), rewritten before it is checked, and the restatement says so.
    Returns an `Answer` (with `choices` when it asks back); raises `NL2SQLError`.
    """
    local_now = _local(now, nl2sql.timezone)
    question = screen(question)
    try:
        source, plan = _understand(question, nl2sql, local_now, context)
    except NoSuchData:
        if nl2sql.llm is None:
            raise
        return _by_llm(question, nl2sql, nl2sql.sources[0], local_now, language, scope)
    if isinstance(plan, Clarification):
        return _clarify(question, plan, language)
    if plan.ignored:
        if nl2sql.llm is not None:
            return _by_llm(question, nl2sql, source, local_now, language, scope)
        return _ask_back(question, plan.ignored, nl2sql, local_now, context, language)
    rolled, source = _rolled_up(plan, source)
    tree, sql = _checked(rolled, source, nl2sql, scope)
    try:
        result = execute(
            source.engine, sql, timeout_s=nl2sql.timeout_s, row_cap=nl2sql.row_cap, catalog=source.catalog
        )
    except QueryTimeout as timeout:
        raise timeout.narrowed(*narrowing(plan, source.catalog)) from None
    meaning = restate(
        tree, rolled, source.catalog, source.dialect, language, timezone=nl2sql.timezone, scope=scope
    )
    return _explain(question, plan, meaning, source, sql, result, nl2sql, language)


def _local(now: datetime, timezone: ZoneInfo) -> datetime:
    return now.astimezone(timezone).replace(tzinfo=None) if now.tzinfo else now


def _understand(
    question: str, nl2sql: NL2SQL, now: datetime, context: dict[str, Any] | None
) -> tuple[Source, Plan | Clarification]:
    previous = (context or {}).get("plan")
    source_name = (context or {}).get("source")
    last_error: NoSuchData | None = None
    results: list[tuple[Source, Plan | Clarification]] = []
    for source in nl2sql.sources:
        own_context = previous if source.name == source_name else None
        try:
            results.append(
                (
                    source,
                    understand(question, source.catalog, now=now, context=own_context, embed=nl2sql.embed),
                )
            )
        except NoSuchData as error:
            last_error = error
    plans = [r for r in results if isinstance(r[1], Plan)]
    if plans:
        return max(plans, key=lambda r: r[1].confidence)  # type: ignore[union-attr]
    if results:
        return results[0]
    assert last_error is not None
    raise last_error


def _rolled_up(plan: Plan, source: Source) -> tuple[Plan, Source]:
    """`plan` read from a summary table of its table where that is exact (`nl2sql.roll_up`),
    and the source whose catalog holds that table; else both as they are."""
    rolled, catalog = roll_up(plan, source.catalog)
    return (plan, source) if rolled is plan else (rolled, replace(source, catalog=catalog))


def _checked(
    plan: Plan, source: Source, nl2sql: NL2SQL, scope: RowScope | None = None
) -> tuple[exp.Select, str]:
    """Render the plan with sqlglot builders, limit it to `scope` and check the tree that will
    run; that tree and the SQL to run."""
    tree = build(plan, source.catalog, source.dialect, timezone=nl2sql.timezone)
    if scope is not None:
        tree = scoped(tree, source.catalog, scope)  # type: ignore[assignment]  # a Select stays a Select
    return tree, check_tree(tree, source.catalog, source.dialect, row_cap=nl2sql.row_cap)


def _explain(
    question: str,
    plan: Plan | None,
    meaning: str,
    source: Source,
    sql: str,
    result: Result,
    nl2sql: NL2SQL,
    language: str,
) -> Answer:
    text = summary(plan, meaning, result.columns, result.rows, language)
    image = None
    one_figure = plan is not None and not (plan.measure and plan.measure.also)  # a chart draws one
    if nl2sql.charts and plan is not None and plan.group and len(result.rows) > 1 and one_figure:
        image = chart(meaning, result.columns, result.rows, trend=bool(plan.group[0].grain))
    return Answer(
        question=question,
        language=language,
        text=text,
        interpretation=meaning,
        sql=sql,
        columns=result.columns,
        rows=result.rows,
        truncated=result.truncated,
        path="rules" if plan else "llm",
        chart=image,
        context={"plan": plan.to_dict(), "source": source.name, "question": question} if plan else {},
        plan=plan,
    )


def _clarify(question: str, clarification: Clarification, language: str) -> Answer:
    prompt = clarification.prompt_zh if language == "zh" else clarification.prompt_en
    return Answer(
        question=question,
        language=language,
        text=prompt,
        interpretation=prompt,
        choices=clarification.choices,
    )


def _ask_back(
    question: str,
    words: list[str],
    nl2sql: NL2SQL,
    now: datetime,
    context: dict[str, Any] | None,
    language: str,
) -> Answer:
    """Offer the question without the words not understood, when that is read in full and
    leaving them out does not change what is asked; otherwise raise `NotUnderstood`."""
    narrower = account.without(question, words)
    if narrower and not account.changes_meaning(words):
        try:
            _source, plan = _understand(narrower, nl2sql, now, context)
        except NoSuchData:  # without those words it names no data: say which were not understood
            raise NotUnderstood(words) from None
        if isinstance(plan, Plan) and not plan.ignored:
            prompt = account.ask_back_prompt(words, language)
            return Answer(
                question=question,
                language=language,
                text=prompt,
                interpretation=prompt,
                choices=[narrower],
                ignored=list(words),
            )
    raise NotUnderstood(words)


def _by_llm(
    question: str, nl2sql: NL2SQL, source: Source, now: datetime, language: str, scope: RowScope | None
) -> Answer:
    """Ask the LLM for SQL; check and run it.

    A refusal of policy (a table, column, function or statement that is not allowed, a
    read the database denied) or a timeout ends it there: the model is never told what
    was refused, so it cannot search for a way round. A plain mistake (a syntax error, an
    unknown column, a database error) is shown to it at most `fallback.MAX_REPAIRS` times.
    """
    assert nl2sql.llm is not None
    messages = fallback.prompt(
        question, source.catalog, source.dialect, now=now.isoformat(sep=" "), examples=list(nl2sql.examples())
    )
    for attempt in range(1 + fallback.MAX_REPAIRS):
        raw = fallback.extract_sql(nl2sql.llm.complete(messages))
        try:
            tree = parse(raw, source.dialect)
            if scope is not None:
                tree = scoped(tree, source.catalog, scope)
            sql = check_tree(
                tree, source.catalog, source.dialect, row_cap=nl2sql.row_cap, sql=raw, again=True
            )
            result = execute(
                source.engine, sql, timeout_s=nl2sql.timeout_s, row_cap=nl2sql.row_cap, catalog=source.catalog
            )
        except (Rejected, QueryFailed) as failure:
            if attempt == fallback.MAX_REPAIRS or _final(failure):
                raise
            messages = messages + fallback.repair_message(raw, failure.reason)
            continue
        meaning = "按语言模型生成的查询" if language == "zh" else "Query written by the language model"
        meaning = with_scope(meaning, tree, scope, language)
        return _explain(question, None, meaning, source, sql, result, nl2sql, language)
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def _final(failure: NL2SQLError) -> bool:
    """Whether `failure` ends the LLM path: a refusal of policy or a timeout, never retried."""
    if isinstance(failure, Rejected):
        return failure.policy
    return isinstance(failure, AccessDenied | QueryTimeout)
