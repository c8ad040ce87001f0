"""DingTalk's one signature: base64(HMAC-SHA256(secret, timestamp + "\\n" + secret)).

It signs the HTTP callbacks DingTalk sends to an outgoing robot (with the app secret) and
the requests Gemba sends to a custom group robot's webhook (with the robot's secret).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote_plus

CALLBACK_WINDOW_MS = 3_600_000  # DingTalk: reject callbacks more than an hour off


def sign(secret: str, timestamp_ms: int | str) -> str:
    """The signature of `timestamp_ms` with `secret`.

    >>> sign("SEC-test", 1700000000000)
    'Sf/ft2shUSqoR1REF+DS39IoTlwQRyDPwfM8S94ODOc='
    """
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify(
    secret: str,
    timestamp: str | None,
    signature: str | None,
    *,
    now_ms: int,
    window_ms: int = CALLBACK_WINDOW_MS,
) -> bool:
    """Whether a callback's `timestamp` and `sign` headers are genuine and recent.

    The comparison takes the same time whatever the signature, so it leaks nothing.

    >>> verify("SEC-test", "1700000000000", sign("SEC-test", 1700000000000), now_ms=1700000060000)
    True
    >>> verify("SEC-test", "1700000000000", sign("SEC-test", 1700000000000), now_ms=1700003700000)
    False
    >>> verify("SEC-test", "1700000000000", "forged", now_ms=1700000000000)
    False
    """
    if not secret or not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(now_ms - int(timestamp)) > window_ms:
        return False
    return hmac.compare_digest(sign(secret, timestamp).encode(), signature.encode())


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """A custom robot's webhook URL with `timestamp` and `sign` added (when it has a secret).

    >>> signed_url("https://oapi.dingtalk.com/robot/send?access_token=T", "SEC-test", 1700000000000)
    'https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign=Sf%2Fft2shUSqoR1REF%2BDS39IoTlwQRyDPwfM8S94ODOc%3D'
    """
    if not secret:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={quote_plus(sign(secret, timestamp_ms))}"
