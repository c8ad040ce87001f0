"""answer(): the whole pipeline on the sample plant — answers, follow-ups, clarifications,
no-such-data, named metrics equal to `bot.metrics`, charts, and the LLM fallback."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from bot.metrics import MTTR, durations_seconds, mean
from bot.store.models import AndonCall
from nl2sql import NL2SQL, NoSuchData, Source
from nl2sql.errors import NotUnderstood
from tests.nl2sql.conftest import NOW, FakeLLM, plant_catalog


def test_a_question_gets_a_number_its_meaning_and_the_sql(plant: NL2SQL) -> None:
    answer = plant.answer("how many andon calls on line 3 last week?", now=NOW)
    assert answer.interpretation == "Andon calls · Line 3 · Mon 9 – Sun 15 Nov 2026"
    assert answer.text == f"{answer.interpretation}: **{answer.rows[0][0]}**"
    assert answer.path == "rules" and answer.columns == ["count"]
    assert "JOIN" in answer.sql and "LIMIT 1000" in answer.sql


def test_chinese_questions_are_answered_in_chinese(plant: NL2SQL) -> None:
    en = plant.answer("which machine had the most downtime last week?", now=NOW)
    zh = plant.answer("上周哪台设备停机时间最长？", now=NOW, language="zh")
    assert zh.rows == en.rows and len(zh.rows) == 1
    assert "2026年11月9日至15日" in zh.interpretation


def test_follow_ups_reuse_the_thread_context(plant: NL2SQL) -> None:
    first = plant.answer("how many andon calls on line 3 last week?", now=NOW)
    second = plant.answer("and line 2?", now=NOW, context=first.context)
    assert "Line 2" in second.interpretation and "Mon 9 – Sun 15 Nov 2026" in second.interpretation
    assert "Line 3" not in second.interpretation
    third = plant.answer("by station", now=NOW, context=second.context)
    assert third.columns == ["station", "station_code", "count"]  # each station's code beside its name
    assert sum(r[-1] for r in third.rows) == second.rows[0][0]
    downtime = plant.answer("downtime by line last week", now=NOW)
    night = plant.answer("只看夜班", now=NOW, language="zh", context=downtime.context)
    assert "Night" in night.sql or "夜班" in night.sql
    assert sum(r[-1] for r in night.rows) < sum(r[-1] for r in downtime.rows)


def test_ambiguous_questions_ask_back_with_choices(plant: NL2SQL) -> None:
    answer = plant.answer("line 3 last week", now=NOW)
    assert 2 <= len(answer.choices) <= 3 and not answer.sql
    chosen = plant.answer(answer.choices[0], now=NOW)
    assert chosen.rows


def test_unanswerable_questions_say_so_and_suggest(plant: NL2SQL) -> None:
    with pytest.raises(NoSuchData) as caught:
        plant.answer("what is the weather in Paris?", now=NOW)
    assert "andon calls" in caught.value.user_message("en") and caught.value.suggestions


def test_a_clock_time_it_cannot_read_is_asked_about_not_dropped(plant: NL2SQL) -> None:
    with pytest.raises(NotUnderstood) as refused:
        plant.answer("output of line 3 since 10:00 today", now=NOW)
    assert "10" in refused.value.user_message("en")


def test_mttr_equals_bot_metrics_to_the_second(plant: NL2SQL, plant_engine: Engine) -> None:
    answer = plant.answer("MTTR last week", now=NOW)
    with plant_engine.connect() as connection:
        pairs = connection.execute(
            select(AndonCall.raised_at, AndonCall.resolved_at).where(
                AndonCall.status != MTTR.excluded_status,
                AndonCall.raised_at >= datetime(2026, 11, 9),
                AndonCall.raised_at < datetime(2026, 11, 16),
            )
        ).all()
    expected = mean(durations_seconds([(a, b) for a, b in pairs]))
    assert expected is not None and abs(answer.rows[0][0] - expected) < 1


def test_breakdowns_come_with_a_chart(plant_engine: Engine) -> None:
    nl2sql = NL2SQL([Source("plant", plant_engine, plant_catalog(plant_engine))], charts=True)
    answer = nl2sql.answer("daily output of line 2 this week", now=NOW)
    assert answer.chart is not None
    assert "png" not in vars(answer.chart)  # not drawn until a renderer asks for the bytes
    assert answer.chart.png.startswith(b"\x89PNG")
    assert answer.chart.png is answer.chart.png  # drawn once


def test_the_llm_answers_what_the_rules_cannot_and_is_repaired(plant_engine: Engine) -> None:
    llm = FakeLLM("```sql\nSELECT nosuch FROM lines\n```", "```sql\nSELECT COUNT(*) AS n FROM lines\n```")
    nl2sql = NL2SQL(
        [Source("plant", plant_engine, plant_catalog(plant_engine))],
        llm=llm,
        charts=False,
        examples=lambda: [("how many lines are there", "SELECT COUNT(*) FROM lines")],
    )
    answer = nl2sql.answer("how many production lines does the flux capacitor feed?", now=NOW)
    assert answer.path == "llm" and answer.rows == [[6]]
    assert len(llm.calls) == 2 and "unknown column" in llm.calls[1][-1]["content"]
    system = llm.calls[0][0]["content"]
    assert "TABLE lines" in system and "outbox" not in system
    assert any(m["content"] == "how many lines are there" for m in llm.calls[0])


def test_questions_that_are_too_long_are_refused(plant: NL2SQL) -> None:
    with pytest.raises(Exception, match="too long"):
        plant.answer("andon " * 500, now=NOW)


def test_chinese_labels_of_a_chart_are_drawn_with_their_own_glyphs() -> None:
    """Missing glyphs are drawn as identical boxes: charts titled with different Chinese words
    (or labelled with different Chinese line names) must then come out the same."""
    from nl2sql.chart import Chart, cjk_font

    assert cjk_font() is not None, "the set-up installs a Chinese font (fonts-noto-cjk)"

    def drawn(title: str, label: str) -> bytes:
        return Chart(title, [(label, 3), ("Line 2", 5)], trend=False).png

    assert drawn("停机分钟", "一号线") != drawn("产量合计", "一号线")
    assert drawn("停机分钟", "一号线") != drawn("停机分钟", "三号线")
