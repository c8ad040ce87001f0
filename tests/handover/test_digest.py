"""Handovers in the weekly digest: submitted, confirmed and late per line, in both languages."""

from __future__ import annotations

from sqlalchemy import text

from bot import Services
from bot.digest import Week, compute, digest_reply, markdown

# Week 46 of 2026 in the plant (UTC+8), as naive UTC.
W46 = {"start": "2026-11-08 16:00:00", "end": "2026-11-15 16:00:00"}


def test_the_digest_counts_each_lines_handovers_as_the_store_holds_them(services: Services) -> None:
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2026-W46"))
        expected = session.execute(
            text(
                "SELECT l.code, COUNT(*), SUM(h.status = 'confirmed'), SUM(h.reminded_at IS NOT NULL) "
                "FROM handovers h JOIN lines l ON l.id = h.line_id "
                "WHERE h.submitted_at >= :start AND h.submitted_at < :end GROUP BY l.code ORDER BY l.id"
            ),
            W46,
        ).all()
    assert [(f.line, f.submitted, f.confirmed, f.late) for f in digest.handovers] == [
        tuple(r) for r in expected
    ]
    submitted = sum(f.submitted for f in digest.handovers)
    confirmed = sum(f.confirmed for f in digest.handovers)
    late = sum(f.late for f in digest.handovers)
    assert submitted == 6 * 21 and 0 < late < submitted and submitted * 0.9 < confirmed < submitted

    english = digest_reply(digest, "en").text
    assert f"*Handovers* submitted {submitted} · confirmed {confirmed} · late {late} — L1 " in english
    chinese = digest_reply(digest, "zh").text
    assert f"*交接班* 提交 {submitted} · 确认 {confirmed} · 超时 {late} — L1 " in chinese
    document = markdown(digest, "en")
    first = digest.handovers[0]
    unconfirmed = first.submitted - first.confirmed
    row = f"| {first.line} | {first.submitted} | {first.confirmed} | {first.late} | {unconfirmed} |"
    assert "## Shift handovers" in document and row in document
    assert "## 交接班" in markdown(digest, "zh")
