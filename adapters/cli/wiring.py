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

import httpx
from sqlalchemy import Engine, make_url, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError

from adapters.llm import OpenAICompatibleLLM
from adapters.settings import Settings
from bot.metrics import DURATION_METRICS, DurationMetric
from bot.outbox import ChatPlatform
from bot.scheduler import Scheduler
from bot.services import Services, system_clock
from bot.store.db import make_engine, make_sessions
from bot.store.models import INTERNAL_TABLES, Feedback
from bot.worker import OutboxWorker, SchedulerWorker
from knowledge import Library
from nl2sql import NL2SQL, Catalog, NamedMetric, Source, add_metrics, enrich, introspect, load_semantic

log = logging.getLogger("gemba")


def configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level."""
    logging.basicConfig(
        level=settings.gemba_log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # httpx logs whole URLs at INFO, and DingTalk's carry access tokens and session keys.
    logging.getLogger("httpx").setLevel(logging.WARNING)


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
    )


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

    Catalogs are cached as JSON under `.gemba/catalog/` (`refresh` rebuilds them); Gemba's
    internal tables and chat bookkeeping columns are never exposed; MTTA/MTTR come from
    `bot.metrics`; the LLM fallback is used when `GEMBA_LLM_BASE_URL` and `GEMBA_LLM_MODEL`
    are set (`http` replaces its `httpx.Client`, for tests).
    """
    urls = [data_url] if data_url else [settings.gemba_database_url, *_split_urls(settings.gemba_data_urls)]
    semantic = load_semantic(settings.gemba_semantic_file) if settings.gemba_semantic_file else {}
    sources = []
    for position, url in enumerate(urls):
        same_as_store = not data_url and position == 0
        engine = store_engine if same_as_store else make_engine(url)
        catalog = load_catalog(engine, url, refresh=refresh)
        enrich(catalog, semantic)
        add_metrics(catalog, [_named_metric(m) for m in DURATION_METRICS])
        sources.append(Source(_source_name(url), engine, catalog))
    llm = None
    if settings.gemba_llm_base_url and settings.gemba_llm_model:
        llm = OpenAICompatibleLLM(
            http or httpx.Client(timeout=settings.gemba_llm_timeout_s),
            base_url=settings.gemba_llm_base_url,
            model=settings.gemba_llm_model,
            api_key=settings.gemba_llm_api_key.get_secret_value(),
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
# Columns of the store that are chat bookkeeping, not operations data.
_STORE_HIDDEN = tuple(
    f"{table}.{column}"
    for table in ("andon_calls", "problems")
    for column in ("platform", "workspace", "channel", "thread", "message_ref", "language")
)


def catalog_path(url: str) -> Path:
    """Where the cached catalog of `url` is kept."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return CATALOG_DIR / f"{_source_name(url)}-{digest}.json"


def load_catalog(engine: Engine, url: str, *, refresh: bool = False) -> Catalog:
    """The catalog of `engine`: from the cache unless `refresh` or the database's tables have
    changed since (a store set up after the first start), else introspected and cached."""
    with engine.connect() as connection:
        inspector = sa_inspect(connection)
        names = set(inspector.get_table_names())
        present = names | set(inspector.get_view_names())
    gemba_store = {"outbox", "processed_deliveries"} <= names
    exclude = (*INTERNAL_TABLES, "job_runs") if gemba_store else ("alembic_version",)
    expected = {n.lower() for n in present if not n.startswith("sqlite_")} - {n.lower() for n in exclude}
    path = catalog_path(url)
    if not refresh and path.exists():
        try:
            cached = Catalog.load(path)
            if {n.lower() for n in cached.tables} == expected:
                return cached
        except (ValueError, KeyError, TypeError):
            pass
    catalog = introspect(
        engine, exclude=exclude, hidden_columns=_STORE_HIDDEN if gemba_store else (), source=_source_name(url)
    )
    try:
        catalog.save(path)
    except OSError:
        log.warning("could not cache the catalog at %s", path)
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


def warm_up_knowledge(services: Services) -> None:
    """Bring the playbook index up to date and load it in the background, so the first
    question or andon call after a start does not wait for it (a question that comes
    sooner waits only for what is left). Failures are logged; a question reports them."""
    library = services.knowledge
    if library is None:
        return

    def load() -> None:
        try:
            library.ensure_index()
        except Exception:
            log.warning("the playbook index could not be loaded at start", exc_info=True)

    threading.Thread(target=load, name="knowledge-warm-up", daemon=True).start()


def build_knowledge(settings: Settings) -> Library:
    """The playbook library (bundled playbooks + GEMBA_DOCS_DIR); its index and model load on first use."""
    folders = [settings.gemba_docs_dir] if settings.gemba_docs_dir else []
    return Library(folders, settings.gemba_index_dir, settings.gemba_embedder)


def build_background(
    settings: Settings, services: Services, platforms: dict[str, ChatPlatform]
) -> list[OutboxWorker | SchedulerWorker]:
    """What a server process runs besides answering: outbox delivery and the scheduler of
    escalations, reminders and the weekly digest (unless GEMBA_SCHEDULER_ENABLED is false).

    Each item has `start()` and `stop()`; `gemba serve …` starts them all and stops them on exit.
    """
    from adapters.cli.followup_cmds import build_jobs  # that module builds on this one

    delivery = OutboxWorker(
        services,
        platforms,
        max_attempts=settings.gemba_outbox_max_attempts,
        lease=timedelta(seconds=settings.gemba_outbox_lease_s),
    )
    background: list[OutboxWorker | SchedulerWorker] = [delivery]
    if settings.gemba_scheduler_enabled:
        scheduler = Scheduler(services, build_jobs(settings))
        background.append(SchedulerWorker(scheduler, outbox=delivery))
    return background
