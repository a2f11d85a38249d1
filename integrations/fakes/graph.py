"""A fake Graph API: comment replies, Messenger / Instagram sends, reading back, and Graph errors."""

import itertools
import json
import time
from datetime import datetime

from .base import Fault, FakeServer

_ids = itertools.count(1000)


def graph_error(code: int, message: str, *, subcode: int | None = None, status: int = 400) -> tuple[int, dict]:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}
    if subcode:
        error["error_subcode"] = subcode
    return status, {"error": error}


class FakeGraph(FakeServer):
    def __init__(self, port: int = 0, *, page_id: str = "PAGE_1", ig_user_id: str = "IG_1", ig_username: str = "acme",
                 other_ig_users: tuple[str, ...] = ()):
        super().__init__(port)
        self.page_id = page_id
        self.ig_user_id = ig_user_id
        self.ig_user_ids = {ig_user_id, *other_ig_users}  # accounts whose media the fake knows (the demo has several)
        self.ig_username = ig_username
        self.media: list[dict] = []  # the Instagram account's media, newest first, as /{ig-user}/media lists them
        self.ig_comments: dict[str, dict] = {}  # Instagram comment id → comment (top-level ones carry "replies")
        self.comments: dict[str, list[dict]] = {}  # object id → comments/replies we posted on it
        self.sent: list[dict] = []  # Messenger / Instagram messages we sent
        self.posts: list[str] = []  # the page's posts, newest first, as /{page}/feed lists them

    def add_comment(self, *, post_id: str, text: str, from_id: str, from_name: str = "",
                    parent_id: str | None = None, created_time: int | None = None) -> str:
        """A visitor's comment on a page post (or a reply to a comment), as the feed will show it."""
        comment_id = f"{post_id}_{next(_ids)}"
        comment = {"id": comment_id, "message": text, "from": {"id": from_id, "name": from_name},
                   "created_time": _graph_time(created_time)}
        if parent_id:
            comment["parent"] = {"id": parent_id}
        with self.lock:
            if post_id not in self.posts:
                self.posts.insert(0, post_id)
            self.comments.setdefault(post_id, []).append(comment)
        return comment_id

    def add_ig_comment(self, *, media_id: str, text: str, from_id: str, username: str = "",
                       parent_id: str | None = None, created_time: int | None = None) -> str:
        """A comment on the Instagram account's media (or a reply to one), as the comments edge will show it."""
        comment_id = str(next(_ids) + 17_000_000_000_000_000)
        comment = {"id": comment_id, "text": text, "username": username, "from": {"id": from_id, "username": username},
                   "timestamp": _graph_time(created_time), "media": {"id": media_id}}
        with self.lock:
            if media_id and not any(m["id"] == media_id for m in self.media):
                self.media.insert(0, {"id": media_id, "timestamp": comment["timestamp"]})
            if parent_id:
                comment["parent_id"] = parent_id
                self.ig_comments[parent_id].setdefault("replies", []).append(comment)
            self.ig_comments[comment_id] = comment
        return comment_id

    def error_next(self, code: int, *, subcode: int | None = None, times: int = 1, method: str | None = None,
                   regain_access_minutes: int | None = None) -> None:
        """Answer the next ``times`` requests with a Graph error (throttling 4/17/32/613, 190 expired token, 10…).

        ``regain_access_minutes`` sets Meta's estimate in ``X-Business-Use-Case-Usage``.
        """
        status, body = graph_error(code, f"(#{code}) error injected by the fake Graph API", subcode=subcode,
                                   status=403 if code in (10, 200) else 400)
        headers = {}
        if regain_access_minutes is not None:
            headers["X-Business-Use-Case-Usage"] = json.dumps({self.page_id: [{
                "type": "pages", "call_count": 100, "total_cputime": 30, "total_time": 40,
                "estimated_time_to_regain_access": regain_access_minutes}]})
        self.fail_next(Fault(status=status, body=body, headers=headers, times=times, method=method,
                             after_recording=False))

    def route(self, method, path, query, body):
        parts = path.strip("/").split("/")
        if len(parts) < 2 or not parts[0].startswith("v"):
            return (*graph_error(2500, "Unknown path components", status=400), {})
        params = {**query, **body}
        usage = {"X-App-Usage": '{"call_count":1,"total_cputime":1,"total_time":1}'}
        if method == "POST" and parts[1:] == ["me", "messages"]:
            recipient = params.get("recipient") or {}
            if isinstance(recipient, str):
                recipient = json.loads(recipient)
            message_id = f"m_{next(_ids)}"
            with self.lock:
                if recipient.get("comment_id") and any(
                        (s["recipient"] or {}).get("comment_id") == recipient["comment_id"] for s in self.sent):
                    return (*graph_error(10900, "(#10900) Activity already replied to"), usage)
                self.sent.append({"recipient": recipient, "message": params.get("message"), "id": message_id})
            return 200, {"recipient_id": recipient.get("id", ""), "message_id": message_id}, usage
        if method == "POST" and len(parts) == 3 and parts[2] == "replies":  # Instagram only: Facebook uses /comments
            if not params.get("message"):
                return (*graph_error(100, "(#100) The parameter message is required"), {})
            with self.lock:  # a comment known only from a webhook in the tests
                parent = self.ig_comments.setdefault(parts[1], {"id": parts[1], "media": {"id": ""}})
            reply_id = self.add_ig_comment(media_id=parent["media"]["id"], text=params["message"],
                                           from_id=self.ig_user_id, username=self.ig_username, parent_id=parts[1])
            return 200, {"id": reply_id}, usage
        if method == "GET" and len(parts) == 3 and parts[1] in self.ig_user_ids and parts[2] == "media":
            with self.lock:
                media = [_only(m, params.get("fields", "id")) for m in self.media[: int(params.get("limit") or 25)]]
            return 200, {"data": media}, usage
        if method == "GET" and len(parts) == 3 and (parts[2] == "replies" or parts[2] == "comments" and any(
                m["id"] == parts[1] for m in self.media)):
            return 200, self._ig_comments(parts[1], parts[2], params), usage
        if method == "POST" and len(parts) == 3 and parts[2] in ("comments", "replies"):
            if not params.get("message"):
                return (*graph_error(100, "(#100) The parameter message is required"), {})
            comment_id = f"{parts[1]}_{next(_ids)}"
            comment = {"id": comment_id, "message": params["message"], "from": {"id": self.page_id},
                       "created_time": _graph_time()}
            with self.lock:
                self.comments.setdefault(parts[1], []).append(comment)
                # A reply to a comment also shows in its post's comments (filter=stream), with its parent.
                post = next((p for p, cs in self.comments.items() if p in self.posts and any(
                    c["id"] == parts[1] for c in cs)), None)
                if post:
                    self.comments[post].append({**comment, "parent": {"id": parts[1]}})
            return 200, {"id": comment_id}, usage
        if method == "GET" and len(parts) == 3 and parts[2] in ("comments", "replies"):
            return 200, self._comments(parts[1], params), usage
        if method == "GET" and len(parts) == 3 and parts[2] == "feed":
            with self.lock:
                data = [{"id": post_id} for post_id in self.posts[: int(params.get("limit") or 25)]]
            return 200, {"data": data}, usage
        if method == "GET" and len(parts) == 2 and parts[1] != "me":
            with self.lock:
                replied = any((s["recipient"] or {}).get("comment_id") == parts[1] for s in self.sent)
            return 200, {"id": parts[1], "can_reply_privately": not replied}, usage
        if method == "GET" and parts[1:] == ["me", "conversations"]:
            user = params.get("user_id")
            with self.lock:
                messages = [{"id": s["id"], "message": (s["message"] or {}).get("text", "") if isinstance(s["message"], dict)
                             else s["message"], "from": {"id": self.page_id}}
                            for s in reversed(self.sent) if (s["recipient"] or {}).get("id") == user]
            return 200, {"data": [{"id": f"t_{user}", "messages": {"data": messages}}]}, usage
        return (*graph_error(803, f"(#803) Some of the aliases you requested do not exist: {path}", status=404), {})

    def _comments(self, object_id: str, params: dict) -> dict:
        """Oldest first, ``since`` (epoch seconds, inclusive) and ``after`` cursors, as Graph pages them."""
        since = int(params.get("since") or 0)
        size = max(1, min(100, int(params.get("limit") or 25)))
        start = int(params.get("after") or 0)
        with self.lock:
            matching = [c for c in self.comments.get(object_id, []) if _epoch(c["created_time"]) >= since]
        page = matching[start:start + size]
        body = {"data": page}
        if start + size < len(matching):
            body["paging"] = {"cursors": {"before": str(start), "after": str(start + size)},
                              "next": f"{self.url}/{object_id}/comments?after={start + size}"}
        return body


    def _ig_comments(self, object_id: str, edge: str, params: dict) -> dict:
        """Top-level comments of a media (``comments``) or the replies of a comment (``replies``), oldest first,
        paged with ``after`` cursors, with only the requested ``fields`` (``replies{…}`` nests the replies)."""
        fields = params.get("fields", "id,text,timestamp")
        size = max(1, min(100, int(params.get("limit") or 25)))
        start = int(params.get("after") or 0)
        with self.lock:
            if edge == "comments":
                matching = [c for c in self.ig_comments.values() if c["media"]["id"] == object_id and "parent_id" not in c]
            else:
                matching = list(self.ig_comments.get(object_id, {}).get("replies", []))
            data = []
            for comment in matching[start:start + size]:
                shown = _only(comment, fields)
                if "replies" in fields and comment.get("replies"):
                    shown["replies"] = {"data": [_only(r, fields) for r in comment["replies"]]}
                data.append(shown)
        body = {"data": data}
        if start + size < len(matching):
            body["paging"] = {"cursors": {"before": str(start), "after": str(start + size)},
                              "next": f"{self.url}/{object_id}/{edge}?after={start + size}"}
        return body


def _only(obj: dict, fields: str) -> dict:
    """The top-level ``fields`` of a Graph object (``from{id,username}`` counts as ``from``); ``id`` always."""
    names, depth, name = {"id"}, 0, ""
    for char in fields + ",":
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            names.add(name.strip())
            name = ""
        elif depth == 0:
            name += char
    return {key: value for key, value in obj.items() if key in names and key != "replies"}


def _graph_time(epoch: int | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(epoch or time.time()))


def _epoch(created_time: str) -> int:
    return int(datetime.strptime(created_time, "%Y-%m-%dT%H:%M:%S%z").timestamp())
