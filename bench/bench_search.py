"""Search latency over a national-scale catalogue: 30 000 services made by varying the demo region's ones.

As a bench/run.py module: ``NAME`` and ``run(db_label)`` on the current (fresh, migrated) database. Alone:

    .venv/bin/python -m bench.bench_search [--services 30000]        # fresh SQLite in a temporary directory
    scripts/with-postgres.sh .venv/bin/python -m bench.bench_search --current-db   # PostgreSQL

The synthetic services keep the demo services' texts, topics and levels, with varied names, organisations,
municipalities (300) and age ranges, so the text index holds national-scale vocabulary and posting lists.
Queries are the public eval set's 50 questions with their ages and municipalities, each run several times.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import random
import shutil
import sys
import tempfile
import time as durations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "luukku" / "demo" / "data" / "catalogue.json"
QUERIES = ROOT / "bench" / "data" / "search_eval_public.jsonl"
NAME = "search"
SERVICES = 30_000
PLACES = ["Itä", "Länsi", "Pohjois", "Etelä", "Keski", "Ylä", "Ala", "Vanha", "Uusi", "Järvi"]
SUFFIXES = ["harju", "vesi", "saari", "niemi", "mäki", "salmi", "lahti", "koski", "joki", "kylä"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build(total: int = SERVICES, seed: int = 7) -> float:
    """Load the demo catalogue and grow it to ``total`` services; returns the seconds the index rebuild took."""
    from django.db import transaction

    from luukku.catalogue import services as catalogue_services
    from luukku.catalogue.imports.catalogue_json import catalogue_import
    from luukku.catalogue.models import Service, ServiceChannel
    from luukku.organisations.models import Municipality, Organisation, OrganisationKind

    rng = random.Random(seed)
    catalogue_import(data=json.loads(CATALOGUE.read_text(encoding="utf-8")))
    base = list(Service.objects.prefetch_related("topics").order_by("pk"))
    with transaction.atomic():
        municipalities = Municipality.objects.bulk_create(
            [
                Municipality(code=f"synt-{i}", name_fi=f"{PLACES[i % 10]}{SUFFIXES[(i // 10) % 10]} {i}")
                for i in range(300)
            ]
        )
        municipalities = list(Municipality.objects.filter(code__startswith="synt-"))
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    code=f"synt-org-{i}", name_fi=f"{m.name_fi}n palvelut", kind=OrganisationKind.MUNICIPALITY
                )
                for i, m in enumerate(municipalities)
            ]
        )
        organisations = list(Organisation.objects.filter(code__startswith="synt-org-"))
        new: list[Service] = []
        for i in range(total - len(base)):
            template = base[i % len(base)]
            place = municipalities[rng.randrange(len(municipalities))]
            low = max(0, template.age_min + rng.choice([-1, 0, 0, 1]))
            new.append(
                Service(
                    code=f"{template.code}-{i}",
                    organisation=organisations[rng.randrange(len(organisations))],
                    sector=template.sector,
                    name_fi=f"{template.name_fi}, {place.name_fi}",
                    name_sv=template.name_sv,
                    summary_fi=template.summary_fi,
                    description_fi=" ".join(
                        rng.sample(
                            template.description_fi.split(". "),
                            k=max(1, len(template.description_fi.split(". ")) - 1),
                        )
                    ),
                    description_sv=template.description_sv,
                    level=template.level,
                    age_min=low,
                    age_max=max(low, template.age_max + rng.choice([-1, 0, 0, 1])),
                    target=template.target,
                    referral_required=template.referral_required,
                    routing_criteria_fi=template.routing_criteria_fi,
                    typical_sessions=template.typical_sessions,
                    unit_cost_eur=template.unit_cost_eur,
                    unit_cost_basis=template.unit_cost_basis,
                    core_person=template.core_person,
                    topic_order=template.topic_order,
                )
            )
        Service.objects.bulk_create(new, batch_size=2000)
        created = list(Service.objects.filter(code__in=[s.code for s in new]).only("pk", "code"))
        by_code = {s.code: s.pk for s in created}
        topic_rows, municipality_rows, channel_rows = [], [], []
        for i, service in enumerate(new):
            pk = by_code[service.code]
            template = base[i % len(base)]
            for topic in template.topics.all():
                topic_rows.append(Service.topics.through(service_id=pk, topic_id=topic.pk))
            for m in rng.sample(municipalities, k=rng.randint(1, 3)):
                municipality_rows.append(Service.municipalities.through(service_id=pk, municipality_id=m.pk))
            channel_rows.append(ServiceChannel(service_id=pk, kind="phone", value=f"044 555 {i % 10000:04d}"))
        Service.topics.through.objects.bulk_create(topic_rows, batch_size=5000)
        Service.municipalities.through.objects.bulk_create(municipality_rows, batch_size=5000)
        ServiceChannel.objects.bulk_create(channel_rows, batch_size=5000)
    start = durations.perf_counter()
    catalogue_services.search_index_rebuild()
    return durations.perf_counter() - start


def measure(repeat: int = 5) -> dict[str, float]:
    from luukku.catalogue.search import search

    queries = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in queries:  # warm caches (stems, lexicon, prepared statements)
        search(text=item["query"], age=item["age"], municipality=item["municipality"], lang=item["lang"])
    # Quality at scale: a hit is the relevant demo service or one of its synthetic variants.
    found = 0
    for item in queries:
        hits = search(
            text=item["query"], age=item["age"], municipality=item["municipality"], lang=item["lang"], limit=5
        )
        ids = {hit.id if hit.kind == "service" else f"mp:{hit.id}" for hit in hits}
        bases = {i.rsplit("-", 1)[0] if i.rsplit("-", 1)[-1].isdigit() else i for i in ids}
        found += bool(bases & set(item["relevant"]))
    samples, cpu = [], []
    for _ in range(repeat):
        for item in queries:
            start, start_cpu = durations.perf_counter(), durations.process_time()
            search(
                text=item["query"],
                age=item["age"],
                municipality=item["municipality"],
                lang=item["lang"],
                limit=10,
            )
            samples.append(durations.perf_counter() - start)
            cpu.append(durations.process_time() - start_cpu)
    return {
        "n": len(samples),
        "p50": _percentile(samples, 0.50),
        "p95": _percentile(samples, 0.95),
        "max": max(samples),
        "hit5": found / len(queries),
        "cpu_p95": _percentile(cpu, 0.95),
    }


def run(db_label: str, total: int = SERVICES) -> list[tuple[str, str, str]]:
    from luukku.catalogue.models import SearchDocument

    rebuild = build(total)
    documents = SearchDocument.objects.count()
    figures = measure()
    note = f"{documents} documents, {figures['n']} queries (eval set × 5), limit 10"
    return [
        ("search p50", f"{figures['p50'] * 1000:.1f} ms", note),
        ("search p95", f"{figures['p95'] * 1000:.1f} ms", note + "; target < 50 ms"),
        ("search max", f"{figures['max'] * 1000:.1f} ms", note),
        (
            "search p95, this process's CPU",
            f"{figures['cpu_p95'] * 1000:.1f} ms",
            "wall-clock figures include waiting for a busy machine; on PostgreSQL the server's work is not in it",
        ),
        (
            "search hit@5 at scale",
            f"{figures['hit5']:.2f}",
            "eval set; a synthetic variant of a relevant service counts",
        ),
        ("index rebuild", f"{rebuild:.1f} s", f"{documents} documents"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="Search latency over a synthetic national-scale catalogue.")
    parser.add_argument("--services", type=int, default=SERVICES)
    parser.add_argument("--current-db", action="store_true", help="use DATABASE_URL (must be empty)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks-notes.md")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if not args.current_db:
        tmp = tempfile.mkdtemp(prefix="luukku-bench-search-")
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        os.environ["LUUKKU_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("LUUKKU_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    rows = run(connection.vendor, args.services)
    for what, figure, note in rows:
        print(f"{connection.vendor:<10} {what:<14} {figure:>10}  {note}")
    if not args.no_write:
        from bench.search_quality import write_section

        lines = ["| what | figure | note |", "|---|---|---|", *[f"| {w} | {f} | {n} |" for w, f, n in rows]]
        write_section(
            "## Search latency",
            [
                "Written by `python -m bench.bench_search` (`--current-db` under scripts/with-postgres.sh for",
                f"PostgreSQL): {args.services} synthetic services made by varying the demo region's ones.",
                "Measured, never asserted in unit tests.",
            ],
            connection.vendor,
            "\n".join(lines),
        )


if __name__ == "__main__":
    main()
