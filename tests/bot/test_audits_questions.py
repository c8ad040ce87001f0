"""Questions about the audits in plain words, through the real nl2sql path on the seeded plant."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import func, select

from bot import Services, handle
from bot.audits.models import FiveSAudit
from bot.store.db import make_engine
from bot.store.models import Area
from nl2sql import NL2SQL, Source
from tests.conftest import message
from tests.nl2sql.conftest import plant_catalog


@pytest.fixture
def asking(services: Services, plant_db: str) -> Iterator[Services]:
    engine = make_engine(plant_db)
    nl2sql = NL2SQL(
        [Source("plant", engine, plant_catalog(engine))], timezone=services.timezone, charts=False
    )
    yield dataclasses.replace(services, nl2sql=nl2sql)
    engine.dispose()


def _average(services: Services, code: str, start: datetime, end: datetime) -> float:
    with services.sessions() as session:
        value = session.scalar(
            select(func.avg(FiveSAudit.score))
            .join(Area)
            .where(Area.code == code, FiveSAudit.started_at >= start, FiveSAudit.started_at < end)
        )
    assert value is not None, "the sample plant has audits of the area"
    return float(value)


@pytest.mark.parametrize(
    "question",
    [
        "average 5S score of the tool room this quarter",
        "average score of five s audits of the tool room this quarter",
    ],
)
def test_the_average_audit_score_of_an_area_this_quarter_in_english(asking: Services, question: str) -> None:
    reply = handle(message(question), asking)
    assert reply is not None and reply.code is not None
    assert "five_s_audits" in reply.code and "Tool room" in reply.code
    expected = _average(asking, "TOOL", datetime(2026, 10, 1), datetime(2027, 1, 1))
    assert f"{expected:.2f}" in reply.text


@pytest.mark.parametrize("question", ["上个月工具间的6S审核平均分", "上个月工具间5S平均分"])
def test_the_average_6s_score_of_an_area_last_month_in_chinese(asking: Services, question: str) -> None:
    reply = handle(message(question), asking)
    assert reply is not None and reply.language == "zh" and reply.code is not None
    assert "five_s_audits" in reply.code and "工具间" in reply.code
    expected = _average(asking, "TOOL", datetime(2026, 10, 1), datetime(2026, 11, 1))
    assert f"{expected:.2f}" in reply.text


def test_item_scores_per_s_are_answered_from_the_checklist_rows(asking: Services) -> None:
    reply = handle(message("average set in order score by area"), asking)
    assert reply is not None and reply.code is not None and "five_s_scores" in reply.code
    assert reply.table is not None and {"Line 3", "Tool room"} <= {row[0] for row in reply.table.rows}
