"""`make bench`: run every benchmark in bench/ and write the figures to docs/benchmarks.md.

Each benchmark module has ``NAME`` and ``run(db_label) -> list[tuple[str, str, str]]`` (what, figure, note).
The run uses a fresh SQLite database under a temporary directory and, when PostgreSQL binaries are present,
again on a throwaway PostgreSQL cluster (scripts/with-postgres.sh), so production-like figures sit beside the
embedded ones.
"""

from __future__ import annotations

import contextlib
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


def _run_on_current_database(modules: list[str]) -> list[dict[str, str]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    label = connection.vendor
    rows: list[dict[str, str]] = []
    for name in modules:
        module = importlib.import_module(name)
        for what, figure, note in module.run(label):
            rows.append({"db": label, "benchmark": module.NAME, "what": what, "figure": figure, "note": note})
    return rows


def _child(extra_env: dict[str, str], wrapper: list[str], *, stage: str = "--child") -> list[dict[str, str]]:
    env = {**os.environ, **extra_env, "LUUKKU_ENV": "test"}
    out = subprocess.run(
        [*wrapper, sys.executable, "-m", "bench.run", stage],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("BENCH-JSON ")][-1]
    return json.loads(line.removeprefix("BENCH-JSON "))


def main() -> None:
    if "--child" in sys.argv:
        print("BENCH-JSON " + json.dumps(_run_on_current_database(MODULES)))
        return
    if "--national" in sys.argv:
        print("BENCH-JSON " + json.dumps(_run_on_current_database(["bench.national"])))
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
    # National scale (bench/national.py): the SQLite file is kept under var/bench/ so that BENCH_SKIP_SEED=1 can
    # measure again without generating the country again.
    national = ROOT / "var" / "bench"
    national.mkdir(parents=True, exist_ok=True)
    database = national / "national.sqlite3"
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        for old in national.glob("national.sqlite3*"):
            old.unlink()
    rows += _child({"DATABASE_URL": f"sqlite:///{database}"}, [], stage="--national")
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
        rows += _child({"BENCH_SKIP_SEED": "0"}, wrapper, stage="--national")
    write_report(rows)


def _database_versions() -> str:
    import sqlite3

    parts = [f"SQLite {sqlite3.sqlite_version} (WAL)"]
    found = subprocess.run(
        ["bash", "-c", "ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | head -1"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if found:
        version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout.strip()
        parts.append(
            version.replace("postgres (PostgreSQL)", "PostgreSQL") + " (throwaway cluster, default settings)"
        )
    return "; ".join(parts)


def write_report(rows: list[dict[str, str]]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from luukku.core import time

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    memory = ""
    with contextlib.suppress(OSError):
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    versions = _database_versions()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py). Figures are measured, never asserted in unit tests.",
        "",
        f"- Run: {time.now():%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine}{memory}",
        f"- Databases: {versions}",
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
