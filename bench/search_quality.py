"""Search quality on the labelled eval set: Luukku's search against a plain BM25 keyword baseline.

    .venv/bin/python -m bench.search_quality [--eval bench/data/search_eval_public.jsonl]
        [--catalogue luukku/demo/data/catalogue.json] [--current-db] [--no-write] [--verbose]

Loads the catalogue into a fresh SQLite database in a temporary directory (or, with ``--current-db``, into the
database that DATABASE_URL names, e.g. under scripts/with-postgres.sh), runs every query through
``luukku.catalogue.search.search`` and through the baseline, prints hit@1, hit@5 and MRR@10 per language and
overall, and writes the "Search quality" section of docs/benchmarks-notes.md (bench/run.py includes that file
at the end of docs/benchmarks.md).

The baseline is what a keyword search box does: whitespace tokens, lower case, BM25 (k1 1.2, b 0.75) over each
service's names and descriptions and each meeting place's name and activities; no stemming, no vocabulary.
"""

from __future__ import annotations

import argparse
import atexit
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT / "bench" / "data" / "search_eval_public.jsonl"
DEFAULT_CATALOGUE = ROOT / "luukku" / "demo" / "data" / "catalogue.json"
NOTES = ROOT / "docs" / "benchmarks-notes.md"
SECTION = "## Search quality"


class BM25:
    """Plain BM25 over whitespace tokens: the keyword baseline."""

    def __init__(self, documents: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = {key: Counter(value.lower().split()) for key, value in documents.items()}
        self.lengths = {key: sum(counts.values()) for key, counts in self.docs.items()}
        self.average = sum(self.lengths.values()) / max(len(self.lengths), 1)
        frequency: Counter[str] = Counter()
        for counts in self.docs.values():
            frequency.update(counts.keys())
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def search(self, query: str, limit: int = 10) -> list[str]:
        terms = query.lower().split()
        scores: dict[str, float] = {}
        for key, counts in self.docs.items():
            score = 0.0
            for term in terms:
                tf = counts.get(term, 0)
                if tf:
                    norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[key] / self.average)
                    score += self.idf[term] * tf * (self.k1 + 1) / norm
            if score > 0:
                scores[key] = score
        return [key for key, _score in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def baseline_documents(catalogue: dict) -> dict[str, str]:
    documents = {}
    for service in catalogue["services"]:
        fields = ["name_fi", "name_sv", "name_en", "summary_fi", "description_fi", "description_sv"]
        documents[service["id"]] = " ".join(str(service.get(field) or "") for field in fields)
    for place in catalogue.get("meeting_places", []):
        parts = [place.get("name_fi") or "", place.get("name_sv") or ""]
        parts += [f"{a.get('name_fi', '')} {a.get('name_sv') or ''}" for a in place.get("activities", [])]
        documents[f"mp:{place['id']}"] = " ".join(parts)
    return documents


def metrics(ranked: list[str], relevant: list[str]) -> dict[str, float]:
    relevant_set = set(relevant)
    first = next((index for index, key in enumerate(ranked[:10]) if key in relevant_set), None)
    return {
        "hit@1": 1.0 if ranked[:1] and ranked[0] in relevant_set else 0.0,
        "hit@5": 1.0 if relevant_set & set(ranked[:5]) else 0.0,
        "mrr@10": 1.0 / (first + 1) if first is not None else 0.0,
    }


def summarise(rows: list[tuple[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[dict[str, float]]] = defaultdict(list)
    for lang, values in rows:
        groups[lang].append(values)
        groups["all"].append(values)
    return {
        lang: {
            "n": len(items),
            **{m: sum(v[m] for v in items) / len(items) for m in ("hit@1", "hit@5", "mrr@10")},
        }
        for lang, items in groups.items()
    }


def _setup_django(current_db: bool) -> None:
    if not current_db:
        tmp = tempfile.mkdtemp(prefix="luukku-search-quality-")
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        os.environ["LUUKKU_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/quality.sqlite3"
    os.environ.setdefault("LUUKKU_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def run(eval_path: Path, catalogue_path: Path, current_db: bool = False, verbose: bool = False) -> dict:
    _setup_django(current_db)
    from django.db import connection

    from luukku.catalogue.imports.catalogue_json import catalogue_import
    from luukku.catalogue.search import search

    catalogue = json.loads(catalogue_path.read_text(encoding="utf-8"))
    catalogue_import(data=catalogue)
    baseline = BM25(baseline_documents(catalogue))
    queries = [
        json.loads(line) for line in eval_path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    ours, theirs = [], []
    for item in queries:
        hits = search(
            text=item["query"],
            age=item.get("age"),
            municipality=item.get("municipality"),
            lang=item.get("lang"),
            limit=10,
            with_objects=False,
        )
        ranked = [hit.id if hit.kind == "service" else f"mp:{hit.id}" for hit in hits]
        ours.append((item["lang"], metrics(ranked, item["relevant"])))
        theirs.append((item["lang"], metrics(baseline.search(item["query"]), item["relevant"])))
        if verbose:
            mark = "ok " if ours[-1][1]["hit@5"] else "MISS"
            print(
                f"{mark} {item['id']} {item['query'][:70]!r}\n     want {item['relevant']}\n     got  {ranked[:5]}"
            )
    return {
        "database": connection.vendor,
        "queries": len(queries),
        "luukku": summarise(ours),
        "baseline": summarise(theirs),
        "eval": eval_path.name,
    }


def table(result: dict) -> str:
    lines = [
        f"Eval set `{result['eval']}` ({result['queries']} queries), database: {result['database']}.",
        "",
        "| language | n | method | hit@1 | hit@5 | MRR@10 |",
        "|---|---|---|---|---|---|",
    ]
    for lang in ("fi", "sv", "en", "all"):
        if lang not in result["luukku"]:
            continue
        for method in ("luukku", "baseline"):
            values = result[method][lang]
            label = "Luukku search" if method == "luukku" else "BM25 keyword baseline"
            lines.append(
                f"| {lang} | {values['n']} | {label} | {values['hit@1']:.2f} | {values['hit@5']:.2f} | "
                f"{values['mrr@10']:.2f} |"
            )
    gain = result["luukku"]["all"]["hit@5"] - result["baseline"]["all"]["hit@5"]
    lines += ["", f"Luukku over the baseline, hit@5 overall: {gain:+.2f}."]
    return "\n".join(lines)


def write_section(section: str, intro: list[str], vendor: str, block: str) -> None:
    """Write ``block`` as the ``### vendor`` part of ``section`` in docs/benchmarks-notes.md, keeping the rest."""
    existing = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    pattern = re.compile(rf"^{re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    old = pattern.search(existing)
    blocks: dict[str, str] = {}
    if old:
        for match in re.finditer(r"^### (\w+)\n(.*?)(?=^### |\Z)", old.group(0), re.S | re.M):
            blocks[match.group(1)] = match.group(2).strip()
    blocks[vendor] = block
    body = "\n".join(
        [section, "", *intro, "", *[f"### {name}\n\n{blocks[name]}\n" for name in sorted(blocks)]]
    )
    if old:
        updated = pattern.sub(lambda _match: body + "\n", existing).rstrip() + "\n"
    else:
        updated = (existing.rstrip() + "\n\n" if existing.strip() else "") + body
    NOTES.write_text(updated, encoding="utf-8")


def write_notes(result: dict) -> None:
    write_section(
        SECTION,
        [
            "Written by `python -m bench.search_quality` (bench/search_quality.py; `--current-db` under",
            "scripts/with-postgres.sh for PostgreSQL); the method is described in docs/search.md.",
        ],
        result["database"],
        table(result),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE)
    parser.add_argument(
        "--current-db", action="store_true", help="use DATABASE_URL instead of a fresh SQLite"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks-notes.md")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    result = run(args.eval, args.catalogue, current_db=args.current_db, verbose=args.verbose)
    print(table(result))
    if not args.no_write:
        write_notes(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
