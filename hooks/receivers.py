"""Timeline events that outgoing webhooks announce."""

from django.dispatch import receiver

from helpdesk.memo import batch_memo
from inbox.signals import conversation_event, conversation_events

from .services import emit, emit_many, endpoints_for

EVENT_FOR_KIND = {
    "opened": "conversation.created",
    "priority_changed": "conversation.priority_changed",
    "resolved": "conversation.resolved",
    "sla_warning": "sla.warned",
    "sla_breach": "sla.breached",
}


def conversation_payload(conversation, event) -> dict:
    return {
        "conversation": {
            "id": conversation.pk, "status": conversation.status, "priority": conversation.priority,
            "network": conversation.account.network, "account": conversation.account.handle,
            "customer": conversation.customer.handle or conversation.customer.external_id,
            "interaction_type": conversation.interaction_type, "sentiment": conversation.sentiment,
            "sla_due_at": conversation.sla_due_at,
        },
        "change": event.data, "at": event.created_at,
    }


@receiver(conversation_event, dispatch_uid="hooks.announce")
def announce(sender, conversation, event, **kwargs):
    name = EVENT_FOR_KIND.get(event.kind)
    with batch_memo():  # emit reads the endpoints again: once is enough
        if name and endpoints_for(name):  # the payload reads the account and customer: only when someone listens
            emit(name, conversation_payload(conversation, event))


@receiver(conversation_events, dispatch_uid="hooks.announce_many")
def announce_many(sender, events, **kwargs):
    emit_many([(EVENT_FOR_KIND[event.kind], conversation_payload(event.conversation, event))
               for event in events if event.kind in EVENT_FOR_KIND])
