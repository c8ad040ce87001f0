"""A shift handover from chat, through `bot.handle`, in English and Chinese: Gemba fills in
the line's open calls, problems and output, the lead adds notes step by step or in one line,
submits it to the line's channel, and the next shift's lead confirms receipt."""

from __future__ import annotations

from sqlalchemy import select, update

from bot import Services, handle
from bot.attachments import files_of
from bot.handover.models import Handover
from bot.serialize import reply_from_json
from bot.store.models import Area, Event, OutboxMessage
from bot.types import Attachment, Message, Reply
from tests.conftest import FakeClock, message


def _say(services: Services, text: str, user: str = "xu") -> Reply:
    reply = handle(message(text, user=user), services)
    assert reply is not None
    return reply


def _record(services: Services, ref: str) -> Handover:
    with services.sessions() as session:
        found = session.get(Handover, int(ref[1:]))
        assert found is not None
        return found


def _posts(services: Services, ref: str) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.idempotency_key.like(f"handover:{ref[1:]}:%"))
                .order_by(OutboxMessage.id)
            )
        )


def _ref(reply: Reply) -> str:
    assert reply.title is not None
    return next(word for word in reply.title.split() if word[:1] == "H" and word[1:].isdigit())


def _set_channel(services: Services, code: str, channel: str) -> None:
    with services.sessions() as session, session.begin():
        session.execute(update(Area).where(Area.code == code).values(channel=channel))


def test_a_handover_step_by_step_posted_to_the_lines_channel_and_confirmed(
    services: Services, clock: FakeClock
) -> None:
    _set_channel(services, "L3", "slack:C0LINE3")
    call = _say(services, "andon L3 WD-03 material shortage at feeder", user="ana").text.split()[1]
    clock.advance(minutes=20)

    started = _say(services, "handover L3")
    ref = _ref(started)
    assert started.title == f"🔁 Handover {ref} · Line 3 · 2026-11-21 Day shift (A)"
    assert "I filled in the open calls, problems and output" in started.text
    fields = dict(started.fields)
    assert fields["Open andon calls"] == "1"
    assert f"• {call} WD-03 material: material shortage at feeder" in started.text
    assert fields["Output vs plan"].endswith("scrap 0") and " / " in fields["Output vs plan"]
    assert "Quality notes for the next shift?" in started.text
    assert [b.command for b in started.buttons] == [f"handover {ref} quality -", f"handover {ref} submit"]

    asked = _say(services, f"handover {ref} burrs on PR-02 edge, 3 pcs to rework")
    assert dict(asked.fields)["Quality"] == "burrs on PR-02 edge, 3 pcs to rework"
    assert "Safety notes for the next shift?" in asked.text
    _say(services, f"handover {ref} safety -")  # the Nothing-to-report button
    ready = _say(services, f"handover {ref} die change on PR-03 at 15:00")
    assert dict(ready.fields)["Next shift watch"] == "die change on PR-03 at 15:00"
    assert dict(ready.fields)["Safety"] == "nothing to report"
    assert f"Handover {ref} is ready" in ready.text
    assert [b.command for b in ready.buttons] == [f"handover {ref} submit"]

    assert _say(services, "handover L3 submit").text == (
        f"Handover {ref} submitted to slack:C0LINE3. The next shift's lead confirms receipt with the button."
    )
    [card] = _posts(services, ref)
    assert (card.platform, card.channel, card.kind) == ("slack", "C0LINE3", "post")
    posted = reply_from_json(card.payload)
    assert [(b.label, b.command) for b in posted.buttons] == [("Confirm receipt", f"handover confirm {ref}")]
    assert dict(posted.fields)["Quality"] == "burrs on PR-02 edge, 3 pcs to rework"
    assert _say(services, f"handover {ref} quality more burrs").text == (
        f"Handover {ref} was already submitted by xu; it can no longer be changed."
    )

    assert _say(services, f"handover confirm {ref}").text == (
        f"You handed over {ref}: the next shift's lead confirms receipt."
    )
    clock.advance(minutes=7)
    confirmed = _say(services, f"handover confirm {ref}", user="ma")
    assert confirmed.text == f"✅ Handover {ref} (Line 3, 2026-11-21 Day shift (A)) received by ma at 10:27."
    again = _say(services, f"handover confirm {ref}", user="bo")
    assert again.text == f"Handover {ref} was already confirmed by ma at 10:27."
    record = _record(services, ref)
    assert (record.status, record.confirmed_by, record.handed_over_by) == ("confirmed", "ma", "xu")
    assert [m.idempotency_key.split(":")[-1] for m in _posts(services, ref)] == ["post", "confirmed"]
    with services.sessions() as session:
        actions = session.scalars(
            select(Event.action).where(Event.record_kind == "handover", Event.record_id == record.id)
        ).all()
    assert actions == ["start", "note", "note", "note", "submit", "confirm"]

    status = dict(_say(services, "status L3", user="ma").fields)
    assert status["Last handover"] == f"{ref} 2026-11-21 Day shift (A) by xu: confirmed by ma at 10:27"


def test_the_one_line_form_in_chinese_and_confirmation_by_the_chinese_command(services: Services) -> None:
    reply = _say(
        services, "交接 3号线 质量：PR-02 毛刺 | 安全：地面有油，已清理 | 关注：15:00 换模", user="许刚"
    )
    ref = _ref(reply)
    assert reply.title == f"🔁 交接班 {ref} · 3号线 · 2026-11-21 早班（A）"
    assert reply.text.startswith(f"已记入 {ref}：质量, 安全, 下一班关注。")
    assert dict(reply.fields)["安全"] == "地面有油，已清理"
    assert f"`交接 {ref} 提交`" in reply.text
    submitted = _say(services, f"交接 {ref} 提交", user="许刚")
    assert submitted.text == f"交接 {ref} 已提交到 console:line-3。请下一班班长点击按钮确认接收。"
    [card] = _posts(services, ref)
    assert reply_from_json(card.payload).buttons[0].label == "确认接收"
    confirmed = _say(services, f"确认交接 {ref}", user="马林")
    assert confirmed.text == f"✅ 交接 {ref}（3号线，2026-11-21 早班（A））已由 马林 于 10:00 确认接收。"
    assert _say(services, f"确认交接{ref}", user="高燕").text == f"交接 {ref} 已由 马林 于 10:00 确认过了。"
    assert "已由 马林 于 10:00 确认" in dict(_say(services, "状态 3号线").fields)["最近交接"]


def test_the_same_shift_has_one_handover_and_a_draft_cannot_be_confirmed(services: Services) -> None:
    first = _ref(_say(services, "handover line 3"))
    assert _ref(_say(services, "交接 三号线", user="li")) == first
    assert _say(services, f"handover confirm {first}", user="ma").text == (
        f"Handover {first} is still a draft: it can be confirmed once it is submitted."
    )
    assert "the notes are quality, safety, watch and output" in _say(services, "handover L3 colour: red").text
    assert _say(services, "handover H-7 submit").text.startswith("There is no line *H-7*")
    assert _say(services, "handover confirm X9").text == "*X9* is not a handover number; use e.g. H7."
    assert _say(services, "handover H999999").text == "There is no handover H999999."


def test_recent_handovers_and_search_in_both_languages(services: Services) -> None:
    recent = _say(services, "handovers L3")
    assert recent.title == "Recent handovers · Line 3"
    assert recent.table is not None and len(recent.table.rows) == 10
    shifts = [row[1] for row in recent.table.rows]
    assert shifts[0] == "2026-11-20 Night shift (C)" and shifts[1] == "2026-11-20 Swing shift (B)"

    ref = _ref(
        _say(services, "handover L3 quality: porosity on WD-03 welds | safety: - | watch: electrode tips")
    )
    _say(services, f"handover {ref} submit")
    found = _say(services, "handover search POROSITY wd-03")
    assert found.table is not None and [row[0] for row in found.table.rows] == [ref]
    assert found.table.rows[0][1] == "L3 2026-11-21 Day shift (A)"
    zh = _say(services, "交接 搜索 焊机 电极头")
    assert zh.title == "包含“焊机 电极头”的交接"
    assert zh.table is not None and zh.table.rows
    assert (
        _say(services, "handover search no-such-words-here").text
        == "No handover matches *no-such-words-here*."
    )
    assert _say(services, "交接记录 3号线").title == "最近的交接 · 3号线"


def test_a_photo_sent_with_a_note_is_kept_with_the_handover(services: Services) -> None:
    ref = _ref(_say(services, "handover L3"))
    photo = Attachment("slack", "F0LEAK", "hose.jpg", "image/jpeg")
    text = f"handover {ref} safety: hydraulic hose on PR-04 weeping"
    sent = Message("slack", "C0LINE3", "U0XU", text, user_name="xu", attachments=(photo,))
    reply = handle(sent, services)
    assert reply is not None and dict(reply.fields)["Safety"] == "hydraulic hose on PR-04 weeping"
    with services.sessions() as session:
        [kept] = files_of(session, "handover", int(ref[1:]))
    assert (kept.platform, kept.file_id, kept.name, kept.added_by) == ("slack", "F0LEAK", "hose.jpg", "xu")
