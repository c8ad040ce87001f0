"""Who may use Gemba's web pages: one-time sign-in links, sessions, local accounts and
signed TV links. The rows live in the store; only hashes of secrets are kept there."""

from bot.access.links import LinkGrant, check_link, create_link, list_links, revoke_link
from bot.access.signin import (
    Identity,
    SignedIn,
    add_account,
    end_session,
    end_sessions_of,
    issue_signin_token,
    redeem_signin_token,
    session_for,
    start_session,
    verify_account,
)

__all__ = [
    "Identity",
    "LinkGrant",
    "SignedIn",
    "add_account",
    "check_link",
    "create_link",
    "end_session",
    "end_sessions_of",
    "issue_signin_token",
    "list_links",
    "redeem_signin_token",
    "revoke_link",
    "session_for",
    "start_session",
    "verify_account",
]
