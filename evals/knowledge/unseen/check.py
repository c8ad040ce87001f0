#!/usr/bin/env python3
"""Sanity checks for the unseen (blind) retrieval evaluation set.

Stdlib only. Run:  python3 evals/knowledge/unseen/check.py
Exits non-zero and lists every problem if a check fails.
"""

import html
import json
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
CASES = HERE / "cases.jsonl"

EXPECTED_TOTAL = 60
EXPECTED_TIERS = {("same", "en"): 20, ("same", "zh"): 20, ("en->zh", "en"): 10, ("zh->en", "zh"): 10}
TIER_DOC_LANG = {"en->zh": "zh", "zh->en": "en"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
BLOCK_TAGS = {
    "p",
    "li",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "title",
    "div",
    "br",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "body",
    "head",
}

errors = []
warnings = []


def err(msg):
    errors.append(msg)


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one block element per line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def doc_lines(path, raw):
    """Lines a snippet may lie within (one line / paragraph / block each)."""
    if path.suffix.lower() in (".html", ".htm"):
        p = _TextExtractor()
        p.feed(raw)
        text = "".join(p.parts)
        return [collapse(line) for line in text.split("\n") if line.strip()]
    return [line for line in raw.splitlines() if line.strip()]


def visible_text(path, raw):
    if path.suffix.lower() in (".html", ".htm"):
        # plain tag strip, whitespace collapsed (the comparison required by the brief)
        return collapse(
            html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?is)<(script|style).*?</\1>", " ", raw)))
        )
    return raw


def size_of(lang, text):
    if lang == "zh":
        return sum(1 for c in text if not c.isspace()), "non-space chars", (800, 2500)
    return len(re.findall(r"\S+", re.sub(r"[#*|>`_-]{2,}|^\s*[-*]\s", " ", text))), "words", (500, 1500)


# ---------------------------------------------------------------- documents
docs = {}  # name -> dict(lang, topic, text, lines)
for path in sorted(DOCS.iterdir()):
    if not path.is_file():
        continue
    m = re.fullmatch(r"(?P<topic>[a-z0-9-]+)\.(?P<lang>en|zh)\.(?P<ext>md|txt|html)", path.name)
    if not m:
        err(f"doc name not <topic>.<en|zh>.<md|txt|html>: {path.name}")
        continue
    raw = path.read_text(encoding="utf-8")  # raises if not UTF-8
    text = visible_text(path, raw)
    docs[path.name] = dict(
        lang=m["lang"], topic=m["topic"], ext=m["ext"], text=text, lines=doc_lines(path, raw), raw=raw
    )
    n, unit, (lo, hi) = size_of(m["lang"], text)
    docs[path.name]["size"] = f"{n} {unit}"
    if not lo <= n <= hi:
        err(f"{path.name}: length {n} {unit} outside {lo}-{hi}")
    if m["lang"] == "zh" and len(CJK.findall(text)) < 500:
        err(f"{path.name}: does not look like a Chinese document")
    if m["lang"] == "en" and CJK.search(text):
        err(f"{path.name}: English document contains CJK characters")

topics = defaultdict(set)
for d in docs.values():
    topics[d["topic"]].add(d["lang"])
both = sorted(t for t, langs in topics.items() if langs == {"en", "zh"})
en_only = sorted(t for t, langs in topics.items() if langs == {"en"})
zh_only = sorted(t for t, langs in topics.items() if langs == {"zh"})
if len(docs) != 10:
    err(f"expected 10 documents, found {len(docs)}")
if (len(both), len(en_only), len(zh_only)) != (3, 2, 2):
    err(
        "topic split should be 3 bilingual / 2 en-only / 2 zh-only, "
        f"got {len(both)}/{len(en_only)}/{len(zh_only)}"
    )
exts = Counter(d["ext"] for d in docs.values())
for e in ("md", "html", "txt"):
    if not exts[e]:
        err(f"no .{e} document")

# ---------------------------------------------------------------- cases
cases = []
for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip():
        err(f"cases.jsonl line {n}: blank line")
        continue
    try:
        cases.append(json.loads(line))
    except json.JSONDecodeError as e:
        err(f"cases.jsonl line {n}: bad JSON ({e})")

if len(cases) != EXPECTED_TOTAL:
    err(f"expected {EXPECTED_TOTAL} cases, found {len(cases)}")
ids = Counter(c.get("id") for c in cases)
for i, k in ids.items():
    if k > 1:
        err(f"duplicate id {i}")
tier_counts = Counter((c.get("tier"), c.get("language")) for c in cases)
for key, want in EXPECTED_TIERS.items():
    if tier_counts.get(key, 0) != want:
        err(f"tier {key[0]} / language {key[1]}: expected {want}, found {tier_counts.get(key, 0)}")
for key in tier_counts:
    if key not in EXPECTED_TIERS:
        err(f"unexpected tier/language combination {key}")

MARKUP = re.compile(r"\*\*|#|<|>|\||`|^\s*([-*+]\s|\d+[.)]\s)")
doc_hits = Counter()
for c in cases:
    cid = c.get("id", "?")
    keys = {"id", "question", "language", "tier", "doc_language", "gold_snippets"}
    if set(c) != keys:
        err(f"{cid}: keys {sorted(c)} != {sorted(keys)}")
        continue
    tier, lang, dlang, q = c["tier"], c["language"], c["doc_language"], c["question"]
    if lang not in ("en", "zh") or dlang not in ("en", "zh"):
        err(f"{cid}: bad language fields")
        continue
    if tier == "same" and lang != dlang:
        err(f"{cid}: tier same but language {lang} != doc_language {dlang}")
    if tier in TIER_DOC_LANG and (dlang != TIER_DOC_LANG[tier] or lang == dlang):
        err(f"{cid}: tier {tier} inconsistent with language {lang}/doc_language {dlang}")
    if (lang == "zh") != bool(CJK.search(q)):
        err(f"{cid}: question language does not match '{lang}'")
    snips = c["gold_snippets"]
    if not isinstance(snips, list) or not 1 <= len(snips) <= 2:
        err(f"{cid}: need 1-2 gold snippets")
        continue
    answer_docs = None
    for s in snips:
        if "\n" in s or MARKUP.search(s):
            err(f"{cid}: snippet contains newline or markup: {s!r}")
        size = len(re.sub(r"\s", "", s)) if dlang == "zh" else len(s.split())
        lo, hi = (7, 32) if dlang == "zh" else (5, 22)
        if not lo <= size <= hi:
            err(f"{cid}: snippet length {size} outside {lo}-{hi}: {s!r}")
        # verbatim match in documents of the stated language
        found = []
        for name, d in docs.items():
            if d["lang"] != dlang:
                continue
            target = collapse(s) if d["ext"] == "html" else s
            if target in d["text"]:
                found.append(name)
                if sum(line.count(target) for line in d["lines"]) != 1 or d["text"].count(target) != 1:
                    err(
                        f"{cid}: snippet must occur exactly once, within a single line/block, "
                        f"of {name}: {s!r}"
                    )
        other = [n for n, d in docs.items() if d["lang"] != dlang and collapse(s) in collapse(d["text"])]
        if not found:
            err(f"{cid}: snippet not found verbatim in any '{dlang}' document: {s!r}")
            continue
        if len(found) > 1:
            err(f"{cid}: snippet not unique, found in {found}: {s!r}")
        if other:
            err(f"{cid}: snippet also occurs in other-language document(s) {other}: {s!r}")
        answer_docs = set(found) if answer_docs is None else answer_docs & set(found)
    if not answer_docs:
        if answer_docs is not None:
            err(f"{cid}: gold snippets come from different documents")
        continue
    name = sorted(answer_docs)[0]
    doc_hits[name] += 1
    c["_doc"] = name
    if tier in TIER_DOC_LANG:
        t = docs[name]["topic"]
        if topics[t] != {dlang}:
            err(f"{cid}: cross-lingual answer doc {name} also exists in {sorted(topics[t] - {dlang})}")

for name in docs:
    if not doc_hits[name]:
        err(f"document {name} is not used by any case")

# ---------------------------------------------------------------- report
print("Documents:")
for name, d in docs.items():
    print(f"  {name:40s} {d['lang']}  {d['ext']:4s}  {d['size']:>20s}  cases={doc_hits[name]}")
print(f"Topics: bilingual={both} en-only={en_only} zh-only={zh_only}")
print(f"Cases: {len(cases)}  " + "  ".join(f"{t}/{lang}={n}" for (t, lang), n in sorted(tier_counts.items())))
cross = Counter((c["tier"], c.get("_doc")) for c in cases if c.get("tier") in TIER_DOC_LANG)
print(
    "Cross-lingual answer docs: "
    + ", ".join(
        f"{t}:{d}={n}" for (t, d), n in sorted(cross.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
    )
)
for w in warnings:
    print("WARNING:", w)
if errors:
    print(f"\nFAILED with {len(errors)} problem(s):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("\nOK: all checks passed")
