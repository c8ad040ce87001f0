"""Web access in the store: one-time sign-in links from `board login`, sessions, local
accounts and signed TV links, on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from bot import Services, handle
from bot.access import (
    Identity,
    add_account,
    check_link,
    create_link,
    end_session,
    redeem_signin_token,
    revoke_link,
    session_for,
    start_session,
    verify_account,
)
from bot.access.links import signing_key
from bot.access.models import WebLoginToken, WebSession
from bot.errors import BotError
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from tests.conftest import FakeClock, message

LINK = re.compile(r"http://board\.test/login/(\S+)")


@pytest.fixture
def store(any_store_url: str, clock: FakeClock) -> Services:
    engine = make_engine(any_store_url)
    upgrade(engine)
    yield Services(sessions=make_sessions(engine), clock=clock, web_url="http://board.test")
    downgrade(engine, "base")
    engine.dispose()


def _token_from(reply_text: str) -> str:
    found = LINK.search(reply_text)
    assert found, reply_text
    return found.group(1)


@pytest.mark.parametrize(("text", "words"), [("board login", "works once"), ("看板登录", "仅可使用一次")])
def test_board_login_answers_privately_with_a_link_that_signs_the_asker_in_once(
    store: Services, text: str, words: str
) -> None:
    reply = handle(replace(message(text, user="U42", platform="slack"), groups=("S1",)), store)
    assert reply is not None and reply.ephemeral and words in reply.text
    token = _token_from(reply.text)
    with transaction(store.sessions) as session:
        assert session.query(WebLoginToken).one().token_hash != token  # only its hash is kept
        assert redeem_signin_token(session, token, now=store.now()) == Identity(
            "slack", "U42", "U42", ("S1",)
        )
    with transaction(store.sessions) as session:
        assert redeem_signin_token(session, token, now=store.now()) is None


def test_a_signin_link_stops_working_when_it_expires(store: Services, clock: FakeClock) -> None:
    token = _token_from(handle(message("board login"), store).text)
    clock.advance(minutes=10, seconds=1)
    with transaction(store.sessions) as session:
        assert redeem_signin_token(session, token, now=store.now()) is None
        assert redeem_signin_token(session, "made-up", now=store.now()) is None


def test_asking_from_the_web_chat_says_you_are_signed_in(store: Services) -> None:
    reply = handle(message("board login", platform="web", user="slack:U42"), store)
    assert reply is not None and reply.text == "You are signed in already."


def test_a_session_ends_when_it_expires_or_the_person_signs_out(store: Services, clock: FakeClock) -> None:
    who = Identity("dingtalk", "m4711", "Li Wei")
    with transaction(store.sessions) as session:
        first = start_session(session, who, now=store.now(), valid_for=timedelta(hours=1))
        second = start_session(session, who, now=store.now(), valid_for=timedelta(hours=1))
    with transaction(store.sessions) as session:
        signed_in = session_for(session, first, now=store.now())
        assert signed_in is not None and signed_in.identity == who and len(signed_in.csrf_token) > 30
        assert session.query(WebSession).filter_by(token_hash=first).count() == 0  # hashed
        assert end_session(session, first, now=store.now())
        assert session_for(session, first, now=store.now()) is None
    clock.advance(hours=1)
    with transaction(store.sessions) as session:
        assert session_for(session, second, now=store.now()) is None


def test_a_local_account_signs_in_with_its_password_only(store: Services) -> None:
    with transaction(store.sessions) as session:
        add_account(session, "line3-terminal", "s3cret-enough", now=store.now())
    with transaction(store.sessions) as session:
        assert verify_account(session, "line3-terminal", "s3cret-enough") == Identity(
            "local", "line3-terminal", "line3-terminal"
        )
        assert verify_account(session, "line3-terminal", "wrong-password") is None
        assert verify_account(session, "nobody", "s3cret-enough") is None
    with pytest.raises(BotError) as taken, transaction(store.sessions) as session:
        add_account(session, "line3-terminal", "another-password", now=store.now())
    assert taken.value.key == "account_exists"
    with pytest.raises(BotError) as short, transaction(store.sessions) as session:
        add_account(session, "x", "short", now=store.now())
    assert short.value.key == "account_short_password"


def test_a_tv_link_works_until_revoked_or_expired_and_cannot_be_forged(
    store: Services, clock: FakeClock
) -> None:
    with transaction(store.sessions) as session:
        key = signing_key(session, "", now=store.now())
        l3, l3_key = create_link(session, "L3", now=store.now(), valid_for=timedelta(days=30), key=key)
        _every, every_key = create_link(session, None, now=store.now(), valid_for=timedelta(days=1), key=key)
    with transaction(store.sessions) as session:
        assert signing_key(session, "", now=store.now()) == key  # generated once, then kept
        grant = check_link(session, l3_key, now=store.now(), key=key)
        assert grant is not None and grant.line_code == "L3"
        link_id, expires, signature = l3_key.split(".")
        forged = f"{link_id}.{expires}.{signature[:-2]}AA"
        assert check_link(session, forged, now=store.now(), key=key) is None
        assert check_link(session, l3_key, now=store.now(), key=b"another key") is None
        assert check_link(session, "nonsense", now=store.now(), key=key) is None
        assert revoke_link(session, l3.id, now=store.now())
        assert not revoke_link(session, l3.id, now=store.now())
    with transaction(store.sessions) as session:
        assert check_link(session, l3_key, now=store.now(), key=key) is None
        assert check_link(session, every_key, now=store.now(), key=key) is not None
    clock.advance(days=1)
    with transaction(store.sessions) as session:
        assert check_link(session, every_key, now=store.now(), key=key) is None
