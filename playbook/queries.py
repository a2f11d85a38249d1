"""Reads for other apps and pages: suggested templates, department queues, template usage."""

from __future__ import annotations

from .models import ConversationTriage, Escalation, Template
from .services import template_for, template_values


def suggestions_for(conversation) -> list[dict]:
    """The templates suggested for a conversation, filled in for it (usage is counted when an agent uses one)."""
    record = ConversationTriage.objects.filter(conversation=conversation).first()
    keys = record.suggested_templates if record else []
    values = template_values(conversation)
    suggestions = []
    for key in keys:
        template = template_for(key, conversation.language)
        if template is not None:
            suggestions.append({"key": key, "title": template.title, "language": template.language,
                                "text": template.render(values)})
    return suggestions


def department_queue(department=None):
    """Escalations still open, newest first, optionally for one department."""
    queue = Escalation.objects.exclude(status=Escalation.Status.CLOSED).select_related("department", "conversation")
    return queue.filter(department=department) if department else queue


def template_usage():
    return Template.objects.order_by("-usage_count", "key", "language")
