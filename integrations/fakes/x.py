"""A fake X API v2: mentions timeline, tweets, DMs, with rate-limit headers and canned errors."""

import itertools
import time

from .base import Fault, FakeServer

_ids = itertools.count(1_900_000_000_000_000_000)

# What API v2 returns when a request names no ``*.fields``: anything else must be asked for.
DEFAULT_FIELDS = {"tweet": {"id", "text", "edit_history_tweet_ids"}, "user": {"id", "name", "username"},
                  "dm_event": {"id", "event_type"}}


def _only(obj: dict, kind: str, query: dict) -> dict:
    """``obj`` with the default fields of its kind plus those requested in ``<kind>.fields`` or expanded."""
    wanted = (DEFAULT_FIELDS[kind] | set(filter(None, query.get(f"{kind}.fields", "").split(",")))
              | {name.split(".")[0] for name in query.get("expansions", "").split(",") if name})
    return {key: value for key, value in obj.items() if key in wanted}


class FakeX(FakeServer):
    def __init__(self, port: int = 0, *, account_id: str = "1500"):
        super().__init__(port)
        self.account_id = account_id
        self.mentions: list[dict] = []  # v2 tweet objects, newest last
        self.users: dict[str, dict] = {}
        self.tweets: list[dict] = []  # what we posted
        self.dm_events: list[dict] = []

    def add_mention(self, *, text: str, author_id: str, username: str, followers: int = 10,
                    verified: bool = False, in_reply_to: str | None = None) -> str:
        tweet_id = str(next(_ids))
        tweet = {"id": tweet_id, "text": text, "author_id": author_id, "edit_history_tweet_ids": [tweet_id],
                 "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())}
        if in_reply_to:
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": in_reply_to}]
        with self.lock:
            self.mentions.append(tweet)
            self.users[author_id] = {"id": author_id, "username": username, "name": username.title(),
                                     "verified": verified, "public_metrics": {"followers_count": followers}}
        return tweet_id

    def add_dm(self, *, text: str, sender_id: str, username: str, followers: int = 10) -> str:
        """A customer's DM to the account, as ``GET /2/dm_events`` will list it."""
        event_id = str(next(_ids))
        with self.lock:
            self.dm_events.append(self._dm_event(event_id, text, sender_id, sender_id))
            self.users[sender_id] = {"id": sender_id, "username": username, "name": username.title(),
                                     "verified": False, "public_metrics": {"followers_count": followers}}
        return event_id

    def _dm_event(self, event_id: str, text: str, sender_id: str, other_id: str) -> dict:
        participants = sorted({self.account_id, other_id}, key=lambda i: (len(i), i))
        return {"id": event_id, "event_type": "MessageCreate", "text": text, "sender_id": sender_id,
                "dm_conversation_id": "-".join(participants), "participant_ids": participants,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())}

    def rate_limit_next(self, *, reset: int, times: int = 1, method: str | None = None, path_contains: str = "") -> None:
        """Answer the next ``times`` matching requests 429 with ``x-rate-limit-reset: reset`` (epoch seconds)."""
        self.fail_next(Fault(status=429, body={"title": "Too Many Requests", "detail": "Too Many Requests",
                                               "type": "about:blank", "status": 429},
                             headers={"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0",
                                      "x-rate-limit-reset": str(reset)},
                             times=times, method=method, path_contains=path_contains, after_recording=False))

    def _limits(self) -> dict:
        return {"x-rate-limit-limit": "300", "x-rate-limit-remaining": "299",
                "x-rate-limit-reset": str(int(time.time()) + 900)}

    def route(self, method, path, query, body):
        parts = path.strip("/").split("/")
        if method == "GET" and len(parts) == 4 and parts[:2] == ["2", "users"] and parts[3] == "mentions":
            return self._mentions(query)
        if method == "GET" and len(parts) == 4 and parts[:2] == ["2", "users"] and parts[3] == "tweets":
            with self.lock:
                data = [_only(t, "tweet", query) for t in reversed(self.tweets)][: int(query.get("max_results", 10))]
            return 200, {"data": data, "meta": {"result_count": len(data)}}, self._limits()
        if method == "POST" and path == "/2/tweets":
            return self._create_tweet(body)
        if method == "POST" and len(parts) == 5 and parts[1] == "dm_conversations" and parts[4] == "messages":
            return self._create_dm(parts[3], body)
        if method == "GET" and len(parts) == 5 and parts[1:3] == ["dm_conversations", "with"] and parts[4] == "dm_events":
            return self._dm_events(query, participant_id=parts[3])
        if method == "GET" and path == "/2/dm_events":
            return self._dm_events(query)
        return 404, {"title": "Not Found Error", "detail": f"no route {method} {path}", "status": 404}, {}

    def _mentions(self, query):
        since = int(query.get("since_id") or 0)
        size = max(5, min(100, int(query.get("max_results") or 10)))
        with self.lock:
            newest_first = [t for t in reversed(self.mentions) if int(t["id"]) > since]
        start = int(query.get("pagination_token") or 0)
        page = newest_first[start:start + size]
        if not page:
            return 200, {"meta": {"result_count": 0}}, self._limits()
        meta = {"result_count": len(page), "newest_id": page[0]["id"], "oldest_id": page[-1]["id"]}
        if start + size < len(newest_first):
            meta["next_token"] = str(start + size)
        body = {"data": [_only(t, "tweet", query) for t in page], "meta": meta}
        if "author_id" in query.get("expansions", ""):
            authors = {t["author_id"] for t in page}
            body["includes"] = {"users": [_only(u, "user", query) for i, u in self.users.items() if i in authors]}
        return 200, body, self._limits()

    def _dm_events(self, query, participant_id: str | None = None):
        """Sent and received, newest first, paged with ``pagination_token`` (``next_token``/``previous_token``);
        ``event_types`` filters, ``expansions=sender_id`` adds the senders, ``*.fields`` choose the fields."""
        size = max(1, min(100, int(query.get("max_results") or 100)))
        start = int(query.get("pagination_token") or 0)
        types = set(filter(None, query.get("event_types", "").split(",")))
        with self.lock:
            newest_first = [e for e in reversed(self.dm_events) if (not types or e["event_type"] in types)
                            and (participant_id is None or participant_id in e["participant_ids"])]
            page = newest_first[start:start + size]
            users = [self.users[s] for s in dict.fromkeys(e["sender_id"] for e in page) if s in self.users]
        meta = {"result_count": len(page)}
        if start + size < len(newest_first):
            meta["next_token"] = str(start + size)
        if start:
            meta["previous_token"] = str(max(0, start - size))
        body = {"data": [_only(e, "dm_event", query) for e in page], "meta": meta} if page else {"meta": meta}
        if users and "sender_id" in query.get("expansions", ""):
            body["includes"] = {"users": [_only(u, "user", query) for u in users]}
        return 200, body, self._limits()

    def _create_tweet(self, body):
        text = body.get("text", "")
        if not text:
            return 400, {"title": "Invalid Request", "detail": "text is required", "status": 400}, {}
        tweet_id = str(next(_ids))
        tweet = {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id], "author_id": self.account_id}
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if reply_to:
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
        with self.lock:
            self.tweets.append(tweet)
        headers = {**self._limits(), "x-user-limit-24hour-limit": "100", "x-user-limit-24hour-remaining": "99"}
        return 201, {"data": {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id]}}, headers

    def _create_dm(self, participant_id, body):
        event_id = str(next(_ids))
        event = self._dm_event(event_id, body.get("text", ""), self.account_id, participant_id)
        with self.lock:
            self.dm_events.append(event)
        return 201, {"data": {"dm_conversation_id": event["dm_conversation_id"], "dm_event_id": event_id}}, self._limits()
