"""windows: time phrases in both languages, anchored to Sat 21 Nov 2026 12:00, weeks from Monday."""

from __future__ import annotations

from datetime import datetime

import pytest

from nl2sql.windows import find_window

NOW = datetime(2026, 11, 21, 12)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("yesterday", "2026-11-20", "2026-11-21"),
        ("today", "2026-11-21", "2026-11-22"),
        ("last week", "2026-11-09", "2026-11-16"),
        ("上周", "2026-11-09", "2026-11-16"),
        ("this week", "2026-11-16", "2026-11-22"),
        ("本月", "2026-11-01", "2026-11-22"),
        ("last month", "2026-10-01", "2026-11-01"),
        ("in october", "2026-10-01", "2026-11-01"),
        ("10月份", "2026-10-01", "2026-11-01"),
        ("in december", "2025-12-01", "2026-01-01"),
        ("past 30 days", "2026-10-23", "2026-11-22"),
        ("近7天", "2026-11-15", "2026-11-22"),
        ("q3", "2026-07-01", "2026-10-01"),
        ("第三季度", "2026-07-01", "2026-10-01"),
        ("on 2026-11-03", "2026-11-03", "2026-11-04"),
        ("nov 3", "2026-11-03", "2026-11-04"),
        ("11月3日", "2026-11-03", "2026-11-04"),
        ("since september", "2026-09-01", "2026-11-22"),
        ("9月以来", "2026-09-01", "2026-11-22"),
        ("last year", "2025-01-01", "2026-01-01"),
        ("上周一", "2026-11-09", "2026-11-10"),
        ("on monday", "2026-11-16", "2026-11-17"),
        ("tomorrow", "2026-11-22", "2026-11-23"),
        ("明天", "2026-11-22", "2026-11-23"),
        ("next week", "2026-11-23", "2026-11-30"),
        ("下周", "2026-11-23", "2026-11-30"),
        ("next month", "2026-12-01", "2027-01-01"),
        ("下个月", "2026-12-01", "2027-01-01"),
    ],
)
def test_windows(text: str, start: str, end: str) -> None:
    found = find_window(text, NOW)
    assert found is not None
    window, _span = found
    assert (window.start.date().isoformat(), window.end.date().isoformat()) == (start, end)


def test_no_window() -> None:
    assert find_window("andon calls on line 3", NOW) is None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("output of line 3 since 10:00 today", "today"),
        ("calls between 8:00 and 12:00 yesterday", "yesterday"),
    ],
)
def test_a_clock_time_inside_since_or_between_is_not_swallowed_into_a_whole_day(
    text: str, phrase: str
) -> None:
    """The window is the day alone, so the clock time stays in the question for the parser to
    account for (it asks back), instead of an answer about the whole day."""
    found = find_window(text, NOW)
    assert found is not None and found[0].phrase == phrase


def test_since_the_beginning_of_a_month_is_since_that_month() -> None:
    found = find_window("since the beginning of october", NOW)
    assert found is not None and found[0].start.date().isoformat() == "2026-10-01"
