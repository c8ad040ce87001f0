"""Signing in to the web pages, over real HTTP: one-time links from `board login`, local
accounts, sessions that expire and end, CSRF on every state-changing request."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from adapters.cli.main import app
from bot.access import add_account
from bot.store.db import transaction
from tests.adapters.web.chat_server import FORM_TOKEN, ChatServer, signed_in_client, use_link


@pytest.mark.parametrize(
    ("lang", "signed_in", "used"),
    [("en", "Signed in as U7", "was used already"), ("zh", "已登录：U7", "已使用或已过期")],
)
def test_a_signin_link_signs_in_once_and_not_after_it_expires(
    chat_server: ChatServer, lang: str, signed_in: str, used: str
) -> None:
    link = chat_server.signin_link(text="board login" if lang == "en" else "看板登录")
    with httpx.Client(base_url=chat_server.url) as first:
        answer = use_link(first, f"{link}?lang={lang}")
        assert answer.status_code == 303 and answer.headers["location"] == f"/chat?lang={lang}"
        cookie = answer.headers["set-cookie"].lower()
        assert "gemba_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert signed_in in first.get(f"/chat?lang={lang}").text
    with httpx.Client(base_url=chat_server.url) as second:
        again = use_link(second, f"{link}?lang={lang}")
        assert again.status_code == 403 and used in again.text
        assert second.get("/chat").status_code == 303  # not signed in: sent to /login
    late = chat_server.signin_link()
    chat_server.clock.advance(minutes=10, seconds=1)
    with httpx.Client(base_url=chat_server.url) as third:
        assert use_link(third, late).status_code == 403


def test_a_signin_link_cannot_be_used_without_its_page(chat_server: ChatServer) -> None:
    link = chat_server.signin_link()
    with httpx.Client(base_url=chat_server.url) as client:  # no form cookie: another site's form
        assert client.post(link, data={"form_token": "guess"}).status_code == 403
    with httpx.Client(base_url=chat_server.url) as client:  # the link is still good afterwards
        assert use_link(client, link).status_code == 303


def test_a_session_expires_and_signing_out_ends_it(chat_server: ChatServer) -> None:
    client, csrf = signed_in_client(chat_server)
    try:
        for refused in (client.post("/logout"), client.post("/logout", data={"csrf": "wrong"})):
            assert refused.status_code == 403 and client.get("/chat").status_code == 200
        assert client.post("/logout", data={"csrf": csrf}).status_code == 303
        assert client.get("/chat").status_code == 303
    finally:
        client.close()
    later, _csrf = signed_in_client(chat_server)
    try:
        chat_server.clock.advance(hours=12)
        assert later.get("/chat").status_code == 303
    finally:
        later.close()


def test_an_admin_signs_a_person_out_everywhere(chat_server: ChatServer, plant_db: str) -> None:
    phone, _csrf = signed_in_client(chat_server)
    other, _csrf2 = signed_in_client(chat_server, user="U8")
    try:
        env = {"GEMBA_DATABASE_URL": plant_db, "GEMBA_EMBEDDER": "fake"}
        ended = CliRunner().invoke(app, ["board", "signout", "slack:U7"], env=env)
        assert ended.exit_code == 0 and "1 session of slack:U7 ended." in ended.stdout
        assert phone.get("/chat").status_code == 303 and other.get("/chat").status_code == 200
    finally:
        phone.close()
        other.close()


@pytest.mark.parametrize(
    ("lang", "wrong"), [("en", "Wrong account or password."), ("zh", "账号或密码错误。")]
)
def test_a_local_account_signs_in_with_the_right_password_only(
    chat_server: ChatServer, plant_db: str, lang: str, wrong: str
) -> None:
    env = {"GEMBA_DATABASE_URL": plant_db, "GEMBA_EMBEDDER": "fake"}
    added = CliRunner().invoke(
        app, ["board", "user", "add", "terminal-3"], input="floor-password-3\n" * 2, env=env
    )
    assert added.exit_code == 0 and "Account terminal-3 added" in added.stdout
    again = CliRunner().invoke(
        app, ["board", "user", "add", "terminal-3", "--password", "other-password"], env=env
    )
    assert again.exit_code == 2 and "already an account named terminal-3" in again.output
    with httpx.Client(base_url=chat_server.url) as client:
        form = client.get(f"/login?lang={lang}")
        token = FORM_TOKEN.search(form.text)
        assert form.status_code == 200 and token
        fields = {"form_token": token.group(1), "name": "terminal-3"}
        refused = client.post(f"/login?lang={lang}", data={**fields, "password": "floor-password-4"})
        assert refused.status_code == 401 and wrong in refused.text
        assert "gemba_session" not in client.cookies
        token = FORM_TOKEN.search(refused.text)
        assert token
        fields["form_token"] = token.group(1)
        accepted = client.post(f"/login?lang={lang}", data={**fields, "password": "floor-password-3"})
        assert accepted.status_code == 303
        assert "terminal-3" in client.get(f"/chat?lang={lang}").text


def test_a_login_form_from_another_site_is_refused(chat_server: ChatServer) -> None:
    with transaction(chat_server.services.sessions) as session:
        add_account(session, "terminal-3", "floor-password-3", now=chat_server.services.now())
    with httpx.Client(base_url=chat_server.url) as client:
        posted = client.post("/login", data={"name": "terminal-3", "password": "floor-password-3"})
        assert posted.status_code == 403 and "gemba_session" not in client.cookies
