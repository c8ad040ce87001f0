"""`ask <question>` (and plain-language data questions): answers with checked SQL.

The answer becomes a neutral `Reply`: the text in the question's language, a short table,
a chart for breakdowns and trends, the SQL (`code`; chat adapters add 👍/👎 feedback to
replies that carry SQL) and clarifying choices as buttons. `reply.context` carries `sql`,
`columns`, `rows`, `answer`, `interpretation` and `path` (and `error` on failure) for
`gemba ask --json`. Follow-up context is kept per thread in the `conversations` table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.commands.registry import Context
from bot.roles import roles_of
from bot.store.models import Conversation
from bot.texts import register, say
from bot.types import Button, Image, Reply, Table
from nl2sql import NL2SQL, Catalog, RowScope, Source
from nl2sql.chart import Chart
from nl2sql.link import SchemaIndex

MAX_TABLE_ROWS = 20

register(
    {
        "ask_usage": (
            "Ask me about your data, e.g. `ask how many andon calls on line 3 last week?`",
            "请提一个数据问题，例如：`问 上周3号线有多少次安灯？`",
        ),
        "ask_thanks_up": ("Thanks! I'll remember this answer as correct.", "谢谢！我会把这个回答记为正确。"),
        "ask_thanks_down": ("Thanks, noted. Try rephrasing the question.", "收到，谢谢。可以换个问法再试。"),
        "ask_no_tables": (
            "Your role may not ask about the data here; ask your admin for access.",
            "你的角色无权查询这里的数据，请联系管理员开通。",
        ),
        "ask_nothing_to_rate": (
            "There is no data answer in this thread to rate.",
            "此对话中没有可评价的数据回答。",
        ),
    }
)


@dataclass(frozen=True)
class Unanswered:
    """Why the data did not answer a question: `code` is the error's (`no_such_data`,
    `not_understood`, …) or `choices` for a question back; `words` are those it did not
    understand (None when it has no answer at all). Nothing of such an attempt is kept, so
    `bot.route` may answer from elsewhere instead."""

    code: str
    words: Sequence[str] | None


def ask(ctx: Context) -> Reply:
    """Answer a question about operations data (the `ask` command)."""
    return attempt(ctx)[0]


def attempt(ctx: Context) -> tuple[Reply, Unanswered | None]:
    """The data's reply to a question, and why it did not answer it (None when it did)."""
    nl2sql = ctx.services.nl2sql
    if nl2sql is None:
        return ctx.reply(say("not_configured_ask", ctx.language), context={"error": "not configured"}), None
    roles = roles_of(ctx.services)
    tables, scope = roles.tables_for(ctx.message), roles.scope_for(ctx.message)
    if tables is not None or scope is not None:
        nl2sql = limited(nl2sql, tables, scope)
        if not nl2sql.sources:
            reply = ctx.reply(say("ask_no_tables", ctx.language), context={"error": "no tables for the role"})
            return reply, None
    question = ctx.args.strip()
    if not question:
        return ctx.reply(say("ask_usage", ctx.language)), None
    # Follow-ups belong to a thread; messages outside threads (one-shot `gemba ask`) stand alone:
    # they read no context and leave none.
    conversation = _conversation(ctx) if ctx.message.thread else None
    previous = dict(conversation.data) if conversation is not None else {}
    try:
        answer = nl2sql.answer(
            question,
            now=ctx.services.clock(),
            language=ctx.language,
            context=previous.get("nl2sql"),
            scope=scope,
        )
    except Exception as error:
        if not hasattr(error, "user_message"):
            raise
        code = getattr(error, "code", "")
        message = error.user_message(ctx.language)
        reply = ctx.reply(message, code=getattr(error, "sql", None))
        reply.context = {
            "error": message,
            "code": code,
            "reason": getattr(error, "reason", ""),
            "sql": getattr(error, "sql", None),
            "answer": message,
        }
        return reply, Unanswered(code, getattr(error, "words", None))
    if answer.choices:
        reply = ctx.reply(answer.text, buttons=[Button(c[:60], f"ask {c}") for c in answer.choices[:3]])
        reply.context = {
            "answer": answer.text,
            "interpretation": answer.interpretation,
            "choices": answer.choices,
            "sql": None,
            "columns": [],
            "rows": [],
            "path": answer.path,
        }
        return reply, Unanswered("choices", answer.ignored)
    if ctx.message.thread:
        _remember(
            ctx, conversation, {"nl2sql": answer.context, "last": {"question": question, "sql": answer.sql}}
        )
    reply = ctx.reply(answer.text, code=answer.sql)
    if len(answer.rows) > 1 or (answer.rows and len(answer.columns) > 1):
        reply.table = Table(answer.columns, [list(r) for r in answer.rows[:MAX_TABLE_ROWS]], len(answer.rows))
    if answer.chart is not None:
        reply.image = _ChartImage(answer.chart, answer.interpretation[:100], alt=answer.interpretation)
    reply.context = {
        "sql": answer.sql,
        "columns": answer.columns,
        "rows": answer.rows,
        "answer": answer.text,
        "interpretation": answer.interpretation,
        "path": answer.path,
        "truncated": answer.truncated,
    }
    return reply, None


def limited(nl2sql: NL2SQL, tables: frozenset[str] | None, scope: RowScope | None = None) -> NL2SQL:
    """`nl2sql` answering only from `tables` (lower-case names; None: every table): each
    source's catalog, the allowlist the checker enforces, keeps only those tables and their
    metrics; sources left with none are dropped. Built once per set of tables and scope.

    With a row `scope`, a table is read only when its rows can be limited to the scope: it has
    a foreign-key path to the scope's table among the tables kept. A table with no such path
    at all (an event log, products) is read whole only when `tables` names it: the roles file
    then says it may be. Fails closed.

    >>> from nl2sql import Catalog, Source, TableInfo
    >>> catalog = Catalog("sqlite", {"problems": TableInfo("problems", []), "scrap": TableInfo("scrap", [])})
    >>> only = limited(NL2SQL([Source("s", None, catalog)]), frozenset({"problems"}))
    >>> sorted(only.sources[0].catalog.tables)
    ['problems']
    """
    cache: dict[tuple[frozenset[str] | None, RowScope | None], NL2SQL] = nl2sql.__dict__.setdefault(
        "_limited", {}
    )
    if (tables, scope) not in cache:
        sources = []
        for source in nl2sql.sources:
            catalog = _narrowed(source.catalog, tables) if tables is not None else source.catalog
            if catalog is not None and scope is not None:
                whole, part = SchemaIndex.of(source.catalog), SchemaIndex.of(catalog)
                kept = frozenset(
                    _short(name)
                    for name in catalog.tables
                    if part.path(name, scope.table) is not None
                    or (tables is not None and whole.path(name, scope.table) is None)
                )
                catalog = _narrowed(catalog, kept)
            if catalog is not None:
                sources.append(Source(source.name, source.engine, catalog))
        cache[(tables, scope)] = dataclasses.replace(nl2sql, sources=sources)
    return cache[(tables, scope)]


def _short(name: str) -> str:
    return name.lower().rsplit(".", 1)[-1]


def _narrowed(catalog: Catalog, tables: frozenset[str]) -> Catalog | None:
    """`catalog` with only `tables` and their metrics, or None when none of them is in it."""
    kept = {name: info for name, info in catalog.tables.items() if _short(name) in tables}
    if not kept:
        return None
    return Catalog(catalog.dialect, kept, [m for m in catalog.metrics if _short(m.table) in tables])


class _ChartImage(Image):
    """An `Image` whose PNG is drawn when an adapter first reads `png` (drawing costs 100+ ms).

    Still an `Image` (`png` is bytes when read), so adapters and `bot.serialize` need no change.
    """

    _chart: Chart

    def __init__(self, chart: Chart, title: str, alt: str = "") -> None:
        object.__setattr__(self, "_chart", chart)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "alt", alt)

    @property
    def png(self) -> bytes:
        return self._chart.png


def _conversation(ctx: Context) -> Conversation | None:
    m = ctx.message
    return ctx.session.scalar(
        select(Conversation).where(
            Conversation.platform == m.platform,
            Conversation.workspace == m.workspace,
            Conversation.channel == m.channel,
            Conversation.thread == (m.thread or ""),
        )
    )


def _remember(ctx: Context, conversation: Conversation | None, data: dict[str, Any]) -> None:
    m = ctx.message
    if conversation is None:
        ctx.session.add(
            Conversation(
                platform=m.platform,
                workspace=m.workspace,
                channel=m.channel,
                thread=m.thread or "",
                data=data,
                updated_at=ctx.services.now(),
            )
        )
    else:
        conversation.data = {**conversation.data, **data}
        conversation.updated_at = ctx.services.now()
