from celery import shared_task
from django.db import OperationalError

from .models import RetriageRun


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def retriage_open_conversations(run_id: int) -> None:
    from .authoring import run_retriage

    run = RetriageRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    if run:
        run_retriage(run)
