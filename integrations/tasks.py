from celery import shared_task
from django.db import OperationalError

from inbox.models import ChannelAccount

from . import delivery, polling


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=8)
def deliver_reply(message_id: int) -> str:
    return delivery.deliver(message_id)


@shared_task(acks_late=True)
def poll_accounts() -> int:
    """Beat: one ``poll_account`` task per account that is due."""
    return polling.enqueue_due_polls()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def poll_account(account_id: int) -> dict:
    account = ChannelAccount.objects.filter(pk=account_id).first()
    return polling.poll_account(account) if account else {}
