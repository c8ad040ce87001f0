"""Photos shared on Slack, end to end: a signed event with a file share → the app → the
problem keeps the file's reference and a copy downloaded with the bot token."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from adapters.files import FilesByPlatform
from adapters.slack.app import SlackBot
from adapters.slack.files import SlackFileFetcher
from adapters.slack.platform import SlackPlatform
from bot.attachments import files_of
from bot.services import Services
from bot.store.models import Problem, StoredFile
from bot.types import Attachment
from tests.adapters.processes import stop, wait_until
from tests.adapters.slack.conftest import CHANNEL, SlackSide
from tests.adapters.slack.mock_slack import MockSlackApi
from tests.adapters.slack.test_kill import _serve

PHOTO = b"\xff\xd8\xff\xe0 JFIF oil under press 2 " + bytes(range(256)) * 40


@pytest.fixture
def copies(services: Services, bot: SlackBot, tmp_path: Path) -> Path:
    """Photos copied as `gemba serve slack` copies them, into a folder of the test's."""
    folder = tmp_path / "files"
    fetcher = SlackFileFetcher(bot.platform, max_bytes=1_000_000, timeout_s=5)
    services.files, services.files_dir = FilesByPlatform({"slack": fetcher}), str(folder)
    return folder


def _problem_files(services: Services) -> tuple[Problem, list[StoredFile]]:
    with services.sessions() as session:
        problem = session.scalars(select(Problem).order_by(Problem.id.desc())).first()
        return problem, files_of(session, "problem", problem.id)


def _answer(api: MockSlackApi, ts: str) -> str:
    """The text of Gemba's answer in the thread of the message `ts` (the card goes there too)."""
    in_thread = [c.body["text"] for c in api.calls_to("chat.postMessage") if c.body.get("thread_ts") == ts]
    [answer] = [text for text in in_thread if " logged: " in text]
    return answer


def _mention(text: str, ts: str, files: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U0ANA",
        "text": f"<@UGEMBA> {text}",
        "ts": ts,
        "channel": CHANNEL,
        "files": files,
        "upload": False,
    }


def test_a_photo_shared_with_a_problem_report_is_kept_and_copied(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, copies: Path, deliver
) -> None:
    file = slack_api.share("F0LEAK", "oil-leak.jpg", PHOTO)
    event = _mention("problem oil under press 2 line:L3", "1795000600.000600", [file])
    assert slack.event(event, event_id="EvPhoto").status_code == 200
    deliver()

    problem, [kept] = _problem_files(services)
    assert problem.title == "oil under press 2" and problem.reporter == "ana"
    assert (kept.platform, kept.file_id, kept.name, kept.mime) == (
        "slack",
        "F0LEAK",
        "oil-leak.jpg",
        "image/jpeg",
    )
    assert Path(kept.local_path).parent == copies
    assert Path(kept.local_path).read_bytes() == PHOTO
    [download] = [c for c in slack_api.calls if c.path.startswith("files-pri/")]
    assert download.token == "xoxb-test-token"  # Authorization: Bearer <bot token>
    assert f"1 photo kept with P{problem.id}" in _answer(slack_api, "1795000600.000600")


def test_a_photo_that_cannot_be_downloaded_keeps_its_reference(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, copies: Path, deliver
) -> None:
    file = slack_api.share("F0GONE", "tray.jpg", PHOTO)
    slack_api.files.clear()  # deleted on Slack before Gemba got to it: 404
    slack.event(_mention("problem tray overflowing line:L3", "1795000700.000700", [file]), event_id="EvGone")
    deliver()

    problem, [kept] = _problem_files(services)
    assert problem.title == "tray overflowing"
    assert (kept.file_id, kept.local_path) == ("F0GONE", None)
    assert not copies.exists() or not any(copies.iterdir())
    assert f"1 photo kept with P{problem.id}" in _answer(slack_api, "1795000700.000700")


def test_a_photo_alone_in_a_direct_message_gets_a_hint(
    slack: SlackSide, slack_api: MockSlackApi, services: Services, copies: Path, deliver
) -> None:
    file = slack_api.share("F0ALONE", "IMG_2041.jpg", PHOTO)
    dm = {
        "type": "message",
        "subtype": "file_share",
        "channel_type": "im",
        "channel": "D0ANA",
        "user": "U0ANA",
        "text": "",
        "ts": "1795000800.000800",
        "files": [file],
    }
    slack.event(dm, event_id="EvAlone")
    deliver()

    [answer] = slack_api.calls_to("chat.postMessage")
    assert answer.body["channel"] == "D0ANA"
    assert "Photo received" in answer.body["text"] and "收到照片" in answer.body["text"]
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert not [c for c in slack_api.calls if c.path.startswith("files-pri/")]


def test_the_fetcher_sends_the_token_only_to_slack_and_within_its_limits(
    bot: SlackBot, slack_api: MockSlackApi
) -> None:
    file = slack_api.share("F0BIG", "big.jpg", PHOTO)
    photo = Attachment("slack", "F0BIG", "big.jpg", "image/jpeg", file["url_private_download"])
    assert SlackFileFetcher(bot.platform, max_bytes=len(PHOTO), timeout_s=5).fetch(photo) == PHOTO
    assert SlackFileFetcher(bot.platform, max_bytes=len(PHOTO) - 1, timeout_s=5).fetch(photo) is None
    # A download slower than the time limit is given up, in about that time.
    slack_api.hold("files-pri/T0PLANT-F0BIG/big.jpg")
    started = time.monotonic()
    assert SlackFileFetcher(bot.platform, max_bytes=len(PHOTO), timeout_s=0.5).fetch(photo) is None
    assert time.monotonic() - started < 5
    slack_api.release()
    # A token Slack will not serve the file to gets its sign-in page (200, HTML): not a photo.
    refused = SlackPlatform(slack_api.url, token="xoxp-not-a-bot")
    assert SlackFileFetcher(refused, max_bytes=len(PHOTO), timeout_s=5).fetch(photo) is None

    seen: list[httpx.Request] = []
    elsewhere = httpx.Client(transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200)))
    fetcher = SlackFileFetcher(bot.platform, max_bytes=1000, timeout_s=5, http=elsewhere)
    for url in ("https://files.example.com/files-pri/T0PLANT-F1/x.jpg", "http://files.slack.com/x.jpg"):
        assert fetcher.fetch(Attachment("slack", "F1", url=url)) is None
    assert seen == []  # the bot token never left for a host that is not Slack's (or over plain HTTP)


def test_gemba_serve_slack_copies_photos_into_the_files_folder(
    slack_api: MockSlackApi, plant_db: str, tmp_path: Path
) -> None:
    """The composition root wires the fetcher: photos land in `.gemba/files` (the default
    GEMBA_FILES_DIR) of the folder the server runs in."""
    server, url = _serve(slack_api, plant_db, tmp_path)
    side = SlackSide(url)
    try:
        file = slack_api.share("F0SERVE", "leak.png", PHOTO, mime="image/png")
        event = _mention("problem leak at WD-03 line:L3", "1795000900.000900", [file])
        assert side.event(event, event_id="EvServe").status_code == 200
        wait_until(lambda: [t for t in _texts(slack_api) if " logged: " in t], timeout=30)
    finally:
        side.http.close()
        stop(server, signal.SIGINT)
    [copy] = (tmp_path / ".gemba" / "files").iterdir()
    assert copy.read_bytes() == PHOTO and copy.name.endswith("-leak.png")


def _texts(api: MockSlackApi) -> list[str]:
    return [c.body.get("text", "") for c in api.calls_to("chat.postMessage")]
