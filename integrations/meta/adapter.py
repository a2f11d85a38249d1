"""Replies on Facebook and Instagram: comment replies, private replies and Messenger sends."""

import json
from contextlib import contextmanager
from datetime import timedelta

import requests
from django.utils import timezone

from integrations.adapters import PostedReply, ReplyTarget
from integrations.credentials import secret
from integrations.errors import PermanentFailure, RetryLater

from .graph import GraphClient, GraphError

THROTTLING = {4, 17, 32, 613, 80001}
TRANSIENT = {1, 2}
OUTSIDE_WINDOW_SUBCODE = 2018278


def graph_for(account) -> GraphClient:
    return GraphClient(secret("META_PAGE_TOKEN", account), app_secret=secret("META_APP_SECRET", account))


class MetaReplies:
    def post(self, account, target: ReplyTarget) -> PostedReply:
        graph = graph_for(account)
        with _graph_errors():
            if target.visibility == "private":
                answer = graph.post("me/messages", json={
                    "recipient": _recipient(target), "messaging_type": "RESPONSE", "message": {"text": target.text}})
                return PostedReply(external_id=str(answer["message_id"]))
            edge = "replies" if account.network == "instagram" else "comments"
            answer = graph.post(f"{target.reply_to}/{edge}", message=target.text)
        url = f"https://www.facebook.com/{answer['id']}" if account.network == "facebook" else ""
        return PostedReply(external_id=str(answer["id"]), url=url)

    def find_posted(self, account, target: ReplyTarget) -> PostedReply | None:
        graph, text_field = graph_for(account), "message"
        with _graph_errors():
            if target.visibility == "private" and not target.thread_is_public:
                threads = graph.get("me/conversations", user_id=target.recipient, fields="messages{message,from}")
                candidates = [m for t in threads.get("data", []) for m in (t.get("messages") or {}).get("data", [])]
            elif target.visibility == "private":
                # A comment takes one private reply; once sent, Meta turns can_reply_privately off.
                comment = graph.get(target.reply_to, fields="can_reply_privately")
                if comment.get("can_reply_privately") is False:
                    return PostedReply(external_id=f"{target.reply_to}:private_reply")
                return None
            elif account.network == "instagram":
                text_field = "text"  # Instagram comments carry "text", Facebook ones "message"
                candidates = graph.get(f"{target.reply_to}/replies", fields="text,from").get("data", [])
            else:
                candidates = graph.get(f"{target.reply_to}/comments", fields="message,from").get("data", [])
        for item in candidates:
            if item.get(text_field) == target.text and (item.get("from") or {}).get("id") == account.external_id:
                return PostedReply(external_id=str(item["id"]))
        return None


def _minutes_to_regain_access(usage: dict) -> int:
    """Meta's own estimate in ``X-Business-Use-Case-Usage`` (minutes), else 5; at least 1."""
    try:
        header = next((v for k, v in usage.items() if k.lower() == "x-business-use-case-usage"), "{}")
        estimates = [int(entry.get("estimated_time_to_regain_access") or 0)
                     for entries in json.loads(header).values() for entry in entries]
    except (ValueError, AttributeError, TypeError):
        estimates = []
    return max(1, max(estimates)) if any(estimates) else 5


def _recipient(target: ReplyTarget) -> dict:
    # With only a public comment, Meta's "private reply" goes to the comment's author.
    return {"comment_id": target.reply_to} if target.thread_is_public else {"id": target.recipient}


@contextmanager
def _graph_errors():
    try:
        yield
    except GraphError as error:
        raise _classify(error) from error
    except (requests.ConnectTimeout, requests.ConnectionError) as error:
        raise RetryLater(f"Meta could not be reached: {type(error).__name__}") from error
    except requests.Timeout as error:
        raise RetryLater(f"Meta did not answer in time: {type(error).__name__}", maybe_posted=True) from error


def _classify(error: GraphError) -> Exception:
    code = error.code
    if code in THROTTLING:
        return RetryLater(f"Meta is throttling this page (code {code})",
                          at=timezone.now() + timedelta(minutes=_minutes_to_regain_access(error.usage)))
    if code in TRANSIENT or (code is None and error.status >= 500):
        return RetryLater(f"Meta had a temporary problem (code {code}, HTTP {error.status})", maybe_posted=True)
    if code == 190:
        return PermanentFailure("Meta says this page's access token expired or was revoked: an admin must reconnect "
                                "the page.", needs_reauth=True)
    if code == 10 and error.subcode == OUTSIDE_WINDOW_SUBCODE:
        return PermanentFailure("Messenger only allows replies within 24 hours of the customer's last message. "
                                "Answer publicly, or wait until the customer writes again.")
    if code == 10 or (code is not None and 200 <= code <= 299):
        return PermanentFailure(f"The page is missing a permission Meta requires: {error.message}")
    if code == 551:
        return PermanentFailure("This person isn't available on Messenger right now.")
    return PermanentFailure(f"Meta refused the request: {error.message}")
