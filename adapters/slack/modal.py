"""The /problem modal: the view, reading a submission, and checking it.

Errors go back into the modal (`response_action: errors`, keyed by block id), so the
reporter fixes them in place; a valid form becomes the `problem …` command text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from adapters.slack import texts as _texts  # noqa: F401  (registers the slack_* sentences)
from bot.errors import BotError
from bot.locations import require_line
from bot.store.models import PRIORITIES, PROBLEM_CATEGORIES
from bot.texts import say, word
from bot.types import Language

CALLBACK_ID = "gemba_problem"
FIELDS = ("title", "category", "location", "description", "priority")
MAX_TITLE = 200
MAX_DESCRIPTION = 2000

# Words the `problem` command reads as options ("line:L3"): defused in free text.
_OPTION_WORD = re.compile(
    r"(?<!\S)(line|station|category|priority|due|产线|工位|类别|优先级|到期)([:：])", re.I
)
# What the `problem` command reads as the end of the title.
_TITLE_SPLIT = re.compile(r"：|:\s|\s[-–—]\s")


@dataclass(frozen=True)
class ProblemForm:
    """What a reporter entered in the modal."""

    title: str
    category: str
    priority: str
    location: str
    description: str


def problem_view(language: Language, channel: str) -> dict[str, Any]:
    """The modal to open with `views.open`; `channel` is where the problem is reported."""

    def text(key: str) -> dict[str, str]:
        return {"type": "plain_text", "text": say(key, language)}

    def options(values: tuple[str, ...]) -> list[dict[str, Any]]:
        return [{"text": {"type": "plain_text", "text": word(v, language)}, "value": v} for v in values]

    def block(block_id: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
        label = text(f"slack_field_{block_id}")
        element = {**element, "action_id": "value"}
        return {
            "type": "input",
            "block_id": block_id,
            "label": label,
            "element": element,
            "optional": optional,
        }

    medium = options(("medium",))[0]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps({"channel": channel, "language": language}),
        "title": text("slack_modal_title"),
        "submit": text("slack_modal_submit"),
        "close": text("slack_modal_cancel"),
        "blocks": [
            block("title", {"type": "plain_text_input", "max_length": MAX_TITLE}),
            block("category", {"type": "static_select", "options": options(PROBLEM_CATEGORIES)}),
            block("location", {"type": "plain_text_input", "max_length": 100}, optional=True),
            block(
                "description",
                {"type": "plain_text_input", "multiline": True, "max_length": MAX_DESCRIPTION},
                optional=True,
            ),
            block(
                "priority",
                {"type": "static_select", "options": options(PRIORITIES), "initial_option": medium},
            ),
        ],
    }


def read_form(view: dict[str, Any]) -> ProblemForm:
    """The values of a submitted modal (missing ones empty).

    >>> v = {"state": {"values": {"title": {"value": {"type": "plain_text_input", "value": " Leak "}}}}}
    >>> read_form(v).title, read_form(v).category
    ('Leak', '')
    """
    values = (view.get("state") or {}).get("values") or {}

    def value(block_id: str) -> str:
        element = (values.get(block_id) or {}).get("value") or {}
        chosen = element.get("selected_option") or {}
        return str(element.get("value") or chosen.get("value") or "").strip()

    return ProblemForm(**{name: value(name) for name in FIELDS})


def check_form(form: ProblemForm, session: Session, language: Language) -> tuple[dict[str, str], str]:
    """Errors by block id (empty when the form is fine) and the `problem …` command text."""
    errors: dict[str, str] = {}
    if not form.title:
        errors["title"] = say("slack_error_title", language)
    if form.category not in PROBLEM_CATEGORIES:
        errors["category"] = say("slack_error_choice", language)
    if form.priority not in PRIORITIES:
        errors["priority"] = say("slack_error_choice", language)
    options = [f"category:{form.category}", f"priority:{form.priority}"]
    if form.location:
        try:
            line, station, rest = require_line(session, form.location.split())
        except BotError as error:
            errors["location"] = say(error.key, language, **error.params)[:150]
        else:
            if rest:
                errors["location"] = say(
                    "unknown_station",
                    language,
                    line=line.code,
                    given=rest[0],
                    valid=", ".join(s.code for s in line.stations),
                )[:150]
            options.append(f"line:{line.code}")
            if station is not None:
                options.append(f"station:{station.code}")
    title = _TITLE_SPLIT.sub(" ", _defuse(form.title)).replace("\n", " ")
    text = f"problem {title}\n{_defuse(form.description)}".rstrip() + "\n" + " ".join(options)
    return errors, text


def channel_of(view: dict[str, Any]) -> tuple[str, Language | None]:
    """The channel and language the modal was opened for."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        data = {}
    language = data.get("language")
    return str(data.get("channel") or ""), language if language in ("en", "zh") else None


def _defuse(text: str) -> str:
    return _OPTION_WORD.sub(r"\1 \2", text)
