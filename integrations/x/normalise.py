"""X payloads → InboundMessage. Account Activity webhooks (v1.1 shapes) and API v2 mentions."""

import json
from datetime import datetime, timezone

from integrations.errors import MalformedPayload
from integrations.inbound import MAX_TEXT_LENGTH, Author, InboundMessage

V1_DATE = "%a %b %d %H:%M:%S %z %Y"


def parse_account_activity(body: bytes) -> list[InboundMessage]:
    """Tweets and DMs of one Account Activity delivery; our own tweets and DMs are skipped."""
    payload = _json_object(body)
    account = str(payload.get("for_user_id") or "")
    if not account:
        raise MalformedPayload("for_user_id: missing")
    messages = []
    for index, tweet in enumerate(_list(payload, "tweet_create_events")):
        message = _tweet_v1(tweet, account, f"tweet_create_events[{index}]")
        if message:
            messages.append(message)
    users = payload.get("users") if isinstance(payload.get("users"), dict) else {}
    for index, event in enumerate(_list(payload, "direct_message_events")):
        message = _direct_message(event, account, users, f"direct_message_events[{index}]")
        if message:
            messages.append(message)
    return messages


def _tweet_v1(tweet, account: str, where: str) -> InboundMessage | None:
    if not isinstance(tweet, dict):
        raise MalformedPayload(f"{where}: must be an object")
    user = tweet.get("user")
    if not isinstance(user, dict) or not user.get("id_str"):
        raise MalformedPayload(f"{where}.user.id_str: missing")
    if user["id_str"] == account:
        return None  # our own reply coming back
    tweet_id = tweet.get("id_str")
    if not tweet_id:
        raise MalformedPayload(f"{where}.id_str: missing")
    text = tweet.get("text") or ""
    if tweet.get("truncated") and isinstance(tweet.get("extended_tweet"), dict):
        text = tweet["extended_tweet"].get("full_text") or text
    try:
        created_at = datetime.strptime(tweet["created_at"], V1_DATE)
    except (KeyError, TypeError, ValueError):
        raise MalformedPayload(f"{where}.created_at: expected like 'Mon May 13 10:00:00 +0000 2024'") from None
    return InboundMessage(
        network="x", account=account, external_id=str(tweet_id),
        parent_external_id=tweet.get("in_reply_to_status_id_str") or None,
        visibility="public", author=_author_v1(user), text=str(text)[:MAX_TEXT_LENGTH], created_at=created_at,
        raw=tweet,
    )


def _author_v1(user: dict) -> Author:
    return Author(
        external_id=str(user["id_str"]), handle=str(user.get("screen_name") or ""), name=str(user.get("name") or ""),
        followers=_int(user.get("followers_count")), verified=bool(user.get("verified")),
    )


def _direct_message(event, account: str, users: dict, where: str) -> InboundMessage | None:
    if not isinstance(event, dict):
        raise MalformedPayload(f"{where}: must be an object")
    if event.get("type") != "message_create":
        return None
    create = event.get("message_create")
    if not isinstance(create, dict):
        raise MalformedPayload(f"{where}.message_create: missing")
    sender = str(create.get("sender_id") or "")
    if not sender:
        raise MalformedPayload(f"{where}.message_create.sender_id: missing")
    if sender == account:
        return None  # our own DM coming back
    data = create.get("message_data") if isinstance(create.get("message_data"), dict) else {}
    try:
        created_at = datetime.fromtimestamp(int(event["created_timestamp"]) / 1000, tz=timezone.utc)
        external_id = str(event["id"])
    except (KeyError, TypeError, ValueError):
        raise MalformedPayload(f"{where}: id and created_timestamp (epoch ms) are required") from None
    user = users.get(sender) if isinstance(users.get(sender), dict) else {}
    author = Author(
        external_id=sender, handle=str(user.get("screen_name") or ""), name=str(user.get("name") or ""),
        followers=_int(user.get("followers_count")), verified=bool(user.get("verified")),
    )
    return InboundMessage(
        network="x", account=account, external_id=external_id, visibility="private", author=author,
        text=str(data.get("text") or "")[:MAX_TEXT_LENGTH], created_at=created_at, raw=event,
    )


def mentions_from_v2(page: dict, account: str) -> list[InboundMessage]:
    """One page of ``GET /2/users/{id}/mentions`` (with author expansions) → messages."""
    users = {u.get("id"): u for u in (page.get("includes") or {}).get("users", []) if isinstance(u, dict)}
    messages = []
    for tweet in page.get("data") or []:
        author_id = str(tweet.get("author_id") or "")
        if not author_id or author_id == account:
            continue
        user = users.get(author_id, {})
        metrics = user.get("public_metrics") or {}
        replied_to = next((r.get("id") for r in tweet.get("referenced_tweets") or [] if r.get("type") == "replied_to"), None)
        created = tweet.get("created_at")
        messages.append(InboundMessage(
            network="x", account=account, external_id=str(tweet["id"]), parent_external_id=replied_to,
            visibility="public",
            author=Author(external_id=author_id, handle=str(user.get("username") or ""), name=str(user.get("name") or ""),
                          followers=_int(metrics.get("followers_count")), verified=bool(user.get("verified"))),
            text=str(tweet.get("text") or "")[:MAX_TEXT_LENGTH],
            created_at=datetime.fromisoformat(created.replace("Z", "+00:00")) if created else datetime.now(timezone.utc),
            raw=tweet,
        ))
    return messages


def dms_from_v2(page: dict, account: str) -> list[InboundMessage]:
    """One page of ``GET /2/dm_events`` (``expansions=sender_id``) → the customers' DMs; ours are skipped."""
    users = {u.get("id"): u for u in (page.get("includes") or {}).get("users", []) if isinstance(u, dict)}
    messages = []
    for event in page.get("data") or []:
        sender = str(event.get("sender_id") or "")
        if event.get("event_type") != "MessageCreate" or not sender or sender == account or not event.get("id"):
            continue
        user = users.get(sender, {})
        created = event.get("created_at")
        messages.append(InboundMessage(
            network="x", account=account, external_id=str(event["id"]), visibility="private",
            author=Author(external_id=sender, handle=str(user.get("username") or ""), name=str(user.get("name") or ""),
                          followers=_int((user.get("public_metrics") or {}).get("followers_count")),
                          verified=bool(user.get("verified"))),
            text=str(event.get("text") or "")[:MAX_TEXT_LENGTH],
            created_at=datetime.fromisoformat(created.replace("Z", "+00:00")) if created else datetime.now(timezone.utc),
            raw=event,
        ))
    return messages


def _json_object(body: bytes) -> dict:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise MalformedPayload(f"body is not valid JSON: {str(error)[:120]}") from None
    if not isinstance(payload, dict):
        raise MalformedPayload("body must be a JSON object")
    return payload


def _list(payload: dict, key: str) -> list:
    value = payload.get(key, [])
    if not isinstance(value, list):
        raise MalformedPayload(f"{key}: must be a list")
    return value


def _int(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0
