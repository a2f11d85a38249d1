import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from playbook.models import Rule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api():
    client = APIClient()
    admin = UserFactory(username="boss", role="admin")
    client.force_login(admin)
    return client


def test_a_rule_edit_through_the_api_is_recorded_with_who_and_what(admin_api):
    rule = Rule.objects.order_by("order").first()
    body = admin_api.get(f"/api/v1/rules/{rule.pk}/").json()
    body["name"] = "Complaints from influencers (edited)"
    response = admin_api.patch(f"/api/v1/rules/{rule.pk}/", body, format="json")
    assert response.status_code == 200, response.content

    entries = admin_api.get("/api/v1/audit/", {"object_type": "rule"}).json()["results"]
    latest = entries[0]
    assert latest["actor"] == "boss" and latest["action"] == "update"
    assert latest["object_id"] == str(rule.pk)
    assert latest["changes"]["name"][1] == "Complaints from influencers (edited)"


def test_a_role_change_is_recorded(admin_api):
    agent = UserFactory(username="jo", role="agent")
    agent.groups.add(Group.objects.get(name="supervisor"))

    group_changes = [e.changes_dict["groups"] for e in LogEntry.objects.get_for_object(agent)
                     if "groups" in (e.changes_dict or {})]
    assert any("supervisor" in str(change) for change in group_changes)


def test_the_audit_log_is_read_only_for_everyone(admin_api):
    assert admin_api.post("/api/v1/audit/", {}, format="json").status_code == 405
    admin = UserFactory(is_staff=True, is_superuser=True)
    from django.test import Client

    browser = Client()
    browser.force_login(admin)
    entry = LogEntry.objects.create(content_type_id=1, object_pk="1", object_repr="x", action=0)
    assert browser.get("/admin/auditlog/logentry/add/").status_code == 403
    assert browser.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
