"""Reads of the SLA app for the dashboard and the public pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from .calendar import Calendar
from .kpis import Scope
from .models import CrisisEpisode, SlaClock, SupervisorAlert

DUE_SOON = timedelta(hours=1)
LIST_LIMIT = 25


def _clocks(scope: Scope):
    return (SlaClock.objects.filter(stopped_at__isnull=True).filter(scope.conversations("conversation__"))
            .select_related("conversation__account", "conversation__customer", "conversation__assignee",
                            "conversation__team"))


def breached_clocks(scope: Scope) -> list[SlaClock]:
    """Open clocks past their promise, the longest overdue first."""
    return list(_clocks(scope).filter(state=SlaClock.State.BREACHED).order_by("due_at", "pk")[:LIST_LIMIT])


def clocks_due_soon(scope: Scope, within: timedelta = DUE_SOON) -> list[SlaClock]:
    """Running clocks due within ``within``, the soonest first (reads the running-due partial index)."""
    return list(_clocks(scope).filter(state=SlaClock.State.RUNNING, due_at__lte=scope.now + within)
                .order_by("due_at", "pk")[:LIST_LIMIT])


def open_crises(scope: Scope) -> list[CrisisEpisode]:
    episodes = CrisisEpisode.objects.filter(ended_at__isnull=True).select_related("account")
    if scope.account_ids:
        episodes = episodes.filter(account_id__in=scope.account_ids)
    if scope.network:
        episodes = episodes.filter(account__network=scope.network)
    return list(episodes)


def recent_alerts(scope: Scope, limit: int = 10) -> list[SupervisorAlert]:
    alerts = SupervisorAlert.objects.filter(created_at__gte=scope.now - timedelta(hours=24))
    if scope.account_ids:
        alerts = alerts.filter(account_id__in=scope.account_ids)
    if scope.network:
        alerts = alerts.filter(account__network=scope.network)
    if scope.team_id:
        alerts = alerts.filter(conversation__team_id=scope.team_id)
    return list(alerts.select_related("conversation", "clock", "account")[:limit])


def upcoming_closures(calendar: Calendar, today: date, days: int = 60) -> list[tuple[date, str]]:
    """Holidays (country, regional and the brand's own) in the next ``days`` days, with names when known."""
    from .calendar import country_holidays

    names = country_holidays(calendar.country, calendar.subdivision) if calendar.country else {}
    found = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        if calendar.is_holiday(day):
            found.append((day, names.get(day, "") if names else ""))
    return found


def local_now() -> datetime:
    return timezone.localtime()
