"""Knowledge commands: `gemba knowledge index|status`, `gemba search`, `gemba eval knowledge`."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from adapters.settings import Settings


def _library(settings: Settings, docs: Path | None = None) -> Any:
    """The playbook library: bundled + GEMBA_DOCS_DIR, or exactly `docs` (own cache index)."""
    from knowledge import Library

    index_dir = Path(settings.gemba_index_dir)
    if docs is None:
        folders = [settings.gemba_docs_dir] if settings.gemba_docs_dir else []
        return Library(folders, index_dir, settings.gemba_embedder)
    folder = docs.resolve()
    key = hashlib.sha256(f"{folder}|{settings.gemba_embedder}".encode()).hexdigest()[:12]
    return Library([folder], index_dir / "folders" / key, settings.gemba_embedder, bundled=False)


def _fail(error: Exception) -> typer.Exit:
    hint = getattr(error, "hint", "")
    typer.secho(f"error: {error}" + (f"\nhint: {hint}" if hint else ""), err=True, fg="red")
    return typer.Exit(2)


def _index(library: Any, rebuild: bool = False) -> Any:
    """Update the index with a progress bar on stderr."""
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = typer.progressbar(length=max(total, 1), label="indexing", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        return library.ensure_index(progress, rebuild=rebuild)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add this module's commands to the `gemba` app."""
    from knowledge import KnowledgeError

    knowledge_app = typer.Typer(help="Playbook index: build it, see its state.", no_args_is_help=True)
    app.add_typer(knowledge_app, name="knowledge")

    @knowledge_app.command("index")
    def index_cmd(
        folder: Annotated[
            Path | None,
            typer.Argument(help="Index exactly this folder (default: bundled playbooks and GEMBA_DOCS_DIR)."),
        ] = None,
        rebuild: Annotated[
            bool, typer.Option(help="Re-embed everything (e.g. after changing embedder).")
        ] = False,
    ) -> None:
        """Build or update the playbook index; only changed files are embedded again."""
        library = _library(Settings(), folder)
        try:
            report = _index(library, rebuild)
        except KnowledgeError as error:
            raise _fail(error) from None
        typer.echo(
            f"{report.documents} documents, {report.chunks} chunks: {report.embedded} embedded, "
            f"{report.reused} unchanged ({report.seconds:.1f} s) -> {library.index_dir}"
        )
        for problem in report.problems:
            typer.secho(f"skipped {problem}", fg="yellow", err=True)

    @knowledge_app.command("status")
    def status_cmd(
        folder: Annotated[Path | None, typer.Argument(help="Status of the index of this folder.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Show what is indexed, by which embedder, and whether files changed since."""
        status = _library(Settings(), folder).status()
        if as_json:
            typer.echo(json.dumps(status, ensure_ascii=False, indent=1))
            return
        for key, value in status.items():
            if isinstance(value, list):
                value = ", ".join(map(str, value)) or "-"
            typer.echo(f"{key:20} {value}")

    @app.command("search")
    def search_cmd(
        query: Annotated[str, typer.Argument(help="A question or keywords, English or Chinese.")],
        docs: Annotated[Path | None, typer.Option("--docs", help="Search exactly this folder.")] = None,
        k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many chunks.")] = 5,
        language: Annotated[str | None, typer.Option(help="Only documents in en or zh.")] = None,
        document: Annotated[
            str | None, typer.Option(help="Only documents whose title or file has this.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Search the playbooks: ranked chunks with score, document and section."""
        library = _library(Settings(), docs)
        try:
            if not as_json:
                _index(library)
            hits = library.search(query, k=k, language=language, document=document)
        except KnowledgeError as error:
            raise _fail(error) from None
        rows = [
            {
                "rank": h.rank,
                "score": h.score,
                "document": h.chunk.title,
                "section": " › ".join(h.chunk.section),
                "citation": h.chunk.citation,
                "source": h.chunk.source,
                "language": h.chunk.language,
                "text": h.chunk.text,
            }
            for h in hits
        ]
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        if not rows:
            typer.echo("no match")
        for row in rows:
            typer.secho(
                f"{row['rank']}. {row['citation']}  "
                f"(score {row['score']:.4f}, {os.path.basename(row['source'])})",
                bold=True,
            )
            typer.echo("   " + row["text"].replace("\n", "\n   ") + "\n")

    @eval_app.command("knowledge")
    def eval_cmd(
        docs: Annotated[Path, typer.Option("--docs", help="Folder of documents to search.")],
        cases: Annotated[Path, typer.Option("--cases", help="JSONL cases: id, question[, gold_snippets].")],
        out: Annotated[Path, typer.Option("--out", help="Where to write predictions (JSONL).")],
        k: Annotated[int, typer.Option("--k", min=1, max=100, help="Chunks per question.")] = 10,
    ) -> None:
        """Run cases through search; write `id` + ranked `chunks`; print recall@1/@5 and MRR@10."""
        from knowledge.evaluate import evaluate, read_cases

        library = _library(Settings(), docs)
        try:
            loaded = read_cases(cases)
            _index(library)
            predictions, scores = evaluate(loaded, library.search, k=k)
        except KnowledgeError as error:
            raise _fail(error) from None
        out.write_text(
            "".join(
                json.dumps({"id": p["id"], "chunks": p["chunks"]}, ensure_ascii=False) + "\n"
                for p in predictions
            ),
            encoding="utf-8",
        )
        typer.echo(f"{len(predictions)} predictions -> {out}")
        for key, figures in sorted(scores.items(), key=lambda item: (item[0] != "overall", item[0])):
            typer.echo(f"{key:16} " + "  ".join(f"{name} {value}" for name, value in figures.items()))
