"""Polling, the fallback where webhooks are not available: X mentions and DMs, Facebook and Instagram comments.

Beat enqueues one ``poll_account`` task per due account. Each stream keeps a ``PollCursor`` that
only moves once what it covers is stored (a failure re-reads rather than skips) and only forward
(two overlapping polls store each item once, by the database's uniqueness, and the cursor keeps
the furthest position).
"""

import logging

from django.db.models import Q
from django.utils import timezone

from helpdesk.queue import enqueue
from inbox.models import ChannelAccount
from inbox.services import IngestError, ingest_messages

from .errors import PermanentFailure, RetryLater
from .meta.adapter import _graph_errors, graph_for
from .meta.poller import fetch_media_comments, fetch_page_comments
from .models import PollCursor
from .x.adapter import _x_errors
from .x.client import x_client
from .x.poller import fetch_direct_messages, fetch_mentions

logger = logging.getLogger(__name__)

Stream = PollCursor.Stream


def due_accounts():
    """Active accounts that are neither waiting out a rate limit nor waiting for re-authentication."""
    return (ChannelAccount.objects.filter(network__in=STREAMS, is_active=True, needs_reauth=False)
            .filter(Q(rate_limited_until__isnull=True) | Q(rate_limited_until__lte=timezone.now())))


def enqueue_due_polls() -> int:
    """Enqueue one poll task per due account (the beat task's work); returns how many."""
    from .tasks import poll_account

    account_ids = list(due_accounts().values_list("pk", flat=True))
    for account_id in account_ids:
        enqueue(poll_account, account_id)
    return len(account_ids)


def poll_account(account: ChannelAccount) -> dict[str, int]:
    """Poll every stream of one account and record its health. Returns the new messages stored per stream."""
    stored, failed = {}, False
    for stream in STREAMS.get(account.network, ()):
        try:
            stored[stream] = POLLERS[stream](account)
        except (RetryLater, PermanentFailure, IngestError) as error:
            _record_failure(account, error)
            failed = True
            if isinstance(error, PermanentFailure) and error.needs_reauth:
                break
    if not failed:
        ChannelAccount.objects.filter(pk=account.pk).update(last_polled_at=timezone.now())
    return stored


def poll_x_mentions(account: ChannelAccount) -> int:
    """Mentions newer than the cursor's ``since_id``, every page, then the cursor moves to the newest."""
    since, newest, stored = PollCursor.position_of(account, Stream.MENTIONS), 0, 0
    with _x_errors():
        for messages, page_newest in fetch_mentions(x_client(account), account.external_id, since):
            stored += _ingest(messages)
            newest = max(newest, page_newest)
    PollCursor.advance(account, Stream.MENTIONS, newest)
    return stored


def poll_x_direct_messages(account: ChannelAccount) -> int:
    """DMs (``/2/dm_events``) newer than the last event polled; the account's own DMs are skipped."""
    return _poll_once(account, Stream.DIRECT_MESSAGES, _x_errors, lambda: x_client(account), fetch_direct_messages)


def poll_page_comments(account: ChannelAccount) -> int:
    """Visitors' comments on the page's recent posts since the cursor (epoch seconds)."""
    return _poll_once(account, Stream.PAGE_COMMENTS, _graph_errors, lambda: graph_for(account), fetch_page_comments)


def poll_media_comments(account: ChannelAccount) -> int:
    """Comments and replies on the Instagram account's recent media since the cursor (epoch seconds)."""
    return _poll_once(account, Stream.MEDIA_COMMENTS, _graph_errors, lambda: graph_for(account), fetch_media_comments)


def _poll_once(account: ChannelAccount, stream: str, network_errors, client, fetch) -> int:
    """Fetch what is newer than the stream's cursor in one go, store it, then move the cursor."""
    position = PollCursor.position_of(account, stream)
    with network_errors():
        messages, newest = fetch(client(), account.external_id, position)
    stored = _ingest(messages)
    PollCursor.advance(account, stream, newest)
    return stored


STREAMS = {
    "x": (Stream.MENTIONS, Stream.DIRECT_MESSAGES),
    "facebook": (Stream.PAGE_COMMENTS,),
    "instagram": (Stream.MEDIA_COMMENTS,),
}
POLLERS = {
    Stream.MENTIONS: poll_x_mentions,
    Stream.DIRECT_MESSAGES: poll_x_direct_messages,
    Stream.PAGE_COMMENTS: poll_page_comments,
    Stream.MEDIA_COMMENTS: poll_media_comments,
}


def _ingest(messages) -> int:
    return sum(result.created for result in ingest_messages(messages)) if messages else 0


def _record_failure(account: ChannelAccount, error: Exception) -> None:
    reason = getattr(error, "reason", str(error))
    fields = {"last_error": reason[:2000], "last_error_at": timezone.now()}
    if isinstance(error, RetryLater) and error.at:
        fields["rate_limited_until"] = error.at
    if isinstance(error, PermanentFailure) and error.needs_reauth:
        fields["needs_reauth"] = True
    ChannelAccount.objects.filter(pk=account.pk).update(**fields)
    logger.warning("Polling %s failed: %s", account, reason)
