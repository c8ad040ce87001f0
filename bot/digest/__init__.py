"""The weekly digest: compute the week's figures, draw the charts, put them in words,
send them to the configured channels through the outbox."""

from bot.digest.charts import charts
from bot.digest.compute import Digest, compute
from bot.digest.period import Week
from bot.digest.render import digest_reply, markdown
from bot.digest.send import DigestChannel, build, digest_job, parse_channels, send_digests

__all__ = [
    "Digest",
    "DigestChannel",
    "Week",
    "build",
    "charts",
    "compute",
    "digest_job",
    "digest_reply",
    "markdown",
    "parse_channels",
    "send_digests",
]
