from celery import shared_task
from django.db import OperationalError

from . import services

RETRY = {"acks_late": True, "autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 8}


@shared_task(**RETRY)
def process_raw_event(raw_event_id: int) -> None:
    services.process_raw_events(raw_event_id)


@shared_task(**RETRY)
def triage_messages(message_ids: list[int]) -> None:
    from playbook.services import triage_messages as triage

    triage(message_ids)


@shared_task(acks_late=True)
def requeue_unfinished_work() -> dict:
    return services.requeue_unfinished_work()
