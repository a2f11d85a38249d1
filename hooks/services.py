"""Emitting events to the registered endpoints and delivering them, signed, at least once."""

import hashlib
import hmac
import json
import time
import uuid

import requests
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from helpdesk.memo import batch_memo, memoised
from helpdesk.queue import enqueue_on_commit

from .models import Delivery, Endpoint

MAX_ATTEMPTS = 8


def endpoints_for(event: str) -> list[Endpoint]:
    """The active endpoints that want ``event`` (read once per batch of work)."""
    endpoints = memoised("hook-endpoints", lambda: list(Endpoint.objects.filter(is_active=True)))
    return [e for e in endpoints if e.wants(event)]


def emit(event: str, payload: dict) -> int:
    """Queue ``event`` for every endpoint that wants it; delivered after the current transaction commits."""
    return emit_many([(event, payload)])


def emit_many(events: list[tuple[str, dict]]) -> int:
    """``emit`` for a batch of (event, payload): one read of the endpoints and one insert, whatever the count."""
    deliveries = []
    with batch_memo():
        for event, payload in events:
            endpoints = endpoints_for(event)
            if endpoints:
                body = json.loads(json.dumps({"id": str(uuid.uuid4()), "event": event, "data": payload},
                                             cls=DjangoJSONEncoder))
                deliveries += [Delivery(endpoint=e, event=event, payload=body) for e in endpoints]
    if not deliveries:
        return 0
    deliveries = Delivery.objects.bulk_create(deliveries)
    from .tasks import deliver_webhook

    for delivery in deliveries:
        enqueue_on_commit(deliver_webhook, delivery.pk)
    return len(deliveries)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256(secret, "<timestamp>.<body>"): receivers check it and the timestamp's age."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class DeliveryFailed(Exception):
    pass


def deliver(delivery: Delivery) -> str:
    """POST one delivery. Raises DeliveryFailed to be retried; returns the final state otherwise."""
    if delivery.state != Delivery.State.PENDING:
        return delivery.state
    body = json.dumps(delivery.payload).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "Escucha-Webhooks/1",
               "X-Escucha-Event": delivery.event, "X-Escucha-Delivery": str(delivery.pk),
               "X-Escucha-Timestamp": timestamp,
               "X-Escucha-Signature": signature(delivery.endpoint.secret, timestamp, body)}
    attempts = delivery.attempts + 1
    try:
        response = requests.post(delivery.endpoint.url, data=body, headers=headers, timeout=(5, 10),
                                 allow_redirects=False)
    except requests.RequestException as error:
        return _after_failure(delivery, attempts, None, f"{type(error).__name__}: {error}"[:500])
    if 200 <= response.status_code < 300:
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENT, attempts=attempts,
                                                       response_status=response.status_code,
                                                       delivered_at=timezone.now(), last_error="")
        return Delivery.State.SENT
    return _after_failure(delivery, attempts, response.status_code, f"HTTP {response.status_code}")


def _after_failure(delivery: Delivery, attempts: int, status: int | None, error: str) -> str:
    final = attempts >= MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts, response_status=status, last_error=error,
        state=Delivery.State.FAILED if final else Delivery.State.PENDING)
    if final:
        return Delivery.State.FAILED
    raise DeliveryFailed(error)
