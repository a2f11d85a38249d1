"""A worker SIGKILLed in the middle of triage: the message is triaged later, exactly once."""

import os
import signal

import pytest
from django.conf import settings
from django.db import connections

from helpdesk.queue import enqueue
from inbox.models import Event, Message
from inbox.services import ingest_message
from inbox.tasks import triage_messages
from tests.conftest import WorkerProcess, wait_until
from tests.factories import ChannelAccountFactory, inbound

pytestmark = [pytest.mark.fault, pytest.mark.celery_worker, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True)]


def backends_waiting_on_a_lock() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
        return cursor.fetchone()[0]


def test_worker_killed_mid_triage_loses_nothing_and_triages_once():
    account = ChannelAccountFactory(network="x", handle="AcmeHelp")
    message = ingest_message(inbound(account, text="@AcmeHelp me cobrasteis dos veces"), enqueue_triage=False).message

    # Hold the conversation's row lock so triage stops halfway, inside its transaction.
    blocker = connections.create_connection("default")
    blocker.set_autocommit(False)
    with blocker.cursor() as cursor:
        cursor.execute("SELECT id FROM inbox_conversation WHERE id = %s FOR UPDATE", [message.conversation_id])

    fast_requeue = {"REQUEUE_AFTER_SECONDS": "1", "REQUEUE_INTERVAL_SECONDS": "1"}
    first = WorkerProcess(settings.CELERY_BROKER_URL, extra_env=fast_requeue).start()
    try:
        enqueue(triage_messages, [message.pk])
        wait_until(lambda: backends_waiting_on_a_lock() >= 1)
        _kill_tree(first.process.pid)
        first.process.wait(10)
    finally:
        blocker.rollback()
        blocker.close()
        first.stop()

    assert Message.objects.get(pk=message.pk).triaged_at is None  # the kill rolled triage back whole

    second = WorkerProcess(settings.CELERY_BROKER_URL, beat=True, extra_env=fast_requeue).start()
    try:
        wait_until(lambda: Message.objects.get(pk=message.pk).triaged_at is not None, timeout=60)
    finally:
        second.stop()
    assert Event.objects.filter(conversation_id=message.conversation_id, kind="triaged").count() == 1


def _kill_tree(pid: int) -> None:
    """SIGKILL the worker's main process and its pool children, as the OOM killer would."""
    children = [int(p) for p in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    for child in children:
        os.kill(child, signal.SIGKILL)
    os.kill(pid, signal.SIGKILL)
