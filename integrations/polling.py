"""Polling, the fallback where webhooks are not available: X mentions and DMs, Facebook page comments.

Every cursor only moves once what it covers is stored, so a failure re-reads rather than skips.
"""

import logging

from django.db.models.functions import Length
from django.utils import timezone

from inbox.models import ChannelAccount, Message
from inbox.services import IngestError, ingest_messages

from .errors import PermanentFailure, RetryLater
from .meta.adapter import _graph_errors, graph_for
from .meta.poller import fetch_page_comments
from .x.adapter import _x_errors
from .x.client import x_client
from .x.poller import fetch_direct_messages, fetch_mentions

logger = logging.getLogger(__name__)

POLLED_NETWORKS = ("x", "facebook")


def poll_active_accounts() -> dict:
    """Poll every active account that is neither waiting out a rate limit nor waiting for re-authentication."""
    polled = {}
    for account in ChannelAccount.objects.filter(network__in=POLLED_NETWORKS, is_active=True, needs_reauth=False):
        if account.rate_limited_until and account.rate_limited_until > timezone.now():
            continue
        if account.network == "x":
            polled[account.handle] = poll_x_mentions(account) + poll_x_direct_messages(account)
        else:
            polled[account.handle] = poll_page_comments(account)
    return polled


def poll_x_mentions(account: ChannelAccount) -> int:
    """Fetch mentions newer than the account's cursor, page by page, and ingest them. Returns how many."""
    newest, stored = account.poll_cursor or None, 0
    try:
        with _x_errors():
            for messages, page_newest in fetch_mentions(x_client(account), account.external_id, account.poll_cursor):
                stored += _ingest(messages)
                if page_newest and (newest is None or int(page_newest) > int(newest)):
                    newest = page_newest
    except (RetryLater, PermanentFailure, IngestError) as error:
        _record_failure(account, error)
        return stored
    ChannelAccount.objects.filter(pk=account.pk).update(poll_cursor=newest or "", last_polled_at=timezone.now())
    return stored


def poll_x_direct_messages(account: ChannelAccount) -> int:
    """Fetch DMs newer than the newest one already stored (from a webhook or a poll) and ingest them."""
    last = (Message.objects.filter(conversation__account=account, direction=Message.Direction.INBOUND,
                                   visibility="private", external_id__isnull=False)
            # X ids are numbers in strings: longest, then greatest, is the newest.
            .order_by(Length("external_id").desc(), "-external_id").values_list("external_id", flat=True).first())
    try:
        with _x_errors():
            messages, _ = fetch_direct_messages(x_client(account), account.external_id, last if _is_id(last) else "")
        stored = _ingest(messages)
    except (RetryLater, PermanentFailure, IngestError) as error:
        _record_failure(account, error)
        return 0
    ChannelAccount.objects.filter(pk=account.pk).update(last_polled_at=timezone.now())
    return stored


def poll_page_comments(account: ChannelAccount) -> int:
    """Fetch visitors' comments on the page's recent posts since the account's cursor and ingest them."""
    try:
        with _graph_errors():
            messages, cursor = fetch_page_comments(graph_for(account), account.external_id, account.poll_cursor)
        stored = _ingest(messages)
    except (RetryLater, PermanentFailure, IngestError) as error:
        _record_failure(account, error)
        return 0
    ChannelAccount.objects.filter(pk=account.pk).update(poll_cursor=cursor, last_polled_at=timezone.now())
    return stored


def _ingest(messages) -> int:
    return sum(result.created for result in ingest_messages(messages)) if messages else 0


def _is_id(value) -> bool:
    return bool(value) and value.isdigit()


def _record_failure(account: ChannelAccount, error: Exception) -> None:
    reason = getattr(error, "reason", str(error))
    fields = {"last_error": reason[:2000], "last_error_at": timezone.now()}
    if isinstance(error, RetryLater) and error.at:
        fields["rate_limited_until"] = error.at
    if isinstance(error, PermanentFailure) and error.needs_reauth:
        fields["needs_reauth"] = True
    ChannelAccount.objects.filter(pk=account.pk).update(**fields)
    logger.warning("Polling %s failed: %s", account, reason)
