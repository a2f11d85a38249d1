"""End-to-end ingest: deliveries at increasing rates → stored → triaged, through real Celery workers.

For each offered rate, deliveries are sent open-loop for a few seconds (one mention per HTTP request,
as the networks deliver them) to gunicorn; Celery workers on Redis process and triage them. Reported:
sustained mentions/s from first delivery to last triaged, and the delivery-to-triaged latency
(median, 95th, 99th percentile). Baseline: plain single-row INSERTs per second on the same database.
"""

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid

from bench.common import ROOT, machine, percentile, report, setup_django
from bench.ingest_api import baseline_inserts, discard_published_tasks, free_port, make_token, mentions, start_gunicorn

RATES = [int(r) for r in os.environ.get("BENCH_E2E_RATES", "50,100,200,400").split(",")]
SECONDS = float(os.environ.get("BENCH_E2E_SECONDS", 5))
WORKER_PROCESSES = int(os.environ.get("BENCH_E2E_WORKER_PROCESSES", 2))


def start_workers() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "helpdesk", "worker", "-Q", "ingest,triage,sla,deliver",
         "--concurrency", str(WORKER_PROCESSES), "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "-O", "fair"], cwd=ROOT, env=os.environ.copy())


class Sender:
    """Open-loop load: requests leave on schedule whatever the server's speed, over keep-alive connections."""

    def __init__(self, port: int, token: str, threads: int = 8):
        self.port, self.token, self.threads = port, token, threads
        self.errors = 0

    def send(self, bodies: list[dict], rate: float) -> float:
        start = time.perf_counter()
        slots = iter(range(len(bodies)))
        lock = threading.Lock()

        def run():
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            while True:
                with lock:
                    index = next(slots, None)
                if index is None:
                    break
                delay = start + index / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                connection.request("POST", "/api/v1/mentions/", json.dumps(bodies[index]),
                                   {"Authorization": f"Token {self.token}", "Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status not in (200, 201):
                    self.errors += 1

        threads = [threading.Thread(target=run) for _ in range(self.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start


def wait_triaged(external_ids: list[str], timeout: float = 300) -> list[tuple]:
    from inbox.models import Message

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(Message.objects.filter(external_id__in=external_ids).values_list("received_at", "triaged_at"))
        if len(rows) == len(external_ids) and all(t for _, t in rows):
            return rows
        time.sleep(0.5)
    raise TimeoutError(f"only {sum(1 for _, t in rows if t)} of {len(external_ids)} triaged")


def run_step(sender: Sender, rate: int) -> tuple:
    bodies = mentions(int(rate * SECONDS))
    send_seconds = sender.send(bodies, rate)
    rows = wait_triaged([b["external_id"] for b in bodies])
    first = min(r for r, _ in rows)
    last = max(t for _, t in rows)
    latencies = [(t - r).total_seconds() for r, t in rows]
    sustained = len(rows) / max((last - first).total_seconds(), 1e-9)
    return len(rows) / send_seconds, sustained, percentile(latencies, 0.5), percentile(latencies, 0.95), percentile(latencies, 0.99)


def main() -> None:
    os.environ["CELERY_KEY_PREFIX"] = f"bench-{uuid.uuid4().hex[:6]}-"
    setup_django()
    random.seed(3)
    baseline = baseline_inserts(2000)
    token = make_token()
    port = free_port()
    server, workers = start_gunicorn(port), start_workers()
    rows = [("baseline: single-row INSERT, 1 txn/row", f"{baseline:,.0f} rows/s")]
    try:
        time.sleep(3)
        sender = Sender(port, token)
        run_step(sender, 20)  # warm-up
        for rate in RATES:
            offered, sustained, p50, p95, p99 = run_step(sender, rate)
            rows.append((f"offered {rate}/s (sent {offered:.0f}/s)",
                         f"sustained {sustained:6.0f} mentions/s ({sustained / baseline:.2f}× baseline)  "
                         f"latency p50 {p50:.2f}s p95 {p95:.2f}s p99 {p99:.2f}s"))
        if sender.errors:
            rows.append(("errors", str(sender.errors)))
    finally:
        for process in (server, workers):
            process.terminate()
        for process in (server, workers):
            process.wait()
        discard_published_tasks()
    report(f"End-to-end: POST mention → stored → triaged ({machine()}; gunicorn 2 workers, "
           f"Celery prefork {WORKER_PROCESSES}, PostgreSQL and Redis on the same machine)", rows)


if __name__ == "__main__":
    main()
