from celery import shared_task
from celery.signals import worker_init
from django.db import OperationalError

from .models import RetriageRun


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def retriage_open_conversations(run_id: int) -> None:
    from .authoring import run_retriage

    run = RetriageRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    if run:
        run_retriage(run)


@worker_init.connect
def learn_triage_model_before_forking(**kwargs) -> None:
    """Train the learned text model once in the worker's parent, so pool processes inherit it."""
    from .classify.learned import shipped_model

    shipped_model()
