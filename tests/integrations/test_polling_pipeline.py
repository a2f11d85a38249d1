"""Polls that overlap, and the beat schedule driving polls and replies through a real Celery worker."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from inbox.actions import send_reply
from inbox.models import ChannelAccount, Message
from integrations.fakes.base import Fault
from integrations.models import PollCursor
from integrations.polling import poll_account
from tests.conftest import WorkerProcess, wait_until
from tests.factories import UserFactory
from tests.networks import META_SECRET, X_SECRET

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Stream = PollCursor.Stream


def poll_at_once(account_id: int, polls: int = 2) -> list[dict]:
    """Run ``polls`` polls of one account in parallel threads, each on its own database connection."""
    results, errors = [None] * polls, []

    def run(index):
        try:
            results[index] = poll_account(ChannelAccount.objects.get(pk=account_id))
        except Exception as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(polls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def test_overlapping_dm_polls_store_each_dm_once(fake_x, x_account):
    ids = [fake_x.add_dm(text=f"mensaje {n}", sender_id=f"u{n % 4}", username=f"user{n % 4}") for n in range(30)]
    # Both polls get their answer late, so both read the same DMs before either has stored them.
    fake_x.fail_next(Fault(status=200, delay=0.5, times=2, path_contains="/2/dm_events"))

    results = poll_at_once(x_account.pk)

    assert len(fake_x.received("GET", "/2/dm_events")) == 2
    assert sum(result[Stream.DIRECT_MESSAGES] for result in results) == 30
    assert Message.objects.filter(external_id__in=ids).count() == 30
    assert Message.objects.values("conversation").distinct().count() == 4  # one private thread per customer
    assert PollCursor.position_of(x_account, Stream.DIRECT_MESSAGES) == int(ids[-1])


def test_overlapping_page_comment_polls_store_each_comment_once(fake_graph, page):
    ids = [fake_graph.add_comment(post_id="PAGE_1_POST", text=f"comentario {n}", from_id=f"USER_{n % 5}")
           for n in range(20)]
    fake_graph.fail_next(Fault(status=200, delay=0.5, times=2, path_contains="/comments"))

    results = poll_at_once(page.pk)

    assert sum(result[Stream.PAGE_COMMENTS] for result in results) == 20
    assert Message.objects.filter(external_id__in=ids).count() == 20


def network_env(fake_x, fake_graph) -> dict:
    return {"X_API_BASE_URL": fake_x.url, "X_CONSUMER_SECRET": X_SECRET, "X_CONSUMER_KEY": "ck",
            "X_BEARER_TOKEN": "bearer", "X_ACCESS_TOKEN": "at", "X_ACCESS_TOKEN_SECRET": "ats",
            "META_GRAPH_URL": fake_graph.url, "META_APP_SECRET": META_SECRET, "META_PAGE_TOKEN": "page-token",
            "POLL_INTERVAL_SECONDS": "1"}


@pytest.mark.celery_worker
def test_beat_polls_dms_and_page_comments_and_agents_answer_through_the_worker(fake_x, fake_graph, x_account, page):
    dm = fake_x.add_dm(text="¿Dónde está mi pedido 123?", sender_id="42", username="jo", followers=1234)
    comment = fake_graph.add_comment(post_id="PAGE_1_POST", text="¿Abrís el domingo?", from_id="USER_1",
                                     from_name="Jo Doe")
    worker = WorkerProcess(settings.CELERY_BROKER_URL, beat=True, extra_env=network_env(fake_x, fake_graph)).start()
    try:
        wait_until(lambda: Message.objects.filter(external_id__in=[dm, comment]).count() == 2, timeout=60)
        agent = UserFactory(role="agent")
        dm_reply = send_reply(Message.objects.get(external_id=dm).conversation, author=agent,
                              text="Te lo miramos ahora", visibility="private")
        comment_reply = send_reply(Message.objects.get(external_id=comment).conversation, author=agent,
                                   text="¡Sí, de 10 a 14!", visibility="public")
        wait_until(lambda: set(Message.objects.filter(pk__in=[dm_reply.pk, comment_reply.pk])
                               .values_list("delivery_state", flat=True)) == {"sent"}, timeout=60)
        # Later polls read our own DM and comment back and store nothing.
        dm_reply.refresh_from_db()
        wait_until(lambda: PollCursor.position_of(x_account, Stream.DIRECT_MESSAGES) == int(dm_reply.external_id), timeout=60)
    finally:
        worker.stop()

    [dm_post] = fake_x.received("POST", "/2/dm_conversations/")
    assert dm_post.path == "/2/dm_conversations/with/42/messages" and dm_post.body == {"text": "Te lo miramos ahora"}
    [comment_post] = fake_graph.received("POST", "/comments")
    assert comment_post.path.endswith(f"/{comment}/comments") and comment_post.body["message"] == "¡Sí, de 10 a 14!"
    assert Message.objects.filter(direction="in").count() == 2
    x_account.refresh_from_db()
    page.refresh_from_db()
    assert x_account.last_polled_at and page.last_polled_at and not x_account.last_error
