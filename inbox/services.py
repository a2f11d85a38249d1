"""Writes of the inbox: ingesting mentions, threading them into conversations, raw events."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from helpdesk.memo import batch_memo
from helpdesk.queue import enqueue, enqueue_on_commit
from integrations.inbound import MAX_NAME_LENGTH, MAX_TEXT_LENGTH, NETWORKS, VISIBILITIES, InboundMessage

from slas import services as sla_services

from .models import ChannelAccount, Conversation, Event, Message, RawEvent

logger = logging.getLogger(__name__)


class IngestError(ValueError):
    """The message cannot be stored as given; the text says why, ``index`` which item of a batch."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class IngestResult:
    message: Message
    created: bool


def find_account(network: str, account: str) -> ChannelAccount | None:
    """The active brand account a message was addressed to, by handle or external id."""
    key = account.strip().lstrip("@")
    return (
        ChannelAccount.objects.filter(network=network, is_active=True)
        .filter(Q(handle__iexact=key) | Q(external_id=key))
        .first()
    )


def ingest_message(
    inbound: InboundMessage, *, raw_event: RawEvent | None = None, enqueue_triage: bool = True,
    accounts: dict | None = None, customer_id: int | None = None, known_new: bool = False,
) -> IngestResult:
    """Store one inbound message exactly once and thread it into its conversation.

    Safe under concurrent redelivery: the database's unique constraint on (network, external_id)
    decides, and the customer's row lock keeps two messages from opening two conversations.
    A batch passes the ``customer_id`` it already upserted (and locked) and ``known_new`` when it
    already looked for the message.
    """
    _check(inbound)
    existing = None if known_new else _existing_message(inbound)
    if existing:
        return IngestResult(existing, created=False)
    account = _account_for(inbound, accounts)
    try:
        with transaction.atomic():
            if customer_id is None:
                customer_id = upsert_customer(inbound)
            conversation = _conversation_for(inbound, account, customer_id)
            message = Message.objects.create(
                conversation=conversation,
                network=inbound.network,
                external_id=inbound.external_id,
                parent_external_id=inbound.parent_external_id or "",
                direction=Message.Direction.INBOUND,
                visibility=inbound.visibility,
                customer_id=customer_id,
                text=inbound.text,
                created_at=inbound.created_at,
                raw=inbound.raw,
                raw_event=raw_event,
            )
            _touch_conversation(conversation, message)
            sla_services.on_inbound_message(message)
            if enqueue_triage:
                from .tasks import triage_messages

                enqueue_on_commit(triage_messages, [message.pk])
    except IntegrityError:
        # Another delivery of the same message committed first.
        existing = _existing_message(inbound)
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    return IngestResult(message, created=True)


def _account_for(inbound: InboundMessage, cache: dict | None) -> ChannelAccount:
    key = (inbound.network, inbound.account)
    if cache is not None and key in cache:
        return cache[key]
    account = find_account(inbound.network, inbound.account)
    if account is None:
        raise IngestError(f"account: no active {inbound.network} account '{inbound.account}'")
    if cache is not None:
        cache[key] = account
    return account


def ingest_messages(inbounds: list[InboundMessage]) -> list[IngestResult]:
    """Store a batch in one transaction and triage the new ones with one task.

    Customers are locked up front in one global order, so two batches sharing customers wait for
    each other instead of deadlocking; a deadlock that still happens is retried.
    """
    if len(inbounds) == 1 and not transaction.get_connection().in_atomic_block:
        # One message needs no batch transaction around its own (saves a savepoint round trip).
        try:
            return [ingest_message(inbounds[0])]
        except IngestError as error:
            raise IngestError(str(error), index=0) from error
    for attempt in range(3):
        try:
            return _ingest_batch(inbounds)
        except OperationalError as error:
            if transaction.get_connection().in_atomic_block or not _is_transient(error) or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _ingest_batch(inbounds):
    with batch_memo(), transaction.atomic():
        customers = {}
        if len(inbounds) > 1:
            for index, inbound in enumerate(inbounds):
                try:
                    _check(inbound)
                except IngestError as error:
                    raise IngestError(str(error), index=index) from error
            customers = upsert_customers(inbounds)
        results, accounts = [], {}
        for index, inbound in enumerate(inbounds):
            try:
                results.append(ingest_message(
                    inbound, enqueue_triage=False, accounts=accounts, customer_id=customers.get((inbound.network, inbound.author.external_id))))
            except IngestError as error:
                raise IngestError(str(error), index=index) from error
        new_ids = [r.message.pk for r in results if r.created]
        if new_ids:
            from .tasks import triage_messages

            enqueue_on_commit(triage_messages, new_ids)
    return results


def _is_transient(error: OperationalError) -> bool:
    code = getattr(error.__cause__, "pgcode", None)
    return code in ("40P01", "40001")  # deadlock_detected, serialization_failure


def _check(inbound: InboundMessage) -> None:
    if inbound.network not in NETWORKS:
        raise IngestError(f"network: must be one of {', '.join(NETWORKS)}")
    if inbound.visibility not in VISIBILITIES:
        raise IngestError("visibility: must be public or private")
    if not inbound.external_id or len(inbound.external_id) > 128:
        raise IngestError("external_id: required, at most 128 characters")
    if len(inbound.text) > MAX_TEXT_LENGTH:
        raise IngestError(f"text: at most {MAX_TEXT_LENGTH} characters")
    if not inbound.author.external_id:
        raise IngestError("author.external_id: required")


def _existing_message(inbound: InboundMessage) -> Message | None:
    return Message.objects.filter(network=inbound.network, external_id=inbound.external_id).order_by().first()


# One statement inserts or refreshes the customer and leaves its row locked until commit, which
# serialises concurrent messages of one customer. A field the payload omits (Meta sends no follower
# counts) keeps what we knew.
_CUSTOMER_ROW = "(%s, %s, %s, %s, %s, %s, '', '[]', %s, %s)"
_UPSERT_CUSTOMERS = """
INSERT INTO inbox_customer (network, external_id, handle, name, followers, verified, language, tags,
                            first_seen_at, updated_at)
VALUES {rows}
ON CONFLICT (network, external_id) DO UPDATE SET
    handle = CASE WHEN EXCLUDED.handle <> '' THEN EXCLUDED.handle ELSE inbox_customer.handle END,
    name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE inbox_customer.name END,
    followers = CASE WHEN EXCLUDED.followers > 0 THEN EXCLUDED.followers ELSE inbox_customer.followers END,
    verified = EXCLUDED.verified OR inbox_customer.verified,
    updated_at = EXCLUDED.updated_at
RETURNING network, external_id, id
"""


def upsert_customer(inbound: InboundMessage) -> int:
    """Create or refresh the message's author and lock the row; returns the customer id."""
    return upsert_customers([inbound])[(inbound.network, inbound.author.external_id)]


def _conversation_for(inbound: InboundMessage, account: ChannelAccount, customer_id: int) -> Conversation:
    if inbound.parent_external_id:
        parent = (
            Message.objects.filter(network=inbound.network, external_id=inbound.parent_external_id)
            .select_related("conversation")
            .first()
        )
        if parent and parent.conversation.status != Conversation.Status.CLOSED:
            return parent.conversation
    if inbound.visibility == "private":
        # A DM joins the customer's active private thread, or a public one an agent moved to DM.
        ongoing = (
            Conversation.objects.active()
            .filter(account=account, customer_id=customer_id)
            .filter(Q(visibility="private") | Q(messages__direction="out", messages__visibility="private"))
            .order_by("-last_message_at")
            .first()
        )
        if ongoing:
            return ongoing
    conversation = Conversation.objects.create(
        account=account, customer_id=customer_id, visibility=inbound.visibility, created_at=timezone.now(),
        last_message_at=inbound.created_at,
    )
    conversation.just_opened = True
    Event.objects.create(conversation=conversation, kind="opened", data={"visibility": inbound.visibility})
    return conversation


def _touch_conversation(conversation: Conversation, message: Message) -> None:
    if getattr(conversation, "just_opened", False):
        return
    fields = {"last_message_at": max(conversation.last_message_at, message.created_at), "updated_at": timezone.now()}
    if conversation.status in (Conversation.Status.RESOLVED, Conversation.Status.PENDING):
        fields["status"] = Conversation.Status.OPEN
        Event.objects.create(conversation=conversation, kind="reopened_by_customer", data={"message": message.pk})
    Conversation.objects.filter(pk=conversation.pk).update(**fields)
    for key, value in fields.items():
        setattr(conversation, key, value)


# Raw events: store first, process after.

_STORE_RAW_EVENT = f"""
INSERT INTO {RawEvent._meta.db_table} (source, body, digest, received_at, attempts, error)
VALUES (%s, %s, %s, %s, 0, '') ON CONFLICT (digest) DO NOTHING RETURNING id
"""


def store_raw_event(*, source: str, body: bytes) -> tuple[RawEvent, bool]:
    """Durably store a delivery before it is processed; a byte-identical redelivery is stored once.

    One INSERT … ON CONFLICT DO NOTHING: the web path of every webhook, so it stays one round trip.
    """
    digest = hashlib.sha256(source.encode() + b"\0" + body).hexdigest()
    received_at = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_STORE_RAW_EVENT, [source, body, digest, received_at])
        row = cursor.fetchone()
    if row is None:
        return RawEvent.objects.get(digest=digest), False
    raw_event = RawEvent(pk=row[0], source=source, body=body, digest=digest, received_at=received_at)
    raw_event._state.adding = False
    from .tasks import process_raw_event

    enqueue_on_commit(process_raw_event, raw_event.pk)
    return raw_event, True


def raw_event_parsers() -> dict:
    """Source name → function(bytes) → list[InboundMessage]; networks register theirs in integrations.parsers."""
    from integrations.parsers import PARSERS

    from .serializers import parse_mentions_body

    return {"mentions": parse_mentions_body, **PARSERS}


def process_raw_event(raw_event: RawEvent) -> None:
    """Turn one stored delivery into messages now (the batch path, for this event alone). Idempotent:
    a processed event is skipped; one we cannot read is kept with its reason."""
    if not raw_event.processed_at:
        _process_raw_event_batch(raw_event.pk, 1)


RAW_EVENT_BATCH = 50


def process_raw_events(raw_event_id: int, *, batch: int = RAW_EVENT_BATCH) -> int:
    """Ingest this raw event and up to ``batch`` - 1 others still waiting, in one transaction.

    Under load a worker drains what piled up while it was busy: the messages of the whole batch are
    stored with a few statements each and triaged by one task per 100. Rows another worker holds are
    skipped (SKIP LOCKED); a task whose event was taken by another batch finds nothing to do.
    Returns how many raw events it processed. A batch that fails for an unexpected reason is rolled
    back and this event is retried alone, so one poisonous delivery cannot hold up the others.
    """
    try:
        return _process_raw_event_batch(raw_event_id, batch)
    except OperationalError:
        raise  # the database is away: the task retries the whole batch later
    except Exception:
        if batch == 1:
            raise
        logger.exception("Ingest batch starting at raw event %s failed; retrying that event alone", raw_event_id)
        return _process_raw_event_batch(raw_event_id, 1)


def _process_raw_event_batch(raw_event_id: int, batch: int) -> int:
    with batch_memo(), transaction.atomic():
        claimed = list(
            RawEvent.objects.select_for_update(skip_locked=True)
            .filter(processed_at__isnull=True)
            .order_by(Case(When(pk=raw_event_id, then=0), default=1), "pk")[:batch]
        )
        if not claimed:
            return 0
        new_ids = _ingest_raw_events(claimed)
        if new_ids:
            from .tasks import triage_messages

            for start in range(0, len(new_ids), TRIAGE_BATCH):
                enqueue_on_commit(triage_messages, new_ids[start:start + TRIAGE_BATCH])
    return len(claimed)


TRIAGE_BATCH = 100


def _ingest_raw_events(raw_events: list[RawEvent]) -> list[int]:
    """Parse and validate every event first (no writes), then store the messages of those that are fine."""
    parsers, accounts = raw_event_parsers(), {}
    good: list[tuple[RawEvent, list[InboundMessage]]] = []
    for raw_event in raw_events:
        try:
            parse = parsers.get(raw_event.source)
            if parse is None:
                raise IngestError(f"no parser for source '{raw_event.source}'")
            inbounds = parse(bytes(raw_event.body))
            for index, inbound in enumerate(inbounds):
                try:
                    _check(inbound)
                    _account_for(inbound, accounts)
                except IngestError as error:
                    raise IngestError(str(error), index=index) from error
        except (IngestError, ValueError) as error:
            _mark_failed(raw_event, error)
            continue
        good.append((raw_event, inbounds))
    inbounds = [inbound for _, batch in good for inbound in batch]
    existing = _existing_external_ids(inbounds)
    customers = upsert_customers([i for i in inbounds if (i.network, i.external_id) not in existing])
    new_ids = []
    for raw_event, batch in good:
        for inbound in batch:
            key = (inbound.network, inbound.external_id)
            if key in existing:
                continue
            result = ingest_message(inbound, raw_event=raw_event, enqueue_triage=False, accounts=accounts,
                                    customer_id=customers[(inbound.network, inbound.author.external_id)],
                                    known_new=True)
            existing.add(key)  # the same message twice in one batch is stored once
            if result.created:
                new_ids.append(result.message.pk)
    now = timezone.now()
    RawEvent.objects.filter(pk__in=[raw_event.pk for raw_event, _ in good]).update(
        processed_at=now, attempts=F("attempts") + 1)
    return new_ids


def _mark_failed(raw_event: RawEvent, error: Exception) -> None:
    # A payload we cannot read is kept with its reason, not retried forever.
    RawEvent.objects.filter(pk=raw_event.pk).update(
        processed_at=timezone.now(), error=str(error)[:2000], attempts=raw_event.attempts + 1)
    logger.warning("Raw event %s not ingested: %s", raw_event.pk, error)


def _existing_external_ids(inbounds: list[InboundMessage]) -> set[tuple[str, str]]:
    by_network: dict[str, list[str]] = {}
    for inbound in inbounds:
        by_network.setdefault(inbound.network, []).append(inbound.external_id)
    found = set()
    for network, external_ids in by_network.items():
        found.update(Message.objects.filter(network=network, external_id__in=external_ids).order_by()
                     .values_list("network", "external_id"))
    return found


def upsert_customers(inbounds: list[InboundMessage]) -> dict[tuple[str, str], int]:
    """``upsert_customer`` for a batch in one statement, rows locked in one global order (no deadlock
    between batches sharing customers); returns (network, author external id) → customer id."""
    authors = {(inbound.network, inbound.author.external_id): inbound.author for inbound in inbounds}
    if not authors:
        return {}
    now = timezone.now()
    params = []
    for (network, external_id), author in sorted(authors.items()):
        params += [network, external_id, author.handle[:100], author.name[:MAX_NAME_LENGTH], max(0, author.followers),
                   author.verified, now, now]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_CUSTOMERS.format(rows=", ".join([_CUSTOMER_ROW] * len(authors))), params)
        return {(network, external_id): pk for network, external_id, pk in cursor.fetchall()}


def requeue_unfinished_work() -> dict:
    """Re-enqueue raw events and messages that a lost task left unprocessed."""
    from .tasks import process_raw_event as process_task, triage_messages

    age = timedelta(seconds=settings.REQUEUE_AFTER_SECONDS)
    cutoff = timezone.now() - age
    raw_ids = list(
        RawEvent.objects.filter(processed_at__isnull=True, received_at__lt=cutoff).values_list("pk", flat=True)[:1000]
    )
    for pk in raw_ids:
        enqueue(process_task, pk)
    message_ids = list(Message.objects.awaiting_triage(age).values_list("pk", flat=True)[:5000])
    for start in range(0, len(message_ids), 100):
        enqueue(triage_messages, message_ids[start:start + 100])
    from integrations.delivery import deliveries_due
    from integrations.tasks import deliver_reply

    reply_ids = list(deliveries_due().values_list("pk", flat=True)[:1000])
    for pk in reply_ids:
        enqueue(deliver_reply, pk)
    return {"raw_events": len(raw_ids), "messages": len(message_ids), "replies": len(reply_ids)}


# What agents do to conversations lives in inbox/actions.py; re-exported so callers have one place.
from .actions import (  # noqa: E402,F401
    ActionError, ReplyCollision, add_note, assign, auto_assign, change_priority, escalate, mark_viewing,
    other_viewers, reply_limit, retry_reply, send_reply, set_availability, set_status,
)
