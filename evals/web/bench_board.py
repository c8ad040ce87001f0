"""The web board's figures: raise → red tile latency, page weight, first paint, and chat answer
time with 100 open boards (server-sent-event streams) against none.

Serves a fresh sample plant (ending today) in this process with the default poll interval,
opens the board in Debian's Chromium, and raises calls through `bot.handle` as a chat
platform would. Prints figures; not a test (no thresholds).

    .venv/bin/python -m evals.web.bench_board [--raises 40] [--clients 100] [--messages 60]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import time

import httpx
from playwright.sync_api import Page, sync_playwright

from evals.web.demo import CHROMIUM, CHROMIUM_ARGS, DemoBoard, demo_board

STATIONS = ("WD-01", "WD-02", "WD-03", "WD-04", "WD-05")
# Records, in the page, when each station's tile turned red (epoch milliseconds).
OBSERVER = """
window.turnedRed = {};
new MutationObserver(() => {
  document.querySelectorAll(".tile[data-state='raised']").forEach(tile => {
    const code = tile.dataset.station;
    if (!(code in window.turnedRed)) window.turnedRed[code] = performance.timeOrigin + performance.now();
  });
  document.querySelectorAll(".tile[data-state='clear']").forEach(tile => {
    delete window.turnedRed[tile.dataset.station];
  });
}).observe(document.getElementById("board-lines"), {childList: true, subtree: true});
"""


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _ref(text: str) -> str:
    return next(word for word in text.split() if word.startswith("A") and word[1:].isdigit())


def raise_to_red(board: DemoBoard, page: Page, raises: int) -> list[float]:
    """Milliseconds from `bot.handle` being called to the tile being red in the open page."""
    page.goto(f"{board.url}/board/L3")
    page.wait_for_function("document.getElementById('board').dataset.version")
    page.evaluate(OBSERVER)
    latencies = []
    for number in range(raises):
        station = STATIONS[number % len(STATIONS)]
        # The board went clear on a poll just now: wait a while, so raises land anywhere in
        # the poll cycle rather than right after a poll.
        time.sleep(random.uniform(0.3, 1.5))
        started = time.time() * 1000
        ref = _ref(board.say(f"andon L3 {station} material bench call {number}").text)
        page.wait_for_function(f"'{station}' in window.turnedRed", timeout=30_000)
        latencies.append(page.evaluate(f"window.turnedRed['{station}']") - started)
        board.say(f"resolve {ref} bench", user="bo")
        page.wait_for_function(f"!('{station}' in window.turnedRed)", timeout=30_000)
    return latencies


def page_weight(board: DemoBoard) -> dict[str, int]:
    """Bytes of the board page and of each asset it loads."""
    sizes = {"/board": len(httpx.get(f"{board.url}/board").content)}
    for asset in ("/static/gemba.css", "/static/board.css", "/static/board.js"):
        sizes[asset] = len(httpx.get(f"{board.url}{asset}").content)
    return sizes


def first_paint(board: DemoBoard, browser, times: int = 10) -> list[float]:  # type: ignore[no-untyped-def]
    """First contentful paint of /board in a fresh browser context, milliseconds."""
    paints = []
    for _ in range(times):
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{board.url}/board")
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
        paints.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
        context.close()
    return paints


def chat_latency(board: DemoBoard, messages: int, pace: float) -> list[float]:
    """Milliseconds `bot.handle` takes for a mix of raise, status and resolve, one message
    every `pace` seconds (so open boards get updates while it runs)."""
    times = []

    def timed(text: str, user: str = "ana") -> str:
        time.sleep(pace)
        started = time.perf_counter()
        reply = board.say(text, user=user)
        times.append((time.perf_counter() - started) * 1000)
        return reply.text

    for number in range(messages // 3):
        ref = _ref(timed(f"andon L2 PR-07 equipment bench {number}"))
        timed("status L3")
        timed(f"resolve {ref} bench", user="bo")
    return times


def open_streams(url: str, clients: int) -> None:
    """Hold `clients` event streams open on `url` (run in a separate process); print events seen."""

    async def one(client: httpx.AsyncClient, counts: list[int]) -> None:
        async with client.stream("GET", f"{url}/board/events") as stream:
            async for line in stream.aiter_lines():
                if line.startswith("event: board"):
                    counts[0] += 1

    async def run() -> None:
        counts = [0]
        limits = httpx.Limits(max_connections=clients + 10)
        async with httpx.AsyncClient(timeout=None, limits=limits) as client:
            tasks = [asyncio.create_task(one(client, counts)) for _ in range(clients)]
            print("open", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        print(counts[0], flush=True)

    asyncio.run(run())


def summary(name: str, values: list[float], unit: str = "ms") -> str:
    return (
        f"{name}: p50 {percentile(values, 0.5):.0f} {unit}, p95 {percentile(values, 0.95):.0f} {unit}, "
        f"max {max(values):.0f} {unit} (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raises", type=int, default=40)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--messages", type=int, default=60)
    parser.add_argument("--pace", type=float, default=0.25, help="seconds between chat messages")
    parser.add_argument("--poll", type=float, default=0.4, help="GEMBA_BOARD_POLL_S of the server")
    parser.add_argument("--streams-for", help=argparse.SUPPRESS)  # internal: the client process
    args = parser.parse_args()
    if args.streams_for:
        open_streams(args.streams_for, args.clients)
        return

    with demo_board(poll_s=args.poll) as board, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"poll interval {board.feed.interval_s:.1f} s")
        sizes = page_weight(board)
        parts = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in sizes.items())
        print(f"board page: {sum(sizes.values()) / 1024:.1f} KB in all ({parts})")
        print(summary("first contentful paint", first_paint(board, browser)))
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        print(summary("raise → tile red", raise_to_red(board, page, args.raises)))
        page.close()
        browser.close()

        chat_latency(board, 6, 0)  # warm up
        polls_before, started = board.feed.polls, time.monotonic()
        quiet = chat_latency(board, args.messages, args.pace)
        quiet_polls = (board.feed.polls - polls_before) / (time.monotonic() - started)
        polls_before, started = board.feed.polls, time.monotonic()
        streams = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "evals.web.bench_board",
                "--streams-for",
                board.url,
                "--clients",
                str(args.clients),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert streams.stdin is not None and streams.stdout is not None
        assert streams.stdout.readline().strip() == "open"
        time.sleep(2)  # let every stream connect
        busy = chat_latency(board, args.messages, args.pace)
        streams.stdin.write("\n")
        streams.stdin.flush()
        events = int(streams.stdout.readline())
        streams.wait(30)
        elapsed = time.monotonic() - started
        print(summary("chat answer, no open board", quiet))
        print(summary(f"chat answer, {args.clients} open boards", busy))
        busy_polls = (board.feed.polls - polls_before) / elapsed
        print(f"store polls per second: {quiet_polls:.1f} with no open board, ", end="")
        print(f"{busy_polls:.1f} with {args.clients}")
        print(f"board updates delivered to the {args.clients} open boards: {events}")


if __name__ == "__main__":
    main()
