"""Supervisor KPIs, each one or two aggregate queries computed by the database (no Python loops over rows).

Every function takes a ``Scope``: a period and optional filters (accounts, network, team).
Durations come back as ``timedelta`` (None when there is nothing to measure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Aggregate, Avg, Case, Count, DurationField, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery,
    Value, When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from inbox.models import Conversation, Message

from .models import Metric, SlaClock, Survey

AGE_BUCKETS = (("<1h", timedelta(hours=1)), ("1–4h", timedelta(hours=4)), ("4–24h", timedelta(hours=24)))
OLDEST_BUCKET = ">24h"
PERIODS = {"today": None, "7d": timedelta(days=7), "30d": timedelta(days=30)}


@dataclass(frozen=True)
class Scope:
    """A period [since, until) and the dashboard's filters."""

    since: datetime
    until: datetime
    account_ids: tuple[int, ...] = ()
    network: str = ""
    team_id: int | None = None
    now: datetime = field(default_factory=timezone.now)

    @classmethod
    def for_period(cls, period: str, *, now: datetime | None = None, **filters) -> Scope:
        """"today" (since local midnight), "7d" or "30d" up to now."""
        now = now or timezone.now()
        if period not in PERIODS:
            raise ValueError(f"period: must be one of {', '.join(PERIODS)}")
        span = PERIODS[period]
        since = (timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0) if span is None
                 else now - span)
        return cls(since=since, until=now, now=now, **filters)

    def conversations(self, prefix: str = ""):
        """The filters as a Q on Conversation, or on a model reaching it through ``prefix`` ("conversation__")."""
        q = Q()
        if self.account_ids:
            q &= Q(**{f"{prefix}account_id__in": self.account_ids})
        if self.network:
            q &= Q(**{f"{prefix}account__network": self.network})
        if self.team_id:
            q &= Q(**{f"{prefix}team_id": self.team_id})
        return q


class Median(Aggregate):
    """PostgreSQL's exact median (``percentile_cont``)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _duration(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def _median(queryset, expression) -> timedelta | None:
    if connection.vendor == "postgresql":
        return queryset.aggregate(value=Median(expression))["value"]
    # Elsewhere: the middle row(s) in the database's own order.
    ordered = queryset.annotate(_value=expression).order_by("_value").values_list("_value", flat=True)
    count = ordered.count()
    if not count:
        return None
    middle = list(ordered[(count - 1) // 2: count // 2 + 1])
    return sum(middle, timedelta(0)) / len(middle)


def _first_inbound():
    return Subquery(Message.objects.filter(conversation=OuterRef("pk"), direction=Message.Direction.INBOUND)
                    .order_by("created_at").values("created_at")[:1])


def _agent_reply_after(created_at_ref: str):
    return Exists(Message.objects.filter(conversation=OuterRef("conversation"), direction=Message.Direction.OUTBOUND,
                                         author_user__isnull=False, created_at__gte=OuterRef(created_at_ref)))


def response_rate(scope: Scope) -> dict:
    """Inbound messages of conversations expecting a reply in the period, and how many an agent answered."""
    counts = (Message.objects.filter(direction=Message.Direction.INBOUND, created_at__gte=scope.since,
                                     created_at__lt=scope.until, conversation__expects_reply=True)
              .filter(scope.conversations("conversation__"))
              .aggregate(expecting=Count("pk"), answered=Count("pk", filter=_agent_reply_after("created_at"))))
    counts["rate"] = counts["answered"] / counts["expecting"] if counts["expecting"] else None
    return counts


def first_response_time(scope: Scope) -> dict:
    """Average and median time from the customer's first message to the first agent reply."""
    answered = (Conversation.objects.filter(scope.conversations(), first_response_at__isnull=False)
                .annotate(first_inbound=_first_inbound())
                .filter(first_inbound__gte=scope.since, first_inbound__lt=scope.until))
    wait = _duration("first_response_at", "first_inbound")
    return {"average": answered.aggregate(value=Avg(wait))["value"], "median": _median(answered, wait),
            "count": answered.count()}


def resolution_time(scope: Scope) -> dict:
    """Average and median time from the first message to resolution, for conversations resolved in the period."""
    resolved = (Conversation.objects.filter(scope.conversations(), resolved_at__gte=scope.since,
                                            resolved_at__lt=scope.until)
                .annotate(first_inbound=_first_inbound()).filter(first_inbound__isnull=False))
    spent = _duration("resolved_at", "first_inbound")
    return {"average": resolved.aggregate(value=Avg(spent))["value"], "median": _median(resolved, spent),
            "count": resolved.count()}


def sla_compliance(scope: Scope) -> dict[str, dict]:
    """Per metric: clocks decided in the period (met, or breached), and the share met."""
    State = SlaClock.State
    decided = Q(state=State.MET, stopped_at__gte=scope.since, stopped_at__lt=scope.until) | Q(
        state=State.BREACHED, breached_at__gte=scope.since, breached_at__lt=scope.until)
    rows = (SlaClock.objects.filter(decided).filter(scope.conversations("conversation__"))
            .values("metric").annotate(met=Count("pk", filter=Q(state=State.MET)),
                                       breached=Count("pk", filter=Q(state=State.BREACHED))).order_by())
    result = {metric: {"met": 0, "breached": 0, "compliance": None} for metric in Metric.values}
    for row in rows:
        total = row["met"] + row["breached"]
        result[row["metric"]] = {"met": row["met"], "breached": row["breached"],
                                 "compliance": row["met"] / total if total else None}
    return result


def backlog(scope: Scope) -> dict:
    """Open conversations now, by priority and by age bucket: {priority: {bucket: count}}."""
    whens = [When(created_at__gt=scope.now - age, then=Value(label)) for label, age in AGE_BUCKETS]
    rows = (Conversation.objects.active().filter(scope.conversations())
            .annotate(age=Case(*whens, default=Value(OLDEST_BUCKET)))
            .values("priority", "age").annotate(count=Count("pk")).order_by())
    labels = [label for label, _ in AGE_BUCKETS] + [OLDEST_BUCKET]
    table = {priority: dict.fromkeys(labels, 0) for priority in (1, 2, 3, 4)}
    for row in rows:
        table[row["priority"]][row["age"]] = row["count"]
    return table


def agents(scope: Scope) -> list[dict]:
    """Per agent: open conversations assigned now (load) and replies sent in the period (answered)."""
    load = Coalesce(Subquery(Conversation.objects.active().filter(assignee=OuterRef("pk")).filter(scope.conversations())
                    .values("assignee").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0)
    answered = Coalesce(Subquery(Message.objects.filter(author_user=OuterRef("pk"), direction=Message.Direction.OUTBOUND,
                                               created_at__gte=scope.since, created_at__lt=scope.until)
                        .filter(scope.conversations("conversation__"))
                        .values("author_user").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0)
    rows = (get_user_model().objects.filter(is_active=True)
            .annotate(load=load, answered=answered)
            .filter(Q(load__gt=0) | Q(answered__gt=0))
            .order_by("-load", "-answered", "username").values("pk", "username", "load", "answered"))
    return list(rows)


def network_volume(scope: Scope) -> dict[str, int]:
    """Inbound messages in the period per network."""
    rows = (Message.objects.filter(direction=Message.Direction.INBOUND, created_at__gte=scope.since,
                                   created_at__lt=scope.until).filter(scope.conversations("conversation__"))
            .values("network").annotate(count=Count("pk")).order_by("network"))
    return {row["network"]: row["count"] for row in rows}


def sentiment_over_time(scope: Scope) -> list[dict]:
    """Per local day: inbound messages by their conversation's sentiment."""
    rows = (Message.objects.filter(direction=Message.Direction.INBOUND, created_at__gte=scope.since,
                                   created_at__lt=scope.until).filter(scope.conversations("conversation__"))
            .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
            .values("day").annotate(
                positive=Count("pk", filter=Q(conversation__sentiment="positive")),
                neutral=Count("pk", filter=~Q(conversation__sentiment__in=("positive", "negative"))),
                negative=Count("pk", filter=Q(conversation__sentiment="negative")),
            ).order_by("day"))
    return list(rows)


def satisfaction(scope: Scope) -> dict:
    """Social NPS (0–10 surveys: % promoters − % detractors) and CSAT (1–5 surveys: share of 4 and 5)."""
    answered = Survey.objects.filter(answered_at__gte=scope.since, answered_at__lt=scope.until,
                                     score__isnull=False).filter(scope.conversations("conversation__"))
    counts = answered.aggregate(
        nps_total=Count("pk", filter=Q(scale=Survey.Scale.NPS)),
        promoters=Count("pk", filter=Q(scale=Survey.Scale.NPS, score__gte=9)),
        detractors=Count("pk", filter=Q(scale=Survey.Scale.NPS, score__lte=6)),
        csat_total=Count("pk", filter=Q(scale=Survey.Scale.CSAT)),
        satisfied=Count("pk", filter=Q(scale=Survey.Scale.CSAT, score__gte=4)),
        csat_average=Avg("score", filter=Q(scale=Survey.Scale.CSAT)),
    )
    nps_total, csat_total = counts["nps_total"], counts["csat_total"]
    counts["nps"] = (round(100 * (counts["promoters"] - counts["detractors"]) / nps_total) if nps_total else None)
    counts["csat"] = counts["satisfied"] / csat_total if csat_total else None
    return counts


def summary(scope: Scope) -> dict:
    """Every KPI for one scope (what the dashboard and the CSV export show)."""
    return {
        "response_rate": response_rate(scope),
        "first_response": first_response_time(scope),
        "resolution": resolution_time(scope),
        "sla": sla_compliance(scope),
        "backlog": backlog(scope),
        "agents": agents(scope),
        "networks": network_volume(scope),
        "sentiment": sentiment_over_time(scope),
        "satisfaction": satisfaction(scope),
    }
