"""Which language a message is in: Simplified Chinese or English."""

from __future__ import annotations

import re

from bot.types import Language

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str, default: Language = "en") -> Language:
    """Return "zh" when the text has Chinese characters, "en" when it has English words.

    Text with neither (ids, numbers, emoji) gets `default`.

    >>> detect_language("上周哪台设备停机最多？")
    'zh'
    >>> detect_language("how many andon calls on line 3?")
    'en'
    >>> detect_language("确认 17")
    'zh'
    >>> detect_language("17", default="zh")
    'zh'
    """
    if _HAN.search(text):
        return "zh"
    if _LATIN_WORD.search(text):
        return "en"
    return default


def as_language(value: str | None) -> Language:
    """The language code "zh" for Chinese, "en" for anything else (stored or platform-given).

    >>> as_language("zh"), as_language("en"), as_language(None)
    ('zh', 'en', 'en')
    """
    return "zh" if value == "zh" else "en"
