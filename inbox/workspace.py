"""Reads behind the conversation view: the thread, the customer's 360° view, templates, clocks."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Max, Q

from .actions import other_viewers, reply_limit
from .forms import AssignForm, EscalateForm, NoteForm, ReplyForm
from .models import Conversation, Customer, Note

PREVIOUS_LIMIT = 10


def conversation_context(conversation: Conversation, user, parts=("thread", "composer", "sidebar")) -> dict:
    """Everything the conversation page (or one of its live parts) shows."""
    context = {"conversation": conversation, "limits": _limits(conversation)}
    if "thread" in parts or "composer" in parts:
        context["thread"] = list(conversation.messages.select_related("customer", "author_user"))
    if "composer" in parts:
        seen = conversation.messages.outbound().aggregate(last=Max("pk"))["last"] or 0
        context["reply_form"] = ReplyForm(initial={"visibility": conversation.visibility, "seen_reply_id": seen})
        context["templates"] = templates_for(conversation)
    if "sidebar" in parts:
        context.update(
            notes=Note.objects.filter(conversation=conversation).select_related("author").prefetch_related("mentions"),
            events=conversation.events.select_related("actor").order_by("-created_at", "-id")[:30],
            note_form=NoteForm(),
            assign_form=AssignForm(initial={"assignee": conversation.assignee_id}),
            escalate_form=EscalateForm(),
            viewers=other_viewers(conversation, user=user),
            linked_customers=linked_customers(conversation.customer),
            previous=previous_conversations(conversation),
            escalations=_escalations(conversation),
            clocks=sla_clocks(conversation),
            csat=past_csat(conversation),
            priorities=conversation._meta.get_field("priority").choices,
        )
    return context


def _limits(conversation: Conversation) -> dict:
    network = conversation.account.network
    return {"public": reply_limit(network, "public"), "private": reply_limit(network, "private")}


def linked_customers(customer: Customer) -> list[Customer]:
    """The same person on other networks (customers sharing a CustomerProfile)."""
    if customer.profile_id is None:
        return []
    return list(Customer.objects.filter(profile_id=customer.profile_id).exclude(pk=customer.pk))


def previous_conversations(conversation: Conversation):
    """The customer's other conversations, on any network when the profile links them, newest first."""
    customer = conversation.customer
    who = Q(customer=customer)
    if customer.profile_id:
        who |= Q(customer__profile_id=customer.profile_id)
    return (Conversation.objects.filter(who).exclude(pk=conversation.pk).select_related("account")
            .with_last_text().order_by("-created_at")[:PREVIOUS_LIMIT])


def templates_for(conversation: Conversation) -> list[dict]:
    """Templates filled in for this conversation: the playbook's suggestions first, then the rest."""
    try:
        from playbook.models import Template
        from playbook.queries import suggestions_for
        from playbook.services import template_values
    except ImportError:  # pragma: no cover - the playbook app is part of the project
        return []
    suggested = [{**s, "suggested": True} for s in suggestions_for(conversation)]
    keys = {s["key"] for s in suggested}
    values = template_values(conversation)
    language = conversation.language or "es"
    others = [
        {"key": t.key, "title": t.title, "language": t.language, "text": t.render(values), "suggested": False}
        for t in Template.objects.filter(is_active=True).filter(Q(language=language)).exclude(key__in=keys)
    ]
    return suggested + others


def _escalations(conversation: Conversation):
    return conversation.escalations.select_related("department").order_by("-created_at")


def sla_clocks(conversation: Conversation) -> list:
    """The conversation's SLA clocks when the slas app keeps them, else an empty list."""
    try:
        Clock = apps.get_model("slas", "SlaClock")
    except LookupError:
        return []
    return list(Clock.objects.filter(conversation=conversation).order_by("started_at", "id"))


def past_csat(conversation: Conversation) -> list:
    """CSAT answers the customer gave on earlier conversations, when the slas app records them."""
    try:
        Survey = apps.get_model("slas", "Survey")
    except LookupError:
        return []
    return list(Survey.objects.filter(conversation__customer=conversation.customer, score__isnull=False)
                .exclude(conversation=conversation).order_by("-answered_at")[:5])

