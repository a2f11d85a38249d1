"""Polling fallback for Meta: visitors' comments on a page's recent posts and on an Instagram account's media."""

from integrations.inbound import InboundMessage

from .graph import GraphClient
from .normalise import comments_from_graph, instagram_comments_from_graph

COMMENT_FIELDS = "id,message,from,created_time,parent{id}"
IG_COMMENT_FIELDS = "id,text,timestamp,username,from{id,username},parent_id"


def fetch_page_comments(graph: GraphClient, page_id: str, since: int = 0, *,
                        posts: int = 25) -> tuple[list[InboundMessage], int]:
    """Comments at or after ``since`` (epoch seconds) on the page's ``posts`` newest posts → (messages, newest time).

    ``since`` is inclusive, so the newest comment of the last poll is read again; ingest drops it by its id.
    """
    newest, messages = since, []
    for post in graph.get(f"{page_id}/feed", fields="id", limit=posts).get("data") or []:
        params = {"fields": COMMENT_FIELDS, "filter": "stream", "order": "chronological", "limit": 100}
        if since:
            params["since"] = since
        for page in _pages(graph, f"{post['id']}/comments", params):
            found = comments_from_graph(page, page_id)
            messages.extend(found)
            newest = max([newest, *(int(m.created_at.timestamp()) for m in found)])
    return messages, newest


def fetch_media_comments(graph: GraphClient, ig_user_id: str, since: int = 0, *,
                         media: int = 10) -> tuple[list[InboundMessage], int]:
    """Comments and replies at or after ``since`` on the account's ``media`` newest posts → (messages, newest time).

    The Instagram comments edge takes no ``since`` and lists top-level comments only (replies nested),
    so every comment of those posts is read and the old ones are dropped here.
    """
    newest, messages = since, []
    for item in graph.get(f"{ig_user_id}/media", fields="id,timestamp", limit=media).get("data") or []:
        params = {"fields": f"{IG_COMMENT_FIELDS},replies{{{IG_COMMENT_FIELDS}}}", "limit": 50}
        for page in _pages(graph, f"{item['id']}/comments", params):
            comments = []
            for comment in page.get("data") or []:
                comments.append(comment)
                comments.extend((comment.get("replies") or {}).get("data") or [])
            found = [m for m in instagram_comments_from_graph(comments, ig_user_id)
                     if int(m.created_at.timestamp()) >= since]
            messages.extend(found)
            newest = max([newest, *(int(m.created_at.timestamp()) for m in found)])
    messages.sort(key=lambda m: m.created_at)  # a reply is stored after what it answers
    return messages, newest


def _pages(graph: GraphClient, path: str, params: dict):
    """Every page of a Graph edge, following ``paging.cursors.after`` while there is a ``next``."""
    params = dict(params)
    while True:
        page = graph.get(path, **params)
        yield page
        paging = page.get("paging") or {}
        if not paging.get("next") or not (paging.get("cursors") or {}).get("after"):
            return
        params["after"] = paging["cursors"]["after"]
