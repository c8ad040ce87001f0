"""The board screenshots in docs/: the sample plant with a few open calls, in English and Chinese.

.venv/bin/python -m evals.web.screenshots [--out docs]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from evals.web.demo import CHROMIUM, CHROMIUM_ARGS, DemoBoard, demo_board

# Open calls to show: one raised, one acknowledged, one escalated, one for a whole line.
CALLS = (
    ("andon L3 WD-03 material shortage at the feeder", None),
    ("andon L1 PR-02 quality burr on the flange", "ack"),
    ("andon L5 AS-04 equipment torque tool fault", "escalate"),
)


def open_calls(board: DemoBoard) -> None:
    """Raise the sample calls and move them to their states."""
    for text, then in CALLS:
        ref = _ref(board.say(text).text)
        if then == "ack":
            board.say(f"ack {ref}", user="bo")
        elif then == "escalate":
            board.say(f"escalate {ref} level:1", user="cy")


def _ref(reply_text: str) -> str:
    return next(word for word in reply_text.split() if word.startswith("A") and word[1:].isdigit())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    with demo_board() as board, sync_playwright() as playwright:
        open_calls(board)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for language, name in (("en", "board.png"), ("zh", "board-zh.png")):
            page.goto(f"{board.url}/board?lang={language}")
            page.wait_for_function("document.getElementById('board').dataset.version")
            page.wait_for_timeout(1500)  # let the timers tick past the raise
            page.screenshot(path=str(args.out / name), full_page=True)
            print(f"wrote {args.out / name}")
        browser.close()


if __name__ == "__main__":
    main()
