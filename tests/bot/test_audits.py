"""5S/6S audits from chat: the walk by buttons, the one-line form, low scores → problems, notes,
photos, the trend, editable checklists; in English and Chinese."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from adapters.cli.audit_wiring import audit_config
from adapters.settings import Settings
from bot import Services, handle
from bot.audits.config import AuditConfig
from bot.audits.models import FiveSAudit, FiveSScore
from bot.errors import BotError
from bot.store.db import transaction
from bot.store.models import Area, Event, OutboxMessage, Problem, StoredFile
from bot.types import Attachment, Reply
from tests.conftest import FakeClock, message


def _say(services: Services, text: str, user: str = "ana", **extra: object) -> Reply:
    reply = handle(replace(message(text, user=user), **extra), services)  # type: ignore[arg-type]
    assert reply is not None
    return reply


def _audit(services: Services) -> FiveSAudit:
    with services.sessions() as session:
        audit = session.scalars(select(FiveSAudit).order_by(FiveSAudit.id.desc())).first()
        assert audit is not None
        session.expunge(audit)
        return audit


def _problems(services: Services) -> list[Problem]:
    with services.sessions() as session:
        query = select(Problem).where(Problem.category == "5s").options(joinedload(Problem.line))
        return list(session.scalars(query.order_by(Problem.id)))


def _press(services: Services, reply: Reply, label: str, user: str = "ana") -> Reply:
    command = next(b.command for b in reply.buttons if b.label == label)
    return _say(services, command, user=user)


def _walk(services: Services, reply: Reply, scores: list[str]) -> Reply:
    for label in scores:
        reply = _press(services, reply, label)
    return reply


def test_an_audit_walks_the_checklist_by_buttons_and_low_checks_become_problems(
    services: Services,
) -> None:
    before = len(_problems(services))
    reply = _say(services, "5s L3")
    assert "5S audit #" in reply.text and "Line 3" in reply.text
    assert "Check 1/10 · Sort (Seiri)" in reply.text
    assert [b.label for b in reply.buttons] == ["1", "2", "3", "4", "5", "Skip", "Cancel audit"]
    audit = _audit(services)
    assert reply.buttons[3].command == f"5s score {audit.id} sort.1 4"

    # Set in order scored 2 and 1; one check of Shine skipped; the rest 4.
    reply = _walk(services, reply, ["4", "4", "2", "1", "Skip", "4", "4", "4", "4"])
    assert "Check 10/10 · Sustain (Shitsuke)" in reply.text
    reply = _press(services, reply, "5")

    audit = _audit(services)
    assert (audit.status, audit.auditor, audit.area_id is not None) == ("done", "ana", True)
    assert (audit.sort_score, audit.set_in_order_score, audit.shine_score, audit.sustain_score) == (
        4,
        1.5,
        4,
        4.5,
    )
    assert audit.score == pytest.approx((4 + 1.5 + 4 + 4 + 4.5) / 5)
    assert dict(reply.fields)["Set in order (Seiton)"] == "1.5"
    assert dict(reply.fields)["Overall"] == "3.6"
    assert "Opened 2 problem(s) for scores below 3" in reply.text

    problems = _problems(services)[before:]
    assert [p.priority for p in problems] == ["medium", "high"]  # a 1 is urgent
    assert all(p.line is not None and p.line.code == "L3" for p in problems)
    assert "Every tool, bin and cart" in problems[0].title and "(2/5)" in problems[0].title
    assert all("Suggested owner: " in p.description for p in problems)
    assert [str(p.due_date) for p in problems] == ["2026-11-28", "2026-11-24"]
    assert reply.table is not None and [row[0] for row in reply.table.rows] == [f"P{p.id}" for p in problems]
    with services.sessions() as session:
        assert session.scalar(select(func.count()).where(FiveSScore.audit_id == audit.id)) == 10
        skipped = session.scalar(
            select(FiveSScore.score).where(FiveSScore.audit_id == audit.id, FiveSScore.item == "shine.1")
        )
        assert skipped is None
        actions = session.scalars(select(Event.action).where(Event.record_kind == "audit")).all()
        assert actions == ["start", *["score"] * 4, "skip", *["score"] * 5, "finish"]
        cards = session.scalars(select(OutboxMessage.record_id).where(OutboxMessage.kind == "card")).all()
        assert {p.id for p in problems} <= set(cards)


def test_the_walk_in_chinese_speaks_chinese_and_its_buttons_stay_chinese(services: Services) -> None:
    reply = _say(services, "5S 3号线")
    assert reply.language == "zh" and "第 1/10 项 · 整理" in reply.text
    assert [b.label for b in reply.buttons][-2:] == ["跳过", "取消审核"]
    assert reply.buttons[0].command.startswith("5S审核 评分 ")
    reply = _walk(services, reply, ["5"] * 9)
    assert "第 10/10 项 · 素养" in reply.text
    reply = _press(services, reply, "5")
    assert reply.language == "zh" and "完成了3号线的5S审核" in reply.text
    assert "没有低于 3 分的项目" in reply.text
    assert dict(reply.fields)["总分"] == "5"


def test_the_one_line_form_scores_every_s_and_finishes_at_once(services: Services) -> None:
    reply = _say(services, '5s L3 4 3 5 2 4 "oil under press 2"')
    audit = _audit(services)
    assert audit.status == "done" and audit.note == "oil under press 2"
    assert (audit.sort_score, audit.standardize_score, audit.score) == (4, 2, 3.6)
    [problem] = _problems(services)[-1:]
    assert problem.title == "5S L3 · Standardize (Seiketsu) scored 2/5"
    assert "oil under press 2" in problem.description
    assert f"P{problem.id}" in reply.text and "owner (suggested)" in reply.text

    reply = _say(services, "六S 工具间 4 4 4 4 4 2")
    audit = _audit(services)
    assert (audit.audit_type, audit.safety_score) == ("6s", 2)
    assert "安全仅 2 分" in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5s L3 4 3 5", "takes 5 scores from 1 to 5"),
        ("6s L3 4 3 5 2 4", "takes 6 scores"),
        ("5s L3 4 3 9 2 4", "Scores go from 1 to 5"),
        ("5s nowhere", "There is no area *nowhere*"),
        ("5S审核 3号线 4 3", "需要 5 个 1 到 5 的分数"),
    ],
)
def test_a_wrong_one_line_audit_is_explained_and_saves_nothing(
    services: Services, text: str, expected: str
) -> None:
    before = _count(services)
    assert expected in _say(services, text).text
    assert _count(services) == before


def _count(services: Services) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(FiveSAudit)) or 0)


def test_a_button_pressed_twice_scores_once_and_a_finished_audit_takes_no_more(services: Services) -> None:
    reply = _say(services, "5s tool room")
    first = reply.buttons[2].command
    _say(services, first)
    again = _say(services, first, user="bo")
    assert "was already scored by ana" in again.text
    audit = _audit(services)
    with services.sessions() as session:
        assert session.scalar(select(func.count()).where(FiveSScore.audit_id == audit.id)) == 1
    assert "cancelled by ana" in _say(services, f"5s cancel {audit.id}").text
    late = _say(services, first.replace("sort.1", "sort.2"))
    assert "no longer in progress" in late.text


def test_notes_and_photos_are_kept_with_the_audit(services: Services) -> None:
    reply = _say(services, "5s warehouse")
    reply = _press(services, reply, "2")
    photo = (Attachment("console", "F-oil-1", "oil.jpg", "image/jpeg"),)
    noted = _say(services, "5s note pallets in the aisle", attachments=photo)
    assert "Note added" in noted.text and "1 photo(s) kept" in noted.text
    assert "Check 2/10" in noted.text and noted.buttons, "the walk carries on after a note"
    audit = _audit(services)
    with services.sessions() as session:
        row = session.scalars(select(FiveSScore).where(FiveSScore.audit_id == audit.id)).one()
        assert row.note == "pallets in the aisle"
        files = session.scalars(select(StoredFile).where(StoredFile.record_kind == "audit")).all()
        assert [(f.record_id, f.file_id, f.added_by) for f in files] == [(audit.id, "F-oil-1", "ana")]
    # The note becomes the problem's description when the check scored low.
    _walk(services, noted, ["4"] * 9)
    assert "pallets in the aisle" in _problems(services)[-1].description


def test_a_note_without_an_audit_in_progress_says_how_to_start(services: Services) -> None:
    assert "start one with `5s L3`" in _say(services, "5s note dirty").text


def test_the_threshold_is_a_setting(services: Services) -> None:
    services.audits = AuditConfig(threshold=4)
    reply = _say(services, "5s L3 4 3 5 3 4")
    assert "Opened 2 problem(s) for scores below 4" in reply.text


class _Playbooks:
    """The knowledge seam: a library that knows the 5S playbook's set-in-order step."""

    def link(self, category: str, text: str, language: str) -> str | None:
        if category == "5s" and "Set in order" in text:
            return "5S / 6S audit › Steps (4. Set in order)"
        return None


def test_a_low_seiton_score_links_the_5s_playbook(services: Services) -> None:
    services.knowledge = _Playbooks()
    reply = _say(services, "5s L3 4 2 4 4 4")
    assert "Set in order (Seiton) → 📘 Playbook: 5S / 6S audit › Steps (4. Set in order)" in reply.text
    assert "Playbook" not in _say(services, "5s L3 4 4 2 4 4").text  # a low Shine has no such link here


def test_the_trend_shows_every_finished_audit_with_a_chart(services: Services, clock: FakeClock) -> None:
    for scores in ("3 3 3 3 3", "4 3 4 3 4", "4 4 5 4 5"):
        _say(services, f"5s L3 {scores}")
        clock.advance(days=7)
    reply = _say(services, "5s trend L3")
    assert reply.table is not None and len(reply.table.rows) == 9  # six of the sample plant, oldest first
    assert [row[-1] for row in reply.table.rows][-3:] == [3, 3.6, 4.4]
    assert [row[0] for row in reply.table.rows][-3:] == ["2026-11-21", "2026-11-28", "2026-12-05"]
    assert reply.image is not None and reply.image.png[:4] == b"\x89PNG"
    assert "9 audits of Line 3; latest 4.40/5 on 2026-12-05" in reply.text
    chinese = _say(services, "5S审核 趋势 3号线")
    assert chinese.table is not None and chinese.table.columns[:4] == ["日期", "类型", "审核人", "整理"]
    assert chinese.image is not None and "3号线" in chinese.image.title
    with transaction(services.sessions) as session:
        session.add(Area(code="PAINT", name="Paint shop", name_zh="涂装车间", kind="assembly_line"))
    assert "涂装车间还没有已完成的 5S 审核" in _say(services, "5S审核 趋势 涂装车间").text


def test_a_checklist_of_your_own_replaces_the_shipped_one(services: Services, tmp_path: Path) -> None:
    checks = "".join(
        f"  {s}:\n    - en: Own {s} check\n      zh: 自定{s}\n"
        for s in ("sort", "set_in_order", "shine", "standardize", "sustain", "safety")
    )
    (tmp_path / "office.yaml").write_text(f"kind: office\nitems:\n{checks}", encoding="utf-8")
    services.audits = AuditConfig(templates_dir=tmp_path)
    reply = _say(services, "5s office")
    assert "Check 1/5 · Sort (Seiri): *Own sort check*" in reply.text
    assert "Check 1/10" in _say(services, "5s L3").text  # other kinds keep the shipped list


def test_a_bad_checklist_file_is_named_with_what_is_wrong(services: Services, tmp_path: Path) -> None:
    (tmp_path / "office.yaml").write_text("kind: office\nitems:\n  sort:\n    - en: only English\n", "utf-8")
    services.audits = AuditConfig(templates_dir=tmp_path)
    reply = _say(services, "5s office")
    assert f"The audit checklist {tmp_path / 'office.yaml'} is not valid" in reply.text
    assert "check 1 of `sort` needs both `en` and `zh` text" in reply.text
    (tmp_path / "office.yaml").write_text("items: [unclosed\n", "utf-8")
    assert "is not valid" in _say(services, "5s office").text


def test_a_bad_checklist_stops_the_start_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "warehouse.yaml").write_text("kind: office\nitems: {}\n", "utf-8")
    with pytest.raises(BotError) as error:
        audit_config(Settings(_env_file=None, gemba_audit_templates_dir=str(tmp_path)))  # type: ignore[call-arg]
    assert error.value.key == "audit_template_invalid"
    assert "kind is 'office' but the file is for 'warehouse'" in str(error.value.params["problem"])
    config = audit_config(Settings(_env_file=None, gemba_audit_threshold=4))  # type: ignore[call-arg]
    assert (config.templates_dir, config.threshold) == (None, 4)
