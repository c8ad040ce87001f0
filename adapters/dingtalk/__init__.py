"""Gemba on DingTalk: a robot in Stream mode or HTTP callback mode, group robot webhooks."""

from adapters.dingtalk.callback import callback_app
from adapters.dingtalk.errors import DingTalkError
from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.platform import DingTalkPlatform
from adapters.dingtalk.respond import Responder
from adapters.dingtalk.stream import StreamClient
from adapters.dingtalk.webhook import DingTalkWebhookPlatform, parse_webhooks

__all__ = [
    "DingTalkAPI",
    "DingTalkError",
    "DingTalkPlatform",
    "DingTalkWebhookPlatform",
    "Responder",
    "StreamClient",
    "callback_app",
    "parse_webhooks",
]
