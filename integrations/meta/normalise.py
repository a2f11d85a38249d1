"""Meta webhook payloads (Page feed, Messenger, Instagram comments and DMs) → InboundMessage."""

from datetime import datetime, timezone

from integrations.errors import MalformedPayload
from integrations.inbound import MAX_TEXT_LENGTH, Author, InboundMessage
from integrations.x.normalise import _json_object

NETWORK_BY_OBJECT = {"page": "facebook", "instagram": "instagram"}


def parse_webhook(body: bytes) -> list[InboundMessage]:
    """Messages of one Meta delivery. Edits, removals, likes and our own echoes are skipped."""
    payload = _json_object(body)
    network = NETWORK_BY_OBJECT.get(payload.get("object"))
    if network is None:
        return []  # an object we do not subscribe to: acknowledged and ignored
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise MalformedPayload("entry: must be a list")
    messages = []
    for index, entry in enumerate(entries):
        where = f"entry[{index}]"
        if not isinstance(entry, dict) or not entry.get("id"):
            raise MalformedPayload(f"{where}.id: missing")
        account = str(entry["id"])
        for change_index, change in enumerate(_list(entry, "changes", where)):
            message = _change(network, account, change, f"{where}.changes[{change_index}]")
            if message:
                messages.append(message)
        for event_index, event in enumerate(_list(entry, "messaging", where)):
            message = _messaging(network, account, event, f"{where}.messaging[{event_index}]")
            if message:
                messages.append(message)
    return messages


def _change(network: str, account: str, change, where: str) -> InboundMessage | None:
    if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
        raise MalformedPayload(f"{where}.value: must be an object")
    value = change["value"]
    if network == "facebook" and change.get("field") == "feed":
        if value.get("item") not in ("comment", "post", "status") or value.get("verb") != "add":
            return None
        sender = value.get("from") or {}
        if not isinstance(sender, dict) or not sender.get("id"):
            raise MalformedPayload(f"{where}.value.from.id: missing")
        if str(sender["id"]) == account:
            return None  # the page's own comment
        external_id = value.get("comment_id") if value.get("item") == "comment" else value.get("post_id")
        if not external_id:
            raise MalformedPayload(f"{where}.value.comment_id: missing")
        parent = value.get("parent_id")
        return InboundMessage(
            network="facebook", account=account, external_id=str(external_id),
            # A comment on the page's post starts a thread; a reply to a comment joins it.
            parent_external_id=str(parent) if parent and parent != value.get("post_id") else None,
            visibility="public", author=Author(external_id=str(sender["id"]), name=str(sender.get("name") or "")),
            text=str(value.get("message") or "")[:MAX_TEXT_LENGTH], created_at=_time(value.get("created_time")),
            raw=value,
        )
    if network == "instagram" and change.get("field") == "comments":
        sender = value.get("from") or {}
        if not isinstance(sender, dict) or not sender.get("id") or not value.get("id"):
            raise MalformedPayload(f"{where}.value: id and from.id are required")
        if str(sender["id"]) == account:
            return None
        parent = value.get("parent_id")
        return InboundMessage(
            network="instagram", account=account, external_id=str(value["id"]),
            parent_external_id=str(parent) if parent else None, visibility="public",
            author=Author(external_id=str(sender["id"]), handle=str(sender.get("username") or "")),
            text=str(value.get("text") or "")[:MAX_TEXT_LENGTH], created_at=_time(value.get("timestamp")), raw=value,
        )
    return None  # mentions, reactions and other fields we do not turn into messages


def _messaging(network: str, account: str, event, where: str) -> InboundMessage | None:
    if not isinstance(event, dict):
        raise MalformedPayload(f"{where}: must be an object")
    message = event.get("message")
    if not isinstance(message, dict) or message.get("is_echo"):
        return None  # deliveries, reads, postbacks and our own echoes
    sender = (event.get("sender") or {}).get("id") if isinstance(event.get("sender"), dict) else None
    if not sender or not message.get("mid"):
        raise MalformedPayload(f"{where}: sender.id and message.mid are required")
    if str(sender) == account:
        return None
    text = message.get("text") or ("[attachment]" if message.get("attachments") else "")
    return InboundMessage(
        network=network, account=account, external_id=str(message["mid"]), visibility="private",
        author=Author(external_id=str(sender)), text=str(text)[:MAX_TEXT_LENGTH],
        created_at=_time(event.get("timestamp")), raw=event,
    )


def comments_from_graph(page: dict, page_id: str) -> list[InboundMessage]:
    """One page of ``GET /{post-id}/comments`` → the visitors' comments (polling fallback); the page's own are skipped.

    Same ids and threading as the feed webhook: a comment on the post starts a thread, a reply joins its parent.
    """
    messages = []
    for comment in page.get("data") or []:
        sender = comment.get("from") if isinstance(comment.get("from"), dict) else {}
        if not comment.get("id") or not sender.get("id") or str(sender["id"]) == page_id:
            continue  # no author means the token cannot see it; nothing to answer
        parent = comment.get("parent") if isinstance(comment.get("parent"), dict) else {}
        messages.append(InboundMessage(
            network="facebook", account=page_id, external_id=str(comment["id"]),
            parent_external_id=str(parent["id"]) if parent.get("id") else None, visibility="public",
            author=Author(external_id=str(sender["id"]), name=str(sender.get("name") or "")),
            text=str(comment.get("message") or "")[:MAX_TEXT_LENGTH], created_at=_time(comment.get("created_time")),
            raw=comment,
        ))
    return messages


def instagram_comments_from_graph(comments: list, ig_user_id: str) -> list[InboundMessage]:
    """Instagram comments and replies read from ``GET /{media-id}/comments`` → messages; the account's own are skipped.

    Same ids and threading as the ``comments`` webhook: a reply joins the comment in ``parent_id``.
    """
    messages = []
    for comment in comments:
        sender = comment.get("from") if isinstance(comment, dict) and isinstance(comment.get("from"), dict) else {}
        if not sender.get("id") or not comment.get("id") or str(sender["id"]) == ig_user_id:
            continue
        parent = comment.get("parent_id")
        messages.append(InboundMessage(
            network="instagram", account=ig_user_id, external_id=str(comment["id"]),
            parent_external_id=str(parent) if parent else None, visibility="public",
            author=Author(external_id=str(sender["id"]), handle=str(sender.get("username") or comment.get("username") or "")),
            text=str(comment.get("text") or "")[:MAX_TEXT_LENGTH], created_at=_time(comment.get("timestamp")),
            raw=comment,
        ))
    return messages


def _list(entry: dict, key: str, where: str) -> list:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise MalformedPayload(f"{where}.{key}: must be a list")
    return value


def _time(value) -> datetime:
    """Meta sends epoch seconds, epoch milliseconds or ISO 8601, depending on the product."""
    if value in (None, ""):
        return datetime.now(timezone.utc)
    try:
        number = float(value)
    except (TypeError, ValueError):
        try:
            return datetime.fromisoformat(str(value).replace("Z", "+00:00").replace("+0000", "+00:00"))
        except ValueError:
            raise MalformedPayload(f"unreadable time {str(value)[:40]!r}") from None
    return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, tz=timezone.utc)
