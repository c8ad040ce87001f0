"""Gemba's Slack app on slack-bolt: listeners that store what Slack sends, then work.

Every listener runs in the request's thread (`process_before_response=True`), does only
what the acknowledgement needs (check a modal, open a modal while its trigger id is
fresh) and writes the request to the inbox (`bot.inbox`), committed before bolt answers
Slack's request; so an event Slack got a 200 for is never lost, even by `kill -9`. The
inbox worker then calls `SlackBot.process`: `bot.handle`, the answer, the outbox, in its
own threads, so acknowledgements never wait behind slow answers, in HTTP and Socket Mode.

Every answer goes through the outbox, in the transaction that saves the change and marks
the inbox event done, so each is sent once. Answers to mentions and DMs are posted in the
question's thread; answers to slash commands and buttons are shown to their user only,
through the `response_url` (or `chat.postEphemeral`), or as a DM when Slack cannot take them.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.context import BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from adapters.settings import Settings
from adapters.slack import texts as _texts  # noqa: F401  (registers the slack_* sentences)
from adapters.slack.inbound import (
    COMMANDS,
    PLATFORM,
    is_for_gemba,
    language_of,
    message_from_action,
    message_from_command,
    message_from_event,
    stored_message,
    team_of,
)
from adapters.slack.installation import oauth_settings
from adapters.slack.modal import CALLBACK_ID, channel_of, check_form, problem_view, read_form
from adapters.slack.platform import PRIVATE_TO, RESPONSE_URL, SlackPlatform, web_client
from adapters.slack.render import ACTION_COMMAND, ACTION_FEEDBACK, ACTION_SHOW_SQL, escape
from bot import inbox, outbox
from bot.feedback import record_feedback
from bot.handle import handle
from bot.inbox import Done, InboxItem
from bot.services import Services
from bot.store.db import transaction
from bot.texts import say
from bot.types import Language, Message, Reply

log = logging.getLogger(__name__)

_KNOWN_TYPES = frozenset(
    {
        "app_rate_limited",
        "block_actions",
        "block_suggestion",
        "event_callback",
        "interactive_message",
        "message_action",
        "shortcut",
        "url_verification",
        "view_closed",
        "view_submission",
    }
)
MAX_NAMES = 5000


class SlackBot:
    """The bolt `App` with Gemba's listeners, and the processing of what they accept.

    Listeners only translate and store: each request becomes an inbox event (`bot.inbox`),
    committed before bolt sends Slack its acknowledgement; `process` (the inbox worker's
    handler for "slack") does the work afterwards, in the worker's threads.
    """

    def __init__(
        self,
        *,
        client: WebClient,
        services: Services,
        platform: SlackPlatform,
        signing_secret: str,
        oauth: Any = None,
        wake: Callable[[], None] | None = None,
    ) -> None:
        self.services = services
        self.platform = platform
        self._wake = wake or (lambda: None)
        self._names: dict[tuple[str, str], str] = {}
        self._names_lock = threading.Lock()
        self.app = App(
            client=client,
            signing_secret=signing_secret,
            oauth_settings=oauth,
            process_before_response=True,
            before_authorize=_reject_malformed,
            request_verification_enabled=bool(signing_secret),
            raise_error_for_unhandled_request=False,
        )
        self._listen(self.app)

    # -- listeners: translate, store in the inbox, acknowledge -------------------

    def _listen(self, app: App) -> None:
        app.event("app_mention")(self._on_event)
        app.event("message")(self._on_event)
        for command in COMMANDS:
            app.command(command)(self._on_command)
        app.action(re.compile(rf"^{ACTION_COMMAND}(:\d+)?$"))(self._on_command_button)
        app.action(re.compile(rf"^{ACTION_FEEDBACK}:(up|down)$"))(self._on_interaction("feedback"))
        app.action(ACTION_SHOW_SQL)(self._on_interaction("show_sql"))
        app.action(re.compile(".*"))(self._on_unknown_action)
        app.view_submission(CALLBACK_ID)(self._on_problem_submit)
        app.view(re.compile(".*"))(self._on_unknown_view)
        app.shortcut(re.compile(".*"))(self._on_unknown_view)
        app.event(re.compile(".*"))(self._on_other_event)

    def _accept(self, kind: str, message: Message, **extra: Any) -> None:
        """Store the request in the inbox (committed on return), keyed by its delivery id;
        a redelivery is dropped here. Raises when the store cannot take it: bolt then
        answers 500 and Slack retries, rather than getting a 200 for a lost event."""
        fresh = inbox.accept(
            self.services.sessions,
            platform=PLATFORM,
            event_key=str(message.delivery_id),
            kind=kind,
            lane=f"{message.workspace}:{message.channel}:{message.user}",
            payload={"message": asdict(message), **extra},
            now=self.services.now(),
        )
        self.services.observer.event_received(PLATFORM, duplicate=not fresh)
        if fresh:
            self._wake()
        else:
            log.info("Slack delivery %s seen before: not processed again", message.delivery_id)

    def _on_event(self, body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if is_for_gemba(event, bot_user_id=context.bot_user_id):
            self._accept("event", message_from_event(body, event, bot_user_id=context.bot_user_id))

    def _on_other_event(self, body: dict[str, Any]) -> None:
        log.debug("Slack event %s ignored", (body.get("event") or {}).get("type"))

    def _on_command(self, ack: Callable[..., None], body: dict[str, Any], context: BoltContext) -> None:
        if body.get("command") == "/problem" and not body.get("text", "").strip():
            # The trigger id expires in about 3 s: open the modal before anything else.
            language = self.services.default_language
            try:
                context.client.views_open(
                    trigger_id=body["trigger_id"], view=problem_view(language, body["channel_id"])
                )
            except Exception as error:  # expired trigger, Slack down: say how to type it instead
                log.warning("views.open for /problem failed: %s", error)
                ack(text=say("problem_missing_title", language))
                return
            ack()
            return
        self._accept("command", message_from_command(body), response_url=body.get("response_url"))
        ack()

    def _on_command_button(
        self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        message = message_from_action(body, action)
        self._accept("command", message, response_url=body.get("response_url"))
        ack()

    def _on_interaction(self, kind: str) -> Callable[..., None]:
        """A listener that stores a button press of `kind` with its payload."""

        def listener(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
            self._accept(kind, message_from_action(body, action), body=body, action=action)
            ack()

        return listener

    def _on_unknown_action(
        self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        log.warning(
            "unknown Slack action %r (block %r) from %s; answered with a note",
            action.get("action_id"),
            action.get("block_id"),
            (body.get("user") or {}).get("id"),
        )
        self._accept("unknown_action", message_from_action(body, action), body=body, action=action)
        ack()

    def _on_unknown_view(self, ack: Callable[..., None], body: dict[str, Any]) -> None:
        ack()
        log.warning("unknown Slack %s %r acknowledged", body.get("type"), body.get("callback_id"))

    def _on_problem_submit(
        self, ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        channel, modal_language = channel_of(view)
        language: Language = modal_language or self.services.default_language
        with self.services.sessions() as session:
            errors, text = check_form(read_form(view), session, language)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        team = team_of(body)
        user = body["user"]
        message = Message(
            platform=PLATFORM,
            workspace=team,
            channel=channel,
            user=user["id"],
            user_name=user.get("name") or user.get("username") or None,
            text=text,
            language=language,
            delivery_id=f"view:{team}:{view['id']}",
        )
        self._accept("form", message)
        ack()

    # -- processing (the inbox worker's handler) ---------------------------------

    def process(self, item: InboxItem, done: Done) -> None:
        """Do the work of one accepted request; `done(session)` goes into the transaction
        that saves the change and the answer (see `bot.inbox`)."""
        payload = item.payload
        message = stored_message(payload["message"])
        if item.kind == "event":
            self._answer(message, done)
        elif item.kind in ("command", "form"):
            self._run(message, payload.get("response_url"), done)
        elif item.kind == "feedback":
            self._store_feedback(message, payload["body"], payload["action"], done)
        elif item.kind == "show_sql":
            language = _language_of_message(payload["body"], self.services.default_language)
            sql = payload["action"].get("value", "")
            reply = Reply(f"{say('slack_sql_title', language)}\n```{escape(sql)}```", language=language)
            self._tell(message, payload["body"], reply, done)
        elif item.kind == "unknown_action":
            language = _language_of_message(payload["body"], self.services.default_language)
            reply = Reply(say("slack_unknown_action", language), language=language)
            self._tell(message, payload["body"], reply, done)
        else:
            log.warning("inbox %s: unknown Slack kind %r, ignored", item.id, item.kind)

    def _answer(self, message: Message, done: Done) -> None:
        """A mention or DM: answer in the question's thread, through the outbox."""
        message = self._named(message)

        def save_answer(session: Session, reply: Reply) -> None:
            reply.context.setdefault("question", message.text)
            if reply.ephemeral:  # a private answer (a sign-in link): to the asker alone
                reply.context[PRIVATE_TO] = message.user
            outbox.enqueue(
                session,
                key=f"slack:reply:{message.delivery_id}",
                platform=PLATFORM,
                target=outbox.Target(message.workspace, message.channel, reply.thread),
                kind="post",
                reply=reply,
                now=self.services.now(),
            )
            done(session)

        if handle(message, self.services, before_commit=save_answer) is not None:
            self._wake()

    def _run(self, message: Message, response_url: str | None, done: Done) -> None:
        """A slash command, a button or a form: act, and answer its user privately
        through the outbox (cards the command wrote go out with it)."""
        message = self._named(message)

        def save_answer(session: Session, reply: Reply) -> None:
            self._enqueue_private(session, message, reply, response_url)
            done(session)

        handle(message, self.services, before_commit=save_answer)
        self._wake()

    def _store_feedback(
        self, message: Message, body: dict[str, Any], action: dict[str, Any], done: Done
    ) -> None:
        verdict = "up" if action.get("action_id", "").endswith(":up") else "down"
        try:
            value = json.loads(action.get("value") or "{}")
        except ValueError:
            value = {}
        question, sql = str(value.get("q") or ""), str(value.get("sql") or "")
        user = body.get("user") or {}
        language = _language_of_message(body, self.services.default_language)
        with transaction(self.services.sessions) as session:
            record_feedback(
                session,
                user=str(user.get("name") or user.get("id") or ""),
                question=question,
                sql=sql,
                verdict=verdict,
                now=self.services.now(),
            )
            reply = Reply(say(f"slack_feedback_{verdict}", language), language=language)
            self._enqueue_private(session, message, reply, body.get("response_url"))
            done(session)
        self._wake()

    def _tell(self, message: Message, body: dict[str, Any], reply: Reply, done: Done) -> None:
        """Answer a button press privately, through the outbox."""
        with transaction(self.services.sessions) as session:
            self._enqueue_private(session, message, reply, body.get("response_url"))
            done(session)
        self._wake()

    def _enqueue_private(
        self, session: Session, message: Message, reply: Reply, response_url: str | None
    ) -> None:
        """Put `reply` in the outbox as a private answer to the message's user: through the
        `response_url` (or `chat.postEphemeral`), and as a DM when Slack will not take that."""
        private = replace(
            reply,
            ephemeral=True,
            context={
                **reply.context,
                "question": message.text,
                PRIVATE_TO: message.user,
                RESPONSE_URL: response_url,
            },
        )
        outbox.enqueue(
            session,
            key=f"slack:private:{message.delivery_id}",
            platform=PLATFORM,
            target=outbox.Target(message.workspace, message.channel, reply.thread),
            kind="post",
            reply=private,
            now=self.services.now(),
        )

    def _named(self, message: Message) -> Message:
        """The message with the user's Slack display name (cached), for records and notes."""
        key = (message.workspace, message.user)
        with self._names_lock:
            name = self._names.get(key)
        if name is None:
            name = self._look_up_name(message.workspace, message.user) or message.user_name or message.user
            with self._names_lock:
                if len(self._names) >= MAX_NAMES:
                    self._names.clear()
                self._names[key] = name
        return replace(message, user_name=name)

    def _look_up_name(self, workspace: str, user: str) -> str | None:
        try:
            profile = self.platform.client(workspace).users_info(user=user)["user"]
        except Exception as error:  # the name is a nicety; the id will do
            log.info("users.info %s failed: %s", user, error)
            return None
        details = profile.get("profile") or {}
        return (
            details.get("display_name")
            or details.get("real_name")
            or profile.get("real_name")
            or profile.get("name")
        )


def build_slack_bot(
    settings: Settings,
    services: Services,
    *,
    wake: Callable[[], None] | None = None,
) -> SlackBot:
    """The Slack app for `settings`: one workspace with `SLACK_BOT_TOKEN`, or many with
    OAuth (`SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET`, installations in Gemba's database).

    Single-workspace mode calls `auth.test` once, to learn the bot's own user id.
    """
    base_url = settings.gemba_slack_api_url
    signing_secret = settings.slack_signing_secret.get_secret_value()
    client_id = settings.slack_client_id
    client_secret = settings.slack_client_secret.get_secret_value()
    if client_id and client_secret:
        engine = services.sessions.kw["bind"]
        oauth = oauth_settings(client_id, client_secret, engine)
        store = oauth.installation_store
        platform = SlackPlatform(base_url, token_for=store.bot_token)  # type: ignore[attr-defined]
        client = web_client(base_url)
    else:
        token = settings.slack_bot_token.get_secret_value()
        if not token:
            raise ValueError("set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth")
        oauth = None
        platform = SlackPlatform(base_url, token=token)
        client = web_client(base_url, token)
    return SlackBot(
        client=client,
        services=services,
        platform=platform,
        signing_secret=signing_secret,
        oauth=oauth,
        wake=wake,
    )


def _reject_malformed(req: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
    """After the signature check: a signed body that is no Slack request is a 400 (valid
    JSON that is not an object, e.g. `[]` or `"x"`, included)."""
    body = req.body
    if not isinstance(body, dict):
        return BoltResponse(status=400, body={"error": "malformed request"})
    if req.mode == "socket_mode" or body.get("type") in _KNOWN_TYPES or body.get("command"):
        next()
        return None
    return BoltResponse(status=400, body={"error": "malformed request"})


def _language_of_message(body: dict[str, Any], default: Language) -> Language:
    return language_of((body.get("message") or {}).get("text", ""), default)
