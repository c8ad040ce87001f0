"""Safety observations from chat, in English and Chinese: report, ask back, list, stats, close."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot import Services, handle
from bot.digest.compute import compute
from bot.digest.period import Week
from bot.digest.render import markdown
from bot.safety.models import SafetyObservation
from bot.store.models import Area, Event, OutboxMessage, StoredFile
from bot.types import Attachment, Reply
from tests.conftest import message


def _last(services: Services) -> SafetyObservation:
    with services.sessions() as session:
        return session.scalars(select(SafetyObservation).order_by(SafetyObservation.id.desc())).first()


def _say(services: Services, text: str, **kwargs: object) -> Reply:
    reply = handle(message(text, **kwargs), services)  # type: ignore[arg-type]
    assert reply is not None
    return reply


def _posts(services: Services, observation_id: int) -> list[OutboxMessage]:
    with services.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.idempotency_key.like(f"safety:{observation_id}:%"))
        return list(session.scalars(query.order_by(OutboxMessage.id)))


@pytest.mark.parametrize(
    ("text", "area", "kind", "severity", "language", "said"),
    [
        (
            "safety L3 forklift nearly hit a walker at the crossing",
            "L3",
            "near_miss",
            "medium",
            "en",
            "near miss",
        ),
        (
            "safety tool room oil leak under the grinder",
            "TOOL",
            "unsafe_condition",
            "medium",
            "en",
            "unsafe condition",
        ),
        (
            "safety warehouse picker without gloves severity:low",
            "WH",
            "unsafe_act",
            "low",
            "en",
            "unsafe act",
        ),
        ("安全 3号线 叉车差点撞到人", "L3", "near_miss", "medium", "zh", "未遂事件"),
        ("安全 工具间 操作工手指割伤", "TOOL", "injury", "high", "zh", "受伤"),
        (
            "安全观察 区域:WH 货架上有杂物 类型:不安全状态 级别:低",
            "WH",
            "unsafe_condition",
            "low",
            "zh",
            "不安全状态",
        ),
    ],
)
def test_a_report_is_stored_with_its_place_kind_and_severity(
    services: Services, text: str, area: str, kind: str, severity: str, language: str, said: str
) -> None:
    reply = _say(services, text)
    observation = _last(services)
    with services.sessions() as session:
        stored_area = session.get(Area, observation.area_id)
        assert stored_area is not None and stored_area.code == area
    assert (observation.kind, observation.severity, observation.reporter, observation.anonymous) == (
        kind,
        severity,
        "ana",
        False,
    )
    assert reply.language == language
    assert f"S{observation.id}" in reply.text and said in reply.text
    assert observation.description and "area:" not in observation.description


def test_the_reply_says_what_was_inferred_and_what_was_assumed(services: Services) -> None:
    reply = _say(services, "safety L2 operator almost slipped on a wet floor")
    assert "From your words I read it as: near miss" in reply.text
    assert "Severity medium assumed" in reply.text
    given = _say(services, "safety L2 wet floor kind:unsafe_condition severity:high")
    assert "read it as" not in given.text and "assumed" not in given.text
    unknown = _say(services, "safety L2 pipe rattling")
    assert "did not say which kind" in unknown.text and _last(services).kind == "unsafe_condition"
    zh = _say(services, "安全 2号线 操作工差点滑倒")
    assert "根据描述判断为未遂事件" in zh.text and "严重度默认为中" in zh.text


def test_a_station_names_its_line_area(services: Services) -> None:
    _say(services, "safety guard open on PR-07")
    observation = _last(services)
    with services.sessions() as session:
        area = session.get(Area, observation.area_id)
        assert observation.station_id is not None and area is not None and area.line_id == observation.line_id


def test_without_a_place_gemba_asks_back_and_a_button_finishes_the_report(services: Services) -> None:
    before = _last(services).id
    reply = _say(services, "safety oil leak near the stairs")
    assert "Where was it?" in reply.text and _last(services).id == before
    tool = next(b for b in reply.buttons if b.label.startswith("TOOL"))
    assert tool.command == "safety oil leak near the stairs area:TOOL"
    done = _say(services, tool.command)
    assert "Tool room" in done.text and _last(services).id == before + 1
    zh = _say(services, "安全 地上有油")
    assert "在哪里发生的" in zh.text and zh.buttons[0].command.startswith("安全 地上有油 area:")


def test_the_ehs_owner_is_notified_and_high_severity_escalates_at_once(services: Services) -> None:
    reply = _say(services, "safety L3 forklift nearly hit a walker severity:high")
    observation = _last(services)
    with services.sessions() as session:
        owner = session.scalar(select(Area.ehs_owner).where(Area.code == "L3"))
    assert f"EHS owner {owner} is notified" in reply.text
    assert "escalated to the EHS manager at once" in reply.text
    alert, escalation = _posts(services, observation.id)
    assert (alert.platform, alert.channel, alert.kind) == ("console", "line-3", "post")
    assert f"EHS owner: {owner}" in alert.payload["text"] and "reported by ana" in alert.payload["text"]
    assert alert.payload["buttons"][0]["command"] == f"safety close S{observation.id}"
    assert "EHS manager is called at once" in escalation.payload["text"]
    assert observation.escalation_level == 1
    with services.sessions() as session:
        actions = session.scalars(
            select(Event.action).where(Event.record_kind == "safety", Event.record_id == observation.id)
        ).all()
    assert list(actions) == ["report", "escalate"]
    _say(services, "safety L3 frayed sling severity:low")
    assert len(_posts(services, _last(services).id)) == 1  # low: the owner only


def test_critical_goes_to_the_configured_channels(services: Services) -> None:
    services.safety_channel = "slack:C0EHS"
    services.safety_escalate_to = "dingtalk:cidPlantManager"
    reply = _say(services, "安全 L4 起重机吊钩断裂 级别:严重")
    assert "已立即升级到厂长" in reply.text
    alert, escalation = _posts(services, _last(services).id)
    assert (alert.platform, alert.channel) == ("slack", "C0EHS")
    assert (escalation.platform, escalation.channel) == ("dingtalk", "cidPlantManager")
    assert "厂长" in escalation.payload["text"]


def test_an_area_channel_wins_over_the_safety_channel(services: Services) -> None:
    services.safety_channel = "slack:C0EHS"
    with services.sessions.begin() as session:
        session.scalars(select(Area).where(Area.code == "WH")).one().channel = "slack:C0WAREHOUSE"
    _say(services, "safety warehouse blocked exit")
    [alert] = _posts(services, _last(services).id)
    assert alert.channel == "C0WAREHOUSE"


def test_photos_are_kept_with_the_report(services: Services) -> None:
    photo = Attachment("slack", "F0PHOTO1", "leak.jpg", "image/jpeg")
    handled = handle(replace(message("safety L1 oil leak at the press"), attachments=(photo,)), services)
    assert handled is not None and "1 photo" in handled.text
    with services.sessions() as session:
        kept = session.scalars(select(StoredFile).where(StoredFile.record_kind == "safety")).all()
    assert [(f.record_id, f.file_id, f.added_by) for f in kept] == [(_last(services).id, "F0PHOTO1", "ana")]


def test_an_observation_links_to_an_andon_call(services: Services) -> None:
    raised = _say(services, "andon L3 guard open on press")
    ref = raised.text.split()[1]
    reply = _say(services, f"safety L3 guard open on the press andon:{ref}")
    assert f"Linked to andon {ref}" in reply.text and _last(services).andon_id == int(ref[1:])
    assert "no andon call A99999" in _say(services, "safety L3 guard open andon:A99999").text


def test_list_shows_the_latest_and_stats_count_this_month_per_area(services: Services) -> None:
    _say(services, "safety OFFICE someone cut a finger on the paper trimmer")
    listed = _say(services, "safety")
    assert listed.table is not None and listed.table.rows[0][0] == f"S{_last(services).id}"
    assert listed.table.rows[0][3] == "injury"
    assert _say(services, "安全 列表").table is not None
    stats = _say(services, "safety stats")
    assert stats.table is not None and "this month (2026-11)" in stats.text
    office = next(row for row in stats.table.rows if row[0] == "OFFICE")
    assert office[-1] == 0  # days since the last injury: it was today
    assert office[4] >= 1
    zh = _say(services, "安全统计")
    assert zh.table is not None and zh.table.columns[-1] == "距上次受伤天数"


def test_closing_is_a_compare_and_set_first_close_wins(services: Services) -> None:
    _say(services, "safety L5 loose handrail")
    ref = f"S{_last(services).id}"
    assert f"{ref} closed by bob" in _say(services, f"safety close {ref} tightened", user="bob").text
    again = _say(services, f"安全 关闭 {ref}", user="carol")
    assert "已由 bob" in again.text
    observation = _last(services)
    assert (observation.status, observation.closed_by, observation.close_note) == (
        "closed",
        "bob",
        "tightened",
    )
    near = _say(services, "safety close to the L5 press: oil on the floor")
    assert "recorded" in near.text and _last(services).description.startswith("close to the L5 press")


def test_bad_options_and_empty_reports_are_explained(services: Services) -> None:
    assert "I don't know severity *huge*" in _say(services, "safety L3 leak severity:huge").text
    assert "What happened?" in _say(services, "safety anonymous").text
    assert "There is no area *paint*" in _say(services, "safety leak area:paint").text


def test_a_question_about_safety_figures_is_not_a_report(services: Services) -> None:
    before = _last(services).id
    reply = _say(services, "安全事件有多少起？")
    assert _last(services).id == before
    # Not taken as a report (no place asked for, nothing recorded): it goes to plain language,
    # here the list of commands, as no data questions are set up (see test_safety_questions).
    assert "在哪里发生的" not in reply.text and "Gemba 能做什么" in reply.text


def test_the_weekly_digest_has_a_safety_section_in_both_languages(services: Services) -> None:
    reply = _say(services, "digest 2026-W46")
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2026-W46"))
        start, end = Week.parse("2026-W46").utc_bounds(services.timezone)
        seeded = session.scalar(
            select(func.count()).where(
                SafetyObservation.observed_at >= start, SafetyObservation.observed_at < end
            )
        )
    assert digest.safety is not None and digest.safety.total == seeded > 0
    assert f"🦺 Safety: {seeded} observations" in reply.text and "Days since last injury" in reply.text
    zh = markdown(digest, "zh")
    assert "## 安全" in zh and "| TOOL · 工具间 |" in zh
    assert f"🦺 安全：共 {seeded} 条观察" in _say(services, "周报 2026-W46").text
