"""Reading a posted form (`application/x-www-form-urlencoded`, what browsers and `fetch` with
`URLSearchParams` send), without a multipart parser: Gemba's forms post short text only."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request

MAX_FORM_BYTES = 64 * 1024


class FormTooLarge(Exception):
    """The posted body is larger than `MAX_FORM_BYTES`."""


async def read_form(request: Request) -> dict[str, str]:
    """The posted fields (the first value of each); raises FormTooLarge past MAX_FORM_BYTES."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormTooLarge
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items()}
