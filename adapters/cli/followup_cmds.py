"""`gemba digest`, `gemba outbox list|retry` and `gemba followup jobs|run-once`: the weekly
digest, the delivery queue and the scheduled follow-up jobs, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from adapters.cli.common import fail, load_settings

if TYPE_CHECKING:
    from adapters.settings import Settings
    from bot.digest import Digest, DigestChannel
    from bot.services import Services


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `digest`, `outbox` and `followup`."""
    app.command("digest")(digest)
    outbox_app = typer.Typer(help="Messages waiting to be delivered, and dead letters.", no_args_is_help=True)
    outbox_app.command("list")(outbox_list)
    outbox_app.command("retry")(outbox_retry)
    app.add_typer(outbox_app, name="outbox")
    followup_app = typer.Typer(help="Escalations, reminders and the weekly digest.", no_args_is_help=True)
    followup_app.command("jobs")(followup_jobs)
    followup_app.command("run-once")(followup_run_once)
    app.add_typer(followup_app, name="followup")


def digest(
    week: Annotated[str, typer.Option(help="ISO week, e.g. 2026-W46; default the last complete one.")] = "",
    channel: Annotated[
        list[str] | None,
        typer.Option(
            help="Send to platform:channel[:lang[:L1+L2]] instead of GEMBA_DIGEST_CHANNELS (repeatable)."
        ),
    ] = None,
    line: Annotated[
        list[str] | None, typer.Option(help="Only these lines (repeatable), when no channel is given.")
    ] = None,
    language: Annotated[str, typer.Option(help="en or zh, when no channel is given.")] = "",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Render only; send nothing.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="Write the Markdown and PNG charts into this folder.")
    ] = None,
    tip: Annotated[bool, typer.Option(help="Add a playbook tip for the week's top reason.")] = True,
) -> None:
    """Render the weekly digest (Markdown and charts) and send it to its channels."""
    from adapters.cli.wiring import configure_logging
    from adapters.console import render
    from bot.digest import DigestChannel, Week, build, parse_channels, send_digests

    settings = load_settings()
    configure_logging(settings)
    services = _services(settings, knowledge=tip)
    try:
        chosen = Week.parse(week) if week else Week.last_complete(services.now(), services.timezone)
        targets = parse_channels(",".join(channel), settings.gemba_language) if channel else []
    except ValueError as error:
        fail(str(error))
    if not targets:
        targets = (
            parse_channels(settings.gemba_digest_channels, settings.gemba_language) if not dry_run else []
        )
    if not targets:
        if not dry_run:
            fail("No channel to send to: use --channel, set GEMBA_DIGEST_CHANNELS, or add --dry-run.")
        lang = language or settings.gemba_language
        if lang not in ("en", "zh"):
            fail("--language must be en or zh")
        targets = [DigestChannel("console", "console", lang, tuple(line) if line else None)]  # type: ignore[arg-type]
    for number, target in enumerate(targets):
        digest_data, reply = build(services, chosen, target.language, target.lines)
        typer.echo(render(reply))
        if out is not None:
            folder = out if len(targets) == 1 else out / f"{number + 1}-{target.platform}-{target.channel}"
            _write(folder, digest_data, target)
    if dry_run:
        typer.echo("(dry run: nothing sent)")
        return
    queued = send_digests(services, targets, chosen, empty=settings.gemba_digest_empty)
    typer.echo(f"Queued for: {', '.join(queued) or 'no channel (already sent, or empty week skipped)'}")
    _deliver_console(services)


def _write(folder: Path, digest_data: Digest, target: DigestChannel) -> None:
    from bot.digest import charts, markdown

    folder.mkdir(parents=True, exist_ok=True)
    images = charts(digest_data, target.language)
    names = {}
    for stem, image in images.items():
        (folder / f"{stem}.png").write_bytes(image.png)
        names[stem] = f"{stem}.png"
    path = folder / f"digest-{digest_data.week}-{target.language}.md"
    path.write_text(markdown(digest_data, target.language, names), encoding="utf-8")
    typer.echo(f"Wrote {path}" + "".join(f", {folder / name}" for name in names.values()))


def outbox_list(
    status: Annotated[str, typer.Option(help="Only pending, sending, sent or dead.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Newest this many.")] = 50,
) -> None:
    """List outbox messages, newest first, with their attempts and last error (dead letters too)."""
    from adapters.console import render_table
    from bot import outbox
    from bot.types import Table

    settings = load_settings()
    services = _services(settings)
    with services.sessions() as session:
        messages = outbox.list_messages(session, status=status or None, limit=limit)
        rows: list[list[object]] = [
            [
                m.id,
                m.status,
                f"{m.platform}:{m.channel}",
                m.kind,
                m.attempts,
                m.next_attempt_at.isoformat(sep=" ", timespec="seconds") if m.status != "sent" else "",
                (m.last_error or "")[:60],
                m.idempotency_key[:40],
            ]
            for m in messages
        ]
    if not rows:
        typer.echo("The outbox is empty." if not status else f"No {status} messages.")
        return
    columns = ["id", "status", "to", "kind", "tries", "next attempt (UTC)", "last error", "key"]
    typer.echo(render_table(Table(columns, rows)))


def outbox_retry(
    ids: Annotated[list[int] | None, typer.Argument(help="Dead letters to send again.")] = None,
    all_dead: Annotated[bool, typer.Option("--all-dead", help="Send every dead letter again.")] = False,
) -> None:
    """Give dead letters a fresh set of attempts; the server's outbox worker sends them."""
    from bot import outbox
    from bot.store.db import transaction

    if not ids and not all_dead:
        fail("Name the messages to retry (see gemba outbox list --status dead), or use --all-dead.")
    settings = load_settings()
    services = _services(settings)
    with transaction(services.sessions) as session:
        count = outbox.retry(session, now=services.now(), ids=None if all_dead else list(ids or []))
    typer.echo(f"{count} dead letter(s) queued again.")
    _deliver_console(services)


def followup_jobs() -> None:
    """List the scheduled jobs and when each fires next (plant time)."""
    from adapters.cli.background_wiring import build_jobs

    settings = load_settings()
    services = _services(settings)
    now = services.clock()
    for job in build_jobs(settings):
        upcoming = job.trigger.get_next_fire_time(None, now)
        typer.echo(f"{job.name:<12} {job.trigger}  next: {upcoming.isoformat() if upcoming else 'never'}")


def followup_run_once(
    job: Annotated[str, typer.Option(help="Only this job: escalations, reminders or digest.")] = "",
    force: Annotated[bool, typer.Option(help="Run the job now even if it is not due (needs --job).")] = False,
) -> None:
    """Run the follow-up jobs that are due now, once (claimed in the database like the server does)."""
    from adapters.cli.background_wiring import build_jobs
    from adapters.cli.wiring import configure_logging
    from bot.scheduler import Scheduler

    if force and not job:
        fail("--force needs --job.")
    settings = load_settings()
    configure_logging(settings)
    services = _services(settings, knowledge=True)
    jobs = build_jobs(settings)
    if job and job not in {j.name for j in jobs}:
        fail(f"No job {job!r}; jobs: {', '.join(j.name for j in jobs)}.")
    results = Scheduler(services, jobs).run_due(job or None, force=force)
    for result in results:
        typer.echo(
            f"{result.job} ({result.scheduled_for:%Y-%m-%d %H:%M} UTC): {result.status} {result.result or ''}"
        )
    if not results:
        typer.echo("Nothing due (or another process already ran it).")
    _deliver_console(services)


def _services(settings: Settings, *, knowledge: bool = False) -> Services:
    """The store, the plant clock and (for the digest's tip) the playbooks; no data questions,
    which these commands never ask, so they start at once."""
    from adapters.cli.wiring import build_knowledge
    from bot.services import Services
    from bot.store.db import make_engine, make_sessions

    return Services(
        sessions=make_sessions(make_engine(settings.gemba_database_url)),
        timezone=settings.timezone,
        default_language=settings.gemba_language,
        knowledge=build_knowledge(settings) if knowledge else None,
    )


def _deliver_console(services: Services) -> None:
    from adapters.console import ConsolePlatform
    from bot import outbox

    outbox.deliver_due(services.sessions, {"console": ConsolePlatform(typer.echo)}, services.now())
