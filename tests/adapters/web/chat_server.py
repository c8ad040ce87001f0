"""A web server for the chat and sign-in tests: the sample plant with data questions, a fixed
clock, a roles file, and helpers that sign a browser or an HTTP client in the way people do
(a one-time link asked for with `board login`, handled by `bot.handle`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from bot import Message, Reply, Services, handle
from bot.store.models import AndonCall
from tests.conftest import FakeClock

LINK = re.compile(r"(http://\S+/login/\S+)")
CSRF = re.compile(r'data-csrf="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@dataclass
class ChatServer:
    """A running web app, the services behind it and the clock they read."""

    url: str
    services: Services
    clock: FakeClock

    def say(self, text: str, *, user: str = "ana", platform: str = "console") -> Reply:
        """Send `text` through `bot.handle`, as another chat platform would."""
        message = Message(platform=platform, channel="line-3", user=user, user_name=user, text=text)
        reply = handle(message, self.services)
        assert reply is not None
        return reply

    def signin_link(self, *, user: str = "U7", platform: str = "slack", text: str = "board login") -> str:
        """The one-time link Gemba answers `board login` with (privately)."""
        reply = self.say(text, user=user, platform=platform)
        assert reply.ephemeral, reply.text
        found = LINK.search(reply.text)
        assert found, reply.text
        return found.group(1)

    def raise_call(self) -> tuple[int, str]:
        """Raise an andon call on L3 from the console; its id and reference ("A12")."""
        reference = self.say("andon L3 WD-03 kanban empty").text.split()[1]
        return int(reference.lstrip("A")), reference

    def call(self, call_id: int) -> AndonCall:
        """The stored andon call."""
        with self.services.sessions() as session:
            found = session.get(AndonCall, call_id)
            assert found is not None
            return found


def use_link(client: httpx.Client, link: str) -> httpx.Response:
    """Open a one-time link and press its sign-in button, as a browser does."""
    page = client.get(link)
    assert page.status_code == 200
    token = FORM_TOKEN.search(page.text)
    assert token
    return client.post(link, data={"form_token": token.group(1)})


def signed_in_client(server: ChatServer, **link_args: str) -> tuple[httpx.Client, str]:
    """An HTTP client signed in with a fresh one-time link, and its CSRF token."""
    client = httpx.Client(base_url=server.url)
    assert use_link(client, server.signin_link(**link_args)).status_code == 303
    chat = client.get("/chat")
    assert chat.status_code == 200
    csrf = CSRF.search(chat.text)
    assert csrf
    return client, csrf.group(1)
