"""SLA policies, business calendars and KPIs as the API shows them."""

from django.db import transaction
from rest_framework import serializers

from helpdesk.serializers import ModelCleanSerializer
from inbox.models import ChannelAccount

from .models import BusinessCalendar, Holiday, SlaPolicy


class SlaPolicySerializer(ModelCleanSerializer):
    """Targets in minutes per metric and priority: ``{"first_response": {"P1": 30, …}, "next_response": …,
    "resolution": …}``; escalation actions as in the admin (``notify_supervisors``, ``raise_priority``,
    ``route_to_team`` with ``team``, ``add_tag`` with ``tag``)."""

    class Meta:
        model = SlaPolicy
        fields = ["id", "key", "name", "network", "interaction_type", "business_hours_only", "targets",
                  "warning_threshold", "warning_actions", "breach_actions", "survey_scale", "is_default", "is_active",
                  "updated_at"]
        read_only_fields = ["id", "updated_at"]


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["date", "name"]


class BusinessCalendarSerializer(ModelCleanSerializer):
    """Service hours: ``weekly_hours`` like ``{"mon": [["09:00", "18:00"]], …}``, a time zone, the country's
    public holidays and the brand's own closed days. Writing ``holidays`` replaces them all."""

    holidays = HolidaySerializer(many=True, required=False)
    accounts = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=ChannelAccount.objects.all(),
                                                  help_text="Channel accounts that keep these hours.")

    class Meta:
        model = BusinessCalendar
        fields = ["id", "name", "time_zone", "weekly_hours", "country", "subdivision", "always_open", "is_default",
                  "accounts", "holidays", "updated_at"]
        read_only_fields = ["id", "updated_at"]

    def validate_holidays(self, value):
        dates = [holiday["date"] for holiday in value]
        if len(dates) != len(set(dates)):
            raise serializers.ValidationError("each date may appear once")
        return value

    @transaction.atomic
    def create(self, validated_data):
        holidays = validated_data.pop("holidays", [])
        calendar = super().create(validated_data)
        Holiday.objects.bulk_create([Holiday(calendar=calendar, **holiday) for holiday in holidays])
        return calendar

    @transaction.atomic
    def update(self, instance, validated_data):
        holidays = validated_data.pop("holidays", None)
        calendar = super().update(instance, validated_data)
        if holidays is not None:
            calendar.holidays.all().delete()
            for holiday in holidays:  # one by one, so the audit log records each
                Holiday.objects.create(calendar=calendar, **holiday)
        return calendar


# KPIs: durations in seconds, shares between 0 and 1, null when there is nothing to measure.

class _Counts(serializers.Serializer):
    expecting = serializers.IntegerField()
    answered = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class _Durations(serializers.Serializer):
    average_seconds = serializers.FloatField(allow_null=True)
    median_seconds = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()


class _Compliance(serializers.Serializer):
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    compliance = serializers.FloatField(allow_null=True)


class _AgentLoad(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    load = serializers.IntegerField(help_text="Open conversations assigned now.")
    answered = serializers.IntegerField(help_text="Replies sent in the period.")


class _SentimentDay(serializers.Serializer):
    day = serializers.DateField()
    positive = serializers.IntegerField()
    neutral = serializers.IntegerField()
    negative = serializers.IntegerField()


class _Satisfaction(serializers.Serializer):
    nps = serializers.IntegerField(allow_null=True, help_text="% promoters − % detractors (0–10 surveys).")
    nps_total = serializers.IntegerField()
    promoters = serializers.IntegerField()
    detractors = serializers.IntegerField()
    csat = serializers.FloatField(allow_null=True, help_text="Share of 4 and 5 (1–5 surveys).")
    csat_average = serializers.FloatField(allow_null=True)
    csat_total = serializers.IntegerField()
    satisfied = serializers.IntegerField()


class KpiSerializer(serializers.Serializer):
    """The supervisor dashboard's figures for one period and filters (docs/slas.md defines them)."""

    period = serializers.CharField()
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    response_rate = _Counts()
    first_response = _Durations()
    resolution = _Durations()
    sla = serializers.DictField(child=_Compliance(), help_text="Per metric: first_response, next_response, resolution.")
    backlog = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()),
                                    help_text="Open conversations now: priority → age bucket → count.")
    agents = _AgentLoad(many=True)
    networks = serializers.DictField(child=serializers.IntegerField(), help_text="Inbound messages per network.")
    sentiment = _SentimentDay(many=True)
    satisfaction = _Satisfaction()


def kpi_body(period: str, scope, summary: dict) -> dict:
    """``kpis.summary`` in the API's shape (seconds instead of timedeltas)."""

    def durations(figures):
        seconds = {key: value.total_seconds() if value is not None else None
                   for key, value in figures.items() if key in ("average", "median")}
        return {"average_seconds": seconds["average"], "median_seconds": seconds["median"], "count": figures["count"]}

    return {
        **summary, "period": period, "since": scope.since, "until": scope.until,
        "first_response": durations(summary["first_response"]), "resolution": durations(summary["resolution"]),
        "backlog": {str(priority): buckets for priority, buckets in summary["backlog"].items()},
        "agents": [{"id": row["pk"], "username": row["username"], "load": row["load"], "answered": row["answered"]}
                   for row in summary["agents"]],
    }
