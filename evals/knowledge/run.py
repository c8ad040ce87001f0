"""Knowledge eval: recall@1, recall@5 and MRR@10 of playbook search on cases.jsonl.

    .venv/bin/python -m evals.knowledge.run [--embedder use-m3] [--cases FILE] [--out FILE]
        [--strict] [--no-translations] [--failures]

cases.jsonl (110 cases) was written while search was being built; heldout.jsonl (48 cases)
was written later, blind to the search code, to show how well it generalises. Documents the
project had never seen, with their own 60 cases, are in unseen/ (see its README.md).

`--strict` scores each case on its first reading only, without the sections a second, blind
reading found to answer it too (`added_snippets`, see make_cases.py). `--no-translations`
scores every section on its own text: a cross-lingual case then has to be found across
languages by the embeddings alone, not through the section's translation.

The same figures come from `gemba eval knowledge --docs knowledge/playbooks --cases
evals/knowledge/cases.jsonl --out /tmp/predictions.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from knowledge import Library
from knowledge.embed import DEFAULT_EMBEDDER
from knowledge.evaluate import evaluate, read_cases

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> None:
    """Build an index of the bundled playbooks with the embedder, run the cases, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default=DEFAULT_EMBEDDER)
    parser.add_argument("--cases", type=Path, default=HERE / "cases.jsonl")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--failures", action="store_true", help="print the cases not found at rank 1")
    parser.add_argument("--strict", action="store_true", help="score the first reading's snippets only")
    parser.add_argument("--no-translations", action="store_true", help="score sections without translations")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as index_dir:
        library = Library(index_dir=index_dir, embedder=args.embedder, translations=not args.no_translations)
        started = time.perf_counter()
        library.ensure_index()
        print(f"indexed in {time.perf_counter() - started:.1f} s")
        cases = read_cases(args.cases)
        if args.strict:
            cases = [first_reading(case) for case in cases]
        predictions, scores = evaluate(cases, library.search, k=args.k)
    if args.out:
        args.out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), "utf-8")
    print(
        f"embedder {args.embedder}, {len(cases)} cases"
        + (", first reading only" if args.strict else "")
        + (", no translations" if args.no_translations else "")
    )
    for key, figures in sorted(scores.items()):
        print(f"  {key:16} " + "  ".join(f"{name} {value}" for name, value in figures.items()))
    if args.failures:
        from knowledge.evaluate import first_hit_rank

        for case, prediction in zip(cases, predictions, strict=True):
            rank = first_hit_rank(prediction["chunks"], case.get("gold_snippets", []))
            if rank is None or rank > 1:
                print(
                    f"  rank {rank}: [{case['id']}] {case['question']} "
                    f"-> {prediction.get('citations', [])[:3]}"
                )


def first_reading(case: dict[str, Any]) -> dict[str, Any]:
    """The case without the snippets a second reading added.

    >>> first_reading({"id": "a", "gold_snippets": ["x", "y"], "added_snippets": ["y"]})["gold_snippets"]
    ['x']
    """
    added = set(case.get("added_snippets", []))
    return {**case, "gold_snippets": [s for s in case.get("gold_snippets", []) if s not in added]}


if __name__ == "__main__":
    main()
