"""End-to-end ingest: signed X webhook deliveries at increasing rates → stored → triaged.

For each offered rate, X Account Activity deliveries (``tweet_create_events`` built from the labelled
mentions, signed with ``x-twitter-webhooks-signature``) are sent open-loop for a few seconds to
gunicorn at ``POST /webhooks/x/``; Celery workers on Redis ingest and triage them. Reported per rate:
sustained mentions/s from first delivery to last triaged, and the latency from the moment a delivery
was sent to the moment its message was triaged (priority and SLA set): median, 95th, 99th percentile.
Baseline: plain single-row INSERTs per second on the same database, measured in the same run.

    python dev.py bench e2e_ingest
    BENCH_E2E_RATES=100,300,500 BENCH_E2E_SECONDS=10 BENCH_E2E_EVENTS_PER_DELIVERY=1 python dev.py bench e2e_ingest
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
import zlib
from datetime import datetime, timezone

from bench.common import ROOT, machine, percentile, report, setup_django
from bench.ingest_api import baseline_inserts, discard_published_tasks, free_port, start_gunicorn

RATES = [int(r) for r in os.environ.get("BENCH_E2E_RATES", "50,100,200,400,600").split(",")]
SECONDS = float(os.environ.get("BENCH_E2E_SECONDS", 5))
WORKER_PROCESSES = int(os.environ.get("BENCH_E2E_WORKER_PROCESSES", 2))
EVENTS_PER_DELIVERY = int(os.environ.get("BENCH_E2E_EVENTS_PER_DELIVERY", 1))
SECRET = "bench-x-consumer-secret"
BRAND_IDS = {"MovilNova": "2001", "AeroSur": "2002", "LabiaCosmetics": "2003", "CafeTostado": "2004",
             "VoltaMotors": "2005", "BancoCerca": "2006"}


def start_workers() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "helpdesk", "worker", "-Q", "ingest,triage,sla,deliver",
         "--concurrency", str(WORKER_PROCESSES), "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "-O", "fair"], cwd=ROOT, env=os.environ.copy())


def x_accounts() -> None:
    from inbox.models import ChannelAccount

    for handle, user_id in BRAND_IDS.items():
        ChannelAccount.objects.update_or_create(network="x", external_id=user_id,
                                                defaults={"handle": f"{handle}Bench", "is_active": True})


def deliveries(n: int, rng: random.Random) -> list[tuple[list[str], bytes]]:
    """``n`` mentions as signed Account Activity deliveries: (tweet ids, body)."""
    from inbox.demo import load_samples

    samples = [s for s in load_samples() if s["network"] == "x" and s["visibility"] == "public"]
    now = datetime.now(timezone.utc).strftime("%a %b %d %H:%M:%S +0000 %Y")
    by_brand: dict[str, list] = {}
    for _ in range(n):
        sample = rng.choice(samples)
        brand = sample["brand"].lstrip("@")
        tweet_id = str(10**17 + uuid.uuid4().int % (9 * 10**17))  # fresh every run
        author = sample["author_handle"]
        by_brand.setdefault(brand, []).append({
            "created_at": now, "id_str": tweet_id, "text": sample["text"].replace("@" + brand, f"@{brand}Bench"),
            "truncated": False, "in_reply_to_status_id_str": None, "lang": sample["language"],
            "user": {"id_str": str(zlib.crc32(author.encode())), "name": author.replace("_", " ").title(),
                     "screen_name": author, "verified": sample["author_verified"],
                     "followers_count": int(sample["author_followers"] * rng.uniform(0.95, 1.05))},
            "entities": {"user_mentions": [{"screen_name": f"{brand}Bench", "id_str": BRAND_IDS[brand]}]},
            "public_metrics": {"like_count": rng.randrange(0, 5), "retweet_count": 0},
            "timestamp_ms": str(int(time.time() * 1000)),
        })
    result = []
    for brand, tweets in by_brand.items():
        for start in range(0, len(tweets), EVENTS_PER_DELIVERY):
            chunk = tweets[start:start + EVENTS_PER_DELIVERY]
            body = json.dumps({"for_user_id": BRAND_IDS[brand], "tweet_create_events": chunk}).encode()
            result.append(([t["id_str"] for t in chunk], body))
    rng.shuffle(result)
    return result


class Sender:
    """Open-loop load: deliveries leave on schedule whatever the server's speed, over keep-alive connections."""

    def __init__(self, port: int, threads: int = 16):
        self.port, self.threads = port, threads
        self.errors: list[str] = []

    def send(self, batch: list[tuple[list[str], bytes]], rate: float) -> tuple[float, dict[str, float]]:
        from integrations.signatures import x_signature

        signed = [(ids, body, x_signature(SECRET, body)) for ids, body in batch]
        sent_at: dict[str, float] = {}
        start = time.perf_counter()
        slots = iter(range(len(signed)))
        lock = threading.Lock()

        def run():
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            while True:
                with lock:
                    index = next(slots, None)
                if index is None:
                    break
                delay = start + index / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                ids, body, signature = signed[index]
                at = time.time()
                connection.request("POST", "/webhooks/x/", body, {
                    "Content-Type": "application/json", "x-twitter-webhooks-signature": signature})
                response = connection.getresponse()
                answer = response.read()
                if response.status != 200:
                    self.errors.append(f"{response.status} {answer[:200]!r}")
                for tweet_id in ids:
                    sent_at[tweet_id] = at

        threads = [threading.Thread(target=run) for _ in range(self.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start, sent_at


def wait_triaged(external_ids: list[str], timeout: float = 600) -> dict[str, float]:
    from inbox.models import Message

    deadline = time.monotonic() + timeout
    done: dict[str, float] = {}
    while time.monotonic() < deadline:
        missing = [i for i in external_ids if i not in done]
        for chunk in range(0, len(missing), 5000):
            for external_id, triaged_at in (Message.objects.filter(
                    network="x", external_id__in=missing[chunk:chunk + 5000], triaged_at__isnull=False)
                    .values_list("external_id", "triaged_at")):
                done[external_id] = triaged_at.timestamp()
        if len(done) == len(external_ids):
            return done
        time.sleep(0.5)
    raise TimeoutError(f"only {len(done)} of {len(external_ids)} triaged")


def check_triaged(external_ids: list[str]) -> None:
    """Every message has its priority and SLA clocks, and none was stored twice."""
    from inbox.models import Conversation, Message

    assert Message.objects.filter(network="x", external_id__in=external_ids).count() == len(external_ids)
    untriaged = Conversation.objects.filter(messages__external_id__in=external_ids, sla_due_at__isnull=True,
                                            expects_reply=True).count()
    if untriaged:
        print(f"  warning: {untriaged} conversations expecting a reply have no SLA due time")


def run_step(sender: Sender, rate: int, rng: random.Random) -> tuple:
    batch = deliveries(int(rate * SECONDS), rng)
    send_seconds, sent_at = sender.send(batch, rate / EVENTS_PER_DELIVERY)
    if sender.errors:
        raise RuntimeError(f"{len(sender.errors)} deliveries refused, first: {sender.errors[0]}")
    ids = list(sent_at)
    triaged = wait_triaged(ids)
    check_triaged(ids)
    latencies = [triaged[i] - sent_at[i] for i in ids]
    first, last = min(sent_at.values()), max(triaged.values())
    sustained = len(ids) / max(last - first, 1e-9)
    return (len(ids) / send_seconds, sustained, percentile(latencies, 0.5), percentile(latencies, 0.95),
            percentile(latencies, 0.99))


def main() -> None:
    os.environ["CELERY_KEY_PREFIX"] = f"bench-{uuid.uuid4().hex[:6]}-"
    os.environ["X_CONSUMER_SECRET"] = SECRET
    setup_django()
    rng = random.Random(3)
    baseline = baseline_inserts(2000)
    x_accounts()
    port = free_port()
    server, workers = start_gunicorn(port), start_workers()
    rows = [("baseline: single-row INSERT, 1 txn/row", f"{baseline:,.0f} rows/s")]
    try:
        time.sleep(3)
        sender = Sender(port)
        run_step(sender, 20, rng)  # warm-up
        for rate in RATES:
            offered, sustained, p50, p95, p99 = run_step(sender, rate, rng)
            rows.append((f"offered {rate}/s (sent {offered:.0f}/s)",
                         f"sustained {sustained:6.0f} mentions/s ({sustained / baseline:.2f}× baseline)  "
                         f"latency p50 {p50:.2f}s p95 {p95:.2f}s p99 {p99:.2f}s"))
    finally:
        for process in (server, workers):
            process.terminate()
        for process in (server, workers):
            process.wait()
        discard_published_tasks()
    report(f"End-to-end: signed X webhook → stored → triaged ({machine()}; gunicorn 2 workers, "
           f"Celery prefork {WORKER_PROCESSES}, {EVENTS_PER_DELIVERY} event(s) per delivery, "
           f"PostgreSQL and Redis on the same machine)", rows)


if __name__ == "__main__":
    main()
