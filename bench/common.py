"""Shared set-up for benchmarks: a PostgreSQL database of their own, timing and printing helpers."""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER_URL = "postgres://root@127.0.0.1:5432"


def own_database_url(name: str) -> str:
    """A database named ``name`` on the PostgreSQL server DATABASE_URL points at (127.0.0.1 by default).

    Benchmarks fill and truncate their tables, so they never run on the database DATABASE_URL names;
    BENCH_DATABASE_URL, when set, is used as it is.
    """
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    configured = os.environ.get("DATABASE_URL", "")
    server = configured.rsplit("/", 1)[0] if configured.startswith("postgres") else DEFAULT_SERVER_URL
    return f"{server}/{name}"


def setup_django(database: str | None = None) -> None:
    """Point Django at the bench database (created and migrated if needed).

    With ``database``, always that database of its own on the configured server (see own_database_url);
    without, DATABASE_URL or escucha_bench.
    """
    if database:
        os.environ["DATABASE_URL"] = own_database_url(database)
    os.environ.setdefault("DATABASE_URL", f"{DEFAULT_SERVER_URL}/escucha_bench")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    os.environ.setdefault("CELERY_KEY_PREFIX", "bench-")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # plain HTTP on localhost, as behind a TLS proxy
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
    _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def median(values):
    return statistics.median(values)


def machine() -> str:
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cpu} cores, Python {sys.version.split()[0]}"


def report(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n== {title}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")
