"""Tier meetings in the weekly digest of the sample plant's week 2026-W46, checked against SQL
written here."""

from __future__ import annotations

from sqlalchemy import text

from bot import Services
from bot.digest import Week, compute, digest_reply, markdown

W46 = {"start": "2026-11-08 16:00:00", "end": "2026-11-15 16:00:00"}


def test_the_digest_counts_meetings_acknowledgements_and_concerns_per_line(services: Services) -> None:
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2026-W46"))
        expected = [
            tuple(row)
            for row in session.execute(
                text(
                    "SELECT l.code, COUNT(*), SUM(m.ack_count = 0), "
                    "(SELECT COUNT(*) FROM tier_attendance a JOIN tier_meetings x ON x.id = a.meeting_id "
                    " WHERE x.line_id = l.id AND x.held_at >= :start AND x.held_at < :end), "
                    "(SELECT COUNT(*) FROM tier_concerns c JOIN tier_meetings x ON x.id = c.meeting_id "
                    " WHERE x.line_id = l.id AND x.held_at >= :start AND x.held_at < :end) "
                    "FROM tier_meetings m JOIN lines l ON l.id = m.line_id "
                    "WHERE m.held_at >= :start AND m.held_at < :end GROUP BY l.id, l.code ORDER BY l.id"
                ),
                W46,
            )
        ]
    got = [(r.line, r.meetings, r.unacknowledged, r.acks, r.concerns) for r in digest.tier]
    assert got == expected and [row[1] for row in got] == [6] * 6  # Monday to Saturday
    held, acks, raised = (
        sum(r.meetings for r in digest.tier),
        sum(r.acks for r in digest.tier),
        sum(r.concerns for r in digest.tier),
    )
    unacknowledged = sum(r.unacknowledged for r in digest.tier)
    english = digest_reply(digest, "en").text
    assert f"*Tier meetings* {held} held · {unacknowledged} without a ✅ · {acks} acknowledgements" in english
    assert f"{raised} concerns raised — L1 6×" in english
    assert f"*班组早会* 共 {held} 次" in digest_reply(digest, "zh").text
    document = markdown(digest, "zh")
    assert "## 班组早会" in document and f"| L1 | 6 | {got[0][2]} | {got[0][3]} | {got[0][4]} |" in document
