"""Service hours as the playbook sees them: inside or outside business hours, and how to say when we open.

The slas app owns calendars; when it offers ``slas.services.is_business_time(at, account)`` and
``slas.services.service_hours_text(account, language)`` those are used. Until then the setting
``ESCUCHA_SERVICE_HOURS`` (weekdays and hours in TIME_ZONE, default Monday–Friday 09:00–18:00) decides.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

DEFAULT_HOURS = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00"}
_DAY_NAMES = {"es": ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"], "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def _slas_hook(name: str):
    try:
        return getattr(import_module("slas.services"), name, None)
    except ImportError:
        return None


def _hours() -> dict:
    return {**DEFAULT_HOURS, **getattr(settings, "ESCUCHA_SERVICE_HOURS", {})}


def inside_business_hours(at: datetime | None = None, account=None) -> bool:
    at = at or timezone.now()
    hook = _slas_hook("is_business_time")
    if hook is not None:
        return bool(hook(at, account))
    hours = _hours()
    local = at.astimezone(ZoneInfo(settings.TIME_ZONE))
    start, end = time.fromisoformat(hours["start"]), time.fromisoformat(hours["end"])
    return local.weekday() in hours["days"] and start <= local.time() < end


def service_hours_text(account=None, language: str = "es") -> str:
    """ "lun–vie 09:00–18:00 (Europe/Madrid)" """
    hook = _slas_hook("service_hours_text")
    if hook is not None:
        return str(hook(account, language))
    hours = _hours()
    names = _DAY_NAMES.get(language, _DAY_NAMES["en"])
    days = sorted(hours["days"])
    span = f"{names[days[0]]}–{names[days[-1]]}" if days == list(range(days[0], days[-1] + 1)) else \
        ", ".join(names[d] for d in days)
    return f"{span} {hours['start']}–{hours['end']} ({settings.TIME_ZONE})"


_WEEKDAYS = {
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def next_opening(at: datetime | None = None, account=None) -> datetime | None:
    """When the service next opens after ``at`` (``at`` itself when open)."""
    at = at or timezone.now()
    try:
        from slas.calendar import next_open
        from slas.services import calendar_for
    except ImportError:
        next_open = None
    if next_open is not None:
        return next_open(at, calendar_for(account))
    if inside_business_hours(at, account):
        return at
    hours = _hours()
    zone = ZoneInfo(settings.TIME_ZONE)
    local = at.astimezone(zone)
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        opening = datetime.combine(day, time.fromisoformat(hours["start"]), tzinfo=zone)
        if day.weekday() in hours["days"] and opening > local:
            return opening
    return None


def next_opening_text(at: datetime | None = None, account=None, language: str = "es") -> str:
    """ "el lunes a las 09:00" / "on Monday at 09:00", in the service's time zone."""
    opening = next_opening(at, account)
    if opening is None:
        return ""
    local = opening.astimezone(ZoneInfo(settings.TIME_ZONE))
    if language == "es":
        return f"el {_WEEKDAYS['es'][local.weekday()]} a las {local:%H:%M}"
    return f"on {_WEEKDAYS['en'][local.weekday()]} at {local:%H:%M}"
