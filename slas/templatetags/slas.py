from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value):
    """0.753 → "75%"; None → "—"."""
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def duration(value: timedelta | None):
    """A compact duration: "45 min", "3 h 20 min", "2 d 4 h"; None → "—"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return _("%(m)s min") % {"m": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes} if minutes else _("%(h)s h") % {"h": hours}
    days, hours = divmod(hours, 24)
    return _("%(d)s d %(h)s h") % {"d": days, "h": hours} if hours else _("%(d)s d") % {"d": days}


@register.filter
def relative_to(when: datetime | None, now: datetime):
    """"in 12 min" or "14 min ago" relative to ``now``."""
    if when is None:
        return "—"
    if when >= now:
        return _("in %(d)s") % {"d": duration(when - now)}
    return _("%(d)s ago") % {"d": duration(now - when)}


@register.filter
def hours_minutes(minutes: int):
    return duration(timedelta(minutes=minutes))


@register.filter
def alert_title(alert) -> str:
    """The alert's headline in the reader's language (the stored title is the e-mail's)."""
    if alert.kind == "crisis":
        return _("Possible crisis on %(account)s") % {"account": alert.account} if alert.account_id else alert.title
    if alert.clock_id is None or alert.conversation_id is None:
        return alert.title
    values = {"metric": alert.clock.get_metric_display(), "conversation": alert.conversation_id}
    if alert.kind == "breach":
        return _("SLA breached: %(metric)s on #%(conversation)s") % values
    due = timezone.localtime(alert.clock.due_at).strftime("%H:%M") if alert.clock.due_at else "—"
    return _("SLA warning: %(metric)s on #%(conversation)s due %(time)s") % {**values, "time": due}
