"""Prepare public text-to-SQL data (Spider dev, CSpider dev, KaggleDBQA) for Gemba's blind evaluation.

Standard library only.  Reads a local copy of the public data (see README.md in this
folder for where it comes from) and writes, per dataset and database:

    <out>/<dataset>/<db_id>.sqlite   (copied byte for byte)
    <out>/<dataset>/<db_id>.jsonl    (one case per line)

plus <out>/manifest.json (counts, sha256 of every database, dropped cases).

Usage:
    python -m evals.nl2sql.external.prepare --source /work/data/external/raw \
        --out /work/data/external/prepared [--quick] [--no-check]

Expected layout of --source (paths inside the public repositories in brackets):
    spider/dev.json                          [hyukkyukang/text2SQL: datasets/spider/dev.json]
    spider/database/<db>/<db>.sqlite         [hyukkyukang/text2SQL: datasets/spider/database/...]
    mspider/dev.json                         [psunlpgroup/XSemPLR: dataset/mspider/dev.json]
    kaggle-dbqa/examples/<db>_{test,fewshot}.json
    kaggle-dbqa/databases/<db>/<db>.sqlite   [hyukkyukang/text2SQL: datasets/kaggle-dbqa/...]

The selection (which databases, which question indices) is read from subset.json
next to this file; nothing is chosen here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SUBSET = HERE / "subset.json"

# --- Spider difficulty ("hardness") -------------------------------------------------
# Re-implementation of the published Spider hardness rule (easy/medium/hard/extra),
# computed from the parsed `sql` field that ships with every Spider dev example.
# Quirks of the reference rule are kept on purpose so the tiers match the ones
# reported in the literature (dev: 248 easy / 446 medium / 174 hard / 166 extra).
_LIKE_OP = 9  # index of 'like' in Spider's WHERE_OPS


def _agg_count(units) -> int:
    return sum(1 for u in units if u[0] != 0)


def _conds(sql: dict) -> list:
    return sql["from"]["conds"][::2] + sql["where"][::2] + sql["having"][::2]


def _nested(sql: dict) -> list:
    out = []
    for cond in _conds(sql):
        for v in (cond[3], cond[4]):
            if isinstance(v, dict):
                out.append(v)
    for key in ("intersect", "except", "union"):
        if sql[key] is not None:
            out.append(sql[key])
    return out


def _component1(sql: dict) -> int:
    n = sum(1 for k in ("where", "groupBy", "orderBy") if len(sql[k]) > 0)
    n += sql["limit"] is not None
    if sql["from"]["table_units"]:
        n += len(sql["from"]["table_units"]) - 1
    connectors = sql["from"]["conds"][1::2] + sql["where"][1::2] + sql["having"][1::2]
    n += sum(1 for t in connectors if t == "or")
    n += sum(1 for c in _conds(sql) if c[1] == _LIKE_OP)
    return n


def _others(sql: dict) -> int:
    agg = _agg_count(sql["select"][1]) + _agg_count(sql["where"][::2]) + _agg_count(sql["groupBy"])
    if sql["orderBy"]:
        units = [u[1] for u in sql["orderBy"][1] if u[1]] + [u[2] for u in sql["orderBy"][1] if u[2]]
        agg += _agg_count(units)
    agg += _agg_count(sql["having"])  # the reference counts the and/or strings too
    n = int(agg > 1)
    n += len(sql["select"][1]) > 1
    n += len(sql["where"]) > 1
    n += len(sql["groupBy"]) > 1
    return n


def spider_hardness(sql: dict) -> str:
    c1, c2, o = _component1(sql), len(_nested(sql)), _others(sql)
    if c1 <= 1 and o == 0 and c2 == 0:
        return "easy"
    if (o <= 2 and c1 <= 1 and c2 == 0) or (c1 <= 2 and o < 2 and c2 == 0):
        return "medium"
    if (
        (o > 2 and c1 <= 2 and c2 == 0)
        or (2 < c1 <= 3 and o <= 2 and c2 == 0)
        or (c1 <= 1 and o == 0 and c2 <= 1)
    ):
        return "hard"
    return "extra"


# --- gold SQL check --------------------------------------------------------------------


def run_gold(db_path: Path, sql: str, timeout_s: float) -> tuple[bool, str, int]:
    """Execute `sql` read-only; return (ok, error, n_rows)."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    con.text_factory = lambda b: b.decode("utf-8", errors="replace")
    deadline = time.monotonic() + timeout_s
    con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10000)
    try:
        rows = con.execute(sql).fetchall()
        return True, "", len(rows)
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}", 0
    finally:
        con.close()


_LITERAL = re.compile(r'"([^"]*)"|\'([^\']*)\'')


def literals_not_in_question(question: str, sql: str) -> list[str]:
    """String literals of the gold SQL that do not occur verbatim (case-insensitive) in the question.

    CSpider translators often rendered or localised entity values (e.g. an English airport
    name replaced by a Chinese city), while the databases and gold SQL keep the English
    values; this marks those cases so they can be reported separately.
    """
    q = question.lower()
    out = []
    for a, b in _LITERAL.findall(sql):
        lit = (a or b).strip("%").strip()
        if lit and lit.lower() not in q:
            out.append(lit)
    return out


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- loaders -----------------------------------------------------------------------------


def load_cases(source: Path, name: str, spec: dict, quick: bool) -> list[dict]:
    """Return cases (without check) for one dataset entry of subset.json."""
    kind = spec["kind"]
    sel = spec["quick" if quick and "quick" in spec else "items"]
    cases: list[dict] = []
    if kind in ("spider", "mspider"):
        rows = json.loads((source / spec["file"]).read_text(encoding="utf-8"))
        for db_id, indices in sel.items():
            for i in indices:
                ex = rows[i]
                if ex["db_id"] != db_id:
                    raise SystemExit(f"{name}: index {i} is {ex['db_id']}, subset says {db_id}")
                if kind == "spider":
                    question, gold, tier = ex["question"], ex["query"], spider_hardness(ex["sql"])
                else:  # XSemPLR MSpider: {"question": {"en","zh","vi"}, "mr": {"sql"}}
                    question, gold = ex["question"][spec["language"]], ex["mr"]["sql"]
                    tier = spec_tiers(source, spec)[i]
                cases.append(
                    {
                        "id": f"{spec['id_prefix']}-{i:04d}",
                        "question": question.strip(),
                        "gold_sql": gold.strip(),
                        "language": spec["language"],
                        "tier": tier,
                        "db": db_id,
                        "source": spec["source"],
                    }
                )
    elif kind == "kaggledbqa":
        for db_id, splits in sel.items():
            for split, indices in splits.items():
                rows = json.loads(
                    (source / spec["dir"] / f"{db_id}_{split}.json").read_text(encoding="utf-8")
                )
                for i in indices:
                    ex = rows[i]
                    if ex["db_id"] != db_id:
                        raise SystemExit(f"{name}: {db_id}_{split}[{i}] is {ex['db_id']}")
                    cases.append(
                        {
                            "id": f"{spec['id_prefix']}-{db_id}-{split}-{i:02d}",
                            "question": ex["question"].strip(),
                            "gold_sql": ex["query"].strip(),
                            "language": spec["language"],
                            "tier": "-",
                            "db": db_id,
                            "source": spec["source"],
                        }
                    )
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return cases


_TIER_CACHE: dict[str, list[str]] = {}


def spec_tiers(source: Path, spec: dict) -> list[str]:
    """CSpider shares Spider's SQL; take the tier from the aligned Spider dev example."""
    key = spec["tiers_from"]
    if key not in _TIER_CACHE:
        rows = json.loads((source / key).read_text(encoding="utf-8"))
        _TIER_CACHE[key] = [spider_hardness(r["sql"]) for r in rows]
    return _TIER_CACHE[key]


def db_source_path(source: Path, spec: dict, db_id: str) -> Path:
    return source / spec["db_dir"] / db_id / f"{db_id}.sqlite"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", required=True, type=Path, help="local copy of the public data (layout above)")
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--subset", type=Path, default=DEFAULT_SUBSET)
    ap.add_argument("--quick", action="store_true", help="write only the seeded quick sample of subset.json")
    ap.add_argument("--no-check", action="store_true", help="do not execute gold SQL (keeps failing cases)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per gold query")
    args = ap.parse_args(argv)

    subset = json.loads(args.subset.read_text(encoding="utf-8"))
    for rel, want in subset.get("source_sha256", {}).items():
        path = args.source / rel
        got = sha256(path) if path.is_file() else "missing"
        if got != want:
            print(
                f"warning: {rel}: sha256 {got} differs from subset.json ({want}); "
                "indices are still checked against db_id",
                file=sys.stderr,
            )
    args.out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {
        "subset": str(args.subset),
        "quick": args.quick,
        "datasets": {},
        "dropped": [],
        "empty_result": [],
        "literal_not_in_question": {},
    }
    grand = Counter()
    for name, spec in subset["datasets"].items():
        cases = load_cases(args.source, name, spec, args.quick)
        ds_dir = args.out / name
        ds_dir.mkdir(parents=True, exist_ok=True)
        by_db: dict[str, list[dict]] = defaultdict(list)
        for c in cases:
            by_db[c["db"]].append(c)
        info = {"databases": {}, "total": 0, "by_language": Counter(), "by_tier": Counter()}
        for db_id, db_cases in by_db.items():
            src_db = db_source_path(args.source, spec, db_id)
            if not src_db.is_file() or src_db.stat().st_size == 0:
                raise SystemExit(f"missing database {src_db}")
            dst_db = ds_dir / f"{db_id}.sqlite"
            shutil.copyfile(src_db, dst_db)
            kept = []
            for c in db_cases:
                if not args.no_check:
                    ok, err, n = run_gold(dst_db, c["gold_sql"], args.timeout)
                    if not ok:
                        manifest["dropped"].append({"id": c["id"], "db": db_id, "error": err})
                        continue
                    if n == 0:
                        manifest["empty_result"].append(c["id"])
                kept.append(c)
                missing = literals_not_in_question(c["question"], c["gold_sql"])
                if missing:
                    manifest["literal_not_in_question"].setdefault(name, []).append(c["id"])
            with open(ds_dir / f"{db_id}.jsonl", "w", encoding="utf-8") as f:
                for c in kept:
                    f.write(json.dumps(c, ensure_ascii=False) + "\n")
            info["databases"][db_id] = {
                "cases": len(kept),
                "selected": len(db_cases),
                "sha256": sha256(dst_db),
                "tiers": dict(Counter(c["tier"] for c in kept)),
            }
            info["total"] += len(kept)
            info["by_language"].update(c["language"] for c in kept)
            info["by_tier"].update(c["tier"] for c in kept)
        info["by_language"] = dict(info["by_language"])
        info["by_tier"] = dict(info["by_tier"])
        manifest["datasets"][name] = info
        grand.update(info["by_language"])
        n_lit = len(manifest["literal_not_in_question"].get(name, []))
        print(
            f"{name}: {info['total']} cases over {len(info['databases'])} databases {info['by_language']}; "
            f"{n_lit} with a gold literal not verbatim in the question"
        )
    manifest["total_by_language"] = dict(grand)
    manifest["total"] = sum(grand.values())
    (args.out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"total: {manifest['total']} {dict(grand)}; dropped {len(manifest['dropped'])}; "
        f"empty-result gold {len(manifest['empty_result'])}"
    )
    for d in manifest["dropped"]:
        print(f"  dropped {d['id']}: {d['error']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
