"""What one mention costs in each stage of the pipeline, in CPU time and queries (in-process, no HTTP).

    python dev.py bench pipeline_cost
    BENCH_PROFILE=1 python dev.py bench pipeline_cost     # also print a pyinstrument profile per stage

Runs the three stages the workers run, in this process, over the same signed X deliveries the
end-to-end benchmark sends: the webhook view (signature, shape check, store the raw event), ingest
(raw event → customer, conversation, message, SLA clocks) and triage (classification, playbook,
conversation update, clocks retargeted). CPU time is this process's (``time.process_time``), so the
figures hold on a busy machine better than wall-clock ones; PostgreSQL's own CPU is not included.
"""

import os
import random
import time
import uuid

from bench.common import report, setup_django

MENTIONS = int(os.environ.get("BENCH_COST_MENTIONS", 300))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"


def stage(name: str, fn, n: int, rows: list, profiles: list) -> None:
    from django.db import connection

    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    profiler = None
    if PROFILE:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    cpu, wall = time.process_time(), time.perf_counter()
    with connection.execute_wrapper(count):
        fn()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profiler:
        profiler.stop()
        profiles.append((name, profiler.output_text(unicode=True, color=False, show_all=False)))
    rows.append((name, f"{cpu / n * 1000:6.2f} ms CPU/mention  {wall / n * 1000:6.2f} ms wall/mention  "
                       f"{queries[0] / n:5.1f} queries/mention"))


def main() -> None:
    os.environ["CELERY_KEY_PREFIX"] = f"bench-{uuid.uuid4().hex[:6]}-"
    os.environ["X_CONSUMER_SECRET"] = "bench-x-consumer-secret"
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    setup_django("escucha_bench")
    from django.test import Client

    from bench.e2e_ingest import SECRET, deliveries, x_accounts
    from bench.ingest_api import discard_published_tasks
    from inbox import services
    from inbox.models import Message, RawEvent
    from integrations.signatures import x_signature
    from playbook.services import triage_messages

    from playbook.classify.learned import shipped_model

    shipped_model()  # trained once before any work, as a Celery worker does at start (playbook/tasks.py)
    x_accounts()
    batch = deliveries(MENTIONS, random.Random(11))
    client = Client(HTTP_HOST="127.0.0.1")
    started = RawEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = [i for ids, _ in batch for i in ids]
    rows, profiles = [], []

    def deliver():
        for _, body in batch:
            response = client.post("/webhooks/x/", data=body, content_type="application/json",
                                   headers={"x-twitter-webhooks-signature": x_signature(SECRET, body)})
            assert response.status_code == 200, response.content

    def ingest():  # what the ingest task does: claim waiting raw events in batches
        for pk in RawEvent.objects.filter(pk__gt=started, processed_at__isnull=True).order_by("pk").values_list(
                "pk", flat=True):
            services.process_raw_events(pk)

    def triage():  # what the triage task does, 100 messages a task
        pks = list(Message.objects.filter(network="x", external_id__in=ids).values_list("pk", flat=True))
        for start in range(0, len(pks), 100):
            triage_messages(pks[start:start + 100])

    try:
        for name, fn in (("webhook view (store raw event)", deliver), ("ingest (raw event → message, clocks)", ingest),
                         ("triage (classify, rules, clocks)", triage)):
            stage(name, fn, len(ids), rows, profiles)
    finally:
        discard_published_tasks()
    assert Message.objects.filter(network="x", external_id__in=ids, triaged_at__isnull=False).count() == len(ids)
    report(f"Pipeline cost per mention, in process ({len(ids)} mentions, PostgreSQL)", rows)
    for name, text in profiles:
        print(f"\n--- profile: {name}\n{text}")


if __name__ == "__main__":
    main()
