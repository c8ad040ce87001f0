"""Multi-workspace OAuth: installs stored in Gemba's database, used for each workspace."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

from slack_sdk.oauth.installation_store import Installation

from adapters.slack.app import build_slack_bot
from adapters.slack.installation import GembaInstallationStore, GembaOAuthStateStore
from adapters.slack.server import http_app
from bot.inbox import process_due
from bot.outbox import deliver_due
from bot.services import Services
from tests.adapters.slack.conftest import SIGNING_SECRET, SlackSide, event_body, served, settings_for
from tests.adapters.slack.mock_slack import MockSlackApi


def _engine(services: Services):
    return services.sessions.kw["bind"]


def test_installations_are_kept_in_gembas_database(services: Services) -> None:
    store = GembaInstallationStore("cid", _engine(services))
    for token, at in (("xoxb-old", 1_790_000_000.0), ("xoxb-new", 1_790_000_100.0)):
        store.save(
            Installation(
                app_id="A1",
                team_id="T9",
                bot_token=token,
                bot_id="B1",
                bot_user_id="U1",
                user_id="U0",
                installed_at=at,
            )
        )
    assert store.bot_token("T9") == "xoxb-new"
    assert store.find_bot(enterprise_id=None, team_id="T9").bot_token == "xoxb-new"
    assert store.find_installation(enterprise_id=None, team_id="T9").bot_token == "xoxb-new"
    assert store.bot_token("T-unknown") is None
    store.delete_bot(enterprise_id=None, team_id="T9")
    store.delete_installation(enterprise_id=None, team_id="T9")
    assert store.find_installation(enterprise_id=None, team_id="T9") is None


def test_oauth_states_are_single_use(services: Services) -> None:
    states = GembaOAuthStateStore(_engine(services))
    state = states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False
    assert states.consume("never-issued") is False


def test_install_then_answer_in_the_new_workspace_with_its_own_token(
    services: Services, slack_api: MockSlackApi
) -> None:
    settings = settings_for(
        slack_api, slack_bot_token="", slack_client_id="cid", slack_client_secret="secret"
    )
    bot = build_slack_bot(settings, services)
    with served(http_app(bot, SIGNING_SECRET)) as base_url:
        slack = SlackSide(base_url)
        page = slack.http.get(f"{base_url}/slack/install")
        assert page.status_code == 200
        link = next(part for part in page.text.split('"') if "oauth/v2/authorize" in part)
        state = parse_qs(urlparse(link.replace("&amp;", "&")).query)["state"][0]
        cookie = page.headers["set-cookie"].split(";")[0]
        done = slack.http.get(
            f"{base_url}/slack/oauth_redirect",
            params={"code": "c0de", "state": state},
            headers={"Cookie": cookie},
        )
        assert done.status_code == 200, done.text
        assert slack_api.calls_to("oauth.v2.access")
        mention = {"type": "app_mention", "user": "U0ADMIN", "text": "<@UGEMBA2> help", "ts": "1.000001"}
        body = event_body(mention | {"channel": "C0OTHER"}, "EvOther")
        body |= {"team_id": "T0OTHER", "authorizations": [{"team_id": "T0OTHER", "user_id": "UGEMBA2"}]}
        assert slack.send(json.dumps(body).encode()).status_code == 200
        assert process_due(services.sessions, {"slack": bot.process}, services.now) == 1
        assert deliver_due(services.sessions, {"slack": bot.platform}, services.now()) == 1
        slack.http.close()
    [post] = slack_api.calls_to("chat.postMessage")
    assert (post.token, post.body["channel"]) == ("xoxb-installed-T0OTHER", "C0OTHER")


def test_slack_tables_hold_tokens_so_data_questions_never_see_them() -> None:
    from adapters.slack.installation import metadata
    from bot.store.models import INTERNAL_TABLES

    assert set(metadata.tables) <= set(INTERNAL_TABLES)
