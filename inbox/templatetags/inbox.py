"""Small display helpers of the workspace: translated labels and the SLA clock."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

register = template.Library()

INTERACTION_TYPES = {
    "question": _("Question"), "request": _("Request"), "incident": _("Incident"),
    "negative_experience": _("Negative experience"), "complaint": _("Complaint"), "crisis_risk": _("Crisis risk"),
    "brand_mention": _("Brand mention"), "sector_mention": _("Sector mention"),
    "non_urgent_query": _("Non-urgent query"), "positive_experience": _("Positive experience"),
}
SENTIMENTS = {"negative": _("Negative"), "neutral": _("Neutral"), "positive": _("Positive"), "mixed": _("Mixed")}
WARN_WITHIN = timedelta(minutes=30)


@register.filter
def interaction_label(value: str) -> str:
    return INTERACTION_TYPES.get(value, value)


@register.filter
def sentiment_label(value: str) -> str:
    return SENTIMENTS.get(value, value)


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta.total_seconds()) // 60)
    if minutes < 60:
        return ngettext("%d min", "%d min", minutes) % minutes
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return ngettext("%d day", "%d days", hours // 24) % (hours // 24)


@register.simple_tag
def sla_clock(due_at, state: str = ""):
    """A clock: time left (green, amber when under 30 minutes) or time overdue (red); all text escaped."""
    if state in ("met", "paused", "stopped", "late"):  # late: answered or resolved after the promise
        return format_html('<span class="clock clock-{}">{}</span>', state, {"met": _("Met"), "paused": _("Paused"),
                                                                              "stopped": _("Stopped"),
                                                                              "late": _("Late")}[state])
    if due_at is None:
        return format_html('<span class="clock clock-none">{}</span>', _("No clock"))
    left = due_at - timezone.now()
    if left.total_seconds() < 0 or state == "breached":
        return format_html('<time class="clock clock-breached" datetime="{}">{}</time>', due_at.isoformat(),
                           _("%(span)s overdue") % {"span": _span(left)})
    css = "clock-warn" if left <= WARN_WITHIN else "clock-ok"
    return format_html('<time class="clock {}" datetime="{}">{}</time>', css, due_at.isoformat(),
                       _("%(span)s left") % {"span": _span(left)})


EVENTS = {
    "opened": _("Opened"), "triaged": _("Triaged"), "retriaged": _("Re-triaged"), "assigned": _("Assigned"),
    "replied": _("Replied"), "note_added": _("Note"), "priority_changed": _("Priority changed"),
    "resolved": _("Resolved"), "reopened": _("Reopened"), "pending": _("Pending"), "closed": _("Closed"),
    "escalated": _("Escalated"), "reply_retried": _("Reply retried"), "reopened_by_customer": _("Customer wrote again"),
    "auto_acknowledged": _("Auto-acknowledged"), "reply_sent": _("Reply sent"), "reply_failed": _("Reply failed"),
    "survey_sent": _("Survey sent"), "sla_warned": _("SLA warning"), "sla_breached": _("SLA breached"), "sla_warning": _("SLA warning"),
    "sla_breach": _("SLA breached"),
}


@register.filter
def event_label(kind: str) -> str:
    return EVENTS.get(kind, kind.replace("_", " "))


@register.filter
def compact(number) -> str:
    """1234 → 1.2k, 1234567 → 1.2M: follower counts at a glance."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return ""
    if number < 1_000:
        return str(number)
    if number < 1_000_000:
        return f"{number / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
    return f"{number / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"


ROLE_LABELS = {"agent": _("agent"), "supervisor": _("supervisor"), "admin": _("admin")}


@register.filter
def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


# Choice labels by value, built once: ``get_FOO_display`` rebuilds the choices dict on every call,
# which adds up over fifty inbox rows refreshed every few seconds.
def _labels(choices) -> dict:
    return dict(choices)


_CHOICE_LABELS = {}


def _choice_label(kind: str, value) -> str:
    if kind not in _CHOICE_LABELS:
        from inbox.models import Conversation, Network, Priority

        _CHOICE_LABELS.update(status=_labels(Conversation.Status.choices), priority=_labels(Priority.choices),
                              network=_labels(Network.choices))
    return _CHOICE_LABELS[kind].get(value, value)


@register.filter
def status_label(value) -> str:
    return _choice_label("status", value)


@register.filter
def priority_label(value) -> str:
    return _choice_label("priority", value)


@register.filter
def network_label(value) -> str:
    return _choice_label("network", value)
