"""Ingest rate through POST /api/v1/mentions/ on PostgreSQL, against plain single-row INSERTs.

Runs gunicorn (2 sync workers) on a free port and posts realistic mentions over HTTP, one per
request and in batches of 100, from 4 client threads. Triage tasks are published to Redis under a
bench-only key prefix and discarded afterwards (the end-to-end pipeline has its own benchmark).
"""

import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.common import ROOT, machine, report, setup_django, timed

ROWS = int(os.environ.get("BENCH_INGEST_ROWS", 2000))


def baseline_inserts(n: int) -> float:
    """Plain single-row INSERT … ON CONFLICT DO NOTHING, one transaction per row: rows/s."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_baseline")
        cursor.execute("CREATE TABLE bench_baseline (id bigserial primary key, network text, external_id text,"
                       " author text, body text, created_at timestamptz default now(), UNIQUE (network, external_id))")
    connection.set_autocommit(True)

    def insert_all():
        with connection.cursor() as cursor:
            for i in range(n):
                cursor.execute("INSERT INTO bench_baseline (network, external_id, author, body) VALUES (%s, %s, %s, %s)"
                               " ON CONFLICT DO NOTHING", ["x", f"b{i}", "42", "@brand where is my order?"])

    seconds, _ = timed(insert_all)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_baseline")
    return n / seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "helpdesk.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--log-level", "warning"], cwd=ROOT, env=os.environ.copy())
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def make_token() -> str:
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    from inbox.demo import BRANDS
    from inbox.models import ChannelAccount

    for handle in BRANDS:
        ChannelAccount.objects.get_or_create(network="x", external_id=f"x-{handle.lower()}", defaults={"handle": handle})
    user, _ = User.objects.get_or_create(username="bench-admin")
    user.groups.add(Group.objects.get_or_create(name="admin")[0])
    return Token.objects.get_or_create(user=user)[0].key


def mentions(n: int) -> list[dict]:
    from inbox.demo import load_samples, mention_from_sample

    rng = random.Random(7)
    samples = [s for s in load_samples() if s["network"] == "x"]
    return [mention_from_sample(rng.choice(samples), rng) for _ in range(n)]


def post_all(url: str, token: str, bodies: list, threads: int = 4) -> float:
    session_headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def post(body):
        response = requests.post(url, data=json.dumps(body), headers=session_headers, timeout=300)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"{response.status_code}: {response.text[:300]}")

    seconds, _ = timed(lambda: list(ThreadPoolExecutor(threads).map(post, bodies)))
    return seconds


def discard_published_tasks() -> None:
    import redis

    client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    for key in client.scan_iter(match=os.environ["CELERY_KEY_PREFIX"] + "*"):
        client.delete(key)


def main() -> None:
    os.environ["CELERY_KEY_PREFIX"] = f"bench-{uuid.uuid4().hex[:6]}-"
    setup_django("escucha_bench")
    baseline = baseline_inserts(ROWS)
    token = make_token()
    port = free_port()
    server = start_gunicorn(port)
    url = f"http://127.0.0.1:{port}/api/v1/mentions/"
    try:
        post_all(url, token, mentions(50))  # warm up both workers
        singles = mentions(ROWS // 2)
        single_seconds = post_all(url, token, singles)
        batches = mentions(ROWS * 5)
        batch_seconds = post_all(url, token, [batches[i:i + 100] for i in range(0, len(batches), 100)])
    finally:
        server.terminate()
        server.wait()
        discard_published_tasks()
    single_rate = len(singles) / single_seconds
    batch_rate = len(batches) / batch_seconds
    report(f"Ingest through POST /api/v1/mentions/ on PostgreSQL ({machine()}, gunicorn 2 workers, 4 clients)", [
        ("baseline: single-row INSERT, 1 txn/row", f"{baseline:,.0f} rows/s"),
        ("API, one mention per request", f"{single_rate:,.0f} mentions/s  ({single_rate / baseline:.2f}× baseline)"),
        ("API, 100 mentions per request", f"{batch_rate:,.0f} mentions/s  ({batch_rate / baseline:.2f}× baseline)"),
    ])


if __name__ == "__main__":
    main()
