"""National-scale benchmarks (issue 7): the whole country's synthetic data, and what managers and workers wait for.

Run by ``bench/run.py`` once per database (SQLite file, throwaway PostgreSQL cluster), in a child process whose
``DATABASE_URL`` points at that database. Each figure is measured against its floor in the same run:

* ``luukku seed national --scale S --years Y`` itself (wall time, peak RSS);
* the THL report for the latest half-year, whole country, against one hand-written SQL query over the same tables;
* a county's dashboard for 5 years (every indicator of ``luukku.statistics.selectors.INDICATORS``);
* a worker's work tray and a child's page through the whole Django stack (test client, logged in), p50/p95;
* the intake API under locust (50 users, 60 s) on gunicorn, against the trivial ``/api/v1/health`` endpoint on the
  same server, with the peak RSS of each gunicorn worker.

Environment: ``BENCH_SCALE`` (default 1.0), ``BENCH_YEARS`` (10), ``BENCH_SEED`` (1), ``BENCH_LOAD_SECONDS`` (60),
``BENCH_USERS`` (50), ``BENCH_WORKERS`` (gunicorn workers, 3), ``BENCH_SKIP_SEED=1`` to reuse the data already in
the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time as systime
from pathlib import Path
from typing import Any

from bench.timing import ms, p, samples

NAME = "national"
ROOT = Path(__file__).resolve().parent.parent

SCALE = float(os.environ.get("BENCH_SCALE", "1.0"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))

THL_HAND_SQL = """
SELECT area, SUM(sit), SUM(sl), SUM(pit), SUM(pl), SUM(cit), SUM(cl) FROM (
  SELECT wellbeing_county_id AS area,
    SUM(CASE WHEN decided_on IS NOT NULL AND decided_on <= %(end)s
             AND outcome IN ('pta_started', 'closed_unnecessary') AND decided_on <= pta_start_by THEN 1 ELSE 0 END) AS sit,
    SUM(CASE WHEN decided_on IS NOT NULL AND decided_on <= %(end)s
             AND outcome IN ('pta_started', 'closed_unnecessary') AND decided_on > pta_start_by THEN 1 ELSE 0 END) AS sl,
    SUM(CASE WHEN (decided_on IS NULL OR decided_on > %(end)s) AND pta_start_by >= %(end)s THEN 1 ELSE 0 END) AS pit,
    SUM(CASE WHEN (decided_on IS NULL OR decided_on > %(end)s) AND pta_start_by < %(end)s THEN 1 ELSE 0 END) AS pl,
    0 AS cit, 0 AS cl
  FROM intake_intake
  WHERE received_on >= %(start)s AND received_on <= %(end)s
    AND kind IN ('child_protection_notification', 'social_care_contact', 'family_request')
    AND NOT (decided_on IS NOT NULL AND decided_on <= %(end)s AND outcome = 'attached_existing')
  GROUP BY wellbeing_county_id
  UNION ALL
  SELECT wellbeing_county_id, 0, 0, 0, 0,
    SUM(CASE WHEN completed_on <= complete_by THEN 1 ELSE 0 END),
    SUM(CASE WHEN completed_on > complete_by THEN 1 ELSE 0 END)
  FROM assessment_assessment
  WHERE completed_on >= %(start)s AND completed_on <= %(end)s
  GROUP BY wellbeing_county_id
  UNION ALL
  SELECT wellbeing_county_id, 0, 0, 0, 0,
    SUM(CASE WHEN imported_pta_completed_on <= pta_complete_by THEN 1 ELSE 0 END),
    SUM(CASE WHEN imported_pta_completed_on > pta_complete_by THEN 1 ELSE 0 END)
  FROM intake_intake i
  WHERE imported_pta_completed_on >= %(start)s AND imported_pta_completed_on <= %(end)s
    AND NOT EXISTS (SELECT 1 FROM assessment_assessmentintake l WHERE l.intake_id = i.id)
  GROUP BY wellbeing_county_id
) counts GROUP BY area
"""


def _median_seconds(func: Any, repeat: int) -> float:
    return statistics.median(samples(func, repeat=repeat))


def _seed() -> tuple[str, str, str]:
    """Generate the country with the real command in a child process: wall time and the child's peak RSS."""
    started = systime.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "luukku",
            "seed",
            "national",
            "--scale",
            str(SCALE),
            "--years",
            str(YEARS),
            "--seed",
            str(SEED),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = systime.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return (
        f"`luukku seed national --scale {SCALE:g} --years {YEARS}`",
        f"{wall / 60:.1f} min",
        f"target < 15 min; peak RSS {peak_mb:.0f} MB",
    )


def _counts() -> str:
    from luukku.assessment.models import Assessment
    from luukku.intake.models import Intake
    from luukku.people.models import Person

    return (
        f"{Intake.objects.count():,} intakes, {Assessment.objects.count():,} assessments, "
        f"{Person.objects.count():,} persons".replace(",", " ")
    )


def _thl() -> list[tuple[str, str, str]]:
    from django.db import connection

    from luukku.core import time
    from luukku.statistics import thl

    start, end = thl.latest_thl_period(today=time.today())
    params = {"start": start, "end": end}

    def report() -> None:
        thl.thl_report(start=start, end=end)

    def hand_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(THL_HAND_SQL, params)
            cursor.fetchall()

    report()
    hand_sql()
    ours = _median_seconds(report, 5)
    floor = _median_seconds(hand_sql, 5)
    rows = thl.thl_report(start=start, end=end)
    national = rows[-1]
    return [
        (
            f"THL report, whole country, {start:%-d.%-m.%Y}–{end:%-d.%-m.%Y} ({len(rows) - 1} counties)",
            ms(ours),
            f"target < 2 s and ≤ 2× floor; hand SQL floor {ms(floor)} = {ours / floor:.2f}×; "
            f"started in time {national.started_in_time_percent} %, completed in time "
            f"{national.completed_in_time_percent} %",
        )
    ]


def _largest_county() -> Any:
    from django.db.models import Count

    from luukku.intake.models import Intake
    from luukku.organisations.models import Organisation

    top = (
        Intake.objects.values("wellbeing_county_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("wellbeing_county_id", flat=True)
        .first()
    )
    return Organisation.objects.get(pk=top)


def _dashboard() -> list[tuple[str, str, str]]:
    from dateutil.relativedelta import relativedelta

    from luukku.core import time
    from luukku.statistics.selectors import INDICATORS
    from luukku.statistics.types import Filters

    county = _largest_county()
    end = time.today()
    filters = Filters(start=end - relativedelta(years=5) + dt.timedelta(days=1), end=end, county_id=county.pk)
    slowest: dict[str, float] = {}

    def dashboard() -> None:
        for key, indicator in INDICATORS.items():
            began = systime.perf_counter()
            indicator(filters=filters)
            slowest[key] = max(slowest.get(key, 0.0), systime.perf_counter() - began)

    dashboard()
    slowest.clear()  # the first, cold run only warms the caches
    total = _median_seconds(dashboard, 3)
    worst = max(slowest, key=slowest.get)
    return [
        (
            f"county dashboard, 5 years, all {len(INDICATORS)} indicators ({county.name_fi})",
            ms(total),
            f"target < 1 s; slowest indicator `{worst}` {ms(slowest[worst])}",
        )
    ]


def _pages() -> list[tuple[str, str, str]]:
    from django.db.models import Count
    from django.test import Client

    from luukku.assessment.models import Assessment, AssessmentStatus
    from luukku.core.testing import login
    from luukku.intake.models import OPEN_STATUSES, Intake
    from luukku.organisations.models import Professional

    county = _largest_county()
    worker_id = (
        Intake.objects.filter(status__in=OPEN_STATUSES, wellbeing_county=county, assigned_to__isnull=False)
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("assigned_to", flat=True)
        .first()
    )
    worker = Professional.objects.get(pk=worker_id)
    open_in_tray = Intake.objects.filter(status__in=OPEN_STATUSES, assigned_to=worker).count()
    client = Client()
    login(client, worker)
    rows = []

    def tray() -> None:
        response = client.get("/vireilletulot/omat/")
        assert response.status_code == 200, response.status_code

    for _ in range(5):
        tray()
    times = samples(tray, repeat=50)
    rows.append(
        (
            f"worker's work tray /vireilletulot/omat/ ({open_in_tray} open intakes)",
            f"p95 {ms(p(times, 0.95))}",
            f"target p95 < 100 ms; p50 {ms(p(times, 0.5))}",
        )
    )
    assessments = list(
        Assessment.objects.filter(status=AssessmentStatus.OPEN, wellbeing_county=county)
        .select_related("responsible_worker", "child")
        .order_by("pk")[:50]
    )
    clients: dict[int, Client] = {}

    def child_page(assessment: Any) -> None:
        responsible = assessment.responsible_worker
        if responsible.pk not in clients:
            clients[responsible.pk] = login(Client(), responsible)
        response = clients[responsible.pk].get(f"/lapsi/{assessment.child.public_id}/")
        assert response.status_code == 200, response.status_code

    for assessment in assessments[:5]:
        child_page(assessment)
    times = []
    for assessment in assessments:
        began = systime.perf_counter()
        child_page(assessment)
        times.append(systime.perf_counter() - began)
    rows.append(
        (
            f"child's page /lapsi/<id>/ ({len(assessments)} children with an open assessment)",
            f"p95 {ms(p(times, 0.95))}",
            f"target p95 < 100 ms; p50 {ms(p(times, 0.5))}",
        )
    )
    return rows


# --- Load test ---------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _RssWatcher(threading.Thread):
    """Peak resident set size of each gunicorn worker (children of the master), polled every 0.2 s."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak_mb = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        master = psutil.Process(self.master_pid)
        while not self.stop.is_set():
            try:
                for child in master.children():
                    self.peak_mb = max(self.peak_mb, child.memory_info().rss / 1024 / 1024)
            except psutil.Error:
                pass
            self.stop.wait(0.2)


def _api_setup() -> tuple[str, list[str]]:
    """An API client of the largest county's intake unit, and the municipalities its notifications come from."""
    from luukku.intake.auth import api_client_create
    from luukku.intake.models import IntakeRouting

    county = _largest_county()
    routing = IntakeRouting.objects.filter(municipality__in=county.municipalities.all()).select_related(
        "unit"
    )
    unit = routing.first().unit
    created = api_client_create(
        actor=None, organisation=county, name=f"Kuormitustesti {systime.perf_counter_ns()}", default_unit=unit
    )
    codes = list(county.municipalities.values_list("code", flat=True))
    return created.token, codes


def _locust(host: str, user_class: str, env: dict[str, str], out_dir: Path) -> dict[str, float]:
    prefix = out_dir / user_class
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{LOAD_SECONDS}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            user_class,
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    return {
        "rps": float(total["Requests/s"]),
        "requests": float(total["Request Count"]),
        "failures": float(total["Failure Count"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
    }


def _load() -> list[tuple[str, str, str]]:
    token, municipalities = _api_setup()
    port = _free_port()
    env = {**os.environ, "DEBUG": "false"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        host = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                systime.sleep(0.1)
        watcher = _RssWatcher(server.pid)
        watcher.start()
        load_env = {**env, "BENCH_API_TOKEN": token, "BENCH_MUNICIPALITIES": ",".join(municipalities)}
        with tempfile.TemporaryDirectory() as tmp:
            floor = _locust(host, "HealthUser", load_env, Path(tmp))
            api = _locust(host, "IntakeApiUser", load_env, Path(tmp))
        watcher.stop.set()
        watcher.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    share = api["rps"] / floor["rps"] if floor["rps"] else 0.0
    return [
        (
            f"intake API under locust, {USERS} users × {LOAD_SECONDS} s, gunicorn {WORKERS} workers",
            f"{api['rps']:.0f} req/s",
            f"target ≥ 200 req/s, 0 errors, ≥ ½ floor; p50/p95/p99 {api['p50']:.0f}/{api['p95']:.0f}/{api['p99']:.0f} "
            f"ms; {api['requests']:.0f} requests, {api['failures']:.0f} errors; {share:.2f}× floor",
        ),
        (
            "trivial endpoint /api/v1/health, same server and load (floor)",
            f"{floor['rps']:.0f} req/s",
            f"p50/p95/p99 {floor['p50']:.0f}/{floor['p95']:.0f}/{floor['p99']:.0f} ms; "
            f"{floor['failures']:.0f} errors",
        ),
        (
            "peak RSS of one gunicorn worker during the load tests",
            f"{watcher.peak_mb:.0f} MB",
            "target < 300 MB",
        ),
    ]


def run(db_label: str) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        rows.append(_seed())
    rows.append(("national data in the database", _counts(), f"scale {SCALE:g} × {YEARS} years, seed {SEED}"))
    rows += _thl()
    rows += _dashboard()
    rows += _pages()
    rows += _load()
    return rows
