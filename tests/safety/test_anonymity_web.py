"""The web chat: a signed-in person's anonymous report is answered on the page, but nothing
Gemba writes for it links them to it (their sign-in session is theirs, and stays)."""

from __future__ import annotations

from sqlalchemy import select, text

from bot.safety.models import SafetyObservation
from tests.adapters.web.chat_server import ChatServer, signed_in_client
from tests.adapters.web.conftest import chat_server  # noqa: F401

#: Every table a report writes to (the web session and sign-in tables hold the person anyway).
WRITTEN = (
    "safety_observations",
    "events",
    "outbox",
    "inbox",
    "processed_deliveries",
    "web_chat",
    "attachments",
)


def _rows(server: ChatServer, table: str) -> str:
    with server.services.sessions() as session:
        return "\n".join(repr(tuple(row)) for row in session.execute(text(f'SELECT * FROM "{table}"')))


def _post(client, body: str, csrf: str, delivery_id: str):  # type: ignore[no-untyped-def]
    fields = {"text": body, "delivery_id": delivery_id, "csrf": csrf}
    return client.post("/chat/messages?lang=en", data=fields, headers={"X-Requested-With": "fetch"})


def test_an_anonymous_report_from_the_web_chat_is_linked_to_nobody(chat_server: ChatServer) -> None:  # noqa: F811
    client, csrf = signed_in_client(chat_server, user="U0WEBSECRET")
    try:
        before = {table: _rows(chat_server, table) for table in WRITTEN}
        assert "U0WEBSECRET" not in "".join(before.values())
        answered = _post(client, "safety anonymous L3 forklift nearly hit a walker", csrf, "d-anon")
        assert answered.status_code == 200 and "Reported anonymously" in answered.text
        assert "nobody was told yet" in answered.text  # no safety channel: not posted into the person's chat
        again = _post(client, "safety anonymous L3 forklift nearly hit a walker", csrf, "d-anon")
        assert again.status_code == 200  # a resent form is recognised, and recorded once
        with chat_server.services.sessions() as session:
            rows = session.scalars(
                select(SafetyObservation).where(SafetyObservation.anonymous.is_(True))
            ).all()
            fresh = [r for r in rows if r.description == "L3 forklift nearly hit a walker"]
        assert len(fresh) == 1 and fresh[0].reporter is None
        for table in WRITTEN:
            assert "U0WEBSECRET" not in _rows(chat_server, table), table
        # A named report from the same person is kept with them, as it should be.
        _post(client, "safety L3 oil leak at the press", csrf, "d-named")
        assert "U0WEBSECRET" in _rows(chat_server, "web_chat")
    finally:
        client.close()
