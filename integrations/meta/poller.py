"""Polling fallback for Facebook pages: visitors' comments on the page's recent posts."""

from integrations.inbound import InboundMessage

from .graph import GraphClient
from .normalise import comments_from_graph

COMMENT_FIELDS = "id,message,from,created_time,parent{id}"


def fetch_page_comments(graph: GraphClient, page_id: str, cursor: str = "", *,
                        posts: int = 25) -> tuple[list[InboundMessage], str]:
    """Comments at or after ``cursor`` (epoch seconds) on the page's ``posts`` newest posts → (messages, new cursor).

    ``since`` is inclusive, so the newest comment of the last poll is read again; ingest drops it by its id.
    """
    since = int(cursor) if cursor.isdigit() else 0
    newest, messages = since, []
    for post in graph.get(f"{page_id}/feed", fields="id", limit=posts).get("data") or []:
        params = {"fields": COMMENT_FIELDS, "filter": "stream", "order": "chronological", "limit": 100}
        if since:
            params["since"] = since
        while True:
            page = graph.get(f"{post['id']}/comments", **params)
            found = comments_from_graph(page, page_id)
            messages.extend(found)
            newest = max([newest, *(int(m.created_at.timestamp()) for m in found)])
            paging = page.get("paging") or {}
            if not paging.get("next"):
                break
            params["after"] = paging["cursors"]["after"]
    return messages, str(newest) if newest else cursor
