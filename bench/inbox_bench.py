"""Inbox page server time on a large inbox: 1,000,000 messages, 200,000 open conversations (PostgreSQL).

    python -m bench inbox_bench          # or: python dev.py bench inbox_bench

Generates the data once with INSERT … SELECT generate_series (kept between runs in its own database
``escucha_bench_inbox`` on the server DATABASE_URL points at; BENCH_DATABASE_URL overrides it), then times the agent's inbox through Django's full request stack
(middleware, session, auth, query, template) with the test client: the first page, filtered pages,
a deep keyset page, and the htmx live-refresh fragment. Baselines measured in the same run:
a bare ``SELECT 1`` round trip, the same first-page query without the inbox's partial index, and the
same deep page reached with OFFSET instead of the keyset cursor.
"""

import os
import time

from bench.common import machine, median, percentile, report, setup_django

CONVERSATIONS = int(os.environ.get("BENCH_INBOX_CONVERSATIONS", 250_000))
OPEN_CONVERSATIONS = int(os.environ.get("BENCH_INBOX_OPEN", 200_000))
MESSAGES = int(os.environ.get("BENCH_INBOX_MESSAGES", 1_000_000))
CUSTOMERS = CONVERSATIONS // 2
REQUESTS = int(os.environ.get("BENCH_INBOX_REQUESTS", 200))
DEEP_PAGE = 2_000  # page number of the deep-page case (row 100,000)


def generate() -> None:
    """Fill the inbox tables in a few set-based statements (skipped when the data is already there)."""
    from django.db import connection

    from inbox.models import Message

    if Message.objects.count() >= MESSAGES:
        print("  data already generated")
        return
    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute("TRUNCATE inbox_message, inbox_event, inbox_note, inbox_presence, inbox_conversation, "
                  "inbox_customer RESTART IDENTITY CASCADE")
        c.execute("SELECT setseed(0.42)")
        c.execute("""
            INSERT INTO inbox_channelaccount (network, external_id, handle, name, credentials_key, is_active,
                last_error, needs_reauth)
            SELECT n, n || '-bench-' || b, 'Brand' || b, 'Brand ' || b, '', true, '', false
            FROM unnest(ARRAY['x', 'facebook', 'instagram']) n, generate_series(1, 6) b
            ON CONFLICT DO NOTHING""")
        c.execute("SELECT array_agg(id ORDER BY id), array_agg(network ORDER BY id) FROM inbox_channelaccount")
        account_ids, networks = c.fetchone()
        c.execute("CREATE TEMP TABLE bench_accounts (idx int, id bigint, network text)")
        c.executemany("INSERT INTO bench_accounts VALUES (%s, %s, %s)",
                      [(i, pk, net) for i, (pk, net) in enumerate(zip(account_ids, networks))])
        n_accounts = len(account_ids)
        c.execute(f"""
            INSERT INTO inbox_customer (network, external_id, handle, name, followers, verified, language, tags,
                first_seen_at, updated_at)
            SELECT 'x', 'c' || g, 'fan' || g, 'Fan ' || g, (random() * random() * 200000)::int, random() < 0.02,
                   CASE WHEN random() < 0.6 THEN 'es' ELSE 'en' END, '[]', now(), now()
            FROM generate_series(1, {CUSTOMERS}) g""")
        c.execute(f"""
            INSERT INTO inbox_conversation (account_id, customer_id, visibility, status, priority,
                priority_overridden, interaction_type, sentiment, language, crisis_risk, expects_reply, influence,
                tags, sla_policy_key, sla_due_at, triage_trail, triaged_at, created_at, updated_at, last_message_at)
            SELECT a.id, 1 + (g % {CUSTOMERS}),
                   CASE WHEN random() < 0.17 THEN 'private' ELSE 'public' END,
                   CASE WHEN g <= {OPEN_CONVERSATIONS} THEN (ARRAY['new', 'open', 'pending'])[1 + (g % 3)]
                        ELSE 'resolved' END,
                   1 + floor(random() * 4)::int, false,
                   (ARRAY['question', 'complaint', 'incident', 'brand_mention', 'request'])[1 + (g % 5)],
                   (ARRAY['negative', 'neutral', 'positive'])[1 + (g % 3)],
                   CASE WHEN random() < 0.6 THEN 'es' ELSE 'en' END, random() < 0.01, true,
                   (random() * 100)::int, '[]', 'default',
                   CASE WHEN random() < 0.9 THEN now() + (random() * 48 - 6) * interval '1 hour' END,
                   '[]', now(), now() - random() * interval '30 days', now(), now()
            FROM generate_series(1, {CONVERSATIONS}) g JOIN bench_accounts a ON a.idx = g % {n_accounts}""")
        c.execute(f"""
            INSERT INTO inbox_message (conversation_id, network, external_id, parent_external_id, direction,
                visibility, customer_id, text, created_at, received_at, raw, triaged_at, delivery_state,
                delivery_attempts, last_error, external_url, template_key)
            SELECT cv.id, a.network, 'm' || g, '', CASE WHEN g <= {CONVERSATIONS} OR g % 3 <> 0 THEN 'in' ELSE 'out' END,
                   cv.visibility, cv.customer_id,
                   '@Brand' || (g % 6) || ' ' || (ARRAY['where is my order', 'sin señal desde ayer en casa',
                        'the app keeps crashing', 'quiero la factura de marzo', 'thanks for the quick help',
                        'llevo una hora esperando'])[1 + (g % 6)] || ' #' || g,
                   cv.created_at + (g / {CONVERSATIONS}) * interval '5 minutes', now(), '{{}}', now(),
                   CASE WHEN g > {CONVERSATIONS} AND g % 3 = 0 THEN 'sent' ELSE '' END, 0, '', '', ''
            FROM generate_series(1, {MESSAGES}) g
            JOIN inbox_conversation cv ON cv.id = 1 + ((g - 1) % {CONVERSATIONS})
            JOIN inbox_channelaccount a ON a.id = cv.account_id""")
        c.execute("ANALYZE inbox_customer; ANALYZE inbox_conversation; ANALYZE inbox_message")
    print(f"  generated {MESSAGES:,} messages in {time.perf_counter() - started:.0f} s")


def agent():
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="bench-agent")
    user.groups.add(Group.objects.get_or_create(name="agent")[0])
    return user


def timings(fn, n: int = REQUESTS) -> list[float]:
    fn()  # warm caches and the connection
    values = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        values.append((time.perf_counter() - start) * 1000)
    return values


def fmt(values: list[float]) -> str:
    return f"median {median(values):7.2f} ms   p95 {percentile(values, 0.95):7.2f} ms"


def get(client, url: str, **headers):
    def request():
        # Production settings (DEBUG off) redirect plain HTTP to HTTPS: ask as the proxy would, over HTTPS.
        response = client.get(url, secure=True, **headers)
        assert response.status_code == 200, (url, response.status_code)
    return request


def deep_cursor(client) -> str:
    """The keyset cursor of the last row before page DEEP_PAGE, reached the slow way once."""
    from inbox.models import Conversation
    from inbox.queries import encode_cursor

    row = Conversation.objects.active().in_inbox_order()[(DEEP_PAGE - 1) * 50 - 1]
    return encode_cursor(row)


def sql_timings(sql: str, params=(), n: int = 50) -> list[float]:
    from django.db import connection

    def run():
        with connection.cursor() as c:
            c.execute(sql, params)
            c.fetchall()
    return timings(run, n)


def without_inbox_index(sql: str) -> list[float]:
    """The first-page query with the partial inbox index dropped (inside a transaction rolled back after)."""
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("DROP INDEX conversation_inbox_order")
            values = sql_timings(sql, n=10)
            raise _Rollback(values)
    except _Rollback as done:
        return done.values


class _Rollback(Exception):
    def __init__(self, values):
        self.values = values


def main() -> None:
    setup_django("escucha_bench_inbox")
    from django.db import connection
    from django.test import Client

    from inbox.models import Conversation

    # Production settings (DEBUG off) want collected static files; page time does not depend on them.
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    staticfiles_storage._wrapped = None
    from django.utils.functional import empty
    staticfiles_storage._wrapped = empty

    generate()
    client = Client()
    client.force_login(agent())
    first_page_sql, params = (Conversation.objects.active().select_related("account", "customer", "assignee", "team")
                              .with_last_text().in_inbox_order()[:51].query.sql_with_params())
    with connection.cursor() as c:
        first_page_sql = c.cursor.mogrify(first_page_sql, params).decode()
    cursor = deep_cursor(client)
    open_count = Conversation.objects.active().count()
    rows = [
        ("data", f"{Conversation.objects.count():,} conversations, {open_count:,} open, "
                 f"{MESSAGES:,} messages; {REQUESTS} requests per case; {machine()}"),
        ("baseline: SELECT 1 round trip", fmt(sql_timings("SELECT 1", n=REQUESTS))),
        ("inbox page 1 (full page)", fmt(timings(get(client, "/inbox/")))),
        ("inbox live refresh (htmx rows)", fmt(timings(get(client, "/inbox/", HTTP_HX_REQUEST="true",
                                                            HTTP_HX_TARGET="inbox-rows")))),
        ("inbox filtered: network=x, P1", fmt(timings(get(client, "/inbox/?network=x&priority=1"), REQUESTS // 2))),
        ("inbox filtered: unassigned, breached", fmt(timings(get(client, "/inbox/?assigned=unassigned&due=breached"),
                                                            REQUESTS // 2))),
        (f"inbox page {DEEP_PAGE} by keyset cursor", fmt(timings(get(client, f"/inbox/?after={cursor}"), REQUESTS // 2))),
        ("first-page query alone (SQL)", fmt(sql_timings(first_page_sql))),
        ("baseline: same query, no inbox index", fmt(without_inbox_index(first_page_sql))),
        (f"baseline: page {DEEP_PAGE} by OFFSET (SQL)", fmt(sql_timings(
            first_page_sql.replace("LIMIT 51", f"LIMIT 51 OFFSET {(DEEP_PAGE - 1) * 50}"), n=10))),
        ("search, rare text (1,854 of 1M messages)", fmt(timings(get(client, "/inbox/?q=factura%20de%20marzo%20%2399"),
                                                                 20))),
        ("search, a customer handle", fmt(timings(get(client, "/inbox/?q=%40fan12345"), 20))),
        ("search, common word (166,666 messages)", fmt(timings(get(client, "/inbox/?q=order"), 5))),
    ]
    report("Inbox page server time (Django test client, full stack)", rows)


if __name__ == "__main__":
    main()
