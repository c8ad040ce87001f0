"""The weekly digest of the sample plant's week 2026-W46 (Mon 9 – Sun 15 Nov 2026, plant
time Asia/Shanghai), checked against SQL written here, independently of the digest code."""

from __future__ import annotations

import statistics
from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot import Services, handle
from bot.digest import Week, compute, digest_reply, markdown, parse_channels, send_digests
from bot.digest.render import change_text
from bot.store.models import OutboxMessage
from tests.conftest import message

# W46 in UTC (the store) and in plant time (the MES tables), written out by hand.
W46 = {"start": "2026-11-08 16:00:00", "end": "2026-11-15 16:00:00"}
W45 = {"start": "2026-11-01 16:00:00", "end": "2026-11-08 16:00:00"}
W46_LOCAL = {"start": "2026-11-09 00:00:00", "end": "2026-11-16 00:00:00"}
CALLS = "FROM andon_calls a WHERE a.status != 'cancelled' AND a.raised_at >= :start AND a.raised_at < :end"


def _sql(session: Session, query: str, params: dict[str, str]) -> list[tuple]:
    return [tuple(row) for row in session.execute(text(query), params)]


def _seconds(session: Session, end_column: str) -> list[float]:
    seconds = f"(julianday(a.{end_column}) - julianday(a.raised_at)) * 86400"
    query = f"SELECT {seconds} {CALLS} AND a.{end_column} IS NOT NULL"
    return [row[0] for row in _sql(session, query, W46)]


@pytest.fixture
def w46(services: Services):
    with services.sessions() as session:
        yield session, compute(session, services, Week.parse("2026-W46"))


def test_andon_counts_by_line_and_reason_with_the_change_from_last_week(w46) -> None:
    session, digest = w46
    per_line = "SELECT l.code, COUNT(*) FROM andon_calls a JOIN lines l ON l.id = a.line_id " + CALLS[19:]
    this_week, last_week = (
        dict(_sql(session, per_line + " GROUP BY l.code", W46)),
        dict(_sql(session, per_line + " GROUP BY l.code", W45)),
    )
    assert {c.label: (c.this_week, c.last_week) for c in digest.by_line} == {
        code: (this_week.get(code, 0), last_week.get(code, 0)) for code in this_week | last_week
    }
    assert (digest.calls.this_week, digest.calls.last_week) == (
        sum(this_week.values()),
        sum(last_week.values()),
    )
    assert (digest.calls.this_week, digest.calls.last_week) == (110, 99)  # hand-checked: +11, +11 %
    by_reason = dict(_sql(session, f"SELECT a.category, COUNT(*) {CALLS} GROUP BY a.category", W46))
    assert {c.label: c.this_week for c in digest.by_category if c.this_week} == by_reason
    assert digest.top_category == max(by_reason, key=lambda k: (by_reason[k], k))


def test_mtta_median_p90_and_mttr_agree_with_sql_to_the_second(w46) -> None:
    session, digest = w46
    acknowledged, resolved = _seconds(session, "acknowledged_at"), _seconds(session, "resolved_at")
    assert digest.mtta.count == len(acknowledged)
    assert digest.mtta.median == pytest.approx(statistics.median(acknowledged), abs=0.01)
    assert digest.mtta.p90 == pytest.approx(
        statistics.quantiles(acknowledged, n=10, method="inclusive")[8], abs=0.01
    )
    mean_resolve = _sql(
        session, f"SELECT AVG((julianday(resolved_at) - julianday(raised_at)) * 86400) {CALLS}", W46
    )
    assert digest.mttr.mean == pytest.approx(mean_resolve[0][0], abs=0.01)
    assert digest.mttr.count == len(resolved)
    escalated = _sql(session, f"SELECT COUNT(*) {CALLS} AND a.escalation_level > 0", W46)[0][0]
    assert digest.escalated == escalated


def test_downtime_pareto_output_and_defects_match_the_plant_tables(w46) -> None:
    session, digest = w46
    local = "WHERE {column} >= :start AND {column} < :end"
    reasons = _sql(
        session,
        "SELECT reason, SUM(duration_min) FROM downtime_events "
        + local.format(column="started_at")
        + " GROUP BY reason ORDER BY 2 DESC, 1",
        W46_LOCAL,
    )
    total = sum(minutes for _, minutes in reasons)
    assert digest.downtime_minutes == total == 3434
    top3 = [(r.reason, r.minutes) for r in digest.pareto[:3]]
    assert top3 == reasons[:3]
    assert digest.pareto[2].cumulative == pytest.approx(sum(m for _, m in reasons[:3]) / total)
    assert digest.pareto[-1].cumulative == pytest.approx(1.0)
    planned, made = _sql(
        session,
        "SELECT SUM(planned_qty), SUM(output_qty) FROM production " + local.format(column="hour_start"),
        W46_LOCAL,
    )[0]
    assert (sum(r.planned for r in digest.output), sum(r.output for r in digest.output)) == (planned, made)
    defects = _sql(session, "SELECT SUM(qty) FROM defects " + local.format(column="found_at"), W46_LOCAL)[0][
        0
    ]
    assert digest.defects == defects


def test_problems_opened_closed_and_aging_at_the_weeks_end(w46) -> None:
    session, digest = w46

    def count(column: str) -> int:
        return _sql(
            session, f"SELECT COUNT(*) FROM problems WHERE {column} >= :start AND {column} < :end", W46
        )[0][0]

    assert (digest.problems_opened, digest.problems_resolved, digest.problems_closed) == (
        count("opened_at"),
        count("resolved_at"),
        count("closed_at"),
    )
    age = "(julianday(:end) - julianday(opened_at))"
    buckets = _sql(
        session,
        f"""SELECT CASE WHEN {age} < 1 THEN 0 WHEN {age} < 3 THEN 1 WHEN {age} < 7 THEN 3 ELSE 7 END
                     AS bucket, COUNT(*)
            FROM problems
            WHERE opened_at < :end
              AND (resolved_at IS NULL OR resolved_at >= :end)
              AND (rejected_at IS NULL OR rejected_at >= :end)
              AND (closed_at IS NULL OR closed_at >= :end)
            GROUP BY bucket""",
        W46,
    )
    assert {b.low: b.count for b in digest.aging if b.count} == dict(buckets)
    assert [b.low for b in digest.aging] == [0, 1, 3, 7]
    for bucket in digest.aging:
        assert sum(n for _, n in bucket.owners) == bucket.count


def test_the_three_worst_repeat_offenders_are_the_same_station_and_reason(w46) -> None:
    session, digest = w46
    repeats = _sql(
        session,
        "SELECT s.code, a.category, COUNT(*) FROM andon_calls a JOIN stations s ON s.id = a.station_id "
        + CALLS[19:]
        + " GROUP BY s.code, a.category HAVING COUNT(*) >= 2 ORDER BY 3 DESC",
        W46,
    )
    assert [o.calls for o in digest.offenders] == [n for _, _, n in repeats[:3]]
    assert (digest.offenders[0].station, digest.offenders[0].category) == repeats[0][:2]


def test_a_week_for_some_lines_counts_only_them(services: Services) -> None:
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2026-W46"), lines=["L3"])
        expected = _sql(session, f"SELECT COUNT(*) {CALLS} AND a.line_id = 3", W46)[0][0]
    assert [c.label for c in digest.by_line] == ["L3"] and digest.calls.this_week == expected
    assert [r.line for r in digest.output] == ["L3"]


class _Library:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.asked: list[tuple[str, str, str]] = []

    def link(self, category: str, text: str, language: str) -> str | None:
        self.asked.append((category, text, language))
        if self.fail:
            raise RuntimeError("index missing")
        return "Andon response › Material shortage"


def test_the_playbook_tip_matches_the_weeks_top_reason_and_is_skipped_without_a_library(
    services: Services,
) -> None:
    week = Week.parse("2026-W46")
    with services.sessions() as session:
        assert compute(session, services, week).tip is None
        services.knowledge = library = _Library()
        digest = compute(session, services, week, language="zh")
        assert digest.tip == "Andon response › Material shortage"
        assert library.asked == [(digest.top_category, digest.top_reason, "zh")]
        services.knowledge = _Library(fail=True)
        assert compute(session, services, week).tip is None
    assert "*作业指导*（物料）：Andon response › Material shortage" in digest_reply(digest, "zh").text


def test_the_reply_is_compact_and_states_each_definition(w46) -> None:
    _session, digest = w46
    reply = digest_reply(digest, "en")
    assert reply.text.startswith("*📊 Weekly digest 2026-W46 (2026-11-09 – 2026-11-15) · all lines*")
    assert "*Andon calls:* 110 (+11, +11% vs last week)" in reply.text
    assert "mean time from raising an andon call to its acknowledgement" in reply.text
    assert len(reply.text.splitlines()) <= 16  # the figures, then a line per lean routine
    document = markdown(digest, "zh", {"downtime_pareto": "downtime_pareto.png"})
    assert document.startswith("# 周报 2026-W46") and "![downtime_pareto](downtime_pareto.png)" in document
    assert "| 平均响应时间 |" in document


def test_an_empty_week_sends_nothing_or_a_short_note(services: Services) -> None:
    week = Week.parse("2025-W01")
    channels = parse_channels("slack:C01:en, dingtalk:cid9:zh:L3")
    assert send_digests(services, channels, week, empty="skip") == []
    assert send_digests(services, channels, week, empty="note") == ["slack:C01:en", "dingtalk:cid9:zh:L3"]
    with services.sessions() as session:
        notes = session.scalars(select(OutboxMessage.payload).order_by(OutboxMessage.id)).all()
    assert notes[-1]["text"] == "周报 2025-W01 · L3：本周没有安灯、停机、产量或问题记录。👍"


def test_each_channel_gets_a_weeks_digest_once(services: Services) -> None:
    channels = parse_channels("console:managers")
    week = Week.parse("2026-W46")
    assert send_digests(services, channels, week) == ["console:managers:en"]
    assert send_digests(services, channels, week) == []
    with services.sessions() as session:
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "managers")).one()
    assert sent.idempotency_key == "digest:2026-W46:console::managers"
    assert sent.payload["image"]["title"] == "Downtime Pareto · 2026-W46"


def test_the_digest_command_shows_last_complete_week_on_demand(services: Services) -> None:
    reply = handle(message("digest"), services)
    assert reply is not None and "2026-W46" in reply.text and reply.image is not None
    reply = handle(message("周报 L3 2026-W45"), services)
    assert reply is not None and reply.text.startswith("*📊 周报 2026-W45（2026-11-02 – 2026-11-08）· L3*")


@pytest.mark.parametrize(
    ("now", "last"),
    [(datetime(2026, 11, 22, 15, 59), 46), (datetime(2026, 11, 22, 16, 0), 47)],  # Mon 00:00 plant time
)
def test_the_last_complete_week_turns_at_monday_midnight_plant_time(now: datetime, last: int) -> None:
    from tests.conftest import PLANT_TZ

    assert Week.last_complete(now, PLANT_TZ) == Week(2026, last)


def test_change_wording() -> None:
    from bot.digest.compute import Change

    assert change_text(Change("L1", 7, 9), "en") == "−2, −22%"
