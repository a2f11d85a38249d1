"""Clocks follow the conversation's timeline: ``inbox.signals.conversation_event`` → the SLA hooks."""

from django.dispatch import receiver

from inbox.models import Conversation, Message
from inbox.signals import conversation_event

from . import services

STATUS_EVENTS = {"pending", "resolved", "closed", "reopened"}
RETARGET_EVENTS = {"triaged", "retriaged", "priority_changed"}


@receiver(conversation_event, dispatch_uid="slas.clocks")
def follow_timeline(sender, conversation: Conversation, event, **kwargs):
    data = event.data or {}
    if event.kind == "replied" and data.get("message"):
        message = Message.objects.filter(pk=data["message"]).first()
        if message:
            services.on_agent_reply(message)
    elif event.kind in STATUS_EVENTS and data.get("previous") and data.get("status"):
        services.on_status_change(conversation, data["previous"], data["status"])
        if event.kind == "resolved":
            from .surveys import offer_survey

            offer_survey(conversation)
    elif event.kind in RETARGET_EVENTS:
        services.on_triaged(conversation)
