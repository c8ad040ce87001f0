"""`gemba chat` and `gemba ask`: the console, through the same `bot.handle` as every platform."""

from __future__ import annotations

import contextlib
import getpass
import json
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn
from zoneinfo import ZoneInfo

import typer

from adapters.cli.common import collector_paused, load_settings

if TYPE_CHECKING:
    from bot import Services

HISTORY = Path.home() / ".gemba_history"
QUIT = {"quit", "exit", "退出", ":q"}


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `chat` and `ask`."""
    app.command("chat")(chat)
    app.command("ask")(ask)


def chat(
    user: Annotated[str, typer.Option(help="Your name in records and notes.")] = "",
    channel: Annotated[str, typer.Option(help="Channel name the console stands for.")] = "console",
    board: Annotated[
        bool,
        typer.Option(
            "--board/--no-board",
            help="Also serve the web board on GEMBA_BOARD_HOST:GEMBA_BOARD_PORT (a free port if taken).",
        ),
    ] = False,
) -> None:
    """Chat with Gemba in the terminal (history with the arrow keys; 'quit' to leave)."""
    from adapters.cli.wiring import configure_logging, running_services, warm_up_knowledge

    settings = load_settings()
    configure_logging(settings)
    with running_services(settings) as services, ExitStack() as stack:
        _require_schema(services, _text_failure)
        index_loaded = warm_up_knowledge(services)
        if board:
            from adapters.cli.web_cmds import start_background_board  # the web app only when asked for

            server = start_background_board(settings, services, index_loaded=index_loaded)
            stack.callback(server.stop)
            typer.echo(f"Board: {server.url}/board")
        _chat_loop(services, user or getpass.getuser(), channel)


def _chat_loop(services: Services, name: str, channel: str) -> None:
    import readline

    from adapters.console import ButtonMenu, ConsolePlatform, render
    from bot import Message, handle
    from bot.outbox import deliver_due
    from bot.types import Language

    menu = ButtonMenu()  # the buttons shown since the last prompt: typing "2" presses the second
    platform = ConsolePlatform(typer.echo, menu)
    # The session is one conversation: follow-up questions ("and line 2?") keep its context.
    session = f"console-{uuid.uuid4().hex[:8]}"
    _load_history()
    typer.echo("Gemba console — type 'help' (or '帮助'), a button's number to press it, 'quit' to leave.")
    while True:
        try:
            text = input("you> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo()
            break
        if text.strip().lower() in QUIT:
            break
        language: Language | None = None
        pressed = menu.pressed(text)
        if pressed is not None:  # the button's command, in the language of the reply it was on
            text, language = pressed
            typer.echo(f"     ↳ {text}")
        menu.clear()
        message = Message(
            platform="console",
            channel=channel,
            user=name,
            user_name=name,
            text=text,
            thread=session,
            language=language,
        )
        reply = handle(message, services)
        if reply is not None:
            typer.echo(_indent_reply(render(reply, menu)))
        deliver_due(services.sessions, {"console": platform}, services.now())
    readline.write_history_file(HISTORY)


def ask(
    text: Annotated[
        str, typer.Argument(help='A question or a command, e.g. "how many andon calls last week?"')
    ],
    db: Annotated[str, typer.Option(help="Database to answer data questions from (SQLAlchemy URL).")] = "",
    now: Annotated[
        str, typer.Option(help="Answer as if it were this time (ISO 8601; plant time if naive).")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
    user: Annotated[str, typer.Option(help="Your name in records and notes.")] = "",
) -> None:
    """Answer one message and exit."""
    with collector_paused():  # one message: all of it is start-up
        _ask(text, db=db, now=now, as_json=as_json, user=user)


def _ask(text: str, *, db: str, now: str, as_json: bool, user: str) -> None:
    from adapters.cli.wiring import configure_logging, running_services
    from adapters.console import ConsolePlatform, render
    from bot import Message, handle
    from bot.outbox import deliver_due

    settings = load_settings()
    configure_logging(settings)
    fail = _json_failure if as_json else _text_failure
    clock = _fixed_clock(now, settings.timezone, fail) if now else None
    with ExitStack() as stack:
        store_url = None
        if db and not _has_schema(settings.gemba_database_url):
            # Questions about another database need no store of our own: use a scratch one.
            store_url = stack.enter_context(_scratch_store())
        services = stack.enter_context(
            running_services(settings, clock=clock, data_url=db or None, store_url=store_url)
        )
        _require_schema(services, fail)
        name = user or getpass.getuser()
        message = Message(platform="console", channel="console", user=name, user_name=name, text=text)
        reply = handle(message, services)
        assert reply is not None  # no delivery id: never a duplicate
        if as_json:
            typer.echo(json.dumps({"answer": reply.text, **reply.context}, ensure_ascii=False, default=str))
            return
        typer.echo(render(reply))
        deliver_due(services.sessions, {"console": ConsolePlatform(typer.echo)}, services.now())


Failure = Callable[[str, int], NoReturn]


def _text_failure(text: str, code: int) -> NoReturn:
    typer.secho(text, fg="red", err=True)
    raise typer.Exit(code)


def _json_failure(text: str, code: int) -> NoReturn:
    typer.echo(json.dumps({"error": text}, ensure_ascii=False))
    raise typer.Exit(code)


@contextmanager
def _scratch_store() -> Iterator[str]:
    from bot.store.db import make_engine
    from bot.store.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="gemba-") as folder:
        url = f"sqlite:///{Path(folder) / 'store.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


def _has_schema(url: str) -> bool:
    from sqlalchemy.engine import make_url

    from bot.store.db import make_engine
    from bot.store.migrate import current_revision, head_revision

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        return False  # connecting would create the file
    engine = make_engine(url)
    try:
        return current_revision(engine) == head_revision()
    except Exception:
        return False
    finally:
        engine.dispose()


def _fixed_clock(iso: str, timezone: ZoneInfo, fail: Failure) -> Callable[[], datetime]:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        fail(f"--now: not an ISO 8601 time: {iso!r}", 2)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone)
    fixed = moment.astimezone(UTC)
    return lambda: fixed


def _require_schema(services: Services, fail: Failure) -> None:
    from bot.store.migrate import current_revision, head_revision

    engine = services.sessions.kw["bind"]
    try:
        revision = current_revision(engine)
    except Exception as error:
        fail(f"Cannot open Gemba's database: {error}", 1)
    if revision != head_revision():
        fail(
            "Gemba's database is not set up (or is older than this Gemba). Run: gemba db upgrade "
            "(or gemba demo-data for a sample plant).",
            1,
        )


def _load_history() -> None:
    import readline

    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY)
    readline.set_history_length(1000)


def _indent_reply(text: str) -> str:
    return "\n".join(
        f"gemba> {line}" if i == 0 else f"       {line}" for i, line in enumerate(text.splitlines())
    )
