"""Routing eval: where plain-language chat questions go, the playbooks or the data.

    .venv/bin/python -m evals.chat.routing [--workdir DIR]

Every playbook question of evals/knowledge (cases.jsonl, heldout.jsonl, unseen/cases.jsonl)
should get a playbook answer; every data question of evals/nl2sql/plant.jsonl should get a
data answer, also with a stray phrase after it (", for my report", "，给老板汇报用"), as
people type. The questions go through `bot.handle` with the services `gemba chat` builds, on a
fresh sample plant, as plain messages (no `how`/`ask` command).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from adapters.cli.wiring import build_services
from adapters.settings import Settings
from bot import handle
from bot.sample_plant.generate import generate
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from bot.types import Message, Reply

EVALS = Path(__file__).resolve().parent.parent
PLAYBOOK_CASES = ("knowledge/cases.jsonl", "knowledge/heldout.jsonl", "knowledge/unseen/cases.jsonl")
STRAY = {"en": ", for my report", "zh": "，给老板汇报用"}


def where(reply: Reply | None) -> str:
    """Where a reply went: "playbooks" (a cited playbook section), "data" (SQL, or a question
    back about the data) or "other" (an error or help text)."""
    if reply is None:
        return "other"
    if reply.title:
        return "playbooks"
    if reply.code or any(b.command.startswith("ask ") for b in reply.buttons):
        return "data"
    return "other"


def language_of(question: str) -> str:
    """The question's language: "zh" when it has Chinese characters, else "en"."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in question) else "en"


def main(argv: list[str] | None = None) -> None:
    """Send every question through `bot.handle`; print where each group went."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the playbook index here")
    parser.add_argument("--show", choices=["playbooks", "data"], help="print the questions that went astray")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.workdir or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        (work / "gemba.db").unlink(missing_ok=True)  # a fresh plant and store every run
        url = f"sqlite:///{work / 'gemba.db'}"
        engine = make_engine(url)
        upgrade(engine)
        generate(engine, end=date(2026, 11, 21))
        settings = Settings(gemba_database_url=url, gemba_index_dir=str(work / "index"))
        services = build_services(settings, clock=lambda: datetime(2026, 11, 21, 12), engine=engine)
        groups: dict[str, tuple[str, list[str]]] = {}
        for name in PLAYBOOK_CASES:
            for line in (EVALS / name).read_text("utf-8").splitlines():
                question = json.loads(line)["question"]
                groups.setdefault(f"playbook questions ({language_of(question)})", ("playbooks", []))[
                    1
                ].append(question)
        for line in (EVALS / "nl2sql/plant.jsonl").read_text("utf-8").splitlines():
            question = json.loads(line)["question"]
            language = language_of(question)
            groups.setdefault(f"data questions ({language})", ("data", []))[1].append(question)
            groups.setdefault(f"data questions + stray phrase ({language})", ("data", []))[1].append(
                question.rstrip("?？") + STRAY[language]
            )
        for group, (wanted, questions) in groups.items():
            counts: Counter[str] = Counter()
            for number, question in enumerate(questions):
                message = Message(
                    platform="console",
                    channel="eval",
                    user="eval",
                    text=question,
                    delivery_id=f"{group}-{number}",
                )
                went = where(handle(message, services))
                counts[went] += 1
                if args.show == wanted and went != wanted:
                    print(f"  -> {went}: {question}")
            share = counts[wanted] / len(questions)
            spread = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            print(f"{group:36} {len(questions):4} questions: {share:6.1%} to the {wanted} ({spread})")
        engine.dispose()


if __name__ == "__main__":
    main()
