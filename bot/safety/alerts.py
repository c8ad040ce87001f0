"""Telling the EHS owner of an area about a safety observation, and escalating by severity,
through the outbox (in the transaction that stores the observation).

Where it goes: the area's channel ("platform:channel"), else the configured safety channel
(`Services.safety_channel`), else the channel the report was made in. High observations are
escalated at once to the EHS manager (level 1), critical ones to the plant manager (level 2),
posted to `Services.safety_escalate_to` (else the same channel). The messages never name an
anonymous reporter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import outbox
from bot.areas import area_name
from bot.safety import service
from bot.safety.models import SafetyObservation, safety_ref
from bot.safety.texts import kind_word, level_word, role
from bot.services import Services
from bot.store.service import Origin
from bot.texts import say
from bot.types import Button, Language, Reply

#: Escalation level each severity reaches at once.
ESCALATION = {"high": 1, "critical": 2}


def place_text(observation: SafetyObservation, language: Language) -> str:
    """The area (and station) of an observation, as people say it."""
    where = area_name(observation.area, language)
    return f"{where} ({observation.station.code})" if observation.station else where


def _target(channel: str) -> tuple[str, outbox.Target]:
    platform, _, rest = channel.partition(":")
    return platform, outbox.Target("", rest)


def _where(
    observation: SafetyObservation, services: Services, origin: Origin, sender: str
) -> tuple[str, outbox.Target] | None:
    """Where the alert goes; None for an anonymous report with no channel set up that was made
    in a chat named by its reporter (the web chat, a DingTalk one-to-one chat): posted there,
    the alert would sit in the reporter's own conversation."""
    configured = observation.area.channel or services.safety_channel
    if configured and ":" in configured:
        return _target(configured)
    if observation.anonymous and _names(origin.channel, sender):
        return None
    return origin.platform, outbox.Target(origin.workspace, origin.channel)


def _names(channel: str, sender: str) -> bool:
    """Whether a channel is named by the person: the web chat's "slack:U7", DingTalk's "@u-li".

    >>> _names("slack:U7", "slack:U7"), _names("@u-li", "u-li"), _names("line-3", "li")
    (True, True, False)
    """
    return bool(sender) and (
        channel == sender or channel.endswith((f":{sender}", f"/{sender}", f"@{sender}"))
    )


@dataclass(frozen=True)
class Notified:
    """What `notify` did: whether the alert was posted, and the escalation level reached."""

    posted: bool
    level: int


def notify(
    session: Session,
    observation: SafetyObservation,
    services: Services,
    origin: Origin,
    *,
    sender: str,
    photos: int,
) -> Notified:
    """Post the observation to its EHS owner and escalate it as its severity asks (`sender`
    is the reporter's platform id, only to tell whether `origin` is their own chat)."""
    language: Language = "zh" if observation.language == "zh" else "en"
    ref = safety_ref(observation.id)
    who = (
        say("safety_by_anonymous", language)
        if observation.anonymous
        else say("safety_by", language, reporter=observation.reporter)
    )
    description = observation.description + (
        f"\n{say('safety_photos', language, count=photos)}" if photos else ""
    )
    values = {
        "ref": ref,
        "place": place_text(observation, language),
        "kind": kind_word(observation.kind, language),
        "severity": level_word(observation.severity, language),
        "description": description,
    }
    text = say("safety_alert", language, owner=observation.area.ehs_owner or "—", who=who, **values)
    close = f"安全 关闭 {ref}" if language == "zh" else f"safety close {ref}"
    buttons = [Button(say("safety_close_button", language, ref=ref), close, "primary")]
    where = _where(observation, services, origin, sender)
    level = ESCALATION.get(observation.severity, 0)
    if level:
        service.escalate(session, observation, level=level, now=services.now())
    # Once sent, the outbox forgets where an anonymous report's messages went (a DingTalk
    # one-to-one chat is named by its person).
    context: dict[str, object] = {"anonymous": True} if observation.anonymous else {}

    def post(target: tuple[str, outbox.Target], step: str, text: str) -> None:
        outbox.enqueue(
            session,
            key=f"safety:{observation.id}:{step}",
            platform=target[0],
            target=target[1],
            kind="post",
            reply=Reply(text=text, language=language, buttons=buttons, context=dict(context)),
            now=services.now(),
        )

    if where is not None:
        post(where, "alert", text)
    escalate_to = services.safety_escalate_to
    upward = _target(escalate_to) if escalate_to and ":" in escalate_to else where
    if level and upward is not None:
        post(
            upward,
            f"escalate-{level}",
            say("safety_alert_escalated", language, role=role(level, language), **values),
        )
    return Notified(where is not None, observation.escalation_level)
