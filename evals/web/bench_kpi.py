"""Weight and server time of the KPI and problems pages on the sample plant.

Generates the sample plant (seed 7, 12 weeks ending `--end`) into a temporary SQLite file,
serves the web app in this process through Starlette's TestClient with the plant clock at
10:00 of `--end`, and requests each page `--repeat` times. Prints bytes and the median and
p95 server time; not a test (no thresholds).

    .venv/bin/python -m evals.web.bench_kpi [--end 2026-11-21] [--repeat 20] [--scale 1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from starlette.testclient import TestClient

from adapters.cli.web_cmds import build_web_app
from adapters.settings import Settings
from bot.digest.period import Week
from bot.sample_plant.generate import generate
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade

TIMEZONE = ZoneInfo("Asia/Shanghai")
PAGES = (
    "/kpi",
    "/kpi?lang=zh",
    "/kpi/L3",
    "/kpi?week={previous}",
    "/problems",
    "/problems?age=7%2B",
    "/problems/5",
)


def main() -> None:
    """Parse the options, build the plant, print one line per page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 11, 21))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--scale", type=int, default=1, help="multiply the sample plant's lines")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'plant.db'}"
        engine = make_engine(url)
        upgrade(engine)
        generate(engine, end=options.end, seed=7, scale=options.scale, timezone=TIMEZONE)
        moment = datetime.combine(options.end, clock_time(10), tzinfo=TIMEZONE).astimezone(UTC)
        services = Services(sessions=make_sessions(engine), timezone=TIMEZONE, clock=lambda: moment)
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, gemba_database_url=url, gemba_timezone=TIMEZONE.key, gemba_embedder="fake"
        )
        previous = str(Week.of(options.end).previous())
        with TestClient(build_web_app(settings, services), client=("127.0.0.1", 50000)) as client:
            print(f"sample plant ×{options.scale}, {options.repeat} requests per page")
            for page in PAGES:
                path = page.format(previous=previous)
                client.get(path)  # warm-up: templates compiled, connection pool filled
                times, size = [], 0
                for _ in range(options.repeat):
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    size = len(response.content)
                p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
                print(
                    f"{path:28} {response.status_code}  {size / 1024:6.1f} KB  "
                    f"median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms"
                )
        engine.dispose()


if __name__ == "__main__":
    main()
