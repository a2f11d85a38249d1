from celery import shared_task
from django.db import OperationalError

from . import services
from .models import Message, RawEvent

RETRY = {"acks_late": True, "autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 8}


@shared_task(**RETRY)
def process_raw_event(raw_event_id: int) -> None:
    raw_event = RawEvent.objects.filter(pk=raw_event_id).first()
    if raw_event:
        services.process_raw_event(raw_event)


@shared_task(**RETRY)
def triage_messages(message_ids: list[int]) -> None:
    from playbook.services import triage_message

    for message in Message.objects.filter(pk__in=message_ids, triaged_at__isnull=True).select_related("conversation"):
        triage_message(message)


@shared_task(acks_late=True)
def requeue_unfinished_work() -> dict:
    return services.requeue_unfinished_work()
