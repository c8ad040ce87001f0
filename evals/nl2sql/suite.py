"""Score data questions over many databases at once: every `<name>.jsonl` of cases beside its
`<name>.sqlite` (or `<name>.db`), as `gemba eval nl2sql` scores one, with zero configuration.

    python -m evals.nl2sql.suite /work/data/external/prepared/spider --out /tmp/ext

prints a line a database, then overall, by language and by tier, and writes each
database's predictions to `<out>/<folder>/<name>.jsonl`. Run it from a scratch folder: the catalogs
are cached in `.gemba/catalog/` below the working directory.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from adapters.cli.nl2sql_score import Tally, score_file
from adapters.cli.wiring import build_nl2sql
from adapters.settings import Settings
from bot.store.db import make_engine


def pairs(folders: list[Path]) -> list[tuple[Path, Path]]:
    """(cases, database) for every cases file with a database beside it, sorted by name."""
    found = []
    for folder in folders:
        for cases in sorted(folder.rglob("*.jsonl")):
            database = next(
                (p for p in (cases.with_suffix(".sqlite"), cases.with_suffix(".db")) if p.exists()), None
            )
            if database is not None:
                found.append((cases, database))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder for the predictions")
    parser.add_argument("--timezone", default="UTC", help="plant timezone of the cases' `now`")
    parser.add_argument(
        "--embedder",
        default="",
        help="link unknown words by meaning with this embedder, as `gemba` does with its playbooks "
        "(e.g. use-m3+e5-small, the default setting); none when empty",
    )
    args = parser.parse_args()
    embed = _embed(args.embedder) if args.embedder else None
    settings = Settings(gemba_timezone=args.timezone)
    args.out.mkdir(parents=True, exist_ok=True)
    overall = Tally()
    for cases, database in pairs(args.folders):
        url = f"sqlite:///{database.resolve()}"
        engine = make_engine(url)
        nl2sql = build_nl2sql(settings, engine, data_url=url, refresh=True, embed=embed)
        assert nl2sql is not None
        nl2sql.charts = False
        target = args.out / cases.parent.name / cases.name  # sets may share database names
        own = score_file(nl2sql, engine, cases, target, datetime.now(ZoneInfo(args.timezone)), overall)
        engine.dispose()
        figures = own.lines()[0].split(": ", 1)[1] if own.counts else "-"
        print(f"{cases.parent.name}/{cases.stem}: {figures}")
    print()
    for summary in overall.lines():
        print(summary)
    (args.out / "tally.json").write_text(overall.to_json(), encoding="utf-8")


def _embed(spec: str) -> Callable[[list[str]], Any]:
    """The query embedding function of the embedder `spec`, as the wiring passes it."""
    from knowledge.embed import make_embedder

    embedder = make_embedder(spec)
    return lambda texts: embedder.embed_queries(texts)


if __name__ == "__main__":
    main()
