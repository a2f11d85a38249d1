from celery import shared_task
from django.db import OperationalError

from . import delivery, polling


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=8)
def deliver_reply(message_id: int) -> str:
    return delivery.deliver(message_id)


@shared_task(acks_late=True)
def poll_accounts() -> dict:
    return polling.poll_active_accounts()
