"""Polling X: mentions since a ``since_id`` and direct messages newer than the last one stored."""

import tweepy

from integrations.inbound import InboundMessage

from .normalise import dms_from_v2, mentions_from_v2

USER_FIELDS = ["public_metrics", "username", "verified", "name"]


def fetch_mentions(client: tweepy.Client, account_id: str, since_id: str = ""):
    """Yield (messages, newest id of the page) for each page of mentions newer than ``since_id``."""
    for response in tweepy.Paginator(client.get_users_mentions, account_id, since_id=since_id or None,
                                     max_results=100, expansions=["author_id"],
                                     tweet_fields=["created_at", "referenced_tweets"], user_fields=USER_FIELDS):
        page = response.json()
        yield mentions_from_v2(page, account_id), (page.get("meta") or {}).get("newest_id")


def fetch_direct_messages(client: tweepy.Client, account_id: str,
                          after_id: str = "") -> tuple[list[InboundMessage], str]:
    """DMs to the account newer than ``after_id`` → (messages, new cursor). ``/2/dm_events`` has no since_id:
    it lists newest first, so paging stops at the first event already seen."""
    messages, newest = [], after_id
    for response in tweepy.Paginator(client.get_direct_message_events, event_types="MessageCreate",
                                     dm_event_fields=["id", "text", "sender_id", "created_at", "dm_conversation_id"],
                                     expansions=["sender_id"], user_fields=USER_FIELDS, max_results=100):
        page = response.json()
        events = page.get("data") or []
        fresh = [e for e in events if not after_id or int(e["id"]) > int(after_id)]
        if fresh and (not newest or int(fresh[0]["id"]) > int(newest)):
            newest = fresh[0]["id"]
        messages.extend(dms_from_v2({**page, "data": fresh}, account_id))
        if len(fresh) < len(events):
            break
    return messages[::-1], newest  # oldest first, so a reply is stored after what it answers
