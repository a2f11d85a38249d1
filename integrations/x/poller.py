"""Polling X: mentions since a ``since_id``, and direct messages newer than the last one polled."""

import tweepy

from integrations.inbound import InboundMessage

from .normalise import dms_from_v2, mentions_from_v2

USER_FIELDS = ["public_metrics", "username", "verified", "name"]
DM_EVENT_FIELDS = ["id", "event_type", "text", "sender_id", "created_at", "dm_conversation_id"]


def fetch_mentions(client: tweepy.Client, account_id: str, since_id: int = 0):
    """Yield (messages, newest id of the page) for each page of mentions newer than ``since_id``."""
    for response in tweepy.Paginator(client.get_users_mentions, account_id, since_id=since_id or None,
                                     max_results=100, expansions=["author_id"],
                                     tweet_fields=["created_at", "referenced_tweets"], user_fields=USER_FIELDS):
        page = response.json()
        yield mentions_from_v2(page, account_id), _number((page.get("meta") or {}).get("newest_id"))


def fetch_direct_messages(client: tweepy.Client, account_id: str, after_id: int = 0) -> tuple[list[InboundMessage], int]:
    """The customers' DMs newer than event ``after_id`` → (messages oldest first, newest event id seen).

    ``/2/dm_events`` (sent and received, last 30 days) has no ``since_id``: it lists newest first, so
    paging stops at the first event already covered. The newest id counts our own DMs too.
    """
    messages, newest = [], after_id
    for response in tweepy.Paginator(client.get_direct_message_events, event_types="MessageCreate",
                                     dm_event_fields=DM_EVENT_FIELDS, expansions=["sender_id"],
                                     user_fields=USER_FIELDS, max_results=100):
        page = response.json()
        events = page.get("data") or []
        fresh = [event for event in events if _number(event.get("id")) > after_id]
        newest = max([newest, *(_number(event.get("id")) for event in fresh)])
        messages.extend(dms_from_v2({**page, "data": fresh}, account_id))
        if len(fresh) < len(events):
            break
    return messages[::-1], newest  # oldest first, so a message is stored after what it answers


def _number(value) -> int:
    """X ids are decimal strings; anything else counts as no id."""
    return int(value) if isinstance(value, str) and value.isdigit() else 0
