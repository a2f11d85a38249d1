"""What both networks' webhook views share: body limits, signature and shape checks, store first."""

from django.conf import settings
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
    accounts = {m.account for m in messages}
    ChannelAccount.objects.filter(network__in=network_of_account, external_id__in=accounts).update(
        last_webhook_at=timezone.now())
    return JsonResponse({"status": "stored" if created else "duplicate", "events": len(messages)})
