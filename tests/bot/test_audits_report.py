"""The audits in the weekly digest, checked against SQL written here."""

from __future__ import annotations

from sqlalchemy import text

from bot import Services
from bot.digest import Week, compute, digest_reply, markdown

# W46 in UTC (the store), written out by hand: Mon 9 – Sun 15 Nov 2026 in Asia/Shanghai.
W46 = {"start": "2026-11-08 16:00:00", "end": "2026-11-15 16:00:00"}
DONE = "FROM five_s_audits f WHERE f.status = 'done' AND f.finished_at >= :start AND f.finished_at < :end"


def test_the_digest_counts_the_weeks_audits_their_average_per_area_and_the_lowest_s(
    services: Services,
) -> None:
    with services.sessions() as session:
        done = session.execute(text(f"SELECT COUNT(*) {DONE}"), W46).scalar()
        by_area = DONE.replace("WHERE", "JOIN areas a ON a.id = f.area_id WHERE")
        worst = session.execute(
            text(f"SELECT a.name, AVG(f.score) {by_area} GROUP BY a.name ORDER BY AVG(f.score) LIMIT 1"), W46
        ).one()
        seiton = session.execute(text(f"SELECT AVG(f.set_in_order_score) {DONE}"), W46).scalar()
        digest = compute(session, services, Week.parse("2026-W46"))
    assert digest.audits is not None and digest.audits.done == done == 9
    first = digest.audits.areas[0]
    assert (first.area.name, first.average) == (worst[0], round(worst[1], 2))
    reply = digest_reply(digest, "en")
    assert f"5S audits: {done} done · average by area {worst[0]} {worst[1]:.1f}" in reply.text
    assert digest.audits.lowest is not None
    s, value = digest.audits.lowest
    if s == "set_in_order":
        assert abs(value - seiton) < 1e-9
    chinese = markdown(digest, "zh")
    assert "## 5S 审核" in chinese and "| 区域 | 审核次数 | 平均分（1-5） |" in chinese
    assert "最低的S" in digest_reply(digest, "zh").text
