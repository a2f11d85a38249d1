"""The one value every network's normaliser produces and the ingest service consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

NETWORKS = ("x", "facebook", "instagram")
VISIBILITIES = ("public", "private")

MAX_TEXT_LENGTH = 10_000
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class Author:
    external_id: str
    handle: str = ""
    name: str = ""
    followers: int = 0
    verified: bool = False


@dataclass(frozen=True)
class InboundMessage:
    """A customer's message as Escucha sees it, whatever network it came from.

    ``account`` is the brand account's handle (X) or page / Instagram user id (Meta).
    """

    network: str
    account: str
    external_id: str
    author: Author
    text: str
    created_at: datetime
    visibility: str = "public"
    parent_external_id: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
