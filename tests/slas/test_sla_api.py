"""SLA policies, calendars and KPIs through the API."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from rest_framework.test import APIClient

from slas.models import BusinessCalendar, SlaPolicy
from tests.factories import ChannelAccountFactory, ConversationFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db

TARGETS = {metric: {"P1": 10, "P2": 20, "P3": 30, "P4": 40} for metric in ("first_response", "next_response", "resolution")}


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_agents_read_policies_and_calendars_but_only_supervisors_change_them(sla_defaults, agent, supervisor):
    standard = SlaPolicy.objects.get(key="standard")
    listed = api(agent).get("/api/v1/sla/policies/").json()["results"]
    assert {p["key"] for p in listed} >= {"standard", "crisis"}
    assert api(agent).patch(f"/api/v1/sla/policies/{standard.pk}/", {"warning_threshold": 60},
                            format="json").status_code == 403
    assert api(agent).get("/api/v1/sla/calendars/").json()["results"][0]["time_zone"] == "Europe/Madrid"

    changed = api(supervisor).patch(f"/api/v1/sla/policies/{standard.pk}/", {"warning_threshold": 60}, format="json")
    assert changed.status_code == 200 and changed.json()["warning_threshold"] == 60
    entry = LogEntry.objects.get_for_object(standard).latest("timestamp")
    assert entry.actor == supervisor and entry.changes_dict["warning_threshold"] == [75, 60]


def test_a_policy_with_missing_targets_or_bad_actions_is_refused_naming_the_field(sla_defaults, supervisor):
    client = api(supervisor)
    body = {"key": "vip", "name": "VIP", "targets": {"first_response": TARGETS["first_response"]}}
    missing = client.post("/api/v1/sla/policies/", body, format="json")
    assert missing.status_code == 400 and "next_response is missing" in missing.json()["targets"][0]
    bad_action = client.post("/api/v1/sla/policies/", {**body, "targets": TARGETS,
                                                       "breach_actions": [{"type": "add_tag"}]}, format="json")
    assert bad_action.status_code == 400 and "add_tag needs tag" in bad_action.json()["breach_actions"][0]
    second_default = client.post("/api/v1/sla/policies/", {**body, "targets": TARGETS, "is_default": True},
                                 format="json")
    assert second_default.status_code == 400 and set(second_default.json()) == {"is_default"}
    assert not SlaPolicy.objects.filter(key="vip").exists()
    created = client.post("/api/v1/sla/policies/", {**body, "targets": TARGETS, "warning_threshold": 50}, format="json")
    assert created.status_code == 201, created.content
    assert SlaPolicy.objects.get(key="vip").target("resolution", 4) == timedelta(minutes=40)


def test_a_calendar_is_created_with_holidays_and_accounts_and_bad_hours_name_the_field(sla_defaults, supervisor):
    client = api(supervisor)
    account = ChannelAccountFactory()
    body = {"name": "Canarias", "time_zone": "Atlantic/Canary", "weekly_hours": {"mon": [["08:00", "15:00"]]},
            "country": "ES", "subdivision": "CN", "accounts": [account.pk],
            "holidays": [{"date": "2026-12-24", "name": "Nochebuena"}]}
    bad = client.post("/api/v1/sla/calendars/", {**body, "weekly_hours": {"mon": [["15:00", "08:00"]]}}, format="json")
    assert bad.status_code == 400 and "ends before it starts" in bad.json()["weekly_hours"][0]
    twice = client.post("/api/v1/sla/calendars/", {**body, "holidays": body["holidays"] * 2}, format="json")
    assert twice.status_code == 400 and set(twice.json()) == {"holidays"}

    created = client.post("/api/v1/sla/calendars/", body, format="json")
    assert created.status_code == 201, created.content
    calendar = BusinessCalendar.objects.get(name="Canarias")
    assert list(calendar.accounts.all()) == [account]
    assert [str(h.date) for h in calendar.holidays.all()] == ["2026-12-24"]

    replaced = client.patch(f"/api/v1/sla/calendars/{calendar.pk}/", {"holidays": []}, format="json")
    assert replaced.status_code == 200 and replaced.json()["holidays"] == []
    assert client.delete(f"/api/v1/sla/calendars/{calendar.pk}/").status_code == 204


def test_kpis_give_the_dashboards_figures_for_a_period_and_filters(sla_defaults, agent, supervisor):
    brand = ChannelAccountFactory(network="instagram")
    conversation = ConversationFactory(account=brand, assignee=agent, sentiment="negative")
    asked = timezone.now() - timedelta(hours=2)
    MessageFactory(conversation=conversation, created_at=asked)
    MessageFactory(conversation=conversation, direction="out", author_user=agent, created_at=asked + timedelta(minutes=30))
    conversation.first_response_at = asked + timedelta(minutes=30)
    conversation.save()

    client = api(supervisor)
    body = client.get("/api/v1/sla/kpis/", {"period": "7d", "network": "instagram"}).json()
    assert body["period"] == "7d"
    assert body["first_response"] == {"average_seconds": 1800.0, "median_seconds": 1800.0, "count": 1}
    assert body["networks"] == {"instagram": 1}
    assert body["agents"] == [{"id": agent.pk, "username": agent.username, "load": 1, "answered": 1}]
    assert sum(body["backlog"][str(conversation.priority)].values()) == 1
    elsewhere = client.get("/api/v1/sla/kpis/", {"period": "7d", "network": "facebook"}).json()
    assert elsewhere["networks"] == {} and elsewhere["first_response"]["count"] == 0

    refused = client.get("/api/v1/sla/kpis/", {"period": "1y"})
    assert refused.status_code == 400 and set(refused.json()) == {"period"}
    assert api(agent).get("/api/v1/sla/kpis/").status_code == 403
