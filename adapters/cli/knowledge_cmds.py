"""Knowledge commands: `gemba knowledge index|status`, `gemba search`, `gemba eval knowledge`."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from adapters.cli.common import load_settings

if TYPE_CHECKING:
    from adapters.settings import Settings


@dataclass(frozen=True)
class Shelf:
    """What a command indexes and where: `folders` (after the bundled playbooks when
    `bundled`), the index folder, and the shipped index it may use as it is (None: none)."""

    folders: list[Path]
    index_dir: Path
    bundled: bool
    shipped: Path | None
    embedder: str

    def up_to_date(self) -> Path | None:
        """The index folder already built from exactly these playbooks and this embedder, or
        None. Reads the files' bytes only: no model, no FAISS."""
        from knowledge.freshness import fresh_index, index_candidates, library_folders

        folders = library_folders(self.folders, bundled=self.bundled)
        candidates = index_candidates(self.index_dir, bundled=self.bundled, shipped=self.shipped)
        return fresh_index(folders, self.embedder, candidates)

    def library(self) -> Any:
        """The `knowledge.Library` of this shelf."""
        from knowledge import Library

        return Library(
            self.folders, self.index_dir, self.embedder, bundled=self.bundled, shipped=self.shipped
        )


def _shelf(settings: Settings, docs: Path | None = None, *, shipped: bool = False) -> Shelf:
    """The bundled playbooks + GEMBA_DOCS_DIR (the shipped index may serve them), exactly `docs`
    (own cache index), or with `shipped` the bundled playbooks into the shipped index itself."""
    from knowledge.freshness import SHIPPED_INDEX

    index_dir, embedder = Path(settings.gemba_index_dir), settings.gemba_embedder
    if shipped:
        return Shelf([], SHIPPED_INDEX, True, None, embedder)
    if docs is None:
        folders = [Path(settings.gemba_docs_dir)] if settings.gemba_docs_dir else []
        return Shelf(folders, index_dir, True, SHIPPED_INDEX, embedder)
    folder = docs.resolve()
    key = hashlib.sha256(f"{folder}|{embedder}".encode()).hexdigest()[:12]
    return Shelf([folder], index_dir / "folders" / key, False, None, embedder)


def _library(settings: Settings, docs: Path | None = None) -> Any:
    """The playbook library: bundled + GEMBA_DOCS_DIR, or exactly `docs` (own cache index)."""
    return _shelf(settings, docs).library()


def _readable_by_all(folder: Path) -> None:
    """Let every user of the installation read the shipped index (a build writes its folder
    for its owner only)."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


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
        shipped: Annotated[
            bool,
            typer.Option(
                "--shipped",
                help="Index the bundled playbooks into Gemba's installed package (what `make setup` runs).",
            ),
        ] = False,
    ) -> None:
        """Build or update the playbook index; does nothing when it is up to date (same
        playbooks, same embedder), else only changed files are embedded again."""
        from knowledge.errors import KnowledgeError

        if shipped and folder is not None:
            raise _fail(ValueError("--shipped indexes the bundled playbooks only; leave out the folder"))
        shelf = _shelf(load_settings(), folder, shipped=shipped)
        try:
            fresh = None if rebuild else shelf.up_to_date()
            if fresh is not None:
                typer.echo(f"Playbook index up to date (playbooks and {shelf.embedder} unchanged): {fresh}")
                return
            library = shelf.library()
            report = _index(library, rebuild)
        except KnowledgeError as error:
            raise _fail(error) from None
        typer.echo(
            f"{report.documents} documents, {report.chunks} chunks: {report.embedded} embedded, "
            f"{report.reused} unchanged ({report.seconds:.1f} s) -> {library.in_use}"
        )
        for problem in report.problems:
            typer.secho(f"skipped {problem}", fg="yellow", err=True)
        if shipped:
            _readable_by_all(shelf.index_dir)

    @knowledge_app.command("status")
    def status_cmd(
        folder: Annotated[Path | None, typer.Argument(help="Status of the index of this folder.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Show what is indexed, by which embedder, and whether files changed since."""
        status = _library(load_settings(), folder).status()
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
        from knowledge.errors import KnowledgeError

        library = _library(load_settings(), docs)
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
        from knowledge.errors import KnowledgeError
        from knowledge.evaluate import evaluate, read_cases

        library = _library(load_settings(), docs)
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
