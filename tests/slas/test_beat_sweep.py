"""End to end: a real Celery worker with beat sweeps on the ``sla`` queue and fires a breach once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from inbox.services import ingest_message
from slas.models import SlaClock, SupervisorAlert
from tests.conftest import WorkerProcess, wait_until
from tests.factories import inbound

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_beat_sweep_breaches_an_overdue_clock_once(brand, supervisor):
    conversation = ingest_message(inbound(brand, created_at=timezone.now() - timedelta(days=4)),
                                  enqueue_triage=False).message.conversation
    worker = WorkerProcess(settings.CELERY_BROKER_URL, beat=True,
                           extra_env={"SLA_SWEEP_INTERVAL_SECONDS": "0.5"}).start()
    try:
        wait_until(lambda: SlaClock.objects.filter(conversation=conversation, metric="first_response",
                                                   state="breached").exists(), timeout=60)
        worker.wait_for_log("slas.tasks.sweep_sla_clocks", timeout=30)
        wait_until(lambda: SupervisorAlert.objects.filter(kind="breach", emailed_at__isnull=False).exists(), timeout=30)
    finally:
        worker.stop()
    assert SupervisorAlert.objects.filter(kind="breach", conversation=conversation).count() == 1
