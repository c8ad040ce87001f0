"""Telling the EHS owner of an area about a safety observation, and escalating by severity,
through the outbox (in the transaction that stores the observation).

Where it goes: the area's channel ("platform:channel"), else the configured safety channel
(`Services.safety_channel`), else the channel the report was made in. High observations are
escalated at once to the EHS manager (level 1), critical ones to the plant manager (level 2),
posted to `Services.safety_escalate_to` (else the same channel). The messages never name an
anonymous reporter.
"""

from __future__ import annotations

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


def _where(observation: SafetyObservation, services: Services, origin: Origin) -> tuple[str, outbox.Target]:
    configured = observation.area.channel or services.safety_channel
    if configured and ":" in configured:
        return _target(configured)
    return origin.platform, outbox.Target(origin.workspace, origin.channel)


def notify(
    session: Session, observation: SafetyObservation, services: Services, origin: Origin, *, photos: int
) -> int:
    """Post the observation to its EHS owner and escalate it as its severity asks; returns
    the escalation level reached (0: none)."""
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
    platform, target = _where(observation, services, origin)
    # Once sent, the outbox forgets where an anonymous report's messages went (a DingTalk
    # one-to-one chat is named by its person).
    context: dict[str, object] = {"anonymous": True} if observation.anonymous else {}
    outbox.enqueue(
        session,
        key=f"safety:{observation.id}:alert",
        platform=platform,
        target=target,
        kind="post",
        reply=Reply(text=text, language=language, buttons=buttons, context=dict(context)),
        now=services.now(),
    )
    level = ESCALATION.get(observation.severity, 0)
    if level and service.escalate(session, observation, level=level, now=services.now()) is not None:
        if services.safety_escalate_to and ":" in services.safety_escalate_to:
            platform, target = _target(services.safety_escalate_to)
        post = say("safety_alert_escalated", language, role=role(level, language), **values)
        outbox.enqueue(
            session,
            key=f"safety:{observation.id}:escalate-{level}",
            platform=platform,
            target=target,
            kind="post",
            reply=Reply(text=post, language=language, buttons=buttons, context=dict(context)),
            now=services.now(),
        )
    return observation.escalation_level
