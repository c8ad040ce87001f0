"""Gemba's platform-neutral chat core."""

from bot.handle import handle
from bot.services import Services
from bot.types import Button, Image, Message, RecordRef, Reply, Table

__all__ = ["Button", "Image", "Message", "RecordRef", "Reply", "Services", "Table", "handle"]
