"""The composition root: builds every part from the settings. The one place that knows them all."""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event, make_url, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError

from adapters.cli.audit_wiring import audit_config
from adapters.cli.deferred_library import DeferredLibrary
from adapters.logs import log_formatter
from adapters.settings import Settings
from bot.errors import BotError
from bot.ladder import load_matrix
from bot.metrics import DURATION_METRICS, DurationMetric
from bot.roles import load_roles
from bot.sample_plant.schema import PLANT_ROLLUPS
from bot.sample_plant.schema import metadata as plant_metadata
from bot.services import Services, system_clock
from bot.store.db import make_engine, make_sessions
from bot.store.models import Feedback
from bot.texts import say
from nl2sql import (
    NL2SQL,
    Catalog,
    NamedMetric,
    Source,
    add_metrics,
    add_rollups,
    enrich,
    introspect,
    load_semantic,
)
from nl2sql.index_cache import cached_index

log = logging.getLogger("gemba")


def configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, as text or JSON lines (`GEMBA_LOG_FORMAT`)."""
    handler = logging.StreamHandler()
    handler.setFormatter(log_formatter(settings.gemba_log_format))
    logging.basicConfig(level=settings.gemba_log_level, handlers=[handler])
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # FAISS says at INFO which CPU build it loads; it now loads after this, on the first playbook question.
    logging.getLogger("faiss").setLevel(logging.WARNING)
    # httpx logs whole URLs at INFO, and DingTalk's carry access tokens and session keys.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The Slack SDK logs whole requests and answers at DEBUG (who wrote, and their name from
    # users.info): kept out even at DEBUG, so an anonymous safety report leaves no name here.
    for sdk in ("slack_sdk", "slack_bolt"):
        logging.getLogger(sdk).setLevel(logging.INFO)


def build_services(
    settings: Settings,
    *,
    clock: Callable[[], datetime] | None = None,
    data_url: str | None = None,
    engine: Engine | None = None,
) -> Services:
    """Services for `bot.handle`: the store, the plant clock and the configured capabilities.

    `data_url` replaces the configured plant databases for data questions (`gemba ask --db`).
    """
    try:  # who may do what, and the ladder people escalate along by hand
        matrix, roles = load_matrix(settings.gemba_escalation_file), load_roles(settings.gemba_roles_file)
        audits = audit_config(settings)
    except BotError as error:
        raise SystemExit(say(error.key, "en", **error.params)) from None
    engine = engine or make_engine(settings.gemba_database_url)
    knowledge = build_knowledge(settings)
    # Fuzzy schema linking uses the playbooks' multilingual embedder (loaded only if needed).
    embed = (lambda texts: knowledge.embedder.embed_queries(texts)) if knowledge is not None else None
    return Services(
        sessions=make_sessions(engine),
        timezone=settings.timezone,
        default_language=settings.gemba_language,
        clock=clock or system_clock,
        max_message_chars=settings.gemba_max_message_chars,
        nl2sql=build_nl2sql(settings, engine, data_url=data_url, embed=embed),
        knowledge=knowledge,
        escalation=matrix,
        roles=roles,
        web_url=board_url(settings),
        signin_valid_for=timedelta(minutes=settings.gemba_board_signin_minutes),
        files_dir=settings.gemba_files_dir,
        audits=audits,
        tier_topics_file=settings.gemba_tier_topics_file,
        safety_channel=settings.gemba_safety_channel,
        safety_escalate_to=settings.gemba_safety_escalate_to,
    )


def file_limits(settings: Settings) -> dict[str, Any]:
    """The size and time limits of a photo download (the keyword arguments of each platform's
    file fetcher, e.g. `SlackFileFetcher(platform, **file_limits(settings))`)."""
    return {
        "max_bytes": int(settings.gemba_files_max_mb * 1024 * 1024),
        "timeout_s": settings.gemba_files_timeout_s,
    }


def board_url(settings: Settings) -> str:
    """The web board's address as people open it: `GEMBA_BOARD_URL`, else the server's own."""
    if settings.gemba_board_url:
        return settings.gemba_board_url.rstrip("/")
    host, port = settings.gemba_board_host, settings.gemba_board_port
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"


@contextmanager
def running_services(
    settings: Settings,
    *,
    clock: Callable[[], datetime] | None = None,
    data_url: str | None = None,
    store_url: str | None = None,
) -> Iterator[Services]:
    """`build_services` for the length of a command; connections are closed at the end.

    `store_url` replaces `GEMBA_DATABASE_URL` (a scratch store for `gemba ask --db`).
    """
    engine = make_engine(store_url or settings.gemba_database_url)
    try:
        yield build_services(settings, clock=clock, data_url=data_url, engine=engine)
    finally:
        engine.dispose()


def build_nl2sql(
    settings: Settings,
    store_engine: Engine,
    *,
    data_url: str | None = None,
    refresh: bool = False,
    embed: Callable[[list[str]], Any] | None = None,
    http: Any = None,
) -> NL2SQL | None:
    """The data-question answerer over Gemba's store and `GEMBA_DATA_URLS` (or only `data_url`).

    Catalogs, and their schema indexes, are cached as JSON under `.gemba/catalog/` (`refresh`
    rebuilds the catalogs; an index is built again whenever what it is built from changed); of Gemba's
    store only `STORE_QUERYABLE` is ever exposed; MTTA/MTTR come from `bot.metrics`; the LLM
    fallback is used when `GEMBA_LLM_BASE_URL` and `GEMBA_LLM_MODEL` are set (`http`
    replaces its `httpx.Client`, for tests). Questions never run on the store's own
    connection when a separate URL is set for them (see `question_engines`).
    """
    semantic = load_semantic(settings.gemba_semantic_file) if settings.gemba_semantic_file else {}
    sources = []
    for url, engine in question_engines(settings, store_engine, data_url=data_url):
        # The store's schema is read with the store's own connection (a read-only MySQL user
        # with column privileges may not see foreign keys); its questions never are.
        schema_engine = store_engine if url == settings.gemba_store_read_url and not data_url else engine
        catalog = load_catalog(schema_engine, url, refresh=refresh)
        enrich(catalog, semantic)
        add_metrics(catalog, [_named_metric(m) for m in DURATION_METRICS])
        add_rollups(catalog, list(PLANT_ROLLUPS))
        cached_index(catalog, CATALOG_DIR, catalog_path(url).stem)
        sources.append(Source(_source_name(url), engine, catalog))
    llm = None
    if settings.gemba_llm_base_url and settings.gemba_llm_model:
        import httpx

        from adapters.llm import OpenAICompatibleLLM

        llm = OpenAICompatibleLLM(
            http or httpx.Client(timeout=settings.gemba_llm_timeout_s),
            base_url=settings.gemba_llm_base_url,
            model=settings.gemba_llm_model,
            api_key=settings.gemba_llm_api_key.get_secret_value(),
            timeout_s=settings.gemba_llm_timeout_s,
        )
    # The catalogs and lexicon live as long as the process: keep them out of the GC's young
    # generations so collections stay short on the question path.
    gc.freeze()
    return NL2SQL(
        sources=sources,
        timezone=settings.timezone,
        row_cap=settings.gemba_row_cap,
        timeout_s=settings.gemba_query_timeout_s,
        llm=llm,
        embed=embed,
        examples=lambda: verified_examples(store_engine),
    )


def question_engines(
    settings: Settings, store_engine: Engine, *, data_url: str | None = None
) -> list[tuple[str, Engine]]:
    """(URL, engine) of each database data questions run on.

    `data_url` alone when given; else Gemba's store, then `GEMBA_DATA_URLS`. The store is
    read through `GEMBA_STORE_READ_URL` when set; a SQLite store through its own read-only
    connection (`mode=ro`, plus the authorizer `nl2sql.execute` installs); a PostgreSQL or
    MySQL store on its own connection only when no separate URL is set at all — with
    `GEMBA_DATA_URLS` and no `GEMBA_STORE_READ_URL` it is left out, so the store's
    credentials never run a user's question. SQLite data files are opened read-only too.
    """
    if data_url:
        return [(data_url, reader_engine(data_url))]
    store_url = store_engine.url.render_as_string(hide_password=False)
    extra = _split_urls(settings.gemba_data_urls)
    engines: list[tuple[str, Engine]] = []
    if settings.gemba_store_read_url:
        engines.append((settings.gemba_store_read_url, make_engine(settings.gemba_store_read_url)))
    elif _sqlite_file(store_url):
        with store_engine.connect():  # the store file exists before it is opened read-only
            pass
        engines.append((store_url, reader_engine(store_url)))
    elif not extra:
        engines.append((store_url, store_engine))
    else:
        log.warning(
            "data questions leave Gemba's store out: GEMBA_DATA_URLS is set and GEMBA_STORE_READ_URL "
            "is not (the store's own credentials never run questions)"
        )
    return engines + [(url, reader_engine(url)) for url in extra]


def reader_engine(url: str) -> Engine:
    """An engine for questions on `url`: an existing SQLite file opened read-only (`mode=ro`),
    else as given.

    >>> import sqlite3, tempfile
    >>> path = tempfile.mkdtemp() + "/plant.db"
    >>> sqlite3.connect(path).close()
    >>> reader_engine(f"sqlite:///{path}").url.query["mode"]
    'ro'
    """
    path = _sqlite_file(url)
    if path is None or not Path(path).exists():
        return make_engine(url)
    engine = create_engine(
        URL.create("sqlite", database=f"file:{quote(path)}", query={"mode": "ro", "uri": "true"}),
        connect_args={"timeout": 30},
    )
    event.listen(engine, "connect", _read_only_pragmas)
    return engine


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_file(url: str) -> str | None:
    """The absolute path of a SQLite database file `url` names, or None (another database, memory)."""
    try:
        parsed = make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None  # already a URI: used as given
    return str(Path(parsed.database).resolve())


def verified_examples(store_engine: Engine, limit: int = 200) -> list[tuple[str, str]]:
    """Question → SQL pairs users marked 👍 (offered to the LLM as examples); none if unreadable."""
    try:
        with store_engine.connect() as connection:
            rows = connection.execute(
                select(Feedback.question, Feedback.sql)
                .where(Feedback.verified.is_(True))
                .order_by(Feedback.id.desc())
                .limit(limit)
            ).all()
    except SQLAlchemyError:
        return []
    return [(question, sql) for question, sql in rows]


CATALOG_DIR = Path(".gemba/catalog")
# What a data question may read of Gemba's own store: these tables and columns and nothing
# else. A table or column added to the store later stays invisible until it is listed here.
# Left out on purpose: the internal tables (outbox, deliveries, conversations, feedback, job
# runs, Slack installations and tokens, migrations) and the chat bookkeeping of calls and
# problems (platform, workspace, channel, thread, message ids, language), and the copies of
# the plant's figures that a handover or a tier board showed (output, scrap, downtime, calls):
# a question about those figures is answered from their source, never from a copy.
STORE_QUERYABLE: dict[str, tuple[str, ...]] = {
    "lines": ("id", "code", "name", "name_zh", "area", "plant"),
    "areas": ("id", "code", "name", "name_zh", "kind", "line_id", "owner", "ehs_owner"),
    "stations": ("id", "line_id", "code", "name", "name_zh", "kind"),
    "andon_calls": (
        "id",
        "line_id",
        "station_id",
        "category",
        "reason",
        "severity",
        "status",
        "raised_at",
        "raised_by",
        "acknowledged_at",
        "acknowledged_by",
        "resolved_at",
        "resolved_by",
        "cancelled_at",
        "cancelled_by",
        "escalation_level",
        "escalated_at",
        "resolution_note",
    ),
    "problems": (
        "id",
        "title",
        "description",
        "category",
        "line_id",
        "station_id",
        "reporter",
        "assignee",
        "priority",
        "due_date",
        "status",
        "root_cause",
        "countermeasure",
        "opened_at",
        "started_at",
        "started_by",
        "resolved_at",
        "resolved_by",
        "closed_at",
        "closed_by",
        "rejected_at",
        "rejected_by",
        "reminded_at",
        "snoozed_until",
    ),
    "five_s_audits": (
        "id",
        "area_id",
        "audit_type",
        "status",
        "auditor",
        "started_at",
        "finished_at",
        "score",
        "sort_score",
        "set_in_order_score",
        "shine_score",
        "standardize_score",
        "sustain_score",
        "safety_score",
        "note",
        "problems_opened",
    ),
    "five_s_scores": ("id", "audit_id", "s", "item", "item_text", "score", "note", "scored_by", "scored_at"),
    # Tier meetings: the figures each board showed, who acknowledged, what was raised (not
    # the scheduler's fire time, nor the platform ids people acknowledge under).
    "tier_meetings": (
        "id",
        "line_id",
        "meeting_date",
        "held_at",
        "kind",
        "called_by",
        "figures_date",
        "open_andon_calls",
        "open_problems",
        "overdue_problems",
        "safety_topic",
        "safety_topic_zh",
        "ack_count",
        "concern_count",
    ),
    "tier_attendance": ("id", "meeting_id", "person", "acknowledged_at"),
    "tier_concerns": ("id", "meeting_id", "line_id", "text", "raised_by", "raised_at", "problem_id"),
    # Safety observations; never who reported them (reports may be anonymous). Their andon
    # link is left out too: through it "safety" in a question would join the andon calls.
    "safety_observations": (
        "id",
        "area_id",
        "line_id",
        "station_id",
        "kind",
        "severity",
        "description",
        "observed_at",
        "anonymous",
        "status",
        "closed_at",
        "escalation_level",
    ),
    "improvement_projects": (
        "id",
        "title",
        "stage",
        "source",
        "problem_id",
        "line_id",
        "problem_statement",
        "metric",
        "metric_filter",
        "target_value",
        "playbook_link",
        "leader",
        "opened_at",
        "stage_changed_at",
        "closed_at",
    ),
    "improvement_whys": ("id", "project_id", "position", "answer", "added_by", "added_at"),
    "improvement_actions": (
        "id",
        "project_id",
        "position",
        "text",
        "owner",
        "due_date",
        "status",
        "done_at",
        "done_by",
        "added_at",
    ),
    "improvement_measurements": (
        "id",
        "project_id",
        "kind",
        "metric",
        "line_id",
        "metric_filter",
        "period_start",
        "period_end",
        "total",
        "value",
        "measured_at",
    ),
    "events": (
        "id",
        "at",
        "actor",
        "record_kind",
        "record_id",
        "action",
        "from_status",
        "to_status",
        "detail",
    ),
    # Shift handovers: who handed over which line and shift, its figures and notes, and when the
    # next shift confirmed receipt (not where it was posted, nor its language).
    "handovers": (
        "id",
        "line_id",
        "shift_code",
        "shift_date",
        "shift_started_at",
        "shift_ended_at",
        "status",
        "handed_over_by",
        "open_calls",
        "open_problems",
        "open_items",
        "output_note",
        "quality_note",
        "safety_note",
        "watch_note",
        "created_at",
        "submitted_at",
        "confirmed_at",
        "confirmed_by",
        "reminded_at",
        "escalated_at",
    ),
}


def store_queryable() -> dict[str, tuple[str, ...]]:
    """`STORE_QUERYABLE` and the sample plant's tables (`gemba demo-data` writes them into the
    store): everything a data question may read in a database that is Gemba's store."""
    plant = {table.name: tuple(c.name for c in table.columns) for table in plant_metadata.sorted_tables}
    return {**plant, **STORE_QUERYABLE}


def read_role_grants(
    dialect: str, role: str, tables: dict[str, tuple[str, ...]], *, database: str
) -> list[str]:
    """The statements that let `role` read `tables` (table → columns) and nothing else.

    For PostgreSQL (`role` is a role name) and MySQL/MariaDB (`role` is 'user'@'host');
    create the role or user first, with a password, and give its URL to questions.

    >>> read_role_grants("postgresql", "gemba_reader", {"lines": ("id", "code")}, database="gemba")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['GRANT CONNECT ON DATABASE gemba TO gemba_reader', 'GRANT USAGE ON SCHEMA public TO gemba_reader',
     'GRANT SELECT (id, code) ON lines TO gemba_reader',
     'ALTER ROLE gemba_reader SET default_transaction_read_only = on']
    >>> read_role_grants("mysql", "'gemba_reader'@'%'", {"lines": ("id", "code")}, database="gemba")
    ["GRANT SELECT (id, code) ON gemba.lines TO 'gemba_reader'@'%'"]
    """
    if dialect == "postgresql":
        return [
            f"GRANT CONNECT ON DATABASE {database} TO {role}",
            f"GRANT USAGE ON SCHEMA public TO {role}",
            *(f"GRANT SELECT ({', '.join(cols)}) ON {table} TO {role}" for table, cols in tables.items()),
            f"ALTER ROLE {role} SET default_transaction_read_only = on",
        ]
    if dialect in ("mysql", "mariadb"):
        return [
            f"GRANT SELECT ({', '.join(cols)}) ON {database}.{table} TO {role}"
            for table, cols in tables.items()
        ]
    raise ValueError(f"no read-only role for {dialect}: SQLite is opened read-only with an authorizer")


def catalog_path(url: str) -> Path:
    """Where the cached catalog of `url` is kept."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return CATALOG_DIR / f"{_source_name(url)}-{digest}.json"


def load_catalog(engine: Engine, url: str, *, refresh: bool = False) -> Catalog:
    """The catalog of `engine`: from the cache unless `refresh` or the database's tables have
    changed since (a store set up after the first start), else introspected and cached.

    In Gemba's store only `store_queryable()` is shown, whatever the cache or the database holds.
    """
    with engine.connect() as connection:
        inspector = sa_inspect(connection)
        names = set(inspector.get_table_names())
        present = names | set(inspector.get_view_names())
    gemba_store = {"outbox", "processed_deliveries"} <= names or {
        "andon_calls",
        "alembic_version",
    } <= names
    allowed = store_queryable() if gemba_store else None
    exclude = () if allowed is not None else ("alembic_version",)
    expected = {n.lower() for n in present if not n.startswith("sqlite_")} - {n.lower() for n in exclude}
    if allowed is not None:
        expected = {n.lower() for n in present if n in allowed}
    path = catalog_path(url)
    if not refresh and path.exists():
        try:
            cached = Catalog.load(path)
            if {n.lower() for n in cached.tables} == expected:
                return _store_policy(cached, allowed)
        except (ValueError, KeyError, TypeError):
            pass
    catalog = introspect(
        engine,
        include=None if allowed is None else [n for n in present if n in allowed],
        exclude=exclude,
        hidden_columns=_hidden_columns(engine, present, allowed),
        source=_source_name(url),
    )
    _store_policy(catalog, allowed)
    try:
        catalog.save(path)
    except OSError:
        log.warning("could not cache the catalog at %s", path)
    return catalog


def _hidden_columns(
    engine: Engine, present: set[str], allowed: dict[str, tuple[str, ...]] | None
) -> list[str]:
    """The "table.column" names of the columns the allowed tables have but may not show
    (read only when introspecting: a cached catalog is narrowed by `_store_policy`)."""
    if allowed is None:
        return []
    with engine.connect() as connection:
        inspector = sa_inspect(connection)
        return [
            f"{table}.{column['name']}"
            for table in present
            if table in allowed
            for column in inspector.get_columns(table)
            if column["name"] not in allowed[table]
        ]


def _store_policy(catalog: Catalog, allowed: dict[str, tuple[str, ...]] | None) -> Catalog:
    """Keep only the allowed tables and show only their allowed columns (None: all of them)."""
    if allowed is None:
        return catalog
    catalog.tables = {name: t for name, t in catalog.tables.items() if name in allowed}
    for name, table in catalog.tables.items():
        for column in table.columns:
            if column.name not in allowed[name]:
                column.hidden, column.values = True, None
    return catalog


def _named_metric(metric: DurationMetric) -> NamedMetric:
    return NamedMetric(
        name=metric.name,
        table=metric.table,
        kind="duration",
        label_en=metric.label_en,
        label_zh=metric.label_zh,
        start=metric.start,
        end=metric.end,
        excluded_status=metric.excluded_status,
        definition_en=metric.definition_en,
        definition_zh=metric.definition_zh,
        synonyms=list(metric.synonyms),
    )


def _split_urls(value: str) -> list[str]:
    return [url.strip() for url in value.split(",") if url.strip()]


def _source_name(url: str) -> str:
    try:
        parsed = make_url(url)
    except Exception:
        return "data"
    name = Path(parsed.database or "data").stem if parsed.get_backend_name() == "sqlite" else parsed.database
    return re.sub(r"[^A-Za-z0-9_-]", "_", name or parsed.get_backend_name())


def warm_up_knowledge(services: Services) -> threading.Event | None:
    """Bring the playbook index up to date and load it and the embedding models in the
    background, so the first question or andon call after a start does not wait for them (a
    question that comes sooner waits only for what is left). Failures are logged; a question
    reports them.

    Returns an event set once the index and models are loaded (None without playbooks), for `/readyz`.
    """
    library = services.knowledge
    if library is None:
        return None
    loaded = threading.Event()

    def load() -> None:
        try:
            library.warm_up()
            loaded.set()
        except Exception:
            log.warning("the playbook index could not be loaded at start", exc_info=True)

    threading.Thread(target=load, name="knowledge-warm-up", daemon=True).start()
    return loaded


def build_knowledge(settings: Settings) -> DeferredLibrary:
    """The playbook library (bundled playbooks + GEMBA_DOCS_DIR), built on first use: the
    knowledge stack is imported, and its index and model loaded, only when a question needs them."""
    folders = [settings.gemba_docs_dir] if settings.gemba_docs_dir else []

    def make() -> Any:
        from knowledge import Library

        return Library(folders, settings.gemba_index_dir, settings.gemba_embedder)

    return DeferredLibrary(make)
