"""Outbound replies: queued → sending → sent | failed, posted at most once.

A reply is claimed by moving it to ``sending`` with a lease before the network is called. If the
worker dies after the network accepted the post but before ``sent`` was stored, the reply stays in
``sending``; the next attempt (the task redelivered, or the requeue sweep once the lease ran out)
first reads the account's recent replies back from the network and only posts if it finds none.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from helpdesk.queue import enqueue_at
from inbox.models import ChannelAccount, Event, Message

from .adapters import ReplyTarget, adapter_for
from .errors import PermanentFailure, RetryLater

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def deliver(message_id: int) -> str:
    """Try to deliver one outbound reply; returns its state afterwards. Safe to run twice."""
    claim = _claim(message_id)
    if claim is None:
        return Message.objects.filter(pk=message_id).values_list("delivery_state", flat=True).first() or ""
    message, reconcile = claim
    account = message.conversation.account
    adapter = adapter_for(account.network)
    target = reply_target(message)
    try:
        posted = adapter.find_posted(account, target) if reconcile else None
        if posted is None:
            posted = adapter.post(account, target)
    except RetryLater as error:
        return _retry_later(message, error)
    except PermanentFailure as error:
        return _fail(message, error, account)
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            delivery_state=Message.Delivery.SENT, external_id=posted.external_id, external_url=posted.url,
            sent_at=timezone.now(), next_attempt_at=None, last_error="")
        Event.objects.create(conversation_id=message.conversation_id, kind="reply_sent",
                             data={"message": message.pk, "external_id": posted.external_id, "reconciled": reconcile})
    ChannelAccount.objects.filter(pk=account.pk).update(last_error="", rate_limited_until=None)
    return Message.Delivery.SENT


def reply_target(message: Message) -> ReplyTarget:
    conversation = message.conversation
    return ReplyTarget(
        text=message.text, visibility=message.visibility, reply_to=message.parent_external_id,
        recipient=conversation.customer.external_id, thread_is_public=conversation.visibility == "public",
    )


def _claim(message_id: int):
    """Move a due reply to ``sending`` under a lease. Returns (message, must_reconcile) or None."""
    now = timezone.now()
    with transaction.atomic():
        message = (Message.objects.select_for_update().select_related("conversation__account", "conversation__customer")
                   .filter(pk=message_id, direction=Message.Direction.OUTBOUND).first())
        if message is None or message.delivery_state in (Message.Delivery.SENT, Message.Delivery.FAILED):
            return None
        if message.next_attempt_at and message.next_attempt_at > now:
            return None  # not due: a retry is scheduled, or another worker holds the lease
        reconcile = message.delivery_state == Message.Delivery.SENDING
        message.delivery_state = Message.Delivery.SENDING
        message.delivery_attempts += 1
        message.next_attempt_at = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
        message.save(update_fields=["delivery_state", "delivery_attempts", "next_attempt_at"])
    return message, reconcile


def _retry_later(message: Message, error: RetryLater) -> str:
    if message.delivery_attempts >= MAX_ATTEMPTS:
        return _fail(message, PermanentFailure(f"Gave up after {message.delivery_attempts} attempts: {error.reason}"),
                     message.conversation.account)
    backoff = timedelta(seconds=min(3600, 15 * 2 ** (message.delivery_attempts - 1)))
    at = max(error.at, timezone.now()) if error.at else timezone.now() + backoff
    # An attempt that may have reached the network stays "sending": the next one reads back first.
    state = Message.Delivery.SENDING if error.maybe_posted else Message.Delivery.QUEUED
    Message.objects.filter(pk=message.pk).update(delivery_state=state, next_attempt_at=at, last_error=error.reason[:2000])
    if "rate limit" in error.reason or "throttling" in error.reason:
        ChannelAccount.objects.filter(pk=message.conversation.account_id).update(rate_limited_until=at)
    from .tasks import deliver_reply

    enqueue_at(deliver_reply, at, message.pk)
    logger.info("Reply %s will be retried at %s: %s", message.pk, at, error.reason)
    return state


def _fail(message: Message, error: PermanentFailure, account: ChannelAccount) -> str:
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            delivery_state=Message.Delivery.FAILED, next_attempt_at=None, last_error=error.reason[:2000])
        Event.objects.create(conversation_id=message.conversation_id, kind="reply_failed",
                             data={"message": message.pk, "reason": error.reason})
        ChannelAccount.objects.filter(pk=account.pk).update(
            last_error=error.reason[:2000], last_error_at=timezone.now(),
            **({"needs_reauth": True} if error.needs_reauth else {}))
    return Message.Delivery.FAILED


def deliveries_due():
    """Replies a lost task left behind: queued and due, or sending past their lease."""
    now = timezone.now()
    return (Message.objects.outbound().filter(delivery_state__in=[Message.Delivery.QUEUED, Message.Delivery.SENDING])
            .exclude(next_attempt_at__gt=now)
            .filter(created_at__lt=now - timedelta(seconds=settings.REQUEUE_AFTER_SECONDS)))
