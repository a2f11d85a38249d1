"""What both networks' webhook views share: body limits, signature and shape checks, store first."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone

from inbox.models import ChannelAccount
from inbox.services import store_raw_event

from .errors import MalformedPayload


def refuse(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > settings.WEBHOOK_MAX_BODY_BYTES


HEALTH_EVERY_SECONDS = 10


def _note_webhook(networks: tuple[str, ...], accounts: set[str]) -> None:
    """Record the channels' last webhook time, at most every few seconds: at hundreds of deliveries a
    second, writing the same row on every one would serialise the web processes on its lock."""
    now = timezone.now()
    (ChannelAccount.objects.filter(network__in=networks, external_id__in=accounts)
     .filter(Q(last_webhook_at__isnull=True) | Q(last_webhook_at__lt=now - timedelta(seconds=HEALTH_EVERY_SECONDS)))
     .update(last_webhook_at=now))


def accept_delivery(*, source: str, body: bytes, parse, network_of_account: tuple[str, ...]) -> JsonResponse:
    """Check the (signed) body has the network's shape, store it, and acknowledge.

    Processing happens after the answer, in the ingest queue; a byte-identical redelivery stores nothing.
    """
    try:
        messages = parse(body)
    except MalformedPayload as error:
        return refuse(400, f"Malformed payload: {error}")
    if not messages:
        return JsonResponse({"status": "ignored", "detail": "no event of a kind Escucha ingests"})
    raw_event, created = store_raw_event(source=source, body=body)
    _note_webhook(network_of_account, {m.account for m in messages})
    return JsonResponse({"status": "stored" if created else "duplicate", "events": len(messages)})
