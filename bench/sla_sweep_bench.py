"""The SLA sweep's time with 100,000 open conversations of which 1,000 are due, next to 1,000 open (all due).

    python dev.py bench sla_sweep_bench        # or: python -m bench sla_sweep_bench

PostgreSQL only. Uses its own database ``escucha_bench_sla`` on the server DATABASE_URL points at
(BENCH_DATABASE_URL overrides it), so clocks left by other work never join the sweep. Each conversation has two open clocks (first response
and resolution), as after a real inbound message. Each sweep runs in a transaction that is rolled
back, so every round sees the same due clocks (one warm-up round is not counted); the sweep includes the escalation actions (timeline
event, in-app alert, priority raise, tag, inbox due time) for each of the 1,000 breaches.
"""

from datetime import timedelta

from bench.common import machine, median, report, setup_django, timed

DUE = 1_000
OPEN = 100_000
ROUNDS = 5
BATCH = 5_000


def main() -> None:
    setup_django("escucha_bench_sla")
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("sla_sweep_bench needs PostgreSQL (DATABASE_URL=postgres://…)")
    from django.utils import timezone

    now = timezone.now()
    account = _fresh_account()
    _add_conversations(account, DUE, now, due=True)
    _vacuum()
    small = _measure(now)
    _add_conversations(account, OPEN - DUE, now, due=False)
    _vacuum()
    large = _measure(now)
    _remove_not_due(account, now)
    _vacuum()
    again = _measure(now)  # the baseline once more, to show the drift of this machine during the run
    report(f"SLA sweep: {DUE:,} due clocks ({machine()}, PostgreSQL, median of {ROUNDS})", [
        (f"sweep, {DUE:,} open (baseline)", _line(small)),
        (f"sweep, {OPEN:,} open, {DUE:,} due", _line(large) + f"  ({large['sweep'] / small['sweep']:.2f}× the baseline)"),
        (f"sweep, {DUE:,} open (baseline again)", _line(again)),
        (f"due-clock query, {DUE:,} open, jit off", f"{small['query_off'] * 1000:8.2f} ms"),
        (f"due-clock query, {OPEN:,} open, jit off", f"{large['query_off'] * 1000:8.2f} ms"),
        (f"due-clock query, {OPEN:,} open, jit on", f"{large['query_on'] * 1000:8.2f} ms"),
        ("plan", large["plan"]),
    ])
    _fresh_account()  # leave nothing behind


def _line(figures: dict) -> str:
    return (f"{figures['sweep'] * 1000:8.1f} ms  (SQL {figures['sql'] * 1000:.0f} ms in "
            f"{figures['statements']} statements)")


def _vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE slas_slaclock")
        cursor.execute("VACUUM ANALYZE inbox_conversation")


def _remove_not_due(account, now) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        not_due = ("SELECT conversation_id FROM slas_slaclock WHERE metric = 'first_response' AND due_at > %s "
                   "AND conversation_id IN (SELECT id FROM inbox_conversation WHERE account_id = %s)")
        cursor.execute(f"CREATE TEMP TABLE not_due AS {not_due}", [now, account.pk])
        cursor.execute("DELETE FROM slas_slaclock WHERE conversation_id IN (SELECT conversation_id FROM not_due)")
        cursor.execute("DELETE FROM inbox_conversation WHERE id IN (SELECT conversation_id FROM not_due)")
        cursor.execute("DROP TABLE not_due")


def _fresh_account():
    from django.db import connection

    from inbox.models import ChannelAccount

    account, _ = ChannelAccount.objects.get_or_create(network="x", external_id="sla-bench",
                                                      defaults={"handle": "SlaBench"})
    with connection.cursor() as cursor:  # raw deletes: the ORM's cascade collector is slow at 100k rows
        for table, column in (("slas_supervisoralert", "account_id"),):
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [account.pk])
        for table in ("slas_slaclock", "inbox_event"):
            cursor.execute(f"DELETE FROM {table} WHERE conversation_id IN "
                           "(SELECT id FROM inbox_conversation WHERE account_id = %s)", [account.pk])
        cursor.execute("DELETE FROM inbox_conversation WHERE account_id = %s", [account.pk])
    return account


def _add_conversations(account, count: int, now, *, due: bool) -> None:
    from inbox.models import Conversation, Customer
    from slas.models import SlaClock, SlaPolicy

    customer, _ = Customer.objects.get_or_create(network="x", external_id="sla-bench-customer",
                                                 defaults={"handle": "bench"})
    policy = SlaPolicy.objects.get(key="standard")
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        conversations = Conversation.objects.bulk_create(
            Conversation(account=account, customer=customer, status="open", priority=3) for _ in range(size))
        clocks = []
        for n, conversation in enumerate(conversations):
            # Due ones are 1–60 minutes overdue; the rest fall due over the next 30 days.
            first_due = now - timedelta(minutes=1 + n % 60) if due else now + timedelta(minutes=5 + (start + n) % 43_200)
            for metric, due_at in (("first_response", first_due), ("resolution", now + timedelta(days=3))):
                clocks.append(SlaClock(conversation=conversation, metric=metric, policy=policy, priority=3,
                                       target=timedelta(hours=4), started_at=now - timedelta(hours=5), due_at=due_at,
                                       warn_at=due_at - timedelta(hours=1), warned_at=now - timedelta(hours=1)))
        SlaClock.objects.bulk_create(clocks)


def _measure(now) -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from slas import services

    def one_sweep():
        with transaction.atomic():
            elapsed, result = timed(services.sweep, now=now, batch=DUE)
            assert result.breached == DUE, result
            transaction.set_rollback(True)
        return elapsed

    one_sweep()  # warm-up: caches, plans, connection
    sweeps, queries_off, queries_on = [], [], []
    for _ in range(ROUNDS):
        sweeps.append(one_sweep())
        for jit, bucket in (("off", queries_off), ("on", queries_on)):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL jit = {jit}")
                elapsed, _ = timed(_due_query, cursor, now)
                bucket.append(elapsed)
    with CaptureQueriesContext(connection) as captured:
        one_sweep()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + _DUE_SQL, [now, DUE])
        plan = " / ".join(row[0].strip() for row in cursor.fetchall()[:3])
    return {"sweep": median(sweeps), "query_off": median(queries_off), "query_on": median(queries_on), "plan": plan,
            "sql": sum(float(q["time"]) for q in captured.captured_queries),
            "statements": len(captured.captured_queries)}


# The sweep's read: the ids of running clocks that are due, through the partial index on due_at.
_DUE_SQL = ("SELECT conversation_id FROM slas_slaclock WHERE state = 'running' AND due_at <= %s "
            "ORDER BY due_at LIMIT %s")


def _due_query(cursor, now):
    cursor.execute(_DUE_SQL, [now, DUE])
    return cursor.fetchall()


if __name__ == "__main__":
    main()
