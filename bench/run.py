"""`make bench`: run every benchmark in bench/ and write the figures to docs/benchmarks.md.

Each benchmark module has ``NAME`` and ``run(db_label) -> list[tuple[str, str, str]]`` (what, figure, note).
The run uses a fresh SQLite database under a temporary directory and, when PostgreSQL binaries are present,
again on a throwaway PostgreSQL cluster (scripts/with-postgres.sh), so production-like figures sit beside the
embedded ones.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "bench.bench_core",
    "bench.bench_audit",
    "bench.bench_search",
]  # search last: it adds 30 000 services


def _run_on_current_database() -> list[dict[str, str]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    label = connection.vendor
    rows: list[dict[str, str]] = []
    for name in MODULES:
        module = importlib.import_module(name)
        for what, figure, note in module.run(label):
            rows.append({"db": label, "benchmark": module.NAME, "what": what, "figure": figure, "note": note})
    return rows


def _child(extra_env: dict[str, str], wrapper: list[str]) -> list[dict[str, str]]:
    env = {**os.environ, **extra_env, "LUUKKU_ENV": "test"}
    out = subprocess.run(
        [*wrapper, sys.executable, "-m", "bench.run", "--child"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("BENCH-JSON ")][-1]
    return json.loads(line.removeprefix("BENCH-JSON "))


def main() -> None:
    if "--child" in sys.argv:
        print("BENCH-JSON " + json.dumps(_run_on_current_database()))
        return
    rows: list[dict[str, str]] = []
    # Search quality on the public eval set (writes its own section to docs/benchmarks-notes.md).
    subprocess.run(
        [sys.executable, "-m", "bench.search_quality"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "LUUKKU_ENV": "test"},
    )
    with tempfile.TemporaryDirectory() as tmp:
        rows += _child({"LUUKKU_VAR_DIR": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}, [])
    pg = subprocess.run(
        ["bash", "-c", "command -v initdb || ls /usr/lib/postgresql/*/bin/initdb"], capture_output=True
    )
    if pg.returncode == 0:
        wrapper = [str(ROOT / "scripts" / "with-postgres.sh")]
        subprocess.run(
            [*wrapper, sys.executable, "-m", "bench.search_quality", "--current-db"],
            cwd=ROOT,
            check=True,
            env={**os.environ, "LUUKKU_ENV": "test"},
        )
        rows += _child({}, wrapper)
    write_report(rows)


def write_report(rows: list[dict[str, str]]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from luukku.core import time

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py). Figures are measured, never asserted in unit tests.",
        "",
        f"- Run: {time.now():%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine}",
        "",
        "| database | benchmark | what | figure | note |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['db']} | {row['benchmark']} | {row['what']} | {row['figure']} | {row['note']} |"
        )
    extra = ROOT / "docs" / "benchmarks-notes.md"
    if extra.exists():
        lines += ["", extra.read_text()]
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
