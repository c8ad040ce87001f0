"""Running the web app under uvicorn: in the foreground (`gemba serve board`) or in a thread
beside the console (`gemba chat --board`) and the browser tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from types import FrameType

import uvicorn
from starlette.applications import Starlette


class _Server(uvicorn.Server):
    """uvicorn's server, telling `on_exit` first when it is asked to stop (so open event
    streams end and the server need not wait for them)."""

    def __init__(self, config: uvicorn.Config, on_exit: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_exit = on_exit

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._on_exit()
        super().handle_exit(sig, frame)


def serve(app: Starlette, *, host: str, port: int, on_exit: Callable[[], None]) -> None:
    """Serve `app` until Ctrl-C or SIGTERM; `on_exit` is called first when it stops."""
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)
    _Server(config, on_exit).run()


class BackgroundServer:
    """`app` served by uvicorn in a daemon thread; `port` 0 picks a free port.

    `start()` returns once the socket listens; `url` is then the server's base URL;
    `stop()` calls `on_exit` (which ends open streams) and waits for the thread.
    """

    def __init__(
        self,
        app: Starlette,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        on_exit: Callable[[], None] = lambda: None,
    ) -> None:
        self._socket = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = host, int(self._socket.getsockname()[1])
        config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1, lifespan="on")
        self._server = _Server(config, on_exit)
        self._thread = threading.Thread(target=self._run, name="web-server", daemon=True)

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:8765."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        """Start serving; raise RuntimeError if the server is not up within `timeout` seconds."""
        self._thread.start()
        deadline = threading.Event()
        waited = 0.0
        while not self._server.started:
            if not self._thread.is_alive() or waited > timeout:
                raise RuntimeError(f"the web server did not start on {self.url}")
            deadline.wait(0.02)
            waited += 0.02

    def stop(self) -> None:
        """Stop serving and wait for the thread (open event streams are closed)."""
        self._server.handle_exit(0, None)
        self._thread.join(10)
        self._socket.close()

    def _run(self) -> None:
        self._server.run(sockets=[self._socket])
