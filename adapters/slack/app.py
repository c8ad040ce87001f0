"""Gemba's Slack app on slack-bolt: listeners that acknowledge at once, then work.

Every listener runs in the request's thread (`process_before_response=True`), does only
what the acknowledgement needs (check a modal, open a modal while its trigger id is
fresh) and hands the rest to a pool of worker threads: `bot.handle`, the answer, the
outbox. So acknowledgements never wait behind slow answers, in HTTP and Socket Mode alike.

Answers to mentions and DMs go through the outbox (kind "post", keyed by the delivery),
so a Slack outage delays them and loses nothing; answers to slash commands and buttons
are shown to their user only, through the `response_url` (or `chat.postEphemeral`), and
fall back to a DM through the outbox when Slack cannot take them.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
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
    team_of,
)
from adapters.slack.installation import oauth_settings
from adapters.slack.modal import CALLBACK_ID, channel_of, check_form, problem_view, read_form
from adapters.slack.platform import SlackPlatform, web_client
from adapters.slack.render import ACTION_COMMAND, ACTION_FEEDBACK, ACTION_SHOW_SQL, escape
from bot import outbox
from bot.feedback import record_feedback
from bot.handle import handle
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
    """The bolt `App` with Gemba's listeners, its worker pool and its outbox platform."""

    def __init__(
        self,
        *,
        client: WebClient,
        services: Services,
        platform: SlackPlatform,
        signing_secret: str,
        oauth: Any = None,
        wake: Callable[[], None] | None = None,
        workers: int = 8,
    ) -> None:
        self.services = services
        self.platform = platform
        self._wake = wake or (lambda: None)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gemba-slack")
        self._pending: set[Future[None]] = set()
        self._idle = threading.Condition()
        self._names: dict[tuple[str, str], str] = {}
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

    # -- running ---------------------------------------------------------------

    def drain(self, timeout: float | None = 30) -> bool:
        """Wait until the work handed to the pool so far is done; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._pending, timeout)

    def close(self) -> None:
        """Finish the queued work, then stop the pool."""
        self._pool.shutdown(wait=True)

    def _submit(self, work: Callable[..., None], *args: Any) -> None:
        def run() -> None:
            try:
                work(*args)
            except Exception:  # a failed job must not take the pool down; it is logged
                log.exception("Slack job %s failed", getattr(work, "__name__", work))

        future = self._pool.submit(run)
        with self._idle:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future[None]) -> None:
        with self._idle:
            self._pending.discard(future)
            self._idle.notify_all()

    # -- listeners (acknowledge fast) -------------------------------------------

    def _listen(self, app: App) -> None:
        app.event("app_mention")(self._on_event)
        app.event("message")(self._on_event)
        for command in COMMANDS:
            app.command(command)(self._on_command)
        app.action(re.compile(rf"^{ACTION_COMMAND}(:\d+)?$"))(self._on_command_button)
        app.action(re.compile(rf"^{ACTION_FEEDBACK}:(up|down)$"))(self._on_feedback)
        app.action(ACTION_SHOW_SQL)(self._on_show_sql)
        app.action(re.compile(".*"))(self._on_unknown_action)
        app.view_submission(CALLBACK_ID)(self._on_problem_submit)
        app.view(re.compile(".*"))(self._on_unknown_view)
        app.shortcut(re.compile(".*"))(self._on_unknown_view)
        app.event(re.compile(".*"))(self._on_other_event)

    def _on_event(self, body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if is_for_gemba(event, bot_user_id=context.bot_user_id):
            message = message_from_event(body, event, bot_user_id=context.bot_user_id)
            self._submit(self._answer, message, context.client)

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
        ack()
        self._submit(self._run, message_from_command(body), body.get("response_url"), context.client)

    def _on_command_button(
        self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], context: BoltContext
    ) -> None:
        ack()
        self._submit(self._run, message_from_action(body, action), body.get("response_url"), context.client)

    def _on_feedback(
        self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], context: BoltContext
    ) -> None:
        ack()
        self._submit(self._store_feedback, body, action)

    def _on_show_sql(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        language = _language_of_message(body, self.services.default_language)
        sql = action.get("value", "")
        reply = Reply(f"{say('slack_sql_title', language)}\n```{escape(sql)}```", language=language)
        self._submit(self._tell, body, reply)

    def _on_unknown_action(
        self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        ack()
        log.warning(
            "unknown Slack action %r (block %r) from %s; answered with a note",
            action.get("action_id"),
            action.get("block_id"),
            (body.get("user") or {}).get("id"),
        )
        language = _language_of_message(body, self.services.default_language)
        self._submit(self._tell, body, Reply(say("slack_unknown_action", language), language=language))

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
        ack()
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
        self._submit(self._run_form, message)

    # -- work (in the pool) ------------------------------------------------------

    def _answer(self, message: Message, client: WebClient) -> None:
        """A mention or DM: answer in the question's thread, through the outbox."""
        message = self._named(message, client)

        def save_answer(session: Session, reply: Reply) -> None:
            reply.context.setdefault("question", message.text)
            outbox.enqueue(
                session,
                key=f"slack:reply:{message.delivery_id}",
                platform=PLATFORM,
                target=outbox.Target(message.workspace, message.channel, reply.thread),
                kind="post",
                reply=reply,
                now=self.services.now(),
            )

        if handle(message, self.services, before_commit=save_answer) is not None:
            self._wake()

    def _run(self, message: Message, response_url: str | None, client: WebClient) -> None:
        """A slash command or button: act, then tell the user (cards go via the outbox)."""
        message = self._named(message, client)
        reply = handle(message, self.services)
        self._wake()  # the command may have written cards and notes to the outbox
        if reply is None:
            return
        self._tell_user(message, reply, response_url)

    def _run_form(self, message: Message) -> None:
        reply = handle(message, self.services)
        self._wake()
        if reply is not None:
            self._tell_user(message, reply, None)

    def _store_feedback(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        verdict = "up" if action.get("action_id", "").endswith(":up") else "down"
        try:
            value = json.loads(action.get("value") or "{}")
        except ValueError:
            value = {}
        question, sql = str(value.get("q") or ""), str(value.get("sql") or "")
        user = body.get("user") or {}
        with transaction(self.services.sessions) as session:
            record_feedback(
                session,
                user=str(user.get("name") or user.get("id") or ""),
                question=question,
                sql=sql,
                verdict=verdict,
                now=self.services.now(),
            )
        language = _language_of_message(body, self.services.default_language)
        self._tell(body, Reply(say(f"slack_feedback_{verdict}", language), language=language))

    def _tell(self, body: dict[str, Any], reply: Reply) -> None:
        """Answer an interaction (button) privately."""
        user = (body.get("user") or {}).get("id", "")
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")
        message = Message(platform=PLATFORM, workspace=team_of(body), channel=channel, user=user, text="")
        self._tell_user(message, reply, body.get("response_url"))

    def _tell_user(self, message: Message, reply: Reply, response_url: str | None) -> None:
        """Show `reply` to the message's user only; when Slack will not take it now, send
        it as a DM through the outbox, so it is not lost."""
        try:
            if response_url:
                self.platform.respond(response_url, reply, question=message.text)
            else:
                self.platform.post_ephemeral(message.workspace, message.channel, message.user, reply)
            return
        except Exception as error:  # any failure: fall back to the outbox
            log.warning("private answer to %s failed (%s); sending it as a DM", message.user, error)
        with transaction(self.services.sessions) as session:
            outbox.enqueue(
                session,
                key=f"slack:dm:{message.delivery_id or id(reply)}",
                platform=PLATFORM,
                target=outbox.Target(message.workspace, message.user),
                kind="post",
                reply=replace(reply, thread=None),
                now=self.services.now(),
            )
        self._wake()

    def _named(self, message: Message, client: WebClient) -> Message:
        """The message with the user's Slack display name (cached), for records and notes."""
        key = (message.workspace, message.user)
        name = self._names.get(key)
        if name is None:
            name = self._look_up_name(client, message.user) or message.user_name or message.user
            if len(self._names) >= MAX_NAMES:
                self._names.clear()
            self._names[key] = name
        return replace(message, user_name=name)

    @staticmethod
    def _look_up_name(client: WebClient, user: str) -> str | None:
        try:
            profile = client.users_info(user=user)["user"]
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
    workers: int = 8,
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
        workers=workers,
    )


def _reject_malformed(req: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
    """After the signature check: a signed body that is no Slack request is a 400."""
    body = req.body
    if req.mode == "socket_mode" or body.get("type") in _KNOWN_TYPES or body.get("command"):
        next()
        return None
    return BoltResponse(status=400, body={"error": "malformed request"})


def _language_of_message(body: dict[str, Any], default: Language) -> Language:
    return language_of((body.get("message") or {}).get("text", ""), default)
