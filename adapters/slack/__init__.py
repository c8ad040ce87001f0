"""Gemba on Slack: a slack-bolt app (HTTP or Socket Mode) and the outbox's Slack platform."""

from adapters.slack.app import SlackBot, build_slack_bot
from adapters.slack.platform import SlackError, SlackPlatform

__all__ = ["SlackBot", "SlackError", "SlackPlatform", "build_slack_bot"]
