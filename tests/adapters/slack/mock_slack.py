"""A local Slack Web API: a stdlib HTTP server on port 0 that answers like Slack and
records every call per API path with its body (as slack-bolt's `tests/mock_web_api_server`).

It keeps the messages posted per channel, so `conversations.history` / `replies` answer
with them (and their metadata); it can answer 429 with `Retry-After`, or be "down"
(drop connections without answering). It also serves the `response_url`s, the file
upload URLs of `files.getUploadURLExternal`, `apps.connections.open` for Socket Mode, and
the files people share (`url_private`): to a bot token only, else Slack's sign-in page.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_USER = "UGEMBA"
BOT_ID = "BGEMBA"
TEAM = "T0PLANT"


@dataclass
class Call:
    """One request the server received."""

    path: str
    body: dict[str, Any]
    token: str | None
    status: int = 200


@dataclass
class Posted:
    """A message the bot posted."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)


class MockSlackApi:
    """Start with `start()`; `url` is the Web API base URL (ends with a slash)."""

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.calls: list[Call] = []
        self.messages: list[Posted] = []
        self.names = names or {}
        self.down = False
        self.socket_url = ""
        self.files: dict[str, bytes] = {}  # path of a shared file's url_private → its bytes
        self._rate_limits: dict[str, list[int]] = {}
        self._held: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                api._serve(self)

            def do_GET(self) -> None:
                api._serve(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> MockSlackApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what tests ask -------------------------------------------------------------

    def rate_limit(self, path: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `path` with 429 and `Retry-After`."""
        self._rate_limits[path.strip("/")] = [times, retry_after]

    def hold(self, path: str) -> None:
        """Keep calls of `path` waiting (at most a minute) until `release()`, as a slow Slack."""
        self._held[path.strip("/")] = threading.Event()

    def release(self) -> None:
        """Let held calls go on."""
        for event in self._held.values():
            event.set()
        self._held.clear()

    def calls_to(self, path: str) -> list[Call]:
        """The calls of one API method (e.g. "chat.postMessage"), in order."""
        with self._lock:
            return [c for c in self.calls if c.path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [c.path for c in self.calls]

    def in_channel(self, channel: str) -> list[Posted]:
        with self._lock:
            return [m for m in self.messages if m.channel == channel]

    def share(self, file_id: str, name: str, content: bytes, mime: str = "image/jpeg") -> dict[str, Any]:
        """Hold a file a person shares and return its file object, as Slack puts it in the event."""
        path = f"files-pri/{TEAM}-{file_id}/{name}"
        self.files[path] = content
        return {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": mime,
            "filetype": name.rsplit(".", 1)[-1],
            "size": len(content),
            "url_private": f"{self.url}{path}",
            "url_private_download": f"{self.url}{path}?download=1",
            "mode": "hosted",
        }

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    # -- serving ------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(request.path)
        path = parsed.path.strip("/")
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if path.startswith("upload/"):
            body: dict[str, Any] = {"bytes": len(raw)}
        else:
            body = _parse(raw, request.headers.get("Content-Type", ""), parsed.query)
        auth = request.headers.get("Authorization", "")
        call = Call(path, body, auth.removeprefix("Bearer ") or None)
        with self._lock:
            self.calls.append(call)
        held = self._held.get(path)
        if held is not None:
            held.wait(60)
        try:
            self._answer_call(request, call, path, body)
        except OSError:  # the caller hung up (or was killed) while it waited
            call.status = 0

    def _answer_call(
        self, request: BaseHTTPRequestHandler, call: Call, path: str, body: dict[str, Any]
    ) -> None:
        if self.down:
            call.status = 0
            request.close_connection = True  # hang up without an answer, like a dead upstream
            return
        limit = self._rate_limits.get(path)
        if limit and limit[0] > 0:
            limit[0] -= 1
            call.status = 429
            self._send(request, 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(limit[1])})
            return
        if path.startswith(("response/", "upload/")):
            self._send(request, 200, "ok")
            return
        if path.startswith("files-pri/"):
            content = self.files.get(path)
            if content is None:
                call.status = 404
                self._send(request, 404, "file not found")
            elif not (call.token or "").startswith("xoxb-"):  # Slack shows its sign-in page
                self._send(request, 200, "<html>sign in to Slack</html>", {"Content-Type": "text/html"})
            else:
                self._send(request, 200, content)
            return
        if path == "oauth.v2.access":
            self._send(request, 200, _oauth_access())
            return
        if path == "apps.connections.open":
            ok = (call.token or "").startswith("xapp-")
            self._send(request, 200, {"ok": True, "url": self.socket_url} if ok else _error("invalid_auth"))
            return
        if not (call.token or "").startswith("xoxb-"):
            self._send(request, 200, _error("invalid_auth"))
            return
        self._send(request, 200, self._answer(path, body))

    def _answer(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if path == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM, "user": "gemba"}
        if path == "chat.postMessage":
            return self._post(body)
        if path == "chat.update":
            with self._lock:
                found = [m for m in self.messages if m.channel == body["channel"] and m.ts == body["ts"]]
                if not found:
                    return _error("message_not_found")
                found[0].edits.append(body)
                found[0].text, found[0].blocks = body.get("text", ""), _blocks(body)
            return {"ok": True, "channel": body["channel"], "ts": body["ts"]}
        if path == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if path in ("conversations.history", "conversations.replies"):
            return {"ok": True, "messages": self._history(path, body), "has_more": False}
        if path == "users.info":
            user = body["user"]
            name = self.names.get(user, user.lower())
            return {"ok": True, "user": {"id": user, "name": name, "profile": {"display_name": name}}}
        if path == "views.open":
            return {"ok": True, "view": {"id": "V0MODAL", "type": "modal"}}
        if path == "files.getUploadURLExternal":
            n = next(self._ts)
            return {"ok": True, "upload_url": f"{self.url}upload/F{n}", "file_id": f"F{n}"}
        if path == "files.completeUploadExternal":
            files = json.loads(body["files"]) if isinstance(body["files"], str) else body["files"]
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        return {"ok": True}

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        metadata = body.get("metadata")
        message = Posted(
            channel=body["channel"],
            ts=self._next_ts(),
            text=body.get("text", ""),
            blocks=_blocks(body),
            thread_ts=body.get("thread_ts"),
            metadata=json.loads(metadata) if isinstance(metadata, str) else metadata,
        )
        with self._lock:
            self.messages.append(message)
        return {"ok": True, "channel": message.channel, "ts": message.ts, "message": {"text": message.text}}

    def _history(self, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        channel, thread = body["channel"], body.get("ts")
        with self._lock:
            if path == "conversations.replies":
                found = [m for m in self.messages if m.channel == channel and thread in (m.ts, m.thread_ts)]
            else:
                found = [m for m in reversed(self.messages) if m.channel == channel and not m.thread_ts]
        metadata = str(body.get("include_all_metadata")).lower() in ("1", "true")
        return [
            {"type": "message", "ts": m.ts, "text": m.text, "bot_id": BOT_ID}
            | ({"metadata": m.metadata} if metadata and m.metadata else {})
            for m in found
        ]

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1795000000 + n}.{n:06d}"

    @staticmethod
    def _send(
        request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None
    ) -> None:
        headers = dict(headers or {})
        if isinstance(body, bytes):
            data, kind = body, "application/octet-stream"
        else:
            text = body if isinstance(body, str) else json.dumps(body)
            data = text.encode()
            kind = "text/plain" if isinstance(body, str) else "application/json; charset=utf-8"
        request.send_response(status)
        request.send_header("Content-Type", headers.pop("Content-Type", kind))
        request.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(data)


def _parse(raw: bytes, content_type: str, query: str) -> dict[str, Any]:
    if raw and "json" in content_type:
        return json.loads(raw)
    text = raw.decode() if raw else query
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


def _blocks(body: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = body.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def _error(code: str) -> dict[str, Any]:
    return {"ok": False, "error": code}


def _oauth_access() -> dict[str, Any]:
    return {
        "ok": True,
        "access_token": "xoxb-installed-T0OTHER",
        "token_type": "bot",
        "scope": "chat:write,commands",
        "bot_user_id": "UGEMBA2",
        "app_id": "A0GEMBA",
        "team": {"name": "Second Plant", "id": "T0OTHER"},
        "authed_user": {"id": "U0ADMIN"},
    }
