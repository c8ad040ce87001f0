"""`board login` / `看板登录`: a one-time link that signs the asker in to the web board and chat.

The link is answered privately (ephemeral or a direct message where the platform allows), is
good for one sign-in within `Services.signin_valid_for`, and signs in the person who asked, as
their platform names them, so their roles apply to what they do on the web.
"""

from __future__ import annotations

from bot.access import Identity, issue_signin_token
from bot.commands import LOGIN_WORDS, command
from bot.commands.registry import Context
from bot.errors import BotError
from bot.roles import WEB
from bot.texts import register, say
from bot.types import Reply

register(
    {
        "board_login_link": (
            "Open this link to sign in to Gemba's board and chat as {name} (it works once, "
            "for {minutes} minutes; don't share it):\n{url}",
            "打开此链接以 {name} 的身份登录 Gemba 看板和对话"
            "（仅可使用一次，{minutes} 分钟内有效，请勿转发）：\n{url}",
        ),
        "board_login_no_board": (
            "The web board is not set up on this Gemba (`gemba serve board`).",
            "此 Gemba 尚未启用网页看板（`gemba serve board`）。",
        ),
        "board_login_already": ("You are signed in already.", "你已经登录了。"),
    }
)


def board_login(ctx: Context) -> Reply:
    """A one-time sign-in link for the asker, answered privately."""
    if ctx.args.strip().lower() not in LOGIN_WORDS:
        raise BotError("usage", usage=command("board").usage_in(ctx.language))
    message, services = ctx.message, ctx.services
    if message.platform == WEB:
        return ctx.reply(say("board_login_already", ctx.language))
    if not services.web_url:
        return ctx.reply(say("board_login_no_board", ctx.language))
    identity = Identity(message.platform, message.user, ctx.actor, message.groups)
    token = issue_signin_token(ctx.session, identity, now=services.now(), valid_for=services.signin_valid_for)
    url = f"{services.web_url.rstrip('/')}/login/{token}"
    minutes = max(1, round(services.signin_valid_for.total_seconds() / 60))
    text = say("board_login_link", ctx.language, name=ctx.actor, minutes=minutes, url=url)
    return ctx.reply(text, ephemeral=True)
