"""Pictures sent to the robot, end to end over the Stream: the problem keeps the picture's
downloadCode and a copy fetched through `robot/messageFiles/download`; a picture alone gets
a hint; a download DingTalk refuses keeps the reference."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.dingtalk.files import DingTalkFileFetcher
from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.stream import StreamClient
from adapters.files import FilesByPlatform
from bot.attachments import files_of
from bot.services import Services
from bot.store.models import Problem, StoredFile
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import ROBOT_CODE, FakeDingTalk
from tests.adapters.dingtalk.test_serve import _gemba, _stop
from tests.adapters.processes import wait_until

DOWNLOAD = "/v1.0/robot/messageFiles/download"
PICTURE = b"\x89PNG\r\n\x1a\n oil leak " + bytes(range(256)) * 30


@pytest.fixture
def copies(services: Services, api: DingTalkAPI, tmp_path: Path) -> Iterator[Path]:
    """Pictures copied as `gemba serve dingtalk` copies them, into a folder of the test's."""
    folder = tmp_path / "files"
    fetcher = DingTalkFileFetcher(api, max_bytes=1_000_000, timeout_s=5)
    services.files, services.files_dir = FilesByPlatform({"dingtalk": fetcher}), str(folder)
    yield folder
    fetcher.close()


def picture_message(base_url: str, code: str, **options: Any) -> dict[str, Any]:
    """A picture message (no text) as DingTalk sends it."""
    payload = robot_message(base_url, "", **options)
    del payload["text"]
    return payload | {
        "msgtype": "picture",
        "content": {"downloadCode": code, "pictureDownloadCode": f"p{code}"},
    }


def rich_message(base_url: str, text: str, code: str, **options: Any) -> dict[str, Any]:
    """Text with a picture in it (`richText`), as DingTalk sends it."""
    payload = robot_message(base_url, "", **options)
    del payload["text"]
    parts = [
        {"text": f" {text}"},
        {"type": "picture", "downloadCode": code, "pictureDownloadCode": f"p{code}"},
    ]
    return payload | {"msgtype": "richText", "content": {"richText": parts}}


def _problem_files(services: Services) -> tuple[Problem, list[StoredFile]]:
    with services.sessions() as session:
        problem = session.scalars(select(Problem).order_by(Problem.id.desc())).first()
        return problem, files_of(session, "problem", problem.id)


def _said(dingtalk: FakeDingTalk, session: str) -> str:
    return wait_until(lambda: dingtalk.calls_to(f"/session/{session}"))[0].body["markdown"]["text"]


def test_a_problem_report_with_a_picture_keeps_it_and_a_copy(
    dingtalk: FakeDingTalk, services: Services, copies: Path, start_stream: Callable[..., StreamClient]
) -> None:
    start_stream()
    code = dingtalk.send_picture(PICTURE)
    dingtalk.send_callback(rich_message(dingtalk.base_url, "问题 3号线漏油 产线:L3", code, session="s-pic"))

    said = _said(dingtalk, "s-pic")
    problem, [kept] = _problem_files(services)
    assert problem.title == "3号线漏油" and problem.reporter == "王工"
    assert f"P{problem.id} 已保存 1 张照片" in said
    assert (kept.platform, kept.file_id, kept.added_by) == ("dingtalk", code, "王工")
    assert Path(kept.local_path).parent == copies
    assert Path(kept.local_path).read_bytes() == PICTURE
    [asked] = dingtalk.calls_to(DOWNLOAD)
    assert asked.body == {"downloadCode": code, "robotCode": ROBOT_CODE}
    assert asked.headers["x-acs-dingtalk-access-token"].startswith("token-")


def test_a_picture_alone_is_answered_with_how_to_send_it(
    dingtalk: FakeDingTalk, services: Services, copies: Path, start_stream: Callable[..., StreamClient]
) -> None:
    start_stream()
    code = dingtalk.send_picture(PICTURE)
    dingtalk.send_callback(picture_message(dingtalk.base_url, code, session="s-alone"))

    said = _said(dingtalk, "s-alone")
    assert said.startswith("📎 收到照片") and "Photo received" in said  # no words: both languages
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert dingtalk.calls_to(DOWNLOAD) == []


def test_a_picture_sent_right_after_the_report_goes_with_it(
    dingtalk: FakeDingTalk, services: Services, copies: Path, start_stream: Callable[..., StreamClient]
) -> None:
    """On DingTalk a picture is a message of its own: sent after the problem, it joins it."""
    start_stream()
    dingtalk.send_callback(robot_message(dingtalk.base_url, "问题 压机漏油 产线:L3", session="s-first"))
    _said(dingtalk, "s-first")
    code = dingtalk.send_picture(PICTURE)
    dingtalk.send_callback(picture_message(dingtalk.base_url, code, session="s-then"))

    said = _said(dingtalk, "s-then")
    problem, [kept] = _problem_files(services)
    assert problem.title == "压机漏油"
    assert said.startswith(f"📎 P{problem.id} 已保存 1 张照片。照片归入你最近操作的记录")
    assert Path(kept.local_path).read_bytes() == PICTURE


def test_a_picture_dingtalk_will_not_hand_over_keeps_its_reference(
    dingtalk: FakeDingTalk, services: Services, copies: Path, start_stream: Callable[..., StreamClient]
) -> None:
    start_stream()
    dingtalk.send_callback(
        rich_message(dingtalk.base_url, "问题 托盘溢出 产线:L3", "dc-expired", session="s-old")
    )

    said = _said(dingtalk, "s-old")
    problem, [kept] = _problem_files(services)
    assert problem.title == "托盘溢出" and f"P{problem.id} 已保存 1 张照片" in said
    assert (kept.file_id, kept.local_path) == ("dc-expired", None)
    assert [call.status for call in dingtalk.calls_to(DOWNLOAD)] == [400]


def test_gemba_serve_dingtalk_copies_pictures_into_the_files_folder(
    dingtalk: FakeDingTalk, plant_db: str, tmp_path: Path
) -> None:
    """The composition root wires the fetcher: pictures land in `.gemba/files` (the default
    GEMBA_FILES_DIR) of the folder the server runs in."""
    process = _gemba(dingtalk, plant_db, tmp_path)
    try:
        wait_until(lambda: dingtalk.used_tickets or process.poll() is not None, timeout=60)
        code = dingtalk.send_picture(PICTURE)
        dingtalk.send_callback(rich_message(dingtalk.base_url, "问题 漏油 产线:L3", code, session="s-serve"))
        said = wait_until(lambda: dingtalk.calls_to("/session/s-serve"), timeout=30)[0].body
    finally:
        output = _stop(process)
    assert "已保存 1 张照片" in said["markdown"]["text"], output
    [copy] = (tmp_path / ".gemba" / "files").iterdir()
    assert copy.read_bytes() == PICTURE
