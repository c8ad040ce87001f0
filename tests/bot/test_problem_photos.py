"""Photos sent with a problem report are kept with the problem; a photo alone gets a hint."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from bot import Services, handle
from bot.attachments import files_of
from bot.store.models import Problem, StoredFile
from bot.types import Attachment
from tests.conftest import FakeClock, message


class ShelfOfFiles:
    """A platform's files as a fetcher sees them: some can be downloaded, others not."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.asked: list[str] = []

    def fetch(self, attachment: Attachment) -> bytes | None:
        self.asked.append(attachment.file_id)
        return self.files.get(attachment.file_id)


@pytest.fixture
def shelf(services: Services, tmp_path: Path) -> ShelfOfFiles:
    shelf = ShelfOfFiles({"F-LEAK": b"\xff\xd8\xff leak photo"})
    services.files, services.files_dir = shelf, str(tmp_path / "files")
    return shelf


def _last_problem(services: Services) -> Problem:
    with services.sessions() as session:
        return session.scalars(select(Problem).order_by(Problem.id.desc())).first()


def _stored(services: Services, problem_id: int) -> list[StoredFile]:
    with services.sessions() as session:
        return files_of(session, "problem", problem_id)


def test_photos_sent_with_a_problem_are_kept_with_it(services: Services, shelf: ShelfOfFiles) -> None:
    photos = (
        Attachment("slack", "F-LEAK", name="leak.jpg", mime="image/jpeg", url="https://x/leak.jpg"),
        Attachment("slack", "F-GONE", name="tray.jpg", mime="image/jpeg", url="https://x/tray.jpg"),
    )
    sent = replace(message("problem Oil leak at PR-07: hose weeping"), attachments=photos)
    reply = handle(sent, services)

    problem = _last_problem(services)
    assert f"2 photos kept with P{problem.id}" in reply.text
    leak, gone = _stored(services, problem.id)
    assert (leak.platform, leak.file_id, leak.name, leak.added_by) == ("slack", "F-LEAK", "leak.jpg", "ana")
    assert Path(leak.local_path).read_bytes() == b"\xff\xd8\xff leak photo"
    # The platform would not hand the second one over: its reference is kept all the same.
    assert (gone.file_id, gone.local_path) == ("F-GONE", None)


def test_a_chinese_problem_report_with_a_picture(services: Services, shelf: ShelfOfFiles) -> None:
    sent = replace(
        message("问题 3号线漏油 产线:L3"), attachments=(Attachment("dingtalk", "F-LEAK", mime="image/*"),)
    )
    reply = handle(sent, services)
    problem = _last_problem(services)
    assert f"P{problem.id} 已保存 1 张照片" in reply.text
    assert [f.file_id for f in _stored(services, problem.id)] == ["F-LEAK"]


def test_a_problem_without_photos_says_nothing_about_photos(services: Services, shelf: ShelfOfFiles) -> None:
    reply = handle(message("problem Oil leak at PR-07"), services)
    assert "photo" not in reply.text and shelf.asked == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Photo received"), ("zh", "收到照片")],
)
def test_a_photo_alone_is_answered_with_how_to_send_it(
    services: Services, shelf: ShelfOfFiles, language: str, expected: str
) -> None:
    photo = (Attachment("dingtalk", "F-LEAK", name="picture", mime="image/*"),)
    sent = replace(message(""), attachments=photo, language=language)  # type: ignore[arg-type]
    reply = handle(sent, services)
    # No words to tell the language by: the hint comes in both, the message's language first.
    assert reply.text.startswith(f"📎 {expected}")
    assert (
        "*problem oil leak at press 2 line:L3*" in reply.text and "*问题 2号压机漏油 产线:L3*" in reply.text
    )
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert shelf.asked == []  # nothing downloaded for a photo that belongs to no record


def test_photos_download_before_the_command_holds_the_store(
    services: Services, plant_db: str, tmp_path: Path
) -> None:
    """A slow download must not hold SQLite's one write lock: another writer (an event being
    acknowledged) gets in while the photo downloads."""
    other = create_engine(plant_db, connect_args={"timeout": 1})
    written: list[str] = []

    class WritesWhileDownloading:
        def fetch(self, attachment: Attachment) -> bytes | None:
            with other.begin() as connection:
                connection.execute(text("CREATE TABLE IF NOT EXISTS elsewhere (x INTEGER)"))
                connection.execute(text("INSERT INTO elsewhere VALUES (1)"))
            written.append(attachment.file_id)
            return b"photo"

    services.files, services.files_dir = WritesWhileDownloading(), str(tmp_path / "files")
    sent = replace(
        message("problem Oil leak at PR-07"), attachments=(Attachment("slack", "F1", mime="image/png"),)
    )
    reply = handle(sent, services)
    other.dispose()
    assert written == ["F1"] and "1 photo kept" in reply.text


def test_a_photo_alone_goes_with_the_record_its_sender_changed_last(
    services: Services, shelf: ShelfOfFiles, clock: FakeClock
) -> None:
    handle(message("problem Oil leak at PR-07"), services)
    problem = _last_problem(services)
    clock.advance(minutes=3)
    photo = (Attachment("dingtalk", "F-LEAK", name="picture", mime="image/*"),)
    reply = handle(replace(message("", user="ana"), attachments=photo, language="zh"), services)

    assert reply.text.startswith(f"📎 P{problem.id} 已保存 1 张照片。照片归入你最近操作的记录")
    assert f"1 photo kept with P{problem.id}. It goes with the record you changed last" in reply.text
    [kept] = _stored(services, problem.id)
    assert (kept.file_id, kept.added_by) == ("F-LEAK", "ana")
    assert Path(kept.local_path).read_bytes() == b"\xff\xd8\xff leak photo"

    # Someone else's photo, or one sent long after, has no record to go with.
    later = handle(replace(message("", user="bo"), attachments=photo), services)
    assert later.text.startswith("📎 Photo received")
    clock.advance(minutes=10)
    late = handle(replace(message("", user="ana"), attachments=photo), services)
    assert late.text.startswith("📎 Photo received")
    assert len(_stored(services, problem.id)) == 1
