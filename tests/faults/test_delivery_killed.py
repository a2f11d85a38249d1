"""A worker SIGKILLed after the network accepted a reply but before "sent" was stored: no double post."""

import pytest
from django.conf import settings

from inbox.actions import send_reply
from inbox.models import Message
from inbox.services import process_raw_event
from integrations.fakes.base import Fault
from inbox.models import RawEvent
from tests.conftest import WorkerProcess, wait_until
from tests.factories import UserFactory
from tests.faults.test_worker_killed import _kill_tree
from tests.networks import post_x, tweet_event

pytestmark = [pytest.mark.fault, pytest.mark.celery_worker, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True)]


def network_env(fake_x) -> dict:
    return {"X_API_BASE_URL": fake_x.url, "X_CONSUMER_SECRET": "x-consumer-secret-for-tests", "X_CONSUMER_KEY": "ck",
            "X_BEARER_TOKEN": "bearer", "X_ACCESS_TOKEN": "at", "X_ACCESS_TOKEN_SECRET": "ats",
            "REQUEUE_AFTER_SECONDS": "1", "REQUEUE_INTERVAL_SECONDS": "1", "DELIVERY_LEASE_SECONDS": "2"}


def test_worker_killed_between_posting_and_marking_sent_does_not_post_twice(client, fake_x, x_account):
    post_x(client, tweet_event(tweet_id="4242"))
    process_raw_event(RawEvent.objects.get())
    conversation = Message.objects.get(external_id="4242").conversation
    # X accepts the tweet at once but its answer never reaches the worker before the kill.
    fake_x.fail_next(Fault(status=201, delay=30, method="POST", path_contains="/2/tweets"))

    first = WorkerProcess(settings.CELERY_BROKER_URL, extra_env=network_env(fake_x)).start()
    try:
        reply = send_reply(conversation, author=UserFactory(role="agent"), text="Lo siento, ya lo revisamos",
                           visibility="public")
        wait_until(lambda: fake_x.received("POST", "/2/tweets"))
        _kill_tree(first.process.pid)
        first.process.wait(10)
    finally:
        first.stop()
    assert Message.objects.get(pk=reply.pk).delivery_state == "sending"

    second = WorkerProcess(settings.CELERY_BROKER_URL, beat=True, extra_env=network_env(fake_x)).start()
    try:
        wait_until(lambda: Message.objects.get(pk=reply.pk).delivery_state == "sent", timeout=60)
    finally:
        second.stop()
    assert len(fake_x.received("POST", "/2/tweets")) == 1
    assert Message.objects.get(pk=reply.pk).external_id == fake_x.tweets[0]["id"]


def test_webhook_to_reply_through_a_real_worker_posts_exactly_once(client, fake_x, x_account):
    worker = WorkerProcess(settings.CELERY_BROKER_URL, extra_env=network_env(fake_x)).start()
    try:
        assert post_x(client, tweet_event(tweet_id="9001", text="@AcmeHelp ¿por qué no tengo fibra?")).status_code == 200
        message = wait_until(lambda: Message.objects.filter(external_id="9001", triaged_at__isnull=False).first())
        reply = send_reply(message.conversation, author=UserFactory(role="agent"), text="Lo miramos", visibility="public")
        wait_until(lambda: Message.objects.get(pk=reply.pk).delivery_state == "sent")
    finally:
        worker.stop()
    [post] = fake_x.received("POST", "/2/tweets")
    assert post.body["reply"] == {"in_reply_to_tweet_id": "9001"}
