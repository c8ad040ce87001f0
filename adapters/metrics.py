"""Prometheus metrics of one Gemba process, served on `/metrics` (see `adapters.health`).

`PrometheusObserver` is the core's `bot.observe.Observer` wired to counters and histograms;
`BacklogCollector` reads the store's backlog (outbox, inbox, open andon calls) when
Prometheus scrapes, cached for a few seconds so several scrapers cost one round of queries;
`watch_counter` exposes a count kept elsewhere (e.g. the DingTalk Stream's reconnects);
`BoardMetrics` are the web board's (open live streams, snapshots built).
Each process has its own registry: several instances are scraped one by one, and the
store's gauges (the same figure from each) are read with `max` in the dashboard.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session, sessionmaker

from bot.store.backlog import Backlog, read_backlog

log = logging.getLogger(__name__)

ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
"""Slack wants its 200 within 3 s; DingTalk's stream its ack soon after the frame."""
ANSWER_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 60.0)
"""From a rule answer in milliseconds to an LLM answer near its time limit."""
MAX_REASON_CHARS = 80
BACKLOG_CACHE_S = 5.0


def metrics_registry() -> CollectorRegistry:
    """A registry of this process's metrics, with its CPU, memory and open files.

    Counters and histograms leave out their `_created` series (a timestamp per label set
    that doubles the output and that no panel uses); prometheus-client sets this per process.
    """
    disable_created_metrics()
    registry = CollectorRegistry(auto_describe=True)
    ProcessCollector(registry=registry)
    return registry


class PrometheusObserver:
    """The core's observer (`bot.observe.Observer`), counting into `registry`."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.received = Counter(
            "gemba_events_received", "Inbound events offered to the inbox.", ["platform"], registry=registry
        )
        self.deduplicated = Counter(
            "gemba_events_deduplicated",
            "Inbound events dropped as redeliveries of one seen before.",
            ["platform"],
            registry=registry,
        )
        self.acked = Counter(
            "gemba_events_acked",
            "Inbound requests acknowledged to the platform.",
            ["platform"],
            registry=registry,
        )
        self.ack_seconds = Histogram(
            "gemba_ack_seconds",
            "Time from a request's arrival to its acknowledgement.",
            ["platform"],
            buckets=ACK_BUCKETS,
            registry=registry,
        )
        self.answers = Counter(
            "gemba_answers",
            "Messages answered, by how (bot.observe.ANSWER_PATHS).",
            ["path"],
            registry=registry,
        )
        self.answer_seconds = Histogram(
            "gemba_answer_seconds",
            "Time to compute and save an answer, by how it was answered.",
            ["path"],
            buckets=ANSWER_BUCKETS,
            registry=registry,
        )
        self.refusals = Counter(
            "gemba_checker_refusals",
            "Statements the SQL checker refused, by reason.",
            ["reason"],
            registry=registry,
        )

    def event_received(self, platform: str, *, duplicate: bool) -> None:
        """Count an inbound event, and a redelivery separately."""
        self.received.labels(platform).inc()
        if duplicate:
            self.deduplicated.labels(platform).inc()

    def event_acked(self, platform: str, seconds: float) -> None:
        """Count an acknowledgement and its latency."""
        self.acked.labels(platform).inc()
        self.ack_seconds.labels(platform).observe(seconds)

    def answered(self, path: str, seconds: float) -> None:
        """Count an answer by its path, with its latency."""
        self.answers.labels(path).inc()
        self.answer_seconds.labels(path).observe(seconds)

    def refused(self, reason: str) -> None:
        """Count a refusal by the checker (its reasons are a fixed set of short sentences)."""
        self.refusals.labels(reason[:MAX_REASON_CHARS]).inc()


class BacklogCollector(Collector):
    """Gauges of the store's backlog, read at scrape time and cached for `cache_s` seconds.

    When the store cannot be read, `gemba_store_up` is 0 and the other gauges are left out
    (a missing series, not a misleading zero).
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        now: Callable[[], datetime],
        *,
        cache_s: float = BACKLOG_CACHE_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._now = now
        self._cache_s = cache_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._read_at = float("-inf")
        self._backlog: Backlog | None = None

    def collect(self) -> Iterator[Metric]:
        """The gauges (Prometheus calls this on every scrape)."""
        backlog = self._cached()
        yield GaugeMetricFamily(
            "gemba_store_up", "Whether the store answered the last read.", backlog is not None
        )
        if backlog is None:
            return
        figures = (
            ("gemba_outbox_depth", "Outbound messages not sent yet.", backlog.outbox_unsent),
            ("gemba_outbox_oldest_age_seconds", "Age of the oldest unsent message.", backlog.outbox_oldest_s),
            ("gemba_outbox_dead_letters", "Messages given up on (gemba outbox retry).", backlog.outbox_dead),
            ("gemba_inbox_depth", "Inbound events accepted and not answered yet.", backlog.inbox_unanswered),
            ("gemba_andon_calls_open", "Andon calls raised or acknowledged, not closed.", backlog.andon_open),
            (
                "gemba_andon_calls_escalated",
                "Open andon calls escalated at least once.",
                backlog.andon_escalated,
            ),
        )
        for name, documentation, value in figures:
            yield GaugeMetricFamily(name, documentation, value=value)

    def _cached(self) -> Backlog | None:
        with self._lock:
            if self._monotonic() - self._read_at >= self._cache_s:
                self._backlog = self._read()
                self._read_at = self._monotonic()
            return self._backlog

    def _read(self) -> Backlog | None:
        try:
            with self._sessions() as session:
                return read_backlog(session, self._now())
        except Exception as error:  # the store is down: say so in the metrics, keep serving
            log.warning("metrics: the store's backlog could not be read: %s", error)
            return None


class _WatchedCounter(Collector):
    def __init__(self, name: str, documentation: str, read: Callable[[], float]) -> None:
        self._name, self._documentation, self._read = name, documentation, read

    def collect(self) -> Iterator[Metric]:
        yield CounterMetricFamily(self._name, self._documentation, value=self._read())


def watch_counter(
    registry: CollectorRegistry, name: str, documentation: str, read: Callable[[], float]
) -> None:
    """Expose a count kept by someone else (`read()` at scrape time) as counter `name`_total."""
    registry.register(_WatchedCounter(name, documentation, read))


class BoardMetrics:
    """The web board's own figures, in `registry`: the live-update streams open now and the
    board snapshots built (one per change seen by the live feed, however many boards are open)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.streams_open = Gauge(
            "gemba_board_streams_open",
            "Board live-update streams (server-sent events) open now.",
            registry=registry,
        )
        self.snapshots = Counter(
            "gemba_board_snapshots",
            "Board snapshots built from the store (by the live feed, or for a page before its first poll).",
            registry=registry,
        )
