"""``conversation_event``: sent for every timeline entry, inside the transaction that wrote it.

Receivers get ``conversation`` and ``event`` (``conversation_events``: ``events``, for bulk writes). The slas app stops or starts clocks from it, outgoing
webhooks queue their deliveries from it (use ``transaction.on_commit`` for anything external).
Auto-assignment listens here too: a freshly triaged conversation with a team and no assignee goes to
the next available agent.
"""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

conversation_event = Signal()
# Sent once, with ``events`` (a list of Event), by writers that create timeline entries in bulk (the SLA
# sweep), instead of one conversation_event each: receivers can then do their work in a few statements.
conversation_events = Signal()


@receiver(post_save, sender="inbox.Event", dispatch_uid="inbox.conversation_event")
def _announce(sender, instance, created, **kwargs):
    if created:
        conversation_event.send(sender=type(instance.conversation), conversation=instance.conversation, event=instance)


@receiver(conversation_event, dispatch_uid="inbox.auto_assign")
def _auto_assign_after_triage(sender, conversation, event, **kwargs):
    if event.kind == "triaged" and conversation.team_id and conversation.assignee_id is None:
        from .actions import auto_assign

        auto_assign(conversation)
