"""The board screenshots in docs/: the sample plant with a few open calls, in English and Chinese.

.venv/bin/python -m evals.web.screenshots [--out docs]
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from bot.services import system_clock
from evals.web.demo import CHROMIUM, CHROMIUM_ARGS, DemoBoard, demo_board

# Open calls to show: one raised, one acknowledged, one escalated; minutes ago raised, and
# the follow-up with the minutes ago it happened.
# The calls are raised in the page's language, as the plant's people would type them.
CALLS = {
    "en": (
        ("andon L3 WD-03 material shortage at the feeder", 4, None),
        ("andon L1 PR-02 quality burr on the flange", 12, ("ack {ref}", 9)),
        ("andon L5 AS-04 equipment torque tool fault", 17, ("escalate {ref} level:1", 11)),
    ),
    "zh": (
        ("安灯 3号线 WD-03 送料器缺料", 4, None),
        ("安灯 1号线 PR-02 质量问题 法兰毛刺", 12, ("ack {ref}", 9)),
        ("安灯 5号线 AS-04 设备故障 拧紧枪报警", 17, ("escalate {ref} level:1", 11)),
    ),
}
FILES = {"en": "board.png", "zh": "board-zh.png"}


def open_calls(board: DemoBoard, language: str) -> None:
    """Raise the sample calls (back-dated, so their timers show real waits) and move them on."""
    now = datetime.now(UTC)
    try:
        for text, raised_ago, then in CALLS[language]:
            board.services.clock = lambda ago=raised_ago: now - timedelta(minutes=ago)
            ref = _ref(board.say(text).text)
            if then is not None:
                follow_up, ago = then
                board.services.clock = lambda ago=ago: now - timedelta(minutes=ago)
                board.say(follow_up.format(ref=ref), user="bo")
    finally:
        board.services.clock = system_clock


def _ref(reply_text: str) -> str:
    return next(word for word in reply_text.split() if word.startswith("A") and word[1:].isdigit())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for language, name in FILES.items():
            with demo_board() as board:
                open_calls(board, language)
                page.goto(f"{board.url}/board?lang={language}")
                page.wait_for_function("document.getElementById('board').dataset.version")
                page.wait_for_timeout(1500)  # let the timers tick
                page.screenshot(path=str(args.out / name), full_page=True)
                print(f"wrote {args.out / name}")
        browser.close()


if __name__ == "__main__":
    main()
