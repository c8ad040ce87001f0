"""Log lines as text for people or as JSON for a log pipeline (`GEMBA_LOG_FORMAT`).

A JSON line carries the time, level, logger, process id and message, the `correlation_id`
a user-facing error message quotes (see `bot.error_reply`), and the traceback if any, so
"error a1b2c3d4" in a chat leads straight to its line.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_CARRIED = ("correlation_id",)


class JsonLines(logging.Formatter):
    """Formats each record as one JSON object on one line.

    >>> record = logging.LogRecord("gemba", logging.ERROR, "x.py", 1, "failed [%s]", ("ab12",), None)
    >>> record.correlation_id = "ab12"
    >>> line = json.loads(JsonLines().format(record))
    >>> line["level"], line["message"], line["correlation_id"]
    ('ERROR', 'failed [ab12]', 'ab12')
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        for key in _CARRIED:
            if (value := getattr(record, key, None)) is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_formatter(kind: str) -> logging.Formatter:
    """The formatter for `GEMBA_LOG_FORMAT` ("json" or "text")."""
    return JsonLines() if kind == "json" else logging.Formatter(TEXT_FORMAT)
