"""The one interface the rest of Escucha uses to answer on a network."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PostedReply:
    external_id: str
    url: str = ""


@dataclass(frozen=True)
class ReplyTarget:
    """Where a reply goes: the message it answers (public) or the person (private)."""

    text: str
    visibility: str
    reply_to: str = ""  # the external id of the customer's message
    recipient: str = ""  # the customer's user id on the network
    thread_is_public: bool = True  # Meta: no Messenger id yet, so a private reply goes to the comment


def adapter_for(network: str):
    """The reply adapter of a network: ``post(account, target)`` and ``find_posted(account, target)``."""
    if network == "x":
        from integrations.x.adapter import XReplies

        return XReplies()
    from integrations.meta.adapter import MetaReplies

    return MetaReplies()
