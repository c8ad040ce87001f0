"""Today's safety topic: a bilingual list shipped as YAML (`safety_topics.yaml`), or the file
`GEMBA_TIER_TOPICS_FILE` names, taken in turn one a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from bot.errors import BotError
from bot.types import Language
from bot.yaml_files import parse_yaml

BUILT_IN = Path(__file__).with_name("safety_topics.yaml")


@dataclass(frozen=True)
class SafetyTopic:
    """One safety topic in English and Chinese."""

    en: str
    zh: str

    def text(self, language: Language) -> str:
        """The topic in `language`."""
        return self.zh if language == "zh" else self.en


def load_topics(path: str = "") -> tuple[SafetyTopic, ...]:
    """The topics of the YAML file at `path` (the built-in list when empty).

    Raises `BotError("tier_topics_file")` for a file that cannot be read or has no topics.

    >>> load_topics()[0].en
    'Lockout/tagout before reaching into a machine'
    """
    return _load(str(Path(path).resolve()) if path else str(BUILT_IN))


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[SafetyTopic, ...]:
    try:
        data = parse_yaml(Path(path).read_text(encoding="utf-8"))
        topics = tuple(
            SafetyTopic(str(item["en"]).strip(), str(item.get("zh") or item["en"]).strip())
            for item in data["topics"]
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise BotError("tier_topics_file", path=path, error=str(error)[:200]) from None
    if not topics:
        raise BotError("tier_topics_file", path=path, error="no topics")
    return topics


def topic_of(day: date, topics: tuple[SafetyTopic, ...]) -> SafetyTopic:
    """The topic of `day`: the list taken in turn, one a day, the same in every process.

    >>> topics = (SafetyTopic("a", "甲"), SafetyTopic("b", "乙"))
    >>> topic_of(date(2026, 11, 21), topics).en, topic_of(date(2026, 11, 22), topics).en
    ('b', 'a')
    """
    return topics[day.toordinal() % len(topics)]
